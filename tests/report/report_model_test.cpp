// The quarterly report model on the tiny council (tests/fixtures/tiny_council.sql
// plus tests/insight/tiny_record.sql) for Q4 2024-25 (January to March 2025) and
// the four quarters before it. Expected values are worked out by hand below from
// the SQL's rows; the tiny council is small, so most counts are "c".
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "report/quarterly_report.h"

namespace kith::report {
namespace {

class TinyReport : public ::testing::TestWithParam<kith::testing::Backend> {
 protected:
  void SetUp() override {
    db_ = kith::testing::make_tiny_council(kith::testing::new_database(GetParam(), dir_));
    ASSERT_NE(db_, nullptr);
    std::ifstream in(std::string(KITH_TEST_DATA_DIR) + "/insight/tiny_record.sql");
    std::stringstream sql;
    sql << in.rdbuf();
    Status loaded = db_->exec(sql.str());
    ASSERT_TRUE(loaded.is_ok()) << loaded.message();
  }

  QuarterlyReport build(const ReportOptions& options = {}) {
    auto r = build_quarterly_report(*db_, *insight::parse_period("2024Q4"), options);
    EXPECT_TRUE(r.is_ok()) << r.status().message();
    return r.is_ok() ? *r : QuarterlyReport{};
  }

  static const UserNumber& user(const QuarterlyReport& r, std::string_view id) {
    for (const auto& u : r.users)
      if (u.id == id) return u;
    throw std::runtime_error("no user number " + std::string(id));
  }
  static const Measure& measure(const QuarterlyReport& r, std::string_view id) {
    for (const auto& m : r.measures)
      if (m.def->id == id) return m;
    throw std::runtime_error("no measure " + std::string(id));
  }
  static std::vector<std::string> values(const std::vector<TrendPoint>& t) {
    std::vector<std::string> out;
    for (const auto& p : t) out.push_back(p.value);
    return out;
  }

