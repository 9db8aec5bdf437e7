// The DfE CSC API payloads (spec v0.8, /work/shared/spec/dfe-csc-api) on the
// tiny council (tests/fixtures/tiny_council.sql) and on a synthetic council of
// 250 children. Hand-worked facts for a run on 30/04/2025: the cohort window is
// 01/04/2023 to 01/05/2025 (30/04/2023 is after 1 April 2023); Ada, Ben, Cara
// and Dan each have a referral in it; Pat (the parent) has no activity.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "fixtures/kith_cli.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "returns/dfe_api/payload.h"
#include "returns/dfe_api/submission.h"
#include "store/audit_trail.h"

namespace kith::returns::dfe_api {
namespace {

using nlohmann::json;

const Date kRun = Date::ymd(2025, 4, 30);
const std::string kSpec = "/work/shared/spec/dfe-csc-api/";

// Records the audit events in memory: the submission tests check api_submission and the event, not the chain.
class NoAudit : public store::AuditTrail {
 public:
  Status append(store::Database&, const store::AuditEvent& e) const override {
    events.push_back(e);
    return Status::ok();
  }
  mutable std::vector<store::AuditEvent> events;
};

std::optional<json> spec_file(const std::string& name) {
  std::ifstream in(kSpec + name);
  if (!in) return std::nullopt;
  return json::parse(in);
}

TEST(DfeApiWindow, StartsOnTheFirstAprilOnOrBeforeTwoYearsBack) {
  struct Case { Date run, start, end; };
  const Case cases[] = {
      {Date::ymd(2025, 10, 15), Date::ymd(2023, 4, 1), Date::ymd(2025, 10, 16)},  // the spec's example
      {Date::ymd(2025, 3, 31), Date::ymd(2022, 4, 1), Date::ymd(2025, 4, 1)},     // 31/03/2023 is before 1 April
      {Date::ymd(2025, 4, 1), Date::ymd(2023, 4, 1), Date::ymd(2025, 4, 2)},
  };
  for (const auto& c : cases) {
    Window w = Window::for_run(c.run);
    EXPECT_EQ(w.start, c.start) << c.run.iso();
    EXPECT_EQ(w.end, c.end) << c.run.iso();
  }
}

TEST(DfeApiHash, IsSha256OfTheCanonicalJsonWhateverTheKeyOrder) {
  // sha256sum of the 22 bytes {"a":1,"b":[true,"x"]}, computed outside Kith.
  const std::string want = "63e8063d9dc6f0fd5a24b4706818a165fd57c3531b74466cf5dea62bff09b0b6";
  EXPECT_EQ(record_hash(json::parse(R"({"a":1,"b":[true,"x"]})")), want);
  EXPECT_EQ(record_hash(json::parse(R"({ "b": [true, "x"], "a": 1 })")), want);
  EXPECT_NE(record_hash(json::parse(R"({"a":2,"b":[true,"x"]})")), want);
}

TEST(DfeApiSpecExamples, PassTheCheckAndThePartialRecordIsRebuilt) {
  auto batch = spec_file("example_batch_request.json");
  auto partial = spec_file("example_partial_record.json");
  auto deletion = spec_file("example_deletion_record.json");
  if (!batch || !partial || !deletion) GTEST_SKIP() << "the DfE API spec folder is not on this machine";
  EXPECT_TRUE(check_batch(*batch).empty());
  EXPECT_TRUE(check_record(*partial).empty());
  EXPECT_TRUE(check_record(*deletion).empty());
  // The spec's delta example: one CP plan end date changed.
  json changed = (*batch)[0];
  changed["social_care_episodes"][0]["child_protection_plans"][0]["end_date"] = "2022-09-30";
  EXPECT_EQ(partial_record((*batch)[0], changed), *partial);
  EXPECT_EQ(deletion_record("f38261d32d504f74b7a86600bfaa101f", "pSWBQmfWRUepp8lJX0I"), *deletion);
}

TEST(DfeApiCheck, NamesThePathOfEachProblem) {
  struct Case { const char* record; const char* problem; };
  const Case cases[] = {
      {R"({"mis_child_id":"1","child_details":{}})", "la_child_id: missing"},
      {R"({"la_child_id":"1","mis_child_id":"1"})", "child_details: missing"},
      {R"({"la_child_id":"1","mis_child_id":"1","child_details":{"date_of_birth":"30/04/2025"}})", "child_details.date_of_birth: not a YYYY-MM-DD date"},
      {R"({"la_child_id":"1","mis_child_id":"1","child_details":{"sex":"X"}})", "child_details.sex: not M, F or U"},
      {R"({"la_child_id":"1","mis_child_id":"1","child_details":{"uasc_flag":"true"}})", "child_details.uasc_flag: not a boolean"},
      {R"({"la_child_id":"1","mis_child_id":"1","child_details":{},"social_care_episodes":[{"referral_date":"2025-01-01"}]})",
       "social_care_episodes[0]: social_care_episode_id missing"},
      {R"({"la_child_id":"1","mis_child_id":"1","child_details":{},"social_care_episodes":[{"social_care_episode_id":"1",
          "child_protection_plans":[{"child_protection_plan_id":"0123456789012345678901234567890123456"}]}]})",
       "social_care_episodes[0].child_protection_plans[0].child_protection_plan_id: longer than 36 characters"},
      {R"({"la_child_id":"1","mis_child_id":"1","child_details":{},"health_and_wellbeing":{"sdq_assessments":[{"date":"2025-03-31","score":41}]}})",
       "health_and_wellbeing.sdq_assessments[0].score: not an integer 0-40"},
  };
  for (const auto& c : cases) {
    auto problems = check_record(json::parse(c.record));
    ASSERT_EQ(problems.size(), 1u) << c.record;
    EXPECT_NE(problems[0].find(c.problem), std::string::npos) << problems[0];
  }
  json too_many = json::array();
  for (int i = 0; i < 101; ++i) too_many.push_back(deletion_record(std::to_string(i), std::to_string(i)));
  EXPECT_EQ(check_batch(too_many).front(), "batch: 101 records, at most 100");
}

