// Code-list rules: a field's value must be in its code list for the rule set
// (data/spec/ssda903/codelists.csv). Some rules also flag a blank field.
#include "returns/ssda903/rules/helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

struct CodeRule {
  const char* code;
  const char* table;
  const char* field;
  bool blank_is_error;  // the rule's message says "or has not been entered", or its vectors flag blanks
};

constexpr CodeRule kCodeRules[] = {
    {"101", "Header", "SEX", true},
    {"103", "Header", "ETHNIC", true},
    {"114", "AD1", "FOSTER_CARE", false},
    {"120", "PlacedAdoption", "REASON_PLACED_CEASED", false},
    {"131", "OC3", "IN_TOUCH", true},
    {"132", "OC3", "ACTIV", true},
    {"133", "OC3", "ACCOM", true},
    {"143", "Episodes", "RNE", false},
    {"144", "Episodes", "LS", false},
    {"145", "Episodes", "CIN", false},
    {"146", "Episodes", "PLACE", false},
    {"149", "Episodes", "REC", false},
    {"175", "AD1", "NB_ADOPTR", false},
    {"176", "AD1", "SEX_ADOPTR", false},
    {"177", "AD1", "LS_ADOPTR", false},
    {"196", "OC2", "SDQ_REASON", false},
    {"631", "PrevPerm", "PREV_PERM", false},
    {"633", "PrevPerm", "LA_PERM", false},
    {"1006", "Missing", "MISSING", false},
    {"1009", "Episodes", "REASON_PLACE_CHANGE", false},
};

void check_codes(const CodeRule& rule, const RuleInput& in, Flags& out) {
  const Table* t = with_columns(in, rule.table, {rule.field});
  if (!t) return;
  out.checked(*t);
  const Column& c = col(*t, rule.field);
  for (std::size_t i = 0; i < t->rows(); ++i) {
    if (c.null(i) ? rule.blank_is_error : !in.valid_code(rule.field, c[i])) out.add(*t, i);
  }
}

[[maybe_unused]] const bool kRegistered = [] {
  for (const CodeRule& rule : kCodeRules)
    register_rule({rule.code, kBothRuleSets, [&rule](const RuleInput& in, Flags& out) { check_codes(rule, in, out); }});
  return true;
}();

}  // namespace
}  // namespace kith::returns::ssda903::rules
