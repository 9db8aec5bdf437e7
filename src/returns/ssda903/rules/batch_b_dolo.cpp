// Deprivation of Liberty Order rules (DoLo, from 2026/27; batch B): dates in the
// year, orders against each other, last year's and the child's episodes.
#include "returns/ssda903/rules/batch_b_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_b;

KITH_903_RULE("703", kLac2026_27) {
  check_date_against(in, out, "DoLo", "DOLO_START", in.meta().collection_end, [](Day start, Day end) { return start > end; });
}

KITH_903_RULE("704", kLac2026_27) {
  const Table* t = with_columns(in, "DoLo", {"DOLO_END"});
  if (!t || !in.meta().collection_start || !in.meta().collection_end) return;
  out.checked(*t);
  const Column& end = col(*t, "DOLO_END");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (known(end.date(i)) && !in_year(end.date(i), in.meta())) out.add(*t, i);
}

KITH_903_RULE("705", kLac2026_27) { check_overlapping_periods(in, out, "DoLo", "DOLO_START", "DOLO_END"); }
KITH_903_RULE("706", kLac2026_27) { check_open_period_carried(in, out, "DoLo", "DOLO_START", "DOLO_END"); }
KITH_903_RULE("707", kLac2026_27) { check_period_ended_with_care(in, out, "DoLo", "DOLO_START", "DOLO_END"); }

// No DoLO in a secure children's home (K1), with parents (P1), in a young
// offender institution (R5) or in supported accommodation (K3): flags the
// episode and each order (with start and end dates) overlapping it.
KITH_903_RULE("710", kLac2026_27) {
  const Table* dolo = with_columns(in, "DoLo", {"CHILD", "DOLO_START", "DOLO_END"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC"});
  const Column* place = eps ? either(*eps, {"PLACE", "PLACEMENT"}) : nullptr;
  if (!dolo || !place) return;
  out.checked(*dolo);
  out.checked(*eps);
  const ChildRows& orders = rows_by_child(*dolo);
  const Column &start = col(*dolo, "DOLO_START"), &end = col(*dolo, "DOLO_END");
  const Column &child = col(*eps, "CHILD"), &decom = col(*eps, "DECOM"), &dec = col(*eps, "DEC");
  for (std::size_t i = 0; i < eps->rows(); ++i) {
    auto it = orders.find(child[i]);
    if (it == orders.end() || !is_one_of((*place)[i], {"K1", "P1", "R5", "K3"}) || !known(decom.date(i))) continue;
    for (std::size_t o : it->second) {
      if (!known(start.date(o)) || !known(end.date(o))) continue;
      bool overlaps = end.date(o) >= decom.date(i) && (dec.null(i) || (known(dec.date(i)) && start.date(o) <= dec.date(i)));
      if (!overlaps) continue;
      out.add(*eps, i);
      out.add(*dolo, o);
    }
  }
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
