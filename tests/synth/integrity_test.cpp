// Referential integrity and plausibility of a generated demo council: foreign
// keys, open cases allocated to current workers, dates in order, DfE codes
// valid, real postcodes, organisation shape, hand-offs and the demo sign-ins.
#include <zlib.h>

#include <cstring>
#include <set>

#include "access/users.h"
#include "model/codes.h"
#include "synth_fixture.h"

namespace kith::synth::testing {
namespace {

class GeneratedCouncil : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    Options o = small_options(3);
    o.councils = {};  // the default demo council
    o.scale = 0.15;
    o.years = 4;
    o.demo_users = true;
    db_ = generated(dir_->file("demo.db"), o).release();
  }
  static void TearDownTestSuite() {
    delete db_;
    delete dir_;
  }
  static std::int64_t n(const std::string& sql) { return count(*db_, sql); }
  static TempDir* dir_;
  static store::Database* db_;
};

TempDir* GeneratedCouncil::dir_ = nullptr;
store::Database* GeneratedCouncil::db_ = nullptr;

TEST_F(GeneratedCouncil, ForeignKeysAllResolve) {
  int problems = 0;
  ASSERT_TRUE(db_->run("PRAGMA foreign_key_check", {}, [&](const store::Statement& s) {
                   if (++problems <= 5) ADD_FAILURE() << "foreign key broken in " << s.text(0) << " rowid " << s.text(1);
                 }).is_ok());
  EXPECT_EQ(problems, 0);
}

TEST_F(GeneratedCouncil, IsTheDemoCouncilWithOneAuditEntry) {
  EXPECT_EQ(n("SELECT count(*) FROM council WHERE la_code = '894' AND name = 'Telford and Wrekin (synthetic demo)'"), 1);
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE actor = 'system:synth' AND action = 'create' AND entity = 'council' "
              "AND reason = 'synthetic council generated, seed 3'"),
            1);
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry"), 1) << "one audit event per council, not one per row";
}

TEST_F(GeneratedCouncil, OpenCasesAreAllocatedToCurrentWorkers) {
  EXPECT_GT(n("SELECT count(*) FROM cin_episode WHERE close_date IS NULL"), 50);
  EXPECT_EQ(n("SELECT count(*) FROM cin_episode c WHERE c.close_date IS NULL AND c.referral_nfa = 0 AND NOT EXISTS ("
              " SELECT 1 FROM involvement i WHERE i.person_id = c.person_id AND i.end_date IS NULL AND i.role = 'allocated_social_worker')"),
            0);
  EXPECT_EQ(n("SELECT count(*) FROM involvement i JOIN worker w ON w.id = i.worker_id WHERE i.end_date IS NULL AND w.leave_date IS NOT NULL"), 0);
  EXPECT_EQ(n("SELECT count(*) FROM involvement i JOIN worker w ON w.id = i.worker_id WHERE i.team_id <> w.team_id"), 0);
}

TEST_F(GeneratedCouncil, NoEpisodeEndsBeforeItStarts) {
  const std::pair<const char*, const char*> spans[] = {
      {"cin_episode", "referral_date, close_date"}, {"assessment", "start_date, authorised_date"}, {"cin_plan", "start_date, end_date"},
      {"section47", "start_date, end_date"},        {"cp_plan", "start_date, end_date"},          {"cla_period", "start_date, end_date"},
      {"placement", "start_date, end_date"},        {"early_help_episode", "start_date, end_date"}, {"involvement", "start_date, end_date"},
      {"lead_professional", "start_date, end_date"}, {"taf_member", "start_date, end_date"},     {"missing_episode", "start_date, end_date"},
      {"worker", "start_date, leave_date"},         {"worker_absence", "start_date, end_date"},   {"ehcp", "request_date, plan_date"}};
  for (const auto& [table, columns] : spans) {
    std::string cols = columns;
    std::string start = cols.substr(0, cols.find(',')), end = cols.substr(cols.find(',') + 2);
    EXPECT_EQ(n(std::string("SELECT count(*) FROM ") + table + " WHERE " + end + " < " + start), 0) << table;
  }
  EXPECT_EQ(n("SELECT count(*) FROM placement pl JOIN cla_period p ON p.id = pl.cla_period_id "
              "WHERE pl.start_date < p.start_date OR (p.end_date IS NOT NULL AND (pl.end_date IS NULL OR pl.end_date > p.end_date))"),
            0);
  EXPECT_EQ(n("SELECT count(*) FROM cla_period a JOIN cla_period b ON a.person_id = b.person_id AND a.id < b.id "
              "WHERE a.start_date < coalesce(b.end_date, '9999') AND b.start_date < coalesce(a.end_date, '9999')"),
            0);
  EXPECT_EQ(n("SELECT count(*) FROM cla_period p JOIN cin_episode c ON c.id = p.cin_episode_id "
              "WHERE p.start_date < c.referral_date OR (c.close_date IS NOT NULL AND (p.end_date IS NULL OR p.end_date > c.close_date))"),
            0)
      << "a period of care sits inside its child in need episode";
}

