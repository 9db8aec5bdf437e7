#include "insight/benchmarks.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "io/csv.h"

namespace kith::insight {
namespace {

constexpr std::string_view kCla31March = "Children looked after on 31 March each year";

Polarity polarity_of(std::string_view indicator) {
  for (const auto& d : indicator_catalogue())
    if (d.id == indicator) return d.polarity;
  return Polarity::kNeutral;
}

double mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return sum / double(v.size());
}

std::optional<double> median(std::vector<double> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

Result<EesValue> cell(const io::CsvFile& f, const std::vector<std::string>& row, std::string_view column) {
  if (column.empty()) return EesValue{};
  auto c = f.column(column);
  if (!c) return Status::corrupt(f.name + " has no column " + std::string(column));
  auto v = parse_ees(row[*c]);
  if (!v) return Status::corrupt(f.name + ": " + v.status().message());
  return v;
}

}  // namespace

Result<EesValue> parse_ees(std::string_view s) {
  static const std::pair<std::string_view, Missing> kSymbols[] = {
      {"c", Missing::kSuppressed},     {"x", Missing::kNotAvailable},   {"z", Missing::kNotApplicable}, {"k", Missing::kRoundsToZero},
      {"u", Missing::kLowReliability}, {"low", Missing::kLow},          {":", Missing::kOldNotAvailable}, {"", Missing::kEmpty}};
  for (const auto& [text, missing] : kSymbols)
    if (s == text) return EesValue{std::nullopt, missing};
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return Status::invalid("EES cell '" + std::string(s) + "' is neither a number nor a symbol");
  return EesValue{v, Missing::kNone};
}

const std::vector<BenchmarkMeasure>& benchmark_measures() {
  static const std::vector<BenchmarkMeasure> kMeasures = {
      {"re_referrals_pct", "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv", {}, "rereferral_percent", "rereferral_count",
       "referral_count", "DfE Characteristics of children in need, c1: rereferral_percent"},
      {"cla_per_10k", "cla_number_and_rate_per_10k_children.csv", {{"population_type", kCla31March}}, "rate_per_10000", "children_count",
       "population_estimate", "DfE Children looked after in England: rate_per_10000 (whole number)"},
      {"cp_second_plan_pct", "d3_cpps_subsequent_plan_2013_to_2025.csv", {}, "CPP_subsequent_percent", "CPP_subsequent", "CPP_start",
       "DfE Characteristics of children in need, d3: CPP_subsequent_percent"},
      {"cp_2yrs_open_pct", "d5_cpps_at31march_by_duration_2013_to_2025.csv", {}, "2_years_or_more_percent", "2_years_or_more", "CPP_At31",
       "DfE Characteristics of children in need, d5: 2_years_or_more_percent"},
      {"cla_3plus_placements_pct", "la_cla_placement_stability.csv",
       {{"cla_group", "CLA on 31 March"}, {"placement_stability", "With 3 or more placements during the year"}}, "children_percent",
       "children_count", "", "DfE Children looked after in England: placement stability"},
      {"cla_long_term_stability_pct", "la_cla_placement_stability.csv",
       {{"cla_group", "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"},
        {"placement_stability", "Living with the same carer for at least 2 years"}},
       "children_percent", "children_count", "", "DfE Children looked after in England: long-term placement stability"},
      {"cla_3plus_social_workers_pct", "la_cla_swcount.csv",
       {{"cla_group", "CLA on 31 March"}, {"sw_stability", "3 or more social workers during the year"}}, "percentage", "number", "",
       "DfE Children looked after in England: social worker changes (first published 2024)"},
      {"care_leavers_suitable_accommodation_pct", "la_care_leavers_accommodation_suitability.csv",
       {{"care_leaver_age", "19 to 21 years"}, {"breakdown", "Accommodation considered suitable"}}, "care_leaver_percent",
       "care_leaver_count", "", "DfE Children looked after in England: care leavers' accommodation, 19 to 21"},
      {"caseload_per_fte", "csww_indicators_2017_to_2025.csv", {}, "caseload_fte", "cases", "case_holders_fte",
       "DfE Children's social work workforce: caseload_fte (30 September)"},
      {"agency_rate_pct", "csww_indicators_2017_to_2025.csv", {}, "agency_rate_fte", "agency_fte", "",
       "DfE Children's social work workforce: agency_rate_fte (30 September)"},
      {"vacancy_rate_pct", "csww_indicators_2017_to_2025.csv", {}, "vacancy_rate_fte", "vacancy_fte", "",
       "DfE Children's social work workforce: vacancy_rate_fte (30 September)"},
      {"turnover_rate_pct", "csww_indicators_2017_to_2025.csv", {}, "turnover_rate_fte", "leavers_fte", "inpost_fte",
       "DfE Children's social work workforce: turnover_rate_fte (30 September)"},
      {"absence_rate_pct", "csww_indicators_2017_to_2025.csv", {}, "absence_rate_fte", "working_days_lost_fte", "",
       "DfE Children's social work workforce: absence_rate_fte (30 September)"},
  };
  return kMeasures;
}

std::string_view model_name(NeighbourModel m) { return m == NeighbourModel::k2021 ? "April 2021" : "May 2025"; }

Result<Benchmarks> Benchmarks::load(const std::string& data_dir) {
  Benchmarks b;
  std::map<std::string, io::CsvFile, std::less<>> files;
  for (const auto& m : benchmark_measures()) {
    auto it = files.find(m.file);
    if (it == files.end()) {
      auto f = io::read_csv(data_dir + "/dfe/" + std::string(m.file));
      if (!f) return f.status();
      it = files.emplace(std::string(m.file), std::move(*f)).first;
    }
    const io::CsvFile& f = it->second;
    auto col = [&](std::string_view name) { return f.column(name); };
    auto time = col("time_period"), level = col("geographic_level"), code = col("old_la_code"), name = col("la_name"),
         region = col("region_code"), region_name = col("region_name");
    if (!time || !level || !code || !name || !region || !region_name) return Status::corrupt(f.name + ": not an EES LA-level file");
    for (const auto& row : f.rows) {
      bool wanted = true;
      for (const auto& [column, value] : m.filters) wanted = wanted && col(column) && row[*col(column)] == value;
      if (!wanted) continue;
      Row r{row[*level], row[*code], row[*name], row[*region], row[*region_name], {}};
      for (auto [slot, column] : {std::pair{&r.figure.value, m.value_column}, {&r.figure.numerator, m.numerator_column},
                                  {&r.figure.denominator, m.denominator_column}}) {
        auto v = cell(f, row, column);
        if (!v) return v.status();
        *slot = *v;
      }
      int year = 0;
      std::from_chars(row[*time].data(), row[*time].data() + row[*time].size(), year);
      b.rows_[std::string(m.indicator)][year].push_back(std::move(r));
    }
  }
  for (auto [model, file] : {std::pair{NeighbourModel::k2021, "statistical_neighbours_2021.csv"}, {NeighbourModel::k2025, "statistical_neighbours_2025.csv"}}) {
    auto f = io::read_csv(data_dir + "/la/" + file);
    if (!f) return f.status();
    auto la = f->column("la_code"), rank = f->column("neighbour_rank"), n = f->column("neighbour_code");
    if (!la || !rank || !n) return Status::corrupt(f->name + ": not a statistical neighbour file");
    for (const auto& row : f->rows) b.neighbours_[model][row[*la]].push_back(row[*n]);  // the file is in rank order
  }
  return b;
}

const BenchmarkMeasure* Benchmarks::measure(std::string_view indicator) const {
  for (const auto& m : benchmark_measures())
    if (m.indicator == indicator) return &m;
  return nullptr;
}

const Benchmarks::Row* Benchmarks::find(std::string_view indicator, std::string_view level, std::string_view code, int time_period) const {
  auto m = rows_.find(indicator);
  if (m == rows_.end()) return nullptr;
  auto y = m->second.find(time_period);
  if (y == m->second.end()) return nullptr;
  for (const auto& r : y->second)
    if (r.level == level && (level == "National" || (level == "Regional" ? r.region_code : r.la_code) == code)) return &r;
  return nullptr;
}

Result<Figure> Benchmarks::figure(std::string_view indicator, std::string_view la_code, int time_period) const {
  if (!measure(indicator)) return Status::not_found("no published benchmark for " + std::string(indicator));
  const Row* r = find(indicator, "Local authority", la_code, time_period);
  if (!r) return Status::not_found("no published " + std::string(indicator) + " for LA " + std::string(la_code) + " in " + std::to_string(time_period));
  return r->figure;
}

Result<Figure> Benchmarks::england(std::string_view indicator, int time_period) const {
  const Row* r = find(indicator, "National", "", time_period);
  if (!r) return Status::not_found("no published England " + std::string(indicator) + " in " + std::to_string(time_period));
  return r->figure;
}

Result<Comparison> Benchmarks::compare(std::string_view indicator, std::string_view la_code, int time_period, NeighbourModel model) const {
  const Row* own = find(indicator, "Local authority", la_code, time_period);
  if (!own) return Status::not_found("no published " + std::string(indicator) + " for LA " + std::string(la_code) + " in " + std::to_string(time_period));
  Comparison c;
  c.indicator = indicator;
  c.la_code = la_code;
  c.la_name = own->la_name;
  c.time_period = time_period;
  c.model = model;
  c.council = own->figure;
  if (const Row* r = find(indicator, "Regional", own->region_code, time_period)) c.region = r->figure.value.number, c.region_name = r->region_name;
  if (const Row* e = find(indicator, "National", "", time_period)) c.england = e->figure.value.number;

  std::vector<double> sn;
  if (auto it = neighbours_.at(model).find(c.la_code); it != neighbours_.at(model).end()) c.neighbours = it->second;
  for (const auto& code : c.neighbours)
    if (const Row* r = find(indicator, "Local authority", code, time_period); r && r->figure.value.number) sn.push_back(*r->figure.value.number);
  c.neighbours_with_value = int(sn.size());
  if (!sn.empty()) c.neighbours_mean = mean(sn), c.neighbours_median = median(sn);

  // Rank among the LAs with a number this year (one row per 3-digit code).
  std::map<std::string, double> values;
  for (const auto& r : rows_.find(indicator)->second.at(time_period))
    if (r.level == "Local authority" && r.figure.value.number) values.emplace(r.la_code, *r.figure.value.number);
  if (own->figure.value.number) {
    bool higher_better = polarity_of(indicator) == Polarity::kHigherIsBetter;
    double v = *own->figure.value.number;
    int better = 0;
    for (const auto& [code, x] : values) better += higher_better ? x > v : x < v;
    c.rank = better + 1;
    c.ranked = int(values.size());
    c.quartile = std::min(4, 1 + 4 * better / std::max(1, c.ranked));
  }
  for (const auto& [year, rows] : rows_.find(indicator)->second)
    for (const auto& r : rows)
      if (r.level == "Local authority" && r.la_code == la_code && (c.trend.empty() || c.trend.back().first != year))
        c.trend.push_back({year, r.figure.value});
  return c;
}

}  // namespace kith::insight
