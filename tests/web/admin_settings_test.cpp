// The council settings page (/admin/settings) and its JSON route, against the
// web tests' council (fixture.h) through a real HTTP server, on SQLite and on
// PostgreSQL. Today is 2025-04-30. Cara (3) has been looked after since
// Monday 2024-06-10 with no care plan recorded; the setting starts at
// migration 0015's 2026-04-01, so at first nobody has a care plan task.
//
// The suite's tests share one council per backend, so each reads the setting's
// version from the page or the API before saving, and none relies on another's value.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "client.h"
#include "fixture.h"
#include "versioned_form.h"
#include "web/forms.h"

namespace kith::web::testing {
namespace {

using nlohmann::json;

constexpr const char* kApi = "/api/v1/settings/care-plan-deadline-from";

class AdminSettings : public CouncilServerTest<AdminSettings> {
 protected:
  struct Typed {
    std::string day, month, year;
  };
  // Posts the settings form as a browser would: the CSRF token and version of the form in `page`.
  static httplib::Result save(Browser& b, const std::string& page, const Typed& t) {
    return b.post_form("/admin/settings", {{"csrf_token", Browser::csrf_in(page)},
                                           {"version", version_in(page, "/admin/settings")},
                                           {"from-day", t.day},
                                           {"from-month", t.month},
                                           {"from-year", t.year}});
  }
  // Opens the form and saves t (expects the 303 back to the page).
  static void set_from(Browser& admin, const Typed& t) {
    auto page = admin.get("/admin/settings");
    ASSERT_EQ(page->status, 200);
    auto saved = save(admin, page->body, t);
    ASSERT_EQ(saved->status, 303) << saved->body;
    EXPECT_EQ(saved->get_header_value("Location"), "/admin/settings?saved=1");
  }
  static std::string stored_value() {
    auto db = store::Database::open(db_path(), {});
    std::string out;
    EXPECT_TRUE((*db)->run("SELECT value FROM council_setting WHERE name = 'care_plan_deadline_from'", {},
                           [&](const store::Statement& s) { out = s.text(0); }));
    return out;
  }
  // The "Care plan" tasks of Cara's record, as the locality manager (who may open it) gets them from the API.
  static std::vector<json> cara_care_plan_tasks() {
    Browser lm = signed_in("locality_manager");
    auto r = lm.get("/api/v1/children/3");
    EXPECT_EQ(r->status, 200);
    last_record_ = r->body;
    std::vector<json> out;
    const json record = json::parse(r->body);  // kept: a range-for over a member of a temporary would dangle
    for (const json& t : record["summary"]["due"])
      if (t["what"] == "Care plan") out.push_back(t);
    return out;
  }
  static inline std::string last_record_;  // Cara's record as the API gave it last, for failure messages

