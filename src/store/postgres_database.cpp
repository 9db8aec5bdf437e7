// PostgreSQL implementation of Database on libpq.
//
// Parameters travel in text format with a type only where the C++ value
// fixes one (BIGINT, DOUBLE PRECISION); strings and NULLs are sent as
// "unknown" so that the server infers their type from the column they meet,
// as SQLite's dynamic typing would accept them. Results come back as text and
// are converted on read (PQgetvalue points into the result: no copy until text()).
//
// Each connection keeps its statements prepared on the server: the first run
// of a statement text (with a given parameter signature) is one round trip as
// an unnamed statement, the second prepares it (PQprepare) and every run after
// that is PQexecPrepared by name, so the server parses and plans a page's
// statements once per connection, not once per request (bench/statements_bench).
//
// Transactions take a transaction-level advisory lock: SQLite's BEGIN
// IMMEDIATE lets one writer in at a time, and the stores rely on that
// (store::next_id reads max(id) + 1; the audit chain reads its head), so the
// server mode serialises write transactions the same way. Reads outside a
// transaction are not blocked. BEGIN and the lock travel with the
// transaction's first statement (a pipeline: one round trip instead of two).
#include "store/postgres_database.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "store/migrations.h"

namespace kith::store {
namespace {

// Advisory lock keys: ('kith', 1) guards migrations, ('kith', 2) write transactions.
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(1802073192, 1)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(1802073192, 1)";
constexpr const char* kBeginWrite = "BEGIN; SELECT pg_advisory_xact_lock(1802073192, 2)";
constexpr const char* kWriteLock = "SELECT pg_advisory_xact_lock(1802073192, 2)";

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

class PostgresDatabase;

// What one execution needs: the values as text and the types fixed by the C++ values.
struct Bound {
  std::vector<std::string> texts;
  std::vector<const char*> values;
  std::vector<Oid> types;
  std::string signature;  // one letter per parameter: i(nt8), d(ouble), u(nknown: text or NULL)
};

class PostgresStatement final : public Statement {
 public:
  PostgresStatement(PostgresDatabase& db, std::string sql, int parameters)
      : db_(db), sql_(std::move(sql)), parameters_(parameters) {}

  Status bind_all(const std::vector<Value>& params) override {
    if (int(params.size()) != parameters_)
      return Status::invalid("statement expects " + std::to_string(parameters_) + " parameters, got " +
                             std::to_string(params.size()));
    params_ = params;
    result_.reset();
    row_ = -1;
    return Status::ok();
  }

  Result<bool> step() override;
  // Takes a result already fetched (a batch's): step() then walks its rows.
  void adopt(ResultPtr result) {
    result_ = std::move(result);
    row_ = -1;
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
  PostgresDatabase& db_;
  std::string sql_;  // already rewritten to $n
  int parameters_;
  std::vector<Value> params_;
  ResultPtr result_{nullptr, &PQclear};
  int row_ = -1;
};

std::string double_text(double d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

std::string sqlstate(const PGresult* res) {
  const char* s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  return s ? s : "";
}

Bound bind_values(const std::vector<Value>& params) {
  Bound b;
  b.texts.resize(params.size());
  b.values.assign(params.size(), nullptr);
  b.types.assign(params.size(), 0);
  b.signature.assign(params.size(), 'u');
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    if (auto n = std::get_if<std::int64_t>(&v)) b.texts[i] = std::to_string(*n), b.types[i] = kInt8Oid, b.signature[i] = 'i';
    else if (auto d = std::get_if<double>(&v)) b.texts[i] = double_text(*d), b.types[i] = kFloat8Oid, b.signature[i] = 'd';
    else if (auto s = std::get_if<std::string>(&v)) b.texts[i] = *s;
    if (!std::holds_alternative<std::monostate>(v)) b.values[i] = b.texts[i].c_str();
  }
  return b;
}

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(PGconn* conn, std::string where) : conn_(conn), where_(std::move(where)) {}
  ~PostgresDatabase() override { PQfinish(conn_); }

  Status exec(std::string_view sql) override {
    std::string text(sql);
    if (pending_begin_) text = std::string(kBeginWrite) + "; " + text, pending_begin_ = false;
    ResultPtr res(PQexec(conn_, text.c_str()), &PQclear);
    return succeeded(res.get()) ? Status::ok() : error_status(res.get(), conn_, where_);
  }

