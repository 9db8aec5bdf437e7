// Ending a period of care from the child's record and through the JSON API,
// with the leaving care eligibility the record works out, against the web
// tests' council (fixture.h) through a real HTTP server, on SQLite and
// PostgreSQL. Today is Wednesday 2025-04-30.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "client.h"
#include "fixture.h"

namespace kith::web::testing {
namespace {

// Three young people looked after, allocated to the practitioner (North Assessment, team 1), each used by
// one test (the suite's tests share one council). All born 2008-01-10: 16 on 2024-01-10, 18 on 2026-01-10.
// Looked after from 2023-11-01 under C2: by today 546 days (to 1 Dec 2023 30, to 1 Dec 2024 366, then 31 + 31
// + 28 + 31 to 1 Apr 2025, + 29 to 30 Apr), all after the 14th birthday (2022-01-10): eligible.
constexpr const char* kLeaversSql = R"sql(
INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity, address_id) VALUES
  (30, 'Fin', 'Leaver', 'M', '2008-01-10', 'WBRI', 1), (31, 'Gil', 'Leaver', 'F', '2008-01-10', 'WBRI', 1),
  (32, 'Hal', 'Leaver', 'M', '2008-01-10', 'WBRI', 1);
INSERT INTO cla_period (id, person_id, cin_episode_id, start_date, end_date, reason_ceased, category_of_need, home_postcode, version) VALUES
  (30, 30, NULL, '2023-11-01', NULL, NULL, 'N1', 'AB1 2CD', 1), (31, 31, NULL, '2023-11-01', NULL, NULL, 'N1', 'AB1 2CD', 1),
  (32, 32, NULL, '2023-11-01', NULL, NULL, 'N1', 'AB1 2CD', 1);
INSERT INTO legal_status VALUES (30, 30, '2023-11-01', 'C2'), (31, 31, '2023-11-01', 'C2'), (32, 32, '2023-11-01', 'C2');
INSERT INTO placement (id, cla_period_id, provider_id, start_date, end_date, placement_type, provider_code, postcode, reason_change, weekly_cost_pence)
  VALUES (30, 30, NULL, '2024-02-01', NULL, 'U4', 'PR1', NULL, NULL, 0), (31, 31, NULL, '2023-11-01', NULL, 'U4', 'PR1', NULL, NULL, 0),
  (32, 32, NULL, '2023-11-01', NULL, 'U4', 'PR1', NULL, NULL, 0);
INSERT INTO involvement VALUES (30, 30, 1, 1, 'allocated_social_worker', '2023-11-01', NULL, NULL),
  (31, 31, 1, 1, 'allocated_social_worker', '2023-11-01', NULL, NULL), (32, 32, 1, 1, 'allocated_social_worker', '2023-11-01', NULL, NULL);
)sql";
constexpr Id kFin = 30, kGil = 31;  // and Hal (32), for the JSON API

class CareEndPages : public CouncilServerTest<CareEndPages> {
 public:  // prepare_council is called by CouncilServerTest
  static void prepare_council(const std::string& path) {
    auto db = store::Database::open(path, {});
    ASSERT_TRUE(db.is_ok());
    Status s = (*db)->exec(kLeaversSql);
    ASSERT_TRUE(s.is_ok()) << s.message();
  }
  static std::string form(Id child, const std::string& slug) { return "/children/" + std::to_string(child) + "/statutory/" + slug; }
  static std::string version_in(const std::string& html) {
    std::smatch m;
    return std::regex_search(html, m, std::regex(R"rx(name="version" value="([0-9:]+)")rx")) ? m[1].str() : "";
  }
};

