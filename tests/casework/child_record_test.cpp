// Case work against the tiny council; every expected value is derived by
// hand in tests/fixtures/tiny_council.sql.
#include <gtest/gtest.h>

#include <algorithm>

#include "audit/audit_log.h"
#include "casework/child_record.h"
#include "casework/due_tasks.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"

namespace kith::casework {
namespace {

const Date kToday = Date::ymd(2025, 4, 30);

// Every test runs on SQLite and on PostgreSQL (Suite/Test/sqlite, .../postgres).
class Casework : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    db_ = testing::make_tiny_council(testing::new_database(GetParam(), dir_));
    ASSERT_NE(db_, nullptr);
    auto log = audit::AuditLog::open(audit::AuditLog::key_path_for(dir_.file("k.db")), true);
    ASSERT_TRUE(log.is_ok());
    log_.emplace(std::move(*log));
  }
  access::Viewer as(Role r) { return testing::viewer_for(*db_, r); }
  Result<ChildRecord> open(Role r, Id child) { return load_child_record(*db_, *log_, as(r), child, "casework", kToday); }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::optional<audit::AuditLog> log_;
};

// Roles x children: who may open which record (1, 2 in the practitioner's
// team; 3 in another team of the same locality; 4 in the other locality).
TEST_P(Casework, AccessFollowsTheRoleAndScope) {
  struct Case {
    Role role;
    bool child[4];
  };
  const Case cases[] = {
      {Role::kPractitioner, {true, true, false, false}},
      {Role::kTeamManager, {true, true, false, false}},
      {Role::kLocalityManager, {true, true, true, false}},
      {Role::kPartnerPractitioner, {true, true, false, false}},
      {Role::kPerformanceAnalyst, {false, false, false, false}},
      {Role::kCouncillor, {false, false, false, false}},
      {Role::kAdministrator, {false, false, false, false}},
  };
  for (const Case& c : cases)
    for (Id child = 1; child <= 4; ++child) {
      Status s = check_access(*db_, as(c.role), child);
      EXPECT_EQ(s.is_ok(), c.child[child - 1]) << role_name(c.role) << " child " << child << ": " << s.message();
    }
}

TEST_P(Casework, EveryReadAndEveryDenialIsAudited) {
  ASSERT_TRUE(open(Role::kPractitioner, 1).is_ok());
  EXPECT_EQ(open(Role::kPractitioner, 4).status().code(), Status::Code::kDenied);
  auto entries = log_->history(*db_, "person", "1", 10);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].event.action, "read");
  EXPECT_EQ((*entries)[0].event.actor, "practitioner");
  EXPECT_EQ((*entries)[0].event.reason, "casework");
  auto denied = log_->history(*db_, "person", "4", 10);
  ASSERT_EQ(denied->size(), 1u);
  EXPECT_EQ((*denied)[0].event.action, "read_denied");
  EXPECT_TRUE(log_->verify(*db_)->ok());
}

TEST_P(Casework, UnknownChildIsNotFound) {
  EXPECT_EQ(open(Role::kPractitioner, 9999).status().code(), Status::Code::kNotFound);
}

TEST_P(Casework, SummaryShowsStageWorkersAndFamily) {
  auto r = open(Role::kPractitioner, 1);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  const ChildSummary& c = r->summary;
  EXPECT_EQ(c.stage, Stage::kChildInNeed);
  EXPECT_EQ(c.stage_since, Date::ymd(2025, 1, 13));
  EXPECT_EQ(c.age, 8);
  EXPECT_EQ(c.allocated_worker, "Alex Social");
  EXPECT_EQ(c.allocated_team, "North Assessment");
  EXPECT_EQ(c.lead_professional, "Fay Visitor");
  EXPECT_EQ(c.family_name, "Test family");
  EXPECT_EQ(c.locality, "North");
  EXPECT_EQ(c.school, "Oakfield Primary School");
}

TEST_P(Casework, LookedAfterSummaryHasLegalStatusPlacementAndWorkerCount) {
  auto r = open(Role::kLocalityManager, 3);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->summary.stage, Stage::kLookedAfter);
  EXPECT_EQ(r->summary.legal_status.substr(0, 2), "C2");
  EXPECT_EQ(r->summary.placement.substr(0, 2), "U4");
  EXPECT_EQ(r->summary.workers_last_12_months, 2);
  EXPECT_EQ(r->summary.age, 13);
}

TEST_P(Casework, DeadlinesAreCountedInWorkingDays) {
  struct Case {
    Id child;
    const char* what;
    Date due;
    bool overdue;
  };
  const Case cases[] = {
      {1, "Assessment", Date::ymd(2025, 3, 17), true},
      {2, "Child protection review conference", Date::ymd(2025, 5, 26), false},
      {3, "Statutory visit", Date::ymd(2024, 11, 21), true},
      {3, "Looked-after review", Date::ymd(2025, 3, 30), true},
      {4, "Initial child protection conference", Date::ymd(2025, 5, 12), false},
  };
  for (const Case& c : cases) {
    auto due = due_tasks(*db_, c.child, kToday);
    ASSERT_TRUE(due.is_ok());
    auto it = std::find_if(due->begin(), due->end(), [&](const DueTask& t) { return t.what == c.what; });
    ASSERT_NE(it, due->end()) << "child " << c.child << " has no " << c.what;
    EXPECT_EQ(it->due, c.due) << c.what << " for child " << c.child << " due " << it->due.iso();
    EXPECT_EQ(it->overdue, c.overdue) << c.what;
  }
}

