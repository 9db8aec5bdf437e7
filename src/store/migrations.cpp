#include "store/migrations.h"

namespace kith::store {

Result<int> schema_version(Database& db) {
  auto has_table = db.has_table("schema_migration");
  if (!has_table) return has_table.status();
  if (!*has_table) return 0;
  auto v = db.scalar("SELECT max(version) FROM schema_migration");
  if (!v) return v.status();
  return int(*v);
}

Status migrate(Database& db) {
  KITH_RETURN_IF_ERROR(db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"));
  auto current = schema_version(db);
  if (!current) return current.status();
  const auto& all = all_migrations();
  int latest = all.empty() ? 0 : all.back().version;
  if (*current > latest)
    return Status::invalid(db.location() + ": schema version " + std::to_string(*current) +
                           " is newer than this build of Kith knows (" + std::to_string(latest) + ")");
  for (const Migration& m : all) {
    if (m.version <= *current) continue;
    Transaction tx(db);
    KITH_RETURN_IF_ERROR(tx.begin_status());
    // Another process may have applied it since we looked: the transaction
    // (SQLite's write lock; PostgreSQL also holds an advisory lock) decides.
    auto now = schema_version(db);
    if (!now) return now.status();
    if (*now >= m.version) continue;
    Status s = db.exec(m.sql);
    if (!s) return Status::invalid("migration " + std::string(m.name) + " failed: " + s.message());
    KITH_RETURN_IF_ERROR(db.run("INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, CURRENT_TIMESTAMP)",
                                {std::int64_t(m.version), std::string(m.name)}));
    KITH_RETURN_IF_ERROR(tx.commit());
  }
  return Status::ok();
}

}  // namespace kith::store
