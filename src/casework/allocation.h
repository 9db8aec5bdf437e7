// Allocating a child to a worker, with the continuity the council minutes
// ask for: few changes of social worker and few hand-offs between teams.
// Before an allocation that would give a child a third (or later) social
// worker within 12 months, the practitioner is warned and must give a reason.
//
// Thread-safety: free functions; each call uses only the Database passed.
#pragma once

#include <optional>
#include <string>

#include "model/records.h"
#include "model/result.h"
#include "store/audit_trail.h"
#include "store/database.h"

namespace kith::casework {

// What allocating would mean, shown before the manager confirms.
struct AllocationCheck {
  int workers_in_12_months = 0;  // distinct allocated social workers in the 12 months to the date, this one included
  bool needs_reason = false;     // true from the third worker on
  int worker_caseload = 0;       // children the worker holds now
};

// Looks at an allocation of person to worker on a date without making it.
Result<AllocationCheck> check_allocation(store::Database& db, Id person_id, Id worker_id, Date on);

struct Allocation {
  Id person_id = 0;
  Id worker_id = 0;
  Id team_id = 0;
  Date on;
  std::string reason;  // why the worker changes (worker_left, team_transfer, step_up, caseload, family_request, ...)
};

// Ends the child's current allocation the day before and starts this one,
// audited, in one transaction. invalid when a reason is needed (a change of
// worker, or a third worker in 12 months) and none is given, or when the
// worker is already allocated.
Result<Id> allocate(store::Database& db, const store::WriteContext& ctx, const Allocation& a);

// Hand-offs in a CIN episode: changes of team between consecutive allocations
// of the child from the referral to the episode's close (or today).
Result<int> hand_offs(store::Database& db, Id cin_episode_id);

}  // namespace kith::casework
