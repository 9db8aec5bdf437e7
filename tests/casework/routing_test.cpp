// Routing over the tiny council plus the front door extras (front_door_fixture.h).
#include "casework/routing.h"

#include "casework/front_door_fixture.h"

namespace kith::casework {
namespace {

const Date kToday = Date::ymd(2025, 4, 30);

TEST(NormalisePostcode, AcceptsUkShapesOnly) {
  const std::pair<const char*, const char*> cases[] = {
      {"ab12cd", "AB1 2CD"}, {" AB1  2CD ", "AB1 2CD"}, {"sw1a1aa", "SW1A 1AA"}, {"M11AE", "M1 1AE"},
      {"", ""},              {"AB1", ""},               {"AB1 2C!", ""},         {"123 4AB", ""}, {"AB1 2C3", ""}};
  for (const auto& [in, out] : cases) EXPECT_EQ(normalise_postcode(in), out) << in;
}

using RoutingTest = FrontDoorTest;

TEST_P(RoutingTest, AKnownPostcodeGivesItsLocalityNearestHubAndThatHubsTeam) {
  // AB1 2CD is address 1 (400000,300000) in North; hub 1 is 0 m away, hub 3 2 km.
  auto s = suggest_routing(*db_, "ab1 2cd", std::nullopt);
  ASSERT_TRUE(s.is_ok()) << s.status().message();
  EXPECT_EQ(s->basis, "postcode");
  EXPECT_EQ(s->locality_id, 1);
  EXPECT_EQ(s->family_hub_id, 1);
  EXPECT_EQ(s->team_id, 4);
  EXPECT_EQ(s->team, "North Early Help");
  // AB1 5QQ (403000,300000): hub 1 is 3 km away, hub 3 1 km: hub 3 and its team 5.
  auto east = suggest_routing(*db_, "AB1 5QQ", std::nullopt);
  EXPECT_EQ(east->family_hub_id, 3);
  EXPECT_EQ(east->team_id, 5);
}

TEST_P(RoutingTest, AnUnknownPostcodeFallsBackToItsDistrict) {
  // AB1 7ZZ is not an address; district AB1 has addresses 1 and 3, both North,
  // averaging (401500,300000): 1.5 km from hub 1, 0.5 km from hub 3.
  auto s = suggest_routing(*db_, "AB1 7ZZ", std::nullopt);
  EXPECT_EQ(s->basis, "postcode_district");
  EXPECT_EQ(s->locality_id, 1);
  EXPECT_EQ(s->family_hub_id, 3);
}

TEST_P(RoutingTest, TheSchoolDecidesOnlyWhenThePostcodeIsUnknown) {
  // School 1 is in learning community 1, in North. No grid: the locality's first hub.
  auto by_school = suggest_routing(*db_, "ZZ9 9ZZ", 1);
  EXPECT_EQ(by_school->basis, "school");
  EXPECT_EQ(by_school->locality_id, 1);
  EXPECT_EQ(by_school->family_hub_id, 1);
  // A South family whose child goes to the North school: where they live wins, with a note.
  auto south = suggest_routing(*db_, "AB9 9ZZ", 1, "assessment");
  EXPECT_EQ(south->locality_id, 2);
  EXPECT_EQ(south->family_hub_id, 2);
  EXPECT_EQ(south->team_id, 3);
  ASSERT_EQ(south->notes.size(), 1u);
  EXPECT_EQ(south->notes[0], "The child's school is in North locality; the family lives in South.");
  // No early help team in South: no team suggested rather than a wrong one.
  EXPECT_FALSE(suggest_routing(*db_, "AB9 9ZZ", std::nullopt)->team_id.has_value());
  EXPECT_EQ(suggest_routing(*db_, "not a postcode", std::nullopt)->basis, "none");
}

TEST_P(RoutingTest, OnlyManagersReassignAndTheyMustSayWhy) {
  Reassignment r{1, 2, 2, 3, "", kToday};
  EXPECT_EQ(reassign_routing(*db_, ctx(), as(Role::kPractitioner), r).status().code(), Status::Code::kDenied);
  EXPECT_EQ(reassign_routing(*db_, ctx(), as(Role::kTeamManager), r).status().message(),
            "reason: say why the family is being routed differently");
  r.reason = "family moving to the South next week";
  r.family_hub_id = 1;  // a North hub for a South locality
  EXPECT_EQ(reassign_routing(*db_, ctx(), as(Role::kTeamManager), r).status().message(),
            "family_hub_id: the hub is not in the chosen locality");
  EXPECT_EQ(n("SELECT count(*) FROM routing"), 0) << "nothing written";
}

TEST_P(RoutingTest, AReassignmentKeepsHistoryMovesTheFamilyAndIsAudited) {
  RoutingSuggestion first = *suggest_routing(*db_, "AB1 2CD", std::nullopt);
  ASSERT_TRUE(store_routing(*db_, 1, std::nullopt, first, kToday.plus_days(-1), "practitioner").is_ok());
  auto id = reassign_routing(*db_, {*log_, "team_manager", "routing"}, as(Role::kTeamManager),
                             {1, 2, 2, 3, "family moving to the South next week", kToday});
  ASSERT_TRUE(id.is_ok()) << id.status().message();
  auto history = routing_history(*db_, 1);
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].locality, "North");
  EXPECT_EQ((*history)[1].locality, "South");
  EXPECT_EQ((*history)[1].basis, "manager");
  EXPECT_EQ((*history)[1].reason, "family moving to the South next week");
  EXPECT_EQ(n("SELECT locality_id FROM family WHERE id = 1"), 2);
  EXPECT_EQ(n("SELECT version FROM family WHERE id = 1"), 2);
  auto audit = log_->history(*db_, "routing", std::to_string(*id), 5);
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].event.actor, "team_manager");
}

// Every test on SQLite and on PostgreSQL (Casework/Suite.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Casework, RoutingTest, testing::kBothBackends, testing::BackendName());

}  // namespace
}  // namespace kith::casework
