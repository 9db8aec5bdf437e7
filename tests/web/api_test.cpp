// The JSON API: sign-in by JSON, bad bodies, and the same data as the pages.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "client.h"
#include "fixture.h"
#include "web/html.h"

namespace kith::web::testing {
namespace {

using nlohmann::json;

class Api : public CouncilServerTest<Api> {
 protected:
  // Signs in through the API; returns the CSRF token.
  static std::string sign_in(Browser& b, const std::string& role) {
    auto r = b.post_json("/api/v1/session", json{{"username", role}, {"password", kTinyPassword}}.dump());
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body)["csrf_token"].get<std::string>();
  }
  static std::int64_t sessions() { return count("SELECT count(*) FROM user_session"); }
  static json body(const httplib::Result& r) { return json::parse(r->body); }
};

TEST_P(Api, SignInByJsonSetsTheSessionCookie) {
  Browser b = browser();
  std::string csrf = sign_in(b, "practitioner");
  EXPECT_EQ(csrf.size(), 64u);
  EXPECT_EQ(b.cookies.count("kith_session"), 1u);
  auto me = b.get("/api/v1/me");
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(body(me)["role"], "practitioner");
  EXPECT_EQ(body(me)["display_name"], "Practitioner");
  EXPECT_NE(me->get_header_value("Content-Type").find("application/json"), std::string::npos);
}

TEST_P(Api, AMalformedBodyIs400NamingTheProblemAndWritesNothing) {
  const std::pair<std::string, std::string> cases[] = {
      {"{not json", "not valid JSON"},
      {"", "not valid JSON"},
      {"[1, 2]", "JSON object"},
      {R"({"password": "x"})", "\"username\" is missing"},
      {R"({"username": "practitioner"})", "\"password\" is missing"},
      {R"({"username": 7, "password": "x"})", "\"username\" must be a string"},
      {R"({"username": "practitioner", "password": null})", "\"password\" must be a string"},
      {R"({"username": "", "password": "x"})", "\"username\" is empty"},
  };
  auto before = sessions();
  Browser b = browser();
  for (const auto& [text, expected] : cases) {
    auto r = b.post_json("/api/v1/session", text);
    ASSERT_EQ(r->status, 400) << text;
    std::string error = body(r)["error"];
    EXPECT_NE(error.find(expected), std::string::npos) << text << " -> " << error;
  }
  EXPECT_EQ(b.post_json("/api/v1/session", R"({"username":"a","password":"b"})", "text/plain")->status, 415);
  EXPECT_EQ(sessions(), before);
}

TEST_P(Api, AWrongPasswordIs401) {
  Browser b = browser();
  auto r = b.post_json("/api/v1/session", R"({"username": "practitioner", "password": "wrong-password!"})");
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(body(r)["error"], "The username or password is not right");
}

TEST_P(Api, NotSignedInIs401AndUnknownEndpointsAre404) {
  Browser b = browser();
  for (const char* path : {"/api/v1/me", "/api/v1/my-work", "/api/v1/children/1", "/api/v1/localities"}) {
    auto r = b.get(path);
    EXPECT_EQ(r->status, 401) << path;
    EXPECT_TRUE(body(r).contains("error")) << path;
  }
  auto r = b.get("/api/v1/no-such-thing");
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(body(r)["error"], "There is no such API endpoint");
}

TEST_P(Api, TheChildSummaryMatchesThePage) {
  Browser b = browser();
  sign_in(b, "practitioner");
  auto r = b.get("/api/v1/children/2");
  ASSERT_EQ(r->status, 200);
  json j = body(r);
  const json& s = j["summary"];
  EXPECT_EQ(s["name"], "Ben Test");
  EXPECT_EQ(s["birth_date"], "2019-08-20");
  EXPECT_EQ(s["stage"], "child_protection");
  EXPECT_EQ(s["legal_status"], nullptr);
  auto page = b.get("/children/2");
  ASSERT_EQ(page->status, 200);
  for (const char* field : {"name", "stage_label", "cp_category", "legal_status", "placement", "family_name", "postcode",
                            "locality", "school", "allocated_worker", "allocated_team", "lead_professional"}) {
    if (s[field].is_null()) continue;
    EXPECT_NE(page->body.find(html::escape(s[field].get<std::string>())), std::string::npos) << field;
  }
  EXPECT_NE(page->body.find(Date::ymd(2019, 8, 20).display()), std::string::npos);
  for (const json& task : s["due"]) EXPECT_NE(page->body.find(html::escape(task["what"].get<std::string>())), std::string::npos);
  std::string count = std::to_string(j["chronology"].size()) + " events, oldest first";
  EXPECT_NE(page->body.find(count), std::string::npos) << count;
  EXPECT_FALSE(j["chronology"].empty());
  EXPECT_EQ(j["chronology"][0]["date"].get<std::string>().size(), 10u);
}

TEST_P(Api, RefusalsAndMissingRecordsAreJson) {
  Browser b = browser();
  sign_in(b, "practitioner");
  auto denied = b.get("/api/v1/children/4");
  EXPECT_EQ(denied->status, 403);
  EXPECT_EQ(denied->body.find("Dan"), std::string::npos);
  EXPECT_EQ(b.get("/api/v1/children/999")->status, 404);
}

TEST_P(Api, MyWorkAndLocalities) {
  Browser b = browser();
  sign_in(b, "practitioner");
  auto work = body(b.get("/api/v1/my-work"));
  EXPECT_EQ(work["children"].size(), 3u);
  auto localities = body(b.get("/api/v1/localities"));
  EXPECT_EQ(localities["localities"].size(), 2u);
  auto north = body(b.get("/api/v1/localities/1"));
  EXPECT_EQ(north["name"], "North");
  EXPECT_TRUE(north["caseloads"][0].contains("name"));

  Browser councillor = browser();
  sign_in(councillor, "councillor");
  auto seen = body(councillor.get("/api/v1/localities/1"));
  EXPECT_FALSE(seen["caseloads"][0].contains("name"));
  EXPECT_EQ(seen["children_cp"], "c");
}

TEST_P(Api, SigningOutNeedsTheCsrfHeader) {
  Browser b = browser();
  std::string csrf = sign_in(b, "practitioner");
  std::string session = b.cookies["kith_session"];
  EXPECT_EQ(b.del("/api/v1/session")->status, 403);
  EXPECT_EQ(b.get("/api/v1/me")->status, 200);
  EXPECT_EQ(b.del("/api/v1/session", {{"X-CSRF-Token", csrf}})->status, 200);
  b.cookies["kith_session"] = session;
  EXPECT_EQ(b.get("/api/v1/me")->status, 401);
}

// Every test on SQLite and on PostgreSQL (Web/Api.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Web, Api, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
