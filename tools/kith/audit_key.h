// Which audit key file a kith command uses for the database named by --db.
// A database file keeps its key beside it (DB.audit-key); a postgresql:// URL
// has nothing beside it, so the key must be named (docs/OPERATIONS.md, 3).
#pragma once

#include <string>

#include "model/result.h"

namespace kith::cli {

// The key file for db: named when not empty (--audit-key / --key), else
// KITH_AUDIT_KEY, else DB.audit-key for a database file. For a PostgreSQL URL
// with neither, an kInvalid status saying how to name it. Thread-safe (reads the environment only).
Result<std::string> audit_key_file(const std::string& db, const std::string& named);

}  // namespace kith::cli
