// Review rules (Reviews table).
#include "returns/ssda903/rules/helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

// A review that took place needs a valid participation code.
KITH_903_RULE("167", kBothRuleSets) {
  const Table* t = with_columns(in, "Reviews", {"REVIEW", "REVIEW_CODE"});
  if (!t) return;
  out.checked(*t);
  const Column &review = col(*t, "REVIEW"), &code = col(*t, "REVIEW_CODE");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (!review.null(i) && (code.null(i) || !in.valid_code("REVIEW_CODE", code[i]))) out.add(*t, i);
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
