// Placement costs: weekly unit costs per sub-type (defaults a council edits
// in a small JSON file), yearly inflation from each 1 April, the mix of
// sub-types within each state (from the reference period) and the spend of
// a projection by financial quarter and year.
//
// Thread-safety: values and pure functions.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "planning/projection.h"

namespace kith::planning {

struct UnitCosts {
  std::array<double, kSubTypes> weekly{};  // pounds per child per week at the base date's prices
  double inflation = 0.0;                  // yearly rise, applied on each 1 April after base
  Date base = Date::ymd(2025, 4, 1);

  // The weekly cost of a sub-type on day d.
  double weekly_on(SubType t, Date d) const;
};

// Illustrative national averages for 2025/26 (pounds a week); councils replace them.
UnitCosts default_unit_costs();

// Reads {"base": "2025-04-01", "inflation": 0.03, "weekly": {"agency_fostering": 950, ...}};
// sub-types not named keep their defaults. Invalid with the reason for a bad file.
Result<UnitCosts> parse_unit_costs(const std::string& json_text);

// Reads unit costs from a JSON file; the defaults when path is empty.
// io error naming the file when it cannot be read.
Result<UnitCosts> read_unit_costs(const std::string& path);

std::string unit_costs_json(const UnitCosts& c);

// For each state, the share of each sub-type (rows sum to 1).
using SubTypeMix = std::array<std::array<double, kSubTypes>, kCareStates>;

// The mix over the period's child-days; a state with no days takes its
// category's mix, a category with none an even split of its sub-types.
SubTypeMix mix_from(const CleanEpisodes& episodes, Period period);

struct SpendLine {
  std::string period;  // "2025/26" or "2025/26 Q1" (financial year from 1 April)
  Date from, to;       // the days of the projection it covers
  double pounds = 0;
  std::array<double, kPlacements> by_placement{};
};

struct Spend {
  std::vector<SpendLine> quarters, years;
  double total = 0;
};

// The spend of the projection's days after its start.
Spend spend_of(const Projection& p, const UnitCosts& costs, const SubTypeMix& mix);

// The financial year label of a day: "2025/26".
std::string financial_year(Date d);

}  // namespace kith::planning
