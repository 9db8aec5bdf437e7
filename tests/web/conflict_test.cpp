// Two people saving the same record (issue 8, optimistic concurrency): for each
// kind of record a form changes, two signed-in sessions open the same form,
// both submit, the first wins (303) and the second gets 409 with what they
// typed in the page, their version shown, and the first's change intact in the
// database. Through the real server, on SQLite and on PostgreSQL (a real
// server, tests/fixtures/postgres_server.h). Today is 2025-04-30.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>

#include "client.h"
#include "fixture.h"
#include "fixtures/postgres_server.h"
#include "versioned_form.h"

namespace kith::web::testing {
namespace {

using kith::testing::Backend;

class TwoSessions : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres) setenv("KITH_AUDIT_KEY", dir_.file("audit-key").c_str(), 1);
    location_ = kith::testing::new_database(GetParam(), dir_, "kith.db");
    make_council(location_);
    server_ = std::make_unique<RunningServer>(location_);
  }
  void TearDown() override {
    server_.reset();
    unsetenv("KITH_AUDIT_KEY");
  }

  Browser signed_in(const std::string& user) {
    Browser b(server_->port());
    EXPECT_EQ(b.sign_in(user, kTinyPassword)->status, 303) << user;
    return b;
  }
  // The first column of the first row of sql, as text ("" when there is no row).
  std::string text(const std::string& sql) {
    auto db = store::Database::open(location_, {});
    EXPECT_TRUE(db.is_ok()) << db.status().message();
    std::string out;
    EXPECT_TRUE((*db)->run(sql, {}, [&](const store::Statement& s) { out = s.is_null(0) ? "NULL" : s.text(0); }).is_ok()) << sql;
    return out;
  }
  // Records a contact about a new child at a North postcode and returns its page.
  std::string new_contact(Browser& b, const std::string& forename) {
    auto made = b.post_form("/front-door/contacts", {{"csrf_token", Browser::csrf_in(b.get("/front-door")->body)}, {"source", "school"},
                                                     {"referrer_name", "Ms Patel"}, {"forename", forename}, {"surname", "Jones"},
                                                     {"sex", "F"}, {"postcode", "AB1 2CD"}, {"school_id", "1"}});
    EXPECT_EQ(made->status, 303) << made->body;
    return made->get_header_value("Location");
  }

  TempDir dir_;
  std::string location_;
  std::unique_ptr<RunningServer> server_;
};

struct Case {
  const char* kind;
  const char* first_user;
  const char* second_user;
  std::function<std::string()> page;  // where the form is opened
  std::function<std::string()> post;  // where it is submitted
  httplib::Params first, second;      // what each typed (without the CSRF token and version)
  std::string kept;                   // the second's typing, as the 409 page must show it
  std::function<std::string()> sql;   // reads the first's change back
  std::string expected;
};