  kith::testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(TinyReport, NamesTheCouncilQuartersAndLocalities) {
  auto r = build();
  EXPECT_EQ(r.council_name, "Tiny Council (test)");
  EXPECT_EQ(r.la_code, "999");
  EXPECT_EQ(r.quarters, (std::vector<std::string>{"Q4 2023-24", "Q1 2024-25", "Q2 2024-25", "Q3 2024-25", "Q4 2024-25"}));
  // Care leavers 13, 14 and 15 have no address, so the "No locality" column is there.
  EXPECT_EQ(r.localities, (std::vector<std::string>{"North", "South", "No locality"}));
  ASSERT_EQ(r.measures.size(), 10u);
  EXPECT_EQ(r.measures.front().def->id, "referrals_per_10k");
}

// On 31 March 2025: looked after 3, 11, 16 (North) and 12 (South): 3 and 1, total 4, all c.
// Care leavers aged 18-21: 13 (20), 14 (20), 15 (19), no address: c in "No locality".
// CP plans: children 1, 2, 3, all North: c, South 0.
TEST_P(TinyReport, UserNumbersAtTheQuarterEndAreSuppressed) {
  auto r = build();
  EXPECT_EQ(user(r, "cla").by_locality, (std::vector<std::string>{"c", "c", "0"}));
  EXPECT_EQ(user(r, "cla").total, "c");
  EXPECT_EQ(user(r, "care_leavers").by_locality, (std::vector<std::string>{"0", "0", "c"}));
  EXPECT_EQ(user(r, "care_leavers").total, "c");
  EXPECT_EQ(user(r, "cp").by_locality, (std::vector<std::string>{"c", "0", "0"}));
  // Contacts in January-March 2025: contact 1 only (10 January; 2 and 3 are in April).
  EXPECT_EQ(user(r, "contacts").total, "c");
}

// Early help, children 0-17 of families with an open episode on each quarter's last day:
// 31 Mar 2024 none; 30 Jun 2024 family 3 (child 4); 30 Sep 2024 families 1 (children 1, 2;
// Pat is an adult) and 3; 31 Dec 2024 family 1 (episode 100 ended 1 Dec); 31 Mar 2025 none
// (episode 1 ended 10 Jan).
TEST_P(TinyReport, EarlyHelpTrendCountsChildrenOfFamiliesInEarlyHelp) {
  auto r = build();
  EXPECT_EQ(values(user(r, "early_help").trend), (std::vector<std::string>{"0", "c", "c", "c", "0"}));
  EXPECT_EQ(user(r, "early_help").by_locality, (std::vector<std::string>{"0", "0", "0"}));
}

// Placement spend by quarter (£ a week x days placed / 7): child 11 at £700 throughout, child 3
// at £520 from 10 June 2024; the others' placements cost nothing.
//   Q4 2023-24 (91 days, leap year): 91 x 100 = 9,100
//   Q1 2024-25: 91 x 100 + 21 days (10-30 June) x 520 / 7 = 9,100 + 1,560 = 10,660
//   Q2, Q3 (92 days each): 92 x (700 + 520) / 7 = 16,034.3
//   Q4 2024-25 (90 days): 90 x 1,220 / 7 = 15,685.7
TEST_P(TinyReport, PlacementSpendTrendMatchesHandWorkedPounds) {
  auto r = build();
  const auto& m = measure(r, "placement_spend_pounds");
  EXPECT_EQ(values(m.trend), (std::vector<std::string>{"9100", "10660", "16034", "16034", "15686"}));
  EXPECT_EQ(m.value, "15686");
  EXPECT_EQ(m.numerator, "") << "money is not a count of children: the report shows the value only";
}

// Workforce on 31 March 2025: agency 1.0 FTE (Bea) of 4.8 in post = 20.8%; on 31 December 2024
// Gus (1.0, permanent) was still in post: 1 / 5.8 = 17.2%; before 2 December 2024 no agency worker.
// Caseload on 31 March 2025: 4 open allocations over 2 FTE = 2.00.
TEST_P(TinyReport, WorkforceMeasuresAreNotCountsOfChildren) {
  auto r = build();
  EXPECT_EQ(values(measure(r, "agency_rate_pct").trend), (std::vector<std::string>{"0.0", "0.0", "0.0", "17.2", "20.8"}));
  EXPECT_EQ(measure(r, "caseload_per_fte").value, "2.00");
}

// Re-referrals in Q4 2024-25: referrals 1 (13 Jan, child 1 referred 1 Mar 2024: a re-referral)
// and 2 (3 Feb): 1 of 2, both counts 1-5, so the value is c too.
TEST_P(TinyReport, ValuesFromSuppressedCountsAreSuppressed) {
  auto r = build();
  const auto& m = measure(r, "re_referrals_pct");
  EXPECT_EQ(m.numerator, "c");
  EXPECT_EQ(m.denominator, "c");
  EXPECT_EQ(m.value, "c");
  EXPECT_EQ(m.rag, Rag::kNoTarget);
}

TEST_P(TinyReport, TargetsAndCommentaryReachTheirMeasures) {
  ReportOptions o;
  o.targets["agency_rate_pct"] = {"agency_rate_pct", 15, Direction::kLowerIsBetter, 5};
  o.targets["re_referrals_pct"] = {"re_referrals_pct", 20, Direction::kLowerIsBetter, 2};
  o.commentary["agency_rate_pct"] = "One agency social worker covers a vacancy in the children in care team.";
  o.commentary["overall"] = "A quiet quarter.";
  auto r = build(o);
  EXPECT_EQ(measure(r, "agency_rate_pct").rag, Rag::kRed);  // 20.8 is 5.8 points over 15, tolerance 5
  EXPECT_EQ(measure(r, "re_referrals_pct").rag, Rag::kNotRated) << "a suppressed value cannot be rated";
  EXPECT_EQ(measure(r, "agency_rate_pct").commentary, o.commentary["agency_rate_pct"]);
  EXPECT_EQ(r.overall_commentary, "A quiet quarter.");
}

TEST_P(TinyReport, RefusesAPeriodThatIsNotAQuarter) {
  auto r = build_quarterly_report(*db_, insight::financial_year(2024), {});
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("quarter"), std::string::npos);
}

// The benchmark position comes from the shipped DfE data; the tiny council (999) has none,
// so a benchmarked measure says why, and an unbenchmarked one says DfE publishes no figure.
TEST_P(TinyReport, BenchmarkSaysWhyItIsMissing) {
  ReportOptions o;
  o.data_dir = std::string(KITH_SOURCE_DIR) + "/data";
  auto r = build(o);
  EXPECT_EQ(measure(r, "re_referrals_pct").benchmark.time_period, 0);
  EXPECT_NE(measure(r, "re_referrals_pct").benchmark.note.find("999"), std::string::npos);
  EXPECT_NE(measure(r, "hand_offs_per_episode").benchmark.note.find("no comparable"), std::string::npos);
}

// Every test above runs on SQLite and on PostgreSQL (Report/TinyReport.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Report, TinyReport, ::testing::Values(kith::testing::Backend::kSqlite, kith::testing::Backend::kPostgres),
                         kith::testing::BackendName());

}  // namespace
}  // namespace kith::report
