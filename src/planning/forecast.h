// The forecast as the CLI and pages run it: estimate over the reference
// period, project from the stock on its last day, simulate the bands, and
// lay the result out as tables (date,age_band,placement,children,p10,p90 at
// month ends, the rates per year, the spend) with a readable account of
// the rows the cleaning excluded.
//
// Thread-safety: pure functions (simulate runs its own threads).
#pragma once

#include <string>
#include <vector>

#include "planning/costs.h"
#include "planning/tables.h"

namespace kith::planning {

struct ForecastRequest {
  Period reference;
  int horizon_months = 24;  // 1..60
  Estimator estimator = Estimator::kChildDays;
  SimulationOptions simulation;
};

struct Forecast {
  Rates rates;
  Stock start_stock{};
  Projection projection;
  std::vector<Date> dates;  // month ends reported
  Simulation simulation;    // empty bands when runs is 0
};

Result<Forecast> run_forecast(const CleanEpisodes& episodes, const ForecastRequest& request);

// "2023-04-01..2025-03-31"; invalid with the reason otherwise.
Result<Period> parse_period(const std::string& s);
// "24m" or "2y": months, 1 to 60.
Result<int> parse_horizon(const std::string& s);

Table forecast_table(const Forecast& f);  // the 20 states and "all,all" at each month end
Table rates_table(const Rates& r);        // rates per year with their evidence
Table spend_table(const Spend& s);        // by financial quarter and year

// What the cleaning did, for people: rows read (readable or not), each rule's count,
// and the excluded rows grouped by reason with up to `examples` each.
std::string describe(const CleaningReport& report, std::size_t rows_read, int examples = 3);

}  // namespace kith::planning
