// The whole worklist computed the plain way, as the tests' reference for
// casework::worklist_page (due_tasks.h): every allocation in the scope read up
// front with its child's name, worker and team, each child's tasks from
// due_tasks_of, kept when in the window, then stably sorted by due date. This
// was casework::worklist() (statutory.h) until worklist_page replaced it on the
// pages; it lives with the tests so that the paged reader, which reads names
// only for a page's rows, is compared with an independent computation.
//
// Thread-safety: a free function; uses only the Database passed.
#pragma once

#include <vector>

#include "casework/statutory.h"
#include "store/database.h"

namespace kith::casework {

// Statutory tasks of the children currently allocated within the scope (a
// worker, a team, or a locality's teams): overdue ones (due before today) when
// overdue is set, else those due from today to today + horizon_days. Earliest
// first; one row per allocation of a child allocated twice in the scope.
Result<std::vector<WorklistItem>> reference_worklist(store::Database& db, WorkScope scope, Id scope_id, Date today, bool overdue,
                                                     int horizon_days = 28);

}  // namespace kith::casework
