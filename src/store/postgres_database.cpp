// PostgreSQL implementation of Database on libpq.
//
// Parameters travel in text format with a type only where the C++ value
// fixes one (BIGINT, DOUBLE PRECISION); strings and NULLs are sent as
// "unknown" so that the server infers their type from the column they meet,
// as SQLite's dynamic typing would accept them. Results come back as text and
// are converted on read.
//
// Transactions take a transaction-level advisory lock: SQLite's BEGIN
// IMMEDIATE lets one writer in at a time, and the stores rely on that
// (store::next_id reads max(id) + 1; the audit chain reads its head), so the
// server mode serialises write transactions the same way. Reads outside a
// transaction are not blocked.
#include "store/postgres_database.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>

#include "store/migrations.h"

namespace kith::store {
namespace {

// Advisory lock keys: ('kith', 1) guards migrations, ('kith', 2) write transactions.
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(1802073192, 1)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(1802073192, 1)";
constexpr const char* kBeginWrite = "BEGIN; SELECT pg_advisory_xact_lock(1802073192, 2)";

// Type OIDs from pg_type.h (not installed with libpq-dev's public headers).
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kTextOid = 25, kFloat4Oid = 700, kFloat8Oid = 701, kNumericOid = 1700;

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

// Maps a failed result to a Status by SQLSTATE class, naming the database.
Status error_status(const PGresult* res, PGconn* conn, const std::string& where) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = res ? PQresultErrorMessage(res) : PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  msg = where + ": " + msg;
  std::string code = state ? state : "";
  if (code.rfind("23", 0) == 0 || code == "40001" || code == "40P01") return Status::conflict(msg);
  if (code.rfind("42", 0) == 0 || code.rfind("22", 0) == 0 || code == "08P01") return Status::invalid(msg);
  if (code == "XX001" || code == "XX002") return Status::corrupt(msg);
  return Status::io(msg);
}

bool succeeded(const PGresult* res) {
  auto s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

class PostgresStatement final : public Statement {
 public:
  PostgresStatement(PGconn* conn, const std::string& where, std::string sql, int parameters, int serial)
      : conn_(conn), where_(where), sql_(std::move(sql)), parameters_(parameters), serial_(serial) {}
  ~PostgresStatement() override {
    if (!prepared_name_.empty() && PQstatus(conn_) == CONNECTION_OK)
      ResultPtr(PQexec(conn_, ("DEALLOCATE " + prepared_name_).c_str()), &PQclear);
  }

  Status bind_all(const std::vector<Value>& params) override {
    if (int(params.size()) != parameters_)
      return Status::invalid("statement expects " + std::to_string(parameters_) + " parameters, got " +
                             std::to_string(params.size()));
    params_ = params;
    result_.reset();
    row_ = -1;
    return Status::ok();
  }

  Result<bool> step() override {
    if (!result_) {
      KITH_RETURN_IF_ERROR(execute());
      row_ = 0;
    } else {
      ++row_;
    }
    return row_ < PQntuples(result_.get());
  }

  bool is_null(int c) const override { return PQgetisnull(result_.get(), row_, c) != 0; }
  std::int64_t int64(int c) const override {
    const char* v = PQgetvalue(result_.get(), row_, c);
    Oid type = PQftype(result_.get(), c);
    if (type == kBoolOid) return v[0] == 't' ? 1 : 0;
    if (type == kFloat4Oid || type == kFloat8Oid || type == kNumericOid) return std::int64_t(std::strtod(v, nullptr));
    return std::strtoll(v, nullptr, 10);
  }
  double real(int c) const override {
    const char* v = PQgetvalue(result_.get(), row_, c);
    if (PQftype(result_.get(), c) == kBoolOid) return v[0] == 't' ? 1.0 : 0.0;
    return std::strtod(v, nullptr);
  }
  std::string text(int c) const override {
    if (PQgetisnull(result_.get(), row_, c)) return {};
    return std::string(PQgetvalue(result_.get(), row_, c), std::size_t(PQgetlength(result_.get(), row_, c)));
  }

 private:
  // Runs the statement once with the bound parameters. A statement run a
  // second time is prepared on the server, so bulk loads parse it once.
  Status execute() {
    std::vector<std::string> texts(params_.size());
    std::vector<const char*> values(params_.size(), nullptr);
    std::vector<Oid> types(params_.size(), 0);
    for (std::size_t i = 0; i < params_.size(); ++i) {
      const Value& v = params_[i];
      if (auto n = std::get_if<std::int64_t>(&v)) texts[i] = std::to_string(*n), types[i] = kInt8Oid;
      else if (auto d = std::get_if<double>(&v)) texts[i] = double_text(*d), types[i] = kFloat8Oid;
      else if (auto s = std::get_if<std::string>(&v)) texts[i] = *s;
      if (!std::holds_alternative<std::monostate>(v)) values[i] = texts[i].c_str();
    }
    ++runs_;
    if (runs_ == 2 && prepared_name_.empty()) (void)prepare_on_server(types);
    PGresult* res = prepared_name_.empty()
                        ? PQexecParams(conn_, sql_.c_str(), int(values.size()), types.data(), values.data(), nullptr, nullptr, 0)
                        : PQexecPrepared(conn_, prepared_name_.c_str(), int(values.size()), values.data(), nullptr, nullptr, 0);
    // "? IS NULL" with a NULL or string argument gives the server nothing to
    // infer a type from (42P18); such a parameter is text, as in SQLite.
    if (!succeeded(res) && sqlstate(res) == "42P18" && prepared_name_.empty()) {
      PQclear(res);
      for (Oid& t : types) if (t == 0) t = kTextOid;
      res = PQexecParams(conn_, sql_.c_str(), int(values.size()), types.data(), values.data(), nullptr, nullptr, 0);
    }
    result_ = ResultPtr(res, &PQclear);
    if (!succeeded(res)) {
      Status s = error_status(res, conn_, where_);
      result_.reset();
      return s;
    }
    return Status::ok();
  }

  bool prepare_on_server(std::vector<Oid> types) {
    std::string name = "kith_s" + std::to_string(serial_);
    ResultPtr res(PQprepare(conn_, name.c_str(), sql_.c_str(), int(types.size()), types.data()), &PQclear);
    if (!succeeded(res.get())) return false;  // run unprepared; the error, if real, shows on execution
    prepared_name_ = name;
    return true;
  }

  static std::string sqlstate(const PGresult* res) {
    const char* s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    return s ? s : "";
  }
  static std::string double_text(double d) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", d);
    return buf;
  }

  PGconn* conn_;
  const std::string& where_;
  std::string sql_;
  int parameters_;
  int serial_;
  int runs_ = 0;
  std::string prepared_name_;
  std::vector<Value> params_;
  ResultPtr result_{nullptr, &PQclear};
  int row_ = -1;
};

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(PGconn* conn, std::string where) : conn_(conn), where_(std::move(where)) {}
  ~PostgresDatabase() override { PQfinish(conn_); }