// The projection tests run on both backends (TEST_P); the command tests
// (TEST_F, SQLite) run kith on a file: the CLI on a URL is cli_tests' CliOnPostgres.
class DfeApi : public kith::testing::BackendTest {
 protected:
  void SetUp() override {
    db_ = kith::testing::make_tiny_council(kith::testing::new_database(backend(), dir_, "tiny.db"));
    ASSERT_NE(db_, nullptr);
  }
  std::vector<ChildRecord> records() {
    auto r = build_child_records(*db_, kRun, "");
    EXPECT_TRUE(r.is_ok()) << r.status().message();
    return r.is_ok() ? *r : std::vector<ChildRecord>{};
  }
  Submission plan(bool full = false) {
    auto s = plan_submission(*db_, {kRun, "", full});
    EXPECT_TRUE(s.is_ok()) << s.status().message();
    return s.is_ok() ? *s : Submission{};
  }
  void remember(const Submission& s) { ASSERT_TRUE(record_submission(*db_, {audit_, "test", "test"}, s, "2025-04-30T20:00:00Z").is_ok()); }
  kith::testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  NoAudit audit_;
};

TEST_P(DfeApi, TheCohortIsTheFourChildrenWithAReferral) {
  auto r = records();
  ASSERT_EQ(r.size(), 4u);
  for (std::size_t i = 0; i < r.size(); ++i) {
    EXPECT_EQ(r[i].la_child_id, std::to_string(i + 1));
    EXPECT_EQ(r[i].record["mis_child_id"], std::to_string(i + 1));
    EXPECT_TRUE(check_record(r[i].record).empty()) << check_record(r[i].record).front();
  }
  const json& ada = r[0].record["child_details"];
  EXPECT_EQ(ada["date_of_birth"], "2016-05-01");
  EXPECT_EQ(ada["sex"], "F");
  EXPECT_EQ(ada["disabilities"], json::array({"NONE"}));
  EXPECT_EQ(ada["postcode"], "AB1 2CD");
  EXPECT_EQ(ada["uasc_flag"], false);
}

