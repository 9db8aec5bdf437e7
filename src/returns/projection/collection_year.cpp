#include "returns/projection/collection_year.h"

#include <regex>
#include <vector>

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
  ChildIds ids;
  Status s = db.run("SELECT entity_id, value FROM return_field WHERE entity = 'person' AND field = 'LAchildID'", {},
                    [&](const store::Statement& st) { ids[st.int64(0)] = st.text(1); });
  if (!s) return s;
  return ids;
}

std::string child_id(const ChildIds& ids, std::int64_t person_id) {
  auto it = ids.find(person_id);
  return it != ids.end() ? it->second : std::to_string(person_id);
}

}  // namespace kith::returns::projection

namespace kith::returns::projection {

std::string CouncilPeople::only(std::string_view column) const {
  if (all || ids.empty() || ids.size() > kInSql) return "";
  std::string out = " AND " + std::string(column) + " IN (";
  bool first = true;
  for (std::int64_t id : ids) out += (first ? "" : ",") + std::to_string(id), first = false;
  return out + ")";
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
