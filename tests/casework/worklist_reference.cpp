// casework::worklist() as it was in src/casework/statutory.cpp, moved here
// unchanged but for its name: the SQL, the filtering and the order are the
// reference's own, so they check worklist_page's (the deadline rules are
// shared through due_tasks_of and are checked by hand in statutory_test).
#include "casework/worklist_reference.h"

#include <algorithm>
#include <string>

#include "casework/due_tasks.h"

namespace kith::casework {

Result<std::vector<WorklistItem>> reference_worklist(store::Database& db, WorkScope scope, Id scope_id, Date today, bool overdue,
                                                     int horizon_days) {
  std::string where = scope == WorkScope::kWorker ? "i.worker_id = ?" : scope == WorkScope::kTeam ? "i.team_id = ?" : "t.locality_id = ?";
  std::vector<WorklistItem> children;
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT i.person_id, p.forename || ' ' || p.surname, w.name, coalesce(t.name, '') FROM involvement i "
      "JOIN person p ON p.id = i.person_id JOIN worker w ON w.id = i.worker_id LEFT JOIN team t ON t.id = i.team_id "
      "WHERE i.end_date IS NULL AND i.role IN ('allocated_social_worker', 'family_support_worker', 'personal_adviser') AND " + where +
          " ORDER BY i.person_id, i.id",
      {scope_id}, [&](const store::Statement& s) { children.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), {}}); }));
  // Every child's tasks from one due_tasks_of over the whole scope, not one call per child.
  const Children in_scope{"IN (SELECT i.person_id FROM involvement i LEFT JOIN team t ON t.id = i.team_id WHERE i.end_date IS NULL "
                          "AND i.role IN ('allocated_social_worker', 'family_support_worker', 'personal_adviser') AND " + where + ")",
                          {scope_id}};
  auto all_tasks = due_tasks_of(db, in_scope, today);
  if (!all_tasks) return all_tasks.status();
  std::vector<WorklistItem> out;
  Date until = today.plus_days(horizon_days);
  for (const WorklistItem& child : children) {
    auto tasks = all_tasks->find(child.person_id);
    if (tasks == all_tasks->end()) continue;
    for (const DueTask& t : tasks->second) {
      bool keep = overdue ? t.due < today : (t.due >= today && t.due <= until);
      if (!keep) continue;
      WorklistItem item = child;
      item.task = t;
      out.push_back(std::move(item));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const WorklistItem& a, const WorklistItem& b) { return a.task.due < b.task.due; });
  return out;
}

}  // namespace kith::casework
