// `kith export` and `kith import` as a council would run them, on generated
// councils: a clean council's returns pass the DfE rules with no error; a
// council generated with --errors gives one finding per seeded fault of the
// kinds the rules check; import then export gives back the same files.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "fixtures/files.h"
#include "fixtures/kith_cli.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "model/date.h"
#include "store/database.h"

namespace {

using kith::testing::run_kith;
using kith::testing::read_file;
using kith::testing::lines_of;

// A council generated once for the tests of this file (Telford and Wrekin at a
// fifth of its size, to 30 June 2026 so that 2025/26 is complete).
class GeneratedCouncil : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new kith::testing::TempDir();
    for (auto [name, errors] : {std::pair{"clean", "0"}, {"faulty", "0.05"}}) {
      auto r = run_kith("synth --seed 1 --scale 0.2 --until 2026-06-30 --no-demo-users --errors " + std::string(errors) +
                        " --db " + dir_->file(std::string(name) + ".db"));
      ASSERT_EQ(r.code, 0) << r.output;
    }
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string file(const std::string& name) { return dir_->file(name); }
  static kith::testing::TempDir* dir_;
};
kith::testing::TempDir* GeneratedCouncil::dir_ = nullptr;

// True when the record shows a care leaver the DfE way (a relevant or former
// relevant child): looked after for at least 13 weeks (91 days) after the 14th
// birthday, and still on or after the 16th. Computed here, not by the rules' code.
bool record_shows_care_leaver(kith::store::Database& db, std::int64_t person) {
  int days = 0;
  bool at_16 = false;
  kith::Status s = db.run("SELECT per.birth_date, p.start_date, p.end_date FROM cla_period p JOIN person per ON per.id = p.person_id "
                    "WHERE p.person_id = ?",
                    {person}, [&](const kith::store::Statement& st) {
                      auto birth = st.date(0), start = st.date(1);
                      if (!birth || !start) return;
                      kith::Date end = st.date(2).value_or(kith::Date::ymd(2026, 3, 31));
                      days += std::max(0, int(end - std::max(*start, birth->plus_months(14 * 12))));
                      at_16 = at_16 || end >= birth->plus_months(16 * 12);
                    });
  EXPECT_TRUE(s.is_ok()) << s.message();
  return days >= 91 && at_16;
}

// Exports the 2025/26 SSDA903 (and 2024/25 as the previous year) of council `la`
// from `db_file` into `dir`, validates it and checks that it has no error. The
// validator sees two years of episodes only, so it cannot tell that a care
// leaver was looked after long enough before those two years: rules 1001 and
// 1002 flag them (the DfE tool's own note: "may generate false positives").
// Those are the only errors allowed, and only for young people the record shows
// to be care leavers. Returns how many such findings there were.
int expect_903_without_errors(const std::string& db_file, const std::string& la, const kith::testing::TempDir& dir) {
  auto exported = run_kith("export 903 --db " + db_file + " --year 2025/26 --la " + la + " --out " + dir.file("e903"));
  EXPECT_EQ(exported.code, 0) << exported.output;
  EXPECT_EQ(run_kith("export 903 --db " + db_file + " --year 2024/25 --la " + la + " --out " + dir.file("e903_prev")).code, 0);
  run_kith("validate 903 " + dir.file("e903") + " --previous " + dir.file("e903_prev") + " --year 2025/26 --la " + la +
           " --format csv --out " + dir.file("f903.csv"));
  auto db = kith::store::Database::open(db_file, {.create = false, .read_only = true});
  EXPECT_TRUE(db.is_ok());
  if (!db) return 0;
  int false_positives = 0;
  auto findings = lines_of(read_file(dir.file("f903.csv")));
  EXPECT_FALSE(findings.empty()) << "no findings file";
  for (const auto& l : findings) {
    if (l == "rule,table,row,child" || l.rfind("EPI,", 0) == 0) continue;  // EPI is an advisory query
    std::string rule = l.substr(0, l.find(','));
    if (rule != "1001" && rule != "1002") {
      ADD_FAILURE() << l;
      continue;
    }
    std::string child = l.substr(l.rfind(',') + 1);
    EXPECT_TRUE(record_shows_care_leaver(**db, std::stoll(child))) << "child " << child << " is no care leaver in the record: " << l;
    ++false_positives;
  }
  return false_positives;
}

TEST_F(GeneratedCouncil, CleanCouncilsReturnsHaveNoErrors) {
  int false_positives = expect_903_without_errors(file("clean.db"), "E06000020", *dir_);
  std::printf("  903 2025/26: no errors but %d care-leaver findings (1001/1002) the two-year validator cannot avoid\n", false_positives);
  // Looked-after children are in the return: at a fifth of Telford, well over 50.
  EXPECT_GT(lines_of(read_file(file("e903") + "/Header.csv")).size(), 50u);

  auto cin = run_kith("export cin --db " + file("clean.db") + " --year 2025/26 --out " + file("clean_cin.xml"));
  ASSERT_EQ(cin.code, 0) << cin.output;
  auto vc = run_kith("validate cin " + file("clean_cin.xml") + " --year 2025/26 --format csv --out " + file("fcin.csv"));
  EXPECT_EQ(vc.code, 0) << vc.output << read_file(file("fcin.csv"));
}

