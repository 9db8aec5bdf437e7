// The concept stores over the tiny council: round trips, optimistic
// concurrency, validation that names the field, and one audit entry per write.
#include <gtest/gtest.h>

#include "audit/audit_log.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "store/organisation_store.h"
#include "store/people_store.h"

namespace kith::store {
namespace {

// Every test runs on SQLite and on PostgreSQL (Suite/Test/sqlite, .../postgres).
class RecordStores : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    location_ = testing::new_database(GetParam(), dir_);
    db_ = testing::make_tiny_council(location_);
    ASSERT_NE(db_, nullptr);
    log_.emplace(std::move(*audit::AuditLog::open(dir_.file("k.key"), true)));
    people_ = make_people_store(*db_);
    org_ = make_organisation_store(*db_);
  }
  WriteContext ctx() { return {*log_, "practitioner", "casework"}; }
  std::int64_t audit_entries() { return *db_->scalar("SELECT count(*) FROM audit_entry"); }

  testing::TempDir dir_;
  std::string location_;
  std::unique_ptr<Database> db_;
  std::optional<audit::AuditLog> log_;
  std::unique_ptr<PeopleStore> people_;
  std::unique_ptr<OrganisationStore> org_;
};

TEST_P(RecordStores, APersonRoundTripsAndTheWriteIsAudited) {
  Person p;
  p.forename = "Nia";
  p.surname = "New";
  p.sex = Sex::kF;
  p.birth_date = Date::ymd(2023, 7, 14);
  p.ethnicity = Ethnicity::kBCRB;
  auto id = people_->add_person(p, ctx());
  ASSERT_TRUE(id.is_ok()) << id.status().message();
  EXPECT_EQ(*id, 6) << "ids continue after the highest, never reused";
  auto back = people_->person(*id);
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(back->full_name(), "Nia New");
  EXPECT_EQ(back->birth_date, Date::ymd(2023, 7, 14));
  EXPECT_EQ(back->ethnicity, Ethnicity::kBCRB);
  EXPECT_EQ(back->version, 1);
  auto history = log_->history(*db_, "person", "6", 5);
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].event.action, "create");
}

TEST_P(RecordStores, AnInvalidPersonNamesTheFieldAndWritesNothing) {
  Person p;
  p.surname = "Nameless";
  auto before = audit_entries();
  auto id = people_->add_person(p, ctx());
  ASSERT_FALSE(id.is_ok());
  EXPECT_EQ(id.status().message().rfind("forename", 0), 0u) << id.status().message();
  EXPECT_EQ(*db_->scalar("SELECT count(*) FROM person"), 5);
  EXPECT_EQ(audit_entries(), before);
}

TEST_P(RecordStores, TheSecondOfTwoSavesOfTheSameVersionIsAConflict) {
  Person first = *people_->person(1);
  Person second = first;
  first.surname = "Changed-by-first";
  second.surname = "Changed-by-second";
  ASSERT_TRUE(people_->update_person(first, ctx()).is_ok());
  Status s = people_->update_person(second, ctx());
  EXPECT_EQ(s.code(), Status::Code::kConflict) << s.message();
  Person now = *people_->person(1);
  EXPECT_EQ(now.surname, "Changed-by-first") << "the first save is not lost";
  EXPECT_EQ(now.version, 2);
  Person ghost = first;
  ghost.id = 999;
  EXPECT_EQ(people_->update_person(ghost, ctx()).code(), Status::Code::kNotFound);
}

TEST_P(RecordStores, LeadProfessionalChangesKeepHistoryAndNeedAReason) {
  // Family 1 has Fay (worker 6) since 2024-09-02.
  auto no_reason = people_->assign_lead_professional(1, 1, Date::ymd(2025, 1, 13), "", ctx());
  EXPECT_EQ(no_reason.status().code(), Status::Code::kInvalid);
  EXPECT_EQ(no_reason.status().message().rfind("reason_for_change", 0), 0u);
  ASSERT_TRUE(people_->assign_lead_professional(1, 1, Date::ymd(2025, 1, 13), "step_up", ctx()).is_ok());
  auto spells = people_->lead_professionals(1);
  ASSERT_EQ(spells->size(), 2u);
  EXPECT_EQ((*spells)[0].worker_id, 6);
  EXPECT_EQ((*spells)[0].end_date, Date::ymd(2025, 1, 12));
  EXPECT_EQ((*spells)[1].worker_id, 1);
  EXPECT_FALSE((*spells)[1].end_date);
  EXPECT_EQ((*spells)[1].reason_for_change, "step_up");
}

