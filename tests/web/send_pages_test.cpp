// The SEND, transition and care plan forms, their JSON API, the consent page
// and the navigation by role, against the web tests' council (fixture.h)
// through a real HTTP server. Today is Wednesday 2025-04-30.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "client.h"
#include "fixture.h"

namespace kith::web::testing {
namespace {

// Zed (20): born 2007-08-10, a learning disability, looked after since 2024-01-08, allocated to the
// practitioner (North Assessment, team 1). He should have started transition planning by his 17th
// birthday (2024-08-10) and had a plan by 17 and a half (2025-02-10): both overdue today.
constexpr const char* kZedSql = R"sql(
INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity, address_id, disability) VALUES
  (20, 'Zed', 'Young', 'M', '2007-08-10', 'WBRI', 1, 'LD');
INSERT INTO cla_period (id, person_id, cin_episode_id, start_date, end_date, reason_ceased, category_of_need, home_postcode, version)
  VALUES (20, 20, NULL, '2024-01-08', NULL, NULL, 'N2', 'AB1 2CD', 1);
INSERT INTO involvement VALUES (20, 20, 1, 1, 'allocated_social_worker', '2024-01-08', NULL, NULL);
)sql";
constexpr Id kZed = 20;

class SendPages : public CouncilServerTest<SendPages> {
 public:  // prepare_council is called by CouncilServerTest
  static void prepare_council(const std::string& path) {
    auto db = store::Database::open(path, {});
    ASSERT_TRUE(db.is_ok());
    ASSERT_TRUE((*db)->exec(kZedSql).is_ok());
  }
  static std::string form(Id child, const std::string& slug) { return "/children/" + std::to_string(child) + "/statutory/" + slug; }
  static std::string csrf_of(Browser& b) { return nlohmann::json::parse(b.get("/api/v1/me")->body).value("csrf_token", ""); }
};

TEST_P(SendPages, AnEhcRequestThenThePlanWithARefusedSaveKeepingWhatWasTyped) {
  Browser b = signed_in("practitioner");
  auto ben = b.get("/children/2");
  ASSERT_EQ(ben->status, 200);
  EXPECT_TRUE(has(ben, "Special educational needs, transition and plans"));
  EXPECT_TRUE(has(ben, "href=\"/children/2/statutory/ehcp-request\""));
  EXPECT_FALSE(has(ben, "href=\"/children/2/statutory/ehcp-plan\""));  // nothing requested yet
  std::string csrf = Browser::csrf_in(b.get(form(2, "ehcp-request"))->body);
  // A date in the future is refused on its field, and what was typed stays.
  auto bad = b.post_form(form(2, "ehcp-request"), {{"csrf_token", csrf}, {"request_date", "2025-05-02"}});
  ASSERT_EQ(bad->status, 400);
  EXPECT_TRUE(has(bad, "<title>Error: "));
  EXPECT_TRUE(has(bad, "href=\"#request_date\""));
  EXPECT_TRUE(has(bad, "value=\"2025-05-02\""));
  EXPECT_EQ(count("SELECT count(*) FROM ehcp WHERE person_id = 2"), 0);
  auto good = b.post_form(form(2, "ehcp-request"), {{"csrf_token", csrf}, {"request_date", "2025-01-06"}});
  ASSERT_EQ(good->status, 303);
  EXPECT_EQ(good->get_header_value("Location"), "/children/2?saved=ehcp-request#send");
  auto page = b.get("/children/2?saved=ehcp-request");
  EXPECT_TRUE(has(page, "The request for an EHC needs assessment has been recorded."));
  // 2025-01-06 + 20 weeks = Monday 26 May 2025, in the statutory tasks.
  EXPECT_TRUE(has(page, "EHC plan issued (20 weeks from the request)"));
  EXPECT_TRUE(has(page, "26 May 2025"));
  EXPECT_TRUE(has(page, "href=\"/children/2/statutory/ehcp-plan\""));

  // Two people open the plan form; the first saves, the second gets a conflict with their date kept.
  Browser manager = signed_in("team_manager");
  std::string mine = Browser::csrf_in(b.get(form(2, "ehcp-plan"))->body);
  std::string theirs = Browser::csrf_in(manager.get(form(2, "ehcp-plan"))->body);
  // The version names the record and its version ("<id>:<version>"), as on every statutory form.
  const std::string seen = std::to_string(count("SELECT max(id) FROM ehcp WHERE person_id = 2")) + ":1";
  ASSERT_EQ(b.post_form(form(2, "ehcp-plan"), {{"csrf_token", mine}, {"plan_date", "2025-04-28"}, {"version", seen}})->status, 303);
  auto second = manager.post_form(form(2, "ehcp-plan"), {{"csrf_token", theirs}, {"plan_date", "2025-04-29"}, {"version", seen}});
  // The plan is issued now, so the form no longer fits: 409 either way, and the first save stands.
  EXPECT_EQ(second->status, 409);
  EXPECT_EQ(count("SELECT count(*) FROM ehcp WHERE person_id = 2 AND plan_date = '2025-04-28'"), 1);
  // Annual review due 12 calendar months after the plan: 28 April 2026.
  EXPECT_TRUE(has(b.get("/children/2"), "annual review due by 28 April 2026"));
}

