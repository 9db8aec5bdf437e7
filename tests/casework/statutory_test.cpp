// Statutory work over the tiny council (tests/fixtures/tiny_council.sql):
// each write and its validation, management authorisation, the deadlines the
// writes set (worked by hand below, with the 2025 bank holidays: Good Friday
// 18 April, Easter Monday 21 April, early May 5 May) and the worklists.
// "Today" is Wednesday 2025-04-30.
#include "casework/statutory.h"

#include <algorithm>
#include <functional>
#include <latch>
#include <thread>

#include "casework/chronology.h"
#include "casework/due_tasks.h"
#include "casework/front_door_fixture.h"
#include "casework/worklist_reference.h"
#include "model/codes.h"

namespace kith::casework {
namespace {

const Date kToday = Date::ymd(2025, 4, 30);

class Statutory : public FrontDoorTest {
 protected:
  store::WriteContext as_user(const std::string& who) { return {*log_, who, "statutory work"}; }

  std::optional<Date> due(Id person, const std::string& what) {
    auto tasks = due_tasks(*db_, person, kToday);
    EXPECT_TRUE(tasks.is_ok()) << tasks.status().message();
    if (!tasks) return std::nullopt;
    for (const DueTask& t : *tasks)
      if (t.what == what) return t.due;
    return std::nullopt;
  }

  int chronology_count(Id person, const std::string& summary) {
    auto c = load_chronology(*db_, person, std::nullopt);
    EXPECT_TRUE(c.is_ok());
    return int(std::count_if(c->begin(), c->end(), [&](const ChronologyEntry& e) { return e.summary == summary; }));
  }

  std::string message(const Status& s) { return s.message(); }
};

// Assessment and its authorisation -----------------------------------------------------

TEST_P(Statutory, CompletingAnAssessmentNamesTheFieldOfEachProblem) {
  // Assessment 1 of Ada (child 1) started 2025-01-13 and is still open.
  struct Case {
    std::vector<std::string> factors;
    std::string outcome;
    Date completed;
    std::string field;
  };
  const Case cases[] = {
      {{}, "cin_plan", kToday, "factors"},
      {{"3B", "99Z"}, "cin_plan", kToday, "factors"},
      {{"3b"}, "cin_plan", kToday, "factors"},  // codes are case-sensitive, as in the census
      {{"3B"}, "maybe", kToday, "outcome"},
      {{"3B"}, "cin_plan", Date::ymd(2025, 1, 12), "completed_date"},
  };
  for (const Case& c : cases) {
    auto r = complete_assessment(*db_, ctx(), {1, 1}, c.factors, c.outcome, c.completed);
    ASSERT_FALSE(r.is_ok());
    EXPECT_EQ(r.status().code(), Status::Code::kInvalid);
    EXPECT_EQ(message(r.status()).substr(0, c.field.size() + 1), c.field + ":") << message(r.status());
  }
  EXPECT_EQ(n("SELECT count(*) FROM authorisation"), 0);  // nothing half-saved
}

TEST_P(Statutory, AnAssessmentCountsAsCompleteOnlyOnceAManagerAuthorisesIt) {
  ASSERT_EQ(due(1, "Assessment"), Date::ymd(2025, 3, 17));
  auto req = complete_assessment(*db_, ctx(), {1, 1}, {"16A", "3B", "3B"}, "strategy_discussion", Date::ymd(2025, 4, 28));
  ASSERT_TRUE(req.is_ok()) << req.status().message();
  EXPECT_EQ(n("SELECT count(*) FROM assessment_factor WHERE assessment_id = 1"), 2);  // the repeated 3B once
  // Completed but not authorised: the deadline still stands.
  EXPECT_EQ(due(1, "Assessment"), Date::ymd(2025, 3, 17));

  auto list = awaiting_authorisation(*db_, as(Role::kTeamManager));
  ASSERT_TRUE(list.is_ok()) << list.status().message();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].kind, "assessment");
  EXPECT_EQ((*list)[0].child_name, "Ada Test");
  EXPECT_EQ((*list)[0].detail, "Assessment: strategy discussion; factors 16A, 3B");
  EXPECT_EQ(awaiting_authorisation(*db_, as(Role::kPractitioner)).status().code(), Status::Code::kDenied);

