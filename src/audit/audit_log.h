// The audit log: every write to the case record and every read of a
// child's record is logged (who, when, what, why) in an append-only table
// whose entries are hash-chained.
//
//   hash(n) = BLAKE2b-256 keyed with the audit key, over
//             hash(n-1) | seq | at | actor | action | entity | entity_id | reason
//
// The key lives outside the database (a file beside it, mode 0600), so
// someone who can edit the database cannot recompute the chain. The newest
// entry is also recorded in audit_head under a MAC, so deleting entries from
// the end is detected as well as altering or deleting any entry.
//
// Thread-safety: an AuditLog may be shared between threads only if each
// thread passes its own Database. append() must run inside the caller's
// write transaction so that the record and its audit entry commit together.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/result.h"
#include "store/audit_trail.h"
#include "store/database.h"

namespace kith::audit {

using Event = store::AuditEvent;

struct Entry {
  std::int64_t seq = 0;
  std::string at;  // UTC, ISO 8601 to the second
  Event event;
  std::string prev_hash;
  std::string hash;
};

struct VerifyReport {
  std::int64_t entries = 0;
  std::vector<std::string> problems;  // empty when the chain verifies
  bool ok() const { return problems.empty(); }
};

class AuditLog final : public store::AuditTrail {
 public:
  // Loads the audit key from key_path, creating a new random key there
  // (mode 0600) when create_key is true and the file does not exist.
  static Result<AuditLog> open(const std::string& key_path, bool create_key);

  // The key file used for a database location ("kith.db" -> "kith.db.audit-key"),
  // or the file named by the KITH_AUDIT_KEY environment variable when set.
  static std::string key_path_for(const std::string& db_location);

  // Appends one entry. Call inside the caller's transaction. A read entry
  // (action read or read_denied) must be alone in its transaction: on
  // PostgreSQL that transaction commits without waiting for the WAL flush.
  Status append(store::Database& db, const Event& event) const override;

  // Re-computes the whole chain and the head MAC. Never modifies anything.
  // Problems name the first sequence number where the chain breaks.
  Result<VerifyReport> verify(store::Database& db) const;

  // Entries about one record, newest first (for "who has seen this child").
  Result<std::vector<Entry>> history(store::Database& db, const std::string& entity,
                                     const std::string& entity_id, int limit) const;

 private:
  explicit AuditLog(std::string key) : key_(std::move(key)) {}
  std::string chain_hash(const std::string& prev, std::int64_t seq, const std::string& at, const Event& e) const;
  std::string head_mac(std::int64_t seq, const std::string& hash) const;
  std::string key_;
};

}  // namespace kith::audit
