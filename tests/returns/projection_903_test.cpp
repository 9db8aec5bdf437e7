// The SSDA903 projection on the tiny council (tests/fixtures/tiny_council.sql),
// with every expected row worked out by hand from the fixture's rows.
// Child 3 (Cara, born 29/02/2012, MWBC) is the only child looked after:
//   period from 10/06/2024 (CIN N1, home AB1 2CD), still open;
//   legal status C1 from 10/06/2024, C2 from 01/11/2024;
//   placement U6 (PR1, AB1 3AA) 10/06/2024 -> 01/09/2024 ending with CARPL,
//   placement U4 (PR1, AB1 3AA) from 01/09/2024.
// So three episodes: S (C1, U6) to 01/09, P (new placement, carer changed) to
// 01/11, L (C2) open.
#include <gtest/gtest.h>

#include <set>

#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "returns/projection/project_903.h"
#include "returns/ssda903/reader.h"

namespace kith::returns::projection {
namespace {

using Rows = std::vector<std::vector<std::string>>;

class Projection903 : public ::testing::TestWithParam<kith::testing::Backend> {
 protected:
  void SetUp() override {
    db_ = kith::testing::make_tiny_council(kith::testing::new_database(GetParam(), dir_));
    ASSERT_NE(db_, nullptr);
  }
  Return903Files project(int end_year) {
    auto r = project_903(*db_, CollectionYear{end_year}, "");
    EXPECT_TRUE(r.is_ok()) << r.status().message();
    return r ? *r : Return903Files{};
  }
  kith::testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(Projection903, EpisodesOf2024_25SplitAtEveryChangeOfLegalStatusOrPlacement) {
  auto files = project(2025);
  const CsvTable* e = files.table("Episodes");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->columns, (std::vector<std::string>{"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
                                                  "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"}));
  EXPECT_EQ(e->rows, (Rows{
                         {"3", "10/06/2024", "S", "C1", "N1", "U6", "PR1", "01/09/2024", "X1", "CARPL", "AB1 2CD", "AB1 3AA", ""},
                         {"3", "01/09/2024", "P", "C1", "N1", "U4", "PR1", "01/11/2024", "X1", "", "AB1 2CD", "AB1 3AA", ""},
                         {"3", "01/11/2024", "L", "C2", "N1", "U4", "PR1", "", "", "", "AB1 2CD", "AB1 3AA", ""},
                     }));
}

TEST_P(Projection903, HeaderReviewsPrevPermAndSocialWorkersOf2024_25) {
  auto files = project(2025);
  // Only the looked-after child: aged 13 at 31/03/2025 with no UPN -> UN2; a girl who is no parent: MOTHER 0.
  EXPECT_EQ(files.table("Header")->rows, (Rows{{"3", "F", "29/02/2012", "MWBC", "UN2", "0", ""}}));
  EXPECT_EQ(files.table("Reviews")->rows, (Rows{{"3", "29/02/2012", "01/07/2024", "PN1"}, {"3", "29/02/2012", "30/09/2024", "PN1"}}));
  // Started to be looked after in the year, no previous permanence recorded.
  EXPECT_EQ(files.table("PrevPerm")->rows, (Rows{{"3", "29/02/2012", "Z1", "", ""}}));
  // Gus (worker 7) from 03/06/2024 to 31/01/2025, a first allocation; Bea (worker 2) after Gus left.
  EXPECT_EQ(files.table("SWEpisodes")->rows,
            (Rows{{"3", "29/02/2012", "SW7", "03/06/2024", "31/01/2025", "OTHERS"}, {"3", "29/02/2012", "SW2", "01/02/2025", "", "LEFTRL"}}));
  // Looked after for under 12 months at 31/03/2025: no OC2; no care leavers, missing episodes or adoptions.
  for (const char* empty : {"OC2", "OC3", "Missing", "AD1", "PlacedAdoption", "UASC"}) EXPECT_TRUE(files.table(empty)->rows.empty()) << empty;
  EXPECT_EQ(files.table("DoLo"), nullptr);  // collected from 2026/27 only
}

TEST_P(Projection903, TwelveMonthsLaterTheChildIsInOc2AndOnlyTheOpenEpisodeRemains) {
  auto files = project(2026);
  EXPECT_EQ(files.table("Episodes")->rows,
            (Rows{{"3", "01/11/2024", "L", "C2", "N1", "U4", "PR1", "", "", "", "AB1 2CD", "AB1 3AA", ""}}));
  // Looked after since 10/06/2024, so 12 months by 10/06/2025 <= 31/03/2026. Aged 14: CONVICTED 0;
  // no health or dental check recorded in the year: 0 and 0; SDQ and immunisations not in the record: blank.
  EXPECT_EQ(files.table("OC2")->rows, (Rows{{"3", "29/02/2012", "", "", "0", "0", "", "0", "", "", "", ""}}));
  EXPECT_TRUE(files.table("PrevPerm")->rows.empty());
  EXPECT_TRUE(files.table("Reviews")->rows.empty());  // both reviews were in 2024/25
}

TEST_P(Projection903, AnEpisodeEndingAfterTheYearEndIsOpenAt31March) {
  // Close the period on 15/04/2025 (returned home): in 2024/25 the last episode is still open.
  ASSERT_TRUE(db_->exec("UPDATE cla_period SET end_date = '2025-04-15', reason_ceased = 'E13' WHERE id = 1;"
                        "UPDATE placement SET end_date = '2025-04-15' WHERE id = 2;").is_ok());
  auto before = project(2025).table("Episodes")->rows;
  EXPECT_EQ(before.back()[7], "");
  EXPECT_EQ(before.back()[8], "");
  auto after = project(2026).table("Episodes")->rows;
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0][7], "15/04/2025");
  EXPECT_EQ(after[0][8], "E13");
}

