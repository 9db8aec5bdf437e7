#include "returns/ssda903/xml_reader.h"

#include <libxml/tree.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "returns/ssda903/schema.h"
#include "returns/untrusted_xml.h"

namespace kith::returns::ssda903 {
namespace {

const std::string kKind = "SSDA903";

// The leaf elements of one XML element by name (the first of each name), upper-cased as the CSV reader does.
using Fields = std::map<std::string, std::string, std::less<>>;

bool is(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

std::string text_of(const xmlNode* node) {
  std::string s;
  if (const xmlNode* c = node->children; c && !c->next && c->type == XML_TEXT_NODE) {
    s = reinterpret_cast<const char*>(c->content);  // the usual case: one text node, no copy by libxml2
  } else if (c) {
    xmlChar* text = xmlNodeGetContent(node);
    s = text ? reinterpret_cast<const char*>(text) : "";
    xmlFree(text);
  }
  return upper(s);
}

Fields fields_of(const xmlNode* parent) {
  Fields out;
  for (const xmlNode* n = parent ? parent->children : nullptr; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE) out.emplace(reinterpret_cast<const char*>(n->name), text_of(n));
  return out;
}

std::string_view get(const Fields& f, std::string_view name) {
  auto it = f.find(name);
  return it == f.end() ? std::string_view{} : std::string_view(it->second);
}

bool any_of(const Fields& f, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names)
    if (!get(f, n).empty()) return true;
  return false;
}

// The tables of one file, with the columns of the CSV form, filled child by child.
class Tables {
 public:
  Tables(Return903& into, const std::string& suffix) {
    for (std::string_view name : xml_tables()) {
      Table& t = into.add_table(std::string(name) + suffix);
      for (std::string_view c : find_schema(name)->columns) t.add_column(std::string(c));
      // HEADER/UASC as the LA entered it (rules 105, 205A-D read it so from XML); from CSV
      // the derived fields compute it from the UASC table instead.
      if (name == "Header") t.add_column("UASC");
      tables_.emplace(name, &t);
    }
  }

  // One <CHILD>: its HEADER's tables, then one Episodes row per EPISODE.
  void child(const xmlNode* c) {
    const xmlNode* header = nullptr;
    for (const xmlNode* n = c->children; n && !header; n = n->next)
      if (is(n, "HEADER")) header = n;
    Fields h = fields_of(header);
    const xmlNode* at = header ? header : c;
    row("Header", h, h, at);
    if (get(h, "UASC") == "1" || !get(h, "DUC").empty()) row("UASC", h, h, at);
    if (any_of(h, {"DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"})) row("AD1", h, h, at);
    if (any_of(h, {"IN_TOUCH", "ACTIV", "ACCOM"})) row("OC3", h, h, at);
    for (const xmlNode* n = header ? header->children : nullptr; n; n = n->next) {
      if (is(n, "AMISSING")) row("Missing", fields_of(n), h, n);
      else if (is(n, "AREVIEW")) row("Reviews", fields_of(n), h, n);
      else if (is(n, "PERMANENCE")) row("PrevPerm", fields_of(n), h, n);
      else if (is(n, "OC2")) row("OC2", fields_of(n), h, n);
      else if (is(n, "AD_PLACED")) row("PlacedAdoption", fields_of(n), h, n);
    }
    for (const xmlNode* n = c->children; n; n = n->next)
      if (is(n, "EPISODE")) row("Episodes", fields_of(n), h, n);
  }

 private:
  // A row: CHILD, SEX and DOB from the HEADER, every other column from the row's own element
  // (Episodes.PLACE from <PL>); a column with no element is null.
  void row(std::string_view table, const Fields& own, const Fields& header, const xmlNode* at) {
    Table& t = *tables_.at(table);
    cells_.clear();
    for (const std::string& column : t.column_names()) {
      if (column == "CHILD") cells_.push_back(get(header, "CHILDID"));
      else if (column == "SEX" || column == "DOB") cells_.push_back(get(header, column));
      else if (column == "PLACE" && table == "Episodes") cells_.push_back(get(own, "PL"));
      else cells_.push_back(get(own, column));
    }
    t.append_row(cells_, xmlGetLineNo(at));
  }

  std::map<std::string_view, Table*> tables_;
  std::vector<std::string_view> cells_;
};

std::string where(const std::string& name, const xmlNode* node) {
  return name + " line " + std::to_string(node ? xmlGetLineNo(node) : 0);
}

}  // namespace

const std::vector<std::string_view>& xml_tables() {
  static const std::vector<std::string_view> kTables = {"Header", "Episodes", "Reviews", "UASC", "OC2",
                                                        "OC3", "AD1", "PlacedAdoption", "PrevPerm", "Missing"};
  return kTables;
}

Result<std::vector<std::string>> add_xml(std::string_view xml, const std::string& name, const std::string& schema_path,
                                         const std::string& suffix, Return903& into) {
  auto doc = parse_untrusted_xml(xml, name, kKind);
  if (!doc) return doc.status();
  const xmlNode* root = xmlDocGetRootElement(doc->get());
  if (!root || !is(root, "EXPSSDA903"))
    return Status::invalid(where(name, root) + ": the root element is <" + (root ? reinterpret_cast<const char*>(root->name) : "") +
                           ">, an SSDA903 XML file has <EXPSSDA903>");
  for (std::string_view table : xml_tables())
    if (into.table(std::string(table) + suffix)) return Status::invalid(name + ": a second source for table " + std::string(table) + suffix);
  std::vector<std::string> schema_errors;
  if (!schema_path.empty()) {
    auto errors = validate_tree(doc->get(), name, schema_path, kKind);
    if (!errors) return errors.status();
    schema_errors = std::move(*errors);
  }
  Tables tables(into, suffix);
  if (suffix.empty()) into.metadata.format = ReturnFormat::kXml;
  for (const xmlNode* n = root->children; n; n = n->next)
    if (is(n, "CHILD")) tables.child(n);
  return schema_errors;
}

Result<std::vector<std::string>> add_xml_file(const std::string& path, const std::string& schema_path, const std::string& suffix,
                                              Return903& into) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) return Status::io("cannot read " + path);
  return add_xml(text.str(), path, schema_path, suffix, into);
}

bool is_xml_file(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec) && upper(std::filesystem::path(path).extension().string()) == ".XML";
}

}  // namespace kith::returns::ssda903