TEST_P(CareEndPages, TheFormIsOfferedOnlyWhileTheChildIsLookedAfter) {
  Browser b = signed_in("practitioner");
  auto fin = b.get("/children/30");
  ASSERT_EQ(fin->status, 200);
  EXPECT_TRUE(has(fin, "href=\"/children/30/statutory/care-end\""));
  EXPECT_TRUE(has(fin, "Leaving care eligibility"));
  EXPECT_TRUE(has(fin, "Eligible. Looked after 546 days since the 14th birthday (91 needed); still looked after."));
  auto page = b.get(form(kFin, "care-end"));
  ASSERT_EQ(page->status, 200);
  EXPECT_TRUE(has(page, "End the period of care"));
  EXPECT_TRUE(has(page, "<option value=\"E4A\">E4A: Returned home"));
  EXPECT_TRUE(has(page, "<option value=\"E17\">"));
  EXPECT_FALSE(has(page, "<option value=\"X1\">"));   // links episodes, never ends a period
  EXPECT_FALSE(has(page, "<option value=\"E43\">"));  // no longer a current code
  EXPECT_EQ(version_in(page->body), "30:1");
  // Ada has never been looked after: no link, and the form does not fit.
  EXPECT_FALSE(has(b.get("/children/1"), "statutory/care-end"));
  EXPECT_EQ(b.get(form(kAda, "care-end"))->status, 409);
  // Only council practitioners and managers.
  EXPECT_EQ(signed_in("performance_analyst").get(form(kFin, "care-end"))->status, 403);
}

TEST_P(CareEndPages, EndingTheCareKeepsWhatWasTypedOnAMistakeThenEndsThePeriod) {
  Browser b = signed_in("practitioner");
  auto page = b.get(form(kFin, "care-end"));
  std::string csrf = Browser::csrf_in(page->body), version = version_in(page->body);
  ASSERT_EQ(version, "30:1");
  auto bad = b.post_form(form(kFin, "care-end"), {{"csrf_token", csrf}, {"version", version}, {"end_date", "2025-02-30"}, {"reason_ceased", "E13"}});
  ASSERT_EQ(bad->status, 400);
  EXPECT_TRUE(has(bad, "href=\"#end_date\""));
  EXPECT_TRUE(has(bad, "a real date, like 2025-06-30"));
  EXPECT_TRUE(has(bad, "value=\"2025-02-30\""));
  EXPECT_TRUE(has(bad, "<option value=\"E13\" selected>"));
  // Before the last change (the placement from 2024-02-01) is refused on the date too.
  auto early = b.post_form(form(kFin, "care-end"), {{"csrf_token", csrf}, {"version", version}, {"end_date", "2024-01-31"}, {"reason_ceased", "E13"}});
  ASSERT_EQ(early->status, 400);
  EXPECT_TRUE(has(early, "href=\"#end_date\""));
  EXPECT_TRUE(has(early, "the last change of placement or legal status (1 February 2024)"));
  auto no_reason = b.post_form(form(kFin, "care-end"), {{"csrf_token", csrf}, {"version", version}, {"end_date", "2025-04-28"}});
  ASSERT_EQ(no_reason->status, 400);
  EXPECT_TRUE(has(no_reason, "href=\"#reason_ceased\""));
  EXPECT_EQ(count("SELECT count(*) FROM cla_period WHERE id = 30 AND end_date IS NULL"), 1);

  auto good = b.post_form(form(kFin, "care-end"), {{"csrf_token", csrf}, {"version", version}, {"end_date", "2025-04-28"}, {"reason_ceased", "E13"}});
  ASSERT_EQ(good->status, 303);
  EXPECT_EQ(good->get_header_value("Location"), "/children/30?saved=care-end#statutory-work");
  EXPECT_EQ(count("SELECT count(*) FROM cla_period WHERE id = 30 AND end_date = '2025-04-28' AND reason_ceased = 'E13'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM placement WHERE id = 30 AND end_date = '2025-04-28'"), 1);
  auto record = b.get("/children/30?saved=care-end");
  EXPECT_TRUE(has(record, "The period of care has ended."));
  EXPECT_FALSE(has(record, "statutory/care-end\""));
  EXPECT_TRUE(has(record, "Ceased to be looked after (E13)"));  // the chronology
  // 2023-11-01 to 2025-04-28 = 544 days; 17 and out of care: relevant. The pathway plan form starts there.
  EXPECT_TRUE(has(record, "Relevant. Looked after 544 days since the 14th birthday (91 needed); looked after on or after the 16th birthday, has left care."));
  auto plan = b.get(form(kFin, "pathway-plan"));
  EXPECT_TRUE(has(plan, "value=\"relevant\" checked"));
  EXPECT_TRUE(has(plan, "value=\"eligible\""));
}

