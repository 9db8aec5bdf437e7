// Statutory deadlines for one child, computed from the case record with the
// working-day calendar (Working Together 2023 and the Care Planning
// Regulations):
//   assessment             45 working days from its start
//   initial conference     15 working days from the strategy discussion
//   CP review conference   3 months after the initial conference, then 6-monthly
//   CLA review             20 working days after entry, then 3 months, then 6-monthly
//   CLA statutory visit    1 week after a placement starts, then 6-weekly in the
//                          first year of the placement, then 3-monthly
//   health assessment      20 working days after entry, then every 6 months
//                          under 5 and every 12 months from 5
//   CP visit               10 working days after the plan starts or the last
//                          visit where the child was seen (local procedures)
//   EHC plan issued        20 weeks after the request (send.h)
//   EHCP annual review     12 calendar months after the plan or the last review
//   transition planning    from 16: referral by 17, plan in place by 17 and a
//                          half (transition.h)
//   CLA care plan          10 working days from entry, for periods of care
//                          starting on or after the council's go-live date
//                          (care_plans.h)
//
// Thread-safety: free function; uses only the Database passed.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "casework/child_record.h"
#include "casework/statutory.h"
#include "store/batch.h"

namespace kith::casework {

// Every open statutory task for the child as of today, earliest first.
Result<std::vector<DueTask>> due_tasks(store::Database& db, Id person_id, Date today);

// A set of children as an SQL condition on a person id column: "= ?" for one
// child, or "IN (SELECT person_id FROM ... WHERE ... = ?)" for a caseload, with
// its parameters. The condition is the caller's own SQL, never user text.
struct Children {
  std::string condition;
  std::vector<store::Value> params;
};
Children one_child(Id person_id);

// Adds sql to the batch with each "{who}" replaced by the set's condition and
// the set's parameters bound there, then `after` bound to the sql's own "?"
// that follow the last "{who}" (none by default); on_row per row when the
// batch runs (so it captures by value what the caller's frame will not keep).
void run_for(store::Batch& batch, std::string sql, const Children& who, std::function<void(const store::Statement&)> on_row);
void run_for(store::Batch& batch, std::string sql, const Children& who, const std::vector<store::Value>& after,
             std::function<void(const store::Statement&)> on_row);

// One child's task found by a set query, handed on in the order the rule found it.
using OnTask = std::function<void(Id person_id, DueTask task)>;

// due_tasks for every child of the set in a fixed number of queries (one per
// record the rules read: CIN episode, CP plan, looked-after period, EHC plan,
// person), not one per child: the children with a task, each earliest first
// (tasks due the same day in the order of the rules above). Children with no
// open task are absent. Same rules and results as due_tasks.
Result<std::map<Id, std::vector<DueTask>>> due_tasks_of(store::Database& db, const Children& who, Date today);
// due_tasks_of's reads added to a batch (a page that reads more with them);
// once the batch has run, `out` (which must outlive it) holds the same map.
void add_due_tasks(store::Batch& batch, const Children& who, Date today, std::map<Id, std::vector<DueTask>>& out);

// One page of a worklist (statutory.h WorkScope): the tasks of the children
// allocated within the scope, due in the window (overdue: before today; else
// today to today + horizon_days), earliest first.
struct WorklistWindow {
  bool overdue = false;
  int horizon_days = 28;
};
struct WorklistPage {
  std::size_t total = 0;  // rows of the whole worklist, every page together
  std::vector<WorklistItem> items;  // rows first .. first + count - 1 of them
};
// The worklist's rows by due date (on the same day by child, then
// allocation, then the child's own order of tasks) and their total; names,
// workers and teams are read only for the rows of the page (a locality's
// worklist of 2,500 children otherwise reads 2,500 person rows for a page of
// 100: docs/PERFORMANCE.md, "Worklist, third pass"). count is at most
// kWorklistPageSize; a page past the end is empty, with the total.
constexpr std::size_t kWorklistPageSize = 100;
Result<WorklistPage> worklist_page(store::Database& db, WorkScope scope, Id scope_id, Date today, WorklistWindow window, std::size_t first,
                                   std::size_t count = kWorklistPageSize);

}  // namespace kith::casework
