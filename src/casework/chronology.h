// The family chronology: one timeline across early help, statutory work and
// partners' entries, so a family's story is told once and never re-asked.
//
// Thread-safety: free function; uses only the Database passed.
#pragma once

#include <optional>
#include <vector>

#include "model/records.h"
#include "model/result.h"
#include "store/database.h"

namespace kith::casework {

// Every dated event about the child, plus the family's early help and lead
// professional events when family_id is given; oldest first. Within a day, the
// events recorded with a time (contacts: when they came in) come first, in time
// order, then the others in a fixed order of kinds (child's before family's).
Result<std::vector<ChronologyEntry>> load_chronology(store::Database& db, Id person_id, std::optional<Id> family_id);

}  // namespace kith::casework
