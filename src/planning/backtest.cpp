#include "planning/backtest.h"

#include <cmath>

namespace kith::planning {

Result<Backtest> backtest(const CleanEpisodes& e, Date fit_to, int reference_days, int horizon_days, Estimator estimator) {
  Date until = fit_to.plus_days(horizon_days);
  if (!e.last_date || *e.last_date < until)
    return Status::invalid("the data end on " + (e.last_date ? e.last_date->iso() : std::string("(no data)")) +
                           ", before the back-test's last day " + until.iso());
  Backtest b;
  b.reference = {fit_to.plus_days(1 - reference_days), fit_to};
  auto rates = estimate_rates(e, b.reference, estimator);
  if (!rates) return rates.status();
  Projection p = project(*rates, stock_on(e, fit_to), fit_to, horizon_days);
  for (Date d : month_ends(fit_to, until)) {
    BacktestPoint point{d, {}, {}};
    Stock actual = stock_on(e, d);
    for (int s = 0; s < kCareStates; ++s) {
      point.forecast[s] = p.on(d)[s];
      point.actual[s] = actual[s];
      point.forecast[kCareStates] += point.forecast[s];
      point.actual[kCareStates] += actual[s];
    }
    for (int s = 0; s <= kCareStates; ++s) b.mean_abs_error[s] += std::abs(point.forecast[s] - point.actual[s]);
    b.points.push_back(point);
  }
  if (b.points.empty()) return Status::invalid("the back-test horizon holds no month end");
  for (double& v : b.mean_abs_error) v /= double(b.points.size());
  const auto& last = b.points.back();
  if (last.actual[kCareStates] > 0)
    b.final_total_error_share = (last.forecast[kCareStates] - last.actual[kCareStates]) / last.actual[kCareStates];
  return b;
}

}  // namespace kith::planning
