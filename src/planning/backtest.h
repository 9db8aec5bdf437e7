// Back-testing: fit the rates on data up to a date, project the next one
// or two years from that day's stock, and compare with what happened, so
// directors know how far to trust a forecast.
//
// Thread-safety: pure function of its arguments.
#pragma once

#include <array>
#include <vector>

#include "planning/projection.h"

namespace kith::planning {

struct BacktestPoint {
  Date date;                                   // a month end after the fit date
  std::array<double, kCareStates + 1> forecast{}, actual{};  // [kCareStates] = total
};

struct Backtest {
  Period reference;
  std::vector<BacktestPoint> points;
  // Mean absolute error over the month ends, per state and [kCareStates] in total.
  std::array<double, kCareStates + 1> mean_abs_error{};
  // The total's error on the last month end, as a share of what happened.
  double final_total_error_share = 0;
};

// Fits on reference_days days ending on fit_to and compares horizon_days
// after it. Invalid when the data do not reach fit_to + horizon_days.
Result<Backtest> backtest(const CleanEpisodes& episodes, Date fit_to, int reference_days, int horizon_days,
                          Estimator estimator);

}  // namespace kith::planning