  ASSERT_TRUE(decide_authorisation(*db_, as_user("team_manager"), as(Role::kTeamManager), {*req, 1}, true, kToday, "").is_ok());
  EXPECT_EQ(text("SELECT authorised_date FROM assessment WHERE id = 1"), "2025-04-30");
  EXPECT_EQ(text("SELECT decided_by FROM authorisation WHERE id = ?", {*req}), "team_manager");
  EXPECT_FALSE(due(1, "Assessment").has_value());
  EXPECT_EQ(awaiting_authorisation(*db_, as(Role::kTeamManager))->size(), 0u);
  // Deciding twice (from the version first seen) is refused as a conflict.
  EXPECT_EQ(decide_authorisation(*db_, as_user("team_manager"), as(Role::kTeamManager), {*req, 1}, true, kToday, "").code(),
            Status::Code::kConflict);
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'authorisation' AND action = 'update'"), 1);
}

TEST_P(Statutory, ManagersCannotAuthoriseTheirOwnWorkOrOtherTeamsAndMustSayWhyTheyReturnIt) {
  auto own = complete_assessment(*db_, as_user("team_manager"), {1, 1}, {"3B"}, "cin_plan", kToday);
  ASSERT_TRUE(own.is_ok());
  EXPECT_EQ(decide_authorisation(*db_, as_user("team_manager"), as(Role::kTeamManager), {*own, 1}, true, kToday, "").code(),
            Status::Code::kDenied);
  // The locality manager of North may; a returned assessment opens again for the worker.
  EXPECT_EQ(message(decide_authorisation(*db_, as_user("locality_manager"), as(Role::kLocalityManager), {*own, 1}, false, kToday, "")),
            "note: say what needs to change before it can be authorised");
  ASSERT_TRUE(decide_authorisation(*db_, as_user("locality_manager"), as(Role::kLocalityManager), {*own, 1}, false, kToday,
                                   "Add the school's view").is_ok());
  EXPECT_EQ(n("SELECT count(*) FROM assessment_completion WHERE assessment_id = 1"), 0);
  EXPECT_EQ(statutory_state(*db_, 1)->open_assessment_id, 1);
  // Dan (child 4) is South's: North's locality manager does not manage him.
  auto dans = start_assessment(*db_, ctx(), 4, Date::ymd(2025, 4, 16), 5);
  ASSERT_TRUE(dans.is_ok()) << dans.status().message();
  auto south = complete_assessment(*db_, ctx(), {*dans, 1}, {"3B"}, "cin_plan", kToday);
  ASSERT_TRUE(south.is_ok()) << south.status().message();
  EXPECT_EQ(decide_authorisation(*db_, as_user("locality_manager"), as(Role::kLocalityManager), {*south, 1}, true, kToday, "").code(),
            Status::Code::kDenied);
}

TEST_P(Statutory, StartingAnAssessmentNeedsAnOpenReferralWithoutOneInProgress) {
  EXPECT_EQ(message(start_assessment(*db_, ctx(), 1, kToday, 1).status()),
            "cin_episode_id: an assessment is already open for this referral: complete it first");
  EXPECT_EQ(message(start_assessment(*db_, ctx(), 4, Date::ymd(2025, 4, 13), 5).status()),
            "start_date: the date must be on or after the referral (14 April 2025)");
  EXPECT_EQ(start_assessment(*db_, ctx(), 99, kToday, 5).status().code(), Status::Code::kInvalid);
  auto id = start_assessment(*db_, ctx(), 4, Date::ymd(2025, 4, 14), 5);
  ASSERT_TRUE(id.is_ok());
  // 45 working days from Mon 14 April across 18 and 21 April, 5 and 26 May: Fri 20 June 2025.
  EXPECT_EQ(due(4, "Assessment"), Date::ymd(2025, 6, 20));
}

// Child protection --------------------------------------------------------------------------

