#include "casework/routing.h"

#include <cctype>
#include <cmath>

#include "store/audited_write.h"

namespace kith::casework {
namespace {

std::string name_of(store::Database& db, const char* table, std::optional<Id> id) {
  std::string out;
  if (!id) return out;
  (void)db.run(std::string("SELECT name FROM ") + table + " WHERE id = ?", {*id}, [&](const store::Statement& s) { out = s.text(0); });
  return out;
}

// The locality most of the postcode's (or district's) addresses fall in; ties
// go to the lowest id so the answer is stable.
Result<std::optional<Id>> gazetteer_locality(store::Database& db, const std::string& where, const std::string& value) {
  std::optional<Id> best;
  Status s = db.run("SELECT locality_id, count(*) AS n FROM address WHERE locality_id IS NOT NULL AND " + where +
                        " GROUP BY locality_id ORDER BY n DESC, locality_id LIMIT 1",
                    {value}, [&](const store::Statement& st) { best = st.int64(0); });
  if (!s) return s;
  return best;
}

Result<std::optional<GridPoint>> average_grid(store::Database& db, const std::string& where, const std::string& value) {
  std::optional<GridPoint> out;
  Status s = db.run("SELECT avg(easting), avg(northing), count(*) FROM address WHERE easting IS NOT NULL AND " + where, {value},
                    [&](const store::Statement& st) {
                      if (st.int64(2) > 0) out = GridPoint{std::lround(st.real(0)), std::lround(st.real(1))};
                    });
  if (!s) return s;
  return out;
}

std::string district_of(const std::string& postcode) { return postcode.substr(0, postcode.find(' ')); }

// A hub's grid reference: its directory entry's, else an address at its postcode.
std::optional<GridPoint> hub_grid(store::Database& db, Id hub, const std::string& postcode) {
  std::optional<GridPoint> g;
  (void)db.run("SELECT easting, northing FROM directory_service WHERE family_hub_id = ? AND easting IS NOT NULL", {hub},
               [&](const store::Statement& s) { g = GridPoint{long(s.int64(0)), long(s.int64(1))}; });
  if (g) return g;
  auto a = average_grid(db, "postcode = ?", postcode);
  return a ? *a : std::nullopt;
}

double distance2(GridPoint a, GridPoint b) {
  double de = double(a.easting - b.easting), dn = double(a.northing - b.northing);
  return de * de + dn * dn;
}

Result<std::optional<Id>> nearest_hub(store::Database& db, Id locality, std::optional<GridPoint> home) {
  struct Hub {
    Id id;
    std::string postcode;
  };
  std::vector<Hub> hubs;
  KITH_RETURN_IF_ERROR(db.run("SELECT id, postcode FROM family_hub WHERE locality_id = ? ORDER BY id", {locality},
                              [&](const store::Statement& s) { hubs.push_back({s.int64(0), s.text(1)}); }));
  if (hubs.empty()) return std::optional<Id>();
  std::optional<Id> best = hubs.front().id;  // without a grid reference: the locality's first hub
  if (!home) return best;
  double best_d = INFINITY;
  for (const Hub& h : hubs)
    if (auto g = hub_grid(db, h.id, h.postcode); g && distance2(*g, *home) < best_d) best_d = distance2(*g, *home), best = h.id;
  return best;
}

Result<std::optional<Id>> team_in(store::Database& db, Id locality, std::optional<Id> hub, std::string_view type) {
  std::optional<Id> team;
  Status s = db.run("SELECT id FROM team WHERE locality_id = ? AND team_type = ? "
                    "ORDER BY CASE WHEN family_hub_id = ? THEN 0 ELSE 1 END, id LIMIT 1",
                    {locality, std::string(type), hub ? store::Value(*hub) : store::null()},
                    [&](const store::Statement& st) { team = st.int64(0); });
  if (!s) return s;
  return team;
}

Result<std::optional<Id>> school_locality(store::Database& db, std::optional<Id> school) {
  std::optional<Id> out;
  if (!school) return out;
  Status s = db.run("SELECT lc.locality_id FROM school sc JOIN learning_community lc ON lc.id = sc.learning_community_id WHERE sc.id = ?",
                    {*school}, [&](const store::Statement& st) { out = st.int64(0); });
  if (!s) return s;
  return out;
}

}  // namespace

std::string normalise_postcode(std::string_view postcode) {
  std::string packed;
  for (char ch : postcode) {
    if (std::isspace(static_cast<unsigned char>(ch))) continue;
    if (!std::isalnum(static_cast<unsigned char>(ch))) return "";
    packed += char(std::toupper(static_cast<unsigned char>(ch)));
  }
  // Outward code 2-4 characters, inward code a digit and two letters.
  if (packed.size() < 5 || packed.size() > 7) return "";
  std::string inward = packed.substr(packed.size() - 3);
  if (!std::isdigit(static_cast<unsigned char>(inward[0])) || !std::isalpha(static_cast<unsigned char>(inward[1])) ||
      !std::isalpha(static_cast<unsigned char>(inward[2])) || !std::isalpha(static_cast<unsigned char>(packed[0])))
    return "";
  return packed.substr(0, packed.size() - 3) + " " + inward;
}

Result<std::optional<GridPoint>> locate_postcode(store::Database& db, std::string_view postcode) {
  std::string pc = normalise_postcode(postcode);
  if (pc.empty()) return std::optional<GridPoint>();
  auto exact = average_grid(db, "postcode = ?", pc);
  if (!exact || *exact) return exact;
  return average_grid(db, "postcode LIKE ?", district_of(pc) + " %");
}

Result<RoutingSuggestion> suggest_routing(store::Database& db, std::string_view postcode, std::optional<Id> school_id,
                                          std::string_view team_type) {
  RoutingSuggestion out;
  out.basis = "none";
  std::string pc = normalise_postcode(postcode);
  std::optional<Id> by_postcode;
  if (!pc.empty()) {
    auto exact = gazetteer_locality(db, "postcode = ?", pc);
    if (!exact) return exact.status();
    if (*exact) {
      by_postcode = *exact, out.basis = "postcode";
    } else {
      auto district = gazetteer_locality(db, "postcode LIKE ?", district_of(pc) + " %");
      if (!district) return district.status();
      if (*district) by_postcode = *district, out.basis = "postcode_district";
    }
  }
  auto by_school = school_locality(db, school_id);
  if (!by_school) return by_school.status();
  out.locality_id = by_postcode ? by_postcode : *by_school;
  if (!by_postcode && *by_school) out.basis = "school";
  if (!out.locality_id) return out;
  if (by_postcode && *by_school && *by_school != *by_postcode)
    out.notes.push_back("The child's school is in " + name_of(db, "locality", *by_school) + " locality; the family lives in " +
                        name_of(db, "locality", by_postcode) + ".");
  auto home = locate_postcode(db, pc);
  if (!home) return home.status();
  auto hub = nearest_hub(db, *out.locality_id, *home);
  if (!hub) return hub.status();
  out.family_hub_id = *hub;
  auto team = team_in(db, *out.locality_id, out.family_hub_id, team_type);
  if (!team) return team.status();
  out.team_id = *team;
  out.locality = name_of(db, "locality", out.locality_id);
  out.family_hub = name_of(db, "family_hub", out.family_hub_id);
  out.team = name_of(db, "team", out.team_id);
  return out;
}

Result<Id> store_routing(store::Database& db, Id family_id, std::optional<Id> contact_id, const RoutingSuggestion& s, Date on,
                         const std::string& by) {
  auto id = store::next_id(db, "routing");
  if (!id) return id.status();
  KITH_RETURN_IF_ERROR(db.run(
      "INSERT INTO routing (id, family_id, contact_id, locality_id, family_hub_id, team_id, basis, recorded_on, recorded_by, reason) "
      "VALUES (?,?,?,?,?,?,?,?,?,NULL)",
      {*id, family_id, store::opt(contact_id), store::opt(s.locality_id), store::opt(s.family_hub_id), store::opt(s.team_id), s.basis,
       on.iso(), by}));
  return *id;
}

Result<std::vector<RoutingRecord>> routing_history(store::Database& db, Id family_id) {
  std::vector<RoutingRecord> out;
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT r.id, r.contact_id, r.locality_id, r.family_hub_id, r.team_id, l.name, h.name, t.name, r.basis, r.recorded_on, "
      "r.recorded_by, r.reason FROM routing r LEFT JOIN locality l ON l.id = r.locality_id "
      "LEFT JOIN family_hub h ON h.id = r.family_hub_id LEFT JOIN team t ON t.id = r.team_id WHERE r.family_id = ? ORDER BY r.id",
      {family_id}, [&](const store::Statement& s) {
        out.push_back({s.int64(0), s.opt_int64(1), s.opt_int64(2), s.opt_int64(3), s.opt_int64(4), s.opt_text(5).value_or(""),
                       s.opt_text(6).value_or(""), s.opt_text(7).value_or(""), s.text(8), s.date(9).value_or(Date()), s.text(10),
                       s.opt_text(11).value_or("")});
      }));
  return out;
}

