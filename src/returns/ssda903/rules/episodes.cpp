// Episode rules that read only the Episodes table: dates in order, plausible
// start dates, placement-change reasons.
#include "returns/ssda903/rules/helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

// The SSDA903 began with the Children Act 1989's commencement on 14 October 1991.
KITH_903_RULE("353", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"DECOM"});
  if (!t) return;
  out.checked(*t);
  const Day earliest = to_day(Date::ymd(1991, 10, 14));
  const Column& decom = col(*t, "DECOM");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (decom.date(i) != kNoDate && decom.date(i) < earliest) out.add(*t, i);
}

KITH_903_RULE("356", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"DECOM", "DEC"});
  if (!t) return;
  out.checked(*t);
  const Column &decom = col(*t, "DECOM"), &dec = col(*t, "DEC");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (decom.date(i) != kNoDate && dec.date(i) != kNoDate && dec.date(i) < decom.date(i)) out.add(*t, i);
}

KITH_903_RULE("233", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"REASON_PLACE_CHANGE"});
  const Column* dec = t ? either(*t, {"DEC", "DATE_EPISODE_CEASED"}) : nullptr;
  if (!dec) return;
  out.checked(*t);
  const Column& reason = col(*t, "REASON_PLACE_CHANGE");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (dec->null(i) && !reason.null(i)) out.add(*t, i);
}

// Respite care (V3, V4) is not a temporary placement (T0-T4).
KITH_903_RULE("382", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"PLACE", "LS"});
  if (!t) return;
  out.checked(*t);
  const Column &place = col(*t, "PLACE"), &ls = col(*t, "LS");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (is_one_of(ls[i], {"V3", "V4"}) && is_one_of(place[i], {"T0", "T1", "T2", "T3", "T4"})) out.add(*t, i);
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