  Result<std::unique_ptr<Statement>> prepare(std::string_view sql) override {
    const Rewritten& r = rewritten(sql);
    return std::unique_ptr<Statement>(new PostgresStatement(*this, r.sql, r.parameters));
  }

  // BEGIN and the write lock travel with the transaction's first statement
  // (one round trip, not two); a transaction that ran nothing sends nothing.
  Status begin() override {
    if (in_transaction()) return exec(kBeginWrite);  // as before: the server warns and carries on (transactions do not nest)
    pending_begin_ = true;
    return Status::ok();
  }
  Status commit() override { return pending_begin_ ? (pending_begin_ = false, Status::ok()) : exec("COMMIT"); }
  Status rollback() override { return pending_begin_ ? (pending_begin_ = false, Status::ok()) : exec("ROLLBACK"); }
  const std::string& location() const override { return where_; }
  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<bool> has_table(std::string_view name) override {
    auto n = scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?",
                    {std::string(name)});
    if (!n) return n.status();
    return *n > 0;
  }

  // Runs sql (already $n) with params: the first time a text and signature is
  // seen on this connection as a one-round-trip unnamed statement, from the
  // second time prepared on the server once and executed by name.
  Result<ResultPtr> execute(const std::string& sql, const std::vector<Value>& params) {
    Bound b = bind_values(params);
    if (plans_.size() >= kMaxPlans) forget_plans();
    Plan& plan = plan_for(sql, b);
    if (pending_begin_) return execute_first_in_transaction(sql, plan, b);
    if (plan.runs == 2 && plan.name.empty()) prepare_plan(sql, plan);
    if (!plan.name.empty()) return run_prepared(sql, plan, b);
    PGresult* res = PQexecParams(conn_, sql.c_str(), int(b.values.size()), plan.types.data(), b.values.data(), nullptr, nullptr, 0);
    // "? IS NULL" with a NULL or string argument gives the server nothing to
    // infer a type from (42P18); such a parameter is text, as in SQLite.
    if (!succeeded(res) && sqlstate(res) == "42P18" && !in_transaction()) {
      PQclear(res);
      for (Oid& t : plan.types) if (t == 0) t = kTextOid;
      res = PQexecParams(conn_, sql.c_str(), int(b.values.size()), plan.types.data(), b.values.data(), nullptr, nullptr, 0);
    }
    return finish(res);
  }

  Status run_all(const std::vector<Query>& queries) override;

 private:
  struct Rewritten {
    std::string sql;
    int parameters = 0;
  };
  // A statement text and parameter signature on this connection.
  struct Plan {
    std::vector<Oid> types;  // the types that ran the first time (after any text fallback)
    int runs = 0;
    std::string name;        // the server-side prepared statement, once prepared
  };
  // Dynamic SQL (a table name spliced in) adds texts; past this many the cache starts again.
  static constexpr std::size_t kMaxPlans = 2000;

  const Rewritten& rewritten(std::string_view sql) {
    auto it = rewritten_.find(std::string(sql));
    if (it != rewritten_.end()) return it->second;
    if (rewritten_.size() >= kMaxPlans) rewritten_.clear();
    Rewritten r;
    r.sql = rewrite_placeholders(sql, r.parameters);
    return rewritten_.emplace(std::string(sql), std::move(r)).first->second;
  }

  bool in_transaction() const { return pending_begin_ || PQtransactionStatus(conn_) != PQTRANS_IDLE; }

  // The plan of a statement text and parameter signature on this connection,
  // with the types of its first run kept and this run counted.
  Plan& plan_for(const std::string& sql, const Bound& b) {
    Plan& plan = plans_[b.signature + '\x1f' + sql];
    if (plan.types.empty() && !b.types.empty()) plan.types = b.types;
    ++plan.runs;
    return plan;
  }

