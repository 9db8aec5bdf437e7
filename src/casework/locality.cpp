// Locality overview: aggregates only, no child identifiers.
#include "casework/child_record.h"

namespace kith::casework {
namespace {

bool may_see_locality(const access::Viewer& v, Id locality) {
  switch (v.role) {
    case Role::kPerformanceAnalyst:
    case Role::kCouncillor:
    case Role::kAdministrator:
      return true;  // aggregates across the council
    case Role::kPartnerPractitioner:
      return false;
    default:
      return v.locality_id == locality;
  }
}

// Children in families of the locality with an open early help episode.
constexpr const char* kEarlyHelpSql =
    "SELECT count(DISTINCT m.person_id) FROM early_help_episode e JOIN family f ON f.id = e.family_id "
    "JOIN family_member m ON m.family_id = f.id AND m.role = 'child' AND m.end_date IS NULL "
    "WHERE e.end_date IS NULL AND f.locality_id = ?";

// People living in the locality (by their address), in one pass: each person
// once, with whether they have an open CIN episode, CP plan or period of care
// and their contacts in the window; children in need are those with an open
// episode and neither of the others. (The casts: PostgreSQL sums a count as
// numeric.) (Four passes over the locality's people
// before: docs/PERFORMANCE.md, "Case work page latency".)
constexpr const char* kResidentsSql =
    "SELECT CAST(coalesce(sum(CASE WHEN x.cin = 1 AND x.cp = 0 AND x.cla = 0 THEN 1 ELSE 0 END), 0) AS BIGINT), "
    "CAST(coalesce(sum(x.cp), 0) AS BIGINT), CAST(coalesce(sum(x.cla), 0) AS BIGINT), CAST(coalesce(sum(x.contacts), 0) AS BIGINT) FROM ("
    "  SELECT CASE WHEN EXISTS (SELECT 1 FROM cin_episode c WHERE c.person_id = p.id AND c.close_date IS NULL) THEN 1 ELSE 0 END AS cin, "
    "  CASE WHEN EXISTS (SELECT 1 FROM cp_plan c WHERE c.person_id = p.id AND c.end_date IS NULL) THEN 1 ELSE 0 END AS cp, "
    "  CASE WHEN EXISTS (SELECT 1 FROM cla_period c WHERE c.person_id = p.id AND c.end_date IS NULL) THEN 1 ELSE 0 END AS cla, "
    "  (SELECT count(*) FROM contact k WHERE k.person_id = p.id AND k.contact_date > ? AND k.contact_date <= ?) AS contacts "
    "  FROM address a JOIN person p ON p.address_id = a.id WHERE a.locality_id = ?) x";

Status load_caseloads(store::Database& db, Id locality_id, Date today, LocalityOverview& o) {
  return db.run(
      "SELECT w.id, w.name, t.name, w.contract, w.fte, "
      "(SELECT count(DISTINCT i.person_id) FROM involvement i WHERE i.worker_id = w.id AND i.end_date IS NULL) AS n "
      "FROM worker w JOIN team t ON t.id = w.team_id "
      "WHERE t.locality_id = ? AND w.agency = 'council' AND (w.leave_date IS NULL OR w.leave_date > ?) "
      "ORDER BY n DESC, w.name",
      {locality_id, today.iso()}, [&](const store::Statement& s) {
        o.caseloads.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), s.real(4), int(s.int64(5))});
      });
}

}  // namespace

std::string published_count(int n, bool suppress) {
  return suppress && n >= 1 && n <= 5 ? "c" : std::to_string(n);
}

Result<std::vector<Locality>> list_localities(store::Database& db) {
  std::vector<Locality> out;
  KITH_RETURN_IF_ERROR(db.run("SELECT id, name FROM locality ORDER BY name", {},
                              [&](const store::Statement& s) { out.push_back({s.int64(0), s.text(1)}); }));
  return out;
}

Result<LocalityOverview> locality_overview(store::Database& db, const access::Viewer& viewer, Id locality_id, Date today) {
  LocalityOverview o;
  bool found = false;
  KITH_RETURN_IF_ERROR(db.run("SELECT id, name FROM locality WHERE id = ?", {locality_id}, [&](const store::Statement& s) {
    o.locality = {s.int64(0), s.text(1)};
    found = true;
  }));
  if (!found) return Status::not_found("No locality with id " + std::to_string(locality_id));
  if (!may_see_locality(viewer, locality_id)) return Status::denied("You do not have access to this locality");
  KITH_RETURN_IF_ERROR(db.run("SELECT id, locality_id, name, postcode FROM family_hub WHERE locality_id = ? ORDER BY name",
                              {locality_id}, [&](const store::Statement& s) {
                                o.hubs.push_back({s.int64(0), s.int64(1), s.text(2), s.text(3)});
                              }));
  auto early_help = db.scalar(kEarlyHelpSql, {locality_id});
  if (!early_help) return early_help.status();
  o.children_early_help = int(*early_help);
  KITH_RETURN_IF_ERROR(db.run(kResidentsSql, {today.plus_days(-28).iso(), today.iso(), locality_id}, [&](const store::Statement& s) {
    o.children_in_need = int(s.int64(0));
    o.children_cp = int(s.int64(1));
    o.children_looked_after = int(s.int64(2));
    o.contacts_last_28_days = int(s.int64(3));
  }));
  KITH_RETURN_IF_ERROR(load_caseloads(db, locality_id, today, o));
  if (viewer.role == Role::kCouncillor) {
    o.aggregates_only = true;
    for (WorkerCaseload& w : o.caseloads) {
      w.worker_id = 0;
      w.name.clear();
    }
  }
  return o;
}

}  // namespace kith::casework
