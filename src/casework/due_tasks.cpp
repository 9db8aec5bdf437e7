#include "casework/due_tasks.h"

#include <algorithm>
#include <array>
#include <functional>
#include <memory>
#include <set>
#include <string_view>

#include "calendar/calendar.h"
#include "casework/care_plans.h"
#include "casework/send.h"
#include "casework/transition.h"

namespace kith::casework {
namespace {

using calendar::add_working_days;

// The rules in the order a child's tasks due on the same day are listed
// (the order they were once run in, one query each).
enum Rank : int {
  kAssessment,
  kInitialConference,
  kCpReview,
  kClaReview,
  kClaVisit,
  kHealthAssessment,
  kCpVisit,
  kSend,
  kTransition,
  kCarePlan,
};

struct RankedTask {
  int rank;
  DueTask task;
};
using TaskMap = std::map<Id, std::vector<RankedTask>>;

void add(TaskMap& out, Id person, Rank rank, std::string what, Date due, Date today) {
  out[person].push_back({rank, {std::move(what), due, due < today}});
}

// The rules read five records. Each is asked once for every child of the set
// (Children: "= ?" for one child, "IN (subquery)" for a caseload), so a
// worklist of 2,500 children costs five queries, and each child's open
// records are found by one index probe per record, not one per rule
// (docs/PERFORMANCE.md, "Case work page latency").

// CIN episode: assessments open 45 working days from their start; an ICPC is
// due 15 working days from the strategy discussion when a section 47 needs
// one and none has been held since.
void cin_episode_rules(store::Batch& batch, const Children& who, Date today, TaskMap& out) {
  run_for(batch,
                 "SELECT c.person_id, 0, a.start_date FROM cin_episode c JOIN assessment a ON a.cin_episode_id = c.id "
                 "WHERE c.person_id {who} AND c.close_date IS NULL AND a.authorised_date IS NULL "
                 "UNION ALL "
                 "SELECT c.person_id, 1, sd.discussion_date FROM cin_episode c JOIN section47 s ON s.cin_episode_id = c.id "
                 "JOIN strategy_discussion sd ON sd.id = s.strategy_discussion_id "
                 "WHERE c.person_id {who} AND c.close_date IS NULL AND s.icpc_required = 1 AND NOT EXISTS ("
                 "  SELECT 1 FROM conference k WHERE k.cin_episode_id = c.id AND k.kind = 'initial' "
                 "  AND k.conference_date >= sd.discussion_date)",
                 who, [today, &out](const store::Statement& s) {
                   auto d = s.date(2);
                   if (!d) return;
                   if (s.int64(1) == 0) return add(out, s.int64(0), kAssessment, "Assessment", add_working_days(*d, 45), today);
                   add(out, s.int64(0), kInitialConference, "Initial child protection conference", add_working_days(*d, 15), today);
                 });
}

// CP plan: review conferences 3 months after the plan starts, then 6-monthly;
// visits at least every 10 working days while the plan is open (the council's
// child protection procedures), counted from the plan's start until the
// first visit where the child was seen.
void cp_plan_rules(store::Batch& batch, const Children& who, Date today, TaskMap& out) {
  run_for(batch,
                 "SELECT p.person_id, p.start_date, (SELECT max(k.conference_date) FROM conference k WHERE k.cin_episode_id = p.cin_episode_id "
                 "  AND k.kind = 'review' AND k.conference_date >= p.start_date), "
                 "(SELECT max(v.visit_date) FROM visit v WHERE v.person_id = p.person_id AND v.visit_date >= p.start_date "
                 "  AND NOT EXISTS (SELECT 1 FROM visit_seen n WHERE n.visit_id = v.id AND n.seen = 0)) "
                 "FROM cp_plan p WHERE p.person_id {who} AND p.end_date IS NULL",
                 who, [today, &out](const store::Statement& s) {
                   auto start = s.date(1);
                   if (!start) return;
                   Id child = s.int64(0);
                   auto last_review = s.date(2);
                   add(out, child, kCpReview, "Child protection review conference",
                       last_review ? last_review->plus_months(6) : start->plus_months(3), today);
                   auto last_visit = s.date(3);
                   add(out, child, kCpVisit, "Child protection visit", add_working_days(last_visit ? *last_visit : *start, 10), today);
                 });
}

// Looked-after period, one row per open placement (or one with no placement):
//   review            20 working days after entry, then 3 months, then 6-monthly;
//   statutory visit   1 week after the current placement starts, then 6-weekly
//                     in its first year, then 3-monthly;
//   health assessment the initial one 20 working days after entry (in time for
//                     the first review), then every 6 months before the 5th
//                     birthday and every 12 months after (the age on the last
//                     assessment decides).
// The period's own tasks are added once, however many placements it has open.
// The birth date is a scalar subquery, not a join: joined, SQLite drives the
// query from person (every child of the set) instead of the open periods.
void cla_period_rules(store::Batch& batch, const Children& who, Date today, TaskMap& out) {
  run_for(
      batch,
      "SELECT p.id, p.person_id, p.start_date, "
      "(SELECT count(*) FROM cla_review r WHERE r.cla_period_id = p.id), "
      "(SELECT max(r.review_date) FROM cla_review r WHERE r.cla_period_id = p.id), "
      "(SELECT max(h.check_date) FROM health_check h WHERE h.person_id = p.person_id AND h.kind = 'health_assessment' "
      "  AND h.check_date >= p.start_date), (SELECT x.birth_date FROM person x WHERE x.id = p.person_id), pl.start_date, "
      "(SELECT max(v.visit_date) FROM visit v WHERE v.person_id = p.person_id AND v.visit_date >= pl.start_date) "
      "FROM cla_period p LEFT JOIN placement pl ON pl.cla_period_id = p.id AND pl.end_date IS NULL "
      "WHERE p.person_id {who} AND p.end_date IS NULL",
      who, [today, &out, periods = std::set<Id>()](const store::Statement& s) mutable {
        Id child = s.int64(1);
        auto start = s.date(2);
        if (!start) return;
        if (periods.insert(s.int64(0)).second) {
          std::int64_t held = s.int64(3);
          auto last = s.date(4);
          add(out, child, kClaReview, "Looked-after review",
              held == 0 ? add_working_days(*start, 20) : held == 1 ? last->plus_months(3) : last->plus_months(6), today);
          auto last_health = s.date(5);
          auto born = s.date(6);
          if (!last_health) {
            add(out, child, kHealthAssessment, "Initial health assessment", add_working_days(*start, 20), today);
          } else {
            bool under_five = born && *last_health < born->plus_months(60);
            add(out, child, kHealthAssessment, "Review health assessment", last_health->plus_months(under_five ? 6 : 12), today);
          }
        }
        auto placed = s.date(7);
        if (!placed) return;
        auto last_visit = s.date(8);
        Date due = !last_visit ? placed->plus_days(7)
                               : (*last_visit < placed->plus_months(12) ? last_visit->plus_days(42) : last_visit->plus_months(3));
        add(out, child, kClaVisit, "Statutory visit", due, today);
      });
}

// EHC plans and transition to adult services are the SEND and transition
// modules' own rules (send.h, transition.h), each one query over the set.
void send_and_transition(store::Batch& batch, const Children& who, Date today, TaskMap& out) {
  send_due_tasks_of(batch, who, today, [&out](Id child, DueTask t) { out[child].push_back({kSend, std::move(t)}); });
  transition_due_tasks_of(batch, who, today, [&out](Id child, DueTask t) { out[child].push_back({kTransition, std::move(t)}); });
}

// The first care plan of a period of care is care_plans.h's rule (it applies
// only from the council's go-live date, so older periods are not all overdue).
void care_plan_rule(store::Batch& batch, const Children& who, Date today, TaskMap& out) {
  cla_care_plan_tasks(batch, who, today, [&out](Id child, DueTask t) { out[child].push_back({kCarePlan, std::move(t)}); });
}

}  // namespace

Children one_child(Id person_id) { return {"= ?", {person_id}}; }

void run_for(store::Batch& batch, std::string sql, const Children& who, const std::vector<store::Value>& after,
             std::function<void(const store::Statement&)> on_row) {
  std::vector<store::Value> params;
  for (std::size_t at = sql.find("{who}"); at != std::string::npos; at = sql.find("{who}", at)) {
    sql.replace(at, 5, who.condition);
    at += who.condition.size();
    params.insert(params.end(), who.params.begin(), who.params.end());
  }
  params.insert(params.end(), after.begin(), after.end());
  batch.add(std::move(sql), std::move(params), std::move(on_row));
}

void run_for(store::Batch& batch, std::string sql, const Children& who, std::function<void(const store::Statement&)> on_row) {
  run_for(batch, std::move(sql), who, {}, std::move(on_row));
}

void add_due_tasks(store::Batch& batch, const Children& who, Date today, std::map<Id, std::vector<DueTask>>& out) {
  auto found = std::make_shared<TaskMap>();  // filled by the reads, kept alive by the step that sorts it
  cin_episode_rules(batch, who, today, *found);
  cp_plan_rules(batch, who, today, *found);
  cla_period_rules(batch, who, today, *found);
  send_and_transition(batch, who, today, *found);
  care_plan_rule(batch, who, today, *found);
  batch.then([found, &out] {
    for (auto& [id, tasks] : *found) {
      // Earliest first; on the same day, in the rules' order (stable: a rule's own rows keep theirs).
      std::stable_sort(tasks.begin(), tasks.end(), [](const RankedTask& a, const RankedTask& b) {
        return a.task.due != b.task.due ? a.task.due < b.task.due : a.rank < b.rank;
      });
      auto& list = out[id];
      for (RankedTask& t : tasks) list.push_back(std::move(t.task));
    }
    return Status::ok();
  });
}

Result<std::map<Id, std::vector<DueTask>>> due_tasks_of(store::Database& db, const Children& who, Date today) {
  std::map<Id, std::vector<DueTask>> out;
  store::Batch batch(db);
  add_due_tasks(batch, who, today, out);
  KITH_RETURN_IF_ERROR(batch.run());
  return out;
}

namespace {

// The children a worklist lists: the open allocations within the scope (a
// worker's, a team's, a locality's teams'), as FROM ... WHERE with the scope's
// one "?" (joins: more tables to read with them). Every query of a worklist
// names the same allocations.
std::string allocations_in(WorkScope scope, std::string_view joins = "") {
  std::string where = scope == WorkScope::kWorker ? "i.worker_id = ?" : scope == WorkScope::kTeam ? "i.team_id = ?" : "t.locality_id = ?";
  return "FROM involvement i LEFT JOIN team t ON t.id = i.team_id " + std::string(joins) + " WHERE i.end_date IS NULL "
         "AND i.role IN ('allocated_social_worker', 'family_support_worker', 'personal_adviser') AND " + where;
}

// Each child of the scope with the number of its allocations there (a child
// with two workers is listed once per worker), by person id. Read from the
// covering index involvement(team_id, end_date, role, person_id) for a team or
// locality: no involvement or person row is read.
Result<std::vector<std::pair<Id, std::int64_t>>> allocated_children(store::Database& db, WorkScope scope, Id scope_id) {
  std::vector<std::pair<Id, std::int64_t>> out;
  KITH_RETURN_IF_ERROR(db.run("SELECT i.person_id, count(*) " + allocations_in(scope) + " GROUP BY i.person_id ORDER BY i.person_id", {scope_id},
                              [&](const store::Statement& s) { out.emplace_back(s.int64(0), s.int64(1)); }));
  return out;
}

// One row of the worklist before it has names: the child, which of the child's
// allocations in the scope (0 = the earliest by id) and the task.
struct Row {
  Id person;
  std::int64_t allocation;
  const DueTask* task;
};

// The rows due in the window, in the worklist's order: by due date; on the same
// day by child, then allocation, then the child's own order of tasks.
std::vector<Row> rows_in_window(const std::vector<std::pair<Id, std::int64_t>>& children, const std::map<Id, std::vector<DueTask>>& tasks,
                                Date today, WorklistWindow window) {
  std::vector<Row> rows;
  Date until = today.plus_days(window.horizon_days);
  for (const auto& [person, allocations] : children) {
    auto found = tasks.find(person);
    if (found == tasks.end()) continue;
    for (std::int64_t k = 0; k < allocations; ++k)
      for (const DueTask& t : found->second)
        if (window.overdue ? t.due < today : (t.due >= today && t.due <= until)) rows.push_back({person, k, &t});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.task->due < b.task->due; });
  return rows;
}

// Names of the children and of their workers and teams, for the rows of one
// page only: each child's allocations in the scope, earliest id first. The
// ids fill a fixed kWorklistPageSize placeholders (repeating the last), so the
// statement text is the same on every page and the statement cache keeps it.
using Allocations = std::map<Id, std::vector<std::array<std::string, 3>>>;
Result<Allocations> names_of(store::Database& db, WorkScope scope, Id scope_id, const std::vector<Id>& people) {
  Allocations out;
  if (people.empty()) return out;
  std::string marks = "?";
  for (std::size_t n = 1; n < kWorklistPageSize; ++n) marks += ", ?";
  std::vector<store::Value> params = {scope_id};
  for (std::size_t n = 0; n < kWorklistPageSize; ++n) params.push_back(people[std::min(n, people.size() - 1)]);
  KITH_RETURN_IF_ERROR(db.run("SELECT i.person_id, p.forename || ' ' || p.surname, w.name, coalesce(t.name, '') " +
                                  allocations_in(scope, "JOIN person p ON p.id = i.person_id JOIN worker w ON w.id = i.worker_id") +
                                  " AND i.person_id IN (" + marks + ") ORDER BY i.person_id, i.id",
                              params, [&](const store::Statement& s) { out[s.int64(0)].push_back({s.text(1), s.text(2), s.text(3)}); }));
  return out;
}

}  // namespace

