#include "casework/allocation.h"

#include <vector>

#include "store/audited_write.h"

namespace kith::casework {
namespace {

constexpr const char* kRole = "allocated_social_worker";

Result<int> distinct_workers(store::Database& db, Id person, Id adding, Date on) {
  std::vector<Id> seen{adding};
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT DISTINCT worker_id FROM involvement WHERE person_id = ? AND role = ? AND start_date <= ? "
      "AND (end_date IS NULL OR end_date >= ?)",
      {person, std::string(kRole), on.iso(), on.plus_months(-12).iso()}, [&](const store::Statement& s) {
        if (s.int64(0) != adding) seen.push_back(s.int64(0));
      }));
  return int(seen.size());
}

// "3rd", "4th", "11th", "21st" ...
std::string ordinal(int n) {
  const char* suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
  return std::to_string(n) + suffix;
}

}  // namespace

Result<AllocationCheck> check_allocation(store::Database& db, Id person_id, Id worker_id, Date on) {
  AllocationCheck c;
  auto workers = distinct_workers(db, person_id, worker_id, on);
  if (!workers) return workers.status();
  c.workers_in_12_months = *workers;
  c.needs_reason = c.workers_in_12_months >= 3;
  auto load = db.scalar("SELECT count(DISTINCT person_id) FROM involvement WHERE worker_id = ? AND end_date IS NULL", {worker_id});
  if (!load) return load.status();
  c.worker_caseload = int(*load);
  return c;
}

Result<Id> allocate(store::Database& db, const store::WriteContext& ctx, const Allocation& a) {
  auto check = check_allocation(db, a.person_id, a.worker_id, a.on);
  if (!check) return check.status();
  auto current = db.scalar("SELECT count(*) FROM involvement WHERE person_id = ? AND role = ? AND end_date IS NULL AND worker_id = ?",
                           {a.person_id, std::string(kRole), a.worker_id});
  if (!current) return current.status();
  if (*current > 0) return Status::invalid("worker_id: this worker is already allocated to the child");
  auto open = db.scalar("SELECT count(*) FROM involvement WHERE person_id = ? AND role = ? AND end_date IS NULL",
                        {a.person_id, std::string(kRole)});
  if (!open) return open.status();
  if (a.reason.empty() && check->needs_reason)
    return Status::invalid("reason: this would be the child's " + ordinal(check->workers_in_12_months) +
                           " social worker in 12 months; say why the change cannot be avoided");
  if (a.reason.empty() && *open > 0) return Status::invalid("reason: say why the child's social worker is changing");
  return store::audited_insert(db, ctx, "involvement", [&](Id id) -> Status {
    KITH_RETURN_IF_ERROR(db.run("UPDATE involvement SET end_date = ? WHERE person_id = ? AND role = ? AND end_date IS NULL",
                                {a.on.plus_days(-1).iso(), a.person_id, std::string(kRole)}));
    return db.run(
        "INSERT INTO involvement (id, person_id, worker_id, team_id, role, start_date, end_date, reason_for_change) "
        "VALUES (?,?,?,?,?,?,NULL,?)",
        {id, a.person_id, a.worker_id, a.team_id, std::string(kRole), a.on.iso(), a.reason.empty() ? store::null() : store::Value(a.reason)});
  });
}

Result<int> hand_offs(store::Database& db, Id cin_episode_id) {
  std::vector<std::optional<Id>> teams;
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT i.team_id FROM involvement i JOIN cin_episode c ON c.person_id = i.person_id "
      "WHERE c.id = ? AND i.role = ? AND (i.end_date IS NULL OR i.end_date >= c.referral_date) "
      "AND (c.close_date IS NULL OR i.start_date <= c.close_date) ORDER BY i.start_date, i.id",
      {cin_episode_id, std::string(kRole)}, [&](const store::Statement& s) { teams.push_back(s.opt_int64(0)); }));
  int n = 0;
  for (std::size_t i = 1; i < teams.size(); ++i) n += teams[i] != teams[i - 1];
  return n;
}

}  // namespace kith::casework
