// Partner practitioners' field limits and consent, over the tiny council:
// family 1 (Ada, child 1, school Oakfield, postcode AB1 2CD; Ben, child 2, on
// a child protection plan, category NEG) has in its team around the family
// Fay Visitor (worker 6, health, taf member 1) and, added here, a school's
// designated safeguarding lead, a police officer and a youth worker.
#include "casework/partner_fields.h"

#include <algorithm>

#include "casework/chronology.h"
#include "casework/front_door_fixture.h"

namespace kith::casework {
namespace {

constexpr Date kToday = Date::ymd(2025, 4, 30);

constexpr const char* kPartners = R"sql(
INSERT INTO worker VALUES
  (8, NULL, 'Sam School', 'designated_safeguarding_lead', 'school', 'partner', 1.0, '2018-09-01', NULL, NULL),
  (9, NULL, 'Pat Police', 'police_officer', 'police', 'partner', 1.0, '2015-04-01', NULL, NULL),
  (10, NULL, 'Yas Youth', 'youth_worker', 'youth', 'partner', 1.0, '2022-01-10', NULL, NULL),
  (11, NULL, 'Lee Left', 'health_visitor', 'health', 'partner', 1.0, '2016-01-10', NULL, NULL);
INSERT INTO taf_member VALUES
  (2, 1, 8, 'school', '2024-09-02', NULL),
  (3, 1, 9, 'police', '2025-02-05', NULL),
  (4, 1, 10, 'youth', '2024-10-01', NULL),
  (5, 1, 11, 'health', '2024-09-02', '2025-01-31');
)sql";

class PartnerFieldsTest : public FrontDoorTest {
 protected:
  void SetUp() override {
    FrontDoorTest::SetUp();
    Status s = db_->exec(kPartners);
    ASSERT_TRUE(s.is_ok()) << s.message();
  }
  static access::Viewer partner(Id worker) {
    access::Viewer v;
    v.username = "partner" + std::to_string(worker);
    v.role = Role::kPartnerPractitioner;
    v.worker_id = worker;
    return v;
  }
  Result<ChildRecord> read(const access::Viewer& v, Id child) { return load_child_record(*db_, *log_, v, child, "test", kToday); }
  static std::set<std::string> kinds(const ChildRecord& r) {
    std::set<std::string> out;
    for (const auto& e : r.chronology) out.insert(e.kind);
    return out;
  }
};

// What each agency sees (the table in partner_fields.cpp, restated by hand):
// postcode, school, date of birth on Ada; CP category on Ben; and chronology
// kinds that must and must not appear on Ben's record.
struct Expect {
  Id worker;
  const char* agency;
  bool postcode, school, birth_date, cp_category;
  std::vector<std::string> must_see, must_not_see;
};

TEST_P(PartnerFieldsTest, EachAgencySeesExactlyItsFields) {
  const Expect cases[] = {
      {6, "health", true, false, true, true, {"cp_plan", "conference", "early_help", "worker"}, {"strategy", "s47", "referral", "assessment"}},
      {8, "education", false, true, true, true, {"cp_plan", "conference", "early_help"}, {"strategy", "s47", "referral", "assessment"}},
      {9, "police", true, false, true, true, {"strategy", "s47", "cp_plan", "conference"}, {"referral", "assessment"}},
      {10, "other", false, false, false, false, {"early_help", "worker"}, {"cp_plan", "conference", "strategy", "s47", "referral", "assessment"}},
  };
  for (const Expect& e : cases) {
    SCOPED_TRACE(e.agency);
    auto ada = read(partner(e.worker), 1);
    ASSERT_TRUE(ada.is_ok()) << ada.status().message();
    EXPECT_EQ(ada->shared_as, e.agency);
    EXPECT_EQ(ada->summary.postcode == "AB1 2CD", e.postcode);
    EXPECT_EQ(ada->summary.school == "Oakfield Primary School", e.school);
    EXPECT_EQ(ada->summary.person.birth_date.has_value(), e.birth_date);
    EXPECT_EQ(ada->summary.age, std::optional<int>(8));  // every partner sees the age (born 2016-05-01)
    EXPECT_TRUE(ada->summary.due.empty());               // statutory tasks are the council's
    EXPECT_EQ(ada->summary.allocated_worker, "Alex Social");
    auto ben = read(partner(e.worker), 2);
    ASSERT_TRUE(ben.is_ok()) << ben.status().message();
    EXPECT_EQ(ben->summary.cp_category.has_value(), e.cp_category);
    EXPECT_EQ(ben->summary.stage, Stage::kChildProtection);
    auto seen = kinds(*ben);
    for (const auto& k : e.must_see) EXPECT_TRUE(seen.count(k)) << k;
    for (const auto& k : e.must_not_see) EXPECT_FALSE(seen.count(k)) << k;
    // Whatever else the chronology holds, nothing outside the agency's list.
    for (const auto& k : seen) EXPECT_TRUE(limits_for(agency_from(e.agency)).chronology_kinds.count(k)) << k;
  }
}

TEST_P(PartnerFieldsTest, CouncilStaffSeeEverything) {
  auto ben = read(as(Role::kPractitioner), 2);
  ASSERT_TRUE(ben.is_ok());
  EXPECT_TRUE(ben->shared_as.empty());
  EXPECT_TRUE(ben->summary.cp_category.has_value());
  EXPECT_FALSE(ben->summary.due.empty());  // the CP review due 2025-05-26
  auto seen = kinds(*ben);
  EXPECT_TRUE(seen.count("s47") && seen.count("assessment") && seen.count("referral"));
  EXPECT_EQ(read(as(Role::kPractitioner), 1)->summary.postcode, "AB1 2CD");
}

TEST_P(PartnerFieldsTest, LegalStatusAndPlacementAreNeverShared) {
  // Put Cara (looked after, C2, placement U4) into family 1 for this test.
  ASSERT_TRUE(db_->exec("INSERT INTO family_member VALUES (1, 3, 'child', '2025-01-01', NULL)").is_ok());
  EXPECT_FALSE(read(as(Role::kLocalityManager), 3)->summary.legal_status.empty());
  for (Id w : {6, 8, 9, 10}) {
    auto cara = read(partner(w), 3);
    ASSERT_TRUE(cara.is_ok()) << w;
    EXPECT_TRUE(cara->summary.legal_status.empty()) << w;
    EXPECT_TRUE(cara->summary.placement.empty()) << w;
    EXPECT_FALSE(kinds(*cara).count("placement")) << w;
  }
}

TEST_P(PartnerFieldsTest, AnEndedMembershipOrAnotherFamilyGivesNoAccess) {
  EXPECT_EQ(read(partner(11), 1).status().code(), Status::Code::kDenied);  // left the team on 2025-01-31
  EXPECT_EQ(read(partner(6), 4).status().code(), Status::Code::kDenied);   // Dan is in family 3
}

TEST_P(PartnerFieldsTest, WithdrawnConsentEndsAccess) {
  ASSERT_TRUE(read(partner(6), 1).is_ok());
  ASSERT_TRUE(withdraw_consent(*db_, ctx(), 1, kToday).is_ok());
  EXPECT_EQ(read(partner(6), 1).status().code(), Status::Code::kDenied);
  EXPECT_EQ(read(partner(6), 2).status().code(), Status::Code::kDenied);
  EXPECT_EQ(check_access(*db_, partner(6), 1).code(), Status::Code::kDenied);
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'person' AND entity_id = '1' AND action = 'read_denied'"), 1);
  // The others' consent stands.
  EXPECT_TRUE(read(partner(9), 1).is_ok());
  EXPECT_EQ(withdraw_consent(*db_, ctx(), 1, kToday).code(), Status::Code::kInvalid);  // already withdrawn
  EXPECT_EQ(withdraw_consent(*db_, ctx(), 99, kToday).code(), Status::Code::kNotFound);
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'taf_member' AND entity_id = '1' AND action = 'update'"), 1);
  EXPECT_EQ(add_partner_note(*db_, ctx(), partner(6), 1, kToday, "Home visit").status().code(), Status::Code::kDenied);
}

TEST_P(PartnerFieldsTest, PartnersEntriesJoinTheFamilyChronologyWithTheirAgency) {
  auto id = add_partner_note(*db_, ctx(), partner(9), 1, kToday, "Called to the home; no concerns found");
  ASSERT_TRUE(id.is_ok()) << id.status().message();
  // Ben is in the same family, so the entry is in his chronology too.
  auto ben = read(as(Role::kPractitioner), 2);
  auto it = std::find_if(ben->chronology.begin(), ben->chronology.end(), [](const ChronologyEntry& e) { return e.kind == "partner"; });
  ASSERT_NE(it, ben->chronology.end());
  EXPECT_EQ(it->summary, "Police (Pat Police): Called to the home; no concerns found");
  EXPECT_EQ(it->date, kToday);
  // Every partner agency sees partner entries.
  EXPECT_TRUE(kinds(*read(partner(10), 2)).count("partner"));
  EXPECT_EQ(add_partner_note(*db_, ctx(), partner(9), 1, kToday, "").status().code(), Status::Code::kInvalid);
  EXPECT_EQ(add_partner_note(*db_, ctx(), as(Role::kPractitioner), 1, kToday, "x").status().code(), Status::Code::kDenied);
  EXPECT_EQ(add_partner_note(*db_, ctx(), partner(9), 4, kToday, "x").status().code(), Status::Code::kDenied);  // not their family
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'partner_note' AND action = 'create'"), 1);
}

// Every test on SQLite and on PostgreSQL (Casework/Suite.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Casework, PartnerFieldsTest, testing::kBothBackends, testing::BackendName());

}  // namespace
}  // namespace kith::casework
