// The front door, early help and directory pages against the web tests'
// council (fixture.h) plus one directory entry, through a real HTTP server.
#include <gtest/gtest.h>

#include "client.h"
#include "fixture.h"
#include "versioned_form.h"

namespace kith::web::testing {
namespace {

constexpr const char* kDirectorySql = R"sql(
INSERT INTO directory_service (id, family_hub_id, name, description, address, postcode, easting, northing, opening_times) VALUES
  (1, 1, 'North Family Hub', 'Support for families', '1 High Street', 'AB1 2CD', 400000, 300000, 'Monday to Friday 9am to 5pm'),
  (2, NULL, 'Money Advice', 'Debt and housing', '3 South Street', 'AB9 9ZZ', 410000, 290000, 'Mondays 10am to 4pm');
INSERT INTO directory_offer VALUES (1, 'parenting'), (2, 'money_housing');
INSERT INTO team VALUES (4, 1, 1, 'North Early Help', 'early_help');
)sql";

class FrontDoorPages : public CouncilServerTest<FrontDoorPages> {
 public:  // prepare_council is called by CouncilServerTest
  static void prepare_council(const std::string& path) {
    auto db = store::Database::open(path, {});
    ASSERT_TRUE((*db)->exec(kDirectorySql).is_ok());
  }
  // A new-contact form that passes validation, with the page's CSRF token.
  static httplib::Params good_contact(const std::string& csrf) {
    return {{"csrf_token", csrf}, {"source", "school"},  {"referrer_name", "Ms Patel"}, {"forename", "Jo"},
            {"surname", "Jones"}, {"sex", "F"},          {"postcode", "AB1 2CD"},      {"school_id", "1"}};
  }
};

TEST_P(FrontDoorPages, TheDirectoryIsPublicAndFilters) {
  Browser visitor(server_->port());
  auto all = visitor.get("/directory");
  ASSERT_EQ(all->status, 200);
  EXPECT_NE(all->body.find("North Family Hub"), std::string::npos);
  EXPECT_NE(all->body.find("Money Advice"), std::string::npos);
  auto money = visitor.get("/directory?offer=money_housing");
  EXPECT_EQ(money->body.find("North Family Hub"), std::string::npos);
  EXPECT_NE(money->body.find("Money Advice"), std::string::npos);
  // From AB9 9ZZ, Money Advice (0 miles) comes before the North hub.
  auto near = visitor.get("/directory?postcode=ab99zz");
  EXPECT_LT(near->body.find("Money Advice"), near->body.find("North Family Hub"));
  EXPECT_NE(near->body.find("nearest first"), std::string::npos);
  auto bad = visitor.get("/directory?postcode=nowhere");
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("href=\"#postcode\""), std::string::npos);
  EXPECT_NE(bad->body.find("value=\"nowhere\""), std::string::npos) << "the search keeps what was typed";
}

TEST_P(FrontDoorPages, OnlyPractitionersAndManagersOpenTheFrontDoor) {
  Browser visitor(server_->port());
  auto anonymous = visitor.get("/front-door");
  EXPECT_EQ(anonymous->status, 303);
  EXPECT_EQ(anonymous->get_header_value("Location"), "/sign-in");
  for (const char* role : {"practitioner", "team_manager", "locality_manager"}) EXPECT_EQ(signed_in(role).get("/front-door")->status, 200) << role;
  for (const char* role : {"partner_practitioner", "councillor", "performance_analyst", "administrator"})
    EXPECT_EQ(signed_in(role).get("/front-door")->status, 403) << role;
  // A partner cannot record a contact even with a valid form token.
  Browser partner = signed_in("partner_practitioner");
  std::string csrf = Browser::csrf_in(partner.get("/my-work")->body);
  auto refused = partner.post_form("/front-door/contacts", good_contact(csrf));
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(count("SELECT count(*) FROM contact WHERE referrer_name = 'Ms Patel'"), 0);
}

TEST_P(FrontDoorPages, APostWithoutTheFormTokenIsRefusedAndWritesNothing) {
  Browser b = signed_in("practitioner");
  auto before = count("SELECT count(*) FROM contact");
  auto r = b.post_form("/front-door/contacts", good_contact("not-the-token"));
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(count("SELECT count(*) FROM contact"), before);
}

TEST_P(FrontDoorPages, AValidationErrorKeepsWhatWasTypedAndNamesTheField) {
  Browser b = signed_in("practitioner");
  std::string csrf = Browser::csrf_in(b.get("/front-door")->body);
  httplib::Params form = good_contact(csrf);
  form.erase("surname");
  form.emplace("surname", "");
  form.erase("referrer_name");
  form.emplace("referrer_name", "Ms <Patel>");
  auto r = b.post_form("/front-door/contacts", form);
  ASSERT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("<title>Error: Front door"), std::string::npos);
  EXPECT_NE(r->body.find("govuk-error-summary"), std::string::npos);
  EXPECT_NE(r->body.find("<a href=\"#surname\">Enter the child&#39;s last name</a>"), std::string::npos);
  EXPECT_NE(r->body.find("id=\"forename\" name=\"forename\" type=\"text\" value=\"Jo\""), std::string::npos);
  EXPECT_NE(r->body.find("value=\"Ms &lt;Patel&gt;\""), std::string::npos) << "kept and escaped";
  EXPECT_NE(r->body.find("value=\"school\" checked"), std::string::npos) << "the chosen radio stays chosen";
  EXPECT_NE(r->body.find("<option value=\"1\" selected>"), std::string::npos) << "the chosen school stays chosen";
}