TEST_P(Projection903, SameCarerMakesAPlacementChangeU) {
  ASSERT_TRUE(db_->exec("INSERT INTO return_field VALUES ('placement', 2, 'SAME_CARER', '1')").is_ok());
  EXPECT_EQ(project(2025).table("Episodes")->rows[1][2], "U");
}

TEST_P(Projection903, TheCsvFilesReadBackThroughTheSsda903Reader) {
  auto files = project(2025);
  std::string out = dir_.file("903");
  ASSERT_TRUE(write_903(files, out).is_ok());
  ssda903::Return903 back;
  std::vector<std::string> warnings;
  Status s = ssda903::add_folder(out, 2025, "", back, warnings);
  ASSERT_TRUE(s.is_ok()) << s.message();
  const ssda903::Table* episodes = back.table("Episodes");
  ASSERT_NE(episodes, nullptr);
  EXPECT_EQ(episodes->rows(), 3u);
  EXPECT_EQ((*episodes->column("RNE"))[1], "P");
  std::set<std::string> names;
  for (const auto& n : back.table_names()) names.insert(n);
  EXPECT_EQ(names, (std::set<std::string>{"AD1", "Episodes", "Header", "Missing", "OC2", "OC3", "PlacedAdoption", "PrevPerm", "Reviews",
                                           "SWEpisodes", "UASC"}));
}

TEST(CsvText, QuotesOnlyCellsThatNeedIt) {
  CsvTable t{"X", {"A", "B"}, {{"plain", "with, comma"}, {"say \"hi\"", ""}}};
  EXPECT_EQ(to_csv(t), "A,B\nplain,\"with, comma\"\n\"say \"\"hi\"\"\",\n");
}

// Every test above runs on SQLite and on PostgreSQL (Returns/Projection903.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Returns, Projection903, ::testing::Values(kith::testing::Backend::kSqlite, kith::testing::Backend::kPostgres),
                         kith::testing::BackendName());

}  // namespace
}  // namespace kith::returns::projection
