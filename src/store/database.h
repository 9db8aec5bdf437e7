// A connection to the case-record database, behind one small interface so
// that the SQLite embedded default and the PostgreSQL server mode share
// every store above it.
//
// SQL dialect: statements use '?' placeholders, ISO-date TEXT, BIGINT ids
// and ANSI SQL that SQLite 3.40 and PostgreSQL 15 both accept (including
// INSERT ... RETURNING and ON CONFLICT). A PostgreSQL backend rewrites '?'
// to $n; nothing else should need to change.
//
// Thread-safety: a Database and its Statements belong to one thread at a
// time. Open one Database per thread (SQLite runs in WAL mode, so readers
// do not block the writer).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/date.h"
#include "model/result.h"

namespace kith::store {

// A parameter or column value. Dates travel as ISO text.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

inline Value null() { return std::monostate{}; }
inline Value text(std::string s) { return Value(std::move(s)); }
inline Value date(Date d) { return Value(d.iso()); }
inline Value date(const std::optional<Date>& d) { return d ? Value(d->iso()) : null(); }
template <typename T>
inline Value opt(const std::optional<T>& v) { return v ? Value(*v) : null(); }

// A prepared statement. Bind parameters (1-based), then step() through rows.
class Statement {
 public:
  virtual ~Statement() = default;
  // Binds every parameter in order, replacing earlier bindings and
  // resetting the statement so it can run again.
  virtual Status bind_all(const std::vector<Value>& params) = 0;
  // Advances to the next row: true when a row is available, false when
  // done. Errors (constraint violations, corruption) come back as Status.
  virtual Result<bool> step() = 0;
  virtual bool is_null(int col) const = 0;
  virtual std::int64_t int64(int col) const = 0;
  virtual double real(int col) const = 0;
  virtual std::string text(int col) const = 0;
  // Column as a date; nullopt when NULL or not an ISO date.
  std::optional<Date> date(int col) const { return is_null(col) ? std::nullopt : Date::parse_iso(text(col)); }
  std::optional<std::int64_t> opt_int64(int col) const {
    return is_null(col) ? std::nullopt : std::optional<std::int64_t>(int64(col));
  }
  std::optional<std::string> opt_text(int col) const {
    return is_null(col) ? std::nullopt : std::optional<std::string>(text(col));
  }
};

class Database {
 public:
  // Which SQL engine is behind the interface, for the few places that must
  // ask the catalogue (schema checks in tests and migrations).
  enum class Dialect { kSqlite, kPostgres };

  struct OpenOptions {
    bool create = false;      // create the file if it does not exist
    bool read_only = false;
  };

  virtual ~Database() = default;

  // Opens a database by location: a file path (SQLite) or a postgresql:// (or
  // postgres://) URL for the server mode. Migrates the schema to the latest
  // version unless read_only. Errors name the file or the URL (password
  // redacted) and what is wrong with it. options.create applies to files only.
  static Result<std::unique_ptr<Database>> open(const std::string& location, OpenOptions options);

  // Runs one or more statements that take no parameters and return no rows.
  virtual Status exec(std::string_view sql) = 0;
  // Prepares one statement. The Statement must not outlive the Database.
  virtual Result<std::unique_ptr<Statement>> prepare(std::string_view sql) = 0;

  // Transactions do not nest; use the Transaction guard below.
  virtual Status begin() = 0;
  virtual Status commit() = 0;
  virtual Status rollback() = 0;

  // Where this database lives, for messages ("kith.db", "postgresql://...");
  // a URL's password is shown as "***".
  virtual const std::string& location() const = 0;
  virtual Dialect dialect() const = 0;
  // Whether a table of that name exists (in the current schema on PostgreSQL).
  virtual Result<bool> has_table(std::string_view name) = 0;

  // Runs sql with params and calls on_row for each row (if given).
  Status run(std::string_view sql, const std::vector<Value>& params,
             const std::function<void(const Statement&)>& on_row = nullptr);
  // Runs a query expected to return one integer (COUNT, MAX ...); 0 when no row or NULL.
  Result<std::int64_t> scalar(std::string_view sql, const std::vector<Value>& params = {});

  // One read of a batch (see run_all and store/batch.h).
  struct Query {
    std::string sql;
    std::vector<Value> params;
    std::function<void(const Statement&)> on_row;
  };
  // Runs independent reads in order, each as run() would, and stops at the
  // first error. Here one after another; the PostgreSQL backend sends them
  // together in one round trip when it can (a server is a round trip away).
  virtual Status run_all(const std::vector<Query>& queries);
};

// Begins a transaction on construction and rolls it back on destruction
// unless commit() succeeded: a failed write leaves nothing half-written.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db), status_(db.begin()) {}
  ~Transaction() {
    if (status_.is_ok() && !done_) (void)db_.rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Why the transaction could not begin; check before writing.
  const Status& begin_status() const { return status_; }
  Status commit() {
    KITH_RETURN_IF_ERROR(status_);
    done_ = true;
    return db_.commit();
  }

 private:
  Database& db_;
  Status status_;
  bool done_ = false;
};

}  // namespace kith::store
