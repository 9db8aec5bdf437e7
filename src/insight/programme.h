// The transformation programme tracker: phases, milestones (owner, due date,
// status) and the measures each milestone is meant to move, with targets and
// dates, compared with the live indicators. Stored in the tables of
// migration 0003_programme.sql; loaded from a JSON file (data/programme/).
//
// Baselines are never typed: a measure names the date of its baseline and the
// figure is computed from the case record. A target set against another
// baseline (the minutes' "697 to 500-600") can carry that reference baseline
// and is then scaled to the live one.
//
// Thread-safety: free functions; each uses only the Database or record passed.
// LiveIndicators caches per object: use one per thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "insight/indicators.h"
#include "model/result.h"
#include "store/audit_trail.h"
#include "store/database.h"

namespace kith::insight {

enum class MilestoneStatus { kNotStarted, kOnTrack, kAtRisk, kOffTrack, kDone };
enum class Direction { kDown, kUp, kWithin };
enum class Quantity { kValue, kCount };  // the indicator's value, or its numerator (e.g. children looked after)

// "not_started", "on_track", "at_risk", "off_track", "done" and back; invalid names the accepted words.
std::string_view status_name(MilestoneStatus s);
Result<MilestoneStatus> parse_status(std::string_view s);
// For people: "Not started", "On track", ...
std::string_view status_label(MilestoneStatus s);

struct Target {
  double low = 0;
  std::optional<double> high;  // a range low-high; none: the single value `low`
};
// "500-600", "500 - 600", "20", "12.5": invalid otherwise.
Result<Target> parse_target(std::string_view text);

struct MilestoneMeasure {
  Id id = 0;
  std::string indicator;  // indicator catalogue id
  Quantity quantity = Quantity::kValue;
  Date baseline_date;     // the baseline is the live figure for the quarter ending on or before this day
  Target target;
  Date target_date;
  Direction direction = Direction::kDown;
  std::optional<double> reference_baseline;  // the baseline the target was set against
};

struct Milestone {
  Id id = 0;
  std::string title, owner_role, owner_name;
  Date due;
  MilestoneStatus status = MilestoneStatus::kNotStarted;
  std::int64_t version = 1;
  std::vector<MilestoneMeasure> measures;
};

struct Phase {
  Id id = 0;
  std::string name;
  std::optional<Date> start, end;
  std::vector<Milestone> milestones;
};

struct Programme {
  Id id = 0;
  std::string name, description, source;
  std::vector<Phase> phases;
};

// Parses a programme file (JSON, see data/programme/README.md). Errors name
// the file and the field ("programme.json: phases[1].milestones[0].due: ..."),
// or the line and column of a JSON syntax error; unknown indicators are errors.
Result<Programme> parse_programme_json(std::string_view text, const std::string& file_name);

// Saves a programme, replacing one of the same name (its phases, milestones
// and measures), in one audited transaction. Returns the programme's id.
Result<Id> save_programme(store::Database& db, const store::WriteContext& ctx, const Programme& p);

// Every programme with its phases, milestones and measures, in order.
Result<std::vector<Programme>> load_programmes(store::Database& db);

// Sets a milestone's status if it is still at expected_version (conflict
// otherwise; not_found for an unknown id), audited as an update. The check is in
// the UPDATE itself, so two concurrent saves from one version cannot both pass.
Status set_milestone_status(store::Database& db, const store::WriteContext& ctx, Id milestone, MilestoneStatus status,
                            std::int64_t expected_version);

// What the tracker's editors change of a milestone (its title and measures come from the programme file).
struct MilestoneEdit {
  MilestoneStatus status = MilestoneStatus::kNotStarted;
  std::string owner_role, owner_name;
  Date due;
};

// A milestone's edit from form text: invalid naming the field ("due: ...",
// "status: ...", "owner_role: ...") for a bad status or date or an empty owner role.
Result<MilestoneEdit> parse_milestone_edit(std::string_view status, std::string_view owner_role, std::string_view owner_name,
                                           std::string_view due);

// Saves the edit if the milestone is still at seen_version, checked in the
// UPDATE itself (casework::update_seen): a conflict "version: ..." when someone
// saved it since, not_found for an unknown milestone. Audited as an update of
// programme_milestone whose reason says what changed (milestones hold no child data).
Status edit_milestone(store::Database& db, const store::WriteContext& ctx, Id milestone, const MilestoneEdit& edit,
                      std::int64_t seen_version);

// One milestone (without its measures) and the names of its programme and phase.
struct MilestonePlace {
  Milestone milestone;
  std::string programme, phase;
};
// not_found for an unknown id.
Result<MilestonePlace> load_milestone(store::Database& db, Id milestone);

// The financial quarter ending on or before `day` (the latest complete one
// when `day` is not a quarter end).
Period quarter_ending_by(Date day);

// Indicators computed from one loaded record for any number of periods,
// each period computed once (all indicators, no slice, or one slice).
class LiveIndicators {
 public:
  explicit LiveIndicators(const CaseRecord& record, IndicatorOptions options = {}) : record_(record), options_(options) {}
  // The rows for a period, computed on first use.
  const std::vector<IndicatorRow>& rows(const Period& period);
  // The "All" row (or the slice value's row) of one indicator; null when absent.
  const IndicatorRow* find(const Period& period, std::string_view indicator, std::string_view slice = "All");

 private:
  const CaseRecord& record_;
  IndicatorOptions options_;
  std::map<std::string, std::vector<IndicatorRow>> cache_;
};

// The quantity a measure follows, from a row: its value, or its numerator.
std::optional<double> quantity_of(const IndicatorRow& row, Quantity q);

enum class Verdict { kMet, kOnTrack, kOffTrack, kNoData };
std::string_view verdict_label(Verdict v);  // "Target met", "On track", "Off track", "Not enough data"

struct Progress {
  const IndicatorDef* def = nullptr;
  std::optional<double> baseline;           // live, for the quarter ending by baseline_date
  Period baseline_period, current_period;
  std::optional<double> current;            // live, for the latest complete quarter by `today`
  Target target;                            // scaled to the live baseline when the measure has a reference baseline
  std::optional<double> distance;           // current - the nearest edge of the target; 0 when met
  std::optional<double> projected;          // the linear trend of the last eight quarters, at the target date
  Verdict verdict = Verdict::kNoData;
  std::vector<std::pair<Date, std::optional<double>>> trend;  // quarter ends, oldest first
};

// Compares one measure with its target as of `today`: met when the current
// value is in the target (range) or on the right side of it (value, by
// direction); otherwise on track when the least-squares line through the last
// eight quarters reaches the target by the target date. Needs at least three
// quarters with a value to project.
Progress progress_of(const MilestoneMeasure& m, LiveIndicators& live, Date today);

// True when v meets the target for the direction (a range: low <= v <= high).
bool meets(const Target& t, Direction d, double v);

}  // namespace kith::insight
