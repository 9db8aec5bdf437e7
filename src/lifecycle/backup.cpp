#include "lifecycle/backup.h"

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>

#include "store/database.h"

namespace kith::lifecycle {
namespace {

bool is_url(const std::string& location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

Result<SqliteHandle> open_sqlite(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) return Status::io(path + ": cannot open: " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  sqlite3_busy_timeout(raw, 10000);
  return db;
}

// Copies every page of src into dst with the online backup API; retries while
// a writer holds the database (Kith keeps serving during a backup).
Status copy_pages(sqlite3* dst, sqlite3* src, const std::string& what) {
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b) return Status::io(what + ": cannot start the copy: " + sqlite3_errmsg(dst));
  int rc;
  while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return Status::io(what + ": the copy failed: " + sqlite3_errstr(rc));
  return Status::ok();
}

// An in-memory database cannot use WAL: the image is marked as a rollback
// journal database (header bytes 18-19); Kith switches back to WAL on open.
void mark_rollback_journal(std::string& image) {
  if (image.size() >= 100) image[18] = image[19] = 1;
}

Result<std::string> sqlite_snapshot(const std::string& path) {
  if (::access(path.c_str(), F_OK) != 0) return Status::not_found(path + ": no such database file");
  auto src = open_sqlite(path, SQLITE_OPEN_READONLY);
  if (!src) return src.status();
  auto mem = open_sqlite(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!mem) return mem.status();
  KITH_RETURN_IF_ERROR(copy_pages(mem->get(), src->get(), path));
  sqlite3_int64 size = 0;
  unsigned char* data = sqlite3_serialize(mem->get(), "main", &size, 0);
  if (!data) return Status::io(path + ": not enough memory for the snapshot");
  std::string image(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
  sqlite3_free(data);
  mark_rollback_journal(image);
  return image;
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

Result<std::string> pg_dump(const std::string& url) {
  std::string cmd = "pg_dump --format=custom --no-owner --no-privileges --dbname=" + shell_quote(url) + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return Status::io("cannot run pg_dump: " + std::string(std::strerror(errno)));
  std::string out;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = ::pclose(p);
  if (rc != 0) {
    // On failure the output is pg_dump's message (stderr was merged); it names the database, not data.
    if (out.size() > 500) out.resize(500);
    return Status::io("pg_dump failed (is it installed and can it reach the server?): " + out);
  }
  if (out.rfind("PGDMP", 0) != 0) return Status::io("pg_dump did not produce a custom-format dump");
  return out;
}

Status restore_sqlite(std::string image, const std::string& path, bool replace) {
  if (::access(path.c_str(), F_OK) == 0 && !replace)
    return Status::invalid(path + " already exists: restore into a new file, or stop Kith and pass --replace");
  auto mem = open_sqlite(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!mem) return mem.status();
  auto* buf = static_cast<unsigned char*>(sqlite3_malloc64(image.size()));
  if (!buf) return Status::io("not enough memory to restore");
  std::memcpy(buf, image.data(), image.size());
  int rc = sqlite3_deserialize(mem->get(), "main", buf, image.size(), image.size(),
                               SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
  if (rc != SQLITE_OK) return Status::corrupt("the backup does not hold a SQLite database");
  std::string verdict;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(mem->get(), "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    verdict = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  if (verdict != "ok") return Status::corrupt("the database in the backup fails its integrity check: " + verdict);

  // Written beside the target and renamed over it: the target is either the old database or the whole restored one.
  std::string tmp = path + ".restoring";
  ::unlink(tmp.c_str());
  {
    auto dst = open_sqlite(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!dst) return dst.status();
    Status s = copy_pages(dst->get(), mem->get(), tmp);
    if (!s) {
      ::unlink(tmp.c_str());
      return s;
    }
  }
  // A stale WAL of the replaced database would be replayed into the restored one: remove it first.
  ::unlink((path + "-wal").c_str());
  ::unlink((path + "-shm").c_str());
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Status::io(path + ": cannot move the restored database into place: " + std::strerror(errno));
  }
  return Status::ok();
}

Status restore_postgres(const std::string& dump, const std::string& url) {
  {
    auto db = store::Database::open(url, {.create = false, .read_only = true});
    if (!db) return db.status();
    auto used = (*db)->has_table("audit_entry");
    if (!used) return used.status();
    if (*used) return Status::invalid((*db)->location() + " is not empty: restore into a new, empty database");
  }
  std::string cmd = "pg_restore --single-transaction --exit-on-error --no-owner --no-privileges --dbname=" + shell_quote(url) +
                    " >/dev/null 2>&1";
  FILE* p = ::popen(cmd.c_str(), "w");
  if (!p) return Status::io("cannot run pg_restore: " + std::string(std::strerror(errno)));
  bool written = std::fwrite(dump.data(), 1, dump.size(), p) == dump.size();
  int rc = ::pclose(p);
  if (!written || rc != 0)
    return Status::io("pg_restore failed (exit " + std::to_string(WEXITSTATUS(rc)) + "); it ran in one transaction, so nothing was restored");
  return Status::ok();
}

}  // namespace

Result<BackupSummary> backup_database(const std::string& location, const std::string& out, const KeySource& key) {
  bool pg = is_url(location);
  auto plain = pg ? pg_dump(location) : sqlite_snapshot(location);
  if (!plain) return plain.status();
  BackupSummary summary{std::string(pg ? kPostgresBackupLabel : kSqliteBackupLabel), plain->size()};
  Status s = seal_to_file(*plain, out, summary.label, key);
  std::fill(plain->begin(), plain->end(), '\0');
  if (!s) return s;
  return summary;
}

Result<BackupSummary> restore_database(const std::string& in, const std::string& location, const KeySource& key, bool replace) {
  auto unsealed = unseal_file(in, key);
  if (!unsealed) return unsealed.status();
  bool pg = is_url(location);
  std::string_view want = pg ? kPostgresBackupLabel : kSqliteBackupLabel;
  if (unsealed->label != want)
    return Status::invalid(in + " holds '" + unsealed->label + "', not a " + std::string(want) + " backup" +
                           (pg ? " (restore a SQLite backup into a file)" : " (restore a PostgreSQL backup into a postgresql:// URL)"));
  BackupSummary summary{unsealed->label, unsealed->plain.size()};
  Status s = pg ? restore_postgres(unsealed->plain, location) : restore_sqlite(std::move(unsealed->plain), location, replace);
  if (!s) return s;
  return summary;
}

}  // namespace kith::lifecycle
