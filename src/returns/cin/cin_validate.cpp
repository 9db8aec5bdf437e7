#include "returns/cin/cin_validate.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <tuple>

#include "io/csv.h"
#include "returns/cin/rule.h"

namespace kith::returns::cin {
namespace fs = std::filesystem;
namespace {

bool has_spec(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "rules.csv", ec);
}

std::string search_up(fs::path dir) {
  for (int depth = 0; depth < 6 && !dir.empty(); ++depth, dir = dir.parent_path()) {
    if (has_spec(dir / "data/spec/cin")) return (dir / "data/spec/cin").string();
    if (dir == dir.parent_path()) break;
  }
  return {};
}

std::vector<Finding> to_findings(const Rule& rule, const Flags& flags, const CinReturn& data, const RuleCatalogue& catalogue) {
  const RuleInfo* info = catalogue.find(rule.code);
  Severity severity = rule.code.ends_with('Q') ? Severity::kQuery : Severity::kError;
  std::vector<Finding> out;
  out.reserve(flags.all().size());
  for (const Flag& f : flags.all()) {
    Finding finding{std::string(rule.code), std::string(f.table), std::string(f.column), std::nullopt, {}, severity,
                    info ? std::string_view(info->message) : std::string_view()};
    if (f.row >= 0) {
      finding.row = f.row;
      finding.child = std::string(data.table(f.table).col("LAchildID").text(std::size_t(f.row)).value_or(""));
    }
    out.push_back(std::move(finding));
  }
  // A cell is flagged once per rule, however many comparisons caught it.
  auto key = [](const Finding& f) { return std::tie(f.table, f.row, f.column); };
  std::sort(out.begin(), out.end(), [&](const Finding& a, const Finding& b) { return key(a) < key(b); });
  out.erase(std::unique(out.begin(), out.end(), [&](const Finding& a, const Finding& b) { return key(a) == key(b); }), out.end());
  return out;
}

std::vector<Finding> apply(const Rule& rule, const CinReturn& data, const RuleCatalogue& catalogue, const CollectionYear& year) {
  Date ref = data.reference_date(year.reference_date);
  Census census{data, ref, ref.plus_months(-12).plus_days(1)};
  Flags flags;
  rule.check(census, flags);
  return to_findings(rule, flags, data, catalogue);
}

}  // namespace

std::optional<CollectionYear> collection_year(std::string_view label) {
  if (label == "2025/26") return CollectionYear{"2025/26", Date::ymd(2026, 3, 31), "CIN_schema_2025_26.xsd"};
  if (label == "2024/25") return CollectionYear{"2024/25", Date::ymd(2025, 3, 31), "CIN_schema_2024_25.xsd"};
  return std::nullopt;
}

const RuleInfo* RuleCatalogue::find(std::string_view code) const {
  auto it = std::find_if(rules.begin(), rules.end(), [&](const RuleInfo& r) { return r.code == code; });
  return it == rules.end() ? nullptr : &*it;
}

std::string find_cin_spec_dir(const std::string& data_dir) {
  if (!data_dir.empty()) return has_spec(fs::path(data_dir) / "spec/cin") ? (fs::path(data_dir) / "spec/cin").string() : std::string();
  if (const char* env = std::getenv("KITH_DATA_DIR"); env && has_spec(fs::path(env) / "spec/cin"))
    return (fs::path(env) / "spec/cin").string();
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    if (auto found = search_up(exe.parent_path()); !found.empty()) return found;
  }
  return search_up(fs::current_path(ec));
}

Result<RuleCatalogue> load_rule_catalogue(const std::string& spec_dir) {
  auto csv = io::read_csv(spec_dir + "/rules.csv");
  if (!csv) return csv.status();
  auto rule = csv->column("rule"), type = csv->column("type"), module = csv->column("module"), message = csv->column("message");
  if (!rule || !type || !module || !message) return Status::corrupt(spec_dir + "/rules.csv lacks rule, type, module or message");
  RuleCatalogue out;
  for (const auto& row : csv->rows)
    out.rules.push_back({row[*rule], row[*type] == "QUERY" ? Severity::kQuery : Severity::kError, row[*module], row[*message]});
  return out;
}

std::vector<Finding> validate_census(const CinReturn& census, const RuleCatalogue& catalogue, const CollectionYear& year) {
  std::vector<Finding> out;
  for (const Rule& rule : cin_rules()) {
    auto found = apply(rule, census, catalogue, year);
    out.insert(out.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  return out;
}

std::optional<std::vector<Finding>> run_rule(std::string_view code, const CinReturn& census, const RuleCatalogue& catalogue,
                                             const CollectionYear& year) {
  for (const Rule& rule : cin_rules())
    if (rule.code == code) return apply(rule, census, catalogue, year);
  return std::nullopt;
}

}  // namespace kith::returns::cin
