// The front door over the tiny council plus the front door extras
// (front_door_fixture.h). "Today" is 2025-04-30.
#include "casework/front_door.h"

#include "casework/front_door_fixture.h"

namespace kith::casework {
namespace {

const Date kToday = Date::ymd(2025, 4, 30);

NewContact school_contact_about_new_child() {
  NewContact c;
  c.new_child = {"Jo", "Jones", "2017-03-04", "F", "ab1 5qq", 1};
  c.source = "school";
  c.referrer_name = "Ms Patel";
  c.referrer_organisation = "Oakfield Primary School";
  c.contact_date = kToday;
  c.received_at = "2025-04-30T09:15:00Z";
  c.worker_id = 1;
  return c;
}

Decision decision(Id contact, std::string what, std::string decided_at = "2025-04-30T10:02:30Z") {
  Decision d;
  d.contact_id = contact;
  d.contact_version = 1;  // as the form saw a new contact
  d.needs = "Mum says Jo is not sleeping and she is struggling since the baby came";
  d.best_placed = "Family hub key worker";
  d.referrer_next_step = "School to tell mum about the hub today";
  d.referrer_keeps_lead = true;
  d.checks = {{"health", "Health visitor: known, no concerns"}, {"police", "nothing known"}};
  d.decision = std::move(what);
  d.decided_on = kToday;
  d.decided_at = std::move(decided_at);
  return d;
}

TEST(MinutesBetween, CountsAcrossMidnightAndRejectsNonsense) {
  EXPECT_EQ(minutes_between("2025-04-30T09:15:00Z", "2025-04-30T10:02:30Z"), 47);
  EXPECT_EQ(minutes_between("2025-04-30T23:50:00Z", "2025-05-01T00:10:00Z"), 20);
  EXPECT_EQ(minutes_between("2025-02-28T12:00:00Z", "2025-03-01T12:00:00Z"), 1440);
  EXPECT_FALSE(minutes_between("", "2025-04-30T10:02:30Z").has_value());
  EXPECT_FALSE(minutes_between("2025-04-30T25:00:00Z", "2025-04-30T10:02:30Z").has_value());
}

TEST(FrontDoorRoles, PartnersDoNotOpenTheFrontDoor) {
  EXPECT_TRUE(may_use_front_door(Role::kPractitioner));
  EXPECT_TRUE(may_use_front_door(Role::kTeamManager));
  EXPECT_TRUE(may_use_front_door(Role::kLocalityManager));
  EXPECT_FALSE(may_use_front_door(Role::kPartnerPractitioner));
  EXPECT_FALSE(may_use_front_door(Role::kCouncillor));
}

TEST_P(FrontDoorTest, AnEmptyContactNamesEveryMissingField) {
  NewContact empty;
  empty.contact_date = kToday;
  std::vector<std::string> fields;
  for (const auto& p : check_contact(*db_, empty)) fields.push_back(p.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"forename", "surname", "sex", "postcode", "source", "referrer_name"}));
  auto refused = record_contact(*db_, ctx(), empty);
  EXPECT_EQ(refused.status().message(), "forename: Enter the child's first name");
  EXPECT_EQ(n("SELECT count(*) FROM contact"), 3) << "nothing written";
}

TEST_P(FrontDoorTest, BadValuesAreNamed) {
  NewContact c = school_contact_about_new_child();
  c.new_child.birth_date = "2026-01-01";  // after the contact
  c.new_child.postcode = "nowhere";
  c.source = "carrier pigeon";
  std::vector<std::string> fields;
  for (const auto& p : check_contact(*db_, c)) fields.push_back(p.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"birth_date", "postcode", "source"}));
  // An anonymous contact needs no referrer name; an unknown record number is named.
  NewContact known;
  known.person_id = 999, known.source = "anonymous", known.contact_date = kToday;
  ASSERT_EQ(check_contact(*db_, known).size(), 1u);
  EXPECT_EQ(check_contact(*db_, known)[0].field, "person_id");
}