Result<WorklistPage> worklist_page(store::Database& db, WorkScope scope, Id scope_id, Date today, WorklistWindow window, std::size_t first,
                                   std::size_t count) {
  if (count > kWorklistPageSize) return Status::invalid("a worklist page holds at most " + std::to_string(kWorklistPageSize) + " rows");
  auto children = allocated_children(db, scope, scope_id);
  if (!children) return children.status();
  // Every child's tasks in a fixed number of queries over the same allocations (due_tasks_of).
  auto tasks = due_tasks_of(db, {"IN (SELECT i.person_id " + allocations_in(scope) + ")", {scope_id}}, today);
  if (!tasks) return tasks.status();
  std::vector<Row> rows = rows_in_window(*children, *tasks, today, window);
  WorklistPage page{.total = rows.size(), .items = {}};
  std::size_t end = std::min(rows.size(), first + count);
  if (first >= end) return page;
  std::vector<Id> people;
  for (std::size_t r = first; r < end; ++r) people.push_back(rows[r].person);
  std::sort(people.begin(), people.end());
  people.erase(std::unique(people.begin(), people.end()), people.end());
  auto names = names_of(db, scope, scope_id, people);
  if (!names) return names.status();
  for (std::size_t r = first; r < end; ++r) {
    const auto& mine = (*names)[rows[r].person];
    // An allocation ended between the two reads (no transaction spans them): the row keeps its task, without names.
    std::array<std::string, 3> who = rows[r].allocation < std::int64_t(mine.size()) ? mine[rows[r].allocation] : std::array<std::string, 3>{};
    page.items.push_back({rows[r].person, who[0], who[1], who[2], *rows[r].task});
  }
  return page;
}

Result<std::vector<DueTask>> due_tasks(store::Database& db, Id person_id, Date today) {
  auto all = due_tasks_of(db, one_child(person_id), today);
  if (!all) return all.status();
  auto it = all->find(person_id);
  return it == all->end() ? std::vector<DueTask>{} : std::move(it->second);
}

}  // namespace kith::casework
