// The CLA health outcomes and EHCP measures (src/insight/measures_health.cpp)
// against the tiny record, worked out by hand. Financial year 2024-25: the
// OC2 cohort is the children looked after on 31 March 2025 whose period of
// care started by 31 March 2024; checks count from 1 April 2024.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "insight/indicators.h"
#include "insight/publish.h"

namespace kith::insight {
namespace {

class HealthIndicators : public ::testing::TestWithParam<kith::testing::Backend> {
 protected:
  void SetUp() override { load("tiny.db"); }

  // The tiny council plus tiny_record.sql in a new database of the test's backend.
  void load(const std::string& file) {
    db_ = kith::testing::make_tiny_council(kith::testing::new_database(GetParam(), dir_, file));
    ASSERT_NE(db_, nullptr);
    std::ifstream in(std::string(KITH_TEST_DATA_DIR) + "/insight/tiny_record.sql");
    std::stringstream sql;
    sql << in.rdbuf();
    Status loaded = db_->exec(sql.str());
    ASSERT_TRUE(loaded.is_ok()) << loaded.message();
  }

  std::vector<IndicatorRow> compute(const Period& period, Slice by = Slice::kNone) {
    IndicatorOptions o;
    o.by = by;
    auto rows = compute_indicators(*db_, period, o, "");
    EXPECT_TRUE(rows.is_ok()) << rows.status().message();
    return rows.is_ok() ? *rows : std::vector<IndicatorRow>{};
  }

  static IndicatorRow find(const std::vector<IndicatorRow>& rows, std::string_view id, std::string_view slice = "All") {
    for (const auto& r : rows)
      if (r.def->id == id && r.slice_value == slice) return r;
    ADD_FAILURE() << id << " / " << slice << " missing";
    return {};
  }

  // A toddler (born 1 June 2022) looked after since 1 January 2023, so in the cohort and under 5.
  void add_toddler(const std::string& checks) {
    std::string sql =
        "INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity, address_id) VALUES (20, 'Tia', 'Care', 'F', '2022-06-01', 'WBRI', 2);"
        "INSERT INTO cla_period VALUES (120, 20, NULL, '2023-01-01', NULL, NULL, 'N1', NULL, 1);"
        "INSERT INTO legal_status VALUES (120, 120, '2023-01-01', 'C2');" + checks;
    ASSERT_TRUE(db_->exec(sql).is_ok()) << sql;
  }

  kith::testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

struct Case {
  const char* id;
  double numerator, denominator;
};

// Cohort 11 and 16. 11: assessment 15 Sep 2024, immunisations 1 Oct 2024, dental 31 Mar 2024 (before the year).
// 16: assessment 31 Mar 2024 (before), dental 1 Apr 2024 (the year's first day). 3 and 12 started in 2024: not in it.
TEST_P(HealthIndicators, TheOc2CohortAndTheYearsBoundaries) {
  const Case cases[] = {
      {"cla_health_assessment_pct", 1, 2},
      {"cla_dental_check_pct", 1, 2},
      {"cla_immunisations_pct", 1, 2},
      {"cla_development_assessment_pct", 0, 0},  // nobody in the cohort is under 5
      {"cla_ehcp_pct", 1, 4},                    // of all 4 looked after: 16's plan is in force
  };
  auto rows = compute(financial_year(2024));
  for (const Case& c : cases) {
    SCOPED_TRACE(c.id);
    IndicatorRow r = find(rows, c.id);
    EXPECT_EQ(r.numerator, c.numerator);
    ASSERT_TRUE(r.denominator.has_value());
    EXPECT_EQ(*r.denominator, c.denominator);
    EXPECT_EQ(r.value.has_value(), c.denominator > 0);
  }
  EXPECT_EQ(find(rows, "cla_development_assessment_pct").note, "denominator is 0");
}

// A quarter's cohort is counted on its own last day: at 31 December 2024 child 12 (since May 2024) is
// still out, and the year runs from 1 January 2024, so 16's assessment of 31 March 2024 now counts.
TEST_P(HealthIndicators, AQuarterUsesThe12MonthsToItsLastDay) {
  auto q3 = parse_period("2024Q3");
  ASSERT_TRUE(q3.is_ok());
  auto rows = compute(*q3);
  EXPECT_EQ(find(rows, "cla_health_assessment_pct").numerator, 2);  // 11 (Sep 2024) and 16 (Mar 2024)
  EXPECT_EQ(find(rows, "cla_dental_check_pct").numerator, 2);       // 11 (Mar 2024) and 16 (Apr 2024)
  EXPECT_EQ(*find(rows, "cla_dental_check_pct").denominator, 2);
}

// DfE: under 5s need two health assessments in the year; development assessments are for under 5s only.
struct ToddlerCase {
  const char* name;
  const char* checks;
  double assessed, developed;
};
const ToddlerCase kToddlers[] = {
    {"one assessment is not enough under 5", "INSERT INTO health_check VALUES (200, 20, 'health_assessment', '2024-06-01');", 1, 0},
    {"two assessments are",
     "INSERT INTO health_check VALUES (200, 20, 'health_assessment', '2024-06-01'), (201, 20, 'health_assessment', '2024-12-01');", 2, 0},
    {"a development assessment counts for the under 5",
     "INSERT INTO health_check VALUES (200, 20, 'development_assessment', '2025-03-31');", 1, 1},
};

TEST_P(HealthIndicators, UnderFivesNeedTwoAssessmentsAndHaveDevelopmentChecks) {
  int n = 0;
  for (const ToddlerCase& t : kToddlers) {
    SCOPED_TRACE(t.name);
    load("toddler" + std::to_string(++n) + ".db");  // a fresh council for each case
    add_toddler(t.checks);
    auto rows = compute(financial_year(2024));
    EXPECT_EQ(find(rows, "cla_health_assessment_pct").numerator, t.assessed);  // 11 plus the toddler when she qualifies
    EXPECT_EQ(*find(rows, "cla_health_assessment_pct").denominator, 3);
    EXPECT_EQ(find(rows, "cla_development_assessment_pct").numerator, t.developed);
    EXPECT_EQ(*find(rows, "cla_development_assessment_pct").denominator, 1);
  }
}

TEST_P(HealthIndicators, SlicedByLocality) {
  add_toddler("");  // lives in the South
  auto rows = compute(financial_year(2024), Slice::kLocality);
  EXPECT_EQ(*find(rows, "cla_dental_check_pct", "North").denominator, 2);  // 11 and 16
  EXPECT_EQ(find(rows, "cla_dental_check_pct", "North").numerator, 1);
  EXPECT_EQ(*find(rows, "cla_dental_check_pct", "South").denominator, 1);
  EXPECT_EQ(find(rows, "cla_dental_check_pct", "South").numerator, 0);
}

// What leaves the system: cohorts this small are suppressed, so the dashboards show "c".
TEST_P(HealthIndicators, PublishedFiguresAreSuppressed) {
  auto published = publish(compute(financial_year(2024)));
  for (const auto& p : published) {
    if (p.def->id != "cla_dental_check_pct" || p.slice_value != "All") continue;
    EXPECT_EQ(p.numerator, "c");
    EXPECT_EQ(p.denominator, "c");
    EXPECT_EQ(p.value, "c");
    return;
  }
  FAIL() << "no published dental row";
}

// Every test above runs on SQLite and on PostgreSQL (Insight/HealthIndicators.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Insight, HealthIndicators, ::testing::Values(kith::testing::Backend::kSqlite, kith::testing::Backend::kPostgres),
                         kith::testing::BackendName());

}  // namespace
}  // namespace kith::insight
