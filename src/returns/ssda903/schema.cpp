#include "returns/ssda903/schema.h"

namespace kith::returns::ssda903 {

const std::vector<TableSchema>& table_schemas() {
  // Generated from shared/spec/ssda903/columns.csv (kind = file).
  static const std::vector<TableSchema> kSchemas = {
      {"Header", 2017, {"CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"}},
      {"Episodes", 2017, {"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"}},
      {"Reviews", 2017, {"CHILD", "DOB", "REVIEW", "REVIEW_CODE"}},
      {"UASC", 2017, {"CHILD", "SEX", "DOB", "DUC"}},
      {"OC2", 2017, {"CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"}},
      {"OC3", 2017, {"CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"}},
      {"AD1", 2017, {"CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"}},
      {"PlacedAdoption", 2017, {"CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"}},
      {"PrevPerm", 2017, {"CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"}},
      {"Missing", 2017, {"CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"}},
      {"SWEpisodes", 2024, {"CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"}},
      {"DoLo", 2027, {"CHILD", "DOB", "DOLO_START", "DOLO_END"}},
  };
  return kSchemas;
}

const TableSchema* find_schema(std::string_view table) {
  for (const TableSchema& s : table_schemas())
    if (s.name == table) return &s;
  return nullptr;
}

}  // namespace kith::returns::ssda903
