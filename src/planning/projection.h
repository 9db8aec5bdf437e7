// Day-by-day projection of children in care from a starting stock and the
// rates: the deterministic expectation, and Monte Carlo runs whose
// percentiles give the uncertainty bands. Each day a child in state i moves
// to j with probability rate(i->j) and entries(s) children come into care in
// state s (Poisson), so the mean of the runs is the deterministic projection.
//
// Thread-safety: pure functions; simulate() runs its own worker threads and
// gives the same numbers for a seed whatever the number of threads.
#pragma once

#include <cstdint>
#include <vector>

#include "planning/rates.h"

namespace kith::planning {

struct Projection {
  Date start;                   // the day of the starting stock
  std::vector<Stock> stock;     // stock[t]: children in each state on start + t
  std::vector<double> entries;  // entries[t]: children coming into care on start + t (0 for t = 0)
  std::vector<double> exits;    // exits[t]: children leaving care on start + t

  Date last() const { return start.plus_days(int(stock.size()) - 1); }
  const Stock& on(Date d) const { return stock.at(d - start); }
};

// Projects `days` days after start.
Projection project(const Rates& rates, const Stock& start_stock, Date start, int days);

struct Band {
  double p10 = 0, p50 = 0, p90 = 0;
};

// Percentile bands on chosen days; index kCareStates is the total in care.
struct Simulation {
  std::vector<Date> dates;
  std::vector<std::array<Band, kCareStates + 1>> bands;  // one per date
  int runs = 0;
};

struct SimulationOptions {
  int runs = 1000;
  std::uint64_t seed = 1;
  int threads = 0;  // 0: one per core
};

// Runs the Monte Carlo model from start (the stock rounded to whole
// children) and reports percentiles (linear interpolation between order
// statistics) on each of dates, which must follow start in order.
Simulation simulate(const Rates& rates, const Stock& start_stock, Date start, const std::vector<Date>& dates,
                    const SimulationOptions& options);

// The last day of each month after start up to and including until.
std::vector<Date> month_ends(Date start, Date until);

}  // namespace kith::planning
