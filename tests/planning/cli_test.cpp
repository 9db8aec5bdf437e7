// kith forecast and kith scenario as a user runs them: SSDA903 folders of a
// synthetic council in, the forecast CSV out; bad input explained.
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

using kith::testing::CliRun;
CliRun kith(const std::string& args) { return kith::testing::run_kith(args); }

std::string place_code(SubType t) {
  switch (t) {
    case SubType::kInHouseFostering: return "U6,PR1";
    case SubType::kAgencyFostering: return "U6,PR4";
    case SubType::kKinship: return "U3,PR1";
    case SubType::kInHouseResidential: return "K2,PR1";
    case SubType::kExternalResidential: return "K2,PR4";
    case SubType::kSupported: return "H5,PR4";
    case SubType::kSecure: return "K1,PR4";
    default: return "P1,PR0";
  }
}

// Writes the episodes as two collection-year folders (split by start date).
void write_903(const EpisodeInput& in, const fs::path& dir) {
  for (const char* year : {"2023", "2025"}) {
    fs::create_directories(dir / year);
    std::ofstream header(dir / year / "Header.csv");
    header << "CHILD,SEX,DOB,ETHNIC\n";
    for (const auto& r : in.rows)
      if (r.rne == 'S') header << in.children[r.child] << ",1," << r.dob->dmy() << ",WBRI\n";
  }
  std::ofstream early(dir / "2023" / "Episodes.csv"), late(dir / "2025" / "Episodes.csv");
  for (auto* f : {&early, &late}) *f << "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n";
  for (const auto& r : in.rows) {
    auto& f = *r.start < Date::ymd(2022, 4, 1) ? early : late;
    f << in.children[r.child] << "," << r.start->dmy() << "," << r.rne << ",C2,N1," << place_code(r.subtype) << ","
      << (r.end ? r.end->dmy() : "") << "," << (r.end ? "E11" : "") << "\n";
  }
}

class ForecastCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(tmp_.path());
    write_903(simulate_episodes(example_rates(), {Date::ymd(2016, 4, 1), Date::ymd(2025, 3, 31)}, 4), dir_ / "903");
  }
  testing::TempDir tmp_;
  fs::path dir_;
};

TEST_F(ForecastCli, WritesMonthEndsByStateWithBands) {
  std::string out = (dir_ / "forecast.csv").string();
  CliRun r = kith("forecast --from-903 " + (dir_ / "903").string() + " --reference 2023-04-01..2025-03-31 --horizon 24m --runs 200 --seed 5 --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  auto csv = io::read_csv(out);
  ASSERT_TRUE(csv.is_ok());
  EXPECT_EQ(csv->header, (std::vector<std::string>{"date", "age_band", "placement", "children", "p10", "p90"}));
  ASSERT_EQ(csv->rows.size(), 24u * 21);
  EXPECT_EQ(csv->rows.front()[0], "2025-04-30");
  EXPECT_EQ(csv->rows.back()[0], "2027-03-31");
  const auto& total = csv->rows.back();
  ASSERT_EQ(total[1], "all");
  double children = std::stod(total[3]), p10 = std::stod(total[4]), p90 = std::stod(total[5]);
  EXPECT_GT(children, 300);
  EXPECT_LT(p10, children);
  EXPECT_GT(p90, children);
  EXPECT_NE(r.output.find("rows read"), std::string::npos) << r.output;
}

TEST_F(ForecastCli, BadInputIsExplainedWithExitTwo) {
  std::string out = (dir_ / "f.csv").string();
  CliRun empty = kith("forecast --from-903 " + (dir_ / "903").string() + " --reference 2010-04-01..2011-03-31 --out " + out);
  EXPECT_EQ(empty.code, 2) << empty.output;
  EXPECT_NE(empty.output.find("has no data"), std::string::npos) << empty.output;
  CliRun horizon = kith("forecast --from-903 " + (dir_ / "903").string() + " --reference 2023-04-01..2025-03-31 --horizon 7y --out " + out);
  EXPECT_EQ(horizon.code, 2);
  EXPECT_NE(horizon.output.find("at most 5 years"), std::string::npos) << horizon.output;
  CliRun missing = kith("forecast --from-903 " + (dir_ / "nowhere").string() + " --reference 2023-04-01..2025-03-31 --out " + out);
  EXPECT_EQ(missing.code, 3) << missing.output;
}

TEST_F(ForecastCli, ExcludedRowsAreListedAndTheForecastStillRuns) {
  std::string bad = fs::path(KITH_TEST_DATA_DIR) / "planning" / "cleaning" / "7_bad_rows";
  CliRun r = kith("forecast --from-903 " + bad + " --reference 2024-04-01..2025-03-31 --runs 0 --out " + (dir_ / "f.csv").string());
  EXPECT_EQ(r.code, 0) << r.output;
  for (const char* why : {"5 excluded", "unknown placement type (PLACE) 'XX'", "ends (DEC 01/03/2024) before it starts", "line 4"})
    EXPECT_NE(r.output.find(why), std::string::npos) << why << "\n" << r.output;
}

TEST_F(ForecastCli, ScenariosAreSavedAndCompared) {
  std::string db = tmp_.file("k.db");
  testing::make_tiny_council(db);
  ASSERT_EQ(kith("scenario save --db " + db + " --name fewer --entries 0.8 --reinvest 0.5 --target 450").code, 0);
  CliRun list = kith("scenario list --db " + db);
  EXPECT_NE(list.output.find("\"entries_factor\":0.8"), std::string::npos) << list.output;
  std::string out = (dir_ / "compare.csv").string();
  CliRun r = kith("scenario compare --db " + db + " --from-903 " + (dir_ / "903").string() +
                  " --names fewer --reference 2023-04-01..2025-03-31 --horizon 2y --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  auto csv = io::read_csv(out);
  ASSERT_TRUE(csv.is_ok());
  ASSERT_EQ(csv->rows.size(), 2u);
  EXPECT_EQ(csv->rows[1][1], "2026/27");
  EXPECT_GT(std::stod(csv->rows[1][6]), 0) << "fewer entries save money";
  EXPECT_EQ(kith("scenario compare --db " + db + " --names nosuch --reference 2023-04-01..2025-03-31 --out " + out).code, 2);
}

}  // namespace
}  // namespace kith::planning
