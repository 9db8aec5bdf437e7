// Published DfE council-level figures (data/dfe, Explore Education Statistics
// files) and the comparison of a council with its statistical neighbours,
// region and England: value, rank, quartile, trend, neighbours' mean and median.
//
// EES cells hold numbers or symbols; symbols are typed missing values, never
// numbers. Thread-safety: Benchmarks is immutable once loaded; share freely.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "insight/indicators.h"
#include "model/result.h"

namespace kith::insight {

// Why an EES cell holds no number: c suppressed, x not available, z not applicable,
// k rounds to 0 but is not 0, u low reliability, low positive but rounds to 0,
// ":" not available (older files), empty cell.
enum class Missing { kNone, kSuppressed, kNotAvailable, kNotApplicable, kRoundsToZero, kLowReliability, kLow, kOldNotAvailable, kEmpty };

struct EesValue {
  std::optional<double> number;
  Missing missing = Missing::kEmpty;
  bool has_number() const { return number.has_value(); }
};

// Parses a cell: a number, one of the symbols above, or invalid for anything else
// (so a new symbol is noticed, not read as zero).
Result<EesValue> parse_ees(std::string_view cell);

// A published measure: which file, which rows (column = value filters), which columns.
struct BenchmarkMeasure {
  std::string_view indicator;  // the engine's indicator id it benchmarks
  std::string_view file;       // in data/dfe
  std::vector<std::pair<std::string_view, std::string_view>> filters;
  std::string_view value_column, numerator_column, denominator_column;  // numerator/denominator may be empty
  std::string_view source;     // for people: "DfE c1 (CIN census), rereferral_percent"
};
const std::vector<BenchmarkMeasure>& benchmark_measures();

// One published figure for an area and year.
struct Figure {
  EesValue value, numerator, denominator;
};

enum class NeighbourModel { k2021, k2025 };
std::string_view model_name(NeighbourModel m);  // "April 2021", "May 2025"

struct Comparison {
  std::string indicator, la_code, la_name;
  int time_period = 0;
  NeighbourModel model = NeighbourModel::k2025;
  Figure council;
  std::optional<double> region, england;
  std::string region_name;
  std::vector<std::string> neighbours;      // 3-digit codes in model order
  std::optional<double> neighbours_mean;    // of those with a number (LAIT's statistical neighbour figure)
  std::optional<double> neighbours_median;  // (DfE CSC dashboard's figure)
  int neighbours_with_value = 0;
  std::optional<int> rank;                  // 1 = best by polarity (neutral: lowest value first), among LAs with a number
  int ranked = 0;
  std::optional<int> quartile;              // 1 = best quarter ... 4 = worst
  std::vector<std::pair<int, EesValue>> trend;  // the council's value by time_period, oldest first
};

class Benchmarks {
 public:
  // Loads every measure's file and the neighbour models from data_dir (dfe/, la/).
  static Result<Benchmarks> load(const std::string& data_dir);

  // The published figure; not_found when the file has no such row.
  Result<Figure> figure(std::string_view indicator, std::string_view la_code, int time_period) const;
  Result<Figure> england(std::string_view indicator, int time_period) const;
  Result<Comparison> compare(std::string_view indicator, std::string_view la_code, int time_period, NeighbourModel model) const;

 private:
  struct Row {
    std::string level, la_code, la_name, region_code, region_name;
    Figure figure;
  };
  const BenchmarkMeasure* measure(std::string_view indicator) const;
  const Row* find(std::string_view indicator, std::string_view level, std::string_view code, int time_period) const;

  std::map<std::string, std::map<int, std::vector<Row>>, std::less<>> rows_;  // indicator -> time_period -> rows
  std::map<NeighbourModel, std::map<std::string, std::vector<std::string>>> neighbours_;
};

}  // namespace kith::insight
