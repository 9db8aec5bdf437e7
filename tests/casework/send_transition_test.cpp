// SEND and EHC plans, transition to adult services, CLA care plans and
// pathway plans with their authorisation, and consent withdrawal, over the
// tiny council (tests/fixtures/tiny_council.sql). "Today" is Wednesday
// 2025-04-30. Every expected date is worked by hand in the comments.
#include <algorithm>

#include "casework/care_plans.h"
#include "casework/chronology.h"
#include "casework/due_tasks.h"
#include "casework/front_door_fixture.h"
#include "casework/partner_fields.h"
#include "casework/send.h"
#include "casework/statutory.h"
#include "casework/transition.h"

namespace kith::casework {
namespace {

const Date kToday = Date::ymd(2025, 4, 30);

// Young people for the transition rules (ids 20-22), beside the tiny council's children.
//   Yas 20: born 2008-09-15, disabled (LD): 16 since 2024-09-15; start by 17 = 2025-09-15; in place by 17.5 = 2026-03-15.
//   Zed 21: born 2007-08-10, looked after since 2024-01-08: start by 2024-08-10 and in place by 2025-02-10, both passed.
//   Kim 22: born 2009-06-01, disabled (AUT): 15, so planning has not started (it starts on 2025-06-01).
constexpr const char* kYoungPeople = R"sql(
INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity, address_id, disability) VALUES
  (20, 'Yas', 'Young', 'F', '2008-09-15', 'WBRI', 1, 'LD'),
  (21, 'Zed', 'Young', 'M', '2007-08-10', 'WBRI', 1, 'NONE'),
  (22, 'Kim', 'Young', 'U', '2009-06-01', 'WBRI', 1, 'AUT');
INSERT INTO cla_period (id, person_id, cin_episode_id, start_date, end_date, reason_ceased, category_of_need, home_postcode, version)
  VALUES (21, 21, NULL, '2024-01-08', NULL, NULL, 'N4', 'AB1 2CD', 1);
)sql";

class SendTransition : public FrontDoorTest {
 protected:
  void SetUp() override {
    FrontDoorTest::SetUp();
    Status s = db_->exec(kYoungPeople);
    ASSERT_TRUE(s.is_ok()) << s.message();
  }
  store::WriteContext as_user(const std::string& who) { return {*log_, who, "statutory work"}; }

  // The due date of the child's task named what; nullopt when there is none.
  std::optional<DueTask> task(Id person, const std::string& what) {
    auto tasks = due_tasks(*db_, person, kToday);
    EXPECT_TRUE(tasks.is_ok()) << tasks.status().message();
    if (!tasks) return std::nullopt;
    for (const DueTask& t : *tasks)
      if (t.what == what) return t;
    return std::nullopt;
  }
  std::string field_of(const Status& s) { return s.message().substr(0, s.message().find(':')); }
  int chronology_count(Id person, const std::string& summary, std::optional<Id> family = std::nullopt) {
    auto c = load_chronology(*db_, person, family);
    EXPECT_TRUE(c.is_ok());
    return int(std::count_if(c->begin(), c->end(), [&](const ChronologyEntry& e) { return e.summary == summary; }));
  }
};

constexpr const char* kIssue = "EHC plan issued (20 weeks from the request)";
constexpr const char* kReview = "EHC plan annual review";

// SEND and the EHC plan ---------------------------------------------------------------------

