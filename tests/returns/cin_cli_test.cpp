// `kith validate cin`: exit 0 when only queries are found, 1 for rule
// errors, 2 for a file that is not a valid census; CSV in the CIN layout.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "fixtures/files.h"

namespace {
using kith::testing::read_file;

const std::string kGood = std::string(KITH_TEST_DATA_DIR) + "/returns/cin/files/good_census.xml";

std::string temp_file(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}

int kith(const std::string& args) {
  int status = std::system((std::string(KITH_BINARY) + " validate cin " + args + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(CinCli, QueriesAloneExitZeroAndCsvHasTheCinColumns) {
  std::string out = ::testing::TempDir() + "cin_findings.csv";
  EXPECT_EQ(kith(kGood + " --year 2025/26 --format csv --out " + out), 0);
  EXPECT_EQ(read_file(out), "rule,table,column,row,child\n2887Q,Disabilities,Disability,,\n");
}

TEST(CinCli, RuleErrorsExitOne) {
  std::string text = read_file(kGood);
  // A plan start after the reference date breaks rule 8720 without breaking the schema.
  text.replace(text.find("<CPPstartDate>2025-05-20"), 24, "<CPPstartDate>2026-05-20");
  EXPECT_EQ(kith(temp_file("cin_errors.xml", text)), 1);
}

TEST(CinCli, BadInputExitsTwo) {
  EXPECT_EQ(kith(temp_file("cin_truncated.xml", read_file(kGood).substr(0, 500))), 2);
  std::string text = read_file(kGood);
  text.replace(text.find("<Sex>F"), 6, "<Sex>X");
  EXPECT_EQ(kith(temp_file("cin_schema.xml", text)), 2) << "schema violations are bad input";
  EXPECT_EQ(kith(kGood + " --year 2019/20"), 2);
}

}  // namespace
