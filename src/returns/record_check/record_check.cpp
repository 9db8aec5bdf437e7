// Checks as you record: project the chosen children into the year's SSDA903
// and CIN census (src/returns/projection, restricted to them), read the
// projection back through the same readers a council's files go through, run
// the validators, and keep the findings of the one-child rules, per child.
#include "returns/record_check/record_check.h"

#include <algorithm>
#include <array>
#include <set>
#include <tuple>
#include <unordered_map>

#include "io/csv.h"
#include "returns/cin/cin_reader.h"
#include "returns/cin/cin_validate.h"
#include "returns/projection/project_903.h"
#include "returns/projection/project_cin.h"
#include "returns/projection/reader.h"
#include "returns/ssda903/derived.h"
#include "returns/ssda903/postcodes.h"
#include "returns/ssda903/reader.h"
#include "returns/ssda903/validate.h"

namespace kith::returns::record_check {

namespace s903 = returns::ssda903;
namespace cin = returns::cin;
namespace proj = returns::projection;

// What a 903 rule is about, from the catalogue's rules.csv (the 903 findings
// name a table and row but not the column).
struct RuleFields {
  std::vector<std::string> fields;  // affected_fields, in catalogue order
  bool needs_previous_year = false;  // its tables include a *_last one
};

using FieldsByRule = std::map<std::string, RuleFields, std::less<>>;

struct ReturnChecks::Loaded {
  s903::Catalogue catalogue903;
  cin::RuleCatalogue catalogue_cin;
  s903::PostcodeIndex postcodes;  // the whole index, mapped from its cache: no per-call load
  FieldsByRule fields903, fields_cin;
};

namespace {

// Rules whose verdict on a child depends on other children, found by reading
// each family's rules. The rules kept are checked the other way round on a
// generated council: each sampled child's verdicts alone must equal its
// verdicts inside the whole council (tests/returns/record_check_test.cpp,
// RecordCheckGenerated.OneChildRulesGiveTheSameVerdictAlone); that covers the
// rules the generated council happens to break, not every rule.
constexpr std::string_view kCrossChildCin[] = {
    "8510",   // LAchildID must be unique across the return
    "1520",   // a UPN must not belong to two children
    "2883",   // plans starting in the year vs initial conferences: return-level count
    "2886Q",  // share of children with no sex recorded: return-level
    "2887Q",  // variety of disability codes across the return
    "2888Q",  // some child has more than one disability: return-level
};
// None among the SSDA903 rules: each looks at one child's rows across the
// tables (rows_by_child), and the test above finds no rule that differs.
constexpr std::array<std::string_view, 0> kCrossChild903{};

Result<FieldsByRule> load_rule_fields(const std::string& spec_dir) {
  auto csv = io::read_csv(spec_dir + "/rules.csv");
  if (!csv) return csv.status();
  auto rule = csv->column("rule"), fields = csv->column("affected_fields"), tables = csv->column("tables");
  if (!rule || !fields) return Status::corrupt(spec_dir + "/rules.csv lacks the rule or affected_fields column");
  FieldsByRule out;
  for (const auto& row : csv->rows) {
    RuleFields& f = out[row[*rule]];
    // The CIN catalogue has no tables column: no CIN rule reads a previous census.
    if (tables && row[*tables].find("_last") != std::string::npos) f.needs_previous_year = true;
    if (!f.fields.empty()) continue;  // the same fields in both rule sets
    std::string_view rest = row[*fields];
    while (!rest.empty()) {
      auto cut = rest.find(';');
      f.fields.emplace_back(rest.substr(0, cut));
      rest = cut == std::string_view::npos ? std::string_view() : rest.substr(cut + 1);
    }
  }
  return out;
}

// The council codes of the children's council: the council of the first
// child's address, else the database's only (or first) council (the least id:
// a LIMIT cannot stand in a branch of a union, so the least id is a subquery).
// Read ahead with the children's ids (one statement for both), which the
// projections then read from the reader.
Result<proj::CouncilPeople> people_of(proj::Reader& reads, const std::vector<PersonId>& people) {
  proj::CouncilPeople out;
  out.ids.insert(people.begin(), people.end());
  const proj::Query by_address{{"c.la_code", "c.ons_code"},
                               {" FROM person p JOIN address a ON a.id = p.address_id JOIN locality l ON l.id = a.locality_id "
                                "JOIN council c ON c.id = l.council_id WHERE p.id = ?",
                                {people.front()}}};
  const proj::Query first{{"la_code", "ons_code"}, {" FROM council WHERE id = (SELECT min(id) FROM council)", {}}};
  KITH_RETURN_IF_ERROR(reads.read_ahead_if_remote({by_address, first, proj::child_ids_query(out)}));
  bool found = false;
  KITH_RETURN_IF_ERROR(reads.run(by_address, [&](const store::Statement& s) { found = true, out.la_code = s.text(0), out.ons_code = s.text(1); }));
  if (!found) KITH_RETURN_IF_ERROR(reads.run(first, [&](const store::Statement& s) { out.la_code = s.text(0), out.ons_code = s.text(1); }));
  return out;
}

// The projection read back through the 903 reader, as `kith validate 903` reads the exported files.
Result<s903::Return903> as_return(const proj::Return903Files& files, int end_year, const std::string& ons_code,
                                  const s903::PostcodeIndex& postcodes) {
  s903::Return903 r;
  r.metadata = s903::metadata_for_year(end_year, ons_code);
  std::vector<std::string> warnings;
  for (const auto& t : files.tables)
    KITH_RETURN_IF_ERROR(s903::add_csv(proj::to_csv(t), t.name + ".csv", end_year, "", r, warnings));
  s903::add_derived_fields(r, postcodes);
  return r;
}

// Who each child id of the returns is.
std::unordered_map<std::string, PersonId> persons_by_child_id(const proj::ChildIds& ids, const std::vector<PersonId>& people) {
  std::unordered_map<std::string, PersonId> out;
  for (PersonId p : people) out[proj::child_id(ids, p)] = p;
  return out;
}

// The 903 field a finding is about: the first affected field the table has a form for.
std::string column_903(const FieldsByRule& fields903, const Finding& f) {
  auto it = fields903.find(f.rule);
  if (it == fields903.end() || it->second.fields.empty()) return "";
  for (const std::string& c : it->second.fields)
    if (!fix_for(ReturnKind::kSsda903, f.table, c).form.empty()) return c;
  return it->second.fields.front();
}

// A finding's place among the same rule's: a field with a form first, then in
// the catalogue's order of affected fields (so a rule shows one, stable link).
int rank(const FieldsByRule& fields, const RecordFinding& f) {
  int order = 99;
  if (auto it = fields.find(f.rule); it != fields.end()) {
    auto at = std::find(it->second.fields.begin(), it->second.fields.end(), f.column);
    if (at != it->second.fields.end()) order = int(at - it->second.fields.begin());
  }
  return (f.fix.form.empty() ? 100 : 0) + order;
}

struct Ranked {
  RecordFinding finding;
  int rank;
};
using ByPersonRanked = std::map<PersonId, std::vector<Ranked>>;
using ByPerson = std::map<PersonId, std::vector<RecordFinding>>;

void keep(ByPersonRanked& out, const std::unordered_map<std::string, PersonId>& who, const FieldsByRule& fields, const Finding& f,
          ReturnKind kind, std::string column) {
  if (!f.row || !one_child_rule(kind, f.rule)) return;  // return-level findings name no child
  // Only this year's return is projected: a rule that compares with last year's would judge a child
  // on half their history (1001 and 1002 flag every care leaver whose care ended before this year).
  if (auto it = fields.find(f.rule); it != fields.end() && it->second.needs_previous_year) return;
  auto p = who.find(f.child);
  if (p == who.end()) return;
  RecordFinding r{kind, f.rule, f.severity, std::string(f.message), f.table, column, fix_for(kind, f.table, column)};
  int at = rank(fields, r);
  out[p->second].push_back({std::move(r), at});
}

// Errors before queries, then by return and rule; one finding per rule, however
// many rows or fields show it (the best-ranked field gives the link).
std::vector<RecordFinding> tidy(std::vector<Ranked>& v) {
  auto key = [](const Ranked& r) {
    return std::tuple(r.finding.severity != Severity::kError, r.finding.kind, std::string_view(r.finding.rule));
  };
  std::sort(v.begin(), v.end(), [&](const auto& a, const auto& b) { return std::tuple(key(a), a.rank) < std::tuple(key(b), b.rank); });
  std::vector<RecordFinding> out;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (i == 0 || key(v[i]) != key(v[i - 1])) out.push_back(v[i].finding);  // a copy: v[i] is compared next
  return out;
}

}  // namespace

std::string_view collection_name(ReturnKind kind) { return kind == ReturnKind::kSsda903 ? "SSDA903" : "CIN census"; }

proj::CollectionYear collection_year_of(Date today) {
  return {today.month() >= 4 ? today.year() + 1 : today.year()};
}

bool one_child_rule(ReturnKind kind, std::string_view rule) {
  auto listed = [&](auto& list) { return std::find(std::begin(list), std::end(list), rule) != std::end(list); };
  return kind == ReturnKind::kCin ? !listed(kCrossChildCin) : !listed(kCrossChild903);
}

ReturnChecks::ReturnChecks(std::unique_ptr<Loaded> loaded) : loaded_(std::move(loaded)) {}
ReturnChecks::ReturnChecks(ReturnChecks&&) noexcept = default;
ReturnChecks& ReturnChecks::operator=(ReturnChecks&&) noexcept = default;
ReturnChecks::~ReturnChecks() = default;

Result<ReturnChecks> ReturnChecks::load(const std::string& data_dir) {
  auto l = std::make_unique<Loaded>();
  auto c903 = s903::Catalogue::load(data_dir + "/spec/ssda903");
  if (!c903) return c903.status();
  l->catalogue903 = std::move(*c903);
  auto fields = load_rule_fields(data_dir + "/spec/ssda903");
  if (!fields) return fields.status();
  l->fields903 = std::move(*fields);
  fields = load_rule_fields(data_dir + "/spec/cin");
  if (!fields) return fields.status();
  l->fields_cin = std::move(*fields);
  auto ccin = cin::load_rule_catalogue(data_dir + "/spec/cin");
  if (!ccin) return ccin.status();
  l->catalogue_cin = std::move(*ccin);
  auto postcodes = s903::PostcodeIndex::load(data_dir);
  if (!postcodes) return postcodes.status();
  l->postcodes = std::move(*postcodes);
  return ReturnChecks(std::move(l));
}

Result<std::vector<RecordFinding>> ReturnChecks::check_child(store::Database& db, PersonId person, Date today) const {
  auto all = check_children(db, {person}, today);
  if (!all) return all.status();
  auto it = all->find(person);
  return it == all->end() ? std::vector<RecordFinding>{} : std::move(it->second);
}

Result<ByPerson> ReturnChecks::check_children(store::Database& db, const std::vector<PersonId>& people, Date today) const {
  ByPersonRanked found;
  if (people.empty()) return ByPerson{};
  proj::CollectionYear year = collection_year_of(today);
  proj::Reader reads(db);
  auto chosen = people_of(reads, people);
  if (!chosen) return chosen.status();
  auto ids = proj::load_child_ids(reads, *chosen);  // the chosen children's only, as the projections read them
  if (!ids) return ids.status();
  auto who = persons_by_child_id(*ids, people);

  if (auto set = s903::rule_set_for_year(year.end_year)) {
    auto files = proj::project_903_people(db, year, *chosen);
    if (!files) return files.status();
    auto r = as_return(*files, year.end_year, chosen->ons_code, loaded_->postcodes);
    if (!r) return r.status();
    for (const Finding& f : s903::validate(*r, *set, loaded_->catalogue903))
      keep(found, who, loaded_->fields903, f, ReturnKind::kSsda903, column_903(loaded_->fields903, f));
  }

  auto census = proj::project_cin_people(db, year, *chosen);
  if (!census) return census.status();
  if (census->children > 0) {
    // The schema check belongs to the export; the rules read the tables either way.
    auto parsed = cin::parse_cin_xml(census->xml, "census", "");
    if (!parsed) return parsed.status();
    // Years without their own CIN rule set are checked with the latest one Kith has (cin2025_26).
    cin::CollectionYear cy{year.label(), year.end(), ""};
    for (const Finding& f : cin::validate_census(parsed->data, loaded_->catalogue_cin, cy))
      keep(found, who, loaded_->fields_cin, f, ReturnKind::kCin, f.column);
  }
  ByPerson out;
  for (auto& [person, ranked] : found) out[person] = tidy(ranked);
  return out;
}

}  // namespace kith::returns::record_check