template <typename E>
void expect_codes(store::Database& db, const std::string& sql) {
  int bad = 0;
  ASSERT_TRUE(db.run(sql, {}, [&](const store::Statement& s) {
                  if (!s.is_null(0) && !from_code<E>(s.text(0)) && ++bad <= 3) ADD_FAILURE() << sql << ": '" << s.text(0) << "'";
                }).is_ok());
  EXPECT_EQ(bad, 0) << sql;
}

TEST_F(GeneratedCouncil, CodesAreInTheDfeLists) {
  expect_codes<LegalStatus>(*db_, "SELECT DISTINCT status FROM legal_status");
  expect_codes<PlacementType>(*db_, "SELECT DISTINCT placement_type FROM placement");
  expect_codes<PlacementProvider>(*db_, "SELECT DISTINCT provider_code FROM placement UNION SELECT provider_code FROM placement_provider");
  expect_codes<ReasonPlaceChange>(*db_, "SELECT DISTINCT reason_change FROM placement");
  expect_codes<ReasonEpisodeCeased>(*db_, "SELECT DISTINCT reason_ceased FROM cla_period");
  expect_codes<PrimaryNeed>(*db_, "SELECT DISTINCT category_of_need FROM cla_period UNION SELECT primary_need FROM cin_episode");
  expect_codes<ReferralSource>(*db_, "SELECT DISTINCT referral_source FROM cin_episode");
  expect_codes<ReasonForClosure>(*db_, "SELECT DISTINCT reason_for_closure FROM cin_episode");
  expect_codes<AssessmentFactor>(*db_, "SELECT DISTINCT factor FROM assessment_factor");
  expect_codes<CategoryOfAbuse>(*db_, "SELECT DISTINCT initial_category FROM cp_plan UNION SELECT latest_category FROM cp_plan");
  expect_codes<ReviewParticipation>(*db_, "SELECT DISTINCT participation FROM cla_review");
  expect_codes<MissingType>(*db_, "SELECT DISTINCT missing_type FROM missing_episode");
  expect_codes<CareLeaverInTouch>(*db_, "SELECT DISTINCT in_touch FROM care_leaver_contact");
  expect_codes<CareLeaverActivity>(*db_, "SELECT DISTINCT activity FROM care_leaver_contact");
  expect_codes<CareLeaverAccommodation>(*db_, "SELECT DISTINCT accommodation FROM care_leaver_contact");
  expect_codes<Ethnicity>(*db_, "SELECT DISTINCT ethnicity FROM person");
  expect_codes<Disability>(*db_, "SELECT DISTINCT disability FROM person");
  expect_codes<Sex>(*db_, "SELECT DISTINCT sex FROM person");
}

