// The seam between the stores and the audit log: every store write records
// an AuditEvent through an AuditTrail in the same transaction as the write.
// src/audit implements it with a hash-chained log; the store layer only
// knows this interface, so it does not depend on how entries are kept.
//
// Thread-safety: implementations must be safe to share between threads as
// long as each thread passes its own Database.
#pragma once

#include <string>

#include "model/result.h"

namespace kith::store {

class Database;

struct AuditEvent {
  std::string actor;      // username, or "system:synth" for generated data
  std::string action;     // read | read_denied | create | update | delete | sign_in | sign_in_failed | export
  std::string entity;     // person | family | cin_episode | ...
  std::string entity_id;  // the record's id
  std::string reason;     // why: "casework", "allocation", "demo council generated", ...
};

class AuditTrail {
 public:
  virtual ~AuditTrail() = default;
  // Appends one event. Called inside the caller's write transaction.
  virtual Status append(Database& db, const AuditEvent& event) const = 0;
};

// Who is writing and why; every store write takes one.
struct WriteContext {
  const AuditTrail& audit;
  std::string actor;
  std::string reason;
};

}  // namespace kith::store
