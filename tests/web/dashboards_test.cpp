// The dashboards and the programme tracker over the web fixture's tiny
// council ("today" 30 April 2025, so the latest quarter ends 31 March 2025),
// with the shipped example programme loaded: who may open each page, that
// councillors see no count from 1 to 5 and no name, and that every chart is
// an accessible SVG with its table.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "audit/audit_log.h"
#include "client.h"
#include "fixture.h"
#include "insight/programme.h"

namespace kith::web::testing {
namespace {

class Dashboards : public CouncilServerTest<Dashboards> {
 public:  // prepare_council is called by CouncilServerTest
  // The example transformation programme (data/programme/programme.json).
  static void prepare_council(const std::string& path) { load_example_programme(path); }
};

struct Access {
  const char* path;
  const char* role;
  int status;
};

// North is locality 1 (the locality and team managers'), South is 2.
const Access kAccess[] = {
    {"/dashboards/director", "performance_analyst", 200},
    {"/dashboards/director", "councillor", 200},
    {"/dashboards/director", "locality_manager", 403},
    {"/dashboards/director", "team_manager", 403},
    {"/dashboards/director", "practitioner", 403},
    {"/dashboards/director", "partner_practitioner", 403},
    {"/dashboards/director", "administrator", 403},
    {"/dashboards/corporate-parenting", "performance_analyst", 200},
    {"/dashboards/corporate-parenting", "councillor", 200},
    {"/dashboards/corporate-parenting", "locality_manager", 200},
    {"/dashboards/corporate-parenting", "team_manager", 403},
    {"/dashboards/corporate-parenting", "practitioner", 403},
    {"/dashboards/corporate-parenting", "administrator", 403},
    {"/dashboards/locality/1", "locality_manager", 200},
    {"/dashboards/locality/1", "team_manager", 200},
    {"/dashboards/locality/2", "locality_manager", 403},
    {"/dashboards/locality/2", "team_manager", 403},
    {"/dashboards/locality/2", "performance_analyst", 200},
    {"/dashboards/locality/2", "councillor", 200},
    {"/dashboards/locality/1", "practitioner", 403},
    {"/dashboards/locality/1", "partner_practitioner", 403},
    {"/dashboards/locality/1", "administrator", 403},
    {"/dashboards/locality/99", "performance_analyst", 404},
    {"/programme", "performance_analyst", 200},
    {"/programme", "councillor", 200},
    {"/programme", "locality_manager", 200},
    {"/programme", "team_manager", 200},
    {"/programme", "practitioner", 403},
    {"/programme", "partner_practitioner", 403},
    {"/programme", "administrator", 403},
};

TEST_P(Dashboards, EachPageOpensForTheRolesAllowedAndIsRefusedToOthers) {
  for (const Access& a : kAccess) {
    Browser b = signed_in(a.role);
    auto page = b.get(a.path);
    ASSERT_TRUE(page) << a.path;
    EXPECT_EQ(page->status, a.status) << a.path << " as " << a.role;
  }
  Browser visitor(server_->port());
  EXPECT_EQ(visitor.get("/dashboards/director")->status, 303) << "not signed in: to the sign-in page";
}

// Cells of every table (<td>), tags stripped.
std::vector<std::string> data_cells(const std::string& html) {
  static const std::regex kCell(R"re(<td class="govuk-table__cell[^"]*">(.*?)</td>)re");
  static const std::regex kTag("<[^>]*>");
  std::vector<std::string> out;
  for (std::sregex_iterator it(html.begin(), html.end(), kCell), end; it != end; ++it) out.push_back(std::regex_replace((*it)[1].str(), kTag, ""));
  return out;
}

// Every name in the tiny council: children and family (person table) and workers.
const char* const kNames[] = {"Ada", "Ben", "Cara", "Dan", "Eli", "Pat", "Alex Social", "Bea Social", "Cal Manager",
                              "Dee Locality", "Eve Social", "Fay Visitor", "Gus Former"};

TEST_P(Dashboards, CouncillorsSeeNoCountFromOneToFiveAndNoNames) {
  Browser councillor = signed_in("councillor");
  for (const char* path : {"/dashboards/director", "/dashboards/corporate-parenting", "/dashboards/locality/1", "/dashboards/locality/2", "/programme"}) {
    SCOPED_TRACE(path);
    auto page = councillor.get(path);
    ASSERT_EQ(page->status, 200);
    auto cells = data_cells(page->body);
    EXPECT_GT(cells.size(), 10u);
    for (const std::string& cell : cells) EXPECT_FALSE(std::regex_match(cell, std::regex("[1-5]"))) << "a count of 1-5: " << cell;
    for (const char* name : kNames)
      EXPECT_FALSE(std::regex_search(page->body, std::regex(std::string("\\b") + name + "\\b"))) << name;
    EXPECT_EQ(page->body.find("alert("), std::string::npos) << "Eli's surname";
    EXPECT_NE(page->body.find("shown as c"), std::string::npos) << "the suppression is explained";
  }
}

// Cara is the tiny council's only child looked after on 31 March 2025: the analyst sees 1, the councillor c.
TEST_P(Dashboards, TheSameFigureIsExactForAnalystsAndSuppressedForCouncillors) {
  auto last_cell = [](const std::string& html, const std::string& table_id) {
    std::size_t from = html.find("id=\"" + table_id + "\"");
    EXPECT_NE(from, std::string::npos) << table_id;
    std::string table = html.substr(from, html.find("</table>", from) - from);
    static const std::regex kRow(R"re(<th scope="row" class="govuk-table__header">Mar 2025</th><td[^>]*>([^<]*)</td>)re");
    std::smatch m;
    return std::regex_search(table, m, kRow) ? m[1].str() : std::string("(no Mar 2025 row)");
  };
  EXPECT_EQ(last_cell(signed_in("performance_analyst").get("/dashboards/director")->body, "cla-per-10k-count-table"), "1");
  EXPECT_EQ(last_cell(signed_in("councillor").get("/dashboards/director")->body, "cla-per-10k-count-table"), "c");
}

TEST_P(Dashboards, ChartsAreAccessibleSvgsEachFollowedByItsTable) {
  auto page = signed_in("performance_analyst").get("/dashboards/corporate-parenting");
  ASSERT_EQ(page->status, 200);
  const std::string& html = page->body;
  std::size_t svgs = 0, titled = 0;
  for (std::size_t at = html.find("<svg"); at != std::string::npos; at = html.find("<svg", at + 1)) {
    ++svgs;
    std::string svg = html.substr(at, html.find("</svg>", at) - at);
    titled += svg.find("role=\"img\"") != std::string::npos && svg.find("<title id=") != std::string::npos &&
              svg.find("<desc id=") != std::string::npos;
    std::size_t next_details = html.find("Show the data as a table", at), next_svg = html.find("<svg", at + 1);
    EXPECT_LT(next_details, next_svg) << "every chart has its table before the next chart";
  }
  EXPECT_EQ(svgs, 13u) << "six health, two education, three stability, two care leaver measures";
  EXPECT_EQ(titled, svgs);
  for (const char* heading : {"up-to-date health assessment", "dental check", "up-to-date immunisations", "education, health and care plan"})
    EXPECT_NE(html.find(heading), std::string::npos) << heading;
  EXPECT_EQ(html.find("<script>"), std::string::npos) << "no inline script";
}

TEST_P(Dashboards, TheProgrammeShowsMilestonesWithTheirMeasuresAgainstLiveValues) {
  auto page = signed_in("performance_analyst").get("/programme");
  ASSERT_EQ(page->status, 200);
  const std::string& html = page->body;
  for (const char* text : {"Strengthening families: early intervention redesign", "Looked-after children from 697 to 500-600",
                           "Director of Children&#39;s Services", "Measures against their targets", "scaled to the live baseline"})
    EXPECT_NE(html.find(text), std::string::npos) << text;
  // The looked-after measure: baseline quarter to 31 March 2025 = Cara = 1 child; the target scales to 500/697 .. 600/697 of it.
  EXPECT_NE(html.find("0.7 to 0.9"), std::string::npos) << "500/697 and 600/697 of one child";
  auto councillor = signed_in("councillor").get("/programme")->body;
  EXPECT_EQ(councillor.find("0.7 to 0.9"), std::string::npos) << "a target scaled from a suppressed baseline would reveal it";
  for (const char* tag : {"Done", "On track", "At risk", "Off track", "Not started"}) EXPECT_NE(html.find(tag), std::string::npos) << tag;
}

TEST_P(Dashboards, NavigationLeadsToTheDashboards) {
  EXPECT_NE(signed_in("councillor").get("/home")->body.find("href=\"/dashboards/director\""), std::string::npos);
  EXPECT_NE(signed_in("locality_manager").get("/programme")->body.find("href=\"/dashboards/locality/1\""), std::string::npos);
}

// Every test on SQLite and on PostgreSQL (Web/Dashboards.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Web, Dashboards, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
