// An auditor's view of the audit log: who did what to which record, and when,
// optionally only about one child (their person record and every record that
// belongs to them or to their family) and only since a date.
//
// What it gives is safe to print for an auditor: user names, actions, the kind
// of record and its id, and the purpose of the access (the fixed words before
// any ":" in the reason). The free text a worker typed after it (a step-up
// reason, for instance) can name the child, so it is never returned.
//
// Thread-safety: free function; uses only the Database passed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/date.h"
#include "model/result.h"
#include "store/database.h"

namespace kith::audit {

struct ListedEntry {
  std::int64_t seq = 0;
  std::string at;         // UTC, ISO 8601 to the second
  std::string actor;      // the user name (or "system:synth")
  std::string action;     // read | read_denied | create | update | ...
  std::string entity;     // the kind of record: person, cin_episode, assessment, ...
  std::string entity_id;  // the record's id
  std::string purpose;    // "casework", "statutory work", "early help", ...
};

struct ListFilter {
  std::optional<std::int64_t> person_id;  // only entries about this child and their records
  std::optional<Date> since;              // only entries at or after the start of this UTC day
};

// The entries matching the filter, oldest first. A person id with no record is
// not an error: the list is just empty (the auditor may be checking a deletion).
Result<std::vector<ListedEntry>> list_entries(store::Database& db, const ListFilter& filter);

// The purpose part of an audit reason: the text before the first ':' (trimmed).
std::string purpose_of(const std::string& reason);

}  // namespace kith::audit