TEST_P(Statutory, StrategyDiscussionToPlanSetsEachDeadlineAndTheChronologyShowsEachStepOnce) {
  // Ada (child 1, referral 1). Strategy discussion Wed 16 April with a section 47.
  auto sd = record_strategy_discussion(*db_, ctx(), 1, Date::ymd(2025, 4, 16), true);
  ASSERT_TRUE(sd.is_ok()) << sd.status().message();
  auto st = statutory_state(*db_, 1);
  ASSERT_TRUE(st->open_section47_id.has_value());
  EXPECT_FALSE(due(1, "Initial child protection conference").has_value());  // not until the enquiry says so
  EXPECT_EQ(message(complete_section47(*db_, ctx(), {*st->open_section47_id, 1}, kToday, "maybe")), "s47_outcome: choose the outcome of the enquiry");
  ASSERT_TRUE(complete_section47(*db_, ctx(), {*st->open_section47_id, 1}, Date::ymd(2025, 4, 25), "icpc").is_ok());
  // 15 working days after 16 April, skipping 18 and 21 April and 5 May: Mon 12 May.
  EXPECT_EQ(due(1, "Initial child protection conference"), Date::ymd(2025, 5, 12));

  EXPECT_EQ(message(record_conference(*db_, ctx(), {1, "initial", Date::ymd(2025, 4, 29), true, "XYZ", "", {}}).status()).substr(0, 9),
            "category:");
  EXPECT_EQ(message(record_conference(*db_, ctx(), {1, "review", Date::ymd(2025, 4, 29), true, "NEG", "", {}}).status()),
            "kind: a review conference needs an open child protection plan");
  auto icpc = record_conference(*db_, ctx(), {1, "initial", Date::ymd(2025, 4, 29), true, "NEG", "I want to stay at home", {}});
  ASSERT_TRUE(icpc.is_ok()) << icpc.status().message();
  EXPECT_FALSE(due(1, "Initial child protection conference").has_value());
  EXPECT_EQ(due(1, "Child protection review conference"), Date::ymd(2025, 7, 29));  // 3 months
  // Visits every 10 working days: from Tue 29 April, skipping 5 May: Wed 14 May.
  EXPECT_EQ(due(1, "Child protection visit"), Date::ymd(2025, 5, 14));
  ASSERT_TRUE(record_visit(*db_, ctx(), {1, 1, kToday, true, true, "cp", "Mum shouts less"}).is_ok());
  EXPECT_EQ(due(1, "Child protection visit"), Date::ymd(2025, 5, 15));
  EXPECT_EQ(n("SELECT count(*) FROM authorisation WHERE kind = 'cp_plan' AND decision IS NULL"), 1);

  for (const char* step : {"Strategy discussion", "Section 47 enquiry started", "Section 47 enquiry completed: initial conference needed",
                           "Initial child protection conference", "Child protection plan started (NEG)", "Visit, seen alone"})
    EXPECT_EQ(chronology_count(1, step), 1) << step;

  auto voice = voice_of_child(*db_, 1);
  ASSERT_TRUE(voice.is_ok());
  ASSERT_EQ(voice->size(), 2u);
  EXPECT_EQ((*voice)[0].words, "I want to stay at home");
  EXPECT_EQ((*voice)[1].where, "Visit (seen alone)");
}

TEST_P(Statutory, AReviewConferenceEndsThePlanAndOnlyThenMayTheReferralCloseOnAuthorisation) {
  // Ben (child 2) has a NEG plan since 2025-02-26 (tiny council).
  EXPECT_EQ(message(request_closure(*db_, ctx(), 2, kToday, "RC8").status()),
            "closure_reason: end the child protection plan or the period of care before closing");
  EXPECT_EQ(message(request_closure(*db_, ctx(), 2, kToday, "RC99").status()), "closure_reason: choose the reason for closure (RC1 to RC9)");
  ASSERT_TRUE(record_conference(*db_, ctx(), {2, "review", Date::ymd(2025, 4, 28), true, "EMO", "", {1, 1}}).is_ok());
  EXPECT_EQ(text("SELECT latest_category FROM cp_plan WHERE id = 1"), "EMO");
  EXPECT_EQ(due(2, "Child protection review conference"), Date::ymd(2025, 10, 28));  // then 6-monthly
  ASSERT_TRUE(record_conference(*db_, ctx(), {2, "review", kToday, false, "", "", {1, 2}}).is_ok());
  EXPECT_EQ(text("SELECT end_date FROM cp_plan WHERE id = 1"), "2025-04-30");
  EXPECT_FALSE(due(2, "Child protection review conference").has_value());

  auto req = request_closure(*db_, ctx(), 2, kToday, "RC8");
  ASSERT_TRUE(req.is_ok()) << req.status().message();
  EXPECT_EQ(message(request_closure(*db_, ctx(), 2, kToday, "RC8").status()),
            "closure_reason: a closure is already awaiting a manager's authorisation");
  EXPECT_EQ(text("SELECT close_date FROM cin_episode WHERE id = 2"), "NULL");  // not until authorised
  ASSERT_TRUE(decide_authorisation(*db_, as_user("team_manager"), as(Role::kTeamManager), {*req, 1}, true, kToday, "").is_ok());
  EXPECT_EQ(text("SELECT close_date || ' ' || reason_for_closure FROM cin_episode WHERE id = 2"), "2025-04-30 RC8");
  EXPECT_EQ(chronology_count(2, "Child in need episode closed (RC8)"), 1);
}

