// The CIN census projection on the tiny council, expectations worked out by
// hand from tests/fixtures/tiny_council.sql. In 2024/25 (to 31/03/2025) three
// children are in need: child 1 (referral 13/01/2025, open assessment), child 2
// (referral 03/02/2025, assessment authorised 20/02/2025 with factors 16A and
// 3B, S47 from the strategy discussion of Wed 05/02/2025 with its ICPC on
// 26/02/2025, CP plan NEG from 26/02/2025) and child 3 (referral 03/06/2024).
// Child 4's referral of 14/04/2025 is in 2025/26.
#include <gtest/gtest.h>

#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "returns/cin/cin_reader.h"
#include "returns/cin/cin_validate.h"
#include "returns/projection/project_cin.h"

namespace kith::returns::projection {
namespace {

const std::string kSchema = std::string(KITH_SOURCE_DIR) + "/data/spec/cin/CIN_schema_2025_26.xsd";

class ProjectionCin : public ::testing::TestWithParam<kith::testing::Backend> {
 protected:
  void SetUp() override {
    db_ = kith::testing::make_tiny_council(kith::testing::new_database(GetParam(), dir_));
    ASSERT_NE(db_, nullptr);
  }
  // The census of a year read back through the CIN reader, with the XSD check.
  cin::CinReturn census(int end_year) {
    auto r = project_cin(*db_, CollectionYear{end_year}, "");
    EXPECT_TRUE(r.is_ok()) << r.status().message();
    if (!r) return {};
    auto parsed = cin::parse_cin_xml(r->xml, "projected.xml", kSchema);
    EXPECT_TRUE(parsed.is_ok()) << parsed.status().message();
    if (!parsed) return {};
    for (const auto& e : parsed->schema_errors) ADD_FAILURE() << e;
    return parsed->data;
  }
  static std::string text(const cin::CinReturn& c, const char* table, const char* column, std::size_t row) {
    return std::string(c.table(table).col(column).text(row).value_or("-"));
  }
  kith::testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(ProjectionCin, ChildrenInNeedInTheYearAreThoseWithAnEpisodeOpenOnSomeDayOfIt) {
  auto c = census(2025);
  const auto& ids = c.table("ChildIdentifiers");
  ASSERT_EQ(ids.rows(), 3u);
  EXPECT_EQ(text(c, "ChildIdentifiers", "LAchildID", 0), "1");
  EXPECT_EQ(text(c, "ChildIdentifiers", "LAchildID", 1), "2");
  EXPECT_EQ(text(c, "ChildIdentifiers", "LAchildID", 2), "3");
  // Ben (born 20/08/2019) is 5 at 31/03/2025 and has no UPN: UN2; Ada is 8: UN2 too.
  EXPECT_EQ(text(c, "ChildIdentifiers", "UPNunknown", 1), "UN2");
  EXPECT_EQ(text(c, "Header", "LEA", 0), "999");
  EXPECT_EQ(text(c, "Header", "ReferenceDate", 0), "2025-03-31");
  EXPECT_EQ(c.table("CINdetails").rows(), 3u);
}

TEST_P(ProjectionCin, TheProtectionPathwayOfChildTwo) {
  auto c = census(2025);
  // Assessments: child 1's open one (no authorisation, no factors), child 2's authorised one.
  const auto& a = c.table("Assessments");
  ASSERT_EQ(a.rows(), 2u);
  EXPECT_EQ(text(c, "Assessments", "AssessmentAuthorisationDate", 0), "-");
  EXPECT_EQ(text(c, "Assessments", "AssessmentAuthorisationDate", 1), "2025-02-20");
  EXPECT_EQ(a.col("AssessmentFactors").list(1), (std::vector<std::string>{"16A", "3B"}));
  // 15 working days after Wednesday 05/02/2025 (no bank holidays) is Wednesday 26/02/2025.
  ASSERT_EQ(c.table("Section47").rows(), 1u);
  EXPECT_EQ(text(c, "Section47", "InitialCPCtarget", 0), "2025-02-26");
  EXPECT_EQ(text(c, "Section47", "DateOfInitialCPC", 0), "2025-02-26");
  EXPECT_EQ(text(c, "Section47", "ICPCnotRequired", 0), "0");
  ASSERT_EQ(c.table("ChildProtectionPlans").rows(), 1u);
  EXPECT_EQ(text(c, "ChildProtectionPlans", "CPPstartDate", 0), "2025-02-26");
  EXPECT_EQ(text(c, "ChildProtectionPlans", "NumberOfPreviousCPP", 0), "0");
  EXPECT_EQ(text(c, "ChildProtectionPlans", "InitialCategoryOfAbuse", 0), "NEG");
  // The conference came from the enquiry, so it is reported on the Section47 only, not on the episode (rule 2884).
  EXPECT_EQ(text(c, "CINdetails", "DateOfInitialCPC", 1), "-");
}

TEST_P(ProjectionCin, WhatHappensAfter31MarchIsLeftOut) {
  // Child 2's plan ends on 10/04/2025 and the episode closes the same day: in 2024/25 both are still open.
  ASSERT_TRUE(db_->exec("UPDATE cp_plan SET end_date = '2025-04-10' WHERE id = 1;"
                        "UPDATE cin_episode SET close_date = '2025-04-10', reason_for_closure = 'RC1' WHERE id = 2;").is_ok());
  auto c = census(2025);
  EXPECT_EQ(text(c, "ChildProtectionPlans", "CPPendDate", 0), "-");
  EXPECT_EQ(text(c, "CINdetails", "CINclosureDate", 1), "-");
  EXPECT_EQ(text(c, "CINdetails", "ReasonForClosure", 1), "-");
  auto next = census(2026);
  // 2025/26: children 1, 2, 3 and 4 (referral 14/04/2025); child 2's plan now ends.
  EXPECT_EQ(next.table("ChildIdentifiers").rows(), 4u);
  EXPECT_EQ(text(next, "ChildProtectionPlans", "CPPendDate", 0), "2025-04-10");
}

// Every test above runs on SQLite and on PostgreSQL (Returns/ProjectionCin.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Returns, ProjectionCin, ::testing::Values(kith::testing::Backend::kSqlite, kith::testing::Backend::kPostgres),
                         kith::testing::BackendName());

}  // namespace
}  // namespace kith::returns::projection