TEST_P(SendTransition, AnEhcPlanFromRequestThroughReviewsToItsEnd) {
  // Ada (1). Requested Monday 2025-01-06: the plan is due 20 weeks (140 days) later,
  // Monday 2025-05-26 (25 days to 31 Jan, 28 Feb, 31 Mar, 30 Apr, 26 May = 140).
  auto ehcp = request_ehc_assessment(*db_, ctx(), 1, Date::ymd(2025, 1, 6));
  ASSERT_TRUE(ehcp.is_ok()) << ehcp.status().message();
  auto due = task(1, kIssue);
  ASSERT_TRUE(due);
  EXPECT_EQ(due->due, Date::ymd(2025, 5, 26));
  EXPECT_FALSE(due->overdue);
  // Issued 2025-03-31: the annual review is due 12 calendar months later, 2026-03-31.
  ASSERT_TRUE(issue_ehc_plan(*db_, ctx(), *ehcp, Date::ymd(2025, 3, 31), 1).is_ok());
  EXPECT_FALSE(task(1, kIssue));
  ASSERT_TRUE(task(1, kReview));
  EXPECT_EQ(task(1, kReview)->due, Date::ymd(2026, 3, 31));
  // Reviewed 2025-04-29: the next review is 12 months from it, 2026-04-29.
  ASSERT_TRUE(record_ehcp_review(*db_, ctx(), *ehcp, Date::ymd(2025, 4, 29), "amend").is_ok());
  EXPECT_EQ(task(1, kReview)->due, Date::ymd(2026, 4, 29));
  auto st = send_status(*db_, 1);
  ASSERT_TRUE(st.is_ok());
  EXPECT_EQ(st->label, "EHC plan since " + Date::ymd(2025, 3, 31).display() + "; annual review due by " + Date::ymd(2026, 4, 29).display());
  // The plan ends (the version moved on once, when it was issued): no more reviews.
  ASSERT_TRUE(end_ehc_plan(*db_, ctx(), *ehcp, kToday, "needs_met", 2).is_ok());
  EXPECT_FALSE(task(1, kReview));
  EXPECT_EQ(chronology_count(1, "EHC needs assessment requested"), 1);
  EXPECT_EQ(chronology_count(1, "EHC plan issued"), 1);
  EXPECT_EQ(chronology_count(1, "EHC plan annual review: plan to be amended"), 1);
  EXPECT_EQ(chronology_count(1, "EHC plan ended (needs met)"), 1);
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'ehcp' AND action = 'update' AND actor = 'practitioner'"), 2);
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'ehcp_review' AND action = 'create'"), 1);
}

TEST_P(SendTransition, AnnualReviewsAreCalendarMonthsClampedAtTheMonthEnd) {
  // Cara (3): a plan issued on 29 February 2024 is reviewed by 28 February 2025 (no 29th), overdue on 30 April.
  auto ehcp = request_ehc_assessment(*db_, ctx(), 3, Date::ymd(2023, 10, 2));
  ASSERT_TRUE(ehcp.is_ok());
  ASSERT_TRUE(issue_ehc_plan(*db_, ctx(), *ehcp, Date::ymd(2024, 2, 29), 1).is_ok());
  auto due = task(3, kReview);
  ASSERT_TRUE(due);
  EXPECT_EQ(due->due, Date::ymd(2025, 2, 28));
  EXPECT_TRUE(due->overdue);
  // A request whose 20 weeks have passed without a plan is overdue too: 2024-11-04 + 140 days = 2025-03-24.
  auto late = request_ehc_assessment(*db_, ctx(), 2, Date::ymd(2024, 11, 4));
  ASSERT_TRUE(late.is_ok());
  ASSERT_TRUE(task(2, kIssue));
  EXPECT_EQ(task(2, kIssue)->due, Date::ymd(2025, 3, 24));
  EXPECT_TRUE(task(2, kIssue)->overdue);
}

TEST_P(SendTransition, EhcpWritesNameTheFieldOfEachProblem) {
  // Ada was born 2016-05-01.
  EXPECT_EQ(field_of(request_ehc_assessment(*db_, ctx(), 1, Date::ymd(2016, 4, 30)).status()), "request_date");
  auto ehcp = request_ehc_assessment(*db_, ctx(), 1, Date::ymd(2025, 1, 6));
  ASSERT_TRUE(ehcp.is_ok());
  EXPECT_EQ(field_of(request_ehc_assessment(*db_, ctx(), 1, kToday).status()), "request_date");  // one open at a time
  EXPECT_EQ(field_of(record_ehcp_review(*db_, ctx(), *ehcp, kToday, "continue").status()), "review_date");  // no plan yet
  EXPECT_EQ(field_of(end_ehc_plan(*db_, ctx(), *ehcp, kToday, "needs_met", 1)), "end_reason");  // no plan: "not_issued"
  EXPECT_EQ(field_of(issue_ehc_plan(*db_, ctx(), *ehcp, Date::ymd(2025, 1, 5), 1)), "plan_date");  // before the request
  EXPECT_EQ(issue_ehc_plan(*db_, ctx(), *ehcp, Date::ymd(2025, 3, 3), 7).code(), Status::Code::kConflict);  // a stale version
  ASSERT_TRUE(issue_ehc_plan(*db_, ctx(), *ehcp, Date::ymd(2025, 3, 3), 1).is_ok());
  EXPECT_EQ(field_of(issue_ehc_plan(*db_, ctx(), *ehcp, Date::ymd(2025, 3, 4), 2)), "plan_date");  // already issued
  EXPECT_EQ(field_of(record_ehcp_review(*db_, ctx(), *ehcp, kToday, "maybe").status()), "review_outcome");
  EXPECT_EQ(field_of(record_ehcp_review(*db_, ctx(), *ehcp, Date::ymd(2025, 3, 2), "continue").status()), "review_date");
  EXPECT_EQ(field_of(end_ehc_plan(*db_, ctx(), *ehcp, kToday, "bored", 2)), "end_reason");
  EXPECT_EQ(field_of(end_ehc_plan(*db_, ctx(), *ehcp, kToday, "not_issued", 2)), "end_reason");
  EXPECT_EQ(n("SELECT count(*) FROM ehcp_review"), 0);
  EXPECT_EQ(text("SELECT plan_date FROM ehcp WHERE id = ?", {*ehcp}), "2025-03-03");
}