TEST_P(TwoSessions, TheFirstSaveWinsAndTheSecondGetsTheirChangesBackWithA409) {
  Browser setup = signed_in("practitioner");
  // Set-up through the forms: Eli's strategy discussion opens a section 47; Kim's contact is decided
  // as early help (her family's early help is stepped up, then down); Jo's contact awaits a decision.
  std::string csrf = Browser::csrf_in(setup.get("/children/6/statutory/strategy")->body);
  ASSERT_EQ(setup.post_form("/children/6/statutory/strategy", {{"csrf_token", csrf}, {"discussion_date", "2025-04-20"}, {"s47_needed", "yes"}})
                ->status,
            303);
  std::string kim = new_contact(setup, "Kim");
  ASSERT_EQ(setup.post_form(kim + "/decision", {{"csrf_token", csrf}, {"version", version_in(setup.get(kim)->body, kim + "/decision")},
                                                {"needs", "Routines"}, {"decision", "early_help"}})
                ->status,
            303);
  std::string jo = new_contact(setup, "Jo");
  auto family_of = [&](const char* forename) {
    return text(std::string("SELECT max(m.family_id) FROM family_member m JOIN person p ON p.id = m.person_id WHERE p.forename = '") + forename +
                "' AND p.surname = 'Jones'");
  };
  auto person = [&](const char* forename) { return text(std::string("SELECT max(id) FROM person WHERE surname = 'Jones' AND forename = '") + forename + "'"); };
  auto early_help = [&](const char* forename) { return "/families/" + family_of(forename) + "/early-help"; };
  auto form = [](const char* path) { return [path] { return std::string(path); }; };
  auto query = [&](std::string sql) { return [this, sql] { return text(sql); }; };

  // In order, on one council: a case may use what an earlier one made (hand-traced below).
  const std::vector<Case> cases = {
      {"assessment completion (Ada's assessment 1)", "practitioner", "team_manager", form("/children/1/statutory/assessment-complete"),
       form("/children/1/statutory/assessment-complete"),
       {{"factor_3B", "1"}, {"outcome", "cin_plan"}, {"completed_date", "2025-04-28"}},
       {{"factor_16A", "1"}, {"outcome", "nfa"}, {"completed_date", "2025-04-29"}},
       "name=\"factor_16A\" type=\"checkbox\" value=\"1\" checked", query("SELECT outcome FROM assessment WHERE id = 1"), "cin_plan"},
      {"authorisation decision (the request the completion filed)", "team_manager", "locality_manager", form("/authorisations"),
       [&] { return "/authorisations/" + text("SELECT max(id) FROM authorisation WHERE kind = 'assessment'"); },
       {{"decision", "authorise"}},
       {{"decision", "return"}, {"note", "Please add the school view"}},  // named note-<request id> when posted
       "Please add the school view", query("SELECT decision || ' by ' || decided_by FROM authorisation WHERE kind = 'assessment'"),
       "authorised by team_manager"},
      {"section 47 outcome (Eli's enquiry)", "practitioner", "locality_manager", form("/children/6/statutory/section47"),
       form("/children/6/statutory/section47"), {{"s47_end_date", "2025-04-25"}, {"s47_outcome", "icpc"}},
       {{"s47_end_date", "2025-04-26"}, {"s47_outcome", "continue_assessment"}}, "value=\"continue_assessment\" checked",
       query("SELECT o.outcome FROM section47_outcome o JOIN section47 s ON s.id = o.section47_id JOIN cin_episode c ON c.id = s.cin_episode_id "
            "WHERE c.person_id = 6"),
       "icpc"},
      {"CP plan category at a review conference (Ben's plan 1)", "practitioner", "team_manager", form("/children/2/statutory/conference"),
       form("/children/2/statutory/conference"),
       {{"kind", "review"}, {"conference_date", "2025-04-28"}, {"plan_required", "yes"}, {"category", "EMO"}},
       {{"kind", "review"}, {"conference_date", "2025-04-29"}, {"plan_required", "yes"}, {"category", "PHY"},
        {"wishes_feelings", "Words from the second session"}},
       ">Words from the second session</textarea>", query("SELECT latest_category FROM cp_plan WHERE id = 1"), "EMO"},
      {"CP plan end (Ben's plan 1, changed by the review above)", "practitioner", "team_manager", form("/children/2/statutory/cp-plan-end"),
       form("/children/2/statutory/cp-plan-end"), {{"end_date", "2025-04-29"}}, {{"end_date", "2025-04-27"}}, "value=\"2025-04-27\"",
       query("SELECT end_date FROM cp_plan WHERE id = 1"), "2025-04-29"},
      {"placement ended by a move (Cara's placement 2)", "locality_manager", "locality_manager", form("/children/3/statutory/placement"),
       form("/children/3/statutory/placement"),
       {{"placement_start", "2025-04-20"}, {"placement_type", "U5"}, {"provider_code", "PR1"}, {"reason_change", "CARPL"}},
       {{"placement_start", "2025-04-22"}, {"placement_type", "U4"}, {"provider_code", "PR1"}, {"postcode", "ZZ9 9ZZ"}, {"reason_change", "CARPL"}},
       "value=\"ZZ9 9ZZ\"", query("SELECT count(*) || ' from ' || max(start_date) FROM placement WHERE cla_period_id = 1"), "3 from 2025-04-20"},
      {"pathway details (Cara, no care leaver record yet)", "locality_manager", "locality_manager", form("/children/3/statutory/pathway-plan"),
       form("/children/3/statutory/pathway-plan"), {{"plan_date", "2025-04-20"}, {"personal_adviser_id", "2"}, {"eligibility", "relevant"}},
       {{"plan_date", "2025-04-21"}, {"eligibility", "qualifying"}}, "value=\"qualifying\" checked",
       query("SELECT count(*) || ' ' || max(eligibility) FROM care_leaver WHERE person_id = 3"), "1 relevant"},
      {"front-door decision (Jo's contact)", "practitioner", "team_manager", [&] { return jo; }, [&] { return jo + "/decision"; },
       {{"needs", "Sleep and routines"}, {"decision", "early_help"}}, {{"needs", "Needs typed in the second session"}, {"decision", "nfa"}},
       ">Needs typed in the second session</textarea>",
       [&] { return text("SELECT decision FROM contact WHERE id = " + jo.substr(jo.rfind('/') + 1)); }, "early_help"},
      {"early help closed at a review (Jo's family, opened by the decision above)", "practitioner", "team_manager",
       [&] { return early_help("Jo"); }, [&] { return early_help("Jo") + "/reviews"; },
       {{"review_date", "2025-04-30"}, {"progress", "Needs met"}, {"review_decision", "close"}},
       {{"review_date", "2025-04-30"}, {"progress", "Progress typed in the second session"}, {"review_decision", "continue"},
        {"next_review_date", "2025-06-30"}},
       ">Progress typed in the second session</textarea>",
       [&] {
         return text("SELECT e.end_reason || ' ' || (SELECT count(*) FROM early_help_review r WHERE r.early_help_episode_id = e.id) "
                     "FROM early_help_episode e WHERE e.family_id = " + family_of("Jo"));
       },
       "needs_met 1"},
      {"early help ended by a step-up (Kim's family)", "practitioner", "team_manager", [&] { return early_help("Kim"); },
       [&] { return early_help("Kim") + "/step-up"; }, {{"step_up_person", person("Kim")}, {"step_up_reason", "Disclosure at school"}},
       {{"step_up_person", person("Kim")}, {"step_up_reason", "Reason typed in the second session"}},
       ">Reason typed in the second session</textarea>",
       [&] { return text("SELECT count(*) FROM cin_episode WHERE person_id = " + person("Kim")); }, "1"},
      {"CIN episode closed by a step-down (Kim's referral, opened by the step-up above)", "practitioner", "team_manager",
       [&] { return early_help("Kim"); }, [&] { return early_help("Kim") + "/step-down"; },
       {}, {}, "Their version, as saved now",  // the form is one button: cin_episode_id is added when posting
       [&] { return text("SELECT reason_for_closure FROM cin_episode WHERE person_id = " + person("Kim")); }, "RC9"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.kind);
    Browser one = signed_in(c.first_user), two = signed_in(c.second_user);
    auto page_one = one.get(c.page()), page_two = two.get(c.page());
    ASSERT_EQ(page_one->status, 200);
    ASSERT_EQ(page_two->status, 200);
    std::string post = c.post();
    std::string version = version_in(page_one->body, post);
    ASSERT_FALSE(version.empty()) << "the form to " << post << " carries no version";
    EXPECT_EQ(version_in(page_two->body, post), version);  // both start from the same version
    auto submit = [&](Browser& b, const httplib::Result& page, httplib::Params typed) {
      typed.emplace("csrf_token", Browser::csrf_in(page->body));
      typed.emplace("version", version_in(page->body, post));
      if (post.ends_with("/step-down")) typed.emplace("cin_episode_id", text("SELECT max(id) FROM cin_episode WHERE person_id = " + person("Kim")));
      if (auto note = typed.find("note"); note != typed.end()) {
        typed.emplace("note-" + post.substr(post.rfind('/') + 1), note->second);
        typed.erase(note);
      }
      return b.post_form(post, typed);
    };
    auto first = submit(one, page_one, c.first);
    ASSERT_EQ(first->status, 303) << first->body;
    std::string after_first = c.sql();
    EXPECT_EQ(after_first, c.expected);
    auto second = submit(two, page_two, c.second);
    ASSERT_EQ(second->status, 409) << second->body;
    EXPECT_NE(second->body.find("<title>Error: "), std::string::npos);
    EXPECT_NE(second->body.find("Someone else changed this record since you opened it: their version is shown; your changes are kept below"),
              std::string::npos);
    EXPECT_NE(second->body.find("id=\"their-version\""), std::string::npos);
    EXPECT_NE(second->body.find(c.kept), std::string::npos) << "the second session's typing is not in the page";
    EXPECT_EQ(c.sql(), c.expected) << "the refused save changed the record";
  }
  // A form posted with no version at all (from before versions) writes nothing either.
  Browser late = signed_in("practitioner");
  auto visit = late.get("/children/2/statutory/conference");
  auto stale = late.post_form("/children/2/statutory/conference", {{"csrf_token", Browser::csrf_in(visit->body)}, {"kind", "initial"},
                                                                    {"conference_date", "2025-04-30"}, {"plan_required", "no"}});
  EXPECT_EQ(stale->status, 409);
  EXPECT_EQ(text("SELECT count(*) FROM conference WHERE conference_date = '2025-04-30'"), "0");
}

INSTANTIATE_TEST_SUITE_P(OnBothBackends, TwoSessions, ::testing::Values(Backend::kSqlite, Backend::kPostgres), kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
