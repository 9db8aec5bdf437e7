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
//
// Thread-safety: free function; uses only the Database passed.
#pragma once

#include <vector>

#include "casework/child_record.h"

namespace kith::casework {

// Every open statutory task for the child as of today, earliest first.
Result<std::vector<DueTask>> due_tasks(store::Database& db, Id person_id, Date today);

}  // namespace kith::casework
