// kith backup / kith restore: a whole case-record database to one sealed
// file (sealed_file.h) and back.
//
// SQLite: the online backup API copies a consistent snapshot while Kith
// keeps serving (into memory, so no unencrypted copy touches the disk).
// PostgreSQL: pg_dump's custom format, restored with pg_restore in a single
// transaction. The audit key is NOT in the backup: the backup carries the
// chain, the key stays in the council's secrets store, so a stolen backup
// cannot be used to forge a consistent history.
//
// Thread-safety: stateless; safe from any thread.
#pragma once

#include <string>

#include "lifecycle/sealed_file.h"
#include "model/result.h"

namespace kith::lifecycle {

// Labels a backup carries, so that restore refuses a file that is not one.
inline constexpr std::string_view kSqliteBackupLabel = "kith-backup:sqlite";
inline constexpr std::string_view kPostgresBackupLabel = "kith-backup:postgres";

struct BackupSummary {
  std::string label;
  std::size_t plain_bytes = 0;  // size of the snapshot before encryption
};

// Writes a consistent snapshot of the database at location (file or
// postgresql:// URL) to out, encrypted with key. Never leaves a partial out.
Result<BackupSummary> backup_database(const std::string& location, const std::string& out, const KeySource& key);

// Restores a backup into location. SQLite: the file must not exist unless
// replace is true (stop Kith first); the snapshot is checked (integrity_check)
// and written beside the target then renamed over it. PostgreSQL: the
// database must be empty; pg_restore runs in one transaction. A tampered,
// truncated or mislabelled file is refused before anything is written.
Result<BackupSummary> restore_database(const std::string& in, const std::string& location, const KeySource& key, bool replace);

}  // namespace kith::lifecycle