TEST_P(Statutory, EveryCategoryOfAbuseInTheCinListStartsAPlanAndNothingElseDoes) {
  // One child per category: the DfE list drives what is accepted.
  Id person = 100, cin = 100;
  for (const auto& entry : kCodeList<CategoryOfAbuse>) {
    ++person, ++cin;
    ASSERT_TRUE(db_->run("INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity) VALUES (?, 'C', 'Test', 'F', '2015-01-01', 'WBRI')", {person}).is_ok());
    ASSERT_TRUE(db_->run("INSERT INTO cin_episode (id, person_id, referral_date, referral_source) VALUES (?, ?, '2025-04-01', '1A')",
                         {cin, person}).is_ok());
    auto r = record_conference(*db_, ctx(), {cin, "initial", kToday, true, std::string(entry.code), "", {}});
    EXPECT_TRUE(r.is_ok()) << entry.code << ": " << r.status().message();
  }
  EXPECT_EQ(n("SELECT count(*) FROM cp_plan WHERE person_id > 100"), std::int64_t(std::size(kCodeList<CategoryOfAbuse>)));
  EXPECT_FALSE(record_conference(*db_, ctx(), {4, "initial", kToday, true, "neg", "", {}}).is_ok());
}

// Looked after -------------------------------------------------------------------------------

TEST_P(Statutory, APeriodOfCareSetsReviewVisitAndHealthDeadlines) {
  PlacementInput first{Date(), "U4", "PR1", 1, "AB1 3AA", ""};
  EXPECT_EQ(message(start_care_period(*db_, ctx(), 4, Date::ymd(2025, 4, 1), "C9", "N1", first).status()).substr(0, 13), "legal_status:");
  EXPECT_EQ(message(start_care_period(*db_, ctx(), 4, Date::ymd(2025, 4, 1), "C2", "N9", first).status()).substr(0, 17),
            "category_of_need:");
  EXPECT_EQ(message(start_care_period(*db_, ctx(), 3, Date::ymd(2025, 4, 1), "C2", "N1", first).status()),
            "start_date: the child is already looked after");
  auto period = start_care_period(*db_, ctx(), 4, Date::ymd(2025, 4, 1), "C2", "N1", first);
  ASSERT_TRUE(period.is_ok()) << period.status().message();
  EXPECT_EQ(text("SELECT weekly_cost_pence FROM placement WHERE cla_period_id = ?", {*period}), "52000");  // from the register
  // 20 working days from Tue 1 April across Good Friday and Easter Monday: Thu 1 May.
  EXPECT_EQ(due(4, "Looked-after review"), Date::ymd(2025, 5, 1));
  EXPECT_EQ(due(4, "Initial health assessment"), Date::ymd(2025, 5, 1));
  EXPECT_EQ(due(4, "Statutory visit"), Date::ymd(2025, 4, 8));  // one week

  // Dan is 14: review health assessments are yearly.
  ASSERT_TRUE(record_health(*db_, ctx(), 4, "health_assessment", Date::ymd(2025, 4, 10)).is_ok());
  EXPECT_EQ(due(4, "Review health assessment"), Date::ymd(2026, 4, 10));
  EXPECT_EQ(message(record_health(*db_, ctx(), 4, "eyes", kToday).status()).substr(0, 12), "health_kind:");

  ASSERT_TRUE(record_cla_review(*db_, ctx(), *period, Date::ymd(2025, 4, 29), "PN1", "I like my carers").is_ok());
  EXPECT_EQ(due(4, "Looked-after review"), Date::ymd(2025, 7, 29));  // 3 months after the first
  EXPECT_EQ(message(record_cla_review(*db_, ctx(), *period, kToday, "PN9", "").status()).substr(0, 14), "participation:");

  PlacementInput move{Date::ymd(2025, 4, 1), "U5", "PR1", std::nullopt, "", "CARPL"};
  const SeenVersion first_placement{n("SELECT id FROM placement WHERE cla_period_id = ? AND end_date IS NULL", {*period}), 1};
  EXPECT_EQ(message(change_placement(*db_, ctx(), *period, first_placement, move).status()), "placement_start: the new placement must start after 1 April 2025");
  move.start = Date::ymd(2025, 4, 22), move.reason_change = "";
  EXPECT_EQ(message(change_placement(*db_, ctx(), *period, first_placement, move).status()).substr(0, 14), "reason_change:");
  move.reason_change = "CARPL";
  ASSERT_TRUE(change_placement(*db_, ctx(), *period, first_placement, move).is_ok());
  EXPECT_EQ(n("SELECT count(*) FROM placement WHERE cla_period_id = ? AND end_date = '2025-04-22'", {*period}), 1);
  EXPECT_EQ(due(4, "Statutory visit"), Date::ymd(2025, 4, 29));  // a week after the new placement

  EXPECT_EQ(message(change_legal_status(*db_, ctx(), *period, kToday, "C2").status()), "legal_status: the child already has legal status C2");
  ASSERT_TRUE(change_legal_status(*db_, ctx(), *period, kToday, "E1").is_ok());
  EXPECT_EQ(chronology_count(4, "Legal status E1"), 1);
}

