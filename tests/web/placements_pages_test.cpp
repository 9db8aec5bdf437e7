// The placement register and search pages, and partners' view of a child's
// record, through the real server on loopback over the web tests' council
// plus two real-postcode providers (distances worked by hand in
// tests/casework/placements_test.cpp: M1 1AE to M5 4WT 1.6 miles, Salford;
// to M14 5AA 2.2 miles, Manchester, the council here).
#include <gtest/gtest.h>

#include "client.h"
#include "fixture.h"

namespace kith::web::testing {
namespace {

constexpr const char* kExtras = R"sql(
UPDATE council SET ons_code = 'E08000003';
UPDATE cla_period SET home_postcode = 'M1 1AE' WHERE id = 1;
INSERT INTO placement_provider VALUES
  (10, 'Ardwick foster carers', 'in_house_fostering', 'PR1', 'M14 5AA', 2, 45000),
  (12, 'Salford Children''s Home', 'external_residential', 'PR4', 'M5 4WT', 2, 550000);
)sql";

class PlacementPages : public CouncilServerTest<PlacementPages> {
 public:  // prepare_council is called by CouncilServerTest
  static void prepare_council(const std::string& path) {
    auto db = store::Database::open(path, {});
    ASSERT_TRUE((*db)->exec(kExtras).is_ok());
  }
  static httplib::Params good_provider(const std::string& csrf) {
    return {{"csrf_token", csrf},       {"name", "Moss Side carers"}, {"provider_type", "in_house_fostering"},
            {"postcode", "M14 5AA"},    {"ofsted_urn", ""},           {"approval_status", "approved"},
            {"approval_date", "2024-03-01"}, {"capacity", "2"},       {"min_age", "0"},
            {"max_age", "17"},          {"sex_restriction", ""},      {"weekly_cost", "475"}};
  }
};

TEST_P(PlacementPages, WhoMayOpenTheRegister) {
  struct Case {
    const char* role;
    int status;
  } cases[] = {{"practitioner", 200}, {"team_manager", 200}, {"locality_manager", 200}, {"performance_analyst", 200},
               {"partner_practitioner", 403}, {"councillor", 403}, {"administrator", 403}};
  for (const Case& c : cases) {
    Browser b = signed_in(c.role);
    EXPECT_EQ(b.get("/placements/providers")->status, c.status) << c.role;
    // Only managers may open the add form.
    bool manager = std::string(c.role) == "team_manager" || std::string(c.role) == "locality_manager";
    EXPECT_EQ(b.get("/placements/providers/new")->status, manager ? 200 : 403) << c.role;
  }
  Browser visitor(server_->port());
  EXPECT_EQ(visitor.get("/placements/providers")->status, 303);  // to sign in
}

TEST_P(PlacementPages, TheRegisterShowsVacanciesAndFilters) {
  Browser b = signed_in("practitioner");
  auto all = b.get("/placements/providers");
  EXPECT_TRUE(has(all, "In-house carers (Smith)"));
  EXPECT_TRUE(has(all, "Salford Children&#39;s Home") || has(all, "Salford Children&#x27;s Home") || has(all, "Salford Children's Home"));
  auto fostering = b.get("/placements/providers?type=external_residential");
  EXPECT_FALSE(has(fostering, "Ardwick foster carers"));
  auto one = b.get("/placements/providers/1");
  ASSERT_EQ(one->status, 200);
  EXPECT_TRUE(has(one, "Current children"));
  EXPECT_EQ(b.get("/placements/providers/999")->status, 404);
}

TEST_P(PlacementPages, AddingNeedsAManagerAndTheCsrfToken) {
  Browser practitioner = signed_in("practitioner");
  auto page = practitioner.get("/placements/providers");
  EXPECT_EQ(practitioner.post_form("/placements/providers", good_provider(Browser::csrf_in(page->body)))->status, 403);

  Browser manager = signed_in("team_manager");
  auto form = manager.get("/placements/providers/new");
  std::string csrf = Browser::csrf_in(form->body);
  ASSERT_FALSE(csrf.empty());
  std::int64_t before = count("SELECT count(*) FROM placement_provider");
  EXPECT_EQ(manager.post_form("/placements/providers", good_provider("0123"))->status, 403);  // wrong token
  // A mistake: the form comes back with every typed value and the error.
  auto bad = good_provider(csrf);
  bad.erase("capacity");
  bad.emplace("capacity", "lots");
  auto again = manager.post_form("/placements/providers", bad);
  EXPECT_EQ(again->status, 400);
  EXPECT_TRUE(has(again, "<title>Error:"));
  EXPECT_TRUE(has(again, "href=\"#capacity\""));
  EXPECT_TRUE(has(again, "value=\"Moss Side carers\""));
  EXPECT_TRUE(has(again, "value=\"lots\""));
  EXPECT_EQ(count("SELECT count(*) FROM placement_provider"), before);
  auto saved = manager.post_form("/placements/providers", good_provider(csrf));
  ASSERT_EQ(saved->status, 303);
  EXPECT_EQ(count("SELECT count(*) FROM placement_provider"), before + 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_entry WHERE entity = 'placement_provider' AND action = 'create'"), 1);
  // Edit it: the form carries the version.
  std::string where = saved->get_header_value("Location");
  std::string id = where.substr(std::string("/placements/providers/").size(), where.find('?') - std::string("/placements/providers/").size());
  auto edit = manager.get("/placements/providers/" + id + "/edit");
  ASSERT_EQ(edit->status, 200);
  EXPECT_TRUE(has(edit, "name=\"version\" value=\"1\""));
  auto changed = good_provider(csrf);
  changed.emplace("version", "1");
  changed.erase("weekly_cost");
  changed.emplace("weekly_cost", "500");
  EXPECT_EQ(manager.post_form("/placements/providers/" + id, changed)->status, 303);
  EXPECT_EQ(count("SELECT weekly_cost_pence FROM placement_provider WHERE id = " + id), 50000);
  EXPECT_EQ(manager.post_form("/placements/providers/" + id, changed)->status, 409);  // stale version
}

TEST_P(PlacementPages, TheSearchListsNearestFirstWithCostAndArea) {
  // Cara (child 3) is the North Children in Care team's: the locality manager may search for her.
  Browser b = signed_in("locality_manager");
  auto child = b.get("/children/3");
  ASSERT_EQ(child->status, 200);
  EXPECT_TRUE(has(child, "href=\"/children/3/placement-search\""));
  auto r = b.get("/children/3/placement-search");
  ASSERT_EQ(r->status, 200);
  auto salford = r->body.find("1.6 miles"), ardwick = r->body.find("2.2 miles");
  ASSERT_NE(salford, std::string::npos);
  ASSERT_NE(ardwick, std::string::npos);
  EXPECT_LT(salford, ardwick);
  EXPECT_TRUE(has(r, "Out of area"));
  EXPECT_TRUE(has(r, "In area"));
  EXPECT_TRUE(has(r, "£5500"));
  // Within £1,000 a week the children's home drops out.
  auto cheap = b.get("/children/3/placement-search?budget=1000");
  EXPECT_FALSE(has(cheap, "1.6 miles"));
  EXPECT_TRUE(has(cheap, "2.2 miles"));
  auto bad = b.get("/children/3/placement-search?budget=lots");
  EXPECT_EQ(bad->status, 400);
  EXPECT_TRUE(has(bad, "value=\"lots\""));
  // Not the practitioner's child; partners never.
  EXPECT_EQ(signed_in("practitioner").get("/children/3/placement-search")->status, 403);
  EXPECT_EQ(signed_in("partner_practitioner").get("/children/1/placement-search")->status, 403);
}

TEST_P(PlacementPages, APartnerSeesTheirAgencysPartsAndAddsToTheChronology) {
  Browser fay = signed_in("partner_practitioner");  // health visitor in family 1's team around the family
  auto ada = fay.get("/children/1");
  ASSERT_EQ(ada->status, 200);
  EXPECT_TRUE(has(ada, "shared with health practitioners"));
  EXPECT_FALSE(has(ada, "Oakfield Primary School"));  // the school is not health's to see
  EXPECT_TRUE(has(ada, "AB1 2CD"));
  auto api = fay.get("/api/v1/children/1");
  ASSERT_EQ(api->status, 200);
  EXPECT_TRUE(has(api, "\"shared_as\":\"health\""));
  EXPECT_FALSE(has(api, "\"school\""));
  EXPECT_FALSE(has(api, "\"due\""));
  std::string csrf = Browser::csrf_in(ada->body);
  EXPECT_EQ(fay.post_form("/children/1/partner-notes", {{"csrf_token", "bad"}, {"summary", "x"}})->status, 403);
  auto empty = fay.post_form("/children/1/partner-notes", {{"csrf_token", csrf}, {"summary", ""}});
  EXPECT_EQ(empty->status, 400);
  EXPECT_EQ(fay.post_form("/children/1/partner-notes", {{"csrf_token", csrf}, {"summary", "Weighed at home: thriving"}})->status, 303);
  EXPECT_TRUE(has(signed_in("practitioner").get("/children/2"), "Health (Fay Visitor): Weighed at home: thriving"));
}

// Every test on SQLite and on PostgreSQL (Web/PlacementPages.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Web, PlacementPages, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
