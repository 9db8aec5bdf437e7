// Social worker episodes in sequence and against care (SW10STG2, SW11bSTG2,
// SW12STG2). SW10STG2 and SW12STG2 follow the DfE message: their reference
// vectors expect rows that would also flag ordinary, valid records (a change of
// social worker; social work that began before care), so a clean return would
// fail. The vector test lists them as exceptions with the rows in question.
#include "returns/ssda903/rules/batch_b_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_b;

// SW10STG2: an episode starts before the end of the child's previous episode (the
// one before it in start order, when that one has an end date).
KITH_903_RULE("SW10STG2", kBothRuleSets) {
  const Table* t = with_columns(in, "SWEpisodes", {"CHILD", "SW_DECOM", "SW_DEC"});
  if (!t) return;
  out.checked(*t);
  const Column &start = col(*t, "SW_DECOM"), &end = col(*t, "SW_DEC");
  each_consecutive(*t, "SW_DECOM", [&](std::size_t prev, std::size_t next) {
    if (known(start.date(next)) && known(end.date(prev)) && start.date(next) < end.date(prev)) out.add(*t, next);
  });
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

// SW12STG2: a child looked after on 31 March (an episode other than short breaks,
// V3/V4, still open at the end of that day) has social worker episodes reported. Flags that episode when
// the child has none.
KITH_903_RULE("SW12STG2", kBothRuleSets) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC"});
  const Table* sw = with_columns(in, "SWEpisodes", {"CHILD"});
  if (!eps || !sw || !in.meta().collection_end) return;
  out.checked(*eps);
  const Day year_end = *in.meta().collection_end;
  ChildSet with_social_worker = children_of(*sw);
  const Column &child = col(*eps, "CHILD"), &decom = col(*eps, "DECOM"), &dec = col(*eps, "DEC");
  const Column* ls = eps->column("LS");
  for (std::size_t i = 0; i < eps->rows(); ++i) {
    // Care that ended on 31 March itself is over at the year end (the return leaves DEC blank while care goes on).
    bool open_at_end = known(decom.date(i)) && decom.date(i) <= year_end && (dec.null(i) || dec.date(i) > year_end);
    if (!open_at_end || (ls && is_respite((*ls)[i])) || child.null(i)) continue;
    if (!with_social_worker.count(child[i])) out.add(*eps, i);
  }
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
