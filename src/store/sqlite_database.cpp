// SQLite implementation of Database: WAL journal, foreign keys enforced,
// a busy timeout so concurrent writers wait instead of failing.
#include <sqlite3.h>

#include <filesystem>

#include "store/database.h"
#include "store/migrations.h"
#include "store/postgres_database.h"

namespace kith::store {
namespace {

class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  Status bind_all(const std::vector<Value>& params) override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    if (int(params.size()) != sqlite3_bind_parameter_count(stmt_))
      return Status::invalid("statement expects " + std::to_string(sqlite3_bind_parameter_count(stmt_)) +
                             " parameters, got " + std::to_string(params.size()));
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = int(i) + 1, rc = SQLITE_OK;
      const Value& v = params[i];
      if (std::holds_alternative<std::int64_t>(v)) rc = sqlite3_bind_int64(stmt_, idx, std::get<std::int64_t>(v));
      else if (std::holds_alternative<double>(v)) rc = sqlite3_bind_double(stmt_, idx, std::get<double>(v));
      else if (std::holds_alternative<std::string>(v)) {
        const auto& s = std::get<std::string>(v);
        rc = sqlite3_bind_text(stmt_, idx, s.data(), int(s.size()), SQLITE_TRANSIENT);
      } else rc = sqlite3_bind_null(stmt_, idx);
      if (rc != SQLITE_OK) return Status::invalid(sqlite3_errmsg(db_));
    }
    return Status::ok();
  }

  Result<bool> step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    std::string msg = sqlite3_errmsg(db_);
    sqlite3_reset(stmt_);
    if (rc == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_CONSTRAINT) return Status::conflict(msg);
    if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) return Status::corrupt(msg);
    return Status::io(msg);
  }

  bool is_null(int c) const override { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  std::int64_t int64(int c) const override { return sqlite3_column_int64(stmt_, c); }
  double real(int c) const override { return sqlite3_column_double(stmt_, c); }
  std::string text(int c) const override {
    const unsigned char* t = sqlite3_column_text(stmt_, c);
    return t ? std::string(reinterpret_cast<const char*>(t), size_t(sqlite3_column_bytes(stmt_, c))) : std::string();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteDatabase() override { sqlite3_close_v2(db_); }

  Status exec(std::string_view sql) override {
    char* err = nullptr;
    std::string s(sql);
    if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      int rc = sqlite3_errcode(db_);
      if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
        return Status::corrupt(path_ + ": " + msg);
      return Status::io(path_ + ": " + msg);
    }
    return Status::ok();
  }

  Result<std::unique_ptr<Statement>> prepare(std::string_view sql) override {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.data(), int(sql.size()), &stmt, nullptr) != SQLITE_OK) {
      int rc = sqlite3_errcode(db_);
      std::string msg = path_ + ": " + sqlite3_errmsg(db_);
      if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT) return Status::corrupt(msg);
      return Status::invalid(msg);
    }
    return std::unique_ptr<Statement>(new SqliteStatement(db_, stmt));
  }

  Status begin() override { return exec("BEGIN IMMEDIATE"); }
  Status commit() override { return exec("COMMIT"); }
  Status rollback() override { return exec("ROLLBACK"); }
  const std::string& location() const override { return path_; }
  Dialect dialect() const override { return Dialect::kSqlite; }
  Result<bool> has_table(std::string_view name) override {
    auto n = scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", {std::string(name)});
    if (!n) return n.status();
    return *n > 0;
  }

 private:
  sqlite3* db_;
  std::string path_;
};

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, Database::OpenOptions options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!options.create && !fs::exists(path, ec))
    return Status::not_found("database file '" + path + "' does not exist (create one with: kith synth --db " + path + ")");
  if (fs::is_directory(path, ec)) return Status::invalid("database path '" + path + "' is a directory, not a file");
  int flags = options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0));
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : "out of memory";
    sqlite3_close_v2(raw);
    return Status::io("cannot open database file '" + path + "': " + msg);
  }
  sqlite3_busy_timeout(raw, 10000);
  auto db = std::make_unique<SqliteDatabase>(raw, path);
  // The first real read tells a corrupt or foreign file apart from a database.
  auto version = db->scalar("SELECT count(*) FROM sqlite_master");
  if (!version)
    return Status::corrupt("'" + path + "' is not a Kith database or is damaged: " + version.status().message());
  std::string pragmas = "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
  if (!options.read_only) pragmas += " PRAGMA journal_mode=WAL;";
  KITH_RETURN_IF_ERROR(db->exec(pragmas));
  if (!options.read_only) KITH_RETURN_IF_ERROR(migrate(*db));
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& location, OpenOptions options) {
  if (is_postgres_url(location)) return open_postgres(location, options);
  return open_sqlite(location, options);
}

Status Database::run(std::string_view sql, const std::vector<Value>& params,
                     const std::function<void(const Statement&)>& on_row) {
  auto stmt = prepare(sql);
  if (!stmt) return stmt.status();
  KITH_RETURN_IF_ERROR((*stmt)->bind_all(params));
  for (;;) {
    auto more = (*stmt)->step();
    if (!more) return more.status();
    if (!*more) return Status::ok();
    if (on_row) on_row(**stmt);
  }
}

Result<std::int64_t> Database::scalar(std::string_view sql, const std::vector<Value>& params) {
  std::int64_t v = 0;
  KITH_RETURN_IF_ERROR(run(sql, params, [&](const Statement& s) { v = s.is_null(0) ? 0 : s.int64(0); }));
  return v;
}

}  // namespace kith::store
