// The web pages against the tiny council: sign-in, access by role, escaping,
// error pages and security headers, through a real HTTP server.
#include <gtest/gtest.h>

#include "client.h"
#include "fixture.h"

namespace kith::web::testing {
namespace {

class Pages : public CouncilServerTest<Pages> {
 protected:
  static std::int64_t audit_count(const std::string& where) { return count("SELECT count(*) FROM audit_entry WHERE " + where); }
};

std::string child(Id id) { return "/children/" + std::to_string(id); }

TEST_P(Pages, SignInRedirectsEachRoleHomeWithAStrictHttpOnlyCookie) {
  const std::pair<const char*, const char*> homes[] = {
      {"practitioner", "/my-work"},   {"partner_practitioner", "/my-work"}, {"team_manager", "/localities/1"},
      {"locality_manager", "/localities/1"}, {"councillor", "/home"},      {"performance_analyst", "/home"},
      {"administrator", "/home"},
  };
  for (auto [role, home] : homes) {
    Browser b = browser();
    auto r = b.sign_in(role, kTinyPassword);
    ASSERT_EQ(r->status, 303) << role;
    EXPECT_EQ(r->get_header_value("Location"), home) << role;
    std::string cookie = r->get_header_value("Set-Cookie");
    EXPECT_EQ(cookie.rfind("kith_session=", 0), 0u) << cookie;
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_NE(cookie.find("Path=/"), std::string::npos);
    EXPECT_EQ(b.get(home)->status, 200) << role;
  }
}

TEST_P(Pages, EachSignInStartsANewSession) {
  Browser a = signed_in("practitioner"), b = signed_in("practitioner");
  EXPECT_NE(a.cookies["kith_session"], b.cookies["kith_session"]);
}

TEST_P(Pages, AWrongPasswordIs401WithAnErrorSummaryAndIsAudited) {
  auto before = audit_count("action = 'sign_in_failed'");
  Browser b = browser();
  auto r = b.sign_in("practitioner", "not-the-password");
  ASSERT_EQ(r->status, 401);
  EXPECT_NE(r->body.find("govuk-error-summary"), std::string::npos);
  EXPECT_NE(r->body.find("The username or password is not right"), std::string::npos);
  EXPECT_EQ(r->body.find("not-the-password"), std::string::npos) << "the password must not be echoed";
  EXPECT_EQ(b.cookies.count("kith_session"), 0u);
  EXPECT_EQ(audit_count("action = 'sign_in_failed'"), before + 1);
  // An unknown user gets the same answer, so usernames cannot be discovered.
  auto unknown = b.sign_in("nobody", "whatever-password");
  EXPECT_EQ(unknown->status, 401);
  EXPECT_NE(unknown->body.find("The username or password is not right"), std::string::npos);
}

TEST_P(Pages, AnEmptyFormAsksForEachField) {
  Browser b = browser();
  auto form = b.get("/sign-in");
  auto r = b.post_form("/sign-in", {{"csrf_token", Browser::csrf_in(form->body)}});
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("Enter your username"), std::string::npos);
  EXPECT_NE(r->body.find("Enter your password"), std::string::npos);
}

TEST_P(Pages, APostWithoutTheCsrfTokenIsForbidden) {
  // The sign-in form's token must match its cookie.
  Browser stranger = browser();
  auto forged = stranger.post_form("/sign-in", {{"username", "practitioner"}, {"password", kTinyPassword}});
  EXPECT_EQ(forged->status, 403);
  EXPECT_EQ(stranger.cookies.count("kith_session"), 0u);

  // Signing out needs the session's token; without it the session lives on.
  Browser b = signed_in("practitioner");
  EXPECT_EQ(b.post_form("/sign-out", {})->status, 403);
  EXPECT_EQ(b.post_form("/sign-out", {{"csrf_token", "0123"}})->status, 403);
  EXPECT_EQ(b.get("/my-work")->status, 200);
}

TEST_P(Pages, SigningOutEndsTheSession) {
  Browser b = signed_in("practitioner");
  std::string old_session = b.cookies["kith_session"];
  auto page = b.get("/my-work");
  auto r = b.post_form("/sign-out", {{"csrf_token", Browser::csrf_in(page->body)}});
  ASSERT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), "/sign-in?signed-out=1");
  EXPECT_NE(b.get("/sign-in?signed-out=1")->body.find("You have signed out"), std::string::npos);
  b.cookies["kith_session"] = old_session;  // a copied cookie no longer works
  auto again = b.get("/my-work");
  EXPECT_EQ(again->status, 303);
  EXPECT_EQ(again->get_header_value("Location"), "/sign-in");
}

