// Optimistic concurrency for the records people change after creating them
// (docs/ARCHITECTURE.md, "Writing to the record"): a form or an API client
// reads a record's version, and the save names it back. The UPDATE checks
// it and moves it on in the same statement,
//   UPDATE t SET ..., version = version + 1 WHERE id = ? AND version = ? RETURNING id
// so of two people saving the same record the second finds no row and gets
// a conflict naming the record, instead of silently overwriting the first.
// The check sits in the UPDATE itself (not only in an earlier SELECT) so it
// also holds between two transactions running at once on PostgreSQL.
//
// Thread-safety: value types and free functions using only the Database passed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/records.h"
#include "model/result.h"
#include "store/database.h"

namespace kith::casework {

// The record a person started from: its id and version when they opened the
// form. id 0 means they saw no record (the save creates the first one).
struct SeenVersion {
  Id id = 0;
  std::int64_t version = 0;

  // "<id>:<version>", the hidden form field's and the API's text form.
  std::string text() const;
  // Parses text(); nullopt for anything else (a missing or tampered field).
  static std::optional<SeenVersion> parse(std::string_view text);
};

// The conflict answer when the record moved on: a kConflict Status whose
// message starts "version: " (the form field) and names the record (what).
Status changed_since_opened(const std::string& what);

// Runs sql, an UPDATE of one row ending "WHERE id = ? AND version = ? RETURNING id";
// params fill the SET part, then seen.id and seen.version are bound.
// changed_since_opened(what) when no row matched. Call inside the write transaction.
Status update_seen(store::Database& db, const std::string& sql, std::vector<store::Value> params, const SeenVersion& seen,
                   const std::string& what);

// The version of row id of table; not_found when there is no such row.
Result<std::int64_t> version_of(store::Database& db, const std::string& table, Id id);

}  // namespace kith::casework
