// Import: returns loaded into an empty case record and exported again give
// back the same returns, row set for row set (the order of rows within a table
// is not part of a return). Bad input is refused whole, naming file, line and
// column; a load is one transaction with one audit entry.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "audit/audit_log.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "returns/cin/cin_reader.h"
#include "returns/import/import.h"
#include "returns/projection/project_903.h"
#include "returns/projection/project_cin.h"

namespace kith::returns {
namespace {

using projection::CollectionYear;
using Rows = std::vector<std::vector<std::string>>;

const std::string kSchema = std::string(KITH_SOURCE_DIR) + "/data/spec/cin/CIN_schema_2025_26.xsd";

Rows sorted(Rows rows) {
  std::sort(rows.begin(), rows.end());
  return rows;
}

class Import : public ::testing::TestWithParam<kith::testing::Backend> {
 protected:
  void SetUp() override {
    // The source is the tiny council in a file; the import writes into the test's backend.
    source_ = kith::testing::make_tiny_council(dir_.file("tiny.db"));
    ASSERT_NE(source_, nullptr);
    auto db = store::Database::open(kith::testing::new_database(GetParam(), dir_, "imported.db"), {.create = true});
    ASSERT_TRUE(db.is_ok()) << db.status().message();
    imported_ = std::move(*db);
    auto log = audit::AuditLog::open(dir_.file("imported.db.audit-key"), true);
    ASSERT_TRUE(log.is_ok());
    audit_ = std::make_unique<audit::AuditLog>(std::move(*log));
  }
  store::WriteContext ctx() { return {*audit_, "system:test", "import test"}; }

  std::string export_903(store::Database& db, int year, const std::string& name) {
    auto files = projection::project_903(db, CollectionYear{year}, "");
    EXPECT_TRUE(files.is_ok()) << files.status().message();
    std::string out = dir_.file(name);
    EXPECT_TRUE(projection::write_903(*files, out).is_ok());
    return out;
  }

  void expect_same_903(store::Database& a, store::Database& b, int year) {
    auto x = projection::project_903(a, CollectionYear{year}, "");
    auto y = projection::project_903(b, CollectionYear{year}, "");
    ASSERT_TRUE(x.is_ok() && y.is_ok());
    ASSERT_EQ(x->tables.size(), y->tables.size());
    for (std::size_t i = 0; i < x->tables.size(); ++i)
      EXPECT_EQ(sorted(x->tables[i].rows), sorted(y->tables[i].rows)) << x->tables[i].name << " of " << year;
  }

