// kith backtest and kith workforce as a user runs them: a synthetic
// council's SSDA903 episodes in, the error per state and in total out, a
// horizon past the data refused; the tiny council's workforce files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fixtures/kith_cli.h"
#include "fixtures/tiny_council.h"
#include "io/csv.h"
#include "planning/synthetic.h"

namespace kith::planning {
namespace {

namespace fs = std::filesystem;

using KithRun = kith::testing::CliRun;
KithRun kith(const std::string& args) { return kith::testing::run_kith(args); }

// One folder holding every episode (in-house fostering, residential or supported by category).
void write_903(const EpisodeInput& in, const fs::path& dir) {
  fs::create_directories(dir);
  std::ofstream header(dir / "Header.csv"), episodes(dir / "Episodes.csv");
  header << "CHILD,SEX,DOB,ETHNIC\n";
  episodes << "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n";
  const char* place[] = {"U6,PR1", "K2,PR4", "H5,PR4", "P1,PR0"};
  for (const auto& r : in.rows) {
    if (r.rne == 'S') header << in.children[r.child] << ",1," << r.dob->dmy() << ",WBRI\n";
    episodes << in.children[r.child] << "," << r.start->dmy() << "," << r.rne << ",C2,N1," << place[int(placement_of(r.subtype))] << ","
             << (r.end ? r.end->dmy() : "") << "," << (r.end ? "E11" : "") << "\n";
  }
}

class BacktestCli : public ::testing::Test {
 protected:
  void SetUp() override { write_903(simulate_episodes(example_rates(), {Date::ymd(2016, 4, 1), Date::ymd(2025, 3, 31)}, 11), dir() / "903"); }
  fs::path dir() const { return fs::path(tmp_.path()); }
  testing::TempDir tmp_;
};

TEST_F(BacktestCli, ReportsTheErrorPerStateAndInTotal) {
  std::string out = (dir() / "errors.csv").string();
  KithRun r = kith("backtest --from-903 " + (dir() / "903").string() + " --fit-until 2023-03-31 --horizon 24m --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("fitted on 2021-04-01..2023-03-31; 24 month ends to 2025-03-31"), std::string::npos) << r.output;
  auto errors = io::read_csv(out);
  ASSERT_TRUE(errors.is_ok());
  EXPECT_EQ(errors->header, (std::vector<std::string>{"age_band", "placement", "mean_abs_error", "mean_actual"}));
  ASSERT_EQ(errors->rows.size(), 21u);
  const auto& total = errors->rows.back();
  ASSERT_EQ(total[0], "all");
  // The council runs on the rates the model fits, so the total stays within a tenth of what happened.
  double error = std::stod(total[2]), actual = std::stod(total[3]);
  EXPECT_GT(actual, 300);
  EXPECT_GT(error, 0);
  EXPECT_LT(error, 0.1 * actual);
  auto points = io::read_csv((dir() / "errors_points.csv").string());
  ASSERT_TRUE(points.is_ok());
  ASSERT_EQ(points->rows.size(), 24u * 21);
  EXPECT_EQ(points->rows.front()[0], "2023-04-30");
}

TEST_F(BacktestCli, AHorizonPastTheDataOrABadDateIsExitTwo) {
  std::string folder = (dir() / "903").string();
  KithRun past = kith("backtest --from-903 " + folder + " --fit-until 2024-03-31 --horizon 2y");
  EXPECT_EQ(past.code, 2) << past.output;
  EXPECT_NE(past.output.find("before the back-test's last day 2026-03-31"), std::string::npos) << past.output;
  KithRun bad = kith("backtest --from-903 " + folder + " --fit-until 31/03/2023");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.output.find("must be a date"), std::string::npos) << bad.output;
  EXPECT_EQ(kith("backtest --fit-until 2023-03-31").code, 2) << "needs --from-903 or --db";
}

// The tiny council's placements run to 1 September 2024, so the plan starts then; Hal, an agency
// social worker in children in care, is added so that there is an uplift to save.
TEST(WorkforceCli, WritesNeedsUpliftAndStaffAndRefusesAConversionWithoutADay) {
  testing::TempDir tmp;
  std::string db = tmp.file("k.db");
  ASSERT_TRUE(testing::make_tiny_council(db)->exec(
      "INSERT INTO worker VALUES (8, 2, 'Hal Agency', 'social_worker', 'council', 'agency', 1.0, '2023-01-02', NULL, NULL)"));
  std::string out = tmp.file("w.csv");
  KithRun r = kith("workforce --db " + db + " --horizon 12m --convert 1 --from 2025-01-01 --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  auto plan = io::read_csv(out);
  ASSERT_TRUE(plan.is_ok());
  EXPECT_EQ(plan->header[1], "team_type");
  ASSERT_EQ(plan->rows.size(), 13u * 6) << "the start day and 12 month ends, five team types and all";
  EXPECT_EQ(plan->rows.front()[0], "2024-09-01");
  auto uplift = io::read_csv(tmp.file("w_uplift.csv"));
  ASSERT_TRUE(uplift.is_ok());
  ASSERT_EQ(uplift->rows.size(), 2u);
  // Hal made permanent from 1 January: 90 days of 2024/25 and the 154 days of 2025/26 to 1 September.
  EXPECT_EQ(uplift->rows[0][0], "2024/25");
  EXPECT_NEAR(std::stod(uplift->rows[0][3]), 13600.0 * 90 / 365, 0.01);
  EXPECT_NEAR(std::stod(uplift->rows[1][3]), 13600.0 * 154 / 365, 0.01);
  ASSERT_TRUE(fs::exists(tmp.file("w_staff.csv")));
  KithRun no_day = kith("workforce --db " + db + " --convert 1 --out " + out);
  EXPECT_EQ(no_day.code, 2);
  EXPECT_NE(no_day.output.find("need --from DATE"), std::string::npos) << no_day.output;
}

}  // namespace
}  // namespace kith::planning
