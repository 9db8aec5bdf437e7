// Social worker episode rules (SWEpisodes; batch B): completeness, reasons for
// a change of social worker, episodes in order.
#include "returns/ssda903/rules/batch_b_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_b;

// Reasons for a change of social worker are recorded for episodes from 1 April 2023.
bool reason_required(const Column& start, std::size_t i) {
  return known(start.date(i)) && start.date(i) >= to_day(Date::ymd(2023, 4, 1));
}

KITH_903_RULE("SW01aSTG1", kBothRuleSets) {
  const Table* t = with_columns(in, "SWEpisodes", {"SW_DECOM"});
  if (!t) return;
  out.checked(*t);
  const Column& start = col(*t, "SW_DECOM");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (start.null(i)) out.add(*t, i);
}

KITH_903_RULE("SW01bSTG1", kBothRuleSets) {
  const Table* t = with_columns(in, "SWEpisodes", {"SW_ID", "SW_DECOM", "SW_REASON"});
  if (!t) return;
  out.checked(*t);
  const Column &id = col(*t, "SW_ID"), &start = col(*t, "SW_DECOM"), &reason = col(*t, "SW_REASON");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (id.null(i) || start.null(i) || (reason.null(i) && reason_required(start, i))) out.add(*t, i);
}

// An open social worker episode followed by another for the same child.
KITH_903_RULE("SW08STG2", kBothRuleSets) {
  const Table* t = with_columns(in, "SWEpisodes", {"CHILD", "SW_DECOM", "SW_DEC"});
  if (!t) return;
  out.checked(*t);
  const Column& end = col(*t, "SW_DEC");
  each_consecutive(*t, "SW_DECOM", [&](std::size_t prev, std::size_t) {
    if (end.null(prev)) out.add(*t, prev);
  });
}

KITH_903_RULE("SW13STG1", kBothRuleSets) {
  const Table* t = with_columns(in, "SWEpisodes", {"SW_REASON", "SW_DECOM"});
  if (!t) return;
  out.checked(*t);
  const Column &reason = col(*t, "SW_REASON"), &start = col(*t, "SW_DECOM");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (reason.null(i) ? reason_required(start, i) : !in.valid_code("SW_REASON", reason[i])) out.add(*t, i);
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