  kith::testing::TempDir dir_;
  std::unique_ptr<store::Database> source_, imported_;
  std::unique_ptr<audit::AuditLog> audit_;
};

TEST_P(Import, Ssda903RoundTripGivesBackTheSameTables) {
  std::string dir = export_903(*source_, 2025, "903");
  auto summary = import::import_903(*imported_, ctx(), {dir, "", CollectionYear{2025}, ""});
  ASSERT_TRUE(summary.is_ok()) << summary.status().message();
  EXPECT_EQ(summary->people, 1);  // only child 3 is in the 2024/25 return
  // One period, legal statuses C1 and C2, placements U6 and U4 (with CARPL on the first).
  EXPECT_EQ(*imported_->scalar("SELECT count(*) FROM cla_period"), 1);
  EXPECT_EQ(*imported_->scalar("SELECT count(*) FROM legal_status"), 2);
  EXPECT_EQ(*imported_->scalar("SELECT count(*) FROM placement WHERE reason_change = 'CARPL' AND end_date = '2024-09-01'"), 1);
  expect_same_903(*source_, *imported_, 2025);
}

TEST_P(Import, WithThePreviousYearBothYearsComeBack) {
  std::string previous = export_903(*source_, 2025, "903_2025");
  std::string current = export_903(*source_, 2026, "903_2026");
  auto summary = import::import_903(*imported_, ctx(), {current, previous, CollectionYear{2026}, ""});
  ASSERT_TRUE(summary.is_ok()) << summary.status().message();
  // The open episode is in both years' files: one period, not two.
  EXPECT_EQ(*imported_->scalar("SELECT count(*) FROM cla_period"), 1);
  expect_same_903(*source_, *imported_, 2025);
  expect_same_903(*source_, *imported_, 2026);
}

TEST_P(Import, KeptFieldsComeBackAsReported) {
  std::string dir = export_903(*source_, 2025, "903");
  // Give the child a mother flag, a URN on the second placement and an adoption decision.
  std::ofstream(dir + "/Header.csv") << "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n3,F,29/02/2012,MWBC,UN2,0,\n";
  std::ofstream(dir + "/PlacedAdoption.csv")
      << "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n3,29/02/2012,01/12/2024,,\n";
  std::ofstream(dir + "/Episodes.csv")
      << "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
         "3,10/06/2024,S,C1,N1,U6,PR1,01/09/2024,X1,CARPL,AB1 2CD,AB1 3AA,\n"
         "3,01/09/2024,U,C1,N1,U4,PR1,01/11/2024,X1,,AB1 2CD,AB1 3AA,SC123456\n"
         "3,01/11/2024,L,C2,N2,U4,PR1,,,,AB1 2CD,AB1 3AA,SC123456\n";
  ASSERT_TRUE(import::import_903(*imported_, ctx(), {dir, "", CollectionYear{2025}, ""}).is_ok());
  auto back = projection::project_903(*imported_, CollectionYear{2025}, "");
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(back->table("Header")->rows, (Rows{{"3", "F", "29/02/2012", "MWBC", "UN2", "0", ""}}));
  EXPECT_EQ(back->table("PlacedAdoption")->rows, (Rows{{"3", "29/02/2012", "01/12/2024", "", ""}}));
  // U: the carer stayed; the category of need changed to N2 within the period; the URN kept.
  EXPECT_EQ(back->table("Episodes")->rows[1], (std::vector<std::string>{"3", "01/09/2024", "U", "C1", "N1", "U4", "PR1", "01/11/2024", "X1",
                                                                          "", "AB1 2CD", "AB1 3AA", "SC123456"}));
  EXPECT_EQ(back->table("Episodes")->rows[2][4], "N2");
}

TEST_P(Import, BadInputIsRefusedWholeNamingFileLineAndColumn) {
  std::string dir = export_903(*source_, 2025, "903");
  std::ofstream(dir + "/Episodes.csv")
      << "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
         "3,10/06/2024,S,C1,N1,U6,PR1,01/09/2024,X1,CARPL,AB1 2CD,AB1 3AA,\n"
         "3,31/09/2024,P,C1,N1,U4,PR1,,,,AB1 2CD,AB1 3AA,\n";
  auto r = import::import_903(*imported_, ctx(), {dir, "", CollectionYear{2025}, ""});
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("Episodes.csv line 3, column DECOM: '31/09/2024' is not a dd/mm/YYYY date"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(*imported_->scalar("SELECT count(*) FROM person"), 0);  // the Header rows were rolled back
  EXPECT_EQ(*imported_->scalar("SELECT count(*) FROM audit_entry"), 0);

  std::ofstream(dir + "/Episodes.csv")
      << "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
         "99,10/06/2024,S,C1,N1,U6,PR1,,,,AB1 2CD,AB1 3AA,\n";
  r = import::import_903(*imported_, ctx(), {dir, "", CollectionYear{2025}, ""});
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("Episodes.csv line 2, column CHILD: child '99' is not in the Header"), std::string::npos)
      << r.status().message();
}

TEST_P(Import, OneAuditEntryPerLoad) {
  std::string dir = export_903(*source_, 2025, "903");
  ASSERT_TRUE(import::import_903(*imported_, ctx(), {dir, "", CollectionYear{2025}, ""}).is_ok());
  std::string action, entity, id;
  ASSERT_TRUE(imported_->run("SELECT action, entity, entity_id FROM audit_entry", {}, [&](const store::Statement& s) {
    action = s.text(0), entity = s.text(1), id = s.text(2);
  }).is_ok());
  EXPECT_EQ(*imported_->scalar("SELECT count(*) FROM audit_entry"), 1);
  EXPECT_EQ(action + " " + entity + " " + id, "import ssda903 2024/25");
  auto verified = audit_->verify(*imported_);
  ASSERT_TRUE(verified.is_ok());
  EXPECT_TRUE(verified->ok());
}

// The flattened census tables other than the header (which carries the export time).
std::vector<std::pair<std::string, Rows>> census_rows(const std::string& xml) {
  auto parsed = cin::parse_cin_xml(xml, "census.xml", kSchema);
  EXPECT_TRUE(parsed.is_ok());
  std::vector<std::pair<std::string, Rows>> out;
  if (!parsed) return out;
  EXPECT_TRUE(parsed->schema_errors.empty());
  for (const auto& [name, columns] : cin::census_tables()) {
    if (name == "Header") continue;
    const cin::Table& t = parsed->data.table(name);
    Rows rows;
    for (std::size_t r = 0; r < t.rows(); ++r) {
      std::vector<std::string> row;
      for (const auto& c : columns) {
        std::string cell(t.col(c).text(r).value_or(""));
        for (const auto& code : t.col(c).kind() == cin::Column::Kind::kList ? t.col(c).list(r) : std::vector<std::string>{})
          cell += code + ";";
        row.push_back(cell);
      }
      rows.push_back(row);
    }
    out.push_back({name, sorted(rows)});
  }
  return out;
}

TEST_P(Import, CinCensusRoundTrip) {
  auto census = projection::project_cin(*source_, CollectionYear{2025}, "");
  ASSERT_TRUE(census.is_ok());
  std::string file = dir_.file("census.xml");
  std::ofstream(file) << census->xml;
  auto summary = import::import_cin(*imported_, ctx(), file, kSchema);
  ASSERT_TRUE(summary.is_ok()) << summary.status().message();
  EXPECT_EQ(summary->people, 3);
  auto again = projection::project_cin(*imported_, CollectionYear{2025}, "");
  ASSERT_TRUE(again.is_ok());
  auto a = census_rows(census->xml), b = census_rows(again->xml);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].second, b[i].second) << a[i].first;
  EXPECT_EQ(*imported_->scalar("SELECT count(*) FROM council WHERE la_code = '999'"), 1);  // from the header's LEA
}

TEST_P(Import, ACensusBreakingTheSchemaIsRefused) {
  std::string file = dir_.file("bad.xml");
  std::ofstream(file) << "<?xml version=\"1.0\"?><Message><Children><Child><ChildIdentifiers><LAchildID>1</LAchildID>"
                         "<Sex>X</Sex></ChildIdentifiers></Child></Children></Message>";
  auto r = import::import_cin(*imported_, ctx(), file, kSchema);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("does not match the CIN census schema"), std::string::npos);
  EXPECT_NE(r.status().message().find("Sex"), std::string::npos) << r.status().message();
  EXPECT_EQ(*imported_->scalar("SELECT count(*) FROM person"), 0);
}

// Every test above runs on SQLite and on PostgreSQL (Returns/Import.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Returns, Import, ::testing::Values(kith::testing::Backend::kSqlite, kith::testing::Backend::kPostgres),
                         kith::testing::BackendName());

}  // namespace
}  // namespace kith::returns
