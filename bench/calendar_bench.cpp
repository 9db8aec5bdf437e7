// Working-day arithmetic runs for every deadline on every worklist row, so it
// must stay cheap: compare with a naive day-by-day count in the same run.
#include <benchmark/benchmark.h>

#include "calendar/calendar.h"

namespace {

using kith::Date;

int naive_between(Date from, Date to) {
  int n = 0;
  for (Date d = from.plus_days(1); d <= to; d = d.plus_days(1)) n += kith::calendar::is_working_day(d);
  return n;
}

void BM_AddWorkingDays45(benchmark::State& state) {
  Date d = Date::ymd(2024, 12, 20);
  for (auto _ : state) {
    benchmark::DoNotOptimize(kith::calendar::add_working_days(d, 45));
    d = d.plus_days(1);
    if (d.year() > 2029) d = Date::ymd(2012, 1, 1);
  }
}
BENCHMARK(BM_AddWorkingDays45);

void BM_WorkingDaysBetweenOneYear(benchmark::State& state) {
  Date d = Date::ymd(2012, 1, 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(kith::calendar::working_days_between(d, d.plus_days(365)));
    d = d.plus_days(1);
    if (d.year() > 2029) d = Date::ymd(2012, 1, 1);
  }
}
BENCHMARK(BM_WorkingDaysBetweenOneYear);

void BM_NaiveBetweenOneYear(benchmark::State& state) {
  Date d = Date::ymd(2012, 1, 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(naive_between(d, d.plus_days(365)));
    d = d.plus_days(1);
    if (d.year() > 2029) d = Date::ymd(2012, 1, 1);
  }
}
BENCHMARK(BM_NaiveBetweenOneYear);

}  // namespace

BENCHMARK_MAIN();
