// Every indicator against the tiny council (tests/fixtures/tiny_council.sql)
// plus tests/insight/tiny_record.sql, for the financial year 2024-25. The
// expected values are worked out by hand below; row ids are the SQL's.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "insight/indicators.h"

namespace kith::insight {
namespace {

struct Expected {
  const char* id;
  double numerator;
  std::optional<double> denominator;
  std::optional<double> value;
};

// Population on 31 March 2025: persons 1, 2, 3, 11, 16 (North) and 4, 12 (South) = 7.
// Looked after on 31 March 2025: 3, 11, 12, 16 = 4.
const Expected kFinancialYear2024[] = {
    {"children_population", 7, std::nullopt, 7},
    {"contacts", 3, std::nullopt, 3},  // contacts 1, 100, 101 (2 and 3 are in April 2025)
    // Referrals 3, 1, 2, 101, 102 (100 was in March 2024).
    {"referrals_per_10k", 5, 7, 5e4 / 7},
    // Open on 31 March: episodes 1, 2, 3+106, 102, 103 = children 1, 2, 3, 12, 11.
    {"cin_per_10k", 5, 7, 5e4 / 7},
    {"s47_per_10k", 2, 7, 2e4 / 7},  // S47s 1 (5 Feb 2025) and 100 (10 Feb 2025)
    {"cp_plans_per_10k", 3, 7, 3e4 / 7},  // plans 1 (child 2), 101 (child 1), 102 (child 3)
    {"cla_per_10k", 4, 7, 4e4 / 7},
    // Only episode 1 (13 Jan 2025) follows a referral within 12 months (episode 100, 1 Mar 2024).
    {"re_referrals_pct", 1, 5, 20},
    // Authorised in the year: 2 (3 -> 20 Feb 2025, 13 wd), 100 (Fri 1 Mar -> Mon 20 May 2024: 19 + 21 + 13 = 53 wd,
    // skipping Good Friday, Easter Monday and 6 May), 101 (Wed 1 May -> Fri 31 May 2024: 20 wd, skipping 6 and 27 May).
    {"assessments_45wd_pct", 2, 3, 200.0 / 3},
    // ICPC 1: Wed 5 Feb -> Wed 26 Feb 2025 = 15 wd (on time); ICPC 100: Mon 10 Feb -> Tue 4 Mar 2025 = 16 wd (late).
    {"icpc_15wd_pct", 1, 2, 50},
    // Starting in the year: plans 1, 101 (child 1 had plan 100 in 2023), 104.
    {"cp_second_plan_pct", 1, 3, 100.0 / 3},
    // Ceasing in the year: 103 (10 Jan 2022 -> 1 May 2024 = 843 days counting both ends), 104 (7 days).
    {"cp_2yrs_ceased_pct", 1, 2, 50},
    // Open at 31 March: 1, 101 and 102 (1 Mar 2023 -> 31 Mar 2025 = 762 days).
    {"cp_2yrs_open_pct", 1, 3, 100.0 / 3},
    // Placements held in the year: child 3 two, 11 one, 12 three, 16 one (105 ended before April 2024).
    {"cla_3plus_placements_pct", 1, 4, 25},
    // Under 16 and looked after since 30 Sep 2022 or earlier: 11 (placed since Jan 2022: stable) and 16 (moved Jan 2024).
    {"cla_long_term_stability_pct", 1, 2, 50},
    // Child 11: SW1A 1AA -> M1 1AE = 162.9 miles; the others' postcodes are unknown or not English.
    {"cla_placed_20_miles_pct", 1, 4, 25},
    // Child 11: workers 7, 5 and 2 in the year; child 3: workers 7 and 2.
    {"cla_3plus_social_workers_pct", 1, 4, 25},
    {"cla_gp_registered_pct", 2, 4, 50},  // 3 and 11 (12 registered only in April 2025)
    {"cla_dentist_registered_pct", 1, 4, 25},  // 11
    // OC2 cohort 11 and 16 (see health_indicators_test.cpp): assessment 11, dental 16, immunisations 11, no under 5s.
    {"cla_health_assessment_pct", 1, 2, 50},
    {"cla_dental_check_pct", 1, 2, 50},
    {"cla_immunisations_pct", 1, 2, 50},
    {"cla_development_assessment_pct", 0, 0, std::nullopt},
    {"cla_ehcp_pct", 1, 4, 25},  // 16's plan is in force; 12's is not issued, 11's ended
    // Cohort: 13 (20 on 25 Jan 2025: YES, F2, B1) and 14 (20 on 10 Jun 2024: NO, G5, R2); 15 returned home (RHOM).
    {"care_leavers_in_touch_pct", 1, 2, 50},
    {"care_leavers_eet_pct", 1, 2, 50},
    {"care_leavers_suitable_accommodation_pct", 1, 1, 100},  // R2 (residence not known) leaves the denominator
    // Open allocations on 31 March: worker 1 (children 1, 2), worker 2 (children 3, 11): 4 cases over 2 FTE.
    {"caseload_per_fte", 4, 2, 2},
    // In post: 1, 3, 4 (1.0 each, permanent), 5 (0.8 permanent), 2 (1.0 agency); 7 left in January.
    {"agency_rate_pct", 1, 4.8, 100 / 4.8},
    {"vacancy_rate_pct", 0, std::nullopt, std::nullopt},
    {"turnover_rate_pct", 1, 3.8, 100 / 3.8},  // worker 7 left; 3.8 permanent FTE in post
    // Worker 1 lost 3 days (worker 7 has left); 254 working days in 2024-25 (261 weekdays less 7 bank holidays).
    {"absence_rate_pct", 3, 4.8 * 254, 300 / (4.8 * 254)},
    // Closed in the year: 100, 101, 105, 108; one re-allocation (103, team transfer) inside episode 101.
    {"hand_offs_per_episode", 1, 4, 0.25},
    // Family 1's lead professional changed on 2 Sep 2024; families 1 and 3 had one in the year.
    {"lead_professional_changes", 1, 2, 0.5},
    {"alternatives_to_referral_pct", 1, 2, 50},  // conversation 101
    {"stayed_with_family_pct", 3, 4, 75},        // child 16 was looked after during episode 108
    {"early_help_step_ups_pct", 1, 2, 50},       // episode 1 stepped up; 100 ended with needs met
    {"early_help_step_downs_pct", 1, 2, 50},     // episode 100 started as a step-down from CIN episode 101
    // Child 3: 83 days + 212 days at £520 a week; child 11: 365 days at £700 a week.
    {"placement_spend_pounds", 520.0 * 83 / 7 + 520.0 * 212 / 7 + 700.0 * 365 / 7, std::nullopt, 520.0 * 295 / 7 + 36500},
    // Worker 2 (agency, 1.0 FTE) in post 2 Dec 2024 - 31 Mar 2025 = 120 days.
    {"agency_uplift_pounds", 13600.0 * 120 / 365, std::nullopt, 13600.0 * 120 / 365},
};

class TinyIndicators : public ::testing::TestWithParam<kith::testing::Backend> {
 protected:
  void SetUp() override {
    db_ = kith::testing::make_tiny_council(kith::testing::new_database(GetParam(), dir_));
    ASSERT_NE(db_, nullptr);
    std::ifstream in(std::string(KITH_TEST_DATA_DIR) + "/insight/tiny_record.sql");
    std::stringstream sql;
    sql << in.rdbuf();
    ASSERT_TRUE(db_->exec(sql.str()).is_ok());
  }

