// The programme tracker (src/insight/programme.h): the file's errors name the
// field, the store round-trips and writes are audited and transactional, and
// a measure's progress is worked out by hand on the tiny record.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "audit/audit_log.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "insight/programme.h"

namespace kith::insight {
namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A one-measure programme with `measure` as the measure's JSON.
std::string with_measure(const std::string& measure, const std::string& status = "on_track", const std::string& due = "2026-03-31") {
  return R"({"name": "P", "phases": [{"name": "One", "milestones": [{"title": "M", "owner_role": "Director", "due": ")" + due +
         R"(", "status": ")" + status + R"(", "measures": [)" + measure + "]}]}]}";
}
const std::string kGoodMeasure =
    R"({"indicator": "cla_per_10k", "quantity": "count", "baseline_date": "2024-06-30", "target": "6-7", "reference_baseline": 8,
        "target_date": "2027-03-31", "direction": "down"})";

struct BadFile {
  std::string text, error;
};

TEST(ProgrammeFile, ErrorsNameTheFileAndTheField) {
  const BadFile cases[] = {
      {"{\n  \"name\": \"x\",\n  oops\n}", "f.json: line 3, column 3: not valid JSON"},
      {R"({"phases": []})", "f.json: programme.name: is missing"},
      {R"({"name": "P", "phases": {}})", "f.json: programme.phases: must be a list"},
      {with_measure(R"({"indicator": "nope", "baseline_date": "2024-06-30", "target": 1, "target_date": "2025-01-01", "direction": "up"})"),
       "f.json: phases[0].milestones[0].measures[0].indicator: 'nope' is not an indicator"},
      {with_measure(R"({"indicator": "cla_per_10k", "baseline_date": "2024-06-30", "target": "lots", "target_date": "2025-01-01", "direction": "up"})"),
       "f.json: phases[0].milestones[0].measures[0].target: 'lots' is not a target"},
      {with_measure(R"({"indicator": "cla_per_10k", "baseline_date": "2024-06-30", "target": 1, "target_date": "2024-01-01", "direction": "up"})"),
       "measures[0].target_date: must be after baseline_date"},
      {with_measure(R"({"indicator": "cla_per_10k", "baseline_date": "2024-06-30", "target": 1, "target_date": "2025-01-01", "direction": "sideways"})"),
       "measures[0].direction: must be down, up or within"},
      {with_measure(kGoodMeasure, "green"), "f.json: phases[0].milestones[0].status: 'green' is not a status"},
      {with_measure(kGoodMeasure, "done", "2025-13-01"), "f.json: phases[0].milestones[0].due: '2025-13-01' is not a date (YYYY-MM-DD)"},
  };
  for (const BadFile& c : cases) {
    auto p = parse_programme_json(c.text, "f.json");
    ASSERT_FALSE(p.is_ok()) << c.text;
    EXPECT_EQ(p.status().code(), Status::Code::kInvalid);
    EXPECT_NE(p.status().message().find(c.error), std::string::npos) << p.status().message() << "\n  expected: " << c.error;
  }
}

TEST(ProgrammeFile, TargetsAreValuesOrRanges) {
  struct Case {
    const char* text;
    bool ok;
    double low;
    std::optional<double> high;
  };
  const Case cases[] = {{"500-600", true, 500, 600}, {"500 - 600", true, 500, 600}, {"20", true, 20, std::nullopt},
                        {" 12.5 ", true, 12.5, std::nullopt}, {"-5", true, -5, std::nullopt}, {"600-500", false, 0, std::nullopt},
                        {"abc", false, 0, std::nullopt}, {"5-", false, 0, std::nullopt}, {"", false, 0, std::nullopt}};
  for (const Case& c : cases) {
    auto t = parse_target(c.text);
    ASSERT_EQ(t.is_ok(), c.ok) << c.text;
    if (!c.ok) continue;
    EXPECT_EQ(t->low, c.low) << c.text;
    EXPECT_EQ(t->high, c.high) << c.text;
  }
}

TEST(ProgrammeFile, TheShippedExampleParses) {
  auto p = parse_programme_json(read(std::string(KITH_SOURCE_DIR) + "/data/programme/programme.json"), "programme.json");
  ASSERT_TRUE(p.is_ok()) << p.status().message();
  ASSERT_EQ(p->phases.size(), 3u);
  const MilestoneMeasure& cla = p->phases[1].milestones[0].measures[0];
  EXPECT_EQ(cla.indicator, "cla_per_10k");
  EXPECT_EQ(cla.quantity, Quantity::kCount);
  EXPECT_EQ(cla.target.low, 500);
  EXPECT_EQ(cla.target.high, 600);
  EXPECT_EQ(cla.reference_baseline, 697);
}