std::string squeeze(std::string pc) {
  std::string out;
  for (char c : pc)
    if (c != ' ') out += char(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

TEST_F(GeneratedCouncil, EveryPostcodeIsRealAndInTheShippedFile) {
  std::set<std::string> real_postcodes;
  gzFile gz = gzopen((data_dir() + "/postcodes/england_postcodes.csv.gz").c_str(), "rb");
  ASSERT_NE(gz, nullptr);
  char line[256];
  while (gzgets(gz, line, sizeof line)) real_postcodes.insert(squeeze(std::string(line, std::strcspn(line, ","))));
  gzclose(gz);
  ASSERT_GT(real_postcodes.size(), 2000000u);
  int checked = 0, unknown = 0;
  for (const char* sql : {"SELECT postcode FROM address", "SELECT postcode FROM family_hub", "SELECT postcode FROM school",
                          "SELECT postcode FROM placement_provider", "SELECT postcode FROM placement WHERE postcode IS NOT NULL",
                          "SELECT home_postcode FROM cla_period"}) {
    ASSERT_TRUE(db_->run(sql, {}, [&](const store::Statement& s) {
                     ++checked;
                     if (!real_postcodes.count(squeeze(s.text(0))) && ++unknown <= 3) ADD_FAILURE() << sql << ": " << s.text(0);
                   }).is_ok());
  }
  EXPECT_GT(checked, 1000);
  EXPECT_EQ(unknown, 0);
}

TEST_F(GeneratedCouncil, HasLocalitiesHubsLearningCommunitiesAndTeams) {
  std::int64_t localities = n("SELECT count(*) FROM locality");
  EXPECT_GE(localities, 4);
  EXPECT_LE(localities, 8);
  EXPECT_EQ(n("SELECT count(*) FROM locality l WHERE (SELECT count(*) FROM family_hub h WHERE h.locality_id = l.id) NOT BETWEEN 1 AND 2"), 0);
  EXPECT_EQ(n("SELECT count(*) FROM locality l WHERE (SELECT count(*) FROM learning_community c WHERE c.locality_id = l.id) NOT BETWEEN 1 AND 3"), 0);
  EXPECT_EQ(n("SELECT count(*) FROM locality l WHERE (SELECT count(DISTINCT team_type) FROM team t WHERE t.locality_id = l.id) <> 4"), 0);
  EXPECT_EQ(n("SELECT count(DISTINCT team_type) FROM team WHERE locality_id IS NULL"), 3);
  EXPECT_GT(n("SELECT count(*) FROM school WHERE phase = 'primary'"), n("SELECT count(*) FROM school WHERE phase = 'secondary'"));
  EXPECT_GT(n("SELECT count(*) FROM worker WHERE contract = 'agency'"), 0);
  EXPECT_GT(n("SELECT count(*) FROM worker WHERE contract = 'partner' AND agency = 'health'"), 0);
  EXPECT_GT(n("SELECT count(*) FROM worker WHERE leave_date IS NOT NULL AND leave_reason IS NOT NULL"), 0);
  EXPECT_GT(n("SELECT count(*) FROM worker_absence"), 0);
}

TEST_F(GeneratedCouncil, ChildrenHaveWorkerChangesAndHandOffs) {
  for (const char* reason : {"worker_left", "team_transfer", "step_up", "step_down", "caseload", "family_request"})
    EXPECT_GT(n(std::string("SELECT count(*) FROM involvement WHERE reason_for_change = '") + reason + "'"), 0) << reason;
  EXPECT_GT(n("SELECT count(*) FROM early_help_episode WHERE end_reason = 'step_up'"), 0);
  EXPECT_GT(n("SELECT count(*) FROM cin_episode WHERE stepped_up_from_eh IS NOT NULL"), 0);
  EXPECT_GT(n("SELECT count(*) FROM early_help_episode WHERE stepped_down_from_cin IS NOT NULL"), 0);
  EXPECT_GT(n("SELECT count(*) FROM contact c JOIN conversation v ON v.contact_id = c.id WHERE v.alternative_to_referral = 1"), 0);
  EXPECT_EQ(n("SELECT count(*) FROM contact c WHERE NOT EXISTS (SELECT 1 FROM conversation v WHERE v.contact_id = c.id)"), 0);
}

TEST_F(GeneratedCouncil, PlacementsCarryRealisticWeeklyCosts) {
  auto cost = [&](const char* type) {
    return real(*db_, std::string("SELECT avg(weekly_cost_pence) / 100.0 FROM placement_provider WHERE provider_type = '") + type + "'");
  };
  EXPECT_NEAR(cost("in_house_fostering"), 500, 150);
  EXPECT_NEAR(cost("agency_fostering"), 950, 200);
  EXPECT_NEAR(cost("kinship"), 300, 100);
  EXPECT_NEAR(cost("external_residential"), 6500, 1200);
  EXPECT_NEAR(cost("supported_accommodation"), 1500, 400);
  EXPECT_NEAR(cost("secure"), 8000, 800);
}

TEST_F(GeneratedCouncil, DemoSignInsAreLinkedToWorkersWithWork) {
  for (Role role : kAllRoles) {
    auto viewer = access::authenticate(*db_, std::string(role_name(role)), kDemoPassword);
    ASSERT_TRUE(viewer.is_ok()) << role_name(role) << ": " << viewer.status().message();
    EXPECT_EQ(viewer->role, role);
  }
  std::int64_t open = n("SELECT count(*) FROM involvement i JOIN app_user u ON u.worker_id = i.worker_id "
                        "WHERE u.username = 'practitioner' AND i.end_date IS NULL");
  EXPECT_GE(open, 10);
  EXPECT_LE(open, 20);
  EXPECT_EQ(n("SELECT count(*) FROM app_user m JOIN worker mw ON mw.id = m.worker_id, app_user p JOIN worker pw ON pw.id = p.worker_id "
              "WHERE m.username = 'team_manager' AND p.username = 'practitioner' AND mw.team_id = pw.team_id AND mw.role = 'team_manager'"),
            1);
  EXPECT_EQ(n("SELECT count(*) FROM app_user m JOIN worker mw ON mw.id = m.worker_id JOIN team mt ON mt.id = mw.team_id, "
              "app_user p JOIN worker pw ON pw.id = p.worker_id JOIN team pt ON pt.id = pw.team_id "
              "WHERE m.username = 'locality_manager' AND p.username = 'practitioner' AND mt.locality_id = pt.locality_id"),
            1);
  EXPECT_GE(n("SELECT count(DISTINCT t.family_id) FROM taf_member t JOIN app_user u ON u.worker_id = t.worker_id "
              "JOIN family f ON f.id = t.family_id JOIN team tm ON tm.id = (SELECT team_id FROM worker WHERE id = u.worker_id) "
              "WHERE u.username = 'partner_practitioner' AND t.end_date IS NULL AND f.locality_id = tm.locality_id"),
            3);
}

}  // namespace
}  // namespace kith::synth::testing
