// worklist_page (due_tasks.h): the worklist a page at a time, with names read
// only for the page's rows. Its rows must be the whole list's as the tests'
// reference_worklist (worklist_reference.h) computes it, in the same order,
// and its total the whole list's. Expected values: the tiny
// council's (tests/fixtures/tiny_council.sql, derived by hand there and in
// statutory_test's DueAndOverdueWorklistsByWorkerTeamAndLocality), and for a
// generated team of 250 children, deadlines counted independently here with
// the working-day calendar. Both backends.
#include <gtest/gtest.h>

#include <sstream>

#include "calendar/calendar.h"
#include "casework/due_tasks.h"
#include "casework/statutory.h"
#include "casework/worklist_reference.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"

namespace kith::casework {
namespace {

const Date kToday = Date::ymd(2025, 4, 30);

struct Expected {
  std::string child, what;
  Date due;
  std::string worker, team;
};

class WorklistPages : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    db_ = testing::make_tiny_council(testing::new_database(GetParam(), dir_));
    ASSERT_NE(db_, nullptr);
  }

  void exec(const std::string& sql) {
    Status s = db_->exec(sql);
    ASSERT_TRUE(s.is_ok()) << s.message();
  }

  WorklistPage page(WorkScope scope, Id id, bool overdue, std::size_t first, std::size_t count) {
    auto got = worklist_page(*db_, scope, id, kToday, {.overdue = overdue}, first, count);
    EXPECT_TRUE(got.is_ok()) << got.status().message();
    return got.is_ok() ? *got : WorklistPage{};
  }

  // Every page of `count` rows, one after another, until a page comes back short.
  std::vector<WorklistItem> all_pages(WorkScope scope, Id id, bool overdue, std::size_t count, std::size_t& total) {
    std::vector<WorklistItem> out;
    for (std::size_t first = 0;; first += count) {
      WorklistPage p = page(scope, id, overdue, first, count);
      total = p.total;
      out.insert(out.end(), p.items.begin(), p.items.end());
      if (p.items.size() < count) return out;
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

void expect_rows(const std::vector<WorklistItem>& got, const std::vector<Expected>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].child_name, want[i].child) << i;
    EXPECT_EQ(got[i].task.what, want[i].what) << i;
    EXPECT_EQ(got[i].task.due, want[i].due) << i;
    EXPECT_EQ(got[i].worker, want[i].worker) << i;
    EXPECT_EQ(got[i].team, want[i].team) << i;
  }
}

// North's overdue list (hand-derived in tiny_council.sql): five rows, here two a page.
TEST_P(WorklistPages, PagesOfTwoSplitTheLocalitysFiveOverdueTasksInDueOrder) {
  WorklistPage first = page(WorkScope::kLocality, 1, true, 0, 2);
  EXPECT_EQ(first.total, 5u);
  expect_rows(first.items, {{"Cara Other", "Initial health assessment", Date::ymd(2024, 7, 8), "Bea Social", "North Children in Care"},
                            {"Cara Other", "Statutory visit", Date::ymd(2024, 11, 21), "Bea Social", "North Children in Care"}});
  WorklistPage second = page(WorkScope::kLocality, 1, true, 2, 2);
  EXPECT_EQ(second.total, 5u);
  expect_rows(second.items, {{"Ben Test", "Child protection visit", Date::ymd(2025, 3, 12), "Alex Social", "North Assessment"},
                             {"Ada Test", "Assessment", Date::ymd(2025, 3, 17), "Alex Social", "North Assessment"}});
  WorklistPage third = page(WorkScope::kLocality, 1, true, 4, 2);
  EXPECT_EQ(third.total, 5u);
  expect_rows(third.items, {{"Cara Other", "Looked-after review", Date::ymd(2025, 3, 30), "Bea Social", "North Children in Care"}});
  WorklistPage past_the_end = page(WorkScope::kLocality, 1, true, 6, 2);
  EXPECT_EQ(past_the_end.total, 5u);
  EXPECT_TRUE(past_the_end.items.empty());
  // South: one due (Dan's ICPC, 12 May), none overdue.
  EXPECT_EQ(page(WorkScope::kLocality, 2, false, 0, 100).total, 1u);
  EXPECT_EQ(page(WorkScope::kLocality, 2, true, 0, 100).total, 0u);
  EXPECT_FALSE(worklist_page(*db_, WorkScope::kLocality, 1, kToday, {}, 0, kWorklistPageSize + 1).is_ok());
}

