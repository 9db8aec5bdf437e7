// Social worker episode rules (SWEpisodes, from 2023/24).
#include <algorithm>

#include "returns/ssda903/rules/helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

KITH_903_RULE("SW02STG1", kBothRuleSets) {
  const Table* t = with_columns(in, "SWEpisodes", {"SW_ID"});
  if (!t) return;
  out.checked(*t);
  const Column& id = col(*t, "SW_ID");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (!id.null(i) && !id[i].starts_with("SW") && !id[i].starts_with("XX")) out.add(*t, i);
}

KITH_903_RULE("SW06STG2", kBothRuleSets) {
  const Table* t = with_columns(in, "SWEpisodes", {"SW_DECOM"});
  if (!t || !in.meta().collection_end) return;
  out.checked(*t);
  const Column& start = col(*t, "SW_DECOM");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (start.date(i) != kNoDate && start.date(i) > *in.meta().collection_end) out.add(*t, i);
}

KITH_903_RULE("SW07STG2", kBothRuleSets) {
  const Table* t = with_columns(in, "SWEpisodes", {"SW_DEC"});
  if (!t || !in.meta().collection_end || !in.meta().collection_start) return;
  out.checked(*t);
  const Column& end = col(*t, "SW_DEC");
  for (std::size_t i = 0; i < t->rows(); ++i) {
    Day d = end.date(i);
    if (d != kNoDate && (d > *in.meta().collection_end || d < *in.meta().collection_start)) out.add(*t, i);
  }
}

// A child's latest social worker episode should still be open at the end of the year.
KITH_903_RULE("SW17STG2", kBothRuleSets) {
  const Table* t = with_columns(in, "SWEpisodes", {"CHILD", "SW_DECOM", "SW_DEC"});
  if (!t) return;
  out.checked(*t);
  const Column &start = col(*t, "SW_DECOM"), &end = col(*t, "SW_DEC");
  auto end_of_year = in.meta().collection_end;
  for (const auto& [child, rows] : rows_by_child(*t)) {
    bool open = std::any_of(rows.begin(), rows.end(), [&](std::size_t r) { return end.null(r) || (end_of_year && end.date(r) >= *end_of_year); });
    if (open) continue;
    auto latest = std::max_element(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) { return start.date(a) < start.date(b); });
    out.add(*t, *latest);
  }
}

KITH_903_RULE("SW09STG2", kBothRuleSets) {
  check_date_pair(in, out, "SWEpisodes", "SW_DECOM", "SW_DEC", [](Day start, Day end) { return start == end; });
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
