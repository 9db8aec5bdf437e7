// The workforce model: case-holding staff needed from caseload norms per
// team type and the forecast demand, set against the staff in post
// (permanent and agency), with the agency uplift, vacancies, turnover, and
// conversion and recruitment scenarios costed by financial year.
//
// Demand: children looked after follow the demand model's projection;
// children in need, on a plan, leaving care and in early help are held at
// the case record's open counts on the start day (there is no flow model for
// them yet, and tying them to the care forecast would make a scenario with
// more early help cut the early help workload).
//
// Thread-safety: values and pure functions; the readers use the caller's
// Database on the caller's thread.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "planning/projection.h"
#include "planning/tables.h"
#include "store/database.h"

namespace kith::planning {

// Team types with a caseload norm. team.team_type maps onto them:
// front_door, assessment and disability → kChildInNeed; safeguarding →
// kChildProtection; children_in_care → kLookedAfter; leaving_care and
// early_help → their own.
enum class TeamType { kChildInNeed, kChildProtection, kLookedAfter, kLeavingCare, kEarlyHelp };
inline constexpr int kTeamTypes = 5;
using TeamCounts = std::array<double, kTeamTypes>;

std::string_view label(TeamType t);  // "child_in_need", "child_protection", ...
std::optional<TeamType> team_type_of(std::string_view team_type_column);

struct WorkforceNorms {
  TeamCounts children_per_fte{18, 15, 15, 25, 20};
  double agency_uplift = 13600;  // pounds a year an agency FTE costs over a permanent one
};

// Reads {"children_per_fte": {"child_in_need": 18, ...}, "agency_uplift": 13600};
// names left out keep their defaults. Invalid with the reason otherwise.
Result<WorkforceNorms> parse_norms(const std::string& json_text);
std::string norms_json(const WorkforceNorms& n);

// Case-holding council staff (social workers, senior practitioners,
// personal advisers, family support workers) in post on a day.
struct StaffInPost {
  TeamCounts permanent_fte{}, agency_fte{};
  int permanent_headcount = 0, agency_headcount = 0;
};

// Permanent case-holding staff who left in the 12 months ending on a day,
// over the mean of the headcounts at both ends of those months.
struct Turnover {
  int leavers = 0;
  double average_headcount = 0;
  double rate() const { return average_headcount > 0 ? leavers / average_headcount : 0; }
};

struct WorkforceInput {
  Date on;
  TeamCounts open_cases{};  // children by the team type that holds them, on `on`
  StaffInPost staff;
  Turnover turnover;
};

// Reads the open cases, staff and turnover from the case record on a day.
// Children in need exclude those on a plan or looked after; care leavers
// count from 18 to their 25th birthday.
Result<WorkforceInput> read_workforce(store::Database& db, Date on);

// Agency workers made permanent and new permanent recruits, from a day;
// both are spread over the team types (conversions by agency FTE, recruits
// by the FTE needed).
struct WorkforceChange {
  double convert = 0;
  double recruit = 0;
  Date from;
};

struct WorkforceMonth {
  Date date;
  TeamCounts children{}, needed{}, permanent{}, agency{};
};

struct UpliftYear {
  std::string year;  // financial year, "2025/26"
  double baseline = 0, with_change = 0;
  double saved() const { return baseline - with_change; }
};

struct WorkforcePlan {
  std::vector<WorkforceMonth> months;
  std::vector<UpliftYear> years;  // the uplift on each projected day after the start: uplift / 365 per agency FTE
};

// The staff needed at each date (children looked after from the projection,
// the rest held flat) and the agency uplift, with and without the change.
WorkforcePlan plan_workforce(const WorkforceInput& in, const Projection& cla, const std::vector<Date>& dates,
                             const WorkforceNorms& norms, const std::optional<WorkforceChange>& change);

double sum(const TeamCounts& c);

// The reference period the workforce command and the planning page use by
// default: the two years ending on the data's last day. Invalid without data.
Result<Period> default_reference(const CleanEpisodes& episodes);

Table workforce_table(const WorkforcePlan& p);  // date,team_type,children,needed_fte,permanent_fte,agency_fte,shortfall_fte
Table uplift_table(const WorkforcePlan& p);     // year,baseline_uplift,uplift,saved
// measure,value: staff in post, agency share and uplift a year, vacancies against need, turnover.
Table staff_summary_table(const WorkforceInput& in, const WorkforceNorms& norms);

}  // namespace kith::planning