TEST_P(SendPages, AStaleVersionIsAConflictThatKeepsTheTypedValues) {
  Browser b = signed_in("practitioner");
  std::string csrf = Browser::csrf_in(b.get(form(kEli, "send-needs"))->body);
  // A mistake first: SEN support without its date. The choices stay.
  auto bad = b.post_form(form(kEli, "send-needs"), {{"csrf_token", csrf}, {"disability_AUT", "1"}, {"sen_support", "yes"}, {"version", "6:1"}});
  ASSERT_EQ(bad->status, 400);
  EXPECT_TRUE(has(bad, "href=\"#sen_support_since\""));
  EXPECT_TRUE(has(bad, "name=\"disability_AUT\" type=\"checkbox\" value=\"1\" checked"));
  EXPECT_TRUE(has(bad, "value=\"yes\" checked"));
  ASSERT_EQ(b.post_form(form(kEli, "send-needs"), {{"csrf_token", csrf}, {"disability_AUT", "1"}, {"sen_support", "yes"},
                                                   {"sen_support_since", "2024-09-04"}, {"version", "6:1"}})
                ->status,
            303);
  // Someone who opened the form at version 1 saves after that: 409, their choice kept, nothing written.
  auto stale = b.post_form(form(kEli, "send-needs"), {{"csrf_token", csrf}, {"disability_VIS", "1"}, {"sen_support", "no"}, {"version", "6:1"}});
  ASSERT_EQ(stale->status, 409);
  EXPECT_TRUE(has(stale, "Someone else changed this record"));
  EXPECT_TRUE(has(stale, "name=\"disability_VIS\" type=\"checkbox\" value=\"1\" checked"));
  EXPECT_TRUE(has(stale, "name=\"version\" value=\"6:2\""));  // saving again goes through
  // A plain number (a form from before the record's id was part of it) saves nothing: a conflict.
  EXPECT_EQ(b.post_form(form(kEli, "send-needs"), {{"csrf_token", csrf}, {"sen_support", "no"}, {"version", "2"}})->status, 409);
  EXPECT_EQ(count("SELECT count(*) FROM person WHERE id = 6 AND disability = 'AUT'"), 1);
  auto page = b.get("/children/6");
  EXPECT_TRUE(has(page, "SEN support since 4 September 2024"));
  EXPECT_TRUE(has(page, "Autism (AUT)"));
}

TEST_P(SendPages, TransitionIsOverdueOnTheRecordAndInTheWorklistUntilThePlanIsInPlace) {
  Browser b = signed_in("practitioner");
  auto zed = b.get("/children/20");
  ASSERT_EQ(zed->status, 200);
  EXPECT_TRUE(has(zed, "Transition to adult services"));
  EXPECT_TRUE(has(zed, "Not started: start by 10 August 2024 (plan due by 10 February 2025)"));
  auto overdue = b.get("/work/tasks?scope=worker&show=overdue");
  EXPECT_TRUE(has(overdue, "Transition plan to adult services in place by 10 February 2025"));
  std::string csrf = Browser::csrf_in(b.get(form(kZed, "transition"))->body);
  // The plan before the referral is refused on the plan's date; the service chosen stays.
  auto bad = b.post_form(form(kZed, "transition"), {{"csrf_token", csrf}, {"referral_date", "2025-03-03"}, {"adult_service", "learning_disability"},
                                                    {"plan_date", "2025-03-01"}, {"outcome", "eligible"}, {"version", "0:0"}});
  ASSERT_EQ(bad->status, 400);
  EXPECT_TRUE(has(bad, "href=\"#plan_date\""));
  EXPECT_TRUE(has(bad, "value=\"learning_disability\" selected"));
  ASSERT_EQ(b.post_form(form(kZed, "transition"), {{"csrf_token", csrf}, {"referral_date", "2025-03-03"}, {"adult_service", "learning_disability"},
                                                   {"plan_date", "2025-04-01"}, {"outcome", "eligible"}, {"version", "0:0"}})
                ->status,
            303);
  EXPECT_TRUE(has(b.get("/children/20"), "Plan in place since 1 April 2025"));
  EXPECT_FALSE(has(b.get("/work/tasks?scope=worker&show=overdue"), "Transition plan to adult services"));
  EXPECT_EQ(count("SELECT count(*) FROM audit_entry WHERE entity = 'transition_plan' AND action = 'create' AND actor = 'practitioner'"), 1);
}

