// Back-testing on a synthetic council whose true rates are known: the
// estimates recover them and a forecast from an earlier date tracks what
// the simulated council then did.
#include <gtest/gtest.h>

#include <cmath>

#include "planning/backtest.h"
#include "planning/synthetic.h"

namespace kith::planning {
namespace {

constexpr double kYear = 365.25;

CleanEpisodes council(double size, std::uint64_t seed) {
  return clean_episodes(simulate_episodes(example_rates(size), {Date::ymd(2012, 4, 1), Date::ymd(2025, 3, 31)}, seed));
}

TEST(Backtest, EstimatesRecoverTheTrueRates) {
  Rates truth = example_rates(4.0);
  CleanEpisodes e = council(4.0, 21);
  auto r = estimate_rates(e, {Date::ymd(2020, 4, 1), Date::ymd(2025, 3, 31)}, Estimator::kChildDays);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  // Within three standard errors (a count's is its square root).
  int checked = 0;
  for (int i = 0; i < kCareStates; ++i) {
    for (int j = 0; j < kStates; ++j) {
      // Leaving care at 16-17 includes turning 18, which the truth leaves to birthdays.
      bool by_rate = band_of_state(i) != AgeBand::k16to17 || j != kNotInCare;
      std::int64_t n = r->move_counts[i][j];
      if (!by_rate || truth.moves[i][j] == 0 || n < 100) continue;
      EXPECT_NEAR(r->moves[i][j] * kYear, truth.moves[i][j] * kYear, 3 * truth.moves[i][j] * kYear / std::sqrt(double(n)))
          << state_label(i) << " -> " << state_label(j) << " from " << n << " moves";
      ++checked;
    }
    if (std::int64_t n = r->entry_counts[i]; n > 0) {
      EXPECT_NEAR(r->entries[i] * kYear, truth.entries[i] * kYear, 3 * truth.entries[i] * kYear / std::sqrt(double(n)))
          << state_label(i);
    }
  }
  EXPECT_GE(checked, 10);
}

TEST(Backtest, AForecastFromAnEarlierDateTracksWhatHappened) {
  CleanEpisodes e = council(2.0, 8);
  auto b = backtest(e, Date::ymd(2023, 3, 31), 730, Date::ymd(2025, 3, 31) - Date::ymd(2023, 3, 31), Estimator::kChildDays);
  ASSERT_TRUE(b.is_ok()) << b.status().message();
  ASSERT_EQ(b->points.size(), 24u);
  double actual = b->points.back().actual[kCareStates];
  EXPECT_GT(actual, 500);
  EXPECT_LT(std::abs(b->final_total_error_share), 0.08) << b->points.back().forecast[kCareStates] << " vs " << actual;
  EXPECT_LT(b->mean_abs_error[kCareStates], 0.08 * actual);
}

TEST(Backtest, DataThatStopTooEarlyAreRefused) {
  CleanEpisodes e = council(0.2, 1);
  auto b = backtest(e, Date::ymd(2024, 3, 31), 365, 730, Estimator::kChildDays);
  ASSERT_FALSE(b.is_ok());
  EXPECT_NE(b.status().message().find("2026-03-31"), std::string::npos) << b.status().message();
}

}  // namespace
}  // namespace kith::planning
