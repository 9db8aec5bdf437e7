#include "returns/ssda903/xml_writer.h"

#include <map>
#include <optional>
#include <set>

#include "returns/ssda903/xml_reader.h"

namespace kith::returns::ssda903 {
namespace {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string where(const Table& t, std::size_t row) { return t.name() + " data row " + std::to_string(row + 1); }

// The XML text, indented two spaces per level.
class Writer {
 public:
  void open(std::string_view name) { line("<" + std::string(name) + ">"), ++depth_; }
  void close(std::string_view name) { --depth_, line("</" + std::string(name) + ">"); }
  // An element the XSD requires: written even when blank.
  void required(std::string_view name, std::string_view value) {
    line("<" + std::string(name) + ">" + escape(value) + "</" + std::string(name) + ">");
  }
  // An optional element: left out when blank (read back as null either way).
  void optional(std::string_view name, std::string_view value) {
    if (!value.empty()) required(name, value);
  }
  std::string take() { return std::move(out_); }

 private:
  void line(const std::string& s) { out_.append(2 * depth_, ' ').append(s).append("\n"); }
  std::string out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  int depth_ = 0;
};

// One table's rows by child, with the checks the XML form needs.
class ChildRowsOf {
 public:
  ChildRowsOf(const Return903& r, std::string_view name) : table_(r.table(name)) {}

  const Table* table() const { return table_; }
  const std::vector<std::size_t>& of(std::string_view child) const {
    static const std::vector<std::size_t> kNone;
    if (!table_) return kNone;
    auto it = table_->rows_by_child().find(child);
    return it == table_->rows_by_child().end() ? kNone : it->second;
  }
  std::string_view cell(std::size_t row, std::string_view column) const {
    const Column* c = table_->column(column);
    return c ? (*c)[row] : std::string_view{};
  }

 private:
  const Table* table_;
};

class ReturnWriter {
 public:
  explicit ReturnWriter(const Return903& r) : r_(r) {
    for (std::string_view name : xml_tables()) tables_.emplace(name, ChildRowsOf(r, name));
  }

  Result<Xml903> write() {
    const Table* header = r_.table("Header");
    if (!header || !header->column("CHILD")) return Status::invalid("the return has no Header table: the XML form is written child by child from it");
    KITH_RETURN_IF_ERROR(check_children(*header));
    Xml903 out;
    w_.open("EXPSSDA903");
    for (std::size_t row = 0; row < header->rows(); ++row) KITH_RETURN_IF_ERROR(child(*header, row));
    w_.close("EXPSSDA903");
    out.xml = w_.take();
    out.children = header->rows();
    for (const char* name : {"SWEpisodes", "DoLo"})
      if (const Table* t = r_.table(name); t && t->rows() > 0)
        out.left_out.push_back(std::string(name) + ": " + std::to_string(t->rows()) + " rows (no element in the 2021 XML form)");
    return out;
  }

 private:
  // Every child of every table has exactly one Header row.
  Status check_children(const Table& header) {
    std::set<std::string_view> seen;
    const Column& ids = *header.column("CHILD");
    for (std::size_t row = 0; row < header.rows(); ++row)
      if (!seen.insert(ids[row]).second)
        return Status::invalid(where(header, row) + ": child '" + std::string(ids[row]) + "' is in the Header twice; the XML form has one CHILD each");
    for (const auto& [name, rows] : tables_) {
      const Table* t = rows.table();
      const Column* c = t ? t->column("CHILD") : nullptr;
      for (std::size_t row = 0; c && row < t->rows(); ++row)
        if (!seen.count((*c)[row]))
          return Status::invalid(where(*t, row) + ": child '" + std::string((*c)[row]) + "' is not in the Header; the XML form holds a child's rows in its HEADER");
    }
    return Status::ok();
  }

  // The child's single row of a table the HEADER holds once (nullopt when none).
  Result<std::optional<std::size_t>> single(std::string_view table, std::string_view child) {
    const auto& rows = tables_.at(table).of(child);
    if (rows.empty()) return std::optional<std::size_t>();
    if (rows.size() > 1)
      return Status::invalid(where(*tables_.at(table).table(), rows[1]) + ": a second " + std::string(table) + " row for child '" + std::string(child) +
                             "'; the XML form holds one");
    return std::optional<std::size_t>(rows[0]);
  }

  // A row's DOB (and SEX) must be the Header's: the XML form holds them once, in the HEADER.
  Status same_as_header(std::string_view table, std::size_t row, std::string_view dob, std::string_view sex) {
    const ChildRowsOf& t = tables_.at(table);
    if (t.table()->column("DOB") && t.cell(row, "DOB") != dob)
      return Status::invalid(where(*t.table(), row) + ": DOB differs from the Header's; the XML form holds one DOB per child");
    if (t.table()->column("SEX") && t.cell(row, "SEX") != sex)
      return Status::invalid(where(*t.table(), row) + ": SEX differs from the Header's; the XML form holds one SEX per child");
    return Status::ok();
  }

