// The placement register and the sufficiency search over the tiny council
// plus the providers below. Postcodes are real (data/postcodes, ONSPD Nov 2025);
// their grid references are copied by hand into the lookup, and the miles
// were worked with Python's math.hypot / 1000 / 1.6093, rounded to 0.1:
//   child's home M1 1AE  384756,398553  Manchester E08000003 (the council here)
//   M5 4WT   382137,398564  Salford    dE 2619,  dN -11   -> 2619.0 m -> 1.627 -> 1.6
//   M14 5AA  385126,394982  Manchester dE -370,  dN 3571  -> 3590.1 m -> 2.231 -> 2.2
//   M20 2AA  383811,391052  Manchester dE 945,   dN 7501  -> 7560.3 m -> 4.698 -> 4.7
//   SK1 1AA  389357,390095  Stockport  dE -4601, dN 8458  -> 9628.4 m -> 5.983 -> 6.0
// Cara (child 3) is 13 on 2025-04-30 (born 2012-02-29), female, looked after,
// placed with provider 1 (AB1 3AA: not a real postcode, so no distance).
#include "casework/placements.h"

#include <map>

#include "casework/front_door_fixture.h"

namespace kith::casework {
namespace {

constexpr Date kToday = Date::ymd(2025, 4, 30);

constexpr const char* kProviders = R"sql(
UPDATE council SET ons_code = 'E08000003';
UPDATE cla_period SET home_postcode = 'M1 1AE' WHERE id = 1;
INSERT INTO placement_provider VALUES
  (10, 'Ardwick foster carers', 'in_house_fostering', 'PR1', 'M14 5AA', 2, 45000),
  (11, 'Didsbury Fostering', 'agency_fostering', 'PR4', 'M20 2AA', 3, 90000),
  (12, 'Salford Children''s Home', 'external_residential', 'PR4', 'M5 4WT', 2, 550000),
  (13, 'Stockport Supported Living', 'supported_accommodation', 'PR5', 'SK1 1AA', 6, 150000),
  (14, 'Full foster carers', 'in_house_fostering', 'PR1', 'M14 5AA', 1, 40000),
  (15, 'Boys'' Home', 'external_residential', 'PR4', 'M5 4WT', 4, 500000),
  (16, 'Little Ones carers', 'in_house_fostering', 'PR1', 'M14 5AA', 2, 40000),
  (17, 'Pending carers', 'in_house_fostering', 'PR1', 'M14 5AA', 2, 40000),
  (18, 'Secure Unit', 'secure', 'PR2', 'M5 4WT', 6, 800000);
INSERT INTO provider_registration VALUES
  (15, 'approved', '2020-01-01', 0, 17, 'M', 1),
  (16, 'approved', '2020-01-01', 0, 5, '', 1),
  (17, 'pending', NULL, 0, 17, '', 1);
-- Dan (child 4) was with provider 10 until 2025-04-01 (ended: not counted), now with 14 (full).
INSERT INTO cla_period VALUES (2, 4, 4, '2025-01-01', NULL, NULL, 'N1', 'M1 1AE', 1);
INSERT INTO placement (id, cla_period_id, provider_id, start_date, end_date, placement_type, provider_code, postcode, reason_change, weekly_cost_pence) VALUES
  (3, 2, 10, '2025-01-01', '2025-04-01', 'U4', 'PR1', 'M14 5AA', 'CARPL', 45000),
  (4, 2, 14, '2025-04-01', NULL, 'U4', 'PR1', 'M14 5AA', NULL, 40000);
)sql";

std::optional<PostcodePlace> lookup(std::string_view pc) {
  static const std::map<std::string, PostcodePlace, std::less<>> kPlaces = {
      {"M1 1AE", {384756, 398553, true, "E08000003"}}, {"M5 4WT", {382137, 398564, true, "E08000006"}},
      {"M14 5AA", {385126, 394982, true, "E08000003"}}, {"M20 2AA", {383811, 391052, true, "E08000003"}},
      {"SK1 1AA", {389357, 390095, true, "E08000007"}}};
  auto it = kPlaces.find(pc);
  if (it == kPlaces.end()) return std::nullopt;
  return it->second;
}

class PlacementsTest : public FrontDoorTest {
 protected:
  void SetUp() override {
    FrontDoorTest::SetUp();
    Status s = db_->exec(kProviders);
    ASSERT_TRUE(s.is_ok()) << s.message();
  }
  Result<PlacementSearchResult> search(std::optional<std::int64_t> budget = {}, Role role = Role::kLocalityManager) {
    return search_placements(*db_, *log_, as(role), {3, budget, ""}, lookup, kToday);
  }
  static std::vector<std::string> names(const PlacementSearchResult& r) {
    std::vector<std::string> out;
    for (const auto& o : r.options) out.push_back(o.provider.name);
    return out;
  }
  static ProviderForm good_form() {
    return {"Moss Side carers", "in_house_fostering", "m14 5aa", "", "approved", "2024-03-01", "2", "0", "17", "", "475.50", ""};
  }
};

TEST_P(PlacementsTest, VacanciesComeFromOpenPlacements) {
  struct Case {
    Id id;
    int current, vacancies;
  } cases[] = {{1, 1, 1},    // Cara's open placement 2 (placement 1 ended 2024-09-01); capacity 2
               {10, 0, 2},   // Dan's placement ended 2025-04-01
               {14, 1, 0},   // Dan is there now; capacity 1
               {11, 0, 3}};
  for (const Case& c : cases) {
    auto p = load_provider(*db_, c.id, kToday);
    ASSERT_TRUE(p.is_ok()) << p.status().message();
    EXPECT_EQ(p->current_children, c.current) << c.id;
    EXPECT_EQ(p->vacancies(), c.vacancies) << c.id;
  }
  // On 2025-03-15 Dan was still with provider 10, not yet with 14.
  EXPECT_EQ(load_provider(*db_, 10, Date::ymd(2025, 3, 15))->current_children, 1);
  EXPECT_EQ(load_provider(*db_, 14, Date::ymd(2025, 3, 15))->current_children, 0);
  EXPECT_EQ(load_provider(*db_, 99, kToday).status().code(), Status::Code::kNotFound);
}

TEST_P(PlacementsTest, TheRegisterFilters) {
  auto fostering = list_providers(*db_, {"in_house_fostering", "", false}, kToday);
  ASSERT_TRUE(fostering.is_ok());
  EXPECT_EQ(fostering->size(), 5u);  // 1, 10, 14, 16, 17
  auto pending = list_providers(*db_, {"", "pending", false}, kToday);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->front().name, "Pending carers");
  auto free = list_providers(*db_, {"in_house_fostering", "", true}, kToday);
  EXPECT_EQ(free->size(), 4u);  // 14 is full
}