TEST_P(SendPages, ACarePlanGoesToTheTeamManagerForAuthorisation) {
  Browser worker = signed_in("practitioner");
  std::string csrf = Browser::csrf_in(worker.get(form(kZed, "cla-plan"))->body);
  auto none = worker.post_form(form(kZed, "cla-plan"), {{"csrf_token", csrf}, {"plan_date", "2025-04-01"}});
  ASSERT_EQ(none->status, 400);
  EXPECT_TRUE(has(none, "href=\"#permanence\""));
  ASSERT_EQ(worker.post_form(form(kZed, "cla-plan"), {{"csrf_token", csrf}, {"plan_date", "2025-04-01"}, {"permanence", "long_term_fostering"}})->status,
            303);
  EXPECT_TRUE(has(worker.get("/children/20"), "1 April 2025 (awaiting authorisation)"));
  Browser manager = signed_in("team_manager");
  auto list = manager.get("/authorisations");
  ASSERT_EQ(list->status, 200);
  EXPECT_TRUE(has(list, "Care plan: Zed Young"));
  EXPECT_TRUE(has(list, "Care plan of 1 April 2025: Long-term fostering"));
  auto id = count("SELECT max(id) FROM authorisation WHERE kind = 'cla_plan' AND person_id = 20");
  std::string mcsrf = Browser::csrf_in(list->body);
  ASSERT_EQ(manager.post_form("/authorisations/" + std::to_string(id), {{"csrf_token", mcsrf}, {"decision", "authorise"}, {"version", std::to_string(id) + ":1"}})->status, 303);
  EXPECT_TRUE(has(worker.get("/children/20"), "1 April 2025 (authorised 30 April 2025): Long-term fostering"));
}

TEST_P(SendPages, TheJsonApiGivesTheSameFormsAndStatus) {
  Browser b = signed_in("practitioner");
  std::string csrf = csrf_of(b);
  auto r = b.get("/api/v1/children/20/send");
  ASSERT_EQ(r->status, 200);
  auto j = nlohmann::json::parse(r->body);
  EXPECT_EQ(j["send"]["disabilities"], nlohmann::json::array({"LD"}));
  EXPECT_EQ(j["transition"]["in_place_by"], "2025-02-10");
  EXPECT_EQ(j["transition"]["why"], nlohmann::json::array({"looked after", "disabled"}));
  auto post = [&](const std::string& body) {
    return b.post_json("/api/v1/children/1/statutory/ehcp-request", body);
  };
  EXPECT_EQ(post(R"({"request_date": "2025-04-01"})")->status, 403);  // no X-CSRF-Token
  httplib::Client raw("127.0.0.1", server_->port());
  std::string jar;
  for (const auto& [k, v] : b.cookies) jar += (jar.empty() ? "" : "; ") + k + "=" + v;
  httplib::Headers h = {{"Cookie", jar}, {"X-CSRF-Token", csrf}};
  EXPECT_EQ(raw.Post("/api/v1/children/1/statutory/no-such-form", h, "{}", "application/json")->status, 404);
  auto missing = raw.Post("/api/v1/children/1/statutory/ehcp-request", h, R"({"request_date": "soon"})", "application/json");
  ASSERT_EQ(missing->status, 400);
  EXPECT_EQ(nlohmann::json::parse(missing->body)["field"], "request_date");
  auto ok = raw.Post("/api/v1/children/1/statutory/ehcp-request", h, R"({"request_date": "2025-04-01"})", "application/json");
  ASSERT_EQ(ok->status, 201) << ok->body;
  auto again = raw.Post("/api/v1/children/1/statutory/ehcp-request", h, R"({"request_date": "2025-04-02"})", "application/json");
  EXPECT_EQ(again->status, 409);  // one open request at a time: the form no longer fits
  EXPECT_EQ(nlohmann::json::parse(b.get("/api/v1/children/1/send")->body)["send"]["ehcp"]["requested"], "2025-04-01");
}

