// Social worker episodes in sequence and against care (SW10STG2, SW11bSTG2,
// SW12STG2). SW10STG2 and SW12STG2 follow the DfE tool's vectors, not a plain
// reading of their messages: the vectors are what the DfE validator does, and
// councils are judged by it (the readings and their evidence: docs/RETURNS_903.md).
#include "returns/ssda903/rules/batch_b_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_b;

// SW10STG2, as the DfE tool's vector has it (the rule's code is not in shared/spec; this is
// the one reading found that gives the vector's rows, see docs/RETURNS_903.md): in start
// order, an episode that ends (SW_DEC given) later than every earlier episode of the child
// ended, and whose SW_REASON is not a valid reason code (or the column is absent).
// The vector's row 9 has the same dates as its flagged row 3 and differs only by a valid
// reason (FCONTA against XXXX), so the reason must decide; a clean return, whose reasons
// are valid, is never flagged.
KITH_903_RULE("SW10STG2", kBothRuleSets) {
  const Table* t = with_columns(in, "SWEpisodes", {"CHILD", "SW_DECOM", "SW_DEC"});
  if (!t) return;
  out.checked(*t);
  const Column& end = col(*t, "SW_DEC");
  const Column* reason = t->column("SW_REASON");
  for (const auto& [child, rows] : by_child_sorted(*t, "SW_DECOM")) {
    bool all_earlier_ended = true;  // pandas compares with NaT as false: an open earlier episode ends the "every"
    Day latest_end = kNoDate;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const std::size_t r = rows[k];
      const Day e = end.date(r);
      bool explained = reason && in.valid_code("SW_REASON", (*reason)[r]);
      if (k > 0 && all_earlier_ended && known(e) && e > latest_end && !explained) out.add(*t, r);
      all_earlier_ended = all_earlier_ended && known(e);
      if (known(e)) latest_end = std::max(latest_end, e);
    }
  }
}

// SW11bSTG2: a child's social work ended in the last five days before 31 March
// (26-30 March) and nothing follows it: no episode open, none ending later. Flags the child's last row in start order
// (an undated row sorts last, as the reference's). Earlier ends are SW11a's, which
// the DfE withdrew; the five days are the reference vector's boundary (26 March
// flagged, 25 March not).
KITH_903_RULE("SW11bSTG2", kBothRuleSets) {
  const Table* t = with_columns(in, "SWEpisodes", {"CHILD", "SW_DECOM", "SW_DEC"});
  if (!t || !in.meta().collection_end) return;
  out.checked(*t);
  const Day year_end = *in.meta().collection_end;
  const Column &start = col(*t, "SW_DECOM"), &end = col(*t, "SW_DEC");
  for (const auto& [child, rows] : by_child_sorted(*t, "SW_DECOM")) {
    if (child.empty()) continue;
    Day last_end = kNoDate;
    bool open = false;
    for (std::size_t r : rows) {
      open = open || (known(start.date(r)) && end.null(r));
      if (known(end.date(r))) last_end = std::max(last_end, end.date(r));
    }
    // Any later episode would be open or end after last_end, so "nothing follows" needs no more test.
    if (open || !known(last_end) || last_end >= year_end || last_end < year_end - 5) continue;
    out.add(*t, rows.back());
  }
}

// The start of the period of care holding the child's episode rows[k] (rows in DECOM
// order): back over episodes that follow an "X1" end without a new start (RNE S). Known
// only when the period's first episode (RNE S) is in the table; kNoDate when the period
// began before the return's episodes (or the table has no RNE).
Day period_start(const Table& eps, const std::vector<std::size_t>& rows, std::size_t k) {
  const Column& decom = col(eps, "DECOM");
  const Column* rec = eps.column("REC");
  const Column* rne = eps.column("RNE");
  while (k > 0 && rec && (*rec)[rows[k - 1]] == "X1" && !(rne && (*rne)[rows[k]] == "S")) --k;
  return rne && (*rne)[rows[k]] == "S" ? decom.date(rows[k]) : kNoDate;
}

// SW12STG2, as the DfE tool's vector has it (one reading found that gives its rows; see
// docs/RETURNS_903.md). Per child, the latest episode (greatest DECOM), unless short breaks
// (V3/V4), counts when care has not ceased (REC blank or X1) and it ended, if at all, within
// the social worker reporting period, which begins a year before the collection year (the
// "full previous year" of the message; the vector keeps care that ended on 10/04/2023 for
// 2024/25 and drops 10/04/2022). It is flagged when the child has no social worker episode,
// or none starting on or after the start of that period of care where the return shows it
// (an RNE S episode): social work reported only from before care began (the vector's child
// 7) is flagged, so a clean return reports the worker allocated when the child came into care.
KITH_903_RULE("SW12STG2", kBothRuleSets) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC"});
  const Table* sw = with_columns(in, "SWEpisodes", {"CHILD", "SW_DECOM"});
  if (!eps || !sw || !in.meta().collection_start) return;
  out.checked(*eps);
  const Day window_start = add_years(*in.meta().collection_start, -1);
  std::unordered_map<std::string_view, Day> latest_sw_start;
  const Column &sw_child = col(*sw, "CHILD"), &sw_start = col(*sw, "SW_DECOM");
  for (std::size_t i = 0; i < sw->rows(); ++i) {
    Day& d = latest_sw_start.try_emplace(sw_child[i], kNoDate).first->second;
    if (known(sw_start.date(i))) d = std::max(d, sw_start.date(i));
  }
  const Column &decom = col(*eps, "DECOM"), &dec = col(*eps, "DEC");
  const Column* ls = eps->column("LS");
  const Column* rec = eps->column("REC");
  for (const auto& [child, rows] : by_child_in_decom_order(*eps)) {
    if (child.empty()) continue;
    std::size_t k = rows.size();
    while (k > 0 && !known(decom.date(rows[k - 1]))) --k;  // undated rows sort last
    if (k == 0) continue;
    const std::size_t latest = rows[k - 1];
    if (ls && is_respite((*ls)[latest])) continue;
    bool ceased = rec && !rec->null(latest) && (*rec)[latest] != "X1";
    bool in_window = dec.null(latest) || (known(dec.date(latest)) && dec.date(latest) >= window_start);
    if (ceased || !in_window) continue;
    auto found = latest_sw_start.find(child);
    const Day care_began = period_start(*eps, rows, k - 1);
    bool reported = found != latest_sw_start.end() && (!known(care_began) || (known(found->second) && found->second >= care_began));
    if (!reported) out.add(*eps, latest);
  }
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
