// Copies a SQLite database's write-ahead log into the database file from a
// thread of its own, so that no commit on a request's path waits for it.
//
// SQLite normally checkpoints inside the commit that crosses 1,000 log pages:
// that commit then syncs the log and the file while holding the write lock, and
// every request behind it waits (a 1.1 s stall at 200 sessions while the disk
// was busy, docs/PERFORMANCE.md). The server's connections turn that off
// (PRAGMA wal_autocheckpoint=0, App::db) and one Checkpointer runs beside them.
// PostgreSQL checkpoints on its own: there the Checkpointer does nothing.
//
// Thread-safety: start() and the destructor are called from one thread; the
// checkpoints run on the Checkpointer's own thread and connection.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "model/result.h"
#include "store/database.h"

namespace kith::web {

class Checkpointer {
 public:
  // Opens its own connection to `location` and checkpoints every `interval`
  // (passive: never waits for readers or writers). Errors name the location.
  static Result<std::unique_ptr<Checkpointer>> start(const std::string& location,
                                                     std::chrono::milliseconds interval = std::chrono::milliseconds(200));
  // Stops the thread after its current checkpoint; what is still in the log
  // stays there, safe, for the next connection or checkpoint.
  ~Checkpointer();

 private:
  Checkpointer(std::unique_ptr<store::Database> db, std::chrono::milliseconds interval);
  void run();

  std::unique_ptr<store::Database> db_;
  std::chrono::milliseconds interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kith::web
