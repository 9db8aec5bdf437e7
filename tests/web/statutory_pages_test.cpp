// The statutory work forms, authorisation and worklist pages against the web
// tests' council (fixture.h), through a real HTTP server. Today is 2025-04-30.
#include <gtest/gtest.h>

#include "client.h"
#include "fixture.h"
#include "versioned_form.h"

namespace kith::web::testing {
namespace {

class StatutoryPages : public CouncilServerTest<StatutoryPages> {
 protected:
  static std::string form(Id child, const std::string& slug) { return "/children/" + std::to_string(child) + "/statutory/" + slug; }
};

TEST_P(StatutoryPages, TheChildRecordLinksToTheFormsThatFitAndShowsTheVoiceOfTheChild) {
  Browser b = signed_in("practitioner");
  auto ada = b.get("/children/1");
  ASSERT_EQ(ada->status, 200);
  EXPECT_TRUE(has(ada, "Record statutory work"));
  EXPECT_TRUE(has(ada, "href=\"/children/1/statutory/assessment-complete\""));   // her assessment is open
  EXPECT_FALSE(has(ada, "href=\"/children/1/statutory/assessment\""));           // so no second one
  EXPECT_FALSE(has(ada, "href=\"/children/1/statutory/cp-plan-end\""));          // no plan
  EXPECT_TRUE(has(ada, "Voice of the child"));
  auto ben = b.get("/children/2");
  EXPECT_TRUE(has(ben, "href=\"/children/2/statutory/cp-plan-end\""));
}

TEST_P(StatutoryPages, OnlyCouncilPractitionersAndManagersOfTheChildMayUseTheForms) {
  struct Case {
    const char* user;
    Id child;
    int status;
  };
  const Case cases[] = {{"practitioner", kAda, 200},          {"team_manager", kAda, 200},   {"locality_manager", kAda, 200},
                        {"practitioner", kDan, 403},          {"partner_practitioner", kAda, 403},
                        {"performance_analyst", kAda, 403},   {"councillor", kAda, 403}};
  for (const Case& c : cases) {
    Browser b = signed_in(c.user);
    EXPECT_EQ(b.get(form(c.child, "visit"))->status, c.status) << c.user << " child " << c.child;
  }
  EXPECT_GE(count("SELECT count(*) FROM audit_entry WHERE action = 'read_denied' AND entity = 'person' AND entity_id = '4' "
                  "AND actor = 'practitioner' AND reason = 'statutory work'"), 1);
  Browser b = signed_in("practitioner");
  EXPECT_EQ(b.get(form(kAda, "no-such-form"))->status, 404);
  EXPECT_EQ(b.get(form(kAda, "cp-plan-end"))->status, 409);  // Ada has no plan to end
}

TEST_P(StatutoryPages, AFormWithoutTheCsrfTokenWritesNothing) {
  Browser b = signed_in("practitioner");
  auto before = count("SELECT count(*) FROM visit");
  auto r = b.post_form(form(kAda, "visit"), {{"visit_date", "2025-04-29"}, {"context", "cin"}, {"seen", "yes"}});
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(count("SELECT count(*) FROM visit"), before);
}

TEST_P(StatutoryPages, AMistakeKeepsWhatWasTypedAndNamesTheField) {
  Browser b = signed_in("practitioner");
  std::string csrf = Browser::csrf_in(b.get(form(kAda, "visit"))->body);
  auto before = count("SELECT count(*) FROM visit");
  auto bad = b.post_form(form(kAda, "visit"), {{"csrf_token", csrf}, {"visit_date", "2025-04-29"}, {"context", "cin"},
                                               {"seen", "no"}, {"seen_alone", "1"}, {"wishes_feelings", "I miss my dog & my cat"}});
  ASSERT_EQ(bad->status, 400);
  EXPECT_TRUE(has(bad, "<title>Error: "));
  EXPECT_TRUE(has(bad, "href=\"#seen_alone\""));
  EXPECT_TRUE(has(bad, "A child who was not seen cannot have been seen alone"));
  EXPECT_TRUE(has(bad, "I miss my dog &amp; my cat"));
  EXPECT_TRUE(has(bad, "value=\"2025-04-29\""));
  EXPECT_EQ(count("SELECT count(*) FROM visit"), before);
  // A date in the future is refused on its field.
  auto future = b.post_form(form(kAda, "visit"), {{"csrf_token", csrf}, {"visit_date", "2025-05-01"}, {"context", "cin"}, {"seen", "yes"}});
  EXPECT_EQ(future->status, 400);
  EXPECT_TRUE(has(future, "href=\"#visit_date\""));

  auto good = b.post_form(form(kAda, "visit"), {{"csrf_token", csrf}, {"visit_date", "2025-04-29"}, {"context", "cin"},
                                                {"seen", "yes"}, {"seen_alone", "1"}, {"wishes_feelings", "I miss my dog & my cat"}});
  ASSERT_EQ(good->status, 303);
  EXPECT_EQ(good->get_header_value("Location"), "/children/1?saved=visit#statutory-work");
  auto page = b.get("/children/1?saved=visit");
  EXPECT_TRUE(has(page, "The visit has been recorded."));
  EXPECT_TRUE(has(page, "I miss my dog &amp; my cat"));  // in the voice of the child
  EXPECT_EQ(count("SELECT count(*) FROM audit_entry WHERE action = 'create' AND entity = 'visit' AND actor = 'practitioner'"), 1);
}

TEST_P(StatutoryPages, AnAssessmentGoesToTheManagerWhoAuthorisesIt) {
  // Eli (child 6) has an open referral and no assessment yet.
  Browser worker = signed_in("practitioner");
  std::string csrf = Browser::csrf_in(worker.get(form(kEli, "assessment"))->body);
  ASSERT_EQ(worker.post_form(form(kEli, "assessment"), {{"csrf_token", csrf}, {"start_date", "2025-04-01"}})->status, 303);
  // The completion form carries the new assessment's version: "<id>:1".
  std::string version = version_in(worker.get(form(kEli, "assessment-complete"))->body);
  EXPECT_EQ(version, std::to_string(count("SELECT max(id) FROM assessment")) + ":1");
  auto none = worker.post_form(form(kEli, "assessment-complete"),
                               {{"csrf_token", csrf}, {"version", version}, {"outcome", "cin_plan"}, {"completed_date", "2025-04-29"}});
  ASSERT_EQ(none->status, 400);
  EXPECT_TRUE(has(none, "href=\"#factors\""));
  EXPECT_TRUE(has(none, "value=\"cin_plan\" checked"));
  auto done = worker.post_form(form(kEli, "assessment-complete"), {{"csrf_token", csrf}, {"version", version}, {"factor_3B", "1"}, {"factor_16A", "1"},
                                                                   {"outcome", "cin_plan"}, {"completed_date", "2025-04-29"}});
  ASSERT_EQ(done->status, 303);
  EXPECT_EQ(worker.get("/authorisations")->status, 403);

  Browser manager = signed_in("team_manager");
  auto list = manager.get("/authorisations");
  ASSERT_EQ(list->status, 200);
  EXPECT_TRUE(has(list, "Assessment: child in need plan; factors 16A, 3B"));
  auto id = count("SELECT id FROM authorisation WHERE kind = 'assessment' AND decision IS NULL");
  std::string mcsrf = Browser::csrf_in(list->body);
  std::string decision_version = version_in(list->body, "/authorisations/" + std::to_string(id));
  EXPECT_EQ(decision_version, std::to_string(id) + ":1");
  auto no_note = manager.post_form("/authorisations/" + std::to_string(id), {{"csrf_token", mcsrf}, {"version", decision_version}, {"decision", "return"}});
  EXPECT_EQ(no_note->status, 400);
  EXPECT_TRUE(has(no_note, "Say what needs to change before it can be authorised"));
  auto ok = manager.post_form("/authorisations/" + std::to_string(id), {{"csrf_token", mcsrf}, {"version", decision_version}, {"decision", "authorise"}});
  ASSERT_EQ(ok->status, 303);
  EXPECT_EQ(count("SELECT count(*) FROM assessment a JOIN cin_episode c ON c.id = a.cin_episode_id WHERE c.person_id = 6 "
                  "AND a.authorised_date = '2025-04-30'"), 1);
  auto eli = worker.get("/children/6");
  EXPECT_TRUE(has(eli, "Assessment authorised: cin_plan"));
}

TEST_P(StatutoryPages, WorklistsShowDueAndOverdueTasksByScope) {
  Browser b = signed_in("practitioner");
  auto overdue = b.get("/work/tasks?show=overdue");
  ASSERT_EQ(overdue->status, 200);
  EXPECT_TRUE(has(overdue, "Overdue statutory tasks"));
  EXPECT_TRUE(has(overdue, "Ada Test"));
  EXPECT_FALSE(has(overdue, "Cara Other"));  // another team's child
  EXPECT_EQ(b.get("/work/tasks?scope=locality")->status, 404);  // practitioners: theirs and their team's
  Browser lm = signed_in("locality_manager");
  auto north = lm.get("/work/tasks?show=overdue");
  ASSERT_EQ(north->status, 200);
  EXPECT_TRUE(has(north, "Cara Other"));
  EXPECT_FALSE(has(north, "Dan South"));
  EXPECT_EQ(signed_in("partner_practitioner").get("/work/tasks")->status, 403);
}

// Every test on SQLite and on PostgreSQL (Web/StatutoryPages.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Web, StatutoryPages, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
