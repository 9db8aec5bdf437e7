// Costs, scenarios and the case record as a source: spend worked by hand,
// scenarios moving children and money the way they should, saved scenarios
// round-tripping through the database.
#include <gtest/gtest.h>

#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "planning/scenario.h"
#include "planning/synthetic.h"

namespace kith::planning {
namespace {

constexpr int kFoster = state_of(AgeBand::k10to15, Placement::kFostering);
constexpr int kResi = state_of(AgeBand::k10to15, Placement::kResidential);

TEST(Costs, SpendIsChildrenTimesDailyCostByFinancialQuarterAndYear) {
  // 7 children in fostering, nobody moves, 1 March to 30 April 2025 (61 days after the start).
  Rates still;
  Stock stock{};
  stock[kFoster] = 7;
  Projection p = project(still, stock, Date::ymd(2025, 2, 28), 61);
  UnitCosts costs;
  costs.weekly[int(SubType::kAgencyFostering)] = 700;  // 100 a day
  costs.weekly[int(SubType::kInHouseFostering)] = 350; // 50 a day
  costs.inflation = 0.10;
  costs.base = Date::ymd(2024, 4, 1);
  SubTypeMix mix{};
  mix[kFoster][int(SubType::kAgencyFostering)] = 0.5;
  mix[kFoster][int(SubType::kInHouseFostering)] = 0.5;
  Spend s = spend_of(p, costs, mix);
  // March 2025 (31 days, 2024/25 prices): 7 x 75 x 31 = 16,275. April 2025 (30 days, +10%): 7 x 82.5 x 30 = 17,325.
  ASSERT_EQ(s.years.size(), 2u);
  EXPECT_EQ(s.years[0].period, "2024/25");
  EXPECT_NEAR(s.years[0].pounds, 16275, 1e-6);
  EXPECT_EQ(s.years[1].period, "2025/26");
  EXPECT_NEAR(s.years[1].pounds, 17325, 1e-6);
  ASSERT_EQ(s.quarters.size(), 2u);
  EXPECT_EQ(s.quarters[0].period, "2024/25 Q4");
  EXPECT_EQ(s.quarters[1].period, "2025/26 Q1");
  EXPECT_NEAR(s.total, 16275 + 17325, 1e-6);
}

TEST(Costs, UnitCostsReadFromJsonAndBadFilesAreExplained) {
  auto c = parse_unit_costs(R"({"base": "2025-04-01", "inflation": 0.02, "weekly": {"agency_fostering": 1200}})");
  ASSERT_TRUE(c.is_ok()) << c.status().message();
  EXPECT_EQ(c->weekly[int(SubType::kAgencyFostering)], 1200);
  EXPECT_EQ(c->weekly[int(SubType::kKinship)], default_unit_costs().weekly[int(SubType::kKinship)]);
  EXPECT_NEAR(c->weekly_on(SubType::kAgencyFostering, Date::ymd(2027, 4, 1)), 1200 * 1.02 * 1.02, 1e-9);
  auto back = parse_unit_costs(unit_costs_json(*c));
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(back->weekly, c->weekly);
  auto bad = parse_unit_costs(R"({"weekly": {"agency_foster": 1}})");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_NE(bad.status().message().find("agency_foster"), std::string::npos);
}

TEST(Scenario, ChangesMoveChildrenAndMoneyTheRightWay) {
  CleanEpisodes e = clean_episodes(simulate_episodes(example_rates(1.4), {Date::ymd(2015, 4, 1), Date::ymd(2025, 3, 31)}, 3));
  Period ref{Date::ymd(2023, 4, 1), Date::ymd(2025, 3, 31)};
  Baseline b{*estimate_rates(e, ref, Estimator::kChildDays), mix_from(e, ref), stock_on(e, ref.to), ref.to, 3 * 365,
             default_unit_costs()};
  double start = total(b.start_stock);
  ASSERT_GT(start, 650);
  Scenario fewer;
  fewer.name = "early help";
  fewer.entries_factor = 0.7;
  fewer.reinvest_share = 0.4;
  fewer.target = 600;
  ScenarioOutcome o = run_scenario(fewer, b);
  ASSERT_EQ(o.years.size(), 3u);  // 1 April 2025 to 30 March 2028: 2025/26 .. 2027/28
  EXPECT_LT(o.years[2].children, o.years[2].baseline_children);
  EXPECT_GT(o.years[2].savings, 0);
  EXPECT_NEAR(o.years[2].reinvested, 0.4 * o.years[2].savings, 1e-6);
  EXPECT_NEAR(o.years[2].kept + o.years[2].reinvested, o.years[2].savings, 1e-6);
  ASSERT_TRUE(o.target_met.has_value());
  EXPECT_LE(total(o.projection.on(*o.target_met)), 600);
  EXPECT_GT(total(o.projection.on(o.target_met->plus_days(-1))), 600);

  Scenario step_down;
  step_down.name = "step down";
  step_down.step_down_per_year = 0.5;
  ScenarioOutcome sd = run_scenario(step_down, b);
  EXPECT_LT(sd.projection.stock.back()[kResi], project(b.rates, b.start_stock, b.start, b.days).stock.back()[kResi]);
  EXPECT_GT(sd.years[1].savings, 0) << "residential costs more than fostering";

  Scenario in_house;
  in_house.name = "in-house";
  in_house.in_house_shift = 1.0;
  ScenarioOutcome ih = run_scenario(in_house, b);
  EXPECT_NEAR(total(ih.projection.stock.back()), total(project(b.rates, b.start_stock, b.start, b.days).stock.back()), 1e-9)
      << "carers change, children do not";
  EXPECT_GT(ih.years[1].savings, 0);
}

// The tests that read or write the store run on SQLite and on PostgreSQL.
using ScenarioStore = testing::BackendTest;
using CaseRecord = testing::BackendTest;

TEST_P(ScenarioStore, SavedScenariosRoundTripByName) {
  testing::TempDir dir;
  auto db = testing::make_tiny_council(testing::new_database(backend(), dir));
  Scenario s;
  s.name = "fewer entries";
  s.entries_factor = 0.9;
  s.target = 550;
  ASSERT_TRUE(save_scenario(*db, s).is_ok());
  s.entries_factor = 0.85;
  ASSERT_TRUE(save_scenario(*db, s).is_ok()) << "saving again replaces";
  auto back = load_scenario(*db, "fewer entries");
  ASSERT_TRUE(back.is_ok()) << back.status().message();
  EXPECT_EQ(back->entries_factor, 0.85);
  EXPECT_EQ(back->target, 550);
  EXPECT_EQ(list_scenarios(*db)->size(), 1u);
  EXPECT_TRUE(delete_scenario(*db, "fewer entries").is_ok());
  EXPECT_EQ(load_scenario(*db, "fewer entries").status().code(), Status::Code::kNotFound);
  s.in_house_shift = 1.5;
  EXPECT_FALSE(save_scenario(*db, s).is_ok()) << "a share above 1 is refused";
}

TEST_P(CaseRecord, PlacementsBecomeEpisodes) {
  testing::TempDir dir;
  auto db = testing::make_tiny_council(testing::new_database(backend(), dir));
  auto in = read_case_record(*db);
  ASSERT_TRUE(in.is_ok()) << in.status().message();
  ASSERT_EQ(in->rows.size(), 2u);
  EXPECT_EQ(in->rows[0].rne, 'S');
  EXPECT_EQ(in->rows[1].rne, 'P');
  EXPECT_EQ(in->rows[0].dob, Date::ymd(2012, 2, 29));
  CleanEpisodes e = clean_episodes(*in);
  ASSERT_EQ(e.spells.size(), 2u);
  EXPECT_EQ(e.spells[0].start, Date::ymd(2024, 6, 10));
  EXPECT_EQ(e.spells[0].end, Date::ymd(2024, 9, 1));
  EXPECT_EQ(e.spells[0].state, kFoster);
  EXPECT_EQ(e.spells[0].subtype, SubType::kInHouseFostering);
  EXPECT_TRUE(e.spells[0].continues);
  EXPECT_FALSE(e.spells[1].end.has_value());
}

INSTANTIATE_TEST_SUITE_P(Planning, ScenarioStore, testing::kBothBackends, testing::BackendName());
INSTANTIATE_TEST_SUITE_P(Planning, CaseRecord, testing::kBothBackends, testing::BackendName());

}  // namespace
}  // namespace kith::planning
