// The workforce model worked by hand: staff needed from caseload norms, the
// agency uplift (the minutes' 25 workers at £13,600 = £340,000 a year), a
// conversion's savings, and the tiny council's open cases, staff and turnover.
#include <gtest/gtest.h>

#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "planning/workforce.h"

namespace kith::planning {
namespace {

constexpr int kCin = int(TeamType::kChildInNeed), kCp = int(TeamType::kChildProtection), kCla = int(TeamType::kLookedAfter),
              kLeaving = int(TeamType::kLeavingCare), kEarly = int(TeamType::kEarlyHelp);

// 150 children looked after on every day from 31 March 2025 to 31 March 2027.
Projection flat_care(double children) {
  Projection p;
  p.start = Date::ymd(2025, 3, 31);
  Stock s{};
  s[0] = children;
  p.stock.assign(731, s);
  p.entries.assign(731, 0);
  p.exits.assign(731, 0);
  return p;
}

WorkforceInput council() {
  WorkforceInput in;
  in.on = Date::ymd(2025, 3, 31);
  in.open_cases = {36, 30, 150, 50, 40};
  in.staff.permanent_fte = {1, 2, 3, 1, 1};
  in.staff.agency_fte = {5, 5, 10, 2, 3};  // 25 agency FTE
  return in;
}

TEST(WorkforceNorms, DefaultsAreEditableInJson) {
  WorkforceNorms d;
  EXPECT_EQ(d.children_per_fte, (TeamCounts{18, 15, 15, 25, 20}));
  EXPECT_EQ(d.agency_uplift, 13600);
  auto n = parse_norms(R"({"children_per_fte": {"child_protection": 12}, "agency_uplift": 15000})");
  ASSERT_TRUE(n.is_ok()) << n.status().message();
  EXPECT_EQ(n->children_per_fte[kCp], 12);
  EXPECT_EQ(n->children_per_fte[kCin], 18) << "a team type not named keeps its default";
  EXPECT_EQ(n->agency_uplift, 15000);
  auto round_trip = parse_norms(norms_json(*n));
  ASSERT_TRUE(round_trip.is_ok());
  EXPECT_EQ(round_trip->children_per_fte, n->children_per_fte);
  auto unknown = parse_norms(R"({"children_per_fte": {"fostering": 12}})");
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_NE(unknown.status().message().find("unknown team type 'fostering'"), std::string::npos);
  EXPECT_FALSE(parse_norms(R"({"children_per_fte": {"early_help": 0}})").is_ok());
  EXPECT_FALSE(parse_norms("[1]").is_ok());
}

TEST(Workforce, NeededStaffFollowNormsWithCareFromTheProjection) {
  Projection care = flat_care(120);  // the projection, not the record's 150, sets the looked-after workload
  WorkforcePlan p = plan_workforce(council(), care, {Date::ymd(2025, 4, 30)}, WorkforceNorms{}, std::nullopt);
  ASSERT_EQ(p.months.size(), 1u);
  const WorkforceMonth& m = p.months[0];
  // 36/18 = 2, 30/15 = 2, 120/15 = 8, 50/25 = 2, 40/20 = 2.
  EXPECT_EQ(m.needed, (TeamCounts{2, 2, 8, 2, 2}));
  EXPECT_EQ(m.children[kCla], 120);
  EXPECT_EQ(m.children[kEarly], 40) << "early help is held at the open count";
  Table t = workforce_table(p);
  ASSERT_EQ(t.rows.size(), 6u);
  EXPECT_EQ(std::get<std::string>(t.rows[5][1]), "all");
  // Shortfall: 16 needed - 8 permanent - 25 agency = -17 (more staff than the norms call for).
  EXPECT_DOUBLE_EQ(std::get<double>(t.rows[5][6]), -17);
}

TEST(Workforce, TwentyFiveAgencyWorkersCostTheMinutesUplift) {
  WorkforcePlan p = plan_workforce(council(), flat_care(150), {}, WorkforceNorms{}, std::nullopt);
  ASSERT_EQ(p.years.size(), 2u);
  EXPECT_EQ(p.years[0].year, "2025/26");
  EXPECT_NEAR(p.years[0].baseline, 340000, 1e-6);  // 25 x 13,600 over 365 days
  EXPECT_NEAR(p.years[1].baseline, 340000, 1e-6);
  EXPECT_NEAR(p.years[1].saved(), 0, 1e-9);
}

TEST(Workforce, ConvertingTenAgencyWorkersFromOctoberSavesTheirUplift) {
  WorkforceChange change{.convert = 10, .recruit = 0, .from = Date::ymd(2025, 10, 1)};
  WorkforcePlan p = plan_workforce(council(), flat_care(150), {Date::ymd(2025, 9, 30), Date::ymd(2025, 10, 31)}, WorkforceNorms{}, change);
  // 2025/26: 182 days from 1 October at 10 x 13,600 / 365 a day; 2026/27: the whole 136,000.
  EXPECT_NEAR(p.years[0].saved(), 136000.0 * 182 / 365, 1e-6);
  EXPECT_NEAR(p.years[1].saved(), 136000, 1e-6);
  EXPECT_NEAR(p.years[1].with_change, 204000, 1e-6);
  // Before the day nothing changes; after it each team's agency FTE falls by 10/25 and becomes permanent.
  EXPECT_EQ(p.months[0].agency, (TeamCounts{5, 5, 10, 2, 3}));
  const WorkforceMonth& after = p.months[1];
  for (int k = 0; k < kTeamTypes; ++k) EXPECT_NEAR(after.agency[k], council().staff.agency_fte[k] * 0.6, 1e-12) << k;
  EXPECT_NEAR(after.permanent[kCla], 3 + 4, 1e-12);
  EXPECT_NEAR(sum(after.permanent) + sum(after.agency), 33, 1e-12) << "conversion keeps the staff in post";
}

TEST(Workforce, RecruitsAreSpreadByNeedAndConversionsStopAtTheAgencyStaff) {
  // Need 2, 2, 10, 2, 2 = 18: 9 recruits are half of each team's need.
  WorkforceChange change{.convert = 40, .recruit = 9, .from = Date::ymd(2025, 4, 1)};
  WorkforcePlan p = plan_workforce(council(), flat_care(150), {Date::ymd(2025, 4, 30)}, WorkforceNorms{}, change);
  EXPECT_EQ(p.months[0].permanent, (TeamCounts{1 + 5 + 1, 2 + 5 + 1, 3 + 10 + 5, 1 + 2 + 1, 1 + 3 + 1}));
  EXPECT_EQ(sum(p.months[0].agency), 0);
  EXPECT_NEAR(p.years[0].with_change, 0, 1e-9) << "only the 25 agency workers there are can be converted";
}

// The tiny council on 30 April 2025: Ada and Dan in need, Ben on a plan, Cara looked after; the
// early help for Ada and Ben's family closed on 10 January 2025. Alex (1.0) and Eve (0.8) are
// permanent assessment social workers, Bea (1.0) an agency one in children in care; Gus, permanent,
// left on 31 January 2025. Managers and the health visitor hold no caseload.
// The tests that read the case record run on SQLite and on PostgreSQL.
using WorkforceStore = testing::BackendTest;

TEST_P(WorkforceStore, ReadsOpenCasesStaffAndTurnoverFromTheCaseRecord) {
  testing::TempDir dir;
  auto db = testing::make_tiny_council(testing::new_database(backend(), dir));
  auto in = read_workforce(*db, Date::ymd(2025, 4, 30));
  ASSERT_TRUE(in.is_ok()) << in.status().message();
  EXPECT_EQ(in->open_cases, (TeamCounts{2, 1, 1, 0, 0}));
  EXPECT_NEAR(in->staff.permanent_fte[kCin], 1.8, 1e-12);
  EXPECT_EQ(in->staff.agency_fte, (TeamCounts{0, 0, 1, 0, 0}));
  EXPECT_EQ(in->staff.permanent_headcount, 2);
  EXPECT_EQ(in->staff.agency_headcount, 1);
  // One leaver over the mean of 3 (Alex, Eve, Gus on 30 April 2024) and 2 now.
  EXPECT_EQ(in->turnover.leavers, 1);
  EXPECT_DOUBLE_EQ(in->turnover.average_headcount, 2.5);
  EXPECT_DOUBLE_EQ(in->turnover.rate(), 0.4);
  auto before = read_workforce(*db, Date::ymd(2024, 12, 1));
  ASSERT_TRUE(before.is_ok());
  EXPECT_EQ(before->open_cases[kEarly], 2) << "Ada and Ben while their family had early help";
  EXPECT_EQ(before->open_cases[kLeaving], 0);
}

TEST_P(WorkforceStore, SummaryGivesAgencyShareVacanciesAndTurnover) {
  testing::TempDir dir;
  auto db = testing::make_tiny_council(testing::new_database(backend(), dir));
  auto in = read_workforce(*db, Date::ymd(2025, 4, 30));
  ASSERT_TRUE(in.is_ok());
  Table t = staff_summary_table(*in, WorkforceNorms{});
  auto value = [&](const std::string& measure) {
    for (const auto& r : t.rows)
      if (std::get<std::string>(r[0]) == measure) return std::get<double>(r[1]);
    ADD_FAILURE() << measure;
    return -1.0;
  };
  EXPECT_NEAR(value("agency_share"), 1.0 / 2.8, 1e-12);
  EXPECT_NEAR(value("agency_uplift_a_year"), 13600, 1e-9);
  // Need 2/18 + 1/15 + 1/15; permanent staff (1.8) only in child in need, so 2/15 is vacant.
  EXPECT_NEAR(value("needed_fte"), 2.0 / 18 + 2.0 / 15, 1e-12);
  EXPECT_NEAR(value("vacancies_fte"), 2.0 / 15, 1e-12);
  EXPECT_NEAR(value("turnover"), 0.4, 1e-12);
}

INSTANTIATE_TEST_SUITE_P(Planning, WorkforceStore, testing::kBothBackends, testing::BackendName());

}  // namespace
}  // namespace kith::planning
