// Retention rules on hand-built records: who goes, what goes with them, what
// stays, and the audit entry that records the rule and counts but no identities.
#include "lifecycle/retention.h"

#include <gtest/gtest.h>

#include "audit/audit_log.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"

namespace kith::lifecycle {
namespace {

using kith::testing::TempDir;

// On top of the tiny council (whose five people are all young or parents):
//   101 born 1990, never looked after, episode closed 2006, contact, visit,
//       assessment with two factors, a partner note             -> goes under never-looked-after at 25y
//   102 born 2002, same shape                                    -> stays: 25th birthday not reached by 2026-01-01
//   103 born 1980, looked after 1995-1998                        -> stays under both rules
//   104 born 1940, looked after 1950-1958, a visit               -> goes under looked-after at 75y
//   105 born 1985, never looked after, a parent in family 3      -> stays: still a parent on the record
//   106 born 1985, never looked after, episode still open        -> stays
constexpr const char* kRecords = R"sql(
INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity) VALUES
  (101, 'Old', 'Closed', 'M', '1990-01-01', 'WBRI'), (102, 'Young', 'Closed', 'F', '2002-06-01', 'WBRI'),
  (103, 'Was', 'Cared', 'F', '1980-01-01', 'WBRI'), (104, 'Very', 'Old', 'M', '1940-01-01', 'WBRI'),
  (105, 'Now', 'Parent', 'F', '1985-01-01', 'WBRI'), (106, 'Still', 'Open', 'M', '1985-01-01', 'WBRI');
INSERT INTO family_member VALUES (3, 101, 'child', '1990-01-01', NULL), (3, 102, 'child', '2002-06-01', NULL),
  (3, 105, 'child', '1985-01-01', '2003-01-01'), (3, 105, 'parent', '2010-11-11', NULL);
INSERT INTO contact (id, person_id, contact_date, source) VALUES (101, 101, '2005-01-01', 'school'), (102, 102, '2010-01-01', 'school'),
  (105, 105, '1999-01-01', 'police');
INSERT INTO cin_episode (id, person_id, contact_id, referral_date, referral_source, close_date) VALUES
  (101, 101, 101, '2005-01-02', '3B', '2006-01-01'), (102, 102, 102, '2010-01-02', '3B', '2011-01-01'),
  (103, 103, NULL, '1995-01-01', '6', '1998-06-01'), (105, 105, 105, '1999-01-02', '6', '2000-01-01'),
  (106, 106, NULL, '2020-01-01', '6', NULL);
INSERT INTO assessment (id, cin_episode_id, start_date, authorised_date, outcome, worker_id) VALUES (101, 101, '2005-01-03', '2005-02-01', 'nfa', 1);
INSERT INTO assessment_factor VALUES (101, '3B'), (101, '16A');
INSERT INTO visit (id, person_id, visit_date, context) VALUES (101, 101, '2005-01-10', 'cin'), (104, 104, '1955-01-01', 'cla');
INSERT INTO cla_period (id, person_id, start_date, end_date, category_of_need) VALUES
  (103, 103, '1995-02-01', '1998-06-01', 'N1'), (104, 104, '1950-01-01', '1958-01-01', 'N1');
INSERT INTO partner_note (id, family_id, person_id, worker_id, agency, note_date, summary) VALUES (101, 3, 101, 6, 'school', '2005-03-01', 'seen at school');
)sql";

class Retention : public ::testing::TestWithParam<kith::testing::Backend> {
 protected:
  void SetUp() override {
    db = kith::testing::make_tiny_council(kith::testing::new_database(GetParam(), dir));
    ASSERT_TRUE(db);
    Status s = db->exec(kRecords);
    ASSERT_TRUE(s.is_ok()) << s.message();
    auto log = audit::AuditLog::open(dir.file("audit.key"), true);
    ASSERT_TRUE(log.is_ok());
    audit_log = std::make_unique<audit::AuditLog>(std::move(*log));
  }
  std::int64_t count(const std::string& sql) { return *db->scalar(sql); }

  TempDir dir;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<audit::AuditLog> audit_log;
  Date today = Date::ymd(2026, 1, 1);
};

TEST_P(Retention, NeverLookedAfterListsOnlyTheClosedAdultChildAndTouchesNothing) {
  auto plan = plan_retention(*db, {RetentionRule::kNeverLookedAfter, 25, today});
  ASSERT_TRUE(plan.is_ok()) << plan.status().message();
  EXPECT_EQ(plan->children, (std::vector<std::int64_t>{101}));
  std::map<std::string, std::int64_t> expected{{"person", 1},     {"family_member", 1}, {"contact", 1},      {"cin_episode", 1},
                                               {"assessment", 1}, {"assessment_factor", 2}, {"visit", 1}, {"partner_note", 1}};
  EXPECT_EQ(plan->deletions, expected);
  EXPECT_EQ(plan->total_rows(), 9);
  EXPECT_EQ(count("SELECT count(*) FROM person WHERE id = 101"), 1);  // only listed
}

