#include "planning/projection.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "model/random.h"  // xoshiro256**: same numbers on every platform

namespace kith::planning {
namespace {


// Where the children leaving one state go, as a cumulative distribution.
struct Exits {
  double leaving = 0, log_staying = 0;
  std::vector<int> to;
  std::vector<double> cumulative;  // ends at 1
};

std::array<Exits, kCareStates> exits_of(const Rates& r) {
  std::array<Exits, kCareStates> out;
  for (int i = 0; i < kCareStates; ++i) {
    Exits& e = out[i];
    e.leaving = std::min(1.0, r.leaving(i));
    e.log_staying = std::log1p(-std::min(e.leaving, 1.0 - 1e-12));
    double sum = 0;
    for (int j = 0; j < kStates; ++j) {
      if (r.moves[i][j] <= 0) continue;
      sum += r.moves[i][j];
      e.to.push_back(j);
      e.cumulative.push_back(sum);
    }
    for (double& c : e.cumulative) c /= sum;
  }
  return out;
}

// Binomial(n, p) by inversion; a normal approximation when the mean is large
// (inversion's cost grows with the mean and (1-p)^n underflows).
int binomial(Rng& rng, int n, double p, double log_q) {
  if (n == 0 || p <= 0) return 0;
  double mean = n * p;
  if (mean > 30) {
    double k = std::round(mean + std::sqrt(mean * (1 - p)) * rng.normal());
    return int(std::clamp(k, 0.0, double(n)));
  }
  double f = std::exp(n * log_q), odds = p / (1 - p), u = rng.uniform();
  int k = 0;
  while (u > f && k < n) {
    u -= f;
    f *= odds * (n - k) / (k + 1);
    ++k;
  }
  return k;
}

// Poisson(mean) by inversion; a normal approximation when the mean is large.
int poisson(Rng& rng, double mean, double exp_minus_mean) {
  if (mean <= 0) return 0;
  if (mean > 30) return int(std::max(0.0, std::round(mean + std::sqrt(mean) * rng.normal())));
  double f = exp_minus_mean, u = rng.uniform();
  int k = 0;
  while (u > f && k < 1000) {
    u -= f;
    ++k;
    f *= mean / k;
  }
  return k;
}

int pick(Rng& rng, const Exits& e) {
  double u = rng.uniform();
  std::size_t i = 0;
  while (i + 1 < e.cumulative.size() && u >= e.cumulative[i]) ++i;
  return e.to[i];
}

using Counts = std::array<int, kCareStates>;

// One day of one run: moves out of each state, then entries.
void step(Rng& rng, const std::array<Exits, kCareStates>& exits, const Rates& r, const Stock& exp_entries, Counts& stock) {
  Counts next = stock;
  for (int i = 0; i < kCareStates; ++i) {
    int k = binomial(rng, stock[i], exits[i].leaving, exits[i].log_staying);
    next[i] -= k;
    for (int m = 0; m < k; ++m) {
      int to = pick(rng, exits[i]);
      if (to != kNotInCare) ++next[to];
    }
  }
  for (int s = 0; s < kCareStates; ++s) next[s] += poisson(rng, r.entries[s], exp_entries[s]);
  stock = next;
}

double percentile(std::vector<int>& v, double q) {
  double pos = q * double(v.size() - 1);
  auto lo = std::size_t(pos);
  std::nth_element(v.begin(), v.begin() + lo, v.end());
  double a = v[lo];
  if (lo + 1 >= v.size()) return a;
  double b = *std::min_element(v.begin() + lo + 1, v.end());
  return a + (b - a) * (pos - double(lo));
}

}  // namespace

Projection project(const Rates& r, const Stock& start_stock, Date start, int days) {
  Projection p;
  p.start = start;
  p.stock.reserve(days + 1);
  p.stock.push_back(start_stock);
  p.entries.assign(days + 1, 0.0);
  p.exits.assign(days + 1, 0.0);
  std::array<double, kCareStates> leaving;
  for (int i = 0; i < kCareStates; ++i) leaving[i] = r.leaving(i);
  for (int t = 1; t <= days; ++t) {
    const Stock& x = p.stock.back();
    Stock next = x;
    for (int i = 0; i < kCareStates; ++i) {
      next[i] -= x[i] * leaving[i];
      for (int j = 0; j < kCareStates; ++j) next[j] += x[i] * r.moves[i][j];
      p.exits[t] += x[i] * r.moves[i][kNotInCare];
    }
    for (int s = 0; s < kCareStates; ++s) next[s] += r.entries[s];
    p.entries[t] = total(r.entries);
    p.stock.push_back(next);
  }
  return p;
}

Simulation simulate(const Rates& r, const Stock& start_stock, Date start, const std::vector<Date>& dates,
                    const SimulationOptions& o) {
  Simulation sim;
  sim.dates = dates;
  sim.runs = o.runs;
  if (dates.empty() || o.runs <= 0) return sim;
  const auto exits = exits_of(r);
  Stock exp_entries;
  for (int s = 0; s < kCareStates; ++s) exp_entries[s] = std::exp(-r.entries[s]);
  Counts initial;
  for (int s = 0; s < kCareStates; ++s) initial[s] = int(std::lround(start_stock[s]));
  const int horizon = dates.back() - start, width = kCareStates + 1;
  // results[(run * dates + d) * width + s]
  std::vector<int> results(std::size_t(o.runs) * dates.size() * width);
  auto run_range = [&](int first, int stride) {
    for (int run = first; run < o.runs; run += stride) {
      Rng rng(o.seed, std::uint64_t(run));
      Counts stock = initial;
      std::size_t d = 0;
      for (int t = 1; t <= horizon; ++t) {
        step(rng, exits, r, exp_entries, stock);
        for (; d < dates.size() && dates[d] - start == t; ++d) {
          int* out = &results[(std::size_t(run) * dates.size() + d) * width];
          std::copy(stock.begin(), stock.end(), out);
          out[kCareStates] = 0;
          for (int s = 0; s < kCareStates; ++s) out[kCareStates] += stock[s];
        }
      }
    }
  };
  int threads = o.threads > 0 ? o.threads : int(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (int w = 1; w < threads; ++w) pool.emplace_back(run_range, w, threads);
  run_range(0, threads);
  for (auto& t : pool) t.join();
  sim.bands.resize(dates.size());
  std::vector<int> column(o.runs);
  for (std::size_t d = 0; d < dates.size(); ++d)
    for (int s = 0; s < width; ++s) {
      for (int run = 0; run < o.runs; ++run) column[run] = results[(std::size_t(run) * dates.size() + d) * width + s];
      sim.bands[d][s] = {percentile(column, 0.1), percentile(column, 0.5), percentile(column, 0.9)};
    }
  return sim;
}

std::vector<Date> month_ends(Date start, Date until) {
  std::vector<Date> out;
  Date first_of_next = Date::ymd(start.year(), start.month(), 1).plus_months(1);
  for (Date m = first_of_next; m.plus_days(-1) <= until; m = m.plus_months(1))
    if (m.plus_days(-1) > start) out.push_back(m.plus_days(-1));
  return out;
}

}  // namespace kith::planning