TEST(Quarters, TheLatestCompleteFinancialQuarter) {
  struct Case {
    Date day, start, end;
  };
  const Case cases[] = {
      {Date::ymd(2025, 4, 30), Date::ymd(2025, 1, 1), Date::ymd(2025, 3, 31)},
      {Date::ymd(2025, 3, 31), Date::ymd(2025, 1, 1), Date::ymd(2025, 3, 31)},
      {Date::ymd(2025, 3, 30), Date::ymd(2024, 10, 1), Date::ymd(2024, 12, 31)},
      {Date::ymd(2025, 12, 31), Date::ymd(2025, 10, 1), Date::ymd(2025, 12, 31)},
      {Date::ymd(2025, 7, 1), Date::ymd(2025, 4, 1), Date::ymd(2025, 6, 30)},
  };
  for (const Case& c : cases) {
    Period p = quarter_ending_by(c.day);
    EXPECT_EQ(p.start, c.start) << c.day.iso();
    EXPECT_EQ(p.end, c.end) << c.day.iso();
  }
}

// An AuditTrail that always fails: the write must leave nothing behind.
class BrokenAudit : public store::AuditTrail {
 public:
  Status append(store::Database&, const store::AuditEvent&) const override { return Status::io("audit log unavailable"); }
};

class ProgrammeStore : public ::testing::TestWithParam<kith::testing::Backend> {
 protected:
  void SetUp() override {
    location_ = kith::testing::new_database(GetParam(), dir_);
    db_ = kith::testing::make_tiny_council(location_);
    ASSERT_NE(db_, nullptr);
    ASSERT_TRUE(db_->exec(read(std::string(KITH_TEST_DATA_DIR) + "/insight/tiny_record.sql")).is_ok());
    auto log = audit::AuditLog::open(audit::AuditLog::key_path_for(dir_.file("k.db")), true);
    ASSERT_TRUE(log.is_ok());
    log_ = std::make_unique<audit::AuditLog>(std::move(*log));
  }
  Programme parse(const std::string& text) {
    auto p = parse_programme_json(text, "t.json");
    EXPECT_TRUE(p.is_ok()) << p.status().message();
    return p.is_ok() ? *p : Programme{};
  }
  std::int64_t count(const std::string& sql) {
    auto n = db_->scalar(sql);
    EXPECT_TRUE(n.is_ok()) << sql;
    return n.is_ok() ? *n : -1;
  }

  kith::testing::TempDir dir_;
  std::string location_;  // the database's file or URL, for a second connection (a second editor)
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<audit::AuditLog> log_;
};

TEST_P(ProgrammeStore, SavesLoadsAndReplacesByNameWithAnAuditEntry) {
  store::WriteContext ctx{*log_, "analyst", "test"};
  std::int64_t audit_before = count("SELECT count(*) FROM audit_entry");
  ASSERT_TRUE(save_programme(*db_, ctx, parse(read(std::string(KITH_SOURCE_DIR) + "/data/programme/programme.json"))).is_ok());
  EXPECT_EQ(count("SELECT count(*) FROM audit_entry"), audit_before + 1);
  auto loaded = load_programmes(*db_);
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().message();
  ASSERT_EQ(loaded->size(), 1u);
  EXPECT_EQ((*loaded)[0].phases.size(), 3u);
  EXPECT_EQ((*loaded)[0].phases[1].milestones[0].title, "Looked-after children from 697 to 500-600");
  EXPECT_EQ((*loaded)[0].phases[2].milestones[1].measures.size(), 3u);
  EXPECT_EQ((*loaded)[0].phases[0].milestones[0].status, MilestoneStatus::kDone);

  // The same name again replaces it: one programme, one milestone, one measure.
  Programme smaller = parse(with_measure(kGoodMeasure));
  smaller.name = (*loaded)[0].name;
  ASSERT_TRUE(save_programme(*db_, ctx, smaller).is_ok());
  EXPECT_EQ(count("SELECT count(*) FROM programme"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM programme_milestone"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM milestone_measure"), 1);
  auto again = load_programmes(*db_);
  ASSERT_TRUE(again.is_ok());
  const MilestoneMeasure& m = (*again)[0].phases[0].milestones[0].measures[0];
  EXPECT_EQ(m.target.low, 6);
  EXPECT_EQ(m.target.high, 7);
  EXPECT_EQ(m.reference_baseline, 8);
  EXPECT_EQ(m.baseline_date, Date::ymd(2024, 6, 30));
  EXPECT_EQ(m.direction, Direction::kDown);
}

