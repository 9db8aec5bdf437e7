// Checks as you record (src/returns/record_check): the one-child DfE rules on
// one child's part of the year's returns. On the tiny council (today
// 2025-04-30, so the 2025/26 returns) with faults whose rules can be named by
// hand, and on a generated council, where every child's verdict alone must
// equal its verdict inside the whole council.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <set>

#include "fixtures/kith_cli.h"
#include "fixtures/tiny_council.h"
#include "returns/cin/cin_reader.h"
#include "returns/cin/cin_validate.h"
#include "returns/projection/project_cin.h"
#include "returns/record_check/record_check.h"
#include "returns/ssda903/data_dir.h"

namespace kith::returns::record_check {
namespace {

using kith::testing::TempDir;

constexpr Date kToday = Date::ymd(2025, 4, 30);
enum : PersonId { kAda = 1, kBen = 2, kCara = 3 };

const ReturnChecks& checks() {
  static ReturnChecks* loaded = [] {
    auto c = ReturnChecks::load(std::string(KITH_SOURCE_DIR) + "/data");
    EXPECT_TRUE(c) << c.status().message();
    return c ? new ReturnChecks(std::move(*c)) : nullptr;
  }();
  return *loaded;
}

// "CIN census 8736", "SSDA903 567": the rules a child's record breaks.
std::set<std::string> rules(const std::vector<RecordFinding>& found) {
  std::set<std::string> out;
  for (const auto& f : found) out.insert(std::string(collection_name(f.kind)) + " " + f.rule);
  return out;
}

std::set<std::string> minus(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::set<std::string> out;
  for (const auto& x : a)
    if (!b.count(x)) out.insert(x);
  return out;
}

class RecordCheckTiny : public ::testing::Test {
 protected:
  void SetUp() override { db_ = kith::testing::make_tiny_council(dir_.file("kith.db")); }
  std::vector<RecordFinding> check(PersonId p, Date today = kToday) {
    auto r = checks().check_child(*db_, p, today);
    EXPECT_TRUE(r) << r.status().message();
    return r ? *r : std::vector<RecordFinding>{};
  }
  void exec(const std::string& sql) { ASSERT_TRUE(db_->exec(sql)) << sql; }

  TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

TEST(RecordCheckYear, AprilStartsTheNextYear) {
  EXPECT_EQ(collection_year_of(Date::ymd(2025, 3, 31)).label(), "2024/25");
  EXPECT_EQ(collection_year_of(Date::ymd(2025, 4, 1)).label(), "2025/26");
  EXPECT_EQ(collection_year_of(Date::ymd(2025, 12, 31)).label(), "2025/26");
}

// Ada's assessment began on 2025-01-13 and is still open on 2025-04-30. In the
// 2025/26 census (1 April 2025 - 31 March 2026) an assessment not completed
// must have started in the year (8736, an error), and one started more than 45
// working days before 31 March 2026 with no end date is a query (8670Q). She is
// not looked after, so no SSDA903 rule applies.
TEST_F(RecordCheckTiny, AnAssessmentLeftOpenFromLastYearBreaks8736AndQueries8670Q) {
  auto found = check(kAda);
  EXPECT_EQ(rules(found), (std::set<std::string>{"CIN census 8736", "CIN census 8670Q"}));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].rule, "8736");  // errors first
  EXPECT_EQ(found[0].severity, Severity::kError);
  EXPECT_EQ(found[0].message, "For an Assessment that has not been completed, the start date must fall within the census year");
  // 8736 names the authorisation date first: completing the assessment fixes it.
  EXPECT_EQ(fix_href(kAda, found[0].fix), "/children/1/statutory/assessment-complete#completed_date");
  EXPECT_EQ(found[1].rule, "8670Q");
  EXPECT_EQ(found[1].severity, Severity::kQuery);
}

// Completed (factors recorded) and authorised on 2025-04-29, inside 2025/26:
// both findings go, and nothing takes their place.
TEST_F(RecordCheckTiny, CompletingTheAssessmentClearsThem) {
  exec("UPDATE assessment SET authorised_date = '2025-04-29', outcome = 'cin_plan' WHERE id = 1");
  exec("INSERT INTO assessment_factor VALUES (1, '3B')");
  EXPECT_EQ(rules(check(kAda)), std::set<std::string>{});
}

// An assessment authorised (2025-05-05) before it started (2025-05-10): the
// DfE's 8608 "Assessment Start Date cannot be later than its End Date". The
// same child with the dates the right way round is the baseline.
TEST_F(RecordCheckTiny, AnAssessmentAuthorisedBeforeItStartedBreaks8608) {
  exec("INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity, address_id) VALUES (40, 'Gil', 'Test', 'M', '2015-06-01', 'WBRI', 1)");
  exec("INSERT INTO cin_episode (id, person_id, referral_date, referral_source, primary_need) VALUES (40, 40, '2025-05-01', '5A', 'N1')");
  exec("INSERT INTO assessment (id, cin_episode_id, start_date, authorised_date, outcome) VALUES (40, 40, '2025-05-02', '2025-05-10', 'cin_plan')");
  exec("INSERT INTO assessment_factor VALUES (40, '3B')");
  Date today = Date::ymd(2025, 6, 30);
  auto before = rules(check(40, today));
  exec("UPDATE assessment SET start_date = '2025-05-10', authorised_date = '2025-05-05' WHERE id = 40");
  auto after = check(40, today);
  EXPECT_EQ(minus(rules(after), before), std::set<std::string>{"CIN census 8608"});
  EXPECT_EQ(minus(before, rules(after)), std::set<std::string>{});
  for (const auto& f : after)
    if (f.rule == "8608") { EXPECT_EQ(f.fix.form, "assessment") << "the start date is on the assessment form"; }
}

// Cara is looked after. A missing episode that ends (2025-04-10) before it
// starts (2025-04-20) breaks SSDA903 rule 567, and only that rule changes.
TEST_F(RecordCheckTiny, AMissingEpisodeEndingBeforeItStartsBreaks567) {
  auto before = rules(check(kCara));
  exec("INSERT INTO missing_episode (id, person_id, start_date, end_date, missing_type) VALUES (40, 3, '2025-04-20', '2025-04-10', 'M')");
  auto after = check(kCara);
  EXPECT_EQ(minus(rules(after), before), std::set<std::string>{"SSDA903 567"});
  EXPECT_EQ(minus(before, rules(after)), std::set<std::string>{});
  for (const auto& f : after)
    if (f.rule == "567") {
      EXPECT_EQ(f.severity, Severity::kError);
      EXPECT_EQ(fix_href(kCara, f.fix), "/children/3/statutory/missing#missing_start");
    }
}

// Ada and Ben given the same UPN: the census breaks 1520 (a UPN must not be
// shared), which is about two children, so neither child's check shows it.
TEST_F(RecordCheckTiny, RulesAcrossChildrenAreLeftOut) {
  EXPECT_FALSE(one_child_rule(ReturnKind::kCin, "1520"));
  EXPECT_TRUE(one_child_rule(ReturnKind::kCin, "8736"));
  EXPECT_TRUE(one_child_rule(ReturnKind::kSsda903, "567"));
  exec("UPDATE person SET upn = 'A123456789012' WHERE id IN (1, 2)");
  projection::CouncilPeople both;
  both.ids = {kAda, kBen};
  auto census = projection::project_cin_people(*db_, collection_year_of(kToday), both);
  ASSERT_TRUE(census);
  auto parsed = cin::parse_cin_xml(census->xml, "census", "");
  ASSERT_TRUE(parsed) << parsed.status().message();
  auto catalogue = cin::load_rule_catalogue(std::string(KITH_SOURCE_DIR) + "/data/spec/cin");
  ASSERT_TRUE(catalogue);
  auto shared = cin::run_rule("1520", parsed->data, *catalogue, *cin::collection_year("2025/26"));
  ASSERT_TRUE(shared);
  EXPECT_FALSE(shared->empty()) << "the council-wide rule sees the shared UPN";
  auto found = checks().check_children(*db_, {kAda, kBen}, kToday);
  ASSERT_TRUE(found);
  for (const auto& [person, list] : *found) EXPECT_FALSE(rules(list).count("CIN census 1520")) << person;
}

TEST_F(RecordCheckTiny, AChildInNeitherReturnHasNoFindings) {
  EXPECT_TRUE(check(5).empty());  // Pat, a parent
}

// A generated council (a twentieth of Telford and Wrekin): every child's
// findings alone equal its findings when the whole council is checked at once,
// for every rule kept as a one-child rule. This is what keeps the list of
// cross-child rules (record_check.cpp) honest.
TEST(RecordCheckGenerated, OneChildRulesGiveTheSameVerdictAlone) {
  TempDir dir;
  auto r = kith::testing::run_kith("synth --seed 1 --scale 0.05 --until 2026-06-30 --no-demo-users --db " + dir.file("g.db"));
  ASSERT_EQ(r.code, 0) << r.output;
  auto db = store::Database::open(dir.file("g.db"), {});
  ASSERT_TRUE(db);
  std::vector<PersonId> people;
  ASSERT_TRUE((*db)->run("SELECT id FROM person ORDER BY id", {}, [&](const store::Statement& s) { people.push_back(s.int64(0)); }));
  Date today = Date::ymd(2026, 3, 31);
  auto t0 = std::chrono::steady_clock::now();
  auto all = checks().check_children(**db, people, today);
  double whole_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(all) << all.status().message();
  ASSERT_GT(all->size(), 10u) << "a generated council has some findings (queries at least)";
  int compared = 0;
  double child_ms = 0;
  for (std::size_t i = 0; i < people.size(); i += 7) {
    auto t1 = std::chrono::steady_clock::now();
    auto alone = checks().check_child(**db, people[i], today);
    child_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count();
    ASSERT_TRUE(alone);
    auto it = all->find(people[i]);
    auto together = it == all->end() ? std::set<std::string>{} : rules(it->second);
    EXPECT_EQ(rules(*alone), together) << "person " << people[i];
    ++compared;
  }
  std::printf("record_check: %zu people checked together in %.0f ms; %d alone, %.1f ms each\n", people.size(), whole_ms, compared,
              child_ms / compared);
}

// Timing on a bigger council: KITH_DQ_DB=/tmp/dq.db (kith synth --seed 1) checks
// the children of the team with the most open allocations, together and one by
// one, as of KITH_DQ_TODAY (default 2026-11-24, the day the demo council was timed). Skipped without the variable.
TEST(RecordCheckTiming, OnTheDatabaseNamedByKithDqDb) {
  const char* path = std::getenv("KITH_DQ_DB");
  if (!path) GTEST_SKIP() << "set KITH_DQ_DB to a generated council to time the checks";
  auto db = store::Database::open(path, {});
  ASSERT_TRUE(db) << db.status().message();
  const char* day = std::getenv("KITH_DQ_TODAY");
  auto today = Date::parse_iso(day ? day : "2026-11-24");
  ASSERT_TRUE(today);
  std::vector<PersonId> team;
  ASSERT_TRUE((*db)->run("SELECT DISTINCT person_id FROM involvement WHERE end_date IS NULL AND team_id = (SELECT team_id FROM involvement "
                         "WHERE end_date IS NULL GROUP BY team_id ORDER BY count(DISTINCT person_id) DESC LIMIT 1) ORDER BY person_id",
                         {}, [&](const store::Statement& s) { team.push_back(s.int64(0)); }));
  (void)checks();
  auto t0 = std::chrono::steady_clock::now();
  auto together = checks().check_children(**db, team, *today);
  double team_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(together) << together.status().message();
  std::vector<double> each;
  for (std::size_t i = 0; i < team.size() && i < 60; ++i) {
    auto t1 = std::chrono::steady_clock::now();
    ASSERT_TRUE(checks().check_child(**db, team[i], *today));
    each.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t1).count());
  }
  std::sort(each.begin(), each.end());
  std::printf("record_check timing: team of %zu children in %.0f ms (%zu with findings); one child: median %.1f ms, max %.1f ms (%zu timed)\n",
              team.size(), team_ms, together->size(), each[each.size() / 2], each.back(), each.size());
}

}  // namespace
}  // namespace kith::returns::record_check
