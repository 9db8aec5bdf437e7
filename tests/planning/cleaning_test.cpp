// The episode cleaning rules one by one: each folder under cleaning/ holds
// SSDA903 Header and Episodes files, the spells expected by hand
// (expected.csv) and, when rows are excluded, the reasons
// (expected_excluded.csv: a place and a reason that the message must contain).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "io/csv.h"
#include "planning/cleaning.h"

namespace kith::planning {
namespace {

namespace fs = std::filesystem;

std::string spell_line(const CleanEpisodes& e, const std::vector<std::string>& children, const CareSpell& s) {
  return children[s.child] + "," + s.start.iso() + "," + (s.end ? s.end->iso() : "") + "," +
         std::string(label(band_of_state(s.state))) + "," + std::string(label(placement_of_state(s.state))) + "," +
         (s.entry ? "1" : "0") + "," + (s.continues ? "1" : "0");
}

std::vector<std::string> expected_lines(const fs::path& file) {
  auto csv = io::read_csv(file.string());
  EXPECT_TRUE(csv.is_ok()) << csv.status().message();
  std::vector<std::string> lines;
  for (const auto& row : csv->rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) line += (i ? "," : "") + row[i];
    lines.push_back(line);
  }
  return lines;
}

std::vector<fs::path> cases() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(KITH_TEST_DATA_DIR) / "planning" / "cleaning")) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Cleaning, EveryCaseFolderGivesTheSpellsWorkedByHand) {
  auto folders = cases();
  ASSERT_GE(folders.size(), 7u);
  for (const auto& folder : folders) {
    SCOPED_TRACE(folder.filename().string());
    auto in = read_903_folders({folder.string()});
    ASSERT_TRUE(in.is_ok()) << in.status().message();
    CleanEpisodes e = clean_episodes(*in);
    std::vector<std::string> got;
    for (const auto& s : e.spells) got.push_back(spell_line(e, in->children, s));
    EXPECT_EQ(got, expected_lines(folder / "expected.csv"));
    std::vector<std::string> excluded_expected;
    if (fs::exists(folder / "expected_excluded.csv")) excluded_expected = expected_lines(folder / "expected_excluded.csv");
    ASSERT_EQ(e.report.excluded.size(), excluded_expected.size());
    for (const auto& want : excluded_expected) {
      std::string where = want.substr(0, want.find(',')), reason = want.substr(want.find(',') + 1);
      bool found = std::any_of(e.report.excluded.begin(), e.report.excluded.end(), [&](const Exclusion& x) {
        return x.where.ends_with(where) && x.reason.find(reason) != std::string::npos;
      });
      EXPECT_TRUE(found) << "no exclusion of " << where << " because " << reason;
    }
  }
}

TEST(Cleaning, TheReportCountsEachRule) {
  auto count = [](const char* name) {
    auto in = read_903_folders({(fs::path(KITH_TEST_DATA_DIR) / "planning" / "cleaning" / name).string()});
    return clean_episodes(*in).report;
  };
  EXPECT_EQ(count("2_duplicate_start").duplicate_starts, 2);
  EXPECT_EQ(count("3_duplicate_end").duplicate_ends, 1);
  EXPECT_EQ(count("4_open_or_overlapping").ends_moved, 2);
  EXPECT_EQ(count("5_merge_ltu").merged, 3);
  CleaningReport split = count("6_split_at_birthdays");
  EXPECT_EQ(split.splits, 3);
  EXPECT_EQ(split.ended_at_18, 2) << "F2 left at 18, and F4 once the data (to 31 March 2026) reach the birthday";
}

TEST(Cleaning, YearFoldersAreReadFromTheirParentAndRepeatsAcrossYearsCollapse) {
  // The same episode open at 31 March in one year's file and closed in the next.
  auto dir = fs::temp_directory_path() / "kith_planning_years";
  fs::remove_all(dir);
  for (const char* year : {"2023", "2024"}) fs::create_directories(dir / year);
  std::string header = "CHILD,SEX,DOB,ETHNIC\nK1,1,01/01/2015,WBRI\n";
  for (const char* year : {"2023", "2024"}) std::ofstream(dir / year / "header.csv") << header;
  std::ofstream(dir / "2023" / "episodes.csv") << "CHILD,DECOM,RNE,PLACE,DEC\nK1,01/10/2022,S,U4,\n";
  std::ofstream(dir / "2024" / "episodes.csv") << "CHILD,DECOM,RNE,PLACE,DEC\nK1,01/10/2022,S,U4,15/07/2023\n";
  auto in = read_903_folders({dir.string()});
  ASSERT_TRUE(in.is_ok()) << in.status().message();
  CleanEpisodes e = clean_episodes(*in);
  ASSERT_EQ(e.spells.size(), 1u);
  EXPECT_EQ(e.spells[0].end, Date::ymd(2023, 7, 15));
  fs::remove_all(dir);
}

TEST(Cleaning, AFolderWithoutEpisodesIsNamed) {
  auto dir = fs::temp_directory_path() / "kith_planning_empty";
  fs::create_directories(dir);
  auto in = read_903_folders({dir.string()});
  ASSERT_FALSE(in.is_ok());
  EXPECT_NE(in.status().message().find("no Episodes"), std::string::npos) << in.status().message();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kith::planning
