// Header rules on the child's own details (sex, date of birth, UASC status).
#include "returns/ssda903/rules/helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

KITH_903_RULE("232", kBothRuleSets) {
  const Table* t = with_columns(in, "Header", {"SEX"});
  if (!t) return;
  out.checked(*t);
  const Column& sex = col(*t, "SEX");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (sex[i] == "U") out.add(*t, i);
}

// Unaccompanied asylum-seeking children are rarely under 11 at the end of the year.
KITH_903_RULE("231", kBothRuleSets) {
  const Table* t = with_columns(in, "Header", {"DOB"});
  const Column* uasc = t ? either(*t, {"UASC", "UASC_STATUS"}) : nullptr;
  if (!uasc || !in.meta().collection_end) return;
  out.checked(*t);
  const Column& dob = col(*t, "DOB");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if ((*uasc)[i] == "1" && dob.date(i) != kNoDate && age_on(dob.date(i), *in.meta().collection_end) < 11) out.add(*t, i);
}

KITH_903_RULE("301", kBothRuleSets) {
  check_date_against(in, out, "Header", "DOB", in.meta().collection_end, [](Day dob, Day end) { return dob > end; });
}

KITH_903_RULE("351", kBothRuleSets) {
  check_date_against(in, out, "Header", "DOB", in.meta().collection_start, [](Day dob, Day start) { return add_years(dob, 25) < start; });
}

KITH_903_RULE("611", kBothRuleSets) {
  const Table* t = with_columns(in, "Header", {"MOTHER", "MC_DOB"});
  if (!t) return;
  out.checked(*t);
  const Column &mother = col(*t, "MOTHER"), &mc_dob = col(*t, "MC_DOB");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (mother[i] == "1" && mc_dob.null(i)) out.add(*t, i);
}

KITH_903_RULE("621", kBothRuleSets) {
  check_date_pair(in, out, "Header", "DOB", "MC_DOB", [](Day dob, Day mc_dob) { return mc_dob <= dob; });
}

// UASC status ends at 18 at the latest.
KITH_903_RULE("304", kBothRuleSets) {
  check_date_pair(in, out, "UASC", "DOB", "DUC", [](Day dob, Day duc) { return duc > add_years(dob, 18); });
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
