// The sufficiency search over a seeded synthetic register of 400 providers
// (every kind, approval status, age range and sex restriction; postcodes
// shared, unknown or without a grid reference; names repeated so ties fall to
// the id) and 300 placements open and ended, compared with a brute-force
// recomputation: every provider read back, its current children counted from
// the placement rows in C++, the search's conditions applied one by one and
// the whole list sorted nearest first. With a limit, the search must give the
// brute force's first `limit` and say whether there are more.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <sstream>

#include "casework/front_door_fixture.h"
#include "casework/placements.h"
#include "model/distance.h"

namespace kith::casework {
namespace {

constexpr Date kToday = Date::ymd(2025, 4, 30);  // Cara (child 3, born 2012-02-29, F) is 13
constexpr const char* kCouncilLa = "E08000003";

// Synthetic postcodes "ZZn 1AA": 60 places on a grid 4 km apart (so many
// providers share a distance), two without a grid reference, two in another
// authority; "QQ9 9QQ" is unknown to the lookup.
std::optional<PostcodePlace> lookup(std::string_view pc) {
  if (pc == "HOME 1AA") return PostcodePlace{400000, 300000, true, kCouncilLa};
  if (pc.substr(0, 2) != "ZZ") return std::nullopt;
  int n = std::stoi(std::string(pc.substr(2, pc.find(' ') - 2)));
  if (n >= 60) return std::nullopt;
  PostcodePlace p{400000 + (n % 8 - 4) * 4000, 300000 + (n / 8 - 4) * 4000, n != 7 && n != 13, n % 5 == 0 ? "E08000006" : kCouncilLa};
  if (!p.has_grid) p.easting = p.northing = 0;
  return p;
}

struct Row {
  Id id;
  std::string name, type, postcode, status, sex;
  int capacity, min_age, max_age;
  std::int64_t pence;
  int current = 0;
};

class PlacementSearchTest : public FrontDoorTest {
 protected:
  void SetUp() override {
    FrontDoorTest::SetUp();
    std::mt19937 rng(424242);
    auto below = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    const char* kinds[] = {"in_house_fostering", "agency_fostering", "kinship", "in_house_residential", "external_residential",
                           "supported_accommodation", "secure", "other"};
    const char* statuses[] = {"approved", "approved", "approved", "pending", "suspended", "deregistered"};
    std::ostringstream sql;
    sql << "UPDATE council SET ons_code = '" << kCouncilLa << "';\nUPDATE cla_period SET home_postcode = 'HOME 1AA' WHERE id = 1;\n";
    for (Id id = 100; id < 500; ++id) {
      std::string postcode = below(20) == 0 ? "QQ9 9QQ" : "ZZ" + std::to_string(below(62)) + " 1AA";
      sql << "INSERT INTO placement_provider VALUES (" << id << ", 'Carers " << char('A' + below(12)) << "', '" << kinds[below(8)] << "', 'PR1', '"
          << postcode << "', " << 1 + below(4) << ", " << 20000 + 1000 * below(100) << ");\n";
      if (below(3) == 0) {
        int lo = below(14);
        sql << "INSERT INTO provider_registration VALUES (" << id << ", '" << statuses[below(6)] << "', '2020-01-01', " << lo << ", "
            << lo + below(18 - lo) << ", '" << (below(4) == 0 ? "M" : below(4) == 0 ? "F" : "") << "', 1);\n";
      }
    }
    // Periods of care for the placements: open, ended before today, ending after it.
    sql << "INSERT INTO cla_period (id, person_id, start_date, end_date, category_of_need) VALUES (50, 1, '2024-01-01', NULL, 'N1'), "
           "(51, 2, '2023-01-01', '2025-01-01', 'N1'), (52, 4, '2024-06-01', '2025-06-01', 'N1');\n";
    for (Id id = 100; id < 400; ++id) {
      Date start = Date::ymd(2024, 1, 1).plus_days(below(600));  // some start after today
      std::string end = below(2) ? "NULL" : "'" + start.plus_days(below(300)).iso() + "'";
      sql << "INSERT INTO placement (id, cla_period_id, provider_id, start_date, end_date, placement_type, provider_code) VALUES (" << id << ", "
          << 50 + below(3) << ", " << 100 + below(400) << ", '" << start.iso() << "', " << end << ", 'U4', 'PR1');\n";
    }
    Status s = db_->exec(sql.str());
    ASSERT_TRUE(s.is_ok()) << s.message();
  }