TEST_P(SendTransition, DisabilitiesAreCinCensusCodesAndSenSupportHasItsDates) {
  struct Case {
    std::vector<std::string> codes;
    bool ok;
  };
  const Case cases[] = {{{"MOB", "AUT"}, true}, {{"NONE"}, true}, {{}, false}, {{"NONE", "AUT"}, false}, {{"aut"}, false}, {{"XYZ"}, false}};
  std::int64_t version = n("SELECT version FROM person WHERE id = 1");
  for (const Case& c : cases) {
    Status s = record_send_needs(*db_, ctx(), 1, {c.codes, std::nullopt}, version, kToday);
    EXPECT_EQ(s.is_ok(), c.ok) << (c.codes.empty() ? "(none)" : c.codes[0]) << ": " << s.message();
    if (s) ++version;
    else EXPECT_EQ(field_of(s), "disabilities");
  }
  EXPECT_EQ(text("SELECT disability FROM person WHERE id = 1"), "NONE");  // the last good save
  ASSERT_TRUE(record_send_needs(*db_, ctx(), 1, {{"MOB", "AUT"}, Date::ymd(2024, 9, 4)}, version, kToday).is_ok());
  EXPECT_EQ(text("SELECT disability FROM person WHERE id = 1"), "MOB AUT");  // as the CIN census projection reads it
  auto st = send_status(*db_, 1);
  ASSERT_TRUE(st.is_ok());
  EXPECT_EQ(st->disabilities, (std::vector<std::string>{"MOB", "AUT"}));
  EXPECT_EQ(st->label, "SEN support since " + Date::ymd(2024, 9, 4).display());
  // Saving from the version before that save is a conflict and changes nothing.
  EXPECT_EQ(record_send_needs(*db_, ctx(), 1, {{"NONE"}, std::nullopt}, version, kToday).code(), Status::Code::kConflict);
  EXPECT_EQ(text("SELECT disability FROM person WHERE id = 1"), "MOB AUT");
  // No SEN support now: the open support ends today.
  ASSERT_TRUE(record_send_needs(*db_, ctx(), 1, {{"MOB", "AUT"}, std::nullopt}, version + 1, kToday).is_ok());
  EXPECT_EQ(text("SELECT end_date FROM sen_support WHERE person_id = 1"), "2025-04-30");
  EXPECT_EQ(field_of(record_send_needs(*db_, ctx(), 1, {{"NONE"}, Date::ymd(2025, 5, 1)}, version + 2, kToday)), "sen_support_since");
}

// Transition to adult services ---------------------------------------------------------------

constexpr const char* kStart = "Start transition planning (referral to adult services)";
constexpr const char* kInPlace = "Transition plan to adult services in place";

