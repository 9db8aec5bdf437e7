// Entry and transition rates of the demand model, estimated over a
// reference period from cleaned spells. A spell occupies its state from
// its start to the day before its end; a move happens on its end day.
//   child-days (default): rate(i->j) = moves(i->j) / child-days in i at risk,
//     the days at risk being the previous day's stock of each reference day;
//   daily-mean (the regional model's): rate(i->j) = the mean, over reference
//     days when i held children, of moves(i->j) that day / i's stock the day before.
// Entries are children coming into care per day in each state. Moves within a
// state (a change of carer in the same category) change nothing and are not counted.
//
// Thread-safety: values and pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "planning/cleaning.h"

namespace kith::planning {

enum class Estimator { kChildDays, kDailyMean };

// A span of days, both ends included.
struct Period {
  Date from, to;
  int days() const { return to - from + 1; }
};

using Stock = std::array<double, kCareStates>;
using RateRow = std::array<double, kStates>;  // to each state; [kNotInCare] is leaving care

struct Rates {
  Period reference;
  Estimator estimator = Estimator::kChildDays;
  Stock entries{};                          // children per day coming into care in each state
  std::array<RateRow, kCareStates> moves{};  // per child per day, [from][to]; diagonal 0
  // The evidence behind the rates, for reports and checks.
  Stock child_days{};
  std::array<std::array<std::int64_t, kStates>, kCareStates> move_counts{};
  std::array<std::int64_t, kCareStates> entry_counts{};

  // The daily chance of leaving state `from` for any other state or care.
  double leaving(int from) const;
};

// Estimates the rates. Invalid, with the reason, when the period is empty,
// runs past the data or has no children in care.
Result<Rates> estimate_rates(const CleanEpisodes& episodes, Period reference, Estimator estimator);

// Children in care in each state on day d.
Stock stock_on(const CleanEpisodes& episodes, Date d);

// Sum of a stock over the states.
double total(const Stock& s);

// One line of the rates report: per year, not as daily decimals.
struct RateLine {
  std::string from, to;   // state labels; from is "not in care" for entries
  double per_year = 0;    // moves per child-year at risk, or entries per year
  std::int64_t events = 0;
  double child_years = 0; // exposure (0 for entries)
};
std::vector<RateLine> rates_per_year(const Rates& r);

Result<Estimator> parse_estimator(const std::string& s);
const char* label(Estimator e);

}  // namespace kith::planning
