#include "returns/cin/cin_reader.h"

#include <libxml/tree.h>

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "returns/untrusted_xml.h"

namespace kith::returns::cin {
namespace {

const std::string kKind = "CIN census";

std::string content(const xmlNode* node) {
  // The usual case, one text node, read without an allocation by libxml2.
  const xmlNode* c = node->children;
  if (c && !c->next && c->type == XML_TEXT_NODE) return reinterpret_cast<const char*>(c->content);
  if (!c) return {};
  xmlChar* text = xmlNodeGetContent(node);
  std::string s = text ? reinterpret_cast<const char*>(text) : "";
  xmlFree(text);
  return s;
}

bool is(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

template <typename F>
void each_element(const xmlNode* parent, F&& f) {
  for (const xmlNode* n = parent ? parent->children : nullptr; n; n = n->next)
    if (n->type == XML_ELEMENT_NODE) f(n);
}

const xmlNode* child(const xmlNode* parent, const char* name) {
  for (const xmlNode* n = parent ? parent->children : nullptr; n; n = n->next)
    if (is(n, name)) return n;
  return nullptr;
}

// One table row: the linking ids first, then each column filled from the
// element child of the same name (absent elements are null).
class RowWriter {
 public:
  explicit RowWriter(Table& table) : table_(table), cells_(table.width()) {}

  RowWriter& set(std::string_view column, std::string value) {
    if (auto i = index(column)) cells_[*i] = std::move(value);
    return *this;
  }
  RowWriter& fields_of(const xmlNode* parent) {
    each_element(parent, [&](const xmlNode* n) {
      if (auto i = index(reinterpret_cast<const char*>(n->name))) cells_[*i] = content(n);
    });
    return *this;
  }
  void write(std::vector<std::string> list = {}) {
    for (std::size_t i = 0; i < cells_.size(); ++i) {
      Column& col = table_.at(i);
      if (col.kind() == Column::Kind::kList) col.push_list(std::move(list));
      else col.push(std::move(cells_[i]));
    }
    table_.end_row();
  }

 private:
  std::optional<std::size_t> index(std::string_view column) const {
    for (std::size_t i = 0; i < cells_.size(); ++i)
      if (table_.name_at(i) == column) return i;
    return std::nullopt;
  }
  Table& table_;
  std::vector<std::optional<std::string>> cells_;
};

class Flattener {
 public:
  explicit Flattener(CinReturn& r) {
    for (const auto& [name, columns] : census_tables()) tables_.emplace(name, &r.add_table(name, columns));
  }

  void header(const xmlNode* h) {
    if (!h) return;
    RowWriter row(table("Header"));
    row.fields_of(child(h, "CollectionDetails"));
    row.fields_of(child(h, "Source"));  // the first Source; a census comes from one authority
    row.write();
  }

  void child_record(const xmlNode* c) {
    const xmlNode* ids = child(c, "ChildIdentifiers");
    const xmlNode* id_node = child(ids, "LAchildID");
    std::string id = id_node ? content(id_node) : std::string();
    RowWriter(table("ChildIdentifiers")).fields_of(ids).write();
    const xmlNode* traits = child(c, "ChildCharacteristics");
    RowWriter(table("ChildCharacteristics")).set("LAchildID", id).fields_of(traits).write();
    each_element(child(traits, "Disabilities"), [&](const xmlNode* d) {
      RowWriter(table("Disabilities")).set("LAchildID", id).set("Disability", content(d)).write();
    });
    int number = 0;
    each_element(c, [&](const xmlNode* n) {
      if (is(n, "CINdetails")) cin_details(n, id, std::to_string(++number));
    });
  }

 private:
  Table& table(const char* name) { return *tables_.at(name); }

  RowWriter linked(const char* name, const std::string& child_id, const std::string& cin) {
    RowWriter row(table(name));
    row.set("LAchildID", child_id).set("CINdetailsID", cin);
    return row;
  }

  void cin_details(const xmlNode* d, const std::string& id, const std::string& cin) {
    linked("CINdetails", id, cin).fields_of(d).write();
    int assessment = 0, plan = 0;
    each_element(d, [&](const xmlNode* n) {
      if (is(n, "Assessments")) assessment_block(n, id, cin, std::to_string(++assessment));
      else if (is(n, "CINPlanDates")) linked("CINplanDates", id, cin).fields_of(n).write();
      else if (is(n, "Section47")) linked("Section47", id, cin).fields_of(n).write();
      else if (is(n, "ChildProtectionPlans")) protection_plan(n, id, cin, std::to_string(++plan));
    });
  }

  void assessment_block(const xmlNode* a, const std::string& id, const std::string& cin, const std::string& number) {
    std::vector<std::string> factors;
    each_element(child(a, "FactorsIdentifiedAtAssessment"), [&](const xmlNode* f) {
      factors.push_back(content(f));
      linked("AssessmentFactorsList", id, cin).set("AssessmentID", number).set("AssessmentFactor", factors.back()).write();
    });
    linked("Assessments", id, cin).set("AssessmentID", number).fields_of(a).write(std::move(factors));
  }

  void protection_plan(const xmlNode* p, const std::string& id, const std::string& cin, const std::string& number) {
    linked("ChildProtectionPlans", id, cin).set("CPPID", number).fields_of(p).write();
    // Every review date is a row (the reference importer keeps only the first; elements.md says not to copy that).
    each_element(child(p, "Reviews"), [&](const xmlNode* r) {
      linked("Reviews", id, cin).set("CPPID", number).set("CPPreviewDate", content(r)).write();
    });
  }

  std::map<std::string, Table*, std::less<>> tables_;
};

std::string where(const std::string& name, const xmlNode* node) {
  return name + " line " + std::to_string(node ? xmlGetLineNo(node) : 0);
}

Result<CinReturn> flatten(const xmlDoc* doc, const std::string& name) {
  const xmlNode* root = xmlDocGetRootElement(doc);
  if (!root || !is(root, "Message"))
    return Status::invalid(where(name, root) + ": the root element is <" + (root ? reinterpret_cast<const char*>(root->name) : "") +
                           ">, a CIN census file has <Message>");
  const xmlNode* children = child(root, "Children");
  if (!children) return Status::invalid(where(name, root) + ": element <Message> has no <Children>; a CIN census lists its children");
  CinReturn out;
  Flattener flattener(out);
  flattener.header(child(root, "Header"));
  each_element(children, [&](const xmlNode* c) {
    if (is(c, "Child")) flattener.child_record(c);
  });
  return out;
}

}  // namespace

Result<CinFile> parse_cin_xml(std::string_view xml, const std::string& name, const std::string& schema_path) {
  auto doc = parse_untrusted_xml(xml, name, kKind);
  if (!doc) return doc.status();
  auto tables = flatten(doc->get(), name);
  if (!tables) return tables.status();
  CinFile out{std::move(*tables), {}};
  if (!schema_path.empty()) {
    auto errors = validate_tree(doc->get(), name, schema_path, kKind);
    if (!errors) return errors.status();
    out.schema_errors = std::move(*errors);
  }
  return out;
}

Result<CinFile> read_cin_file(const std::string& path, const std::string& schema_path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_cin_xml(text.str(), path, schema_path);
}

}  // namespace kith::returns::cin
