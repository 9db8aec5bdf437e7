// Care leaver rules (OC3 table): in touch, activity and accommodation.
#include "returns/ssda903/rules/helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

KITH_903_RULE("345", kBothRuleSets) {
  const Table* t = with_columns(in, "OC3", {"IN_TOUCH", "ACTIV", "ACCOM"});
  if (!t) return;
  out.checked(*t);
  const Column &touch = col(*t, "IN_TOUCH"), &activ = col(*t, "ACTIV"), &accom = col(*t, "ACCOM");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (touch[i] == "YES" && (activ[i] == "0" || accom[i] == "0")) out.add(*t, i);
}

// A Foyer (T) is for care leavers of 18 and over.
KITH_903_RULE("347", kBothRuleSets) {
  const Table* t = with_columns(in, "OC3", {"DOB", "ACCOM"});
  if (!t || !in.meta().collection_start) return;
  out.checked(*t);
  const Column &dob = col(*t, "DOB"), &accom = col(*t, "ACCOM");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (accom[i] == "T" && dob.date(i) != kNoDate && age_on(dob.date(i), *in.meta().collection_start) < 18) out.add(*t, i);
}

// Care leaver information is for those who were 17 to 21 at some point in the year.
KITH_903_RULE("391", kBothRuleSets) {
  const Table* t = with_columns(in, "OC3", {"DOB"});
  if (!t || !in.meta().collection_end) return;
  out.checked(*t);
  const Column& dob = col(*t, "DOB");
  for (std::size_t i = 0; i < t->rows(); ++i) {
    if (dob.date(i) == kNoDate || !any_filled(*t, i, {"IN_TOUCH", "ACTIV", "ACCOM"})) continue;
    int age = age_on(dob.date(i), *in.meta().collection_end);
    if (age < 17 || age > 22) out.add(*t, i);
  }
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