TEST_P(RecordStores, FamiliesMembersAndTheTeamAroundTheFamily) {
  auto fam = people_->add_family({0, "New family", 1, 1, 1, 1}, ctx());
  ASSERT_TRUE(fam.is_ok());
  ASSERT_TRUE(people_->add_member({*fam, 4, "child", Date::ymd(2025, 4, 1), std::nullopt}, ctx()).is_ok());
  EXPECT_EQ(people_->add_member({*fam, 5, "landlord", Date::ymd(2025, 4, 1), std::nullopt}, ctx()).code(), Status::Code::kInvalid);
  ASSERT_EQ(people_->members(*fam)->size(), 1u);
  ASSERT_TRUE(people_->add_taf_member({0, *fam, 6, "health", Date::ymd(2025, 4, 2), std::nullopt}, ctx()).is_ok());
  auto taf = people_->team_around_family(*fam);
  ASSERT_EQ(taf->size(), 1u);
  EXPECT_EQ((*taf)[0].agency, "health");
  EXPECT_EQ(people_->family(*fam)->name, "New family");
  EXPECT_EQ(people_->family(77).status().code(), Status::Code::kNotFound);
}

TEST_P(RecordStores, WorkersAreValidatedAndLeaversDropOut) {
  Worker w;
  w.team_id = 1;
  w.name = "Hana Agency";
  w.role = "social_worker";
  w.agency = "council";
  w.contract = "locum";
  w.start_date = Date::ymd(2025, 3, 3);
  auto bad = org_->add_worker(w, ctx());
  EXPECT_EQ(bad.status().message().rfind("contract", 0), 0u) << bad.status().message();
  w.contract = "agency";
  auto id = org_->add_worker(w, ctx());
  ASSERT_TRUE(id.is_ok()) << id.status().message();
  EXPECT_EQ(org_->workers(1, Date::ymd(2025, 4, 30))->size(), 4u);  // Alex, Cal, Dee, Hana
  ASSERT_TRUE(org_->record_leaver(*id, Date::ymd(2025, 4, 15), "end of contract", ctx()).is_ok());
  EXPECT_EQ(org_->workers(1, Date::ymd(2025, 4, 30))->size(), 3u);
  EXPECT_EQ(org_->record_leaver(999, Date::ymd(2025, 4, 15), "x", ctx()).code(), Status::Code::kNotFound);
}

TEST_P(RecordStores, LocalitiesHubsAndTeams) {
  auto loc = org_->add_locality(1, "East", ctx());
  ASSERT_TRUE(loc.is_ok());
  EXPECT_EQ(org_->localities()->size(), 3u);
  EXPECT_EQ(org_->add_family_hub({0, *loc, "East Hub", ""}, ctx()).status().code(), Status::Code::kInvalid);
  ASSERT_TRUE(org_->add_family_hub({0, *loc, "East Hub", "AB3 3CC"}, ctx()).is_ok());
  EXPECT_EQ(org_->family_hubs(*loc)->size(), 1u);
  ASSERT_TRUE(org_->add_team({0, *loc, "East Early Help", "early_help"}, ctx()).is_ok());
  EXPECT_EQ(org_->teams(*loc)->size(), 1u);
  EXPECT_EQ(org_->teams(1)->size(), 2u);
  EXPECT_TRUE(log_->verify(*db_)->ok());
}

// Two practitioners on two connections (two web server threads) open the
// same child and both save: the second gets a conflict, the first's change stays.
TEST_P(RecordStores, TwoPractitionersOnTwoConnectionsNeverLoseAnUpdate) {
  auto other_db = Database::open(location_, {});
  ASSERT_TRUE(other_db.is_ok()) << other_db.status().message();
  auto other_people = make_people_store(**other_db);
  Person mine = *people_->person(2);
  Person theirs = *other_people->person(2);
  ASSERT_EQ(mine.version, theirs.version);
  mine.upn = "A123456789012";
  theirs.surname = "Renamed";
  ASSERT_TRUE(people_->update_person(mine, ctx()).is_ok());
  Status s = other_people->update_person(theirs, {*log_, "team_manager", "casework"});
  EXPECT_EQ(s.code(), Status::Code::kConflict) << s.message();
  Person now = *other_people->person(2);
  EXPECT_EQ(now.upn, "A123456789012");
  EXPECT_EQ(now.surname, "Test");
  EXPECT_EQ(now.version, mine.version + 1);
  EXPECT_EQ(*db_->scalar("SELECT count(*) FROM audit_entry WHERE action = 'update' AND entity = 'person'"), 1)
      << "only the save that happened is audited";
}

INSTANTIATE_TEST_SUITE_P(Store, RecordStores, ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName());

}  // namespace
}  // namespace kith::store