TEST_P(Statutory, ChildrenUnderFiveHaveHealthAssessmentsEverySixMonths) {
  ASSERT_TRUE(db_->exec("INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity) VALUES (50, 'Tiny', 'Tot', 'M', '2022-01-01', 'WBRI')").is_ok());
  auto period = start_care_period(*db_, ctx(), 50, Date::ymd(2025, 3, 3), "V2", "N4", {Date(), "U4", "PR1", std::nullopt, "", ""});
  ASSERT_TRUE(period.is_ok()) << period.status().message();
  ASSERT_TRUE(record_health(*db_, ctx(), 50, "health_assessment", Date::ymd(2025, 3, 20)).is_ok());
  EXPECT_EQ(due(50, "Review health assessment"), Date::ymd(2025, 9, 20));
}

TEST_P(Statutory, VisitsAndMissingEpisodesAreChecked) {
  EXPECT_EQ(message(record_visit(*db_, ctx(), {3, 2, kToday, false, true, "cla", ""}).status()),
            "seen_alone: a child who was not seen cannot have been seen alone");
  EXPECT_EQ(message(record_visit(*db_, ctx(), {3, 2, kToday, true, false, "school", ""}).status()).substr(0, 8), "context:");
  // Cara's placement began 2024-09-01 (first year): 6 weeks after today's visit.
  ASSERT_TRUE(record_visit(*db_, ctx(), {3, 2, kToday, true, true, "cla", "Can I see my brother more?"}).is_ok());
  EXPECT_EQ(due(3, "Statutory visit"), Date::ymd(2025, 6, 11));
  EXPECT_EQ(message(record_missing(*db_, ctx(), 3, "X", kToday, std::nullopt, false).status()).substr(0, 13), "missing_type:");
  EXPECT_EQ(message(record_missing(*db_, ctx(), 3, "M", kToday, Date::ymd(2025, 4, 29), false).status()).substr(0, 12), "missing_end:");
  ASSERT_TRUE(record_missing(*db_, ctx(), 3, "M", Date::ymd(2025, 4, 26), Date::ymd(2025, 4, 27), true).is_ok());
  EXPECT_EQ(chronology_count(3, "Missing from placement"), 1);
}

// Care leavers -------------------------------------------------------------------------------

TEST_P(Statutory, BirthdayContactsNeedAPathwayPlanAndFallAroundABirthday) {
  // Born 2007-05-15: 18 on 2025-05-15, so contacts count from 2025-02-15 to 2025-06-15.
  ASSERT_TRUE(db_->exec("INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity) VALUES (60, 'Lee', 'Leaver', 'F', '2007-05-15', 'WBRI')").is_ok());
  EXPECT_EQ(message(record_care_leaver_contact(*db_, ctx(), 60, kToday, "YES", "F2", "B1").status()),
            "contact_date: record the pathway plan first: the young person is not yet a care leaver here");
  // "eligible" is a choice now (care_leaving.h); a word outside the list is refused on its field.
  EXPECT_EQ(message(record_pathway_plan(*db_, ctx(), 60, kToday, 2, "maybe", {}).status()).substr(0, 12), "eligibility:");
  EXPECT_EQ(message(record_pathway_plan(*db_, ctx(), 60, kToday, 7, "relevant", {}).status()).substr(0, 20), "personal_adviser_id:");  // Gus left
  ASSERT_TRUE(record_pathway_plan(*db_, ctx(), 60, Date::ymd(2025, 4, 1), 2, "relevant", {}).is_ok());
  EXPECT_EQ(message(record_care_leaver_contact(*db_, ctx(), 60, Date::ymd(2025, 2, 14), "YES", "F2", "B1").status()).substr(0, 13),
            "contact_date:");
  EXPECT_EQ(message(record_care_leaver_contact(*db_, ctx(), 60, kToday, "YES", "Z9", "B1").status()).substr(0, 9), "activity:");
  ASSERT_TRUE(record_care_leaver_contact(*db_, ctx(), 60, Date::ymd(2025, 2, 15), "YES", "F2", "B1").is_ok());
  ASSERT_TRUE(record_care_leaver_contact(*db_, ctx(), 60, Date::ymd(2025, 6, 15), "NO", "G4", "0").is_ok());
  EXPECT_EQ(n("SELECT count(*) FROM care_leaver_contact"), 2);
  // A second pathway plan updates the record rather than making another; one from a form that saw no record is a conflict.
  const SeenVersion leaver{n("SELECT id FROM care_leaver WHERE person_id = 60"), 1};
  EXPECT_EQ(record_pathway_plan(*db_, ctx(), 60, kToday, 1, "former_relevant", {}).status().code(), Status::Code::kConflict);
  ASSERT_TRUE(record_pathway_plan(*db_, ctx(), 60, kToday, 1, "former_relevant", leaver).is_ok());
  EXPECT_EQ(n("SELECT count(*) FROM care_leaver WHERE person_id = 60"), 1);
}