TEST_P(ProgrammeStore, AFailedAuditWritesNothing) {
  BrokenAudit broken;
  store::WriteContext ctx{broken, "analyst", "test"};
  auto id = save_programme(*db_, ctx, parse(with_measure(kGoodMeasure)));
  EXPECT_FALSE(id.is_ok());
  EXPECT_EQ(count("SELECT count(*) FROM programme"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM milestone_measure"), 0);
}

TEST_P(ProgrammeStore, StatusChangesNameTheVersionTheyStartedFrom) {
  store::WriteContext ctx{*log_, "analyst", "test"};
  ASSERT_TRUE(save_programme(*db_, ctx, parse(with_measure(kGoodMeasure))).is_ok());
  Id milestone = count("SELECT id FROM programme_milestone");
  EXPECT_TRUE(set_milestone_status(*db_, ctx, milestone, MilestoneStatus::kAtRisk, 1).is_ok());
  Status stale = set_milestone_status(*db_, ctx, milestone, MilestoneStatus::kDone, 1);
  EXPECT_EQ(stale.code(), Status::Code::kConflict);
  EXPECT_EQ(set_milestone_status(*db_, ctx, 999, MilestoneStatus::kDone, 1).code(), Status::Code::kNotFound);
  auto loaded = load_programmes(*db_);
  ASSERT_TRUE(loaded.is_ok());
  EXPECT_EQ((*loaded)[0].phases[0].milestones[0].status, MilestoneStatus::kAtRisk);
  EXPECT_EQ((*loaded)[0].phases[0].milestones[0].version, 2);
}

// Two editors open the milestone at version 1, each on their own connection. The first save wins;
// the second, still naming version 1, is refused by the UPDATE's own version check, writes
// nothing and leaves no audit entry. A version from the future is refused as well.
TEST_P(ProgrammeStore, ASaveFromAStaleVersionIsRefusedOnAnotherConnection) {
  store::WriteContext ctx{*log_, "analyst", "test"};
  ASSERT_TRUE(save_programme(*db_, ctx, parse(with_measure(kGoodMeasure))).is_ok());
  Id milestone = count("SELECT id FROM programme_milestone");
  auto second = store::Database::open(location_, {.create = false});
  ASSERT_TRUE(second.is_ok()) << second.status().message();
  std::int64_t audit_before = count("SELECT count(*) FROM audit_entry");

  EXPECT_TRUE(set_milestone_status(*db_, ctx, milestone, MilestoneStatus::kOffTrack, 1).is_ok());
  EXPECT_EQ(set_milestone_status(**second, ctx, milestone, MilestoneStatus::kDone, 1).code(), Status::Code::kConflict);
  EXPECT_EQ(set_milestone_status(**second, ctx, milestone, MilestoneStatus::kDone, 7).code(), Status::Code::kConflict);
  EXPECT_EQ(count("SELECT count(*) FROM programme_milestone WHERE status = 'off_track'"), 1);  // the first editor's
  auto loaded = load_programmes(**second);
  ASSERT_TRUE(loaded.is_ok());
  EXPECT_EQ((*loaded)[0].phases[0].milestones[0].status, MilestoneStatus::kOffTrack);
  EXPECT_EQ((*loaded)[0].phases[0].milestones[0].version, 2);
  EXPECT_EQ(count("SELECT count(*) FROM audit_entry"), audit_before + 1);  // the refused saves wrote no entry

  // The second editor reloads (version 2) and saves knowingly.
  EXPECT_TRUE(set_milestone_status(**second, ctx, milestone, MilestoneStatus::kDone, 2).is_ok());
  EXPECT_EQ(count("SELECT version FROM programme_milestone"), 3);
}

// Two saves from the same version at the same moment, on two connections and threads: exactly
// one passes in every round (the check and the write are one statement), whichever comes first.
TEST_P(ProgrammeStore, OfTwoConcurrentSavesFromOneVersionExactlyOnePasses) {
  store::WriteContext ctx{*log_, "analyst", "test"};
  ASSERT_TRUE(save_programme(*db_, ctx, parse(with_measure(kGoodMeasure))).is_ok());
  Id milestone = count("SELECT id FROM programme_milestone");
  auto second = store::Database::open(location_, {.create = false});
  ASSERT_TRUE(second.is_ok()) << second.status().message();
  constexpr int kRounds = 8;
  for (int round = 0; round < kRounds; ++round) {
    const std::int64_t seen = 1 + round;  // each round moves the version on by exactly one
    Status a, b;
    std::thread other([&] { b = set_milestone_status(**second, ctx, milestone, MilestoneStatus::kAtRisk, seen); });
    a = set_milestone_status(*db_, ctx, milestone, MilestoneStatus::kOffTrack, seen);
    other.join();
    EXPECT_NE(a.is_ok(), b.is_ok()) << "round " << round << ": " << a.message() << " / " << b.message();
    const Status& loser = a.is_ok() ? b : a;
    EXPECT_EQ(loser.code(), Status::Code::kConflict) << "round " << round << ": " << loser.message();
  }
  EXPECT_EQ(count("SELECT version FROM programme_milestone"), 1 + kRounds);
}

// Children looked after at each quarter end of the tiny record, by hand: 11 (since 2021) and 16 (since
// 2022) throughout; 12 from 1 May 2024 and 3 from 10 June 2024.
const std::pair<Date, double> kLookedAfter[] = {
    {Date::ymd(2023, 6, 30), 2}, {Date::ymd(2023, 9, 30), 2}, {Date::ymd(2023, 12, 31), 2}, {Date::ymd(2024, 3, 31), 2},
    {Date::ymd(2024, 6, 30), 4}, {Date::ymd(2024, 9, 30), 4}, {Date::ymd(2024, 12, 31), 4}, {Date::ymd(2025, 3, 31), 4}};

// Least squares by the textbook formula, for comparison with the tracker's projection.
double projected(Date at) {
  double n = 0, mx = 0, my = 0;
  for (auto [d, y] : kLookedAfter) {
    n += 1;
    mx += d - kLookedAfter[0].first;
    my += y;
  }
  mx /= n;
  my /= n;
  double sxy = 0, sxx = 0;
  for (auto [d, y] : kLookedAfter) {
    double x = d - kLookedAfter[0].first;
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) * (x - mx);
  }
  return my + sxy / sxx * (double(at - kLookedAfter[0].first) - mx);
}

TEST_P(ProgrammeStore, ProgressAgainstAScaledRangeAndTheTrend) {
  auto record = load_case_record(*db_);
  ASSERT_TRUE(record.is_ok());
  LiveIndicators live(*record);
  MilestoneMeasure m = parse(with_measure(kGoodMeasure)).phases[0].milestones[0].measures[0];
  Progress p = progress_of(m, live, Date::ymd(2025, 4, 30));
  ASSERT_EQ(p.trend.size(), 8u);
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(p.trend[i].first, kLookedAfter[i].first);
    EXPECT_EQ(p.trend[i].second, kLookedAfter[i].second) << kLookedAfter[i].first.iso();
  }
  EXPECT_EQ(p.baseline, 4);  // 30 June 2024
  EXPECT_EQ(p.current, 4);   // 31 March 2025
  EXPECT_DOUBLE_EQ(p.target.low, 3);    // 6-7 against a reference baseline of 8, scaled to the live 4
  EXPECT_DOUBLE_EQ(*p.target.high, 3.5);
  EXPECT_DOUBLE_EQ(*p.distance, 0.5);   // 4 - 3.5
  ASSERT_TRUE(p.projected.has_value());
  EXPECT_NEAR(*p.projected, projected(Date::ymd(2027, 3, 31)), 1e-9);  // about 7.4: rising, so
  EXPECT_EQ(p.verdict, Verdict::kOffTrack);

  // The same trend reaches "at least 5" by then: on track; "at most 4" is met now.
  m.reference_baseline.reset();
  m.target = {5, std::nullopt};
  m.direction = Direction::kUp;
  EXPECT_EQ(progress_of(m, live, Date::ymd(2025, 4, 30)).verdict, Verdict::kOnTrack);
  m.target = {4, std::nullopt};
  m.direction = Direction::kDown;
  Progress met = progress_of(m, live, Date::ymd(2025, 4, 30));
  EXPECT_EQ(met.verdict, Verdict::kMet);
  EXPECT_EQ(met.distance, 0);
}

// Every test above runs on SQLite and on PostgreSQL (Insight/ProgrammeStore.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Insight, ProgrammeStore, ::testing::Values(kith::testing::Backend::kSqlite, kith::testing::Backend::kPostgres),
                         kith::testing::BackendName());

}  // namespace
}  // namespace kith::insight