TEST_P(Pages, VisitorsWhoAreNotSignedInGoToSignIn) {
  Browser b = browser();
  for (const char* path : {"/", "/my-work", "/children/1", "/localities/1", "/home"}) {
    auto r = b.get(path);
    EXPECT_EQ(r->status, 303) << path;
    EXPECT_EQ(r->get_header_value("Location"), "/sign-in") << path;
  }
}

TEST_P(Pages, MyWorkListsThePractitionersChildrenWithStagesAndDueTasks) {
  Browser b = signed_in("practitioner");
  auto r = b.get("/my-work");
  ASSERT_EQ(r->status, 200);
  for (const char* text : {"Ada Test", "Ben Test", "You have 3 children allocated", "Child in need", "Child protection plan",
                           "Overdue", "href=\"/children/1\""})
    EXPECT_NE(r->body.find(text), std::string::npos) << text;
  EXPECT_EQ(r->body.find("Cara"), std::string::npos);
  EXPECT_EQ(r->body.find("Dan South"), std::string::npos);
}

TEST_P(Pages, APractitionerOpensAnAllocatedChildAndTheReadIsAudited) {
  Browser b = signed_in("practitioner");
  auto before = audit_count("action = 'read' AND entity = 'person' AND entity_id = '2' AND actor = 'practitioner'");
  auto r = b.get(child(kBen));
  ASSERT_EQ(r->status, 200);
  for (const char* text : {"Ben Test", "Child record", "Summary", "Chronology", "Child protection plan", "NEG Neglect",
                           "Alex Social (North Assessment)", "Statutory tasks", "Initial child protection conference"})
    EXPECT_NE(r->body.find(text), std::string::npos) << text;
  EXPECT_EQ(audit_count("action = 'read' AND entity = 'person' AND entity_id = '2' AND actor = 'practitioner'"), before + 1);
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
}

TEST_P(Pages, ALocalityManagerSeesALookedAfterChildsLegalStatusAndPlacement) {
  auto r = signed_in("locality_manager").get(child(kCara));
  ASSERT_EQ(r->status, 200);
  for (const char* text : {"Looked after", "C2 Full care order", "U4 Foster placement", "Placement started (U4)"})
    EXPECT_NE(r->body.find(text), std::string::npos) << text;
}

TEST_P(Pages, TheChronologyFiltersByKind) {
  Browser b = signed_in("practitioner");
  auto all = b.get(child(kBen));
  auto plans = b.get(child(kBen) + "?kind=cp_plan");
  ASSERT_EQ(plans->status, 200);
  EXPECT_NE(plans->body.find("Child protection plan: 1 event, oldest first"), std::string::npos);
  EXPECT_LT(plans->body.size(), all->body.size());
  auto none = b.get(child(kBen) + "?kind=no-such-kind");
  EXPECT_NE(none->body.find("No events of this kind are recorded."), std::string::npos);
}

TEST_P(Pages, AChildOfAnotherTeamIsRefusedWithoutNamingThem) {
  Browser b = signed_in("practitioner");
  for (auto [id, forename] : {std::pair{kCara, "Cara"}, std::pair{kDan, "Dan"}}) {
    auto r = b.get(child(id));
    EXPECT_EQ(r->status, 403) << forename;
    EXPECT_NE(r->body.find("You do not have access to this record"), std::string::npos);
    EXPECT_EQ(r->body.find(forename), std::string::npos);
  }
  EXPECT_GE(audit_count("action = 'read_denied' AND entity_id = '4'"), 1);
}