TEST_P(PlacementsTest, SearchIsNearestFirstWithDistancesAndArea) {
  auto r = search();
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->home_postcode, "M1 1AE");
  EXPECT_TRUE(r->home_found);
  // Out: 13 (supported accommodation is for 16 and 17), 14 (full), 15 (boys only),
  // 16 (ages 0-5), 17 (pending), 18 (secure, never offered).
  EXPECT_EQ(names(*r), (std::vector<std::string>{"Salford Children's Home", "Ardwick foster carers", "Didsbury Fostering",
                                                 "In-house carers (Smith)"}));
  ASSERT_EQ(r->options.size(), 4u);
  EXPECT_DOUBLE_EQ(*r->options[0].miles, 1.6);
  EXPECT_DOUBLE_EQ(*r->options[1].miles, 2.2);
  EXPECT_DOUBLE_EQ(*r->options[2].miles, 4.7);
  EXPECT_FALSE(r->options[3].miles.has_value());
  EXPECT_EQ(r->options[0].in_area, std::optional<bool>(false));  // Salford
  EXPECT_EQ(r->options[1].in_area, std::optional<bool>(true));
  EXPECT_EQ(r->options[2].in_area, std::optional<bool>(true));
  EXPECT_FALSE(r->options[3].in_area.has_value());  // unknown postcode
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'placement_search' AND entity_id = '3'"), 1);
}

TEST_P(PlacementsTest, TheBudgetFilters) {
  EXPECT_EQ(names(*search(100000)), (std::vector<std::string>{"Ardwick foster carers", "Didsbury Fostering", "In-house carers (Smith)"}));
  EXPECT_EQ(names(*search(50000)), (std::vector<std::string>{"Ardwick foster carers"}));  // Smith is £520
  EXPECT_EQ(names(*search(45000)), (std::vector<std::string>{"Ardwick foster carers"}));  // at the budget is within it
  EXPECT_TRUE(search(44999)->options.empty());
}

TEST_P(PlacementsTest, AnOlderChildIsOfferedSupportedAccommodation) {
  // Cara at 16 (on 2028-03-01) may go to supported accommodation (6.0 miles, Stockport).
  auto r = search_placements(*db_, *log_, as(Role::kLocalityManager), {3, {}, "supported_accommodation"}, lookup, Date::ymd(2028, 3, 1));
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  ASSERT_EQ(r->options.size(), 1u);
  EXPECT_EQ(r->options[0].provider.name, "Stockport Supported Living");
  EXPECT_DOUBLE_EQ(*r->options[0].miles, 6.0);
  EXPECT_EQ(r->options[0].in_area, std::optional<bool>(false));
}