  Status child(const Table& header, std::size_t h) {
    auto cell = [&](std::string_view column) { return (*header.column(column))[h]; };
    std::string_view id = cell("CHILD"), dob = cell("DOB"), sex = cell("SEX");
    for (const auto& [name, rows] : tables_)
      if (name != "Header")
        for (std::size_t row : rows.of(id)) KITH_RETURN_IF_ERROR(same_as_header(name, row, dob, sex));
    auto uasc = single("UASC", id), ad1 = single("AD1", id), oc3 = single("OC3", id), perm = single("PrevPerm", id), oc2 = single("OC2", id);
    for (const auto* r : {&uasc, &ad1, &oc3, &perm, &oc2})
      if (!*r) return r->status();
    w_.open("CHILD");
    w_.open("HEADER");
    w_.required("CHILDID", id);
    w_.required("UPN", cell("UPN"));
    w_.required("SEX", sex);
    w_.required("DOB", dob);
    w_.required("ETHNIC", cell("ETHNIC"));
    w_.required("UASC", *uasc ? "1" : "0");
    if (*uasc) w_.optional("DUC", tables_.at("UASC").cell(**uasc, "DUC"));
    KITH_RETURN_IF_ERROR(fields("AD1", *ad1, {"DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"}));
    KITH_RETURN_IF_ERROR(fields("OC3", *oc3, {"IN_TOUCH", "ACTIV", "ACCOM"}));
    repeated("Missing", "AMISSING", id, {{"MISSING", true}, {"MIS_START", true}, {"MIS_END", false}});
    repeated("Reviews", "AREVIEW", id, {{"REVIEW", true}, {"REVIEW_CODE", true}});
    w_.optional("MOTHER", cell("MOTHER"));
    w_.optional("MC_DOB", cell("MC_DOB"));
    if (*perm) block("PrevPerm", "PERMANENCE", **perm, {{"PREV_PERM", false}, {"LA_PERM", false}, {"DATE_PERM", false}});
    if (*oc2)
      block("OC2", "OC2", **oc2,
            {{"SDQ_SCORE", false}, {"SDQ_REASON", false}, {"CONVICTED", false}, {"HEALTH_CHECK", false}, {"IMMUNISATIONS", false},
             {"TEETH_CHECK", false}, {"HEALTH_ASSESSMENT", false}, {"SUBSTANCE_MISUSE", false}, {"INTERVENTION_RECEIVED", false},
             {"INTERVENTION_OFFERED", false}});
    repeated("PlacedAdoption", "AD_PLACED", id, {{"DATE_PLACED", true}, {"DATE_PLACED_CEASED", false}, {"REASON_PLACED_CEASED", false}});
    w_.close("HEADER");
    // PL is the column PLACE; DEC and REC are required elements, blank while the episode is open.
    repeated("Episodes", "EPISODE", id,
             {{"DECOM", true}, {"RNE", true}, {"LS", true}, {"CIN", true}, {"PLACE", true}, {"PL_POST", false}, {"HOME_POST", false},
              {"URN", false}, {"PLACE_PROVIDER", false}, {"DEC", true}, {"REC", true}, {"REASON_PLACE_CHANGE", false}});
    w_.close("CHILD");
    return Status::ok();
  }

  struct Field {
    std::string_view column;
    bool required;
  };

  void element(const ChildRowsOf& t, std::size_t row, const Field& f) {
    std::string_view name = f.column == "PLACE" ? "PL" : f.column;
    if (f.required) w_.required(name, t.cell(row, f.column));
    else w_.optional(name, t.cell(row, f.column));
  }

  // Fields of a table that sit directly in the HEADER (AD1, OC3); a row with none would be lost.
  Status fields(std::string_view table, std::optional<std::size_t> row, std::initializer_list<std::string_view> columns) {
    if (!row) return Status::ok();
    const ChildRowsOf& t = tables_.at(table);
    bool any = false;
    for (std::string_view c : columns) any = any || !t.cell(*row, c).empty();
    if (!any) return Status::invalid(where(*t.table(), *row) + ": every field is blank; the XML form cannot carry an empty " + std::string(table) + " row");
    for (std::string_view c : columns) w_.optional(c, t.cell(*row, c));
    return Status::ok();
  }

  void block(std::string_view table, std::string_view element_name, std::size_t row, std::initializer_list<Field> fields) {
    const ChildRowsOf& t = tables_.at(table);
    w_.open(element_name);
    for (const Field& f : fields) element(t, row, f);
    w_.close(element_name);
  }

  void repeated(std::string_view table, std::string_view element_name, std::string_view child, std::initializer_list<Field> fields) {
    for (std::size_t row : tables_.at(table).of(child)) block(table, element_name, row, fields);
  }

  const Return903& r_;
  std::map<std::string_view, ChildRowsOf> tables_;
  Writer w_;
};

}  // namespace

Result<Xml903> to_xml(const Return903& r) { return ReturnWriter(r).write(); }

}  // namespace kith::returns::ssda903
