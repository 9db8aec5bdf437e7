// Placement rules (batch B): placement types against legal status and
// placement provider, distances for UASC children, LA of placement for respite.
#include <cmath>

#include "returns/ssda903/rules/batch_b_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_b;

// Children who are or were UASC (Header.UASC 1 this year or last) have no distance from home.
KITH_903_RULE("406", kBothRuleSets) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "PL_DISTANCE"});
  const Table* header = with_columns(in, "Header", {"CHILD", "UASC"});
  if (!eps || !header) return;
  out.checked(*eps);
  ChildSet uasc;
  for (const Table* h : {header, with_columns(in, "Header_last", {"CHILD", "UASC"})})
    if (h) uasc.merge(children_where(*h, [&](std::size_t i) { return col(*h, "UASC")[i] == "1"; }));
  const Column &child = col(*eps, "CHILD"), &distance = col(*eps, "PL_DISTANCE");
  for (std::size_t i = 0; i < eps->rows(); ++i)
    if (!distance.null(i) && uasc.count(child[i])) out.add(*eps, i);
}

// Placed for adoption with a placement order (A5, A6) needs the order: LS E1 or D1.
KITH_903_RULE("408", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"PLACE", "LS"});
  if (!t) return;
  out.checked(*t);
  const Column &place = col(*t, "PLACE"), &ls = col(*t, "LS");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (is_one_of(place[i], {"A5", "A6"}) && !is_one_of(ls[i], {"E1", "D1"})) out.add(*t, i);
}

KITH_903_RULE("420", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"LS", "PL_LA"});
  if (!t) return;
  out.checked(*t);
  const Column &ls = col(*t, "LS"), &la = col(*t, "PL_LA");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (is_respite(ls[i]) && !la.null(i)) out.add(*t, i);
}

// Over 350 miles; 999.9 is the code for "not known".
KITH_903_RULE("454", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"PL_DISTANCE"});
  if (!t) return;
  out.checked(*t);
  const Column& distance = col(*t, "PL_DISTANCE");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (std::optional<double> d = distance.number(i); d && *d > 350 && std::abs(*d - 999.9) > 1e-9) out.add(*t, i);
}

// Every placement except temporary moves (T0-T4) and other placements (Z11-Z14) has a provider.
KITH_903_RULE("526", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"PLACE", "PLACE_PROVIDER"});
  if (!t) return;
  out.checked(*t);
  const Column &place = col(*t, "PLACE"), &provider = col(*t, "PLACE_PROVIDER");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (provider.null(i) && !is_one_of(place[i], {"T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"})) out.add(*t, i);
}

// Flags episodes with the provider whose placement type is (or, with `allowed`, is not) one of `places`.
void check_provider(const RuleInput& in, Flags& out, std::string_view provider_code, std::initializer_list<std::string_view> places,
                    bool allowed = false) {
  const Table* t = with_columns(in, "Episodes", {"PLACE", "PLACE_PROVIDER"});
  if (!t) return;
  out.checked(*t);
  const Column &place = col(*t, "PLACE"), &provider = col(*t, "PLACE_PROVIDER");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (provider[i] == provider_code && is_one_of(place[i], places) != allowed) out.add(*t, i);
}

KITH_903_RULE("527", kBothRuleSets) { check_provider(in, out, "PR1", {"P1", "R2", "R5"}); }
KITH_903_RULE("528", kBothRuleSets) { check_provider(in, out, "PR2", {"P1", "R2", "R5"}); }
KITH_903_RULE("529", kBothRuleSets) {
  check_provider(in, out, "PR3", {"P1", "A3", "A4", "A5", "A6", "K1", "K2", "U1", "U2", "U3", "U4", "U5", "U6"});
}
KITH_903_RULE("530", kBothRuleSets) { check_provider(in, out, "PR4", {"P1"}); }
KITH_903_RULE("531", kBothRuleSets) { check_provider(in, out, "PR5", {"P1"}); }
KITH_903_RULE("550", kBothRuleSets) { check_provider(in, out, "PR0", {"P1"}, true); }

}  // namespace
}  // namespace kith::returns::ssda903::rules