  Status exec(std::string_view sql) override {
    ResultPtr res(PQexec(conn_, std::string(sql).c_str()), &PQclear);
    return succeeded(res.get()) ? Status::ok() : error_status(res.get(), conn_, where_);
  }

  Result<std::unique_ptr<Statement>> prepare(std::string_view sql) override {
    int parameters = 0;
    std::string rewritten = rewrite_placeholders(sql, parameters);
    return std::unique_ptr<Statement>(new PostgresStatement(conn_, where_, std::move(rewritten), parameters, ++serial_));
  }

  Status begin() override { return exec(kBeginWrite); }
  Status commit() override { return exec("COMMIT"); }
  Status rollback() override { return exec("ROLLBACK"); }
  const std::string& location() const override { return where_; }
  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<bool> has_table(std::string_view name) override {
    auto n = scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?",
                    {std::string(name)});
    if (!n) return n.status();
    return *n > 0;
  }

 private:
  PGconn* conn_;
  std::string where_;
  int serial_ = 0;
};

}  // namespace

bool is_postgres_url(std::string_view location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string redact_url(std::string_view url) {
  std::string out(url);
  std::size_t scheme = out.find("://");
  if (scheme == std::string::npos) return out;
  std::size_t start = scheme + 3;
  std::size_t end = out.find_first_of("/?", start);
  if (end == std::string::npos) end = out.size();
  std::size_t at = out.rfind('@', end);
  if (at != std::string::npos && at >= start) {
    std::size_t colon = out.find(':', start);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  // A password can also be a query parameter: ?password=... or &password=...
  for (std::size_t p = out.find("password=", 0); p != std::string::npos; p = out.find("password=", p + 1)) {
    if (p == 0 || (out[p - 1] != '?' && out[p - 1] != '&')) continue;
    std::size_t value = p + 9, stop = out.find('&', value);
    out.replace(value, (stop == std::string::npos ? out.size() : stop) - value, "***");
  }
  return out;
}

std::string rewrite_placeholders(std::string_view sql, int& parameters) {
  parameters = 0;
  std::string out;
  out.reserve(sql.size() + 16);
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    auto copy_until = [&](std::string_view close) {  // copies a quoted run or comment verbatim
      std::size_t stop = sql.find(close, i + 1);
      stop = stop == std::string_view::npos ? sql.size() : stop + close.size();
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    };
    if (c == '\'') copy_until("'");        // '' inside a string reads as two adjacent strings: same result
    else if (c == '"') copy_until("\"");
    else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') copy_until("\n");
    else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') copy_until("*/");
    else if (c == '?') out += "$" + std::to_string(++parameters);
    else out += c;
  }
  return out;
}

Result<std::unique_ptr<Database>> open_postgres(const std::string& url, Database::OpenOptions options) {
  std::string where = redact_url(url);
  // Our settings first: anything the URL names itself overrides them.
  const char* keys[] = {"application_name", "client_encoding", "connect_timeout", "dbname", nullptr};
  const char* values[] = {"kith", "UTF8", "10", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (!conn) return Status::io(where + ": out of memory connecting to PostgreSQL");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return Status::io("cannot connect to PostgreSQL database '" + where + "': " + msg);
  }
  if (PQserverVersion(conn) < 150000) {
    int v = PQserverVersion(conn);
    PQfinish(conn);
    return Status::invalid("'" + where + "' is PostgreSQL " + std::to_string(v / 10000) + "; Kith needs 15 or newer");
  }
  auto db = std::make_unique<PostgresDatabase>(conn, where);
  // Notices (e.g. "relation already exists, skipping") are not errors; keep them off stderr.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  // Writers wait for each other as SQLite's busy timeout lets them, then fail clearly.
  KITH_RETURN_IF_ERROR(db->exec("SET lock_timeout = '10s'; SET TIME ZONE 'UTC'"));
  if (options.read_only) {
    KITH_RETURN_IF_ERROR(db->exec("SET default_transaction_read_only = on"));
    return std::unique_ptr<Database>(std::move(db));
  }
  KITH_RETURN_IF_ERROR(db->exec(kMigrationLock));
  Status migrated = migrate(*db);
  Status unlocked = db->exec(kMigrationUnlock);
  KITH_RETURN_IF_ERROR(migrated);
  KITH_RETURN_IF_ERROR(unlocked);
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace kith::store