TEST_P(CareEndPages, ASaveOverSomeoneElsesIsRefusedWithTheInputKept) {
  Browser worker = signed_in("practitioner");
  Browser manager = signed_in("team_manager");
  auto mine = worker.get(form(kGil, "care-end"));
  auto theirs = manager.get(form(kGil, "care-end"));
  // A version that is not the one saved now (an old form): 409, the reason typed kept, nothing written.
  auto stale = worker.post_form(form(kGil, "care-end"), {{"csrf_token", Browser::csrf_in(mine->body)}, {"version", "31:0"},
                                                          {"end_date", "2025-04-29"}, {"reason_ceased", "E5"}});
  ASSERT_EQ(stale->status, 409);
  EXPECT_TRUE(has(stale, "Someone else changed this record since you opened it"));
  EXPECT_TRUE(has(stale, "<option value=\"E5\" selected>"));
  EXPECT_TRUE(has(stale, "value=\"2025-04-29\""));
  // The manager ends the care first; the worker's save from the same version is then a conflict too.
  ASSERT_EQ(manager.post_form(form(kGil, "care-end"), {{"csrf_token", Browser::csrf_in(theirs->body)}, {"version", version_in(theirs->body)},
                                                        {"end_date", "2025-04-29"}, {"reason_ceased", "E17"}})->status,
            303);
  auto late = worker.post_form(form(kGil, "care-end"), {{"csrf_token", Browser::csrf_in(mine->body)}, {"version", version_in(mine->body)},
                                                         {"end_date", "2025-04-30"}, {"reason_ceased", "E5"}});
  ASSERT_EQ(late->status, 409);
  EXPECT_TRUE(has(late, "value=\"2025-04-30\""));  // kept, to copy
  EXPECT_TRUE(has(late, "Their version"));
  EXPECT_EQ(count("SELECT count(*) FROM cla_period WHERE id = 31 AND end_date = '2025-04-29' AND reason_ceased = 'E17'"), 1);
}

TEST_P(CareEndPages, TheJsonApiEndsTheCareWithTheVersionItGives) {
  Browser b = signed_in("practitioner");
  std::string csrf = nlohmann::json::parse(b.get("/api/v1/me")->body).value("csrf_token", "");
  auto status = nlohmann::json::parse(b.get("/api/v1/children/32/send")->body);
  EXPECT_EQ(status["cla_period"]["version"], "32:1");
  EXPECT_EQ(status["leaving_care"]["eligibility"], "eligible");
  httplib::Client raw("127.0.0.1", server_->port());
  std::string jar;
  for (const auto& [k, v] : b.cookies) jar += (jar.empty() ? "" : "; ") + k + "=" + v;
  httplib::Headers h = {{"Cookie", jar}, {"X-CSRF-Token", csrf}};
  auto post = [&](const std::string& body) { return raw.Post("/api/v1/children/32/statutory/care-end", h, body, "application/json"); };
  auto future = post(R"({"version": "32:1", "end_date": "2025-05-01", "reason_ceased": "E4A"})");
  ASSERT_EQ(future->status, 400);
  EXPECT_EQ(nlohmann::json::parse(future->body)["field"], "end_date");
  EXPECT_EQ(post(R"({"end_date": "2025-04-30", "reason_ceased": "E4A"})")->status, 409);  // no version: nothing saved unseen
  auto ok = post(R"({"version": "32:1", "end_date": "2025-04-30", "reason_ceased": "E4A"})");
  ASSERT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(nlohmann::json::parse(ok->body)["saved"], "care-end");
  EXPECT_EQ(post(R"({"version": "32:1", "end_date": "2025-04-30", "reason_ceased": "E4A"})")->status, 409);  // no longer fits
  auto after = nlohmann::json::parse(b.get("/api/v1/children/32/send")->body);
  EXPECT_TRUE(after["cla_period"].is_null());
  EXPECT_EQ(after["leaving_care"]["eligibility"], "relevant");
  // Another statutory form through the same route: a visit.
  EXPECT_EQ(raw.Post("/api/v1/children/32/statutory/visit", h, R"({"visit_date": "2025-04-30", "context": "care_leaver", "seen": "yes"})",
                     "application/json")->status,
            201);
}

INSTANTIATE_TEST_SUITE_P(Web, CareEndPages, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