// Birmingham (330) at 0.3 of its size, to 30 June 2026: the smallest council and
// seeds where the generator's returns broke DfE rules found on Birmingham at full
// scale (903 1003, 215, 580 and others; CIN 8565, 8608: the fixes are listed in
// docs/SYNTH.md). Before the fixes, with these options, seed 1 gave 903 errors
// 187, 215, 577, 580, 1007 and CIN 8565; seed 2 gave 187, 215, 435, 1003, 1007
// (at --scale 0.1 seeds 1-3 showed none of 1003, 215, 580). Both returns
// of each seed must now be free of errors. About 20 s per seed.
class LargeCouncil : public ::testing::TestWithParam<int> {};

TEST_P(LargeCouncil, BirminghamAtAThirdOfItsSizeHasNoReturnErrors) {
  kith::testing::TempDir dir;
  std::string db = dir.file("b.db");
  auto made = run_kith("synth --seed " + std::to_string(GetParam()) + " --councils 330 --scale 0.3 --until 2026-06-30 --no-demo-users --db " + db);
  ASSERT_EQ(made.code, 0) << made.output;
  int false_positives = expect_903_without_errors(db, "E08000025", dir);
  std::printf("  330 seed %d, 903 2025/26: no errors but %d care-leaver findings (1001/1002)\n", GetParam(), false_positives);
  EXPECT_GT(lines_of(read_file(dir.file("e903") + "/Header.csv")).size(), 500u);  // a third of Birmingham: ~600 looked after
  auto cin = run_kith("export cin --db " + db + " --year 2025/26 --out " + dir.file("cin.xml"));
  ASSERT_EQ(cin.code, 0) << cin.output;
  auto vc = run_kith("validate cin " + dir.file("cin.xml") + " --year 2025/26 --format csv --out " + dir.file("fcin.csv"));
  EXPECT_EQ(vc.code, 0) << vc.output << read_file(dir.file("fcin.csv")).substr(0, 4000);
}

INSTANTIATE_TEST_SUITE_P(Seeds, LargeCouncil, ::testing::Values(1, 2));

// Counts, per rule, the findings in a CSV of `kith validate 903 --format csv`.
std::map<std::string, int> findings_by_rule(const std::string& csv) {
  std::map<std::string, int> out;
  for (const auto& l : lines_of(csv))
    if (l != "rule,table,row,child") ++out[l.substr(0, l.find(','))];
  return out;
}

TEST_F(GeneratedCouncil, SeededBadCodesComeOutAsFindingsOfTheCodeRules) {
  ASSERT_EQ(run_kith("export 903 --db " + file("faulty.db") + " --year 2025/26 --la E06000020 --out " + file("faulty903")).code, 0);
  auto v = run_kith("validate 903 " + file("faulty903") + " --year 2025/26 --la E06000020 --format csv --out " + file("ff.csv"));
  EXPECT_EQ(v.code, 1) << v.output;
  auto found = findings_by_rule(read_file(file("ff.csv")));
  // The generator's bad code is X9 (src/synth/faults.cpp); count the episodes carrying it per column.
  std::map<std::string, int> seeded;
  auto rows = lines_of(read_file(file("faulty903") + "/Episodes.csv"));
  for (std::size_t i = 1; i < rows.size(); ++i) {
    std::vector<std::string> cells;
    std::stringstream s(rows[i]);
    for (std::string c; std::getline(s, c, ',');) cells.push_back(c);
    if (cells.size() > 5) {
      seeded["144"] += cells[3] == "X9";  // LS
      seeded["145"] += cells[4] == "X9";  // CIN (category of need)
      seeded["146"] += cells[5] == "X9";  // PLACE
    }
  }
  for (const char* rule : {"144", "145", "146"}) {
    EXPECT_GT(seeded[rule], 0) << rule;
    EXPECT_EQ(found[rule], seeded[rule]) << "rule " << rule;
  }
}

TEST_F(GeneratedCouncil, SeededCinCodesBreakTheSchemaSoNoCensusIsWritten) {
  auto r = run_kith("export cin --db " + file("faulty.db") + " --year 2025/26 --out " + file("faulty_cin.xml"));
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("nothing written"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(file("faulty_cin.xml")));
}

// Every table's lines, sorted: a return is a set of rows per table.
std::map<std::string, std::vector<std::string>> table_lines(const std::string& dir) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    auto l = lines_of(read_file(e.path().string()));
    std::sort(l.begin(), l.end());
    out[e.path().filename().string()] = l;
  }
  return out;
}