// Voice of the child and feedback ---------------------------------------------------------------

TEST_P(Statutory, FeedbackIsCheckedStoredAndCountable) {
  EXPECT_EQ(message(record_feedback(*db_, ctx(), 1, {kToday, "child", 6, "x"}).status()).substr(0, 7), "rating:");
  EXPECT_EQ(message(record_feedback(*db_, ctx(), 1, {kToday, "child", 4, ""}).status()).substr(0, 9), "comments:");
  EXPECT_EQ(message(record_feedback(*db_, ctx(), 1, {kToday, "dog", 4, "x"}).status()).substr(0, 10), "from_whom:");
  ASSERT_TRUE(record_feedback(*db_, ctx(), 1, {Date::ymd(2025, 4, 1), "child", 5, "My worker listens"}).is_ok());
  ASSERT_TRUE(record_feedback(*db_, ctx(), 2, {Date::ymd(2025, 4, 20), "parent", 2, "Too many changes of worker"}).is_ok());
  ASSERT_TRUE(record_feedback(*db_, ctx(), 2, {Date::ymd(2025, 3, 31), "carer", 4, "Good"}).is_ok());
  auto april = feedback_counts(*db_, Date::ymd(2025, 4, 1), kToday);
  ASSERT_TRUE(april.is_ok());
  EXPECT_EQ(april->received, 2);
  EXPECT_EQ(april->good, 1);
  EXPECT_EQ(chronology_count(1, "Feedback on the service from the child"), 1);
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'service_feedback' AND action = 'create'"), 3);
}

// Worklists ------------------------------------------------------------------------------------------

struct Expected {
  std::string child;
  std::string what;
  Date due;
};

void expect_items(const Result<std::vector<WorklistItem>>& got, const std::vector<Expected>& want) {
  ASSERT_TRUE(got.is_ok()) << got.status().message();
  ASSERT_EQ(got->size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ((*got)[i].child_name, want[i].child) << i;
    EXPECT_EQ((*got)[i].task.what, want[i].what) << i;
    EXPECT_EQ((*got)[i].task.due, want[i].due) << i;
  }
}

// The hand-derived rows, checked on the pages' worklist_page (every row on one page, with the total)
// and on the tests' reference_worklist (worklist_reference.h), which worklist_page_test then
// compares with worklist_page page by page on a larger council.
void expect_worklist(store::Database& db, WorkScope scope, Id id, bool overdue, int horizon_days, const std::vector<Expected>& want) {
  {
    SCOPED_TRACE("reference_worklist");
    expect_items(reference_worklist(db, scope, id, kToday, overdue, horizon_days), want);
  }
  SCOPED_TRACE("worklist_page");
  auto page = worklist_page(db, scope, id, kToday, {.overdue = overdue, .horizon_days = horizon_days}, 0);
  ASSERT_TRUE(page.is_ok()) << page.status().message();
  EXPECT_EQ(page->total, want.size());
  expect_items(page->items, want);
}

