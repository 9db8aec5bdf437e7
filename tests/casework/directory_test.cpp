// The family services directory over the front door extras (front_door_fixture.h).
#include "casework/directory.h"

#include "casework/front_door_fixture.h"

namespace kith::casework {
namespace {

using DirectoryTest = FrontDoorTest;

std::vector<std::string> names(const DirectoryResult& r) {
  std::vector<std::string> out;
  for (const auto& s : r.services) out.push_back(s.name);
  return out;
}

TEST_P(DirectoryTest, WithoutAPostcodeServicesAreByName) {
  auto all = search_directory(*db_, {});
  ASSERT_TRUE(all.is_ok()) << all.status().message();
  EXPECT_EQ(names(*all), (std::vector<std::string>{"Money Advice", "North East Family Hub", "North Family Hub"}));
  EXPECT_FALSE(all->postcode_found);
}

TEST_P(DirectoryTest, TheOfferFilters) {
  EXPECT_EQ(names(*search_directory(*db_, {"parenting", ""})), (std::vector<std::string>{"North East Family Hub", "North Family Hub"}));
  EXPECT_EQ(names(*search_directory(*db_, {"money_housing", ""})), (std::vector<std::string>{"Money Advice"}));
  EXPECT_TRUE(search_directory(*db_, {"youth", ""})->services.empty());
}

TEST_P(DirectoryTest, APostcodeListsTheNearestFirstWithDistances) {
  // From AB1 5QQ (403000,300000): North East hub 1 km, North hub 3 km,
  // Money Advice sqrt(7000^2 + 10000^2) = 12207 m.
  auto r = search_directory(*db_, {"", "ab15qq"});
  ASSERT_TRUE(r->postcode_found);
  EXPECT_EQ(names(*r), (std::vector<std::string>{"North East Family Hub", "North Family Hub", "Money Advice"}));
  EXPECT_NEAR(*r->services[0].distance_miles, 1000 / 1609.344, 1e-9);
  EXPECT_NEAR(*r->services[1].distance_miles, 3000 / 1609.344, 1e-9);
  EXPECT_NEAR(*r->services[2].distance_miles, 12206.555615733702 / 1609.344, 1e-6);
  // A postcode the council does not know (and no district match): by name, flagged.
  auto unknown = search_directory(*db_, {"", "ZZ9 9ZZ"});
  EXPECT_FALSE(unknown->postcode_found);
  EXPECT_EQ(unknown->services.front().name, "Money Advice");
}

TEST_P(DirectoryTest, AServiceCarriesItsOffersAndOutreach) {
  auto s = directory_service(*db_, 1);
  ASSERT_TRUE(s.is_ok());
  EXPECT_EQ(s->offers, (std::vector<std::string>{"early_years", "parenting"}));
  ASSERT_EQ(s->outreach.size(), 1u);
  EXPECT_EQ(s->outreach[0].sessions, "Stay and play, Tuesdays 10am");
  EXPECT_EQ(directory_service(*db_, 99).status().code(), Status::Code::kNotFound);
  EXPECT_EQ(offer_label("send"), "Special educational needs and disabilities (SEND)");
  EXPECT_EQ(offer_label("nonsense"), "");
}

// Every test on SQLite and on PostgreSQL (Casework/Suite.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Casework, DirectoryTest, testing::kBothBackends, testing::BackendName());

}  // namespace
}  // namespace kith::casework
