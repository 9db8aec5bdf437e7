// The planning page against the tiny council: the fan chart is an SVG with a
// title and description, its table holds the API's month-end numbers, saved
// scenarios appear side by side, and only the planning roles get in.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <regex>

#include "client.h"
#include "fixture.h"
#include "planning/scenario.h"

namespace kith::web::testing {
namespace {

class PlanningPage : public CouncilServerTest<PlanningPage> {
 public:  // prepare_council is called by CouncilServerTest
  static void prepare_council(const std::string& path) {
    auto db = store::Database::open(path, {});
    planning::Scenario fewer{.name = "Fewer <entries>", .description = "", .entries_factor = 0.5, .target = 0.5};
    ASSERT_TRUE(planning::save_scenario(**db, fewer).is_ok());
  }
};

// (date, p10, median, p90) of each row of the forecast table, as shown.
std::vector<std::array<std::string, 4>> forecast_rows(const std::string& page) {
  std::size_t from = page.find("id=\"forecast\""), to = page.find("</table>", from);
  std::string table = page.substr(from, to - from);
  static const std::regex kRow(
      R"re(<th scope="row" class="govuk-table__header">(\d{4}-\d\d-\d\d)</th><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td>)re");
  std::vector<std::array<std::string, 4>> rows;
  for (std::sregex_iterator it(table.begin(), table.end(), kRow), end; it != end; ++it)
    rows.push_back({(*it)[1], (*it)[2], (*it)[3], (*it)[4]});
  return rows;
}

std::string whole(const nlohmann::json& v) { return std::to_string(std::lround(v.get<double>())); }

TEST_P(PlanningPage, TheFanChartIsAnAccessibleSvgWithTheApisNumbersInItsTable) {
  Browser b = signed_in("performance_analyst");
  auto page = b.get("/planning");
  ASSERT_EQ(page->status, 200) << page->body;
  const std::string& html = page->body;
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("role=\"img\" aria-labelledby=\"fan-title fan-desc\""), std::string::npos);
  EXPECT_NE(html.find("<title id=\"fan-title\">Children looked after: forecast to"), std::string::npos);
  EXPECT_NE(html.find("<desc id=\"fan-desc\">Median forecast"), std::string::npos);
  EXPECT_NE(html.find("<polygon points="), std::string::npos) << "the p10-p90 band";
  EXPECT_EQ(html.find("<script>"), std::string::npos) << "no inline script";

  auto api = b.get("/api/v1/planning/forecast");
  ASSERT_EQ(api->status, 200) << api->body;
  auto j = nlohmann::json::parse(api->body);
  EXPECT_EQ(j["runs"], 200);
  // The tiny council's placements run to 1 September 2024: two years of rates to then, 24 month ends after.
  EXPECT_EQ(j["reference"]["to"], "2024-09-01");
  const auto& months = j["month_ends"];
  auto rows = forecast_rows(html);
  ASSERT_EQ(months.size(), 24u);
  ASSERT_EQ(rows.size(), months.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0], months[i]["date"].get<std::string>()) << i;
    EXPECT_EQ(rows[i][1], whole(months[i]["p10"])) << i;
    EXPECT_EQ(rows[i][2], whole(months[i]["p50"])) << i;
    EXPECT_EQ(rows[i][3], whole(months[i]["p90"])) << i;
    EXPECT_LE(months[i]["p10"].get<double>(), months[i]["p90"].get<double>());
  }
}

TEST_P(PlanningPage, SavedScenariosAndTheWorkforceAreShownEscaped) {
  auto page = signed_in("locality_manager").get("/planning");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("Fewer &lt;entries&gt;"), std::string::npos);
  EXPECT_EQ(page->body.find("Fewer <entries>"), std::string::npos);
  EXPECT_NE(page->body.find("id=\"scenario-table\""), std::string::npos);
  EXPECT_NE(page->body.find("id=\"workforce\""), std::string::npos);
  EXPECT_NE(page->body.find("Agency share of case-holding FTE"), std::string::npos);
  EXPECT_NE(page->body.find("href=\"/planning\""), std::string::npos) << "the navigation links the page";
}

TEST_P(PlanningPage, CouncillorsSeeSuppressedCountsAndPractitionersAndAdministratorsAreRefused) {
  Browser councillor = signed_in("councillor");
  auto page = councillor.get("/planning");
  ASSERT_EQ(page->status, 200);
  // One child looked after on the start day is shown as c.
  EXPECT_NE(page->body.find("c children looked after on"), std::string::npos);
  auto api = nlohmann::json::parse(councillor.get("/api/v1/planning/forecast")->body);
  EXPECT_EQ(api["children_now"], "c");
  EXPECT_EQ(nlohmann::json::parse(signed_in("team_manager").get("/api/v1/planning/forecast")->body)["children_now"], 1);
  for (const char* role : {"practitioner", "partner_practitioner", "administrator"}) {
    Browser b = signed_in(role);
    EXPECT_EQ(b.get("/planning")->status, 403) << role;
    EXPECT_EQ(b.get("/api/v1/planning/forecast")->status, 403) << role;
    EXPECT_EQ(b.get("/home")->body.find("href=\"/planning\""), std::string::npos) << role;
  }
  EXPECT_EQ(Browser(server_->port()).get("/api/v1/planning/forecast")->status, 401);
}

// Every test on SQLite and on PostgreSQL (Web/PlanningPage.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Web, PlanningPage, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
