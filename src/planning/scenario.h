// Scenarios: a change of practice expressed as a change to the baseline's
// rates and sub-type mix, projected and costed beside the baseline, with
// savings, the reinvestment line and the date a target is first met.
// Scenarios are saved by name in the planning_scenario table.
//
// Thread-safety: values and pure functions; the store functions use the
// caller's Database on the caller's thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "planning/costs.h"
#include "store/database.h"

namespace kith::planning {

struct Scenario {
  std::string name, description;
  double entries_factor = 1.0;       // 0.9: a tenth fewer children come into care (e.g. early help)
  double exits_factor = 1.0;         // 1.1: a tenth more leave care each day
  double step_down_per_year = 0.0;   // extra moves residential -> fostering per child-year in residential
  double in_house_shift = 0.0;       // share of agency fostering days moved to in-house carers
  double reinvest_share = 0.0;       // share of savings reinvested (e.g. in early help)
  std::optional<double> target;      // children looked after to reach (at or below)
};

// The baseline's rates and mix changed by the scenario.
Rates apply(const Scenario& s, const Rates& baseline);
SubTypeMix apply(const Scenario& s, const SubTypeMix& baseline);

// Invalid when a factor is negative or a share outside 0..1.
Status check(const Scenario& s);

struct YearComparison {
  std::string year;
  double baseline_spend = 0, spend = 0;
  double savings = 0, reinvested = 0, kept = 0;  // kept = savings - reinvested
  double baseline_children = 0, children = 0;    // in care on the year's last projected day
};

struct ScenarioOutcome {
  Scenario scenario;
  Projection projection;
  Spend spend;
  std::vector<YearComparison> years;
  std::optional<Date> target_met;  // first day the total in care is at or below the target
};

struct Baseline {
  Rates rates;
  SubTypeMix mix;
  Stock start_stock;
  Date start;
  int days = 0;
  UnitCosts costs;
};

// Projects and costs the scenario against the baseline.
ScenarioOutcome run_scenario(const Scenario& s, const Baseline& b);

// Saved scenarios (JSON definitions by name).
Status save_scenario(store::Database& db, const Scenario& s);
Result<Scenario> load_scenario(store::Database& db, const std::string& name);
Result<std::vector<Scenario>> list_scenarios(store::Database& db);
Status delete_scenario(store::Database& db, const std::string& name);

std::string to_json(const Scenario& s);
Result<Scenario> scenario_from_json(const std::string& text);

}  // namespace kith::planning
