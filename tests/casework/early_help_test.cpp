// Early help, step-up and step-down over the tiny council plus the front door
// extras (front_door_fixture.h). "Today" is 2025-04-30.
#include "casework/early_help.h"

#include <algorithm>

#include "casework/chronology.h"
#include "casework/front_door.h"
#include "casework/front_door_fixture.h"

namespace kith::casework {
namespace {

const Date kToday = Date::ymd(2025, 4, 30);

class EarlyHelpTest : public FrontDoorTest {
 protected:
  // Jo Jones (person 6, family 4): a school contact decided as early help today.
  Id early_help_for_jo() {
    NewContact c;
    c.new_child = {"Jo", "Jones", "2017-03-04", "F", "AB1 2CD", 1};
    c.source = "school", c.referrer_name = "Ms Patel", c.contact_date = kToday, c.received_at = "2025-04-30T09:00:00Z";
    auto contact = record_contact(*db_, ctx(), c);
    EXPECT_TRUE(contact.is_ok()) << contact.status().message();
    Decision d;
    d.contact_id = contact->contact_id, d.needs = "Help with routines", d.decision = "early_help", d.decided_on = kToday;
    d.decided_at = "2025-04-30T09:30:00Z", d.contact_version = 1;
    auto done = decide(*db_, ctx(), d);
    EXPECT_TRUE(done.is_ok()) << done.status().message();
    return contact->family_id;
  }
};

TEST_P(EarlyHelpTest, WhoMayOpenAFamily) {
  struct Case {
    Role role;
    Id family;
    bool allowed;
  };
  // Family 1 is North with Fay (partner, worker 6) in its team; family 3 is South.
  const Case cases[] = {{Role::kPractitioner, 1, true},         {Role::kPractitioner, 3, false},
                        {Role::kLocalityManager, 1, true},      {Role::kPartnerPractitioner, 1, true},
                        {Role::kPartnerPractitioner, 3, false}, {Role::kCouncillor, 1, false},
                        {Role::kPerformanceAnalyst, 1, false}};
  for (const Case& c : cases)
    EXPECT_EQ(check_family_access(*db_, as(c.role), c.family).is_ok(), c.allowed) << role_name(c.role) << " family " << c.family;
}

TEST_P(EarlyHelpTest, ReadingAFamilyIsAuditedAndDenialsToo) {
  ASSERT_TRUE(load_early_help(*db_, *log_, as(Role::kPractitioner), 1, "early help").is_ok());
  EXPECT_EQ(load_early_help(*db_, *log_, as(Role::kPractitioner), 3, "early help").status().code(), Status::Code::kDenied);
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'family' AND entity_id = '1' AND action = 'read'"), 1);
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'family' AND entity_id = '3' AND action = 'read_denied'"), 1);
}

TEST_P(EarlyHelpTest, PlanTeamAndReviewBuildTheRecord) {
  Id family = early_help_for_jo();
  EXPECT_EQ(add_plan_item(*db_, ctx(), family, {0, "", "x", "y", std::nullopt, kToday}).status().message(),
            "outcome: enter what the family wants to be different");
  ASSERT_TRUE(add_plan_item(*db_, ctx(), family, {0, "Jo sleeps through", "Bedtime routine sessions", "Hub key worker", Date::ymd(2025, 6, 30), kToday}).is_ok());
  ASSERT_TRUE(add_to_team(*db_, ctx(), family, 6, kToday, true, "").is_ok());   // Fay, health visitor, lead
  ASSERT_TRUE(add_to_team(*db_, ctx(), family, 1, kToday, false, "").is_ok());  // Alex
  EXPECT_EQ(add_to_team(*db_, ctx(), family, 1, kToday, false, "").status().message(),
            "worker_id: this practitioner is already in the team around the family");
  EXPECT_EQ(add_to_team(*db_, ctx(), family, 1, kToday, true, "").status().message(),
            "lead_reason: say why the lead professional is changing");
  const SeenVersion episode{n("SELECT id FROM early_help_episode WHERE family_id = ?", {family}), 1};
  EXPECT_EQ(record_review(*db_, ctx(), family, {0, kToday, "Better", "step_up", std::nullopt}, episode).status().message(),
            "decision: use Step up to open a referral for the child");
  ASSERT_TRUE(record_review(*db_, ctx(), family, {0, Date::ymd(2025, 5, 28), "Bedtimes calmer", "continue", Date::ymd(2025, 7, 23)}, episode).is_ok());
  auto r = load_early_help(*db_, *log_, as(Role::kPractitioner), family, "early help");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  ASSERT_TRUE(r->current.has_value());
  EXPECT_EQ(r->plan.size(), 1u);
  EXPECT_EQ(r->reviews.size(), 1u);
  ASSERT_EQ(r->team.size(), 2u);
  EXPECT_TRUE(r->team[0].lead);
  EXPECT_EQ(r->lead_professional, "Fay Visitor (health)");
  ASSERT_EQ(r->children.size(), 1u);
  EXPECT_EQ(r->children[0].name, "Jo Jones");
}

TEST_P(EarlyHelpTest, StepUpAndStepDownUseTheSameRecordsAndTellTheStoryOnce) {
  Id family = early_help_for_jo();
  Id eh = n("SELECT id FROM early_help_episode WHERE family_id = ?", {family});
  ASSERT_TRUE(add_to_team(*db_, ctx(), family, 6, kToday, true, "").is_ok());
  ASSERT_TRUE(record_review(*db_, ctx(), family, {0, Date::ymd(2025, 5, 28), "Worse", "continue", Date::ymd(2025, 6, 25)}, {eh, 1}).is_ok());
  EXPECT_EQ(step_up(*db_, ctx(), family, 6, Date::ymd(2025, 6, 2), "", {eh, 1}).status().message(),
            "reason: say why the child needs children's social care");
  EXPECT_EQ(step_up(*db_, ctx(), family, 1, Date::ymd(2025, 6, 2), "x", {eh, 1}).status().message(), "person_id: choose a child of this family");
  auto cin = step_up(*db_, ctx(), family, 6, Date::ymd(2025, 6, 2), "Disclosure at school", {eh, 1});
  ASSERT_TRUE(cin.is_ok()) << cin.status().message();
  EXPECT_EQ(n("SELECT stepped_up_from_eh FROM cin_episode WHERE id = ?", {*cin}), eh);
  EXPECT_EQ(text("SELECT referral_source FROM cin_episode WHERE id = ?", {*cin}), "5D");
  EXPECT_EQ(text("SELECT end_date || ' ' || end_reason FROM early_help_episode WHERE id = ?", {eh}), "2025-06-02 step_up");
  EXPECT_EQ(n("SELECT count(*) FROM person"), 6) << "no one keyed again";

  // Step down after assessment with no plan: RC9, early help opens linked back.
  auto back = step_down(*db_, ctx(), {*cin, 1}, Date::ymd(2025, 7, 14), 4);
  ASSERT_TRUE(back.is_ok()) << back.status().message();
  EXPECT_EQ(text("SELECT close_date || ' ' || reason_for_closure FROM cin_episode WHERE id = ?", {*cin}), "2025-07-14 RC9");
  EXPECT_EQ(n("SELECT stepped_down_from_cin FROM early_help_episode WHERE id = ?", {*back}), *cin);
  EXPECT_EQ(n("SELECT family_id FROM early_help_episode WHERE id = ?", {*back}), family);
  // A second step-down from the version first seen is a conflict; from the closed episode's own version, refused as closed.
  EXPECT_EQ(step_down(*db_, ctx(), {*cin, 1}, Date::ymd(2025, 7, 15), 4).status().code(), Status::Code::kConflict);
  EXPECT_EQ(step_down(*db_, ctx(), {*cin, 2}, Date::ymd(2025, 7, 15), 4).status().message(), "cin_episode_id: the episode is closed already");

  auto chronology = load_chronology(*db_, 6, family);
  ASSERT_TRUE(chronology.is_ok());
  auto once = [&](const std::string& summary) {
    return std::count_if(chronology->begin(), chronology->end(), [&](const ChronologyEntry& e) { return e.summary == summary; });
  };
  const std::string expected[] = {"Contact from school, decision: early_help",
                                  "Early help started for the family",
                                  "Lead professional: Fay Visitor (health)",
                                  "Fay Visitor (health) joined the team around the family",
                                  "Early help review: plan continues",
                                  "Early help ended (step_up)",
                                  "Stepped up from early help: Referral to children's social care (source 5D)",
                                  "Child in need episode closed (RC9)",
                                  "Early help started for the family (stepped down from children's social care)"};
  for (const auto& s : expected) EXPECT_EQ(once(s), 1) << s;
  EXPECT_EQ(chronology->size(), std::size(expected)) << "nothing else, nothing twice";
  EXPECT_TRUE(log_->verify(*db_)->ok());
}

// Two practitioners on the same family: one closes early help at a review; the
// other's review and step-up, from the version they opened, are conflicts that
// write nothing (no second review, no referral).
TEST_P(EarlyHelpTest, ChangesFromEarlyHelpThatHasEndedSinceAreConflicts) {
  Id family = early_help_for_jo();
  Id eh = n("SELECT id FROM early_help_episode WHERE family_id = ?", {family});
  EarlyHelpReview close{0, kToday, "Needs met", "close", std::nullopt};
  ASSERT_TRUE(record_review(*db_, ctx(), family, close, {eh, 1}).is_ok());
  EXPECT_EQ(text("SELECT end_reason || ' ' || version FROM early_help_episode WHERE id = ?", {eh}), "needs_met 2");
  EXPECT_EQ(record_review(*db_, ctx(), family, close, {eh, 1}).status().code(), Status::Code::kConflict);
  EXPECT_EQ(step_up(*db_, ctx(), family, 6, kToday, "Disclosure", {eh, 1}).status().code(), Status::Code::kConflict);
  EXPECT_EQ(n("SELECT count(*) FROM early_help_review WHERE early_help_episode_id = ?", {eh}), 1);
  EXPECT_EQ(n("SELECT count(*) FROM cin_episode WHERE person_id = 6"), 0);
}

TEST_P(EarlyHelpTest, AChildOnAPlanIsNotSteppedDown) {
  // Ben (2) is on a child protection plan in CIN episode 2.
  EXPECT_EQ(step_down(*db_, ctx(), {2, 1}, kToday, 4).status().message(),
            "cin_episode_id: end the child protection plan or period of care before stepping down");
  EXPECT_EQ(text("SELECT close_date FROM cin_episode WHERE id = 2"), "NULL");
}

// Every test on SQLite and on PostgreSQL (Casework/Suite.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Casework, EarlyHelpTest, testing::kBothBackends, testing::BackendName());

}  // namespace
}  // namespace kith::casework
