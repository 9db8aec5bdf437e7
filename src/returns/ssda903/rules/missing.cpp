// Missing and away-from-placement rules (Missing table).
#include "returns/ssda903/rules/helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

KITH_903_RULE("567", kBothRuleSets) {
  check_date_pair(in, out, "Missing", "MIS_START", "MIS_END", [](Day start, Day end) { return end < start; });
}

KITH_903_RULE("570", kBothRuleSets) {
  check_date_against(in, out, "Missing", "MIS_START", in.meta().collection_end, [](Day start, Day end) { return start > end; });
}

KITH_903_RULE("571", kBothRuleSets) {
  const auto& m = in.meta();
  if (!m.collection_start) return;
  check_date_against(in, out, "Missing", "MIS_END", m.collection_end,
                     [&](Day ended, Day year_end) { return ended > year_end || ended < *m.collection_start; });
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
