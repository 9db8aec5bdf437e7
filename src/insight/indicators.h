// The indicator engine: DfE children's social care indicators and the
// measures councillors ask for, computed live from the case record for a
// period and, optionally, sliced by locality, hub, team, age band, sex,
// ethnicity, legal status or placement type. Definitions: docs/INSIGHT.md.
//
// Thread-safety: compute_indicators reads only its arguments; the catalogue
// is immutable static data.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "insight/case_record.h"
#include "insight/period.h"
#include "model/result.h"
#include "store/database.h"

namespace kith::returns::ssda903 {
class PostcodeIndex;
}

namespace kith::insight {

enum class Slice { kNone, kLocality, kHub, kTeam, kAgeBand, kSex, kEthnicity, kLegalStatus, kPlacementType };
// "locality", "hub", "team", "age_band", "sex", "ethnicity", "legal_status", "placement_type".
Result<Slice> parse_slice(std::string_view name);
std::string_view slice_name(Slice s);

enum class Unit { kCount, kPer10k, kPercent, kRatio, kPounds };
enum class Polarity { kNeutral, kHigherIsBetter, kLowerIsBetter };
std::string_view unit_name(Unit u);          // "count", "per_10k", "percent", "ratio", "pounds"
std::string_view polarity_name(Polarity p);  // "neutral", "high", "low" (LAIT's High/Low/-)

struct IndicatorDef {
  std::string_view id;          // stable, e.g. "re_referrals_pct"
  std::string_view label;       // for people
  Unit unit;
  Polarity polarity;
  std::string_view lait_code;   // LAIT Measure_short when DfE publishes it, else empty
  std::string_view definition;  // numerator, denominator and period, from the LAIT dictionary where it exists
  bool counts_children;         // numerator and denominator count children: suppressed on export
};

// Every indicator the engine computes, in report order.
const std::vector<IndicatorDef>& indicator_catalogue();

// One indicator for one slice value ("All" is the whole record).
struct IndicatorRow {
  const IndicatorDef* def = nullptr;
  std::string slice_value;
  double numerator = 0;
  std::optional<double> denominator;  // none for counts and money
  std::optional<double> value;        // none when the denominator is 0 or the measure is not derivable
  std::string note;                   // why value is missing, when it is
};

struct IndicatorOptions {
  Slice by = Slice::kNone;
  // Agency uplift: extra cost a year of one agency social worker FTE over a
  // permanent one. Default £13,600 = £340,000 / 25 agency workers (council minutes, 2022).
  double agency_uplift_per_fte_year = 13600;
};

// Computes every indicator for the period. postcodes may be null: the
// distance indicator then has no value. Rows: for each indicator in catalogue
// order, "All" first, then slice values in name order.
std::vector<IndicatorRow> compute_indicators(const CaseRecord& record, const Period& period, const IndicatorOptions& options,
                                             const returns::ssda903::PostcodeIndex* postcodes);

// Loads the record for the period (load_council_records, and the postcodes
// it mentions, from data_dir/postcodes when data_dir is not empty) and
// computes by council: the rows are England's, i.e. the whole store's.
// Errors: database or data files.
Result<std::vector<IndicatorRow>> compute_indicators(store::Database& db, const Period& period, const IndicatorOptions& options,
                                                     const std::string& data_dir);

// One council's rows, as compute_indicators gives them on its CaseRecord.
struct CouncilIndicators {
  Id council = 0;
  std::string la_code, name;
  std::vector<IndicatorRow> rows;
};

struct EnglandIndicators {
  std::vector<IndicatorRow> england;        // every council's numerators and denominators added up (rows of no council too)
  std::vector<CouncilIndicators> councils;  // in council id order; rows of no council are not a council
};

// Computes every council on its own and England as their sum, with the same
// definitions as compute_indicators (which gives the same rows for the whole
// record, up to the order floating-point sums are added in). Runs on up to
// `threads` threads (0: one per core); councils share nothing while computed.
// Invalid when the records were loaded for another day than period.end.
// Thread-safety: reads only its arguments.
Result<EnglandIndicators> compute_by_council(const CouncilRecords& records, const Period& period, const IndicatorOptions& options,
                                             const returns::ssda903::PostcodeIndex* postcodes, unsigned threads = 0);

// The postcodes the records' periods of care mention (home and placement),
// from data_dir/postcodes: a few thousand of England's 2.3 million.
Result<returns::ssda903::PostcodeIndex> load_mentioned_postcodes(const std::vector<const CaseRecord*>& records, const std::string& data_dir);

}  // namespace kith::insight