TEST_P(Retention, ApplyRemovesExactlyThePlanInOneAuditedTransaction) {
  std::int64_t people = count("SELECT count(*) FROM person"), visits = count("SELECT count(*) FROM visit");
  store::WriteContext ctx{*audit_log, "system:retention:test", "retention schedule"};
  auto applied = apply_retention(*db, ctx, {RetentionRule::kNeverLookedAfter, 25, today});
  ASSERT_TRUE(applied.is_ok()) << applied.status().message();
  EXPECT_EQ(count("SELECT count(*) FROM person"), people - 1);
  EXPECT_EQ(count("SELECT count(*) FROM person WHERE id = 101"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM visit"), visits - 1);
  EXPECT_EQ(count("SELECT count(*) FROM assessment_factor WHERE assessment_id = 101"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM cin_episode WHERE id = 101"), 0);
  // Everyone else is still there, with their records.
  EXPECT_EQ(count("SELECT count(*) FROM person WHERE id IN (102, 103, 104, 105, 106)"), 5);
  EXPECT_EQ(count("SELECT count(*) FROM cin_episode WHERE id IN (102, 103, 105, 106)"), 4);
  EXPECT_EQ(count("SELECT count(*) FROM family WHERE id = 3"), 1);
  // One audit entry: the rule and the counts, no child's id.
  std::vector<std::pair<std::string, std::string>> entries;
  ASSERT_TRUE(db->run("SELECT entity, reason FROM audit_entry", {}, [&](const store::Statement& r) {
                  entries.push_back({r.text(0), r.text(1)});
                }).is_ok());
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].first, "retention");
  EXPECT_NE(entries[0].second.find("never-looked-after"), std::string::npos);
  EXPECT_NE(entries[0].second.find("person 1"), std::string::npos) << entries[0].second;
  EXPECT_EQ(entries[0].second.find("101"), std::string::npos) << "the audit entry names a child: " << entries[0].second;
  auto report = audit_log->verify(*db);
  ASSERT_TRUE(report.is_ok());
  EXPECT_TRUE(report->ok());
  // Applying again finds nothing.
  auto again = plan_retention(*db, {RetentionRule::kNeverLookedAfter, 25, today});
  ASSERT_TRUE(again.is_ok());
  EXPECT_TRUE(again->children.empty());
}

TEST_P(Retention, LookedAfterRuleKeepsUntilThe75thBirthday) {
  auto plan = plan_retention(*db, {RetentionRule::kLookedAfter, 75, today});
  ASSERT_TRUE(plan.is_ok()) << plan.status().message();
  EXPECT_EQ(plan->children, (std::vector<std::int64_t>{104}));  // 103 is 46; tiny council child 3 is still looked after
  std::map<std::string, std::int64_t> expected{{"person", 1}, {"cla_period", 1}, {"visit", 1}};
  EXPECT_EQ(plan->deletions, expected);
  // Before 104's 75th birthday (2015-01-01) nobody goes.
  auto earlier = plan_retention(*db, {RetentionRule::kLookedAfter, 75, Date::ymd(2014, 12, 31)});
  ASSERT_TRUE(earlier.is_ok());
  EXPECT_TRUE(earlier->children.empty());
}

TEST(RetentionInput, RulesAndYearsAreCheckedWithClearMessages) {
  EXPECT_TRUE(parse_rule("never-looked-after").is_ok());
  EXPECT_TRUE(parse_rule("looked-after").is_ok());
  auto bad = parse_rule("everyone");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_NE(bad.status().message().find("never-looked-after or looked-after"), std::string::npos);
  EXPECT_EQ(*parse_years("25y"), 25);
  EXPECT_EQ(*parse_years("75y"), 75);
  EXPECT_FALSE(parse_years("25").is_ok());
  EXPECT_FALSE(parse_years("y").is_ok());
  EXPECT_FALSE(parse_years("10y").is_ok());  // before adulthood
  EXPECT_FALSE(parse_years("2x5y").is_ok());
}

INSTANTIATE_TEST_SUITE_P(Lifecycle, Retention, ::testing::Values(kith::testing::Backend::kSqlite, kith::testing::Backend::kPostgres),
                         kith::testing::BackendName());

}  // namespace
}  // namespace kith::lifecycle
