#include "returns/projection/reader.h"

#include <algorithm>
#include <cstdlib>

namespace kith::returns::projection {
namespace {

// SQLite's default SQLITE_MAX_VARIABLE_NUMBER (32,766 since 3.32); PostgreSQL allows 65,535.
constexpr std::size_t kMaxParams = 32000;

// A row read ahead, seen through the Statement interface the projections read
// with; columns are the query's (the union's tag and number are left out).
class KeptRow final : public store::Statement {
 public:
  explicit KeptRow(const std::vector<std::optional<std::string>>& cells) : cells_(cells) {}
  Status bind_all(const std::vector<store::Value>&) override { return Status::invalid("a row read ahead takes no parameters"); }
  Result<bool> step() override { return false; }
  bool is_null(int col) const override { return !cell(col); }
  // As libpq's text results are read (postgres_database.cpp): NULL is 0.
  std::int64_t int64(int col) const override { return cell(col) ? std::strtoll(cell(col)->c_str(), nullptr, 10) : 0; }
  double real(int col) const override { return cell(col) ? std::strtod(cell(col)->c_str(), nullptr) : 0.0; }
  std::string text(int col) const override { return cell(col) ? *cell(col) : std::string(); }

 private:
  // The cell's text; nullptr for NULL (or a column the query does not have).
  const std::string* cell(int col) const {
    return col >= 0 && std::size_t(col) < cells_.size() && cells_[std::size_t(col)] ? &*cells_[std::size_t(col)] : nullptr;
  }
  const std::vector<std::optional<std::string>>& cells_;
};

std::string join(const std::vector<std::string>& items, const std::string& with) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : with) + i;
  return out;
}

// One branch of the union: "SELECT tag, number, CAST(column AS TEXT) ... , padding".
// A DISTINCT query is made distinct first and numbered after, so the number
// does not make every row distinct.
Sql branch(const Query& q, std::size_t tag, std::size_t width) {
  std::vector<std::string> cells;
  for (std::size_t i = 0; i < width; ++i)
    cells.push_back(i < q.columns.size() ? "CAST(" + (q.distinct ? "c" + std::to_string(i) : q.columns[i]) + " AS TEXT)"
                                         : "CAST(NULL AS TEXT)");
  // A DISTINCT query's rows are numbered as they come: its order names columns the wrapper no longer sees.
  std::string number = "ROW_NUMBER() OVER (" + (q.order.empty() || q.distinct ? std::string() : "ORDER BY " + q.order) + ")";
  std::string head = "SELECT " + std::to_string(tag) + ", " + number + ", " + join(cells, ", ");
  if (!q.distinct) return head + q.from;
  std::vector<std::string> named;
  for (std::size_t i = 0; i < q.columns.size(); ++i) named.push_back(q.columns[i] + " AS c" + std::to_string(i));
  return head + " FROM (SELECT DISTINCT " + join(named, ", ") + (q.from + ") d" + std::to_string(tag));
}

}  // namespace

Sql Query::sql() const {
  Sql out{"SELECT " + std::string(distinct ? "DISTINCT " : "") + join(columns, ", "), {}};
  out = out + from;
  if (!order.empty()) out = out + " ORDER BY " + order;
  return out;
}

Sql union_of(const std::vector<Query>& queries) {
  std::size_t width = 0;
  for (const Query& q : queries) width = std::max(width, q.columns.size());
  Sql out;
  for (std::size_t i = 0; i < queries.size(); ++i) out = out + (i ? " UNION ALL " : "") + branch(queries[i], i, width);
  return out + " ORDER BY 1, 2";
}

Status Reader::read_ahead_if_remote(const std::vector<Query>& queries) {
  return db_.dialect() == store::Database::Dialect::kPostgres ? read_ahead(queries) : Status::ok();
}

Status Reader::read_ahead(const std::vector<Query>& queries) {
  // Greedy groups under the parameter limit; a child's reads are one group.
  std::vector<const Query*> group;
  std::size_t params = 0;
  for (const Query& q : queries) {
    if (!group.empty() && params + q.from.params.size() > kMaxParams) {
      KITH_RETURN_IF_ERROR(fetch(group));
      group.clear(), params = 0;
    }
    group.push_back(&q), params += q.from.params.size();
  }
  return group.empty() ? Status::ok() : fetch(group);
}

Status Reader::fetch(const std::vector<const Query*>& group) {
  std::vector<Query> branches;
  std::vector<Ahead*> into;
  for (const Query* q : group) {
    auto [at, fresh] = ahead_.try_emplace(q->sql().text);
    if (!fresh) continue;  // the same query twice: read once
    at->second.params = q->from.params;
    branches.push_back(*q);
    into.push_back(&at->second);
  }
  if (branches.empty()) return Status::ok();
  Sql sql = union_of(branches);
  ++statements_ahead_;
  return db_.run(sql.text, sql.params, [&](const store::Statement& s) {
    auto tag = std::size_t(s.int64(0));
    if (tag >= into.size()) return;
    Cells cells;
    for (std::size_t c = 0; c < branches[tag].columns.size(); ++c)
      cells.push_back(s.is_null(int(c) + 2) ? std::nullopt : std::optional<std::string>(s.text(int(c) + 2)));
    into[tag]->rows.push_back(std::move(cells));
  });
}

Status Reader::run(const Query& q, const std::function<void(const store::Statement&)>& on_row) const {
  Sql sql = q.sql();
  auto it = ahead_.find(sql.text);
  if (it == ahead_.end() || it->second.params != sql.params) return db_.run(sql.text, sql.params, on_row);
  if (!on_row) return Status::ok();
  for (const Cells& cells : it->second.rows) on_row(KeptRow(cells));
  return Status::ok();
}

}  // namespace kith::returns::projection