bool may_reassign(Role role) { return role == Role::kTeamManager || role == Role::kLocalityManager; }

namespace {

// The hub and team must belong to the chosen locality, or routing would contradict itself.
Status check_reassignment(store::Database& db, const Reassignment& r) {
  if (r.reason.empty()) return Status::invalid("reason: say why the family is being routed differently");
  if (!r.locality_id) return Status::invalid("locality_id: choose a locality");
  auto loc = db.scalar("SELECT count(*) FROM locality WHERE id = ?", {*r.locality_id});
  if (!loc) return loc.status();
  if (*loc == 0) return Status::invalid("locality_id: there is no such locality");
  if (r.family_hub_id) {
    auto n = db.scalar("SELECT count(*) FROM family_hub WHERE id = ? AND locality_id = ?", {*r.family_hub_id, *r.locality_id});
    if (!n) return n.status();
    if (*n == 0) return Status::invalid("family_hub_id: the hub is not in the chosen locality");
  }
  if (r.team_id) {
    auto n = db.scalar("SELECT count(*) FROM team WHERE id = ? AND (locality_id = ? OR locality_id IS NULL)", {*r.team_id, *r.locality_id});
    if (!n) return n.status();
    if (*n == 0) return Status::invalid("team_id: the team is not in the chosen locality");
  }
  auto fam = db.scalar("SELECT count(*) FROM family WHERE id = ?", {r.family_id});
  if (!fam) return fam.status();
  if (*fam == 0) return Status::not_found("no family with id " + std::to_string(r.family_id));
  return Status::ok();
}

}  // namespace