TEST_P(FrontDoorPages, AContactGoesFromConversationToEarlyHelp) {
  Browser b = signed_in("practitioner");
  std::string csrf = Browser::csrf_in(b.get("/front-door")->body);
  auto made = b.post_form("/front-door/contacts", good_contact(csrf));
  ASSERT_EQ(made->status, 303) << made->body;
  std::string where = made->get_header_value("Location");
  ASSERT_EQ(where.rfind("/front-door/contacts/", 0), 0u);
  auto page = b.get(where);
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("North Early Help"), std::string::npos) << "routing suggested from AB1 2CD";
  // The decision form keeps the conversation when the decision is missing.
  auto missing = b.post_form(where + "/decision", {{"csrf_token", csrf}, {"needs", "Sleep & routines"}, {"best_placed", "Hub key worker"}});
  ASSERT_EQ(missing->status, 400);
  EXPECT_NE(missing->body.find("href=\"#decision\""), std::string::npos);
  EXPECT_NE(missing->body.find(">Sleep &amp; routines</textarea>"), std::string::npos);
  EXPECT_NE(missing->body.find("value=\"Hub key worker\""), std::string::npos);
  EXPECT_EQ(version_in(missing->body, where + "/decision"), where.substr(where.rfind('/') + 1) + ":1");  // a new contact, version 1
  auto decided = b.post_form(where + "/decision", {{"csrf_token", csrf}, {"version", version_in(page->body, where + "/decision")},
                                                   {"needs", "Sleep & routines"}, {"decision", "early_help"},
                                                   {"check_agency_1", "police"}, {"check_finding_1", "nothing known"}});
  ASSERT_EQ(decided->status, 303) << decided->body;
  auto after = b.get(decided->get_header_value("Location"));
  EXPECT_NE(after->body.find("The decision has been saved."), std::string::npos);
  EXPECT_NE(after->body.find("nothing known"), std::string::npos);
  std::int64_t family = count("SELECT family_id FROM contact WHERE referrer_name = 'Ms Patel' AND decision = 'early_help'");
  auto eh = b.get("/families/" + std::to_string(family) + "/early-help");
  ASSERT_EQ(eh->status, 200);
  EXPECT_NE(eh->body.find("Early help started for the family"), std::string::npos);
  EXPECT_NE(eh->body.find("North Early Help"), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM audit_entry WHERE entity = 'conversation' AND actor = 'practitioner'"), 1);
  // A review without a date is refused, keeping the progress typed.
  std::string review = "/families/" + std::to_string(family) + "/early-help/reviews";
  auto bad = b.post_form(review, {{"csrf_token", csrf}, {"progress", "Calmer bedtimes"}, {"review_decision", "continue"}});
  ASSERT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("href=\"#review_date\""), std::string::npos);
  EXPECT_NE(bad->body.find(">Calmer bedtimes</textarea>"), std::string::npos);
}

TEST_P(FrontDoorPages, OnlyManagersReassignAndMustGiveAReason) {
  Browser b = signed_in("practitioner");
  std::string csrf = Browser::csrf_in(b.get("/front-door")->body);
  auto made = b.post_form("/front-door/contacts", good_contact(csrf));
  std::string where = made->get_header_value("Location");
  EXPECT_EQ(b.post_form(where + "/routing", {{"csrf_token", csrf}, {"locality_id", "2"}, {"routing_reason", "moving"}})->status, 403);
  Browser manager = signed_in("team_manager");
  auto page = manager.get(where);
  EXPECT_NE(page->body.find("Reassign the family"), std::string::npos);
  std::string mcsrf = Browser::csrf_in(page->body);
  auto no_reason = manager.post_form(where + "/routing", {{"csrf_token", mcsrf}, {"locality_id", "2"}, {"family_hub_id", "2"}});
  ASSERT_EQ(no_reason->status, 400);
  EXPECT_NE(no_reason->body.find("href=\"#routing_reason\""), std::string::npos);
  auto ok = manager.post_form(where + "/routing", {{"csrf_token", mcsrf}, {"locality_id", "2"}, {"family_hub_id", "2"}, {"team_id", "3"},
                                                   {"routing_reason", "Family moving to the South"}});
  ASSERT_EQ(ok->status, 303);
  auto shown = manager.get(ok->get_header_value("Location"));
  EXPECT_NE(shown->body.find("Reassigned by team_manager: Family moving to the South"), std::string::npos);
  EXPECT_NE(shown->body.find("Routing history"), std::string::npos);
}

// Every test on SQLite and on PostgreSQL (Web/FrontDoorPages.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Web, FrontDoorPages, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
