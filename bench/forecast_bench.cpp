// The demand forecast on about 510,000 SSDA903 episode rows (50 synthetic
// councils, nine collection years, with the repeats and legal-status rows
// real returns hold). Targets (issue 7): the deterministic projection under
// 0.2 s, 1,000 Monte Carlo runs under 1 s, on a 2-core machine.
#include <benchmark/benchmark.h>

#include "planning/forecast.h"
#include "planning/synthetic.h"

namespace {

using namespace kith;
using namespace kith::planning;

constexpr int kCouncils = 50;
const Period kData{Date::ymd(2016, 4, 1), Date::ymd(2025, 3, 31)};
const Period kReference{Date::ymd(2023, 4, 1), Date::ymd(2025, 3, 31)};

// Adds what a real multi-year return holds beyond the simulated episodes:
// an episode open at a 31 March appears open in that year's file too, and
// longer ones have changes of legal status part-way (L rows).
void add_return_repeats(EpisodeInput& in) {
  const std::size_t n = in.rows.size();
  for (std::size_t i = 0; i < n; ++i) {
    EpisodeRow row = in.rows[i];
    for (int y = row.start->year(); y <= 2025; ++y) {
      Date march = Date::ymd(y, 3, 31);
      if (march < *row.start || (row.end && *row.end <= march)) continue;
      EpisodeRow snapshot = row;
      snapshot.end.reset();
      in.rows.push_back(snapshot);
    }
    // Every longer episode holds three changes of legal status, at each quarter.
    int length = row.end ? *row.end - *row.start : 0;
    if (length < 60) continue;
    in.rows[i].end = row.start->plus_days(length / 4);
    for (int k = 1; k <= 3; ++k) {
      EpisodeRow legal = row;
      legal.start = row.start->plus_days(length * k / 4);
      legal.end = k < 3 ? row.start->plus_days(length * (k + 1) / 4) : *row.end;
      legal.rne = 'L';
      in.rows.push_back(legal);
    }
  }
}

const EpisodeInput& region() {
  static const EpisodeInput all = [] {
    EpisodeInput in;
    for (int c = 0; c < kCouncils; ++c) {
      EpisodeInput council = simulate_episodes(example_rates(1.0), kData, std::uint64_t(c + 1), "LA" + std::to_string(c) + "-");
      add_return_repeats(council);
      for (auto row : council.rows) {
        row.child = in.child_index(council.children[row.child]);
        row.source = in.add_source(council.sources[row.source]);
        in.rows.push_back(row);
      }
    }
    in.last_date = kData.to;
    return in;
  }();
  return all;
}

const CleanEpisodes& cleaned() {
  static const CleanEpisodes e = clean_episodes(region());
  return e;
}

void BM_CleanEpisodes(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(clean_episodes(region()).spells.size());
  state.counters["rows"] = double(region().rows.size());
  state.counters["spells"] = double(cleaned().spells.size());
}
BENCHMARK(BM_CleanEpisodes)->Unit(benchmark::kMillisecond);

void BM_EstimateRates(benchmark::State& state) {
  Estimator estimator = state.range(0) ? Estimator::kDailyMean : Estimator::kChildDays;
  for (auto _ : state) benchmark::DoNotOptimize(estimate_rates(cleaned(), kReference, estimator)->moves[0][0]);
  state.SetLabel(label(estimator));
}
BENCHMARK(BM_EstimateRates)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The deterministic forecast from cleaned episodes: rates, starting stock, 24 months day by day.
void BM_DeterministicForecast24m(benchmark::State& state) {
  for (auto _ : state) {
    auto f = run_forecast(cleaned(), {kReference, 24, Estimator::kChildDays, {.runs = 0}});
    benchmark::DoNotOptimize(total(f->projection.stock.back()));
  }
  state.counters["children"] = total(stock_on(cleaned(), kReference.to));
}
BENCHMARK(BM_DeterministicForecast24m)->Unit(benchmark::kMillisecond);

// Everything from the raw rows: cleaning, rates and a 60-month projection.
void BM_RowsToProjection60m(benchmark::State& state) {
  for (auto _ : state) {
    CleanEpisodes e = clean_episodes(region());
    auto f = run_forecast(e, {kReference, 60, Estimator::kChildDays, {.runs = 0}});
    benchmark::DoNotOptimize(total(f->projection.stock.back()));
  }
}
BENCHMARK(BM_RowsToProjection60m)->Unit(benchmark::kMillisecond);

void BM_MonteCarlo1000Runs24m(benchmark::State& state) {
  auto rates = estimate_rates(cleaned(), kReference, Estimator::kChildDays);
  Stock start = stock_on(cleaned(), kReference.to);
  auto dates = month_ends(kReference.to, kReference.to.plus_months(24));
  for (auto _ : state)
    benchmark::DoNotOptimize(simulate(*rates, start, kReference.to, dates, {.runs = 1000, .seed = 1, .threads = int(state.range(0))}).bands.size());
  state.SetLabel(std::to_string(state.range(0)) + " thread(s)");
}
BENCHMARK(BM_MonteCarlo1000Runs24m)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
