#include "audit_key.h"

#include <cstdlib>

#include "audit/audit_log.h"
#include "store/postgres_database.h"

namespace kith::cli {

Result<std::string> audit_key_file(const std::string& db, const std::string& named) {
  if (!named.empty()) return named;
  const char* env = std::getenv("KITH_AUDIT_KEY");
  // Without this check the key would be looked for at "postgresql://...audit-key", a path that names nothing.
  if (store::is_postgres_url(db) && !(env && *env))
    return Status::invalid("--db is a PostgreSQL URL: name the audit key file with --audit-key FILE (or KITH_AUDIT_KEY)");
  return audit::AuditLog::key_path_for(db);
}

}  // namespace kith::cli
