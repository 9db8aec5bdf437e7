// Missing or away from placement rules (batch B): completeness of a missing
// period, periods against each other, against last year's and against episodes.
#include "returns/ssda903/rules/batch_b_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_b;

// Flags Missing rows where `filled` is completed and `blank` is not.
void check_filled_without(const RuleInput& in, Flags& out, std::string_view filled, std::string_view blank) {
  const Table* t = with_columns(in, "Missing", {filled, blank});
  if (!t) return;
  out.checked(*t);
  const Column &f = col(*t, filled), &b = col(*t, blank);
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (!f.null(i) && b.null(i)) out.add(*t, i);
}

KITH_903_RULE("564", kBothRuleSets) { check_filled_without(in, out, "MISSING", "MIS_START"); }
KITH_903_RULE("565", kBothRuleSets) { check_filled_without(in, out, "MIS_START", "MISSING"); }
KITH_903_RULE("566", kBothRuleSets) { check_filled_without(in, out, "MIS_END", "MISSING"); }

KITH_903_RULE("574", kBothRuleSets) { check_overlapping_periods(in, out, "Missing", "MIS_START", "MIS_END"); }

// A missing period without an end date, starting during an episode that has ended.
KITH_903_RULE("575", kBothRuleSets) {
  const Table* t = with_columns(in, "Missing", {"CHILD", "MIS_START", "MIS_END"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC"});
  if (!t || !eps) return;
  out.checked(*t);
  const ChildRows& episodes = rows_by_child(*eps);
  const Column &decom = col(*eps, "DECOM"), &dec = col(*eps, "DEC");
  const Column &child = col(*t, "CHILD"), &start = col(*t, "MIS_START"), &end = col(*t, "MIS_END");
  for (std::size_t i = 0; i < t->rows(); ++i) {
    auto it = episodes.find(child[i]);
    if (it == episodes.end() || !end.null(i) || !known(start.date(i))) continue;
    Day s = start.date(i);
    bool ended = std::any_of(it->second.begin(), it->second.end(), [&](std::size_t r) {
      return known(decom.date(r)) && known(dec.date(r)) && decom.date(r) <= s && s <= dec.date(r);
    });
    if (ended) out.add(*t, i);
  }
}

KITH_903_RULE("576", kBothRuleSets) { check_open_period_carried(in, out, "Missing", "MIS_START", "MIS_END"); }
KITH_903_RULE("577", kBothRuleSets) { check_period_ended_with_care(in, out, "Missing", "MIS_START", "MIS_END"); }
KITH_903_RULE("578", kBothRuleSets) { check_period_starts_in_care(in, out, "Missing", "MIS_START"); }
KITH_903_RULE("581", kBothRuleSets) { check_period_starts_in_care(in, out, "Missing", "MIS_START"); }

// Missing when care ended (a missing period ending on the day the episode ended) is REC E8.
KITH_903_RULE("580", kBothRuleSets) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DEC", "REC"});
  const Table* t = with_columns(in, "Missing", {"CHILD", "MIS_END"});
  if (!eps || !t) return;
  out.checked(*eps);
  std::unordered_map<std::string_view, std::vector<Day>> ends;
  const Column &mc = col(*t, "CHILD"), &me = col(*t, "MIS_END");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (known(me.date(i))) ends[mc[i]].push_back(me.date(i));
  const Column &child = col(*eps, "CHILD"), &dec = col(*eps, "DEC"), &rec = col(*eps, "REC");
  for (std::size_t i = 0; i < eps->rows(); ++i) {
    auto it = ends.find(child[i]);
    if (it == ends.end() || !known(dec.date(i)) || rec[i] == "E8") continue;
    if (std::find(it->second.begin(), it->second.end(), dec.date(i)) != it->second.end()) out.add(*eps, i);
  }
}

KITH_903_RULE("586", kBothRuleSets) {
  check_date_pair(in, out, "Missing", "DOB", "MIS_START", [](Day birth, Day start) { return start < birth; });
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