TEST_P(SendTransition, TransitionTasksRunFromTheSixteenthBirthday) {
  struct Case {
    Id person;
    std::optional<Date> start_by;  // nullopt: no task
    bool start_overdue;
    std::optional<Date> in_place_by;
    bool in_place_overdue;
  };
  const Case cases[] = {
      {20, Date::ymd(2025, 9, 15), false, Date::ymd(2026, 3, 15), false},  // Yas, disabled, 16
      {21, Date::ymd(2024, 8, 10), true, Date::ymd(2025, 2, 10), true},    // Zed, looked after, 17 and 8 months
      {22, std::nullopt, false, std::nullopt, false},                      // Kim, 15
      {4, std::nullopt, false, std::nullopt, false},                       // Dan, 14, in no group
      {3, std::nullopt, false, std::nullopt, false},                       // Cara, looked after but 13
  };
  for (const Case& c : cases) {
    auto start = task(c.person, kStart);
    auto in_place = task(c.person, kInPlace);
    ASSERT_EQ(start.has_value(), c.start_by.has_value()) << c.person;
    ASSERT_EQ(in_place.has_value(), c.in_place_by.has_value()) << c.person;
    if (!start) continue;
    EXPECT_EQ(start->due, *c.start_by) << c.person;
    EXPECT_EQ(start->overdue, c.start_overdue) << c.person;
    EXPECT_EQ(in_place->due, *c.in_place_by) << c.person;
    EXPECT_EQ(in_place->overdue, c.in_place_overdue) << c.person;
  }
  // Cara was born on 29 February 2012: she should start by 28 February 2029 and have a plan by 29 August 2029.
  auto cara = transition_status(*db_, 3, kToday);
  ASSERT_TRUE(cara.is_ok());
  EXPECT_TRUE(cara->needed);
  EXPECT_EQ(cara->start_by, Date::ymd(2029, 2, 28));
  EXPECT_EQ(cara->in_place_by, Date::ymd(2029, 8, 29));
  auto dan = transition_status(*db_, 4, kToday);
  EXPECT_FALSE(dan->needed);
  auto zed = transition_status(*db_, 21, kToday);
  EXPECT_TRUE(zed->overdue);
  EXPECT_EQ(zed->why, (std::vector<std::string>{"looked after"}));
}

TEST_P(SendTransition, TheReferralThenThePlanClearTheTasks) {
  auto id = record_transition(*db_, ctx(), 21, {Date::ymd(2025, 3, 1), "adult_social_care", std::nullopt, "in_progress"}, 0);
  ASSERT_TRUE(id.is_ok()) << id.status().message();
  EXPECT_FALSE(task(21, kStart));
  ASSERT_TRUE(task(21, kInPlace));
  EXPECT_TRUE(task(21, kInPlace)->overdue);
  // A second worker starting from no plan gets a conflict, not a second plan.
  EXPECT_EQ(record_transition(*db_, ctx(), 21, {Date::ymd(2025, 3, 2), "mental_health", std::nullopt, "in_progress"}, 0).status().code(),
            Status::Code::kConflict);
  ASSERT_TRUE(record_transition(*db_, ctx(), 21, {Date::ymd(2025, 3, 1), "adult_social_care", Date::ymd(2025, 4, 1), "eligible"}, 1).is_ok());
  EXPECT_FALSE(task(21, kInPlace));
  auto st = transition_status(*db_, 21, kToday);
  EXPECT_FALSE(st->overdue);
  EXPECT_EQ(st->version, 2);
  EXPECT_EQ(st->label, "Plan in place since " + Date::ymd(2025, 4, 1).display());
  EXPECT_EQ(record_transition(*db_, ctx(), 21, {Date::ymd(2025, 3, 1), "adult_social_care", Date::ymd(2025, 4, 1), "declined"}, 1).status().code(),
            Status::Code::kConflict);  // stale
  EXPECT_EQ(text("SELECT outcome FROM transition_plan WHERE person_id = 21"), "eligible");
  EXPECT_EQ(chronology_count(21, "Referred to adult services (adult social care)"), 1);
  EXPECT_EQ(chronology_count(21, "Transition plan to adult services agreed (eligible)"), 1);
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'transition_plan'"), 2);
}

