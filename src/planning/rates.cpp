#include "planning/rates.h"

#include <algorithm>
#include <numeric>

namespace kith::planning {
namespace {

constexpr double kDaysPerYear = 365.25;

// Days d in [from, to] whose previous day the spell occupies.
int days_at_risk(const CareSpell& s, Period p) {
  Date first = std::max(s.start, p.from.plus_days(-1));
  Date last = p.to.plus_days(-1);
  if (s.end && *s.end <= last) last = s.end->plus_days(-1);
  return last < first ? 0 : last - first + 1;
}

// Where spell i goes on its end day: the next spell's state or out of care.
int destination(const std::vector<CareSpell>& spells, std::size_t i) {
  return spells[i].continues ? spells[i + 1].state : kNotInCare;
}

bool within(Date d, Period p) { return d >= p.from && d <= p.to; }

void count_events(const CleanEpisodes& e, Period p, Rates& r) {
  const auto& spells = e.spells;
  for (std::size_t i = 0; i < spells.size(); ++i) {
    const CareSpell& s = spells[i];
    r.child_days[s.state] += days_at_risk(s, p);
    if (s.entry && within(s.start, p)) ++r.entry_counts[s.state];
    if (s.end && within(*s.end, p)) {
      int to = destination(spells, i);
      if (to != s.state) ++r.move_counts[s.state][to];
    }
  }
  for (int s = 0; s < kCareStates; ++s) r.entries[s] = double(r.entry_counts[s]) / p.days();
}

void child_days_rates(Rates& r) {
  for (int i = 0; i < kCareStates; ++i)
    for (int j = 0; j < kStates; ++j)
      r.moves[i][j] = r.child_days[i] > 0 ? double(r.move_counts[i][j]) / r.child_days[i] : 0.0;
}

// The regional model's estimator: daily stocks and moves, then the mean of the daily ratios.
void daily_mean_rates(const CleanEpisodes& e, Period p, Rates& r) {
  const int n = p.days();
  const Date base = p.from.plus_days(-1);  // index 0 is the day before the period
  std::vector<Stock> change(n + 1, Stock{});
  std::vector<std::array<RateRow, kCareStates>> moves(n + 1);
  for (std::size_t i = 0; i < e.spells.size(); ++i) {
    const CareSpell& s = e.spells[i];
    int first = std::max(0, s.start - base), stop = s.end ? std::min(n + 1, *s.end - base) : n + 1;
    if (first < stop) {
      change[first][s.state] += 1;
      if (stop <= n) change[stop][s.state] -= 1;
    }
    if (s.end && within(*s.end, p)) {
      int to = destination(e.spells, i);
      if (to != s.state) moves[*s.end - base][s.state][to] += 1;
    }
  }
  Stock stock{}, days_with_stock{};
  std::array<RateRow, kCareStates> sum{};
  for (int d = 0; d <= n; ++d) {
    if (d > 0) {
      for (int i = 0; i < kCareStates; ++i) {
        if (stock[i] <= 0) continue;
        days_with_stock[i] += 1;
        for (int j = 0; j < kStates; ++j) sum[i][j] += moves[d][i][j] / stock[i];
      }
    }
    for (int i = 0; i < kCareStates; ++i) stock[i] += change[d][i];
  }
  for (int i = 0; i < kCareStates; ++i)
    for (int j = 0; j < kStates; ++j) r.moves[i][j] = days_with_stock[i] > 0 ? sum[i][j] / days_with_stock[i] : 0.0;
}

}  // namespace

double Rates::leaving(int from) const { return std::accumulate(moves[from].begin(), moves[from].end(), 0.0); }

double total(const Stock& s) { return std::accumulate(s.begin(), s.end(), 0.0); }

Stock stock_on(const CleanEpisodes& episodes, Date d) {
  Stock stock{};
  for (const auto& s : episodes.spells)
    if (s.start <= d && (!s.end || *s.end > d)) stock[s.state] += 1;
  return stock;
}

Result<Rates> estimate_rates(const CleanEpisodes& e, Period p, Estimator estimator) {
  std::string range = p.from.iso() + ".." + p.to.iso();
  if (p.to < p.from) return Status::invalid("the reference period " + range + " ends before it starts");
  if (!e.last_date) return Status::invalid("no usable episodes: nothing to estimate rates from");
  if (p.to > *e.last_date)
    return Status::invalid("the reference period " + range + " runs past the data, which end on " + e.last_date->iso());
  Rates r;
  r.reference = p;
  r.estimator = estimator;
  count_events(e, p, r);
  if (total(r.child_days) == 0 && std::accumulate(r.entry_counts.begin(), r.entry_counts.end(), 0LL) == 0)
    return Status::invalid("the reference period " + range + " has no data: no child was in care or came into care in it");
  if (estimator == Estimator::kChildDays) child_days_rates(r);
  else daily_mean_rates(e, p, r);
  return r;
}

std::vector<RateLine> rates_per_year(const Rates& r) {
  std::vector<RateLine> lines;
  for (int s = 0; s < kCareStates; ++s)
    if (r.entry_counts[s] > 0) lines.push_back({"not in care", state_label(s), r.entries[s] * kDaysPerYear, r.entry_counts[s], 0});
  for (int i = 0; i < kCareStates; ++i)
    for (int j = 0; j < kStates; ++j)
      if (r.moves[i][j] > 0)
        lines.push_back({state_label(i), state_label(j), r.moves[i][j] * kDaysPerYear, r.move_counts[i][j], r.child_days[i] / kDaysPerYear});
  return lines;
}

Result<Estimator> parse_estimator(const std::string& s) {
  if (s == "child-days") return Estimator::kChildDays;
  if (s == "daily-mean") return Estimator::kDailyMean;
  return Status::invalid("unknown estimator '" + s + "' (child-days or daily-mean)");
}

const char* label(Estimator e) { return e == Estimator::kChildDays ? "child-days" : "daily-mean"; }

}  // namespace kith::planning