  std::vector<IndicatorRow> compute(Slice by) {
    IndicatorOptions o;
    o.by = by;
    auto rows = compute_indicators(*db_, financial_year(2024), o, std::string(KITH_SOURCE_DIR) + "/data");
    EXPECT_TRUE(rows.is_ok()) << rows.status().message();
    return rows.is_ok() ? *rows : std::vector<IndicatorRow>{};
  }

  static const IndicatorRow* find(const std::vector<IndicatorRow>& rows, std::string_view id, std::string_view slice) {
    for (const auto& r : rows)
      if (r.def->id == id && r.slice_value == slice) return &r;
    return nullptr;
  }

  kith::testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(TinyIndicators, EveryIndicatorMatchesTheHandWorkedValue) {
  auto rows = compute(Slice::kNone);
  EXPECT_EQ(std::size(kFinancialYear2024), indicator_catalogue().size()) << "every indicator has a hand-worked case";
  for (const auto& e : kFinancialYear2024) {
    SCOPED_TRACE(e.id);
    const IndicatorRow* r = find(rows, e.id, "All");
    ASSERT_NE(r, nullptr);
    EXPECT_NEAR(r->numerator, e.numerator, 1e-9);
    ASSERT_EQ(r->denominator.has_value(), e.denominator.has_value());
    if (e.denominator) {
      EXPECT_NEAR(*r->denominator, *e.denominator, 1e-9);
    }
    ASSERT_EQ(r->value.has_value(), e.value.has_value());
    if (e.value) {
      EXPECT_NEAR(*r->value, *e.value, 1e-6);
    }
  }
}

TEST_P(TinyIndicators, VacancyRateSaysWhyItIsMissing) {
  auto rows = compute(Slice::kNone);
  EXPECT_NE(find(rows, "vacancy_rate_pct", "All")->note.find("not derivable"), std::string::npos);
}

// Locality: North has children 1, 2, 3, 11, 16 (looked after: 3, 11, 16); South has 4, 12 (looked after: 12).
TEST_P(TinyIndicators, SlicesByLocalityUseEachLocalitysPopulation) {
  auto rows = compute(Slice::kLocality);
  const IndicatorRow* north = find(rows, "cla_per_10k", "North");
  const IndicatorRow* south = find(rows, "cla_per_10k", "South");
  ASSERT_TRUE(north && south);
  EXPECT_EQ(north->numerator, 3);
  EXPECT_EQ(*north->denominator, 5);
  EXPECT_NEAR(*north->value, 6000, 1e-9);
  EXPECT_EQ(south->numerator, 1);
  EXPECT_NEAR(*south->value, 5000, 1e-9);
  EXPECT_EQ(find(rows, "cla_per_10k", "All")->numerator, 4);
}

// On 31 March 2025 children 3 (C1 then C2 from Nov 2024), 11 and 16 are on C2, 12 on V2.
TEST_P(TinyIndicators, SlicesByLegalStatusOnThePeriodsLastDay) {
  auto rows = compute(Slice::kLegalStatus);
  EXPECT_EQ(find(rows, "cla_per_10k", "C2")->numerator, 3);
  EXPECT_EQ(find(rows, "cla_per_10k", "V2")->numerator, 1);
  EXPECT_EQ(find(rows, "cla_3plus_placements_pct", "V2")->numerator, 1);  // child 12
  EXPECT_EQ(find(rows, "cla_per_10k", "C1"), nullptr);
}

// Workforce measures slice by the worker's team; Bea (agency) is in North Children in Care.
TEST_P(TinyIndicators, WorkforceSlicesByTeam) {
  auto rows = compute(Slice::kTeam);
  const IndicatorRow* cic = find(rows, "agency_rate_pct", "North Children in Care");
  ASSERT_NE(cic, nullptr);
  EXPECT_EQ(cic->numerator, 1);
  EXPECT_EQ(*cic->denominator, 1);
  EXPECT_EQ(find(rows, "agency_rate_pct", "South Assessment")->numerator, 0);
}

// Quarter 3 of 2024-25 (Oct-Dec 2024): the year-long measures look back 12 months from 31 December.
TEST_P(TinyIndicators, QuarterCountsFlowsInTheQuarterOnly) {
  auto rows = compute_indicators(*db_, *parse_period("2024Q3"), {}, "");
  ASSERT_TRUE(rows.is_ok());
  const IndicatorRow* referrals = find(*rows, "referrals_per_10k", "All");
  EXPECT_EQ(referrals->numerator, 0);  // no referral between 1 October and 31 December 2024
  const IndicatorRow* placements = find(*rows, "placement_spend_pounds", "All");
  EXPECT_NEAR(placements->numerator, 92 * (520.0 + 700.0) / 7, 1e-6);  // 92 days, children 3 and 11
  EXPECT_FALSE(find(*rows, "cla_placed_20_miles_pct", "All")->note.empty()) << "no postcodes loaded: distance unknown";
}

// The engine reads each person's rows through the index the loader built (RecordIndex). A record
// changed after loading must not be read through the stale index: a child added with three
// placements in the year counts in both measures below (by hand: 1 of 4 becomes 2 of 5).
TEST_P(TinyIndicators, ARecordChangedAfterLoadingIsIndexedAgain) {
  auto record = load_case_record(*db_);
  ASSERT_TRUE(record.is_ok()) << record.status().message();
  const Period year = financial_year(2024);
  auto before = compute_indicators(*record, year, {}, nullptr);
  EXPECT_EQ(find(before, "cla_3plus_placements_pct", "All")->numerator, 1);
  EXPECT_EQ(find(before, "cla_3plus_placements_pct", "All")->denominator, 4);

  ClaPeriodRow added{90001, 90001, Date::ymd(2024, 1, 1), std::nullopt, "", {{Date::ymd(2024, 1, 1), "C2"}}, {}};
  added.placements = {{Date::ymd(2024, 5, 1), Date::ymd(2024, 8, 1), "K2", "", 0},
                      {Date::ymd(2024, 8, 1), Date::ymd(2024, 12, 1), "K2", "", 0},
                      {Date::ymd(2024, 12, 1), std::nullopt, "K2", "", 0}};
  record->cla_periods.push_back(added);  // the index still describes the record as loaded
  auto after = compute_indicators(*record, year, {}, nullptr);
  EXPECT_EQ(find(after, "cla_per_10k", "All")->numerator, 5);
  EXPECT_EQ(find(after, "cla_3plus_placements_pct", "All")->numerator, 2);
  EXPECT_EQ(find(after, "cla_3plus_placements_pct", "All")->denominator, 5);

  record->index.reset();  // a record with no index at all (built by hand) is indexed per computation
  auto unindexed = compute_indicators(*record, year, {}, nullptr);
  EXPECT_EQ(find(unindexed, "cla_3plus_placements_pct", "All")->numerator, 2);
}

// Every test above runs on SQLite and on PostgreSQL (Insight/TinyIndicators.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Insight, TinyIndicators, ::testing::Values(kith::testing::Backend::kSqlite, kith::testing::Backend::kPostgres),
                         kith::testing::BackendName());

}  // namespace
}  // namespace kith::insight
