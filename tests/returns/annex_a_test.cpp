// Ofsted Annex A on the tiny council, expectations worked out by hand from
// tests/fixtures/tiny_council.sql for an inspection on Wed 30/04/2025 (six-month
// lookback from 30/10/2024, twelve months from 30/04/2024):
//  List 1: contacts 10/01/2025 (Ada, health), 14/04/2025 (Dan, police), 20/04/2025 (Ada, school).
//  List 3: referrals 13/01/2025 (Ada), 03/02/2025 (Ben), 14/04/2025 (Dan); Cara's 03/06/2024 is before the window.
//  List 4: Ada's open assessment (13/01/2025) and Ben's (03/02/2025, authorised 20/02/2025).
//  List 5: Ben's S47 (strategy 05/02/2025, ICPC 26/02/2025, plan) and Dan's open S47 (16/04/2025).
//  List 6: all four children (no referral was NFA); Ben on a CP plan, Cara looked after.
//  List 7: Ben's CP plan from 26/02/2025 (NEG/NEG). List 8: Cara, in care since 10/06/2024.
//  Lists 2, 9, 10, 11: empty (the only early help episode, 02/09/2024-10/01/2025, started before
//  the window and is not open on 30/04/2025; no care leavers, adoptions or adopters).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "fixtures/kith_cli.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "returns/annex_a/annex_a.h"

