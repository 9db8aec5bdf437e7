// A batch of independent reads that one page needs together. Each read is
// added with what to do with its rows (and, with then(), what to work out
// once every row is in), and the batch runs them at once: on PostgreSQL in
// one round trip to the server instead of one per read, on SQLite in turn.
// A page of 30 small reads spends most of its time on round trips when the
// database is a server, and each round trip is two wake-ups on a busy machine.
//
// Thread-safety: as the Database it runs on (one thread at a time).
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "store/database.h"

namespace kith::store {

class Batch {
 public:
  explicit Batch(Database& db) : db_(db) {}

  // Adds a read; on_row is called for each of its rows when the batch runs.
  // What on_row captures must outlive run().
  void add(std::string sql, std::vector<Value> params, std::function<void(const Statement&)> on_row) {
    queries_.push_back({std::move(sql), std::move(params), std::move(on_row)});
  }
  // Adds a step to run after every read has (in the order added): typically
  // deriving a status from the rows read. Its error ends the run.
  void then(std::function<Status()> step) { steps_.push_back(std::move(step)); }

  // Runs the reads in the order added, then the steps; the first error ends it.
  Status run() {
    KITH_RETURN_IF_ERROR(db_.run_all(queries_));
    for (const auto& step : steps_) KITH_RETURN_IF_ERROR(step());
    return Status::ok();
  }

  Database& db() { return db_; }

 private:
  Database& db_;
  std::vector<Database::Query> queries_;
  std::vector<std::function<Status()>> steps_;
};

// Runs one reader written for batches on its own, for callers that need only
// it: read_alone<SendStatus>(db, add_send_status, person) calls
// add_send_status(batch, person, out), runs the batch and returns out.
template <typename T, typename Add, typename... Args>
Result<T> read_alone(Database& db, Add add, Args&&... args) {
  T out{};
  Batch batch(db);
  add(batch, std::forward<Args>(args)..., out);
  KITH_RETURN_IF_ERROR(batch.run());
  return out;
}

}  // namespace kith::store