  // Pipeline mode (a batch, or a transaction's first statement): what is sent
  // is read back in order, each result followed by a NULL, up to the Sync.
  bool send_plain(const char* sql) { return PQsendQueryParams(conn_, sql, 0, nullptr, nullptr, nullptr, nullptr, 0) == 1; }
  // Queues a statement as execute() would run it: by name once prepared,
  // prepared on the way on its second run (under the name left in preparing),
  // else unnamed. False when libpq could not queue it.
  bool send_statement(const std::string& sql, const Plan& plan, const Bound& b, std::string& preparing) {
    int n = int(b.values.size());
    if (plan.runs == 2 && plan.name.empty()) {
      preparing = "kith_p" + std::to_string(++serial_);
      if (PQsendPrepare(conn_, preparing.c_str(), sql.c_str(), n, plan.types.data()) != 1) return false;
    }
    const std::string& name = preparing.empty() ? plan.name : preparing;
    return name.empty() ? PQsendQueryParams(conn_, sql.c_str(), n, plan.types.data(), b.values.data(), nullptr, nullptr, 0) == 1
                        : PQsendQueryPrepared(conn_, name.c_str(), n, b.values.data(), nullptr, nullptr, 0) == 1;
  }
  ResultPtr next_result() {
    ResultPtr res(PQgetResult(conn_), &PQclear);
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
    return res;
  }
  // Reads the result of a prepare sent with its statement: the plan takes the
  // name, or (aborted by an earlier failure) its next run counts as the first.
  void read_prepared(Plan& plan, const std::string& preparing) {
    ResultPtr res = next_result();
    if (succeeded(res.get())) plan.name = preparing;
    else plan.runs = 1;
  }
  // Reads whatever is left up to the Sync, and leaves pipeline mode.
  Status end_pipeline() {
    while (PGresult* res = PQgetResult(conn_)) {
      bool sync = PQresultStatus(res) == PGRES_PIPELINE_SYNC;
      PQclear(res);
      if (sync) break;
    }
    return PQexitPipelineMode(conn_) == 1 ? Status::ok() : Status::io(where_ + ": " + PQerrorMessage(conn_));
  }

  // A transaction's first statement, after BEGIN and the write lock, in one
  // pipeline. A failure of BEGIN or the lock (lock_timeout) is the one reported;
  // any failure leaves the transaction aborted, for the caller to roll back.
  Result<ResultPtr> execute_first_in_transaction(const std::string& sql, Plan& plan, const Bound& b) {
    pending_begin_ = false;
    if (PQenterPipelineMode(conn_) != 1) {
      KITH_RETURN_IF_ERROR(exec(kBeginWrite));  // pending_begin_ is off: sent as it is
      return finish(PQexecParams(conn_, sql.c_str(), int(b.values.size()), plan.types.data(), b.values.data(), nullptr, nullptr, 0));
    }
    std::string preparing;
    bool sent = send_plain("BEGIN") && send_plain(kWriteLock) && send_statement(sql, plan, b, preparing);
    bool synced = PQpipelineSync(conn_) == 1;
    ResultPtr begun(nullptr, &PQclear), locked(nullptr, &PQclear), res(nullptr, &PQclear);
    if (sent && synced) {
      begun = next_result();
      locked = next_result();
      if (!preparing.empty()) read_prepared(plan, preparing);
      res = next_result();
    }
    KITH_RETURN_IF_ERROR(end_pipeline());
    if (!sent || !synced) return Status::io(where_ + ": " + PQerrorMessage(conn_));
    if (!succeeded(begun.get())) return error_status(begun.get(), conn_, where_);
    if (!succeeded(locked.get())) return error_status(locked.get(), conn_, where_);
    if (!succeeded(res.get()) && sqlstate(res.get()) == "0A000") {  // as run_prepared: the plan is dropped; inside a transaction, a conflict
      plan.name.clear();
      plan.runs = 1;
      return Status::conflict(where_ + ": a table changed during the transaction; try again");
    }
    return finish(res.release());
  }

  // Prepares with the types that already ran once, so it cannot fail on types;
  // any other failure leaves the plan unnamed and the error shows on execution.
  void prepare_plan(const std::string& sql, Plan& plan) {
    std::string name = "kith_p" + std::to_string(++serial_);
    ResultPtr res(PQprepare(conn_, name.c_str(), sql.c_str(), int(plan.types.size()), plan.types.data()), &PQclear);
    if (succeeded(res.get())) plan.name = std::move(name);
  }