TEST_P(FrontDoorTest, ANewChildIsRecordedOnceWithFamilyAddressAndRouting) {
  auto r = record_contact(*db_, ctx(), school_contact_about_new_child());
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->person_id, 6);   // persons 1-5 exist
  EXPECT_EQ(r->family_id, 4);   // families 1-3 exist
  EXPECT_EQ(r->contact_id, 4);  // contacts 1-3 exist
  EXPECT_EQ(text("SELECT forename || ' ' || surname FROM person WHERE id = 6"), "Jo Jones");
  EXPECT_EQ(text("SELECT a.postcode FROM person p JOIN address a ON a.id = p.address_id WHERE p.id = 6"), "AB1 5QQ");
  EXPECT_EQ(text("SELECT name FROM family WHERE id = 4"), "Jones family");
  EXPECT_EQ(n("SELECT count(*) FROM family_member WHERE family_id = 4 AND person_id = 6 AND role = 'child'"), 1);
  // AB1 5QQ: North, hub 3 (1 km), North East Early Help.
  EXPECT_EQ(r->routing.team_id, 5);
  EXPECT_EQ(n("SELECT family_hub_id FROM family WHERE id = 4"), 3);
  EXPECT_EQ(n("SELECT team_id FROM routing WHERE family_id = 4 AND contact_id = 4"), 5);
  EXPECT_EQ(text("SELECT received_at FROM contact WHERE id = 4"), "2025-04-30T09:15:00Z");
  for (const char* entity : {"person", "family", "contact"})
    EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = ? AND action = 'create' AND actor = 'practitioner'", {std::string(entity)}), 1)
        << entity;
  EXPECT_TRUE(log_->verify(*db_)->ok());
}

TEST_P(FrontDoorTest, AKnownChildIsNotKeyedAgain) {
  NewContact c;
  c.person_id = 3, c.source = "police", c.referrer_name = "PC Smith", c.contact_date = kToday, c.received_at = "2025-04-30T08:00:00Z";
  auto r = record_contact(*db_, ctx(), c);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->person_id, 3);
  EXPECT_EQ(r->family_id, 2);  // Cara's family
  EXPECT_EQ(n("SELECT count(*) FROM person"), 5);
  EXPECT_EQ(n("SELECT count(*) FROM family"), 3);
}

TEST_P(FrontDoorTest, EarlyHelpOpensForTheFamilyAndCountsAsAnAlternative) {
  auto contact = record_contact(*db_, ctx(), school_contact_about_new_child());
  ASSERT_TRUE(contact.is_ok());
  auto d = decide(*db_, ctx(), decision(contact->contact_id, "early_help"));
  ASSERT_TRUE(d.is_ok()) << d.status().message();
  EXPECT_TRUE(d->alternative_to_referral);
  ASSERT_TRUE(d->early_help_episode_id.has_value());
  EXPECT_FALSE(d->cin_episode_id.has_value());
  EXPECT_EQ(n("SELECT family_id FROM early_help_episode WHERE id = ?", {*d->early_help_episode_id}), 4);
  EXPECT_EQ(n("SELECT team_id FROM early_help_episode WHERE id = ?", {*d->early_help_episode_id}), 5);
  EXPECT_EQ(n("SELECT contact_id FROM early_help_episode WHERE id = ?", {*d->early_help_episode_id}), 4);
  EXPECT_EQ(n("SELECT count(*) FROM partner_check WHERE contact_id = 4"), 2);
  auto v = load_contact(*db_, 4);
  EXPECT_EQ(v->decision, "early_help");
  EXPECT_EQ(v->minutes_to_decision, 47);  // 09:15:00 to 10:02:30
  EXPECT_TRUE(v->referrer_keeps_lead);
  EXPECT_EQ(v->checks[1].finding, "nothing known");
  // Deciding twice is a conflict, not a second episode.
  EXPECT_EQ(decide(*db_, ctx(), decision(4, "advice")).status().code(), Status::Code::kConflict);
  EXPECT_EQ(n("SELECT count(*) FROM early_help_episode WHERE family_id = 4"), 1);
}