TEST_P(SendPages, APartnerReadsUntilTheFamilyWithdrawsConsent) {
  Browser partner = signed_in("partner_practitioner");
  ASSERT_EQ(partner.get("/children/1")->status, 200);
  ASSERT_EQ(partner.get("/api/v1/children/1")->status, 200);
  Browser manager = signed_in("team_manager");
  EXPECT_TRUE(has(manager.get("/children/1"), "href=\"/families/1/consent\""));  // family 1's early help has ended, so from the child
  auto page = manager.get("/families/1/consent");
  ASSERT_EQ(page->status, 200);
  EXPECT_TRUE(has(page, "Fay Visitor"));
  EXPECT_TRUE(has(page, "Consent given"));
  std::string csrf = Browser::csrf_in(page->body);
  // No reason: refused on its field, the member and date kept.
  auto bad = manager.post_form("/families/1/consent", {{"csrf_token", csrf}, {"taf_member_id", "1"}, {"withdrawn_date", "2025-04-29"}});
  ASSERT_EQ(bad->status, 400);
  EXPECT_TRUE(has(bad, "href=\"#withdrawn_reason\""));
  EXPECT_TRUE(has(bad, "value=\"2025-04-29\""));
  EXPECT_TRUE(has(bad, "value=\"1\" selected"));
  EXPECT_EQ(partner.get("/children/1")->status, 200);
  auto good = manager.post_form("/families/1/consent", {{"csrf_token", csrf}, {"taf_member_id", "1"}, {"withdrawn_date", "2025-04-29"},
                                                        {"withdrawn_reason", "The parents asked for health to stop receiving updates"}});
  ASSERT_EQ(good->status, 303);
  EXPECT_TRUE(has(manager.get("/families/1/consent?saved=1"), "Withdrawn"));
  EXPECT_EQ(partner.get("/children/1")->status, 403);
  EXPECT_EQ(partner.get("/api/v1/children/1")->status, 403);
  EXPECT_EQ(count("SELECT count(*) FROM audit_entry WHERE action = 'update' AND entity = 'taf_member' AND actor = 'team_manager'"), 1);
}

// Every link in a role's navigation opens for that role.
TEST_P(SendPages, EveryNavigationLinkOpensForItsRole) {
  const std::map<std::string, std::set<std::string>> expected = {
      {"practitioner", {"/my-work", "/work/tasks", "/front-door", "/localities/1", "/placements/providers", "/directory"}},
      {"partner_practitioner", {"/my-work", "/directory"}},
      {"team_manager", {"/localities/1", "/my-work", "/work/tasks", "/authorisations", "/allocations", "/front-door", "/placements/providers",
                        "/dashboards/locality/1", "/planning", "/programme", "/directory"}},
      {"locality_manager", {"/localities/1", "/my-work", "/work/tasks", "/authorisations", "/allocations", "/front-door", "/placements/providers",
                            "/dashboards/locality/1", "/dashboards/corporate-parenting", "/planning", "/programme", "/directory"}},
      {"performance_analyst", {"/home", "/localities", "/dashboards/director", "/dashboards/corporate-parenting", "/placements/providers",
                               "/planning", "/programme", "/directory"}},
      {"councillor", {"/home", "/localities", "/dashboards/director", "/dashboards/corporate-parenting", "/planning", "/programme", "/directory"}},
      {"administrator", {"/home", "/localities", "/directory", "/admin/settings"}},
  };
  static const std::regex kLink(R"re(govuk-service-navigation__link" href="([^"]+)")re");
  for (const auto& [role, want] : expected) {
    Browser b = signed_in(role);
    auto home = b.get("/home");
    ASSERT_EQ(home->status, 200) << role;
    std::set<std::string> links;
    for (auto it = std::sregex_iterator(home->body.begin(), home->body.end(), kLink); it != std::sregex_iterator(); ++it)
      if ((*it)[1] != "/") links.insert((*it)[1]);  // the service name links home
    EXPECT_EQ(links, want) << role;
    for (const std::string& href : links) EXPECT_EQ(b.get(href)->status, 200) << role << " " << href;
  }
}

// Every test on SQLite and on PostgreSQL (Web/SendPages.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Web, SendPages, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
