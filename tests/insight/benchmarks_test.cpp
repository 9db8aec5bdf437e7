// The benchmark loader against published DfE figures, exactly as published.
#include <gtest/gtest.h>

#include <cmath>

#include "insight/benchmarks.h"

namespace kith::insight {
namespace {

const Benchmarks& benchmarks() {
  static const Benchmarks b = [] {
    auto loaded = Benchmarks::load(std::string(KITH_SOURCE_DIR) + "/data");
    EXPECT_TRUE(loaded.is_ok()) << loaded.status().message();
    return loaded.is_ok() ? std::move(*loaded) : Benchmarks{};
  }();
  return b;
}

TEST(Ees, SymbolsAreTypedMissingValuesNeverNumbers) {
  struct {
    const char* cell;
    Missing missing;
  } const kSymbols[] = {{"c", Missing::kSuppressed},     {"x", Missing::kNotAvailable}, {"z", Missing::kNotApplicable},
                        {"k", Missing::kRoundsToZero},   {"u", Missing::kLowReliability}, {"low", Missing::kLow},
                        {":", Missing::kOldNotAvailable}, {"", Missing::kEmpty}};
  for (const auto& s : kSymbols) {
    auto v = parse_ees(s.cell);
    ASSERT_TRUE(v.is_ok()) << s.cell;
    EXPECT_FALSE(v->has_number()) << s.cell;
    EXPECT_EQ(v->missing, s.missing) << s.cell;
  }
  EXPECT_EQ(*parse_ees("20.8")->number, 20.8);
  EXPECT_EQ(parse_ees("20.8")->missing, Missing::kNone);
  EXPECT_FALSE(parse_ees("n/a").is_ok()) << "an unknown symbol is an error, not zero";
  EXPECT_FALSE(parse_ees("12abc").is_ok());
}

TEST(Benchmarks, WolverhamptonReReferrals2025) {
  auto f = benchmarks().figure("re_referrals_pct", "336", 2025);
  ASSERT_TRUE(f.is_ok()) << f.status().message();
  EXPECT_EQ(*f->numerator.number, 925);
  EXPECT_EQ(*f->denominator.number, 4451);
  EXPECT_EQ(*f->value.number, 20.8);
  EXPECT_NEAR(100.0 * 925 / 4451, 20.8, 0.05);
}

TEST(Benchmarks, EnglandChildrenLookedAfterRate2025) {
  auto f = benchmarks().england("cla_per_10k", 2025);
  ASSERT_TRUE(f.is_ok()) << f.status().message();
  EXPECT_EQ(*f->value.number, 67);
  EXPECT_EQ(*f->numerator.number, 81770);
  EXPECT_EQ(*f->denominator.number, 12183016);
  EXPECT_EQ(std::lround(1e4 * 81770 / 12183016), 67);
}

// County Durham's 2025 count of CP plans open 2+ years is published as "c": no number, and
// the comparison neither ranks it nor counts it as a neighbour's value.
TEST(Benchmarks, SuppressedCellsStayMissing) {
  auto f = benchmarks().figure("cp_2yrs_open_pct", "840", 2025);
  ASSERT_TRUE(f.is_ok()) << f.status().message();
  EXPECT_FALSE(f->value.has_number());
  EXPECT_EQ(f->value.missing, Missing::kSuppressed);
  EXPECT_EQ(f->numerator.missing, Missing::kSuppressed);
  EXPECT_EQ(*f->denominator.number, 489);
  auto c = benchmarks().compare("cp_2yrs_open_pct", "840", 2025, NeighbourModel::k2025);
  ASSERT_TRUE(c.is_ok());
  EXPECT_FALSE(c->rank.has_value());
  EXPECT_FALSE(c->quartile.has_value());
  auto rutland = benchmarks().figure("cla_3plus_placements_pct", "857", 2025);
  ASSERT_TRUE(rutland.is_ok());
  EXPECT_EQ(rutland->value.missing, Missing::kSuppressed);
}

TEST(Benchmarks, ComparesWithNeighboursRegionAndEngland) {
  auto c = benchmarks().compare("re_referrals_pct", "336", 2025, NeighbourModel::k2025);
  ASSERT_TRUE(c.is_ok()) << c.status().message();
  EXPECT_EQ(c->la_name, "Wolverhampton");
  EXPECT_EQ(*c->council.value.number, 20.8);
  EXPECT_EQ(*c->england, 22.6);
  EXPECT_EQ(*c->region, 19.5);
  EXPECT_EQ(c->region_name, "West Midlands");
  ASSERT_EQ(c->neighbours.size(), 10u);
  ASSERT_TRUE(c->neighbours_mean && c->neighbours_median && c->rank && c->quartile);
  EXPECT_GE(*c->rank, 1);
  EXPECT_LE(*c->rank, c->ranked);
  EXPECT_GT(c->ranked, 140);
  EXPECT_GE(*c->quartile, 1);
  EXPECT_LE(*c->quartile, 4);
  EXPECT_EQ(c->trend.back().first, 2025);
  EXPECT_EQ(c->trend.front().first, 2013);
}

// The two models give different neighbours for Wolverhampton; each comparison names its model.
TEST(Benchmarks, NeighbourModelsDiffer) {
  auto a = benchmarks().compare("re_referrals_pct", "336", 2025, NeighbourModel::k2021);
  auto b = benchmarks().compare("re_referrals_pct", "336", 2025, NeighbourModel::k2025);
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_NE(a->neighbours, b->neighbours);
  EXPECT_EQ(model_name(a->model), "April 2021");
  EXPECT_EQ(model_name(b->model), "May 2025");
}

}  // namespace
}  // namespace kith::insight