namespace kith::returns::annex_a {
namespace {

using kith::testing::run_command;
using kith::testing::run_kith;

const Date kInspection = Date::ymd(2025, 4, 30);

Cell d(int y, unsigned m, unsigned day) { return Date::ymd(y, m, day); }
Cell t(const char* s) { return std::string(s); }
Cell n(std::int64_t v) { return v; }
const Cell kBlank{};

std::string show(const Cell& c) {
  if (const auto* s = std::get_if<std::string>(&c)) return "'" + *s + "'";
  if (const auto* x = std::get_if<Date>(&c)) return x->iso();
  if (const auto* i = std::get_if<std::int64_t>(&c)) return std::to_string(*i);
  return "(blank)";
}

void expect_row(const std::vector<Cell>& got, const std::vector<Cell>& want, const std::vector<std::string>& headers) {
  ASSERT_EQ(got.size(), headers.size());
  ASSERT_EQ(want.size(), headers.size());
  for (std::size_t i = 0; i < want.size(); ++i)
    EXPECT_EQ(show(got[i]), show(want[i])) << "column " << i + 1 << " '" << headers[i] << "'";
}

// The projection tests run on both backends (TEST_P); the command tests
// (TEST_F, SQLite) run kith on a file: the CLI on a URL is cli_tests' CliOnPostgres.
class AnnexAProjection : public kith::testing::BackendTest {
 protected:
  void SetUp() override {
    db_ = kith::testing::make_tiny_council(kith::testing::new_database(backend(), dir_, "tiny.db"));
    ASSERT_NE(db_, nullptr);
  }
  AnnexA project(Date on) {
    auto r = project_annex_a(*db_, on, "");
    EXPECT_TRUE(r.is_ok()) << r.status().message();
    return r.is_ok() ? *r : AnnexA{};
  }
  kith::testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

// The header rows against the spec's columns.csv (an independent source: the
// January 2024 template), list by list; 169 columns in all.
TEST(AnnexAHeaders, MatchTheSpecColumnsInOrder) {
  std::ifstream in("/work/shared/spec/annex-a/columns.csv");
  if (!in) GTEST_SKIP() << "the Annex A spec folder is not on this machine";
  std::map<int, std::vector<std::string>> spec;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    // list_number,list_name,column_order,column_name,...: column_name may be quoted and hold commas.
    std::vector<std::string> f;
    std::string cur;
    bool quoted = false;
    for (char ch : line) {
      if (ch == '"') quoted = !quoted;
      else if (ch == ',' && !quoted) f.push_back(cur), cur.clear();
      else cur += ch;
    }
    f.push_back(cur);
    spec[std::stoi(f[0])].push_back(f[3]);
  }
  std::size_t total = 0;
  for (int list = 1; list <= 11; ++list) {
    EXPECT_EQ(list_headers(list), spec[list]) << "list " << list;
    total += list_headers(list).size();
  }
  EXPECT_EQ(total, 169u);
  EXPECT_TRUE(list_headers(12).empty());
}

TEST_P(AnnexAProjection, RowCountsPerListOnTheInspectionDate) {
  auto a = project(kInspection);
  ASSERT_EQ(a.lists.size(), 11u);
  const std::size_t want[] = {3, 0, 3, 2, 2, 4, 1, 1, 0, 0, 0};
  for (std::size_t i = 0; i < 11; ++i) EXPECT_EQ(a.lists[i].rows.size(), want[i]) << a.lists[i].sheet;
  EXPECT_EQ(a.from, Date::ymd(2024, 10, 30));
}

TEST_P(AnnexAProjection, ContactsCarryTheReferralSourceCodeOfTheirSource) {
  auto a = project(kInspection);
  const auto& l = a.lists[0];
  ASSERT_EQ(l.rows.size(), 3u);
  // Ada, 8 on 30/04/2025 (born 01/05/2016, birthday the next day).
  expect_row(l.rows[0], {t("1"), t("b) Female"), t("WBRI"), d(2016, 5, 1), n(8), d(2025, 1, 10), t("3F")}, l.headers);
  EXPECT_EQ(show(l.rows[1][6]), "'6'");   // Dan, police
  EXPECT_EQ(show(l.rows[2][6]), "'2A'");  // Ada, school
}

TEST_P(AnnexAProjection, ReferralOfDanWithHisAllocation) {
  auto a = project(kInspection);
  const auto& l = a.lists[2];
  ASSERT_EQ(l.rows.size(), 3u);
  expect_row(l.rows[2], {t("4"), t("a) Male"), t("AIND"), d(2010, 11, 11), n(14), d(2025, 4, 14), t("6"), t("N"), n(1),
                         t("South Assessment"), t("Eve Social")}, l.headers);
}

TEST_P(AnnexAProjection, AssessmentsOpenAndAuthorised) {
  auto a = project(kInspection);
  const auto& l = a.lists[3];
  ASSERT_EQ(l.rows.size(), 2u);
  // Ada's open assessment: no authorisation, so no outcome yet; no visit recorded.
  expect_row(l.rows[0], {t("1"), t("b) Female"), t("WBRI"), d(2016, 5, 1), n(8), t("N"), d(2025, 1, 13), t("N"), kBlank,
                         kBlank, t("North Assessment"), t("Alex Social")}, l.headers);
  // Ben's went to a strategy discussion: assessed as needing support.
  EXPECT_EQ(show(l.rows[1][8]), "2025-02-20");
  EXPECT_EQ(show(l.rows[1][9]), "'Y'");
}

TEST_P(AnnexAProjection, Section47OfBenAndTheOpenOneOfDan) {
  auto a = project(kInspection);
  const auto& l = a.lists[4];
  ASSERT_EQ(l.rows.size(), 2u);
  expect_row(l.rows[0], {t("2"), t("a) Male"), t("WBRI"), d(2019, 8, 20), n(5), t("N"), d(2025, 2, 5), t("N"), d(2025, 2, 26),
                         t("Y"), n(1), n(1), t("North Assessment"), t("Alex Social")}, l.headers);
  // Dan's enquiry needs an ICPC that has not been held yet.
  expect_row(l.rows[1], {t("4"), t("a) Male"), t("AIND"), d(2010, 11, 11), n(14), t("N"), d(2025, 4, 16), t("N"), kBlank,
                         kBlank, n(1), n(0), t("South Assessment"), t("Eve Social")}, l.headers);
}

TEST_P(AnnexAProjection, ChildrenInNeedWithTheirCaseStatus) {
  auto a = project(kInspection);
  const auto& l = a.lists[5];
  ASSERT_EQ(l.rows.size(), 4u);
  EXPECT_EQ(show(l.rows[0][11]), "'Child in need'");
  EXPECT_EQ(show(l.rows[1][11]), "'Child protection'");
  EXPECT_EQ(show(l.rows[2][11]), "'Looked after'");
  // Cara: referral 03/06/2024, need N1, last seen 10/10/2024, still open.
  expect_row(l.rows[2], {t("3"), t("b) Female"), t("MWBC"), d(2012, 2, 29), n(13), t("N"), d(2024, 6, 3), t("N1"),
                         d(2024, 10, 10), kBlank, kBlank, t("Looked after"), t("North Children in Care"), t("Bea Social")},
             l.headers);
}

TEST_P(AnnexAProjection, ChildProtectionPlanOfBen) {
  auto a = project(kInspection);
  const auto& l = a.lists[6];
  ASSERT_EQ(l.rows.size(), 1u);
  expect_row(l.rows[0], {t("2"), t("a) Male"), t("WBRI"), d(2019, 8, 20), n(5), t("N"), d(2025, 2, 26), t("NEG"), t("NEG"),
                         kBlank, kBlank, kBlank, kBlank, t("N"), n(0), t("North Assessment"), t("Alex Social")}, l.headers);
}

TEST_P(AnnexAProjection, CaraInCare) {
  auto a = project(kInspection);
  const auto& l = a.lists[7];
  ASSERT_EQ(l.rows.size(), 1u);
  // Latest legal status C2 from 01/11/2024; reviews 01/07 and 30/09/2024; visits 05/09 and 10/10/2024;
  // both placements (10/06-01/09/2024 and from 01/09/2024) touch the last 12 months.
  expect_row(l.rows[0], {t("3"), t("b) Female"), t("MWBC"), d(2012, 2, 29), n(13), t("N"), t("N"), d(2024, 6, 10), t("N1"),
                         t("N"), d(2024, 11, 1), t("C2"), d(2024, 9, 30), d(2024, 10, 10), kBlank, kBlank, kBlank, kBlank,
                         n(2), kBlank, kBlank, d(2024, 9, 1), t("U4"), t("PR1"), t("AB1 3AA"), kBlank, kBlank, kBlank,
                         n(0), n(0), kBlank, kBlank, t("North Children in Care"), t("Bea Social")}, l.headers);
}

TEST_P(AnnexAProjection, AnEarlierInspectionSeesLess) {
  // 31/03/2025: Dan's contact, referral and S47 (April) have not happened; the
  // early help episode (02/09/2024-10/01/2025) started before 30/09/2024, so is out too.
  auto a = project(Date::ymd(2025, 3, 31));
  EXPECT_EQ(a.lists[0].rows.size(), 1u);
  EXPECT_EQ(a.lists[2].rows.size(), 2u);
  EXPECT_EQ(a.lists[4].rows.size(), 1u);
  EXPECT_EQ(a.lists[5].rows.size(), 3u);
}

TEST_P(AnnexAProjection, EarlyHelpOpenOnTheInspectionDateListsEachChildOfTheFamily) {
  auto a = project(Date::ymd(2024, 12, 31));
  const auto& l = a.lists[1];
  ASSERT_EQ(l.rows.size(), 2u);  // Ada and Ben; Pat is a parent
  expect_row(l.rows[0], {t("1"), t("b) Female"), t("WBRI"), d(2016, 5, 1), n(8), d(2024, 9, 2), kBlank, t("North Assessment")},
             l.headers);
  EXPECT_EQ(show(l.rows[1][0]), "'2'");
}

TEST_P(AnnexAProjection, CareLeaverAndAdoption) {
  ASSERT_TRUE(db_->exec(
      "INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity, uasc, address_id) VALUES "
      "(6, 'Lee', 'Leaver', 'M', '2006-01-15', 'WBRI', 1, 1), (7, 'Amy', 'Adopt', 'F', '2022-05-05', 'WBRI', 0, 1);"
      "INSERT INTO care_leaver (id, person_id, personal_adviser_id, pathway_plan_date, eligibility) VALUES (1, 6, 2, '2025-03-01', 'former_relevant');"
      "INSERT INTO care_leaver_contact VALUES (1, 1, '2024-01-20', 'YES', 'F2', 'T2'), (2, 1, '2025-01-20', 'YES', 'F1', 'S1');"
      "INSERT INTO cla_period VALUES (2, 7, NULL, '2023-06-01', '2025-02-10', 'E11', 'N1', NULL, 1);"
      "INSERT INTO legal_status VALUES (3, 2, '2023-06-01', 'C2'), (4, 2, '2024-03-01', 'E1');"
      "INSERT INTO placement (id, cla_period_id, provider_id, start_date, end_date, placement_type, provider_code, postcode, reason_change, weekly_cost_pence) VALUES (3, 2, NULL, '2023-06-01', '2024-08-01', 'U4', 'PR1', NULL, NULL, 0),"
      "  (4, 2, NULL, '2024-08-01', '2025-02-10', 'A6', 'PR1', NULL, NULL, 0);"
      "INSERT INTO adoption_decision VALUES (1, 7, NULL, '2024-01-15', NULL, NULL);"
      "INSERT INTO adoption (id, person_id, date_int, date_match) VALUES (1, 7, '2024-01-15', '2024-07-20');")
                  .is_ok());
  auto a = project(kInspection);
  const auto& leavers = a.lists[8];
  ASSERT_EQ(leavers.rows.size(), 1u);
  // Lee is 19; his latest contact (20/01/2025) says in touch, F1, accommodation S suitable.
  expect_row(leavers.rows[0], {t("6"), t("a) Male"), t("WBRI"), d(2006, 1, 15), n(19), t("Y"), t("N"), kBlank, kBlank,
                               t("Bea Social"), t("Former relevant"), d(2025, 3, 1), t("YES"), d(2025, 1, 20), t("S"),
                               t("Suitable"), t("F1")}, leavers.headers);
  const auto& adopted = a.lists[9];
  ASSERT_EQ(adopted.rows.size(), 1u);  // adopted 10/02/2025, within the 12 months
  expect_row(adopted.rows[0], {t("7"), kBlank, t("b) Female"), t("WBRI"), d(2022, 5, 5), n(2), t("N"), d(2023, 6, 1),
                               d(2024, 1, 15), d(2024, 3, 1), d(2024, 7, 20), d(2024, 8, 1), d(2025, 2, 10), kBlank, kBlank,
                               kBlank}, adopted.headers);
  // Amy left care in the six months: she is on list 8 too, with the reason E11.
  ASSERT_EQ(a.lists[7].rows.size(), 2u);
  EXPECT_EQ(show(a.lists[7].rows[1][19]), "2025-02-10");
  EXPECT_EQ(show(a.lists[7].rows[1][20]), "'E11'");
}

TEST_P(AnnexAProjection, WorkbookHasOneSheetPerListHeadersAndExcelDates) {
  auto a = project(kInspection);
  std::string path = dir_.file("annex_a.xlsx");
  ASSERT_TRUE(write_annex_a_xlsx(a, path).is_ok());
  auto part = [&](const std::string& name) { return run_command("unzip -p " + path + " " + name).output; };
  std::string book = part("xl/workbook.xml");
  for (const char* sheet : {"List 1 Contacts", "List 5 S47 and ICPCs", "List 8 Children in care", "List 11 Adopters"})
    EXPECT_NE(book.find(std::string("name=\"") + sheet + "\""), std::string::npos) << sheet;
  EXPECT_NE(part("xl/worksheets/sheet11.xml").find("<c r=\"A1\""), std::string::npos);  // list 11: header only
  std::string strings = part("xl/sharedStrings.xml");
  EXPECT_NE(strings.find("Number of Referrals in Last 12 Months"), std::string::npos);
  EXPECT_NE(strings.find("South Assessment"), std::string::npos);
  EXPECT_NE(part("xl/styles.xml").find("formatCode=\"dd/mm/yyyy\""), std::string::npos);
  // List 3, row 2, column F: Ada's referral of 13/01/2025 as an Excel serial date:
  // 01/01/2025 is 45658 (days since 30/12/1899), so 13/01/2025 is 45670.
  std::string referrals = part("xl/worksheets/sheet3.xml");
  auto f2 = referrals.find("r=\"F2\"");
  ASSERT_NE(f2, std::string::npos);
  EXPECT_NE(referrals.substr(f2, 60).find("<v>45670</v>"), std::string::npos) << referrals.substr(f2, 60);
  EXPECT_EQ(referrals.find("r=\"A5\""), std::string::npos);  // three referrals: rows 2-4
}

TEST_F(AnnexAProjection, CommandWritesTheWorkbookAndRejectsABadDate) {
  std::string db = dir_.file("tiny.db"), out = dir_.file("cli.xlsx");
  db_.reset();
  auto ok = run_kith("export annex-a --db " + db + " --as-of 2025-04-30 --out " + out);
  ASSERT_EQ(ok.code, 0) << ok.output;
  EXPECT_NE(ok.output.find("List 3 Referrals"), std::string::npos) << ok.output;
  EXPECT_NE(run_command("unzip -l " + out).output.find("xl/worksheets/sheet11.xml"), std::string::npos);
  EXPECT_EQ(run_kith("export annex-a --db " + db + " --as-of 30/04/2025 --out " + out).code, 2);
  EXPECT_EQ(run_kith("export annex-a --db " + dir_.file("missing.db") + " --as-of 2025-04-30 --out " + out).code, 3);
}

INSTANTIATE_TEST_SUITE_P(Returns, AnnexAProjection, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::returns::annex_a