Result<Id> reassign_routing(store::Database& db, const store::WriteContext& ctx, const access::Viewer& manager,
                            const Reassignment& r) {
  if (!may_reassign(manager.role)) return Status::denied("Only team and locality managers can reassign a family");
  KITH_RETURN_IF_ERROR(check_reassignment(db, r));
  Id id = 0;
  Status s = store::audited_write(db, ctx, "update", "routing", [&]() -> Status {
    auto next = store::next_id(db, "routing");
    if (!next) return next.status();
    id = *next;
    KITH_RETURN_IF_ERROR(db.run(
        "INSERT INTO routing (id, family_id, contact_id, locality_id, family_hub_id, team_id, basis, recorded_on, recorded_by, reason) "
        "VALUES (?,?,NULL,?,?,?,'manager',?,?,?)",
        {id, r.family_id, store::opt(r.locality_id), store::opt(r.family_hub_id), store::opt(r.team_id), r.on.iso(), ctx.actor, r.reason}));
    // The family record follows, so its locality counts and hub lists agree with the routing.
    return db.run("UPDATE family SET locality_id = ?, family_hub_id = ?, version = version + 1 WHERE id = ?",
                  {store::opt(r.locality_id), store::opt(r.family_hub_id), r.family_id});
  }, [&] { return std::to_string(id); });
  if (!s) return s;
  return id;
}

}  // namespace kith::casework