// A child allocated twice in the scope is listed once per allocation (as reference_worklist does), earliest
// allocation first; an allocation in another role or an ended one is not listed.
TEST_P(WorklistPages, AChildWithTwoWorkersCountsOncePerWorker) {
  exec("INSERT INTO involvement VALUES (11, 1, 2, 2, 'family_support_worker', '2025-02-01', NULL, NULL), "
       "(12, 1, 5, 2, 'independent_reviewing_officer', '2025-02-01', NULL, NULL), "
       "(13, 2, 2, 2, 'family_support_worker', '2025-02-01', '2025-03-01', NULL)");
  // North overdue: the five above plus Ada's assessment again, for Bea in North Children in Care.
  std::size_t total = 0;
  expect_rows(all_pages(WorkScope::kLocality, 1, true, 2, total),
              {{"Cara Other", "Initial health assessment", Date::ymd(2024, 7, 8), "Bea Social", "North Children in Care"},
               {"Cara Other", "Statutory visit", Date::ymd(2024, 11, 21), "Bea Social", "North Children in Care"},
               {"Ben Test", "Child protection visit", Date::ymd(2025, 3, 12), "Alex Social", "North Assessment"},
               {"Ada Test", "Assessment", Date::ymd(2025, 3, 17), "Alex Social", "North Assessment"},
               {"Ada Test", "Assessment", Date::ymd(2025, 3, 17), "Bea Social", "North Children in Care"},
               {"Cara Other", "Looked-after review", Date::ymd(2025, 3, 30), "Bea Social", "North Children in Care"}});
  EXPECT_EQ(total, 6u);
  // Team 2 (Bea's): Cara's three and Ada's one.
  EXPECT_EQ(page(WorkScope::kTeam, 2, true, 0, 100).total, 4u);
  EXPECT_EQ(page(WorkScope::kWorker, 2, true, 0, 100).total, 4u);
}

// A generated team of 250 children, each with one open assessment started on a
// known day (45 working days to complete), every tenth also allocated to Bea in
// team 2: the totals are counted here from those days, and the pages, one after
// another, are reference_worklist's list row for row.
TEST_P(WorklistPages, TwoHundredAndFiftyChildrenPageLikeTheWholeList) {
  constexpr int kChildren = 250;
  std::ostringstream sql;
  sql << "BEGIN;\n";
  std::map<std::string, int> expected = {{"team1 overdue", 0}, {"team1 due", 0}, {"north overdue", 5}, {"north due", 1}};
  for (int n = 0; n < kChildren; ++n) {
    Id child = 2001 + n;
    Date started = Date::ymd(2024, 11, 1).plus_days((n * 7) % 150);
    sql << "INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity) VALUES (" << child << ", 'Gen', 'Child " << n
        << "', 'F', '2015-01-01', 'WBRI');\n"
        << "INSERT INTO cin_episode (id, person_id, referral_date, referral_source, primary_need) VALUES (" << child << ", " << child << ", '"
        << started.iso() << "', '1A', 'N1');\n"
        << "INSERT INTO assessment (id, cin_episode_id, start_date, authorised_date, outcome, worker_id) VALUES (" << child << ", " << child
        << ", '" << started.iso() << "', NULL, NULL, 1);\n"
        << "INSERT INTO involvement VALUES (" << 9000 + child << ", " << child << ", 1, 1, 'allocated_social_worker', '2025-01-02', NULL, NULL);\n";
    int allocations = 1;
    if (n % 10 == 0) {
      sql << "INSERT INTO involvement VALUES (" << 19000 + child << ", " << child
          << ", 2, 2, 'family_support_worker', '2025-01-02', NULL, NULL);\n";
      allocations = 2;
    }
    Date due = calendar::add_working_days(started, 45);
    bool overdue = due < kToday, soon = due >= kToday && due <= kToday.plus_days(28);
    expected["team1 overdue"] += overdue;
    expected["team1 due"] += soon;
    expected["north overdue"] += overdue * allocations;
    expected["north due"] += soon * allocations;
  }
  sql << "COMMIT;\n";
  exec(sql.str());
  // The tiny council's own: team 1 has Ada (overdue) and Ben (one overdue, one due); North adds Cara's three overdue.
  expected["team1 overdue"] += 2;
  expected["team1 due"] += 1;
  ASSERT_GT(expected["north overdue"], 200) << "the generated days should give more than two pages";

  struct Case {
    const char* name;
    WorkScope scope;
    Id id;
    bool overdue;
  };
  for (const Case& c : {Case{"team1 overdue", WorkScope::kTeam, 1, true}, Case{"team1 due", WorkScope::kTeam, 1, false},
                        Case{"north overdue", WorkScope::kLocality, 1, true}, Case{"north due", WorkScope::kLocality, 1, false}}) {
    SCOPED_TRACE(c.name);
    std::size_t total = 0;
    std::vector<WorklistItem> paged = all_pages(c.scope, c.id, c.overdue, kWorklistPageSize, total);
    EXPECT_EQ(total, std::size_t(expected[c.name]));
    auto whole = reference_worklist(*db_, c.scope, c.id, kToday, c.overdue);
    ASSERT_TRUE(whole.is_ok()) << whole.status().message();
    ASSERT_EQ(paged.size(), whole->size());
    for (std::size_t i = 0; i < paged.size(); ++i) {
      EXPECT_EQ(paged[i].person_id, (*whole)[i].person_id) << i;
      EXPECT_EQ(paged[i].child_name, (*whole)[i].child_name) << i;
      EXPECT_EQ(paged[i].worker, (*whole)[i].worker) << i;
      EXPECT_EQ(paged[i].team, (*whole)[i].team) << i;
      EXPECT_EQ(paged[i].task.what, (*whole)[i].task.what) << i;
      EXPECT_EQ(paged[i].task.due, (*whole)[i].task.due) << i;
      if (i > 0) {
        EXPECT_LE(paged[i - 1].task.due, paged[i].task.due) << i;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(WorklistPages, WorklistPages, testing::kBothBackends, testing::BackendName());

}  // namespace
}  // namespace kith::casework