TEST_P(Pages, ACouncillorOpensNoChildRecord) {
  Browser b = signed_in("councillor");
  for (Id id : {kAda, kBen, kCara, kDan, kEli}) {
    auto r = b.get(child(id));
    EXPECT_EQ(r->status, 403) << id;
    EXPECT_EQ(r->body.find("Test"), std::string::npos) << id;
  }
}

TEST_P(Pages, LocalityOverviewsNameWorkersExceptToCouncillors) {
  auto manager = signed_in("team_manager").get("/localities/1");
  ASSERT_EQ(manager->status, 200);
  EXPECT_NE(manager->body.find("Alex Social"), std::string::npos);
  EXPECT_NE(manager->body.find("North Family Hub"), std::string::npos);

  auto councillor = signed_in("councillor").get("/localities/1");
  ASSERT_EQ(councillor->status, 200);
  EXPECT_EQ(councillor->body.find("Alex Social"), std::string::npos);
  EXPECT_NE(councillor->body.find("Caseloads (workers not named)"), std::string::npos);
  EXPECT_NE(councillor->body.find(">c<"), std::string::npos) << "small counts are suppressed";

  EXPECT_EQ(signed_in("team_manager").get("/localities/2")->status, 403);
  EXPECT_EQ(signed_in("team_manager").get("/localities/99")->status, 404);
}

TEST_P(Pages, NamesAreEscaped) {
  Browser b = signed_in("practitioner");
  for (const std::string& path : {child(kEli), std::string("/my-work")}) {
    auto r = b.get(path);
    ASSERT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->body.find(kScriptSurname), std::string::npos) << path;
    EXPECT_NE(r->body.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"), std::string::npos) << path;
  }
}

TEST_P(Pages, UnknownRoutesGetTheNotFoundPage) {
  Browser b = signed_in("practitioner");
  for (const char* path : {"/no-such-page", "/children/999", "/children/abc", "/children/99999999999999999999"}) {
    auto r = b.get(path);
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_NE(r->body.find("Page not found"), std::string::npos) << path;
    EXPECT_NE(r->body.find("govuk-template"), std::string::npos) << path;
  }
}

TEST_P(Pages, EveryResponseCarriesTheSecurityHeaders) {
  Browser b = signed_in("practitioner");
  for (const char* path : {"/sign-in", "/my-work", "/children/1", "/no-such-page", "/static/kith.css", "/api/v1/me"}) {
    auto r = b.get(path);
    ASSERT_TRUE(r) << path;
    std::string csp = r->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << path;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(r->get_header_value("Referrer-Policy"), "same-origin") << path;
    EXPECT_EQ(r->get_header_value("X-Frame-Options"), "DENY") << path;
  }
}

TEST_P(Pages, PagesHaveNoInlineScript) {
  auto r = signed_in("practitioner").get(child(kAda));
  std::regex inline_script(R"(<script(?![^>]*\bsrc=)[^>]*>)");
  EXPECT_FALSE(std::regex_search(r->body, inline_script));
}

TEST_P(Pages, TheDesignSystemAssetsAreServedLocally) {
  Browser b = browser();
  const std::pair<const char*, const char*> files[] = {
      {"/govuk/govuk-frontend.min.css", "text/css"},
      {"/govuk/govuk-frontend.min.js", "javascript"},
      {"/vendor/htmx.min.js", "javascript"},
      {"/static/kith.js", "javascript"},
      {"/assets/images/favicon.ico", "image/"},
  };
  for (auto [path, type] : files) {
    auto r = b.get(path);
    ASSERT_EQ(r->status, 200) << path;
    EXPECT_NE(r->get_header_value("Content-Type").find(type), std::string::npos) << path << " " << r->get_header_value("Content-Type");
  }
  EXPECT_EQ(b.get("/static/../../CMakeLists.txt")->status, 404);
}

// Every test on SQLite and on PostgreSQL (Web/Pages.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Web, Pages, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