TEST_P(Statutory, DueAndOverdueWorklistsByWorkerTeamAndLocality) {
  // Team 1 (Alex): Ada's assessment (17 March) and Ben's CP visit (10 working days after
  // the 26 February plan: 12 March) are overdue; Ben's first CP review (26 May) is due within 28 days.
  expect_worklist(*db_, WorkScope::kTeam, 1, true, 28,
                  {{"Ben Test", "Child protection visit", Date::ymd(2025, 3, 12)}, {"Ada Test", "Assessment", Date::ymd(2025, 3, 17)}});
  expect_worklist(*db_, WorkScope::kWorker, 1, false, 28, {{"Ben Test", "Child protection review conference", Date::ymd(2025, 5, 26)}});
  // North (teams 1 and 2) adds Cara: initial health assessment 20 working days after Mon 10 June 2024 = 8 July 2024,
  // the visit due 21 November 2024 and the review due 30 March 2025.
  expect_worklist(*db_, WorkScope::kLocality, 1, true, 28,
                  {{"Cara Other", "Initial health assessment", Date::ymd(2024, 7, 8)},
                   {"Cara Other", "Statutory visit", Date::ymd(2024, 11, 21)},
                   {"Ben Test", "Child protection visit", Date::ymd(2025, 3, 12)},
                   {"Ada Test", "Assessment", Date::ymd(2025, 3, 17)},
                   {"Cara Other", "Looked-after review", Date::ymd(2025, 3, 30)}});
  // South: Dan's ICPC on 12 May (15 working days after 16 April) is due, nothing overdue.
  expect_worklist(*db_, WorkScope::kLocality, 2, false, 28,
                  {{"Dan South", "Initial child protection conference", Date::ymd(2025, 5, 12)}});
  expect_worklist(*db_, WorkScope::kLocality, 2, true, 28, {});
  // A 7-day horizon leaves out the 12 May conference.
  expect_worklist(*db_, WorkScope::kTeam, 3, false, 7, {});
}

// Optimistic concurrency: of two saves that start from the same version of a
// record, the first is kept and the second is refused as a conflict and changes
// nothing. The cases run in order on one council; versions counted by hand
// (every record of the tiny council starts at version 1).
TEST_P(Statutory, ASecondSaveFromTheSameVersionIsAConflictAndChangesNothing) {
  auto auth = [&] { return n("SELECT coalesce(max(id), 0) FROM authorisation WHERE kind = 'assessment'"); };
  PlacementInput move{Date::ymd(2025, 4, 20), "U5", "PR1", std::nullopt, "", "CARPL"};
  struct Case {
    const char* what;
    std::function<Status()> save;  // the same save, from the same version, made twice
    std::string sql, expected;     // the first save's result, still there after the second
  };
  const std::vector<Case> cases = {
      {"CP plan category at a review (Ben's plan 1, version 1)",
       [&] { return record_conference(*db_, ctx(), {2, "review", Date::ymd(2025, 4, 28), true, "EMO", "", {1, 1}}).status(); },
       "SELECT latest_category || ' ' || version FROM cp_plan WHERE id = 1", "EMO 2"},
      {"CP plan end (plan 1, now version 2)", [&] { return end_cp_plan(*db_, ctx(), {1, 2}, Date::ymd(2025, 4, 29)); },
       "SELECT end_date || ' ' || version FROM cp_plan WHERE id = 1", "2025-04-29 3"},
      {"assessment completion (Ada's assessment 1, version 1)",
       [&] { return complete_assessment(*db_, ctx(), {1, 1}, {"3B"}, "cin_plan", kToday).status(); },
       "SELECT outcome || ' ' || version || ' ' || (SELECT count(*) FROM authorisation) FROM assessment WHERE id = 1", "cin_plan 2 1"},
      {"authorisation decision (the request just filed, version 1)",
       [&] { return decide_authorisation(*db_, as_user("team_manager"), as(Role::kTeamManager), {auth(), 1}, true, kToday, ""); },
       "SELECT decision || ' ' || version FROM authorisation WHERE kind = 'assessment'", "authorised 2"},
      {"section 47 outcome (Dan's enquiry 2, version 1)", [&] { return complete_section47(*db_, ctx(), {2, 1}, kToday, "icpc"); },
       "SELECT icpc_required || ' ' || version || ' ' || (SELECT count(*) FROM section47_outcome WHERE section47_id = 2) FROM section47 WHERE id = 2",
       "1 2 1"},
      {"placement ended by a move (Cara's placement 2, version 1)",
       [&] { return change_placement(*db_, ctx(), 1, {2, 1}, move).status(); },
       "SELECT end_date || ' ' || version || ' ' || (SELECT count(*) FROM placement WHERE cla_period_id = 1) FROM placement WHERE id = 2",
       "2025-04-20 2 3"},
  };
  for (const Case& c : cases) {
    Status first = c.save();
    ASSERT_TRUE(first.is_ok()) << c.what << ": " << first.message();
    EXPECT_EQ(text(c.sql), c.expected) << c.what;
    Status second = c.save();
    EXPECT_EQ(second.code(), Status::Code::kConflict) << c.what << ": " << second.message();
    EXPECT_EQ(second.message().substr(0, 31), "version: someone else changed t") << c.what;
    EXPECT_EQ(text(c.sql), c.expected) << c.what << " (changed by the refused save)";
  }
}

