// The demand model's arithmetic: chains worked by hand, conservation of
// children, the estimators against naive day-by-day counts, the Monte Carlo
// runs against the expectation, and an independent projection.
#include <gtest/gtest.h>

#include <cmath>

#include "planning/projection.h"
#include "planning/synthetic.h"

namespace kith::planning {
namespace {

constexpr int kA = state_of(AgeBand::k5to9, Placement::kFostering);
constexpr int kB = state_of(AgeBand::k5to9, Placement::kResidential);

// A two-state chain: entries into A, A -> B, A and B -> out of care.
Rates two_state_chain(double entries, double a_to_b, double a_out, double b_out) {
  Rates r;
  r.entries[kA] = entries;
  r.moves[kA][kB] = a_to_b;
  r.moves[kA][kNotInCare] = a_out;
  r.moves[kB][kNotInCare] = b_out;
  return r;
}

TEST(Projection, TwoStateChainMatchesTheClosedFormWorkedByHand) {
  // A_t = e/(a+b) + (A_0 - e/(a+b)) (1-a-b)^t; B_t = B_{t-1}(1-c) + b A_{t-1}.
  const double e = 0.5, b = 0.004, a = 0.01, c = 0.02;
  Stock start{};
  start[kA] = 100;
  start[kB] = 10;
  Projection p = project(two_state_chain(e, b, a, c), start, Date::ymd(2025, 3, 31), 400);
  for (int t : {1, 2, 30, 400}) {
    double steady = e / (a + b);
    EXPECT_NEAR(p.stock[t][kA], steady + (100 - steady) * std::pow(1 - a - b, t), 1e-9) << t;
  }
  // Day 1 and 2 of B by hand: 10*0.98 + 0.004*100 = 10.2; 10.2*0.98 + 0.004*99.1 = 10.3924.
  EXPECT_NEAR(p.stock[1][kB], 10.2, 1e-9);
  EXPECT_NEAR(p.stock[2][kB], 10.3924, 1e-9);
  EXPECT_NEAR(p.exits[1], 100 * 0.01 + 10 * 0.02, 1e-9);
}

TEST(Projection, ChildrenAreConserved) {
  Rates r = example_rates();
  Stock start{};
  for (int s = 0; s < kCareStates; ++s) start[s] = 10 + s;
  Projection p = project(r, start, Date::ymd(2025, 3, 31), 5 * 365);
  for (std::size_t t = 1; t < p.stock.size(); ++t)
    ASSERT_NEAR(total(p.stock[t - 1]) + p.entries[t], total(p.stock[t]) + p.exits[t], 1e-9) << t;
}

TEST(Estimation, ChildDaysAndDailyMeanWorkedByHand) {
  // Child X in A from 1 Jan 2024, moves to B on 11 Jan, leaves care on 21 Jan.
  // Child Y comes into A on 6 Jan and is still there. Reference: 1-31 January.
  CleanEpisodes e;
  e.last_date = Date::ymd(2024, 1, 31);
  e.spells = {
      {0, Date::ymd(2024, 1, 1), Date::ymd(2024, 1, 11), kA, SubType::kAgencyFostering, true, true},
      {0, Date::ymd(2024, 1, 11), Date::ymd(2024, 1, 21), kB, SubType::kExternalResidential, false, false},
      {1, Date::ymd(2024, 1, 6), std::nullopt, kA, SubType::kKinship, true, false},
  };
  Period jan{Date::ymd(2024, 1, 1), Date::ymd(2024, 1, 31)};
  auto r = estimate_rates(e, jan, Estimator::kChildDays);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  // Days at risk in A: X occupies 1-10 Jan, at risk for days 2-11 (10); Y 6-30 Jan, days 7-31 (25).
  EXPECT_DOUBLE_EQ(r->child_days[kA], 35);
  EXPECT_DOUBLE_EQ(r->child_days[kB], 10);
  EXPECT_DOUBLE_EQ(r->moves[kA][kB], 1.0 / 35);
  EXPECT_DOUBLE_EQ(r->moves[kB][kNotInCare], 1.0 / 10);
  EXPECT_DOUBLE_EQ(r->entries[kA], 2.0 / 31);
  // Daily mean: A held children on 30 of the 31 previous days (none on 31 Dec);
  // the one move (11 Jan) had 2 children the day before: (1/2) / 30.
  auto m = estimate_rates(e, jan, Estimator::kDailyMean);
  ASSERT_TRUE(m.is_ok());
  EXPECT_DOUBLE_EQ(m->moves[kA][kB], 0.5 / 30);
  EXPECT_DOUBLE_EQ(m->moves[kB][kNotInCare], 1.0 / 10);
}

TEST(Estimation, BadReferencePeriodsAreRefusedWithTheReason) {
  CleanEpisodes e;
  e.last_date = Date::ymd(2024, 1, 31);
  e.spells = {{0, Date::ymd(2023, 1, 1), Date::ymd(2023, 2, 1), kA, SubType::kKinship, true, false}};
  auto none = estimate_rates(e, {Date::ymd(2024, 1, 1), Date::ymd(2024, 1, 31)}, Estimator::kChildDays);
  ASSERT_FALSE(none.is_ok());
  EXPECT_NE(none.status().message().find("has no data"), std::string::npos) << none.status().message();
  auto late = estimate_rates(e, {Date::ymd(2024, 1, 1), Date::ymd(2024, 3, 31)}, Estimator::kChildDays);
  ASSERT_FALSE(late.is_ok());
  EXPECT_NE(late.status().message().find("runs past the data"), std::string::npos);
  auto backwards = estimate_rates(e, {Date::ymd(2024, 1, 2), Date::ymd(2024, 1, 1)}, Estimator::kChildDays);
  EXPECT_FALSE(backwards.is_ok());
}

// Naive day-by-day counts straight from the spells, to check both estimators.
struct NaiveCounts {
  std::vector<Stock> stock_before;                      // per reference day: stock the day before
  std::vector<std::array<RateRow, kCareStates>> moves;  // per reference day
};

NaiveCounts naive(const CleanEpisodes& e, Period p) {
  NaiveCounts n;
  for (Date d = p.from; d <= p.to; d = d.plus_days(1)) {
    Date before = d.plus_days(-1);
    Stock s{};
    std::array<RateRow, kCareStates> m{};
    for (std::size_t i = 0; i < e.spells.size(); ++i) {
      const auto& sp = e.spells[i];
      if (sp.start <= before && (!sp.end || *sp.end > before)) s[sp.state] += 1;
      if (sp.end == d) {
        int to = sp.continues ? e.spells[i + 1].state : kNotInCare;
        if (to != sp.state) m[sp.state][to] += 1;
      }
    }
    n.stock_before.push_back(s);
    n.moves.push_back(m);
  }
  return n;
}

TEST(Estimation, BothEstimatorsAgreeWithNaiveDailyCountsOnASyntheticCouncil) {
  EpisodeInput in = simulate_episodes(example_rates(0.3), {Date::ymd(2018, 4, 1), Date::ymd(2024, 3, 31)}, 11);
  CleanEpisodes e = clean_episodes(in);
  Period p{Date::ymd(2022, 4, 1), Date::ymd(2024, 3, 31)};
  NaiveCounts n = naive(e, p);
  auto cd = estimate_rates(e, p, Estimator::kChildDays);
  auto dm = estimate_rates(e, p, Estimator::kDailyMean);
  ASSERT_TRUE(cd.is_ok() && dm.is_ok());
  for (int i = 0; i < kCareStates; ++i) {
    double days = 0, days_with = 0;
    RateRow moves{}, ratio{};
    for (std::size_t d = 0; d < n.moves.size(); ++d) {
      days += n.stock_before[d][i];
      if (n.stock_before[d][i] > 0) days_with += 1;
      for (int j = 0; j < kStates; ++j) {
        moves[j] += n.moves[d][i][j];
        if (n.stock_before[d][i] > 0) ratio[j] += n.moves[d][i][j] / n.stock_before[d][i];
      }
    }
    EXPECT_DOUBLE_EQ(cd->child_days[i], days) << state_label(i);
    for (int j = 0; j < kStates; ++j) {
      EXPECT_NEAR(cd->moves[i][j], days > 0 ? moves[j] / days : 0, 1e-12) << state_label(i) << " -> " << state_label(j);
      EXPECT_NEAR(dm->moves[i][j], days_with > 0 ? ratio[j] / days_with : 0, 1e-12) << state_label(i) << " -> " << state_label(j);
    }
  }
}

// An independent projection: x_t = x_0 A^t + e (I + A + ... + A^{t-1}) by
// repeated squaring of the 21x21 matrix, with "not in care" absorbing.
using Matrix = std::vector<std::vector<double>>;

Matrix multiply(const Matrix& x, const Matrix& y) {
  Matrix z(x.size(), std::vector<double>(y[0].size(), 0.0));
  for (std::size_t i = 0; i < x.size(); ++i)
    for (std::size_t k = 0; k < y.size(); ++k)
      for (std::size_t j = 0; j < y[0].size(); ++j) z[i][j] += x[i][k] * y[k][j];
  return z;
}

Matrix add(const Matrix& x, const Matrix& y) {
  Matrix z = x;
  for (std::size_t i = 0; i < x.size(); ++i)
    for (std::size_t j = 0; j < x[i].size(); ++j) z[i][j] += y[i][j];
  return z;
}

// (A^t, I + A + ... + A^{t-1}) by doubling.
std::pair<Matrix, Matrix> power_and_sum(const Matrix& a, int t) {
  Matrix identity(a.size(), std::vector<double>(a.size(), 0.0));
  for (std::size_t i = 0; i < a.size(); ++i) identity[i][i] = 1;
  if (t == 0) return {identity, Matrix(a.size(), std::vector<double>(a.size(), 0.0))};
  if (t % 2 == 1) {
    auto [p, s] = power_and_sum(a, t - 1);
    return {multiply(p, a), add(identity, multiply(s, a))};
  }
  auto [p, s] = power_and_sum(a, t / 2);
  return {multiply(p, p), add(s, multiply(s, p))};
}

TEST(Projection, AgreesWithAnIndependentMatrixPowerProjection) {
  EpisodeInput in = simulate_episodes(example_rates(), {Date::ymd(2016, 4, 1), Date::ymd(2025, 3, 31)}, 5);
  CleanEpisodes e = clean_episodes(in);
  auto r = estimate_rates(e, {Date::ymd(2023, 4, 1), Date::ymd(2025, 3, 31)}, Estimator::kChildDays);
  ASSERT_TRUE(r.is_ok());
  Stock start = stock_on(e, Date::ymd(2025, 3, 31));
  Matrix a(kCareStates, std::vector<double>(kCareStates, 0.0));
  for (int i = 0; i < kCareStates; ++i) {
    double stay = 1;
    for (int j = 0; j < kStates; ++j) stay -= r->moves[i][j];
    a[i][i] = stay;
    for (int j = 0; j < kCareStates; ++j)
      if (j != i) a[i][j] = r->moves[i][j];
  }
  const int days = 730;
  auto [power, sum] = power_and_sum(a, days);
  Matrix x0{std::vector<double>(start.begin(), start.end())}, e0{std::vector<double>(r->entries.begin(), r->entries.end())};
  Matrix expected = add(multiply(x0, power), multiply(e0, sum));
  Projection p = project(*r, start, Date::ymd(2025, 3, 31), days);
  for (int s = 0; s < kCareStates; ++s) EXPECT_NEAR(p.stock[days][s], expected[0][s], 1e-7 * (1 + expected[0][s])) << state_label(s);
  EXPECT_GT(total(p.stock[days]), 100);
}

TEST(MonteCarlo, TheRunsCentreOnTheExpectationAndBandTheTotal) {
  Rates r = two_state_chain(0.5, 0.004, 0.01, 0.02);
  Stock start{};
  start[kA] = 100;
  Date from = Date::ymd(2025, 3, 31);
  std::vector<Date> dates = month_ends(from, from.plus_days(365));
  Simulation sim = simulate(r, start, from, dates, {.runs = 2000, .seed = 7, .threads = 2});
  Projection p = project(r, start, from, 365);
  ASSERT_EQ(sim.bands.size(), dates.size());
  for (std::size_t d = 0; d < dates.size(); ++d) {
    double expected = total(p.on(dates[d]));
    const Band& b = sim.bands[d][kCareStates];
    EXPECT_NEAR(b.p50, expected, 0.05 * expected + 1) << dates[d].iso();
    EXPECT_LT(b.p10, b.p50);
    EXPECT_GT(b.p90, b.p50);
  }
}

TEST(MonteCarlo, TheSameSeedGivesTheSameBandsWhateverTheThreads) {
  Rates r = example_rates();
  Stock start{};
  for (int s = 0; s < kCareStates; ++s) start[s] = 20;
  Date from = Date::ymd(2025, 3, 31);
  auto dates = month_ends(from, from.plus_days(200));
  Simulation one = simulate(r, start, from, dates, {.runs = 50, .seed = 3, .threads = 1});
  Simulation two = simulate(r, start, from, dates, {.runs = 50, .seed = 3, .threads = 2});
  Simulation other = simulate(r, start, from, dates, {.runs = 50, .seed = 4, .threads = 2});
  bool differs = false;
  for (std::size_t d = 0; d < dates.size(); ++d)
    for (int s = 0; s <= kCareStates; ++s) {
      EXPECT_EQ(one.bands[d][s].p10, two.bands[d][s].p10);
      EXPECT_EQ(one.bands[d][s].p90, two.bands[d][s].p90);
      differs |= one.bands[d][s].p50 != other.bands[d][s].p50;
    }
  EXPECT_TRUE(differs) << "another seed should give other runs";
}

TEST(Projection, MonthEndsFollowTheStart) {
  auto ends = month_ends(Date::ymd(2025, 3, 31), Date::ymd(2025, 6, 30));
  ASSERT_EQ(ends.size(), 3u);
  EXPECT_EQ(ends[0], Date::ymd(2025, 4, 30));
  EXPECT_EQ(ends[2], Date::ymd(2025, 6, 30));
  EXPECT_EQ(month_ends(Date::ymd(2024, 1, 15), Date::ymd(2024, 2, 29)).front(), Date::ymd(2024, 1, 31));
}

}  // namespace
}  // namespace kith::planning