  // The brute force: every provider, current children counted in C++, each condition applied, all sorted.
  std::vector<Id> brute_force(std::optional<std::int64_t> budget, const std::string& type) {
    std::map<Id, Row> register_rows;
    EXPECT_TRUE(db_->run("SELECT p.id, p.name, p.provider_type, p.postcode, p.capacity, p.weekly_cost_pence, r.approval_status, r.min_age, "
                         "r.max_age, r.sex_restriction FROM placement_provider p LEFT JOIN provider_registration r ON r.provider_id = p.id",
                         {}, [&](const store::Statement& s) {
                           Row row{s.int64(0), s.text(1), s.text(2), s.text(3), s.is_null(6) ? "approved" : s.text(6),
                                   s.is_null(9) ? "" : s.text(9), int(s.int64(4)), s.is_null(7) ? 0 : int(s.int64(7)),
                                   s.is_null(8) ? 17 : int(s.int64(8)), s.int64(5)};
                           register_rows[row.id] = row;
                         })
                    .is_ok());
    EXPECT_TRUE(db_->run("SELECT pl.provider_id, pl.start_date, pl.end_date, c.end_date FROM placement pl JOIN cla_period c ON c.id = pl.cla_period_id "
                         "WHERE pl.provider_id IS NOT NULL",
                         {}, [&](const store::Statement& s) {
                           auto start = s.date(1), end = s.date(2), period_end = s.date(3);
                           bool open = *start <= kToday && (!end || *end > kToday) && (!period_end || *period_end > kToday);
                           if (open) ++register_rows[s.int64(0)].current;
                         })
                    .is_ok());
    struct Option {
      Id id;
      std::string name;
      std::optional<double> miles;
    };
    std::vector<Option> options;
    const int age = 13;
    auto home = lookup("HOME 1AA");
    for (const auto& [id, p] : register_rows) {
      if (p.type == "secure" || p.type == "other" || p.status != "approved" || p.current >= p.capacity) continue;
      if (!type.empty() && p.type != type) continue;
      if (age < (p.type == "supported_accommodation" ? std::max(p.min_age, 16) : p.min_age) || age > p.max_age) continue;
      if (!p.sex.empty() && p.sex != "F") continue;
      if (budget && p.pence > *budget) continue;
      auto at = lookup(p.postcode);
      std::optional<double> miles;
      if (at && at->has_grid) miles = straight_line_miles({home->easting, home->northing}, {at->easting, at->northing});
      options.push_back({id, p.name, miles});
    }
    std::sort(options.begin(), options.end(), [](const Option& a, const Option& b) {
      if (a.miles.has_value() != b.miles.has_value()) return a.miles.has_value();
      if (a.miles && *a.miles != *b.miles) return *a.miles < *b.miles;
      return a.name != b.name ? a.name < b.name : a.id < b.id;
    });
    std::vector<Id> out;
    for (const Option& o : options) out.push_back(o.id);
    return out;
  }
};

TEST_P(PlacementSearchTest, TheNearestFittingProvidersAreTheBruteForcesFirst) {
  struct Case {
    std::optional<std::int64_t> budget;
    std::string type;
    std::size_t limit;
  };
  const Case cases[] = {{{}, "", 0},      {{}, "", 1},        {{}, "", 10},   {{}, "", 50},   {{}, "", 10000},
                        {60000, "", 0},   {60000, "", 5},     {{}, "kinship", 0}, {{}, "supported_accommodation", 0},
                        {{}, "secure", 0}, {45000, "agency_fostering", 3}};
  std::size_t compared = 0;
  for (const Case& c : cases) {
    std::vector<Id> all = brute_force(c.budget, c.type);
    auto r = search_placements(*db_, *log_, as(Role::kLocalityManager), {3, c.budget, c.type, c.limit}, lookup, kToday);
    ASSERT_TRUE(r.is_ok()) << r.status().message();
    std::vector<Id> expected(all.begin(), c.limit == 0 ? all.end() : all.begin() + std::min(c.limit, all.size()));
    std::vector<Id> got;
    for (const PlacementOption& o : r->options) got.push_back(o.provider.id);
    EXPECT_EQ(got, expected) << "budget " << c.budget.value_or(-1) << ", type '" << c.type << "', limit " << c.limit;
    EXPECT_EQ(r->more, c.limit != 0 && all.size() > c.limit) << "limit " << c.limit;
    for (const PlacementOption& o : r->options) {
      auto at = lookup(o.provider.postcode);
      EXPECT_EQ(o.in_area.has_value(), at.has_value()) << o.provider.id;
      if (at) { EXPECT_EQ(*o.in_area, at->la == kCouncilLa) << o.provider.id; }
      EXPECT_GT(o.provider.vacancies(), 0) << o.provider.id;
    }
    compared += got.size();
  }
  EXPECT_GT(brute_force({}, "").size(), 100u) << "the register should offer many providers";
  EXPECT_TRUE(brute_force({}, "secure").empty());
  EXPECT_GT(compared, 300u);
}

INSTANTIATE_TEST_SUITE_P(PlacementSearchTest, PlacementSearchTest, testing::kBothBackends, testing::BackendName());

}  // namespace
}  // namespace kith::casework
