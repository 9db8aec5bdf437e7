#include "web/checkpointer.h"

#include <spdlog/spdlog.h>

namespace kith::web {

Result<std::unique_ptr<Checkpointer>> Checkpointer::start(const std::string& location, std::chrono::milliseconds interval) {
  auto db = store::Database::open(location, {});
  if (!db) return db.status();
  return std::unique_ptr<Checkpointer>(new Checkpointer(std::move(*db), interval));
}

Checkpointer::Checkpointer(std::unique_ptr<store::Database> db, std::chrono::milliseconds interval)
    : db_(std::move(db)), interval_(interval) {
  if (db_->dialect() == store::Database::Dialect::kSqlite) thread_ = std::thread([this] { run(); });
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void Checkpointer::run() {
  std::unique_lock lock(mu_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    // A failed round leaves the log as it was, safe; the next round tries again.
    if (Status s = db_->exec("PRAGMA wal_checkpoint(PASSIVE)"); !s.ok()) spdlog::warn("write-ahead log checkpoint: {}", s.message());
    lock.lock();
  }
}

}  // namespace kith::web
