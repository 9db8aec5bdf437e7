#include "returns/ssda903/rule.h"

#include <algorithm>

namespace kith::returns::ssda903 {
namespace {

// A function-local static, so registration from other files' static
// initialisers never runs before the registry exists.
std::vector<Rule>& registry() {
  static std::vector<Rule> rules;
  return rules;
}

}  // namespace

std::string_view rule_set_name(RuleSet set) { return set == kLac2025_26 ? "lac2025_26" : "lac2026_27"; }

void Flags::finish() {
  for (auto& [table, rows] : rows_) {
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  }
}

bool register_rule(Rule rule) {
  registry().push_back(std::move(rule));
  return true;
}

const std::vector<Rule>& registered_rules() { return registry(); }

const Rule* find_rule(std::string_view code, RuleSet set) {
  for (const Rule& r : registry())
    if (r.code == code && (r.sets & set)) return &r;
  return nullptr;
}

}  // namespace kith::returns::ssda903
