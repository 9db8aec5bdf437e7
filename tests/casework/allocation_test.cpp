// Allocation and continuity over the tiny council (tests/fixtures/tiny_council.sql).
#include <gtest/gtest.h>

#include "audit/audit_log.h"
#include "casework/allocation.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"

namespace kith::casework {
namespace {

const Date kToday = Date::ymd(2025, 4, 30);

// Every test runs on SQLite and on PostgreSQL (Suite/Test/sqlite, .../postgres).
class AllocationTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    db_ = testing::make_tiny_council(testing::new_database(GetParam(), dir_));
    ASSERT_NE(db_, nullptr);
    log_.emplace(std::move(*audit::AuditLog::open(dir_.file("k.key"), true)));
  }
  store::WriteContext ctx() { return {*log_, "team_manager", "allocation"}; }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::optional<audit::AuditLog> log_;
};

TEST_P(AllocationTest, AThirdWorkerInTwelveMonthsNeedsAReason) {
  // Cara (3) had Gus (to 31 Jan 2025) and Bea (from 1 Feb): Alex would be the third.
  auto check = check_allocation(*db_, 3, 1, kToday);
  ASSERT_TRUE(check.is_ok());
  EXPECT_EQ(check->workers_in_12_months, 3);
  EXPECT_TRUE(check->needs_reason);
  EXPECT_EQ(check->worker_caseload, 2);  // Alex holds Ada and Ben
  auto refused = allocate(*db_, ctx(), {3, 1, 1, kToday, ""});
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().message(),
            "reason: this would be the child's 3rd social worker in 12 months; say why the change cannot be avoided");
  EXPECT_EQ(*db_->scalar("SELECT count(*) FROM involvement WHERE person_id = 3"), 2) << "nothing written";
}

TEST_P(AllocationTest, AllocatingEndsThePreviousOneAndIsAudited) {
  auto id = allocate(*db_, ctx(), {3, 1, 1, kToday, "team_transfer"});
  ASSERT_TRUE(id.is_ok()) << id.status().message();
  std::string bea_end;
  ASSERT_TRUE(db_->run("SELECT end_date FROM involvement WHERE id = 4", {}, [&](const store::Statement& s) { bea_end = s.text(0); }).is_ok());
  EXPECT_EQ(bea_end, "2025-04-29");
  EXPECT_EQ(*db_->scalar("SELECT count(*) FROM involvement WHERE person_id = 3 AND end_date IS NULL"), 1);
  auto history = log_->history(*db_, "involvement", std::to_string(*id), 5);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].event.actor, "team_manager");
  // Gus and Bea were in North Children in Care, Alex in North Assessment: one hand-off.
  EXPECT_EQ(*hand_offs(*db_, 3), 1);
}

TEST_P(AllocationTest, AChangeOfWorkerAlwaysNeedsAReasonButNoWarning) {
  auto check = check_allocation(*db_, 1, 5, kToday);
  EXPECT_EQ(check->workers_in_12_months, 2);
  EXPECT_FALSE(check->needs_reason);
  auto refused = allocate(*db_, ctx(), {1, 5, 3, kToday, ""});
  EXPECT_EQ(refused.status().message(), "reason: say why the child's social worker is changing");
  EXPECT_TRUE(allocate(*db_, ctx(), {1, 5, 3, kToday, "family_request"}).is_ok());
  EXPECT_EQ(*hand_offs(*db_, 1), 1);
}

TEST_P(AllocationTest, TheSameWorkerCannotBeAllocatedTwice) {
  auto again = allocate(*db_, ctx(), {1, 1, 1, kToday, "caseload"});
  EXPECT_EQ(again.status().code(), Status::Code::kInvalid);
  EXPECT_EQ(*hand_offs(*db_, 1), 0);
}

INSTANTIATE_TEST_SUITE_P(Casework, AllocationTest, ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName());

}  // namespace
}  // namespace kith::casework
