// Whole-return checks: counts over all children that DfE raises once for the
// LA (no row), plus the conference/plan balance.
#include <unordered_map>
#include <unordered_set>

#include "returns/cin/rules/families.h"
#include "returns/cin/rules/helpers.h"

namespace kith::returns::cin::rules {
namespace {

std::size_t count_in_period(const Census& c, std::string_view table, std::string_view column) {
  const Table& t = c.table(table);
  std::size_t n = 0;
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (auto d = t.col(column).date(r); d && c.in_period(*d)) ++n;
  return n;
}

// 2883: no more plans start in the year than initial conferences are held.
void plans_match_conferences(const Census& c, Flags& flags) {
  std::size_t plans = count_in_period(c, "ChildProtectionPlans", "CPPstartDate");
  std::size_t conferences = count_in_period(c, "Section47", "DateOfInitialCPC") + count_in_period(c, "CINdetails", "DateOfInitialCPC");
  if (plans > conferences) flags.whole_return("ChildProtectionPlans", "CPPstartDate");
}

// 2886Q: at most 2% of born children have no sex recorded (missing or U).
void sex_recorded(const Census& c, Flags& flags) {
  const Table& t = c.table("ChildIdentifiers");
  std::size_t born = 0, unrecorded = 0;
  for (std::size_t r = 0; r < t.rows(); ++r) {
    if (!t.col("ExpectedPersonBirthDate").is_null(r)) continue;
    ++born;
    auto sex = t.col("Sex").text(r);
    unrecorded += !sex || *sex == "U";
  }
  if (born > 0 && unrecorded * 100 > born * 2) flags.whole_return("ChildIdentifiers", "Sex");
}

// 2887Q: the return uses at least 8 different disability codes.
void disability_codes_varied(const Census& c, Flags& flags) {
  const Table& d = c.table("Disabilities");
  if (d.rows() == 0) return;
  std::unordered_set<std::string_view> codes;
  for (std::size_t r = 0; r < d.rows(); ++r)
    if (auto code = d.col("Disability").text(r)) codes.insert(*code);
  if (codes.size() < 8) flags.whole_return("Disabilities", "Disability");
}

// 2888Q: some disabled child has more than one disability recorded.
void multiple_disabilities_recorded(const Census& c, Flags& flags) {
  const Table& d = c.table("Disabilities");
  std::unordered_map<std::string_view, int> per_child;
  for (std::size_t r = 0; r < d.rows(); ++r) {
    auto code = d.col("Disability").text(r);
    if (code && *code != "NONE") ++per_child[d.col("LAchildID").text(r).value_or("")];
  }
  if (per_child.empty()) return;
  for (const auto& [child, n] : per_child)
    if (n > 1) return;
  flags.whole_return("Disabilities", "Disability");
}

constexpr Rule kRules[] = {
    {"2883", plans_match_conferences},
    {"2886Q", sex_recorded},
    {"2887Q", disability_codes_varied},
    {"2888Q", multiple_disabilities_recorded},
};

}  // namespace

std::span<const Rule> return_level_rules() { return kRules; }

}  // namespace kith::returns::cin::rules