TEST_F(GeneratedCouncil, ImportThenExportGivesBackTheSame903Files) {
  ASSERT_EQ(run_kith("export 903 --db " + file("clean.db") + " --year 2024/25 --la E06000020 --out " + file("rt_prev")).code, 0);
  ASSERT_EQ(run_kith("export 903 --db " + file("clean.db") + " --year 2025/26 --la E06000020 --out " + file("rt_cur")).code, 0);
  auto imported = run_kith("import 903 " + file("rt_cur") + " --previous " + file("rt_prev") + " --year 2025/26 --db " + file("rt.db"));
  ASSERT_EQ(imported.code, 0) << imported.output;
  ASSERT_EQ(run_kith("export 903 --db " + file("rt.db") + " --year 2025/26 --la E06000020 --out " + file("rt_again")).code, 0);
  ASSERT_EQ(run_kith("export 903 --db " + file("rt.db") + " --year 2024/25 --la E06000020 --out " + file("rt_prev_again")).code, 0);
  auto a = table_lines(file("rt_cur")), b = table_lines(file("rt_again"));
  for (const auto& [name, rows] : a) EXPECT_EQ(rows, b[name]) << name;
  auto c = table_lines(file("rt_prev")), d = table_lines(file("rt_prev_again"));
  for (const auto& [name, rows] : c) EXPECT_EQ(rows, d[name]) << name << " (previous year)";
  auto audit = run_kith("audit verify --db " + file("rt.db"));
  EXPECT_EQ(audit.code, 0) << audit.output;
}

TEST_F(GeneratedCouncil, ImportThenExportGivesBackTheSameCensus) {
  ASSERT_EQ(run_kith("export cin --db " + file("clean.db") + " --year 2025/26 --out " + file("rt.xml")).code, 0);
  auto imported = run_kith("import cin " + file("rt.xml") + " --db " + file("rt_cin.db"));
  ASSERT_EQ(imported.code, 0) << imported.output;
  ASSERT_EQ(run_kith("export cin --db " + file("rt_cin.db") + " --year 2025/26 --out " + file("rt_again.xml")).code, 0);
  // Byte for byte but for the export time in the header.
  auto a = lines_of(read_file(file("rt.xml"))), b = lines_of(read_file(file("rt_again.xml")));
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].find("<DateTime>") == std::string::npos) { EXPECT_EQ(a[i], b[i]) << "line " << i + 1; }
}

// The server mode: both returns imported into PostgreSQL come back out of it
// as the files they were (the same round trips as above, through a URL).
TEST_F(GeneratedCouncil, ImportIntoPostgresThenExportGivesBackTheSameReturns) {
  auto url = [&] { return "'" + kith::testing::new_database(kith::testing::Backend::kPostgres, *dir_) + "'"; };
  const std::string db903 = url(), dbcin = url(), key = " --audit-key " + file("pg.audit-key");
  ASSERT_EQ(run_kith("export 903 --db " + file("clean.db") + " --year 2024/25 --la E06000020 --out " + file("pg_prev")).code, 0);
  ASSERT_EQ(run_kith("export 903 --db " + file("clean.db") + " --year 2025/26 --la E06000020 --out " + file("pg_cur")).code, 0);
  auto imported = run_kith("import 903 " + file("pg_cur") + " --previous " + file("pg_prev") + " --year 2025/26 --db " + db903 + key);
  ASSERT_EQ(imported.code, 0) << imported.output;
  ASSERT_EQ(run_kith("export 903 --db " + db903 + " --year 2025/26 --la E06000020 --out " + file("pg_again")).code, 0);
  auto a = table_lines(file("pg_cur")), b = table_lines(file("pg_again"));
  EXPECT_FALSE(a["Episodes.csv"].empty());
  for (const auto& [name, rows] : a) EXPECT_EQ(rows, b[name]) << name;
  auto audit = run_kith("audit verify --db " + db903 + " --key " + file("pg.audit-key"));
  EXPECT_EQ(audit.code, 0) << audit.output;

  ASSERT_EQ(run_kith("export cin --db " + file("clean.db") + " --year 2025/26 --out " + file("pg.xml")).code, 0);
  imported = run_kith("import cin " + file("pg.xml") + " --db " + dbcin + key);
  ASSERT_EQ(imported.code, 0) << imported.output;
  ASSERT_EQ(run_kith("export cin --db " + dbcin + " --year 2025/26 --out " + file("pg_again.xml")).code, 0);
  auto x = lines_of(read_file(file("pg.xml"))), y = lines_of(read_file(file("pg_again.xml")));
  ASSERT_EQ(x.size(), y.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i].find("<DateTime>") == std::string::npos) {
      EXPECT_EQ(x[i], y[i]) << "line " << i + 1;
    }
  }
}

TEST(ExportCli, BadUsage) {
  kith::testing::TempDir dir;
  EXPECT_EQ(run_kith("export 903 --db " + dir.file("none.db") + " --year 2025-26 --la E06000020 --out " + dir.file("x")).code, 2);
  EXPECT_EQ(run_kith("export 903 --db " + dir.file("none.db") + " --year 2025/26 --la 894 --out " + dir.file("x")).code, 2);
  EXPECT_EQ(run_kith("export cin --db " + dir.file("none.db") + " --year 2019/20 --out " + dir.file("x.xml")).code, 2);
  auto missing = run_kith("import 903 " + dir.file("no-such-folder") + " --year 2025/26 --db " + dir.file("i.db"));
  EXPECT_EQ(missing.code, 3) << missing.output;
  EXPECT_NE(missing.output.find("not a folder"), std::string::npos);
}

}  // namespace
