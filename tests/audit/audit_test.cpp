#include <gtest/gtest.h>

#include <fstream>

#include "audit/audit_log.h"
#include "fixtures/tiny_council.h"

namespace kith::audit {
namespace {

using testing::TempDir;

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::Database::open(dir_.file("a.db"), {.create = true});
    ASSERT_TRUE(db.is_ok());
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
  std::unique_ptr<store::Database> db_;
  std::optional<AuditLog> log_;
};

TEST_F(AuditTest, AnUntouchedChainVerifies) {
  VerifyReport r = verify();
  EXPECT_TRUE(r.ok()) << r.problems.front();
  EXPECT_EQ(r.entries, 10);
}

TEST_F(AuditTest, AnAlteredEntryIsDetectedAtItsSequenceNumber) {
  ASSERT_TRUE(db_->run("UPDATE audit_entry SET actor = 'mallory' WHERE seq = 4", {}).is_ok());
  VerifyReport r = verify();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.problems.front().find("entry 4"), std::string::npos) << r.problems.front();
}

TEST_F(AuditTest, ADeletedEntryInTheMiddleIsDetected) {
  ASSERT_TRUE(db_->run("DELETE FROM audit_entry WHERE seq = 6", {}).is_ok());
  VerifyReport r = verify();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.problems.front().find("missing"), std::string::npos) << r.problems.front();
}

TEST_F(AuditTest, DeletingTheNewestEntriesIsDetected) {
  ASSERT_TRUE(db_->run("DELETE FROM audit_entry WHERE seq >= 9", {}).is_ok());
  EXPECT_FALSE(verify().ok());
}

TEST_F(AuditTest, MovingTheHeadBackWithoutTheKeyIsDetected) {
  std::string hash8;
  ASSERT_TRUE(db_->run("SELECT hash FROM audit_entry WHERE seq = 8", {}, [&](const store::Statement& s) { hash8 = s.text(0); }).is_ok());
  ASSERT_TRUE(db_->run("DELETE FROM audit_entry WHERE seq >= 9", {}).is_ok());
  ASSERT_TRUE(db_->run("UPDATE audit_head SET seq = 8, hash = ?", {hash8}).is_ok());
  VerifyReport r = verify();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.problems.front().find("head"), std::string::npos) << r.problems.front();
}

TEST_F(AuditTest, RecomputingAHashWithoutTheKeyDoesNotHelp) {
  // Someone with the database but another key rewrites entry 3 and its hash.
  std::ofstream(dir_.file("other.key")) << std::string(32, 'k');
  auto other = AuditLog::open(dir_.file("other.key"), false);
  ASSERT_TRUE(other.is_ok());
  EXPECT_FALSE(other->verify(*db_)->ok());
}

TEST_F(AuditTest, HistoryListsAReadNewestFirst) {
  auto h = log_->history(*db_, "person", "3", 5);
  ASSERT_TRUE(h.is_ok());
  ASSERT_EQ(h->size(), 1u);
  EXPECT_EQ((*h)[0].event.actor, "alex");
  EXPECT_EQ((*h)[0].seq, 3);
}

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
