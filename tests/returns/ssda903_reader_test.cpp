// The SSDA903 reader: recognising files by header set, normalising values,
// refusing bad files with file/line/field messages, and the derived fields.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "returns/ssda903/derived.h"
#include "returns/ssda903/postcodes.h"
#include "returns/ssda903/reader.h"

namespace kith::returns::ssda903 {
namespace {

const std::string kData = std::string(KITH_SOURCE_DIR) + "/data";
const std::string kHeader = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n";
const std::string kEpisodes = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n";

Status add(const std::string& text, Return903& r, std::vector<std::string>& warnings, int year = 2026) {
  return add_csv(text, "Header.csv", year, "", r, warnings);
}

TEST(Ssda903Reader, RecognisesTableByHeaderSetAndNormalises) {
  Return903 r;
  std::vector<std::string> warnings;
  // Columns in another order; file name irrelevant.
  ASSERT_TRUE(add("DOB,CHILD,SEX,ETHNIC,UPN,MOTHER,MC_DOB\n01/02/2010,a1,m,wbri,,,\n", r, warnings));
  const Table* h = r.table("Header");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->rows(), 1u);
  EXPECT_EQ((*h->column("CHILD"))[0], "A1");
  EXPECT_EQ((*h->column("ETHNIC"))[0], "WBRI");
  EXPECT_TRUE(h->column("UPN")->null(0));
  EXPECT_EQ(to_date(h->column("DOB")->date(0)), Date::ymd(2010, 2, 1));
  EXPECT_EQ(h->line(0), 2);
}

TEST(Ssda903Reader, WrongHeaderNamesTheClosestTableAndColumns) {
  Return903 r;
  std::vector<std::string> warnings;
  Status s = add("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MCDOB\n", r, warnings);
  ASSERT_FALSE(s);
  EXPECT_NE(s.message().find("Header.csv line 1"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("closest is Header, missing column(s) MC_DOB, unexpected column(s) MCDOB"), std::string::npos) << s.message();
}

TEST(Ssda903Reader, TableOfALaterYearIsNotRecognised) {
  Return903 r;
  std::vector<std::string> warnings;
  EXPECT_TRUE(add("CHILD,DOB,DOLO_START,DOLO_END\n", r, warnings, 2027));
  Return903 earlier;
  EXPECT_FALSE(add("CHILD,DOB,DOLO_START,DOLO_END\n", earlier, warnings, 2026));
}

TEST(Ssda903Reader, RaggedRowWindows1252AndBomAreReported) {
  std::vector<std::string> warnings;
  Return903 a, b, c;
  Status ragged = add(kHeader + "1,M,01/01/2010,WBRI,UN1,,\n2,F\n", a, warnings);
  EXPECT_NE(ragged.message().find("Header.csv line 3"), std::string::npos) << ragged.message();
  Status cp1252 = add(kHeader + "1,M,01/01/2010,WBRI,UN1,,caf\xE9\n", b, warnings);
  EXPECT_NE(cp1252.message().find("line 2"), std::string::npos) << cp1252.message();
  EXPECT_NE(cp1252.message().find("not UTF-8"), std::string::npos);
  ASSERT_TRUE(add("\xEF\xBB\xBF" + kHeader, c, warnings));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("Header.csv line 1: the file starts with a UTF-8 byte-order mark"), std::string::npos);
}

TEST(Ssda903Reader, ImpossibleDatesAreNullDatesForTheRules) {
  Return903 r;
  std::vector<std::string> warnings;
  ASSERT_TRUE(add(kHeader + "1,M,31/02/2010,WBRI,UN1,,\n2,M,1/4/2010,WBRI,UN1,,\n3,M,01/04/10,WBRI,UN1,,\n", r, warnings));
  const Column& dob = *r.table("Header")->column("DOB");
  EXPECT_EQ(dob.date(0), kNoDate);
  EXPECT_EQ(to_date(dob.date(1)), Date::ymd(2010, 4, 1));  // strptime accepts one-digit day and month
  EXPECT_EQ(dob.date(2), kNoDate);
}

TEST(Ssda903Reader, PostcodeKeysIgnoreSpacesAndCase) {
  EXPECT_EQ(postcode_key("M1  1AE"), postcode_key("m11ae"));
  EXPECT_NE(postcode_key("M1 1AE"), postcode_key("M11AF"));
  EXPECT_FALSE(postcode_key("SW1A 1AAX"));
  EXPECT_FALSE(postcode_key("M1-1AE"));
}

TEST(Ssda903Derived, PlacementDistanceLaAndLocationFromPostcodes) {
  Return903 r;
  r.metadata = metadata_for_year(2026, "E08000003");
  std::vector<std::string> warnings;
  ASSERT_TRUE(add_csv(kEpisodes + "1,01/05/2025,S,C2,N1,U1,PR1,,,,SW1A 1AA,m1 1ae,\n2,01/05/2025,S,C2,N1,U1,PR1,,,,M1 1AE,SW1A1AA,\n"
                                  "3,01/05/2025,S,C2,N1,U1,PR1,,,,ZZ9 9ZZ,M1 1AE,\n",
                      "Episodes.csv", 2026, "", r, warnings));
  ASSERT_TRUE(add_csv(kHeader + "1,M,01/01/2010,WBRI,UN1,,\n2,M,01/01/2010,WBRI,UN1,,\n", "Header.csv", 2026, "", r, warnings));
  ASSERT_TRUE(add_csv("CHILD,SEX,DOB,DUC\n2,M,01/01/2010,\n", "UASC.csv", 2026, "", r, warnings));
  auto keys = postcodes_in(r);
  auto postcodes = PostcodeIndex::load(kData, [&](std::uint64_t k) { return keys.count(k) > 0; });
  ASSERT_TRUE(postcodes) << postcodes.status().message();
  EXPECT_EQ(postcodes->size(), 2u);  // only the two real postcodes the return mentions
  add_derived_fields(r, *postcodes);
  const Table& e = *r.table("Episodes");
  // Worked example of data/postcodes: (529090,179645) to (384756,398553) = 162.93 -> 162.9 miles.
  EXPECT_EQ((*e.column("PL_DISTANCE"))[0], "162.9");
  EXPECT_EQ((*e.column("PL_LA"))[0], "E08000003");  // Manchester
  EXPECT_EQ((*e.column("PL_LOCATION"))[0], "IN");
  EXPECT_EQ((*e.column("PL_LA"))[1], "E09000033");  // Westminster
  EXPECT_EQ((*e.column("PL_LOCATION"))[1], "OUT");
  EXPECT_TRUE(e.column("PL_DISTANCE")->null(2));  // home postcode unknown
  EXPECT_EQ((*e.column("PL_LOCATION"))[2], "IN");
  const Table& h = *r.table("Header");
  EXPECT_EQ((*h.column("UASC"))[0], "0");
  EXPECT_EQ((*h.column("UASC"))[1], "1");
}

TEST(Ssda903Cli, ValidatesAFolderAndExitsOneOnErrors) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "kith_903_cli_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "a.csv") << kHeader << "1,M,01/01/2010,WBRI,UN1,,\n2,X,01/01/2011,WBRI,UN2,,\n";
  std::ofstream(dir / "b.csv") << kEpisodes << "1,01/05/2025,S,C2,N1,U1,PR1,,,,,,\n2,01/05/2025,S,C2,N1,U1,PR1,,,,,,\n";
  fs::path out = dir / "findings.csv";
  std::string cmd = std::string(KITH_BINARY) + " validate 903 " + dir.string() + " --year 2025/26 --la E08000003 --format csv --out " + out.string();
  int status = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 1);
  std::ifstream in(out);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.substr(0, 21), "rule,table,row,child\n");
  EXPECT_NE(text.find("\n101,Header,1,2\n"), std::string::npos) << text;
  std::ofstream(dir / "c.csv") << "CHILD,SEX\n1,M\n";
  status = std::system((cmd + " 2>/dev/null").c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kith::returns::ssda903