TEST_P(SendTransition, TransitionWritesNameTheFieldOfEachProblem) {
  struct Case {
    Id person;
    TransitionInput in;
    std::string field;
  };
  // Yas's 14th birthday is 2022-09-15.
  const Case cases[] = {
      {4, {Date::ymd(2025, 4, 1), "adult_social_care", std::nullopt, "in_progress"}, "person_id"},  // Dan needs none
      {20, {Date::ymd(2025, 4, 1), "prison", std::nullopt, "in_progress"}, "adult_service"},
      {20, {Date::ymd(2025, 4, 1), "adult_social_care", std::nullopt, "won"}, "outcome"},
      {20, {Date::ymd(2022, 9, 14), "adult_social_care", std::nullopt, "in_progress"}, "referral_date"},
      {20, {std::nullopt, "adult_social_care", Date::ymd(2025, 4, 1), "in_progress"}, "plan_date"},
      {20, {Date::ymd(2025, 4, 1), "adult_social_care", Date::ymd(2025, 3, 31), "in_progress"}, "plan_date"},
      {20, {Date::ymd(2025, 4, 1), "adult_social_care", std::nullopt, "eligible"}, "outcome"},
  };
  for (const Case& c : cases) EXPECT_EQ(field_of(record_transition(*db_, ctx(), c.person, c.in, 0).status()), c.field) << c.field;
  EXPECT_EQ(n("SELECT count(*) FROM transition_plan"), 0);
}

// Care plans and pathway plans, authorised by a manager ----------------------------------------

TEST_P(SendTransition, ACarePlanCountsOnceAManagerAuthorisesIt) {
  // Cara (3) is looked after (period 1 from 2024-06-10) by the North Children in Care team: the North locality manager decides.
  EXPECT_EQ(field_of(record_cla_care_plan(*db_, ctx(), 1, Date::ymd(2024, 6, 9), "adoption").status()), "plan_date");
  EXPECT_EQ(field_of(record_cla_care_plan(*db_, ctx(), 1, kToday, "somewhere").status()), "permanence");
  auto plan = record_cla_care_plan(*db_, ctx(), 1, Date::ymd(2025, 4, 1), "long_term_fostering");
  ASSERT_TRUE(plan.is_ok()) << plan.status().message();
  auto st = cla_care_plan_status(*db_, 3);
  EXPECT_EQ(st->approval, PlanApproval::kAwaiting);
  EXPECT_FALSE(st->counted_date);
  EXPECT_EQ(st->label, Date::ymd(2025, 4, 1).display() + " (awaiting authorisation)");
  auto waiting = awaiting_authorisation(*db_, as(Role::kLocalityManager));
  ASSERT_TRUE(waiting.is_ok());
  auto it = std::find_if(waiting->begin(), waiting->end(), [](const AuthorisationRequest& r) { return r.kind == "cla_plan"; });
  ASSERT_NE(it, waiting->end());
  EXPECT_EQ(it->detail, "Care plan of " + Date::ymd(2025, 4, 1).display() + ": Long-term fostering");
  // The team manager of another team does not see it.
  auto other = awaiting_authorisation(*db_, as(Role::kTeamManager));
  EXPECT_TRUE(std::none_of(other->begin(), other->end(), [](const AuthorisationRequest& r) { return r.kind == "cla_plan"; }));
  ASSERT_TRUE(decide_authorisation(*db_, as_user("locality_manager"), as(Role::kLocalityManager), SeenVersion{it->id, it->version}, true, kToday, "").is_ok());
  st = cla_care_plan_status(*db_, 3);
  EXPECT_EQ(st->approval, PlanApproval::kAuthorised);
  EXPECT_EQ(st->counted_date, Date::ymd(2025, 4, 1));
  EXPECT_EQ(chronology_count(3, "Care plan authorised"), 1);
}