TEST_P(DfeApi, BensEpisodeCarriesHisProtectionPathway) {
  auto r = records();
  ASSERT_EQ(r.size(), 4u);
  const json& episodes = r[1].record["social_care_episodes"];
  ASSERT_EQ(episodes.size(), 1u);
  const json& e = episodes[0];
  EXPECT_EQ(e["social_care_episode_id"], "2");
  EXPECT_EQ(e["referral_date"], "2025-02-03");
  EXPECT_EQ(e["referral_source"], "2A");
  EXPECT_EQ(e["referral_no_further_action_flag"], false);
  EXPECT_FALSE(e.contains("closure_date"));
  EXPECT_EQ(e["care_worker_details"], json::parse(R"([{"worker_id":"1","start_date":"2025-02-03"}])"));
  EXPECT_EQ(e["child_and_family_assessments"][0]["factors"], json::array({"16A", "3B"}));
  EXPECT_EQ(e["child_and_family_assessments"][0]["authorisation_date"], "2025-02-20");
  EXPECT_EQ(e["section_47_assessments"], json::parse(R"([{"section_47_assessment_id":"1","start_date":"2025-02-05",
      "icpc_required_flag":true,"icpc_date":"2025-02-26","end_date":"2025-02-25","purge":false}])"));
  EXPECT_EQ(e["child_protection_plans"], json::parse(R"([{"child_protection_plan_id":"1","start_date":"2025-02-26","purge":false}])"));
}

TEST_P(DfeApi, CarasPlacementsHangOffHerEpisode) {
  auto r = records();
  ASSERT_EQ(r.size(), 4u);
  const json& pl = r[2].record["social_care_episodes"][0]["child_looked_after_placements"];
  EXPECT_EQ(pl, json::parse(R"([
    {"child_looked_after_placement_id":"1","start_date":"2024-06-10","start_reason":"S","placement_type":"U6",
     "postcode":"AB1 3AA","end_date":"2024-09-01","end_reason":"X1","change_reason":"CARPL","purge":false},
    {"child_looked_after_placement_id":"2","start_date":"2024-09-01","start_reason":"P","placement_type":"U4",
     "postcode":"AB1 3AA","purge":false}])"));
}

TEST_P(DfeApi, HashesAreStableAcrossRuns) {
  auto a = records(), b = records();
  ASSERT_EQ(a.size(), b.size());
  std::set<std::string> distinct;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].hash, b[i].hash);
    EXPECT_EQ(a[i].hash.size(), 64u);
    distinct.insert(a[i].hash);
  }
  EXPECT_EQ(distinct.size(), a.size());
}

TEST_P(DfeApi, DeltaSendsNewThenNothingThenOnlyTheChangedChild) {
  auto first = plan();
  EXPECT_EQ(first.new_children, 4u);
  ASSERT_EQ(first.batches.size(), 1u);
  EXPECT_EQ(first.batches[0].size(), 4u);
  remember(first);
  EXPECT_EQ(*db_->scalar("SELECT COUNT(*) FROM api_submission"), 4);
  ASSERT_EQ(audit_.events.size(), 1u);
  EXPECT_EQ(audit_.events[0].action, "export");

  auto second = plan();
  EXPECT_EQ(second.unchanged, 4u);
  EXPECT_TRUE(second.batches.empty());

  ASSERT_TRUE(db_->exec("UPDATE cp_plan SET end_date = '2025-04-28' WHERE id = 1").is_ok());
  auto third = plan();
  EXPECT_EQ(third.updated, 1u);
  EXPECT_EQ(third.unchanged, 3u);
  ASSERT_EQ(third.batches.size(), 1u);
  ASSERT_EQ(third.batches[0].size(), 1u);
  const json& delta = third.batches[0][0];
  EXPECT_EQ(delta["la_child_id"], "2");
  EXPECT_TRUE(delta.contains("child_details"));
  EXPECT_EQ(delta["social_care_episodes"], json::parse(R"([{"social_care_episode_id":"2",
      "child_protection_plans":[{"child_protection_plan_id":"1","end_date":"2025-04-28","purge":false}]}])"));

  auto full = plan(/*full=*/true);
  ASSERT_EQ(full.batches.size(), 1u);
  EXPECT_EQ(full.batches[0].size(), 4u);
  EXPECT_EQ(full.batches[0][1]["child_details"]["sex"], "M");  // a full record, not a delta
  EXPECT_TRUE(full.batches[0][1]["social_care_episodes"][0].contains("referral_date"));
}

