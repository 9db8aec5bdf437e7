// The one list of CIN census rules: each family file under rules/ exports
// its table, gathered here in catalogue (code) order.
#include <algorithm>
#include <vector>

#include "returns/cin/rule.h"
#include "returns/cin/rules/families.h"

namespace kith::returns::cin {

std::span<const Rule> cin_rules() {
  static const std::vector<Rule> kAll = [] {
    std::vector<Rule> all;
    for (auto family : {rules::header_rules, rules::return_level_rules, rules::upn_rules, rules::child_rules,
                        rules::disability_rules, rules::cin_details_rules, rules::assessment_rules, rules::section47_rules,
                        rules::protection_plan_rules, rules::cin_plan_rules})
      for (const Rule& r : family()) all.push_back(r);
    std::sort(all.begin(), all.end(), [](const Rule& a, const Rule& b) { return a.code < b.code; });
    return all;
  }();
  return kAll;
}

}  // namespace kith::returns::cin
