// Adoption rules on the PlacedAdoption and AD1 tables.
#include "returns/ssda903/rules/helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

// A reversed decision needs both its date and its reason.
KITH_903_RULE("119", kBothRuleSets) {
  const Table* t = with_columns(in, "PlacedAdoption", {"DATE_PLACED_CEASED", "REASON_PLACED_CEASED"});
  if (!t) return;
  out.checked(*t);
  const Column &date = col(*t, "DATE_PLACED_CEASED"), &reason = col(*t, "REASON_PLACED_CEASED");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (date.null(i) != reason.null(i)) out.add(*t, i);
}

KITH_903_RULE("333", kBothRuleSets) {
  const Table* t = with_columns(in, "AD1", {"DATE_INT", "DATE_MATCH"});
  if (!t) return;
  out.checked(*t);
  const Column &intended = col(*t, "DATE_INT"), &matched = col(*t, "DATE_MATCH");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (matched.date(i) != kNoDate && (intended.date(i) == kNoDate || intended.date(i) > matched.date(i))) out.add(*t, i);
}

// A single adopter (L0) is a man or a woman alone (M1, F1).
KITH_903_RULE("514", kBothRuleSets) {
  const Table* t = with_columns(in, "AD1", {"LS_ADOPTR", "SEX_ADOPTR"});
  if (!t) return;
  out.checked(*t);
  const Column &ls = col(*t, "LS_ADOPTR"), &sex = col(*t, "SEX_ADOPTR");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (ls[i] == "L0" && !is_one_of(sex[i], {"M1", "F1"})) out.add(*t, i);
}

KITH_903_RULE("522", kBothRuleSets) {
  check_date_pair(in, out, "PlacedAdoption", "DATE_PLACED", "DATE_PLACED_CEASED", [](Day placed, Day ceased) { return placed > ceased; });
}

KITH_903_RULE("563", kBothRuleSets) {
  const Table* t = with_columns(in, "PlacedAdoption", {"DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"});
  if (!t) return;
  out.checked(*t);
  const Column& placed = col(*t, "DATE_PLACED");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (placed.null(i) && any_filled(*t, i, {"DATE_PLACED_CEASED", "REASON_PLACED_CEASED"})) out.add(*t, i);
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
