// The quarterly performance report for Cabinet or a scrutiny committee
// (issue 6): user numbers, the key measures with a five-quarter trend, the
// benchmark position against statistical neighbours and England, RAG against
// the council's own targets, and commentary. One model, three renderers
// (render.h): HTML, PDF, XLSX.
//
// Everything in the model is already PUBLISHED: counts of children 1-5 are "c"
// with secondary suppression (insight/publish.h), values derived from a hidden
// count are "c", and there are no child identifiers or worker names in it.
// Renderers only format; they never see unsuppressed numbers.
//
// Thread-safety: build_* read only their arguments (and the Database passed);
// a QuarterlyReport is a value.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "insight/benchmarks.h"
#include "insight/case_record.h"
#include "insight/indicators.h"
#include "insight/period.h"
#include "model/result.h"
#include "report/targets.h"
#include "store/database.h"

namespace kith::report {

// A published value in one quarter ("c", "" not available, or a number as text).
struct TrendPoint {
  std::string quarter;  // "Q3 2025-26"
  std::string value;
};

// Children supported at one stage: at the quarter's end (stocks) or during it (flows).
struct UserNumber {
  std::string id;     // early_help, cin, cp, cla, care_leavers, contacts, referrals
  std::string label;
  bool at_end = true;                   // false: counted over the quarter
  std::vector<std::string> by_locality; // published, in QuarterlyReport::localities order
  std::string total;                    // published; the same cell as the trend's last point
  std::vector<TrendPoint> trend;        // the total in each of the five quarters, oldest first
};

struct BenchmarkPosition {
  int time_period = 0;  // DfE's year (2025 = year to 31 March 2025); 0 when not benchmarked
  std::string source, council, neighbours_mean, england, rank, quartile;  // as text, "" when not known
  std::string note;     // why there is no benchmark, when there is none
};

struct Measure {
  const insight::IndicatorDef* def = nullptr;
  std::string numerator, denominator, value;  // this quarter, published
  std::vector<TrendPoint> trend;              // five quarters, oldest first; the first is a year ago
  BenchmarkPosition benchmark;
  std::optional<Target> target;
  Rag rag = Rag::kNoTarget;
  std::string commentary;
};

struct QuarterlyReport {
  std::string council_name, la_code;
  insight::Period period;
  std::vector<std::string> quarters;    // the five quarter labels, oldest first
  std::vector<std::string> localities;  // columns of the user numbers table ("No locality" last when anyone is in it)
  std::vector<UserNumber> users;
  std::vector<Measure> measures;
  std::string user_numbers_commentary, overall_commentary;
};

// The key measures, in report order (indicator ids of insight's catalogue).
const std::vector<std::string>& report_measure_ids();
// Keys a commentary file may use: the measures, "overall" and "user_numbers".
std::vector<std::string> commentary_keys();

// "Q3 2025-26" for a financial quarter.
std::string quarter_label(const insight::Period& quarter);

struct ReportInputs {
  std::string council_name, la_code;         // la_code: DfE 3-digit code used for benchmarks
  std::vector<Id> care_leavers;              // persons with a care_leaver record
  const insight::Benchmarks* benchmarks = nullptr;  // null: no benchmark position
  std::map<std::string, Target> targets;
  std::map<std::string, std::string> commentary;
};

// Builds the report for a financial quarter from a loaded record (pure).
// Invalid when period is not a quarter.
Result<QuarterlyReport> build_quarterly_report(const insight::CaseRecord& record, const insight::Period& quarter,
                                               const ReportInputs& inputs);

struct ReportOptions {
  std::string data_dir;  // holding dfe/ and la/ (benchmarks); empty: no benchmarks
  std::map<std::string, Target> targets;
  std::map<std::string, std::string> commentary;
};

// Loads the record, the council (the store's first council names the report and
// is benchmarked) and the benchmarks, then builds. Errors: database, data files.
Result<QuarterlyReport> build_quarterly_report(store::Database& db, const insight::Period& quarter, const ReportOptions& options);

}  // namespace kith::report
