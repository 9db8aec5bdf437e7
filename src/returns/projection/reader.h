// The reads of a projection, run one statement each (a council's export) or
// read ahead together as one UNION ALL statement (a child's projection: the
// child record page's return checks), then replayed in place of running them.
// On PostgreSQL every statement is a round trip; a child's SSDA903 record was
// eighteen of them and its CIN record ten (docs/PERFORMANCE.md, "Fewer
// statements per child record").
//
// Thread-safety: a Reader belongs to one thread at a time, as its Database.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/result.h"
#include "returns/projection/collection_year.h"
#include "store/database.h"

namespace kith::returns::projection {

// One read, kept in parts so that it can run on its own or as one branch of
// a UNION ALL: its select list, the rest of it (" FROM ... WHERE ...", with
// the values of its '?'), and its order.
struct Query {
  Query(std::vector<std::string> columns_, Sql from_, std::string order_ = "", bool distinct_ = false)
      : columns(std::move(columns_)), from(std::move(from_)), order(std::move(order_)), distinct(distinct_) {}
  std::vector<std::string> columns;  // one expression each
  Sql from;
  std::string order;  // the ORDER BY list; "" for none
  bool distinct = false;  // read ahead, a DISTINCT query's order is not kept: give it none
  // The query on its own: SELECT [DISTINCT] columns from [ORDER BY order].
  Sql sql() const;
};

// The UNION ALL that reads the queries in one statement: each branch's rows are
// tagged with the branch's place (column 0) and numbered in the branch's order
// (column 1); the query's columns follow as TEXT (a union has one type per
// column on PostgreSQL; a shorter branch is padded with NULLs), and the rows
// come ordered by branch and number. Exposed for tests.
Sql union_of(const std::vector<Query>& queries);

class Reader {
 public:
  explicit Reader(store::Database& db) : db_(db) {}

  // Reads the queries ahead, in as few statements as SQLite's limit on
  // parameters allows (one for a few people: all of a child's projection);
  // run() then replays their rows. Errors: the database's.
  Status read_ahead(const std::vector<Query>& queries);
  // read_ahead where it pays: on PostgreSQL, where each statement is a round
  // trip. On SQLite a statement is a function call and its cached statements
  // take less CPU than the union (child record page p50 1.4 against 2.2 ms,
  // docs/PERFORMANCE.md), so there it does nothing and run() reads each query.
  Status read_ahead_if_remote(const std::vector<Query>& queries);

  // Calls on_row for each row of q, in q's order: the rows read ahead when q
  // was among them (same SQL and values), else from the database. The
  // Statement's columns are q's, with the types the database would give
  // (text converted as SQLite and libpq results convert it). Errors: the database's.
  Status run(const Query& q, const std::function<void(const store::Statement&)>& on_row) const;

  // How many statements read_ahead ran (tests pin the count).
  int statements_ahead() const { return statements_ahead_; }

 private:
  using Cells = std::vector<std::optional<std::string>>;
  struct Ahead {
    std::vector<store::Value> params;
    std::vector<Cells> rows;
  };
  Status fetch(const std::vector<const Query*>& group);
  store::Database& db_;
  std::unordered_map<std::string, Ahead> ahead_;  // by the query's own SQL text
  int statements_ahead_ = 0;
};

}  // namespace kith::returns::projection
