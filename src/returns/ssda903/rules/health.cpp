// OC2 rules: health, offending and SDQ outcomes of children looked after
// continuously for 12 months, checked on the OC2 table alone.
#include "returns/ssda903/rules/helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

constexpr std::string_view kOutcomeFields[] = {"CONVICTED",        "HEALTH_CHECK",     "IMMUNISATIONS",         "TEETH_CHECK",
                                               "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"};

KITH_903_RULE("181", kBothRuleSets) {
  const Table* t = in.table("OC2");
  if (!t) return;
  out.checked(*t);
  for (std::string_view field : kOutcomeFields) {
    const Column* c = t->column(field);
    if (!c) continue;
    for (std::size_t i = 0; i < t->rows(); ++i)
      if (!c->null(i) && (*c)[i] != "0" && (*c)[i] != "1") out.add(*t, i);
  }
}

// Flags rows with an SDQ score or reason whose age on `on` fails `wrong_age`.
template <typename WrongAge>
void check_sdq_age(const RuleInput& in, Flags& out, std::optional<Day> on, WrongAge wrong_age) {
  const Table* t = with_columns(in, "OC2", {"DOB", "SDQ_SCORE", "SDQ_REASON"});
  if (!t || !on) return;
  out.checked(*t);
  const Column& dob = col(*t, "DOB");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (dob.date(i) != kNoDate && any_filled(*t, i, {"SDQ_SCORE", "SDQ_REASON"}) && wrong_age(age_on(dob.date(i), *on))) out.add(*t, i);
}

KITH_903_RULE("188", kBothRuleSets) {
  check_sdq_age(in, out, in.meta().collection_end, [](int age) { return age < 4; });
}

KITH_903_RULE("189", kBothRuleSets) {
  check_sdq_age(in, out, in.meta().collection_start, [](int age) { return age >= 17; });
}

KITH_903_RULE("197a", kBothRuleSets) {
  const Table* t = with_columns(in, "OC2", {"SDQ_SCORE", "SDQ_REASON"});
  if (!t) return;
  out.checked(*t);
  const Column &score = col(*t, "SDQ_SCORE"), &reason = col(*t, "SDQ_REASON");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (!score.null(i) && !reason.null(i)) out.add(*t, i);
}

KITH_903_RULE("542", kBothRuleSets) {
  const Table* t = with_columns(in, "OC2", {"DOB", "CONVICTED"});
  if (!t || !in.meta().collection_end) return;
  out.checked(*t);
  const Column &dob = col(*t, "DOB"), &convicted = col(*t, "CONVICTED");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (!convicted.null(i) && dob.date(i) != kNoDate && age_on(dob.date(i), *in.meta().collection_end) < 10) out.add(*t, i);
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
