#include "returns/projection/collection_year.h"

#include <algorithm>
#include <regex>
#include <vector>

#include "returns/projection/reader.h"

namespace kith::returns::projection {

std::string CollectionYear::label() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d/%02d", end_year - 1, end_year % 100);
  return buf;
}

std::optional<CollectionYear> CollectionYear::parse(const std::string& text) {
  std::smatch m;
  if (!std::regex_match(text, m, std::regex(R"((\d{4})/(\d{2}))"))) return std::nullopt;
  int first = std::stoi(m[1]);
  if ((first + 1) % 100 != std::stoi(m[2])) return std::nullopt;
  return CollectionYear{first + 1};
}

Result<ChildIds> load_child_ids(store::Database& db) {
  CouncilPeople everyone;
  everyone.all = true;
  return load_child_ids(db, everyone);
}

Query child_ids_query(const CouncilPeople& people) {
  return {{"entity_id", "value"}, " FROM return_field WHERE entity = 'person' AND field = 'LAchildID'" + people.only("entity_id")};
}

Result<ChildIds> load_child_ids(const Reader& reads, const CouncilPeople& people) {
  ChildIds ids;
  Status s = reads.run(child_ids_query(people), [&](const store::Statement& st) { ids[st.int64(0)] = st.text(1); });
  if (!s) return s;
  return ids;
}

Result<ChildIds> load_child_ids(store::Database& db, const CouncilPeople& people) { return load_child_ids(Reader(db), people); }

std::string child_id(const ChildIds& ids, std::int64_t person_id) {
  auto it = ids.find(person_id);
  return it != ids.end() ? it->second : std::to_string(person_id);
}

Query kept_fields_query(const std::vector<KeptFieldsOf>& kinds) {
  // (entity = ? AND entity_id IN (...)) OR ...: each term a lookup on return_field's key.
  Sql where{" FROM return_field WHERE ", {}};
  for (std::size_t i = 0; i < kinds.size(); ++i) where = where + (i ? " OR " : "") + Sql{"(entity = ?", {kinds[i].entity}} + kinds[i].records + ")";
  return {{"entity", "entity_id", "field", "value"}, where};
}

Status load_kept_fields(const Reader& reads, const std::vector<KeptFieldsOf>& kinds) {
  if (kinds.empty()) return Status::ok();
  std::map<std::string, KeptFields*, std::less<>> into;
  for (const KeptFieldsOf& k : kinds) into[k.entity] = k.into;
  return reads.run(kept_fields_query(kinds), [&](const store::Statement& s) {
    if (auto it = into.find(s.text(0)); it != into.end()) (*it->second)[s.int64(1)][s.text(2)] = s.text(3);
  });
}

Status load_kept_fields(store::Database& db, const std::vector<KeptFieldsOf>& kinds) { return load_kept_fields(Reader(db), kinds); }

ChildIds child_ids_of(const KeptFields& person_fields) {
  ChildIds ids;
  for (const auto& [person, fields] : person_fields)
    if (auto it = fields.find("LAchildID"); it != fields.end()) ids[person] = it->second;
  return ids;
}

}  // namespace kith::returns::projection

namespace kith::returns::projection {

Sql operator+(Sql a, const Sql& b) {
  a.text += b.text;
  a.params.insert(a.params.end(), b.params.begin(), b.params.end());
  return a;
}
Sql operator+(Sql a, std::string_view b) {
  a.text += b;
  return a;
}
Sql operator+(std::string_view a, Sql b) {
  b.text.insert(0, a);
  return b;
}

namespace {

// "column IN (?,?,?)" with the ids ascending (the same values for the same people).
Sql in_list(std::string_view column, const std::unordered_set<std::int64_t>& ids) {
  std::vector<std::int64_t> sorted(ids.begin(), ids.end());
  std::sort(sorted.begin(), sorted.end());
  Sql out{std::string(column) + " IN (", {}};
  for (std::size_t i = 0; i < sorted.size(); ++i) out.text += i ? ",?" : "?", out.params.push_back(sorted[i]);
  out.text += ")";
  return out;
}

}  // namespace

Sql CouncilPeople::only(std::string_view column) const { return scoped() ? " AND " + in_list(column, ids) : Sql{}; }

Sql CouncilPeople::where(std::string_view column) const { return scoped() ? " WHERE " + in_list(column, ids) : Sql{}; }

Sql CouncilPeople::records_of(std::string_view id, std::string_view from, std::string_view person) const {
  if (!scoped()) return {};
  return " AND entity_id IN (SELECT " + std::string(id) + " FROM " + std::string(from) + " WHERE " + in_list(person, ids) + ")";
}

Result<CouncilPeople> council_people(store::Database& db, const std::string& la) {
  struct Council { std::int64_t id; std::string la_code, ons_code; };
  std::vector<Council> councils;
  Status s = db.run("SELECT id, la_code, ons_code FROM council ORDER BY id", {},
                    [&](const store::Statement& st) { councils.push_back({st.int64(0), st.text(1), st.text(2)}); });
  if (!s) return s;
  CouncilPeople out;
  const Council* chosen = nullptr;
  for (const auto& c : councils)
    if (c.la_code == la || c.ons_code == la) chosen = &c;
  if (!la.empty() && !chosen && councils.size() > 1)
    return Status::invalid("the database holds no council with code '" + la + "'");
  if (la.empty() && councils.size() > 1) return Status::invalid("the database holds several councils: name one with --la");
  if (!chosen && councils.size() == 1) chosen = &councils.front();
  if (chosen) out.la_code = chosen->la_code, out.ons_code = chosen->ons_code;
  if (councils.size() <= 1) {
    out.all = true;
    return out;
  }
  s = db.run("SELECT p.id FROM person p JOIN address a ON a.id = p.address_id JOIN locality l ON l.id = a.locality_id "
             "WHERE l.council_id = ?",
             {chosen->id}, [&](const store::Statement& st) { out.ids.insert(st.int64(0)); });
  if (!s) return s;
  return out;
}

}  // namespace kith::returns::projection
