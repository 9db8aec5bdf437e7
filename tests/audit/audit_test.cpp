#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "audit/audit_log.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"

namespace kith::audit {
namespace {

using testing::TempDir;

// Every chain test on SQLite and on PostgreSQL (Audit/AuditTest.X/sqlite, .../postgres).
class AuditTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    location_ = testing::new_database(backend(), dir_, "a.db");
    auto db = store::Database::open(location_, {.create = true});
    ASSERT_TRUE(db.is_ok()) << db.status().message();
    db_ = std::move(*db);
    auto log = AuditLog::open(AuditLog::key_path_for(dir_.file("a.db")), true);
    ASSERT_TRUE(log.is_ok()) << log.status().message();
    log_.emplace(std::move(*log));
    for (int i = 1; i <= 10; ++i) {
      store::Transaction tx(*db_);
      ASSERT_TRUE(log_->append(*db_, {"alex", "read", "person", std::to_string(i), "casework"}).is_ok());
      ASSERT_TRUE(tx.commit().is_ok());
    }
  }
  VerifyReport verify() { return *log_->verify(*db_); }

  TempDir dir_;
  std::string location_;
  std::unique_ptr<store::Database> db_;
  std::optional<AuditLog> log_;
};

TEST_P(AuditTest, AnUntouchedChainVerifies) {
  VerifyReport r = verify();
  EXPECT_TRUE(r.ok()) << r.problems.front();
  EXPECT_EQ(r.entries, 10);
}

TEST_P(AuditTest, AnAlteredEntryIsDetectedAtItsSequenceNumber) {
  ASSERT_TRUE(db_->run("UPDATE audit_entry SET actor = 'mallory' WHERE seq = 4", {}).is_ok());
  VerifyReport r = verify();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.problems.front().find("entry 4"), std::string::npos) << r.problems.front();
}

TEST_P(AuditTest, ADeletedEntryInTheMiddleIsDetected) {
  ASSERT_TRUE(db_->run("DELETE FROM audit_entry WHERE seq = 6", {}).is_ok());
  VerifyReport r = verify();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.problems.front().find("missing"), std::string::npos) << r.problems.front();
}

TEST_P(AuditTest, DeletingTheNewestEntriesIsDetected) {
  ASSERT_TRUE(db_->run("DELETE FROM audit_entry WHERE seq >= 9", {}).is_ok());
  EXPECT_FALSE(verify().ok());
}

TEST_P(AuditTest, MovingTheHeadBackWithoutTheKeyIsDetected) {
  std::string hash8;
  ASSERT_TRUE(db_->run("SELECT hash FROM audit_entry WHERE seq = 8", {}, [&](const store::Statement& s) { hash8 = s.text(0); }).is_ok());
  ASSERT_TRUE(db_->run("DELETE FROM audit_entry WHERE seq >= 9", {}).is_ok());
  ASSERT_TRUE(db_->run("UPDATE audit_head SET seq = 8, hash = ?", {hash8}).is_ok());
  VerifyReport r = verify();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.problems.front().find("head"), std::string::npos) << r.problems.front();
}

TEST_P(AuditTest, RecomputingAHashWithoutTheKeyDoesNotHelp) {
  // Someone with the database but another key rewrites entry 3 and its hash.
  std::ofstream(dir_.file("other.key")) << std::string(32, 'k');
  auto other = AuditLog::open(dir_.file("other.key"), false);
  ASSERT_TRUE(other.is_ok());
  EXPECT_FALSE(other->verify(*db_)->ok());
}

TEST_P(AuditTest, HistoryListsAReadNewestFirst) {
  auto h = log_->history(*db_, "person", "3", 5);
  ASSERT_TRUE(h.is_ok());
  ASSERT_EQ(h->size(), 1u);
  EXPECT_EQ((*h)[0].event.actor, "alex");
  EXPECT_EQ((*h)[0].seq, 3);
}

// Two connections append at the same time, as two requests of kith serve do:
// each append reads the chain head and writes the entry after it, so two
// appends that both read the same head would fork the chain (or collide on
// seq). Write transactions are serialised (BEGIN IMMEDIATE on SQLite, an
// advisory lock on PostgreSQL), so every entry must land, once, in one chain.
TEST_P(AuditTest, TwoConnectionsAppendingAtOnceKeepOneChain) {
  constexpr int kPerConnection = 40;
  auto append_many = [&](const std::string& actor, Status* failed) {
    auto db = store::Database::open(location_, {});
    if (!db) {
      *failed = db.status();
      return;
    }
    for (int i = 0; i < kPerConnection && failed->is_ok(); ++i) {
      store::Transaction tx(**db);
      Status s = tx.begin_status();
      if (s) s = log_->append(**db, {actor, "read", "person", std::to_string(i), "casework"});
      if (s) s = tx.commit();
      if (!s) *failed = s;
    }
  };
  Status first = Status::ok(), second = Status::ok();
  std::thread a(append_many, "first", &first), b(append_many, "second", &second);
  a.join();
  b.join();
  ASSERT_TRUE(first.is_ok()) << first.message();
  ASSERT_TRUE(second.is_ok()) << second.message();
  VerifyReport r = verify();
  EXPECT_TRUE(r.ok()) << r.problems.front();
  EXPECT_EQ(r.entries, 10 + 2 * kPerConnection);  // the fixture's ten (by alex), then forty from each
  EXPECT_EQ(*db_->scalar("SELECT count(*) FROM audit_entry WHERE actor = 'first'"), kPerConnection);
  EXPECT_EQ(*db_->scalar("SELECT count(*) FROM audit_entry WHERE actor = 'second'"), kPerConnection);
  EXPECT_EQ(*db_->scalar("SELECT count(DISTINCT seq) FROM audit_entry"), 10 + 2 * kPerConnection);
}

INSTANTIATE_TEST_SUITE_P(Audit, AuditTest, testing::kBothBackends, testing::BackendName());

TEST(AuditKey, AMissingKeyIsNamed) {
  TempDir dir;
  auto log = AuditLog::open(dir.file("none.key"), false);
  ASSERT_FALSE(log.is_ok());
  EXPECT_NE(log.status().message().find("none.key"), std::string::npos);
}

TEST(AuditKey, AShortKeyIsCorrupt) {
  TempDir dir;
  std::ofstream(dir.file("short.key")) << "abc";
  auto log = AuditLog::open(dir.file("short.key"), false);
  ASSERT_FALSE(log.is_ok());
  EXPECT_EQ(log.status().code(), Status::Code::kCorrupt);
}

}  // namespace
}  // namespace kith::audit