// The placement a move ends is the one the person saw as current: when another
// has been recorded since, the move is refused rather than ending that one.
TEST_P(Statutory, AMoveFromAPlacementThatIsNoLongerCurrentIsAConflict) {
  PlacementInput move{Date::ymd(2025, 4, 20), "U5", "PR1", std::nullopt, "", "CARPL"};
  ASSERT_TRUE(change_placement(*db_, ctx(), 1, {2, 1}, move).is_ok());  // someone else's move: placement 3 is current
  move.start = Date::ymd(2025, 4, 25);
  EXPECT_EQ(change_placement(*db_, ctx(), 1, {2, 2}, move).status().code(), Status::Code::kConflict);  // placement 2 at its new version
  EXPECT_EQ(n("SELECT count(*) FROM placement WHERE cla_period_id = 1 AND end_date IS NULL AND start_date = '2025-04-20'"), 1);
}

// Two workers save the same form at the same moment, each on a connection of
// their own (two threads released together): one save lands whole, the other
// gets the conflict and changes nothing, and the audit chain appended from
// both connections verifies. On PostgreSQL the two transactions really run
// at once; the version check in the UPDATE decides (record_version.h).
TEST_P(Statutory, TwoConnectionsSavingTheSameFormAtOnceGiveOneSaveAndOneConflict) {
  struct Form {
    const char* what;
    std::function<Status(store::Database&, const std::string& choice)> save;  // from the same version
    std::string choices[2];  // what each worker typed
    std::string sql;         // the winner's choice and the new version, then what else the save made
    std::string expected;    // with "?" for the winner's choice
  };
  const Form forms[] = {
      {"Ben's CP plan 1 at a review (version 1)",
       [&](store::Database& db, const std::string& category) {
         return record_conference(db, ctx(), {2, "review", Date::ymd(2025, 4, 28), true, category, "", {1, 1}}).status();
       },
       {"EMO", "PHY"},
       "SELECT latest_category || ' ' || version || ' ' || (SELECT count(*) FROM conference WHERE kind = 'review') FROM cp_plan WHERE id = 1",
       "? 2 1"},
      {"Ada's assessment 1 completed (version 1)",
       [&](store::Database& db, const std::string& outcome) {
         return complete_assessment(db, ctx(), {1, 1}, {"3B"}, outcome, kToday).status();
       },
       {"cin_plan", "nfa"},
       "SELECT outcome || ' ' || version || ' ' || (SELECT count(*) FROM authorisation) FROM assessment WHERE id = 1",
       "? 2 1"},
  };
  for (const Form& f : forms) {
    Status result[2];
    std::latch ready(2);
    auto worker = [&](int i) {
      auto db = store::Database::open(location_, {});
      ready.arrive_and_wait();
      result[i] = db ? f.save(**db, f.choices[i]) : db.status();
    };
    std::thread first(worker, 0), second(worker, 1);
    first.join();
    second.join();
    ASSERT_NE(result[0].is_ok(), result[1].is_ok()) << f.what << ": " << result[0].message() << " / " << result[1].message();
    int won = result[0].is_ok() ? 0 : 1;
    EXPECT_EQ(result[1 - won].code(), Status::Code::kConflict) << f.what << ": " << result[1 - won].message();
    std::string expected = f.expected;
    expected.replace(expected.find('?'), 1, f.choices[won]);
    EXPECT_EQ(text(f.sql), expected) << f.what << ": the winner's save, whole, and nothing of the other";
  }
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE action = 'update' AND entity IN ('cp_plan', 'assessment')"), 2)
      << "only the saves that happened are audited";
  auto verified = log_->verify(*db_);
  ASSERT_TRUE(verified.is_ok()) << verified.status().message();
  EXPECT_TRUE(verified->ok()) << verified->problems.front();
}

TEST_P(Statutory, WhoMayRecordAndAuthorise) {
  for (Role r : {Role::kPractitioner, Role::kTeamManager, Role::kLocalityManager}) EXPECT_TRUE(may_record_statutory_work(r)) << role_name(r);
  for (Role r : {Role::kPartnerPractitioner, Role::kPerformanceAnalyst, Role::kCouncillor, Role::kAdministrator})
    EXPECT_FALSE(may_record_statutory_work(r)) << role_name(r);
  EXPECT_TRUE(may_authorise(Role::kTeamManager));
  EXPECT_TRUE(may_authorise(Role::kLocalityManager));
  EXPECT_FALSE(may_authorise(Role::kPractitioner));
}

// Every test on SQLite and on PostgreSQL (Casework/Suite.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Casework, Statutory, testing::kBothBackends, testing::BackendName());

}  // namespace
}  // namespace kith::casework