TEST_P(SendTransition, APathwayPlanAwaitsAuthorisationAndAReturnedOneDoesNotCount) {
  // Zed (21) becomes a care leaver here; allocate him to the North Assessment team so its manager decides.
  ASSERT_TRUE(db_->exec("INSERT INTO involvement VALUES (90, 21, 1, 1, 'allocated_social_worker', '2024-01-08', NULL, NULL)").is_ok());
  auto leaver = record_pathway_plan(*db_, ctx(), 21, Date::ymd(2025, 4, 1), 1, "relevant", SeenVersion{});
  ASSERT_TRUE(leaver.is_ok()) << leaver.status().message();
  auto st = pathway_plan_status(*db_, 21);
  EXPECT_EQ(st->approval, PlanApproval::kAwaiting);
  EXPECT_FALSE(st->counted_date);
  auto waiting = awaiting_authorisation(*db_, as(Role::kTeamManager));
  auto it = std::find_if(waiting->begin(), waiting->end(), [](const AuthorisationRequest& r) { return r.kind == "pathway_plan"; });
  ASSERT_NE(it, waiting->end());
  EXPECT_EQ(it->detail, "Pathway plan of " + Date::ymd(2025, 4, 1).display() + " (Relevant); personal adviser Alex Social");
  ASSERT_TRUE(decide_authorisation(*db_, as_user("team_manager"), as(Role::kTeamManager), SeenVersion{it->id, it->version}, false, kToday, "Add the accommodation plan").is_ok());
  st = pathway_plan_status(*db_, 21);
  EXPECT_EQ(st->approval, PlanApproval::kReturned);
  EXPECT_FALSE(st->counted_date);
  // A plan from before authorisation existed (no request) counts as recorded: Cara's, inserted directly.
  ASSERT_TRUE(db_->exec("INSERT INTO care_leaver (id, person_id, personal_adviser_id, pathway_plan_date, eligibility) VALUES (50, 3, 2, '2025-01-02', 'relevant')").is_ok());
  auto legacy = pathway_plan_status(*db_, 3);
  EXPECT_EQ(legacy->approval, PlanApproval::kAuthorised);
  EXPECT_EQ(legacy->counted_date, Date::ymd(2025, 1, 2));
}

// Consent withdrawal ------------------------------------------------------------------------------

TEST_P(SendTransition, AManagerOrTheLeadProfessionalRecordsThatConsentWasWithdrawn) {
  // Family 1's team: member 1 is Fay Visitor (health, worker 6), also the lead professional.
  const std::string reason = "Parents asked that health no longer receive updates";
  EXPECT_EQ(record_consent_withdrawal(*db_, ctx(), as(Role::kPractitioner), 1, 1, kToday, reason, kToday).code(), Status::Code::kDenied);
  EXPECT_EQ(record_consent_withdrawal(*db_, ctx(), as(Role::kPerformanceAnalyst), 1, 1, kToday, reason, kToday).code(), Status::Code::kDenied);
  EXPECT_EQ(field_of(record_consent_withdrawal(*db_, ctx(), as(Role::kTeamManager), 1, 1, kToday, "", kToday)), "withdrawn_reason");
  EXPECT_EQ(field_of(record_consent_withdrawal(*db_, ctx(), as(Role::kTeamManager), 1, 1, Date::ymd(2025, 5, 1), reason, kToday)),
            "withdrawn_date");
  EXPECT_EQ(field_of(record_consent_withdrawal(*db_, ctx(), as(Role::kTeamManager), 1, 1, Date::ymd(2024, 9, 1), reason, kToday)),
            "withdrawn_date");  // before she joined on 2024-09-02
  EXPECT_EQ(record_consent_withdrawal(*db_, ctx(), as(Role::kTeamManager), 2, 1, kToday, reason, kToday).code(), Status::Code::kNotFound);
  EXPECT_TRUE(check_access(*db_, as(Role::kPartnerPractitioner), 1).is_ok());
  ASSERT_TRUE(record_consent_withdrawal(*db_, {*log_, "team_manager", "team around the family"}, as(Role::kTeamManager), 1, 1, kToday, reason,
                                        kToday)
                  .is_ok());
  EXPECT_EQ(check_access(*db_, as(Role::kPartnerPractitioner), 1).code(), Status::Code::kDenied);
  EXPECT_EQ(text("SELECT withdrawn_reason FROM taf_consent WHERE taf_member_id = 1"), reason);
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'taf_member' AND entity_id = '1' AND actor = 'team_manager'"), 1);
  EXPECT_EQ(chronology_count(1, "Consent to share with Fay Visitor (health) withdrawn: " + reason, Id(1)), 1);
  auto list = consent_list(*db_, 1);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].withdrawn, kToday);
  // Once is enough.
  EXPECT_EQ(field_of(record_consent_withdrawal(*db_, ctx(), as(Role::kTeamManager), 1, 1, kToday, reason, kToday)), "withdrawn_date");
}

// Every test on SQLite and on PostgreSQL (Casework/Suite.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Casework, SendTransition, testing::kBothBackends, testing::BackendName());

}  // namespace
}  // namespace kith::casework
