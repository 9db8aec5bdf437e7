// The set-at-a-time queries behind My work and the worklists (due_tasks_of,
// my_work's stages): the same answers as child by child, and only for the
// children of the set. Expected values are the tiny council's, derived by hand
// in tests/fixtures/tiny_council.sql (children 1 and 2 in team 1; child 3 in
// team 2 of the same locality 1; child 4 in team 3 of locality 2).
#include <gtest/gtest.h>

#include <algorithm>

#include "casework/child_record.h"
#include "casework/due_tasks.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"

namespace kith::casework {
namespace {

const Date kToday = Date::ymd(2025, 4, 30);

class PageQueries : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    db_ = testing::make_tiny_council(testing::new_database(GetParam(), dir_));
    ASSERT_NE(db_, nullptr);
  }
  static Children locality(Id id) {
    return {"IN (SELECT i.person_id FROM involvement i JOIN team t ON t.id = i.team_id WHERE i.end_date IS NULL AND t.locality_id = ?)",
            {id}};
  }
  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

bool has(const std::vector<DueTask>& tasks, const std::string& what, Date due) {
  return std::any_of(tasks.begin(), tasks.end(), [&](const DueTask& t) { return t.what == what && t.due == due; });
}

TEST_P(PageQueries, DueTasksOfALocalityAreItsChildrensOnly) {
  auto all = due_tasks_of(*db_, locality(1), kToday);
  ASSERT_TRUE(all.is_ok()) << all.status().message();
  // Hand-derived deadlines (child_record_test DeadlinesAreCountedInWorkingDays).
  ASSERT_EQ(all->count(1), 1u);
  EXPECT_TRUE(has(all->at(1), "Assessment", Date::ymd(2025, 3, 17)));
  ASSERT_EQ(all->count(2), 1u);
  EXPECT_TRUE(has(all->at(2), "Child protection review conference", Date::ymd(2025, 5, 26)));
  ASSERT_EQ(all->count(3), 1u);
  EXPECT_TRUE(has(all->at(3), "Statutory visit", Date::ymd(2024, 11, 21)));
  EXPECT_TRUE(has(all->at(3), "Looked-after review", Date::ymd(2025, 3, 30)));
  EXPECT_EQ(all->count(4), 0u) << "child 4 is allocated in the other locality";
  auto south = due_tasks_of(*db_, locality(2), kToday);
  ASSERT_TRUE(south.is_ok());
  ASSERT_EQ(south->count(4), 1u);
  EXPECT_TRUE(has(south->at(4), "Initial child protection conference", Date::ymd(2025, 5, 12)));
  EXPECT_EQ(south->count(1) + south->count(2) + south->count(3), 0u);
}

// Each child's tasks from the set query equal the child-by-child ones, in the same order.
TEST_P(PageQueries, DueTasksOfASetEqualEachChildsOwn) {
  const Children everyone{"IN (SELECT id FROM person)", {}};
  auto all = due_tasks_of(*db_, everyone, kToday);
  ASSERT_TRUE(all.is_ok()) << all.status().message();
  for (Id child = 1; child <= 5; ++child) {
    auto own = due_tasks(*db_, child, kToday);
    ASSERT_TRUE(own.is_ok());
    auto it = all->find(child);
    std::vector<DueTask> from_set = it == all->end() ? std::vector<DueTask>{} : it->second;
    ASSERT_EQ(from_set.size(), own->size()) << "child " << child;
    for (std::size_t i = 0; i < own->size(); ++i) {
      EXPECT_EQ(from_set[i].what, (*own)[i].what) << "child " << child;
      EXPECT_EQ(from_set[i].due, (*own)[i].due) << "child " << child;
      EXPECT_EQ(from_set[i].overdue, (*own)[i].overdue) << "child " << child;
    }
  }
}

TEST_P(PageQueries, MyWorkGivesEachChildItsOwnStage) {
  auto work = my_work(*db_, 1, kToday);
  ASSERT_TRUE(work.is_ok()) << work.status().message();
  ASSERT_EQ(work->size(), 2u);
  for (const WorkItem& w : *work) {
    // Ada (1): an open child in need episode; Ben (2): a child protection plan.
    EXPECT_EQ(w.stage, w.person_id == 1 ? Stage::kChildInNeed : Stage::kChildProtection) << "child " << w.person_id;
    ASSERT_TRUE(w.next_due.has_value());
  }
  // Bea (worker 2) has only child 3, looked after: the stage of the most intensive involvement.
  auto bea = my_work(*db_, 2, kToday);
  ASSERT_TRUE(bea.is_ok());
  ASSERT_EQ(bea->size(), 1u);
  EXPECT_EQ((*bea)[0].stage, Stage::kLookedAfter);
}

INSTANTIATE_TEST_SUITE_P(PageQueries, PageQueries, ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName());

}  // namespace
}  // namespace kith::casework