TEST_P(Casework, ChronologyTellsTheFamilyStoryInOrder) {
  auto r = open(Role::kPractitioner, 1);
  ASSERT_TRUE(r.is_ok());
  const auto& chrono = r->chronology;
  ASSERT_FALSE(chrono.empty());
  EXPECT_TRUE(std::is_sorted(chrono.begin(), chrono.end(), [](const auto& a, const auto& b) { return a.date < b.date; }));
  // The family's early help (before the referral) is part of the child's story.
  EXPECT_EQ(chrono.front().date, Date::ymd(2024, 9, 2));
  auto has = [&](const std::string& kind, Date d) {
    return std::any_of(chrono.begin(), chrono.end(), [&](const auto& e) { return e.kind == kind && e.date == d; });
  };
  EXPECT_TRUE(has("early_help", Date::ymd(2025, 1, 10)));
  EXPECT_TRUE(has("referral", Date::ymd(2025, 1, 13)));
  EXPECT_TRUE(has("contact", Date::ymd(2025, 4, 20)));
  EXPECT_TRUE(has("worker", Date::ymd(2024, 9, 2)));
}

TEST_P(Casework, MyWorkListsAllocatedChildrenEarliestDeadlineFirst) {
  auto work = my_work(*db_, 1, kToday);
  ASSERT_TRUE(work.is_ok());
  ASSERT_EQ(work->size(), 2u);
  // Ben's CP plan began Wed 26 Feb 2025 with no visit since: a CP visit is due 10 working days
  // later, Wed 12 March (no bank holiday between), before Ada's assessment (17 March).
  EXPECT_EQ((*work)[0].person_id, 2);
  EXPECT_EQ((*work)[0].stage, Stage::kChildProtection);
  EXPECT_EQ((*work)[0].next_due->due, Date::ymd(2025, 3, 12));
  EXPECT_EQ((*work)[1].person_id, 1);  // assessment due 17 March, overdue
  EXPECT_EQ((*work)[1].next_due->due, Date::ymd(2025, 3, 17));
}

TEST_P(Casework, LocalityOverviewCountsAndCaseloads) {
  auto o = locality_overview(*db_, as(Role::kLocalityManager), 1, kToday);
  ASSERT_TRUE(o.is_ok()) << o.status().message();
  EXPECT_EQ(o->children_early_help, 0);
  EXPECT_EQ(o->children_in_need, 1);
  EXPECT_EQ(o->children_cp, 1);
  EXPECT_EQ(o->children_looked_after, 1);
  EXPECT_EQ(o->contacts_last_28_days, 1);
  ASSERT_EQ(o->hubs.size(), 1u);
  ASSERT_EQ(o->caseloads.size(), 4u) << "the worker who left is not listed";
  EXPECT_EQ(o->caseloads[0].name, "Alex Social");
  EXPECT_EQ(o->caseloads[0].children, 2);
}

TEST_P(Casework, LocalityOverviewIsScoped) {
  EXPECT_EQ(locality_overview(*db_, as(Role::kLocalityManager), 2, kToday).status().code(), Status::Code::kDenied);
  EXPECT_TRUE(locality_overview(*db_, as(Role::kCouncillor), 2, kToday).is_ok());
  EXPECT_EQ(locality_overview(*db_, as(Role::kPartnerPractitioner), 1, kToday).status().code(), Status::Code::kDenied);
  EXPECT_EQ(locality_overview(*db_, as(Role::kCouncillor), 77, kToday).status().code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace kith::casework

namespace kith::casework {
namespace {

TEST_P(Casework, PartnersSeeTheChildrenOfFamiliesTheyWorkWith) {
  // Fay (worker 6) is lead professional and in the team around family 1: children 1 and 2, not the parent.
  auto work = my_work(*db_, 6, kToday);
  ASSERT_TRUE(work.is_ok()) << work.status().message();
  ASSERT_EQ(work->size(), 2u);
  EXPECT_EQ((*work)[0].allocated_since, Date::ymd(2024, 9, 2));
  for (const WorkItem& w : *work) EXPECT_NE(w.person_id, 5);
}

TEST_P(Casework, CouncillorsGetAggregatesWithoutNames) {
  auto o = locality_overview(*db_, as(Role::kCouncillor), 1, kToday);
  ASSERT_TRUE(o.is_ok());
  EXPECT_TRUE(o->aggregates_only);
  for (const WorkerCaseload& w : o->caseloads) {
    EXPECT_TRUE(w.name.empty());
    EXPECT_EQ(w.worker_id, 0);
  }
  EXPECT_FALSE(locality_overview(*db_, as(Role::kLocalityManager), 1, kToday)->aggregates_only);
  EXPECT_EQ(published_count(0, true), "0");
  EXPECT_EQ(published_count(1, true), "c");
  EXPECT_EQ(published_count(5, true), "c");
  EXPECT_EQ(published_count(6, true), "6");
  EXPECT_EQ(published_count(3, false), "3");
}

TEST_P(Casework, ACareLeaverWithoutAPathwayPlanDateIsStillACareLeaver) {
  ASSERT_TRUE(db_->exec("UPDATE cla_period SET end_date = '2025-03-01', reason_ceased = 'E17' WHERE id = 1;"
                        "UPDATE cin_episode SET close_date = '2025-03-01', reason_for_closure = 'RC7' WHERE id = 3;"
                        "INSERT INTO care_leaver (id, person_id, personal_adviser_id, pathway_plan_date, eligibility) VALUES (1, 3, 2, NULL, 'relevant')").is_ok());
  auto r = open(Role::kLocalityManager, 3);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->summary.stage, Stage::kCareLeaver);
}

INSTANTIATE_TEST_SUITE_P(Casework, Casework, ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName());

}  // namespace
}  // namespace kith::casework