TEST_P(FrontDoorTest, ReferralAndStrategyDiscussionOpenStatutoryWork) {
  auto jo = record_contact(*db_, ctx(), school_contact_about_new_child());
  Decision referral = decision(jo->contact_id, "referral");
  referral.reason = "Bruising seen by the class teacher";
  auto r = decide(*db_, ctx(), referral);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_FALSE(r->alternative_to_referral);
  EXPECT_EQ(text("SELECT referral_source || ' ' || referral_date FROM cin_episode WHERE id = ?", {*r->cin_episode_id}), "2A 2025-04-30");
  // Dan (4) already has an open CIN episode: a second referral is refused, naming the field.
  NewContact dan;
  dan.person_id = 4, dan.source = "police", dan.referrer_name = "PC Smith", dan.contact_date = kToday;
  auto c = record_contact(*db_, ctx(), dan);
  Decision strategy = decision(c->contact_id, "strategy_discussion");
  strategy.reason = "Disclosure to police";
  EXPECT_EQ(decide(*db_, ctx(), strategy).status().message(), "decision: the child already has an open referral to children's social care");
  EXPECT_EQ(n("SELECT count(*) FROM conversation"), 1) << "the refused decision wrote nothing";
}

TEST_P(FrontDoorTest, AStrategyDiscussionIsRecordedOnTheDecisionDay) {
  auto jo = record_contact(*db_, ctx(), school_contact_about_new_child());
  Decision d = decision(jo->contact_id, "strategy_discussion");
  d.reason = "Disclosure of harm";
  auto r = decide(*db_, ctx(), d);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(text("SELECT discussion_date FROM strategy_discussion WHERE id = ?", {*r->strategy_discussion_id}), "2025-04-30");
  EXPECT_EQ(n("SELECT cin_episode_id FROM strategy_discussion WHERE id = ?", {*r->strategy_discussion_id}), *r->cin_episode_id);
}

TEST_P(FrontDoorTest, DecisionProblemsAreNamedByField) {
  Decision d;
  d.contact_id = 1;
  d.checks = {{"health", ""}, {"", ""}};
  d.decision = "signpost";
  std::vector<std::string> fields;
  for (const auto& p : check_decision(*db_, d)) fields.push_back(p.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"needs", "check_finding_1", "signpost_service_id"}));
  d.decision = "referral";
  fields.clear();
  for (const auto& p : check_decision(*db_, d)) fields.push_back(p.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"needs", "check_finding_1", "reason"}));
}

TEST_P(FrontDoorTest, AlternativesToReferralAndTimeToDecisionAreCountable) {
  // Three contacts today, decided after 10, 30 and 50 minutes.
  struct Case {
    const char* decision;
    bool advice;
    const char* decided_at;
    bool alternative;
  };
  const Case cases[] = {{"signpost", false, "2025-04-30T09:25:00Z", true},
                        {"nfa", false, "2025-04-30T09:45:00Z", false},
                        {"nfa", true, "2025-04-30T10:05:00Z", true}};
  for (const Case& k : cases) {
    auto c = record_contact(*db_, ctx(), school_contact_about_new_child());
    ASSERT_TRUE(c.is_ok());
    Decision d = decision(c->contact_id, k.decision, k.decided_at);
    d.advice_given = k.advice;
    if (std::string(k.decision) == "signpost") d.signpost_service_id = 2;
    auto r = decide(*db_, ctx(), d);
    ASSERT_TRUE(r.is_ok()) << r.status().message();
    EXPECT_EQ(r->alternative_to_referral, k.alternative) << k.decision << " advice " << k.advice;
  }
  // April: fixture contacts 2 (20th, advice, no conversation) and 3 (14th, strategy discussion) plus these 3.
  auto april = front_door_counts(*db_, Date::ymd(2025, 4, 1), kToday);
  ASSERT_TRUE(april.is_ok());
  EXPECT_EQ(april->contacts, 5);
  EXPECT_EQ(april->decided, 5);
  EXPECT_EQ(april->alternatives_to_referral, 2);
  EXPECT_EQ(april->referrals, 1);
  EXPECT_EQ(april->median_minutes_to_decision, 30);  // fixture contacts have no timestamps
  EXPECT_EQ(n("SELECT count(*) FROM conversation WHERE alternative_to_referral = 1"), 2);
  EXPECT_EQ(text("SELECT signpost_service_id FROM contact WHERE decision = 'signpost'"), "2");
}

// Every test on SQLite and on PostgreSQL (Casework/Suite.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Casework, FrontDoorTest, testing::kBothBackends, testing::BackendName());

}  // namespace
}  // namespace kith::casework
