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

// Children living in the locality (by their address) with an open record of a kind.
constexpr const char* kCountSql[] = {
    "SELECT count(DISTINCT m.person_id) FROM early_help_episode e JOIN family f ON f.id = e.family_id "
    "JOIN family_member m ON m.family_id = f.id AND m.role = 'child' AND m.end_date IS NULL "
    "WHERE e.end_date IS NULL AND f.locality_id = ?",
    "SELECT count(DISTINCT c.person_id) FROM cin_episode c JOIN person p ON p.id = c.person_id JOIN address a ON a.id = p.address_id "
    "WHERE c.close_date IS NULL AND a.locality_id = ? "
    "AND NOT EXISTS (SELECT 1 FROM cp_plan x WHERE x.person_id = c.person_id AND x.end_date IS NULL) "
    "AND NOT EXISTS (SELECT 1 FROM cla_period x WHERE x.person_id = c.person_id AND x.end_date IS NULL)",
    "SELECT count(DISTINCT c.person_id) FROM cp_plan c JOIN person p ON p.id = c.person_id JOIN address a ON a.id = p.address_id "
    "WHERE c.end_date IS NULL AND a.locality_id = ?",
    "SELECT count(DISTINCT c.person_id) FROM cla_period c JOIN person p ON p.id = c.person_id JOIN address a ON a.id = p.address_id "
    "WHERE c.end_date IS NULL AND a.locality_id = ?",
};

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
  int* counts[] = {&o.children_early_help, &o.children_in_need, &o.children_cp, &o.children_looked_after};
  for (size_t i = 0; i < 4; ++i) {
    auto n = db.scalar(kCountSql[i], {locality_id});
    if (!n) return n.status();
    *counts[i] = int(*n);
  }
  auto contacts = db.scalar(
      "SELECT count(*) FROM contact c JOIN person p ON p.id = c.person_id JOIN address a ON a.id = p.address_id "
      "WHERE a.locality_id = ? AND c.contact_date > ? AND c.contact_date <= ?",
      {locality_id, today.plus_days(-28).iso(), today.iso()});
  if (!contacts) return contacts.status();
  o.contacts_last_28_days = int(*contacts);
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