  // A JSON request with the session's CSRF header, as a script would send it.
  static httplib::Result api(Browser& b, const std::string& method, const std::string& body = "") {
    httplib::Client http("127.0.0.1", server_->port());
    std::string jar;
    for (const auto& [k, v] : b.cookies) jar += (jar.empty() ? "" : "; ") + k + "=" + v;
    auto me = b.get("/api/v1/me");
    httplib::Headers h = {{"Cookie", jar}, {"X-CSRF-Token", json::parse(me->body).value("csrf_token", "")}};
    if (method == "GET") return http.Get(kApi, h);
    return http.Post(kApi, h, body, "application/json");
  }
};

TEST_P(AdminSettings, OnlyAdministratorsSeeOrChangeTheSetting) {
  for (const char* role : {"practitioner", "team_manager", "locality_manager", "partner_practitioner", "performance_analyst", "councillor"}) {
    Browser b = signed_in(role);
    EXPECT_EQ(b.get("/admin/settings")->status, 403) << role;
    auto home = b.get("/api/v1/me");  // any page: for the CSRF token of the session
    std::string csrf = json::parse(home->body).value("csrf_token", "");
    EXPECT_EQ(b.post_form("/admin/settings", {{"csrf_token", csrf}, {"from-day", "1"}, {"from-month", "1"}, {"from-year", "2020"}})->status,
              403)
        << role;
    EXPECT_EQ(api(b, "GET")->status, 403) << role;
    EXPECT_EQ(api(b, "POST", R"({"care_plan_deadline_from": "2020-01-01", "version": 1})")->status, 403) << role;
  }
  EXPECT_NE(stored_value(), "2020-01-01") << "nothing a non-administrator sent was saved";
  Browser admin = signed_in("administrator");
  auto page = admin.get("/admin/settings");
  ASSERT_EQ(page->status, 200);
  EXPECT_TRUE(has(page, "Periods of care that start on or after this date get a care plan deadline")) << "the hint says what it does";
  EXPECT_TRUE(has(page, "class=\"govuk-date-input\""));
  EXPECT_TRUE(has(page, "href=\"/admin/settings\"")) << "the administrator's navigation links the page";
  Browser practitioner = signed_in("practitioner");
  EXPECT_FALSE(has(practitioner.get("/my-work"), "href=\"/admin/settings\"")) << "no link for a role that gets 403";
}

TEST_P(AdminSettings, TheDateDecidesWhoHasACarePlanDeadline) {
  Browser admin = signed_in("administrator");
  // Cara's period of care started on Monday 10 June 2024. 10 working days on, by hand:
  // Tue 11 to Fri 14 June are 1-4, Mon 17 to Fri 21 are 5-9, Mon 24 June is the 10th
  // (no bank holiday in between: the spring one was 27 May). So the plan was due 2024-06-24.
  ASSERT_NO_FATAL_FAILURE(set_from(admin, {"10", "6", "2024"}));  // on the day she came into care: "on or after"
  EXPECT_EQ(stored_value(), "2024-06-10");
  auto tasks = cara_care_plan_tasks();
  ASSERT_EQ(tasks.size(), 1u) << "a period starting on the date gets the deadline: " << last_record_;
  EXPECT_EQ(tasks[0]["due"], "2024-06-24");
  EXPECT_EQ(tasks[0]["overdue"], true) << "today is 30 April 2025";
  auto page = admin.get("/admin/settings?saved=1");
  EXPECT_TRUE(has(page, "Saved: periods of care that start on or after 10 June 2024 get a care plan deadline."));

  ASSERT_NO_FATAL_FAILURE(set_from(admin, {"11", "06", "2024"}));  // the next day: she came into care before it
  EXPECT_EQ(stored_value(), "2024-06-11");
  EXPECT_TRUE(cara_care_plan_tasks().empty()) << "a period that started before the date gets none";

  ASSERT_NO_FATAL_FAILURE(set_from(admin, {"1", "4", "2026"}));  // back to the go-live date
  EXPECT_TRUE(cara_care_plan_tasks().empty());
}

TEST_P(AdminSettings, BadDatesAreNamedAndKeepWhatWasTyped) {
  struct Case {
    Typed typed;
    const char* message;
    const char* link;  // the part the error summary points at
  };
  const Case cases[] = {
      {{"", "", ""}, "Enter the date care plan deadlines apply from", "#from-day"},
      {{"1", "", "2026"}, "The date care plan deadlines apply from must include a month", "#from-month"},
      {{"", "4", ""}, "The date care plan deadlines apply from must include a day and year", "#from-day"},
      {{"31", "2", "2026"}, "The date care plan deadlines apply from must be a real date", "#from-day"},
      {{"29", "2", "2025"}, "The date care plan deadlines apply from must be a real date", "#from-day"},  // 2025 is no leap year
      {{"1", "13", "2026"}, "The date care plan deadlines apply from must be a real date", "#from-day"},
      {{"one", "4", "2026"}, "The date care plan deadlines apply from must be a real date, in numbers", "#from-day"},
      {{"1", "4", "26"}, "The date care plan deadlines apply from: the year must have 4 numbers", "#from-year"},
      {{"1", "4", "1999"}, "The date care plan deadlines apply from must be between 2000 and 2099", "#from-year"},
  };
  Browser admin = signed_in("administrator");
  const std::string before = stored_value();
  const auto audited = count("SELECT count(*) FROM audit_entry WHERE entity = 'council_setting'");
  for (const Case& c : cases) {
    auto page = admin.get("/admin/settings");
    auto r = save(admin, page->body, c.typed);
    const std::string what = c.typed.day + "/" + c.typed.month + "/" + c.typed.year;
    EXPECT_EQ(r->status, 400) << what;
    EXPECT_TRUE(has(r, c.message)) << what;
    EXPECT_TRUE(has(r, std::string("<a href=\"") + c.link + "\">" + c.message)) << what << ": the summary links the field";
    EXPECT_TRUE(has(r, "<title>Error: Council settings")) << what;
    EXPECT_TRUE(has(r, "name=\"from-day\" type=\"text\" inputmode=\"numeric\" value=\"" + c.typed.day + "\"")) << what << ": kept";
    EXPECT_TRUE(has(r, "name=\"from-year\" type=\"text\" inputmode=\"numeric\" value=\"" + c.typed.year + "\"")) << what << ": kept";
  }
  EXPECT_EQ(stored_value(), before) << "nothing saved";
  EXPECT_EQ(count("SELECT count(*) FROM audit_entry WHERE entity = 'council_setting'"), audited) << "nothing audited";
}

TEST_P(AdminSettings, AStaleSaveIsAConflictThatKeepsTheInput) {
  Browser first = signed_in("administrator"), second = signed_in("administrator");
  auto first_form = first.get("/admin/settings");
  auto second_form = second.get("/admin/settings");
  ASSERT_EQ(version_in(first_form->body, "/admin/settings"), version_in(second_form->body, "/admin/settings"));
  ASSERT_EQ(save(second, second_form->body, {"1", "9", "2025"})->status, 303);
  auto stale = save(first, first_form->body, {"15", "10", "2025"});
  EXPECT_EQ(stale->status, 409);
  EXPECT_TRUE(has(stale, std::string(forms::kConflictMessage)));
  EXPECT_TRUE(has(stale, "1 September 2025")) << "their version";
  EXPECT_TRUE(has(stale, "name=\"from-day\" type=\"text\" inputmode=\"numeric\" value=\"15\"")) << "what was typed is kept";
  EXPECT_TRUE(has(stale, "name=\"from-month\" type=\"text\" inputmode=\"numeric\" value=\"10\""));
  EXPECT_EQ(stored_value(), "2025-09-01") << "the stale save wrote nothing";
  // The conflict page names their version: saving it again replaces theirs knowingly.
  auto again = save(first, stale->body, {"15", "10", "2025"});
  EXPECT_EQ(again->status, 303);
  EXPECT_EQ(stored_value(), "2025-10-15");
  ASSERT_NO_FATAL_FAILURE(set_from(first, {"1", "4", "2026"}));
}

TEST_P(AdminSettings, EachChangeIsAuditedOnceWithWhoAndWhy) {
  Browser admin = signed_in("administrator");
  const std::string where = "FROM audit_entry WHERE action = 'update' AND entity = 'council_setting' AND actor = 'administrator' "
                            "AND reason = 'council settings: care plan deadline from'";
  const auto before = count("SELECT count(*) " + where);
  ASSERT_NO_FATAL_FAILURE(set_from(admin, {"2", "3", "2026"}));
  ASSERT_NO_FATAL_FAILURE(set_from(admin, {"1", "4", "2026"}));
  EXPECT_EQ(count("SELECT count(*) " + where), before + 2);
  EXPECT_EQ(count("SELECT count(*) " + where + " AND entity_id = (SELECT CAST(id AS TEXT) FROM council_setting "
                  "WHERE name = 'care_plan_deadline_from')"),
            before + 2)
      << "the entry names the setting's row";
}

TEST_P(AdminSettings, TheJsonRouteReadsAndChangesTheSettingWithItsVersion) {
  Browser admin = signed_in("administrator");
  auto got = api(admin, "GET");
  ASSERT_EQ(got->status, 200);
  json now = json::parse(got->body);
  ASSERT_TRUE(now["version"].is_number_integer());
  const std::int64_t version = now["version"];
  EXPECT_EQ(now["care_plan_deadline_from"], stored_value());

  auto bad = api(admin, "POST", json{{"care_plan_deadline_from", "2025-02-30"}, {"version", version}}.dump());
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json::parse(bad->body)["field"], "care_plan_deadline_from");
  auto no_version = api(admin, "POST", R"({"care_plan_deadline_from": "2025-05-01"})");
  EXPECT_EQ(no_version->status, 400);
  EXPECT_EQ(json::parse(no_version->body)["field"], "version");
  EXPECT_EQ(api(admin, "POST", "not json")->status, 400);

  auto saved = api(admin, "POST", json{{"care_plan_deadline_from", "2025-05-01"}, {"version", version}}.dump());
  ASSERT_EQ(saved->status, 200) << saved->body;
  EXPECT_EQ(json::parse(saved->body)["care_plan_deadline_from"], "2025-05-01");
  EXPECT_EQ(json::parse(saved->body)["version"], version + 1);
  auto stale = api(admin, "POST", json{{"care_plan_deadline_from", "2025-06-01"}, {"version", version}}.dump());
  EXPECT_EQ(stale->status, 409);
  EXPECT_EQ(json::parse(stale->body)["care_plan_deadline_from"], "2025-05-01") << "the current value comes back";
  EXPECT_EQ(json::parse(stale->body)["version"], version + 1);
  EXPECT_EQ(stored_value(), "2025-05-01");
  ASSERT_EQ(api(admin, "POST", json{{"care_plan_deadline_from", "2026-04-01"}, {"version", version + 1}}.dump())->status, 200);
}

INSTANTIATE_TEST_SUITE_P(Web, AdminSettings, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