TEST_P(DfeApi, AChildWhoLeavesTheCohortIsPurgedAndARemovedPlanToo) {
  remember(plan());
  ASSERT_TRUE(db_->exec("DELETE FROM section47 WHERE id = 2; DELETE FROM strategy_discussion WHERE id = 2;"
                        "DELETE FROM cin_episode WHERE id = 4; DELETE FROM cp_plan WHERE id = 1;").is_ok());
  auto s = plan();
  ASSERT_EQ(s.purged, std::vector<std::int64_t>{4});
  ASSERT_EQ(s.batches.size(), 1u);
  const json& body = s.batches[0];
  ASSERT_EQ(body.size(), 2u);  // Ben's delta, then Dan's deletion
  EXPECT_EQ(body[0]["social_care_episodes"][0]["child_protection_plans"],
            json::parse(R"([{"child_protection_plan_id":"1","purge":true}])"));
  EXPECT_EQ(body[1], json::parse(R"({"la_child_id":"4","mis_child_id":"4","purge":true})"));
  remember(s);
  EXPECT_EQ(*db_->scalar("SELECT COUNT(*) FROM api_submission"), 3);
  EXPECT_EQ(*db_->scalar("SELECT COUNT(*) FROM api_submission WHERE person_id = 4"), 0);
}

using DfeApiBatches = kith::testing::BackendTest;

TEST_P(DfeApiBatches, TwoHundredAndFiftyChildrenMakeThreeBodies) {
  kith::testing::TempDir dir;
  auto db = store::Database::open(kith::testing::new_database(backend(), dir, "big.db"), {.create = true});
  ASSERT_TRUE(db.is_ok()) << db.status().message();
  std::string sql = "INSERT INTO council VALUES (1, '999', 'E06999999', 'Synthetic');";
  for (int i = 1; i <= 250; ++i)
    sql += "INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity) VALUES (" + std::to_string(i) +
           ", 'Child', 'Synthetic', 'U', '2015-01-01', 'WBRI');INSERT INTO cin_episode (id, person_id, referral_date, "
           "referral_source) VALUES (" + std::to_string(i) + ", " + std::to_string(i) + ", '2025-01-01', '6');";
  ASSERT_TRUE((*db)->exec(sql).is_ok());
  auto s = plan_submission(**db, {kRun, "", false});
  ASSERT_TRUE(s.is_ok()) << s.status().message();
  ASSERT_EQ(s->batches.size(), 3u);
  EXPECT_EQ(s->batches[0].size(), 100u);
  EXPECT_EQ(s->batches[1].size(), 100u);
  EXPECT_EQ(s->batches[2].size(), 50u);
  std::set<std::string> ids;
  for (const auto& b : s->batches) {
    EXPECT_TRUE(check_batch(b).empty());
    for (const auto& r : b) ids.insert(r["la_child_id"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), 250u);
  auto files = write_batches(*s, dir.file("out"));
  ASSERT_TRUE(files.is_ok()) << files.status().message();
  ASSERT_EQ(files->size(), 3u);
  std::ifstream last(dir.file("out/batch_003.json"));
  EXPECT_EQ(json::parse(last).size(), 50u);
}

TEST_F(DfeApi, CommandWritesBatchesAndRemembersThemUnlessDryRun) {
  std::string db = dir_.file("tiny.db");
  db_.reset();
  using kith::testing::run_kith;
  auto dry = run_kith("export api --db " + db + " --as-of 2025-04-30 --out " + dir_.file("dry") + " --dry-run");
  ASSERT_EQ(dry.code, 0) << dry.output;
  EXPECT_NE(dry.output.find("4 new"), std::string::npos) << dry.output;
  auto first = run_kith("export api --db " + db + " --as-of 2025-04-30 --out " + dir_.file("run1"));
  ASSERT_EQ(first.code, 0) << first.output;
  EXPECT_NE(first.output.find("4 new"), std::string::npos) << first.output;  // the dry run was not remembered
  std::ifstream in(dir_.file("run1/batch_001.json"));
  EXPECT_EQ(json::parse(in).size(), 4u);
  auto second = run_kith("export api --db " + db + " --as-of 2025-04-30 --out " + dir_.file("run2"));
  ASSERT_EQ(second.code, 0) << second.output;
  EXPECT_NE(second.output.find("0 new, 0 updated, 4 unchanged, 0 purged; 0 batch files"), std::string::npos) << second.output;
  EXPECT_EQ(run_kith("export api --db " + db + " --as-of 2025/04/30 --out " + dir_.file("bad")).code, 2);
}

INSTANTIATE_TEST_SUITE_P(Returns, DfeApi, kith::testing::kBothBackends, kith::testing::BackendName());
INSTANTIATE_TEST_SUITE_P(Returns, DfeApiBatches, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::returns::dfe_api