  Result<ResultPtr> run_prepared(const std::string& sql, Plan& plan, const Bound& b) {
    PGresult* res = PQexecPrepared(conn_, plan.name.c_str(), int(b.values.size()), b.values.data(), nullptr, nullptr, 0);
    // A table whose columns changed since the plan (0A000: "cached plan must not
    // change result type"): drop the plan; outside a transaction run it afresh.
    if (!succeeded(res) && sqlstate(res) == "0A000") {
      PQclear(res);
      ResultPtr(PQexec(conn_, ("DEALLOCATE " + plan.name).c_str()), &PQclear);
      plan.name.clear();
      plan.runs = 1;
      if (in_transaction()) return Status::conflict(where_ + ": a table changed during the transaction; try again");
      res = PQexecParams(conn_, sql.c_str(), int(b.values.size()), plan.types.data(), b.values.data(), nullptr, nullptr, 0);
    }
    return finish(res);
  }

  Result<ResultPtr> finish(PGresult* res) {
    ResultPtr out(res, &PQclear);
    if (!succeeded(res)) return error_status(res, conn_, where_);
    return out;
  }

  void forget_plans() {
    ResultPtr(PQexec(conn_, "DEALLOCATE ALL"), &PQclear);
    plans_.clear();
  }

  PGconn* conn_;
  std::string where_;
  bool pending_begin_ = false;  // begin() was called; BEGIN goes with the next statement
  int serial_ = 0;
  std::unordered_map<std::string, Rewritten> rewritten_;
  std::unordered_map<std::string, Plan> plans_;
};

// A batch travels in pipeline mode: every query (and the preparing of those
// run for the second time) is sent, then one Sync, then the results are read
// in order: one round trip. Between Syncs the server runs them as one implicit
// transaction, and an error aborts the rest; so inside an explicit transaction
// (where that would abort the caller's work) and after any failure, queries run
// one by one through execute(), which also knows the retries (42P18, 0A000) and
// reports the error as a single run would.
Status PostgresDatabase::run_all(const std::vector<Query>& queries) {
  if (queries.size() < 2 || in_transaction() || plans_.size() + queries.size() >= kMaxPlans) return Database::run_all(queries);
  struct Sent {
    std::string sql;
    Plan* plan = nullptr;
    std::string preparing;  // the name being prepared in this batch, if any
    ResultPtr result{nullptr, &PQclear};
  };
  std::vector<Sent> sent(queries.size());
  if (PQenterPipelineMode(conn_) != 1) return Database::run_all(queries);
  bool sending = true;
  for (std::size_t i = 0; i < queries.size() && sending; ++i) {
    const Rewritten& r = rewritten(queries[i].sql);
    if (int(queries[i].params.size()) != r.parameters) break;  // reported by the one-by-one run below
    Bound b = bind_values(queries[i].params);
    Sent& q = sent[i];
    q.sql = r.sql;
    q.plan = &plan_for(q.sql, b);
    sending = send_statement(q.sql, *q.plan, b, q.preparing);
    if (!sending) q.plan = nullptr;  // not sent: runs below
  }
  bool synced = PQpipelineSync(conn_) == 1;
  for (Sent& q : sent) {
    if (!synced || !q.plan) break;
    if (!q.preparing.empty()) read_prepared(*q.plan, q.preparing);
    q.result = next_result();
  }
  KITH_RETURN_IF_ERROR(end_pipeline());
  for (std::size_t i = 0; i < queries.size(); ++i) {
    if (!sent[i].result || !succeeded(sent[i].result.get())) {  // this one and the rest, one by one
      for (; i < queries.size(); ++i) KITH_RETURN_IF_ERROR(run(queries[i].sql, queries[i].params, queries[i].on_row));
      break;
    }
    PostgresStatement rows(*this, sent[i].sql, 0);
    rows.adopt(std::move(sent[i].result));
    for (;;) {
      auto more = rows.step();
      if (!more) return more.status();
      if (!*more) break;
      if (queries[i].on_row) queries[i].on_row(rows);
    }
  }
  return Status::ok();
}

Result<bool> PostgresStatement::step() {
  if (!result_) {
    auto res = db_.execute(sql_, params_);
    if (!res) return res.status();
    result_ = std::move(*res);
    row_ = 0;
  } else {
    ++row_;
  }
  return row_ < PQntuples(result_.get());
}

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