TEST_P(PlacementsTest, SearchChecksWhoIsAsking) {
  EXPECT_EQ(search({}, Role::kPractitioner).status().code(), Status::Code::kDenied);  // Cara is another team's child
  EXPECT_EQ(search({}, Role::kPartnerPractitioner).status().code(), Status::Code::kDenied);
  EXPECT_EQ(search({}, Role::kCouncillor).status().code(), Status::Code::kDenied);
  EXPECT_EQ(search_placements(*db_, *log_, as(Role::kLocalityManager), {999, {}, ""}, lookup, kToday).status().code(),
            Status::Code::kNotFound);
}

TEST_P(PlacementsTest, AddAndEditAreCheckedVersionedAndAudited) {
  auto id = add_provider(*db_, ctx(), good_form());
  ASSERT_TRUE(id.is_ok()) << id.status().message();
  auto p = load_provider(*db_, *id, kToday);
  EXPECT_EQ(p->postcode, "M14 5AA");
  EXPECT_EQ(p->weekly_cost_pence, 47550);
  EXPECT_EQ(p->provider_code, "PR1");
  EXPECT_EQ(p->version, 1);
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'placement_provider' AND action = 'create' AND entity_id = ?", {std::to_string(*id)}), 0 + 1);  // entity_id is TEXT

  ProviderForm edit = good_form();
  edit.capacity = "3";
  edit.version = "1";
  ASSERT_TRUE(edit_provider(*db_, ctx(), *id, edit).is_ok());
  EXPECT_EQ(load_provider(*db_, *id, kToday)->capacity, 3);
  EXPECT_EQ(load_provider(*db_, *id, kToday)->version, 2);
  // A second edit from the same stale form is refused and changes nothing.
  edit.capacity = "4";
  EXPECT_EQ(edit_provider(*db_, ctx(), *id, edit).code(), Status::Code::kConflict);
  EXPECT_EQ(load_provider(*db_, *id, kToday)->capacity, 3);
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'placement_provider' AND action = 'update'"), 1);
}

TEST_P(PlacementsTest, EveryProblemIsNamedByField) {
  struct Case {
    const char* field;
    std::string ProviderForm::*member;
    const char* value;
  } cases[] = {{"name", &ProviderForm::name, ""},
               {"provider_type", &ProviderForm::provider_type, "castle"},
               {"postcode", &ProviderForm::postcode, "not a postcode"},
               {"approval_status", &ProviderForm::approval_status, "maybe"},
               {"approval_date", &ProviderForm::approval_date, "01/03/2024"},
               {"capacity", &ProviderForm::capacity, "0"},
               {"min_age", &ProviderForm::min_age, "18"},
               {"max_age", &ProviderForm::max_age, "x"},
               {"sex_restriction", &ProviderForm::sex_restriction, "boys"},
               {"weekly_cost", &ProviderForm::weekly_cost, "12.345"}};
  EXPECT_TRUE(check_provider(good_form()).empty());
  for (const Case& c : cases) {
    ProviderForm f = good_form();
    f.*c.member = c.value;
    auto problems = check_provider(f);
    ASSERT_EQ(problems.size(), 1u) << c.field;
    EXPECT_EQ(problems[0].field, c.field);
  }
  ProviderForm home = good_form();
  home.provider_type = "external_residential";  // a children's home needs its Ofsted URN
  ASSERT_EQ(check_provider(home).size(), 1u);
  EXPECT_EQ(check_provider(home)[0].field, "ofsted_urn");
  home.ofsted_urn = "SC123456";
  EXPECT_TRUE(check_provider(home).empty());
  ProviderForm young = good_form();
  young.min_age = "10";
  young.max_age = "5";
  EXPECT_EQ(check_provider(young)[0].field, "max_age");
  EXPECT_EQ(add_provider(*db_, ctx(), young).status().code(), Status::Code::kInvalid);
}

TEST_P(PlacementsTest, PoundsAreParsed) {
  EXPECT_EQ(pounds_to_pence("650"), 65000);
  EXPECT_EQ(pounds_to_pence("650.5"), 65050);
  EXPECT_EQ(pounds_to_pence("\xC2\xA3" "1,650.05"), 165005);
  EXPECT_FALSE(pounds_to_pence("").has_value());
  EXPECT_FALSE(pounds_to_pence("-5").has_value());
  EXPECT_FALSE(pounds_to_pence("5.555").has_value());
}

// Every test on SQLite and on PostgreSQL (Casework/Suite.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Casework, PlacementsTest, testing::kBothBackends, testing::BackendName());

}  // namespace
}  // namespace kith::casework
