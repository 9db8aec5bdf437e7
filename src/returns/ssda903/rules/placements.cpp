// Placement rules on the Episodes table: placement location, postcodes and
// the postcode-derived fields PL_LA, PL_LOCATION and PL_DISTANCE.
#include "returns/ssda903/rules/helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

// Children on short breaks (V3, V4) have no placement postcode to derive from.
bool short_break(std::string_view ls) { return ls == "V3" || ls == "V4"; }

KITH_903_RULE("169", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"LS", "PL_LA"});
  if (!t) return;
  out.checked(*t);
  const Column &ls = col(*t, "LS"), &la = col(*t, "PL_LA");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (!short_break(ls[i]) && la.null(i)) out.add(*t, i);
}

KITH_903_RULE("179", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"LS", "PL_LOCATION"});
  if (!t) return;
  out.checked(*t);
  const Column &ls = col(*t, "LS"), &loc = col(*t, "PL_LOCATION");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (!short_break(ls[i]) && !is_one_of(loc[i], {"IN", "OUT"})) out.add(*t, i);
}

// Only placements with parents (P1) share the home postcode.
KITH_903_RULE("392d", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"PLACE", "PL_POST", "HOME_POST"});
  if (!t) return;
  out.checked(*t);
  const Column &place = col(*t, "PLACE"), &pl = col(*t, "PL_POST"), &home = col(*t, "HOME_POST");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (place[i] != "P1" && !pl.null(i) && pl[i] == home[i]) out.add(*t, i);
}

// A UK postcode: outward code (area letters, district) and inward code
// (sector digit, unit letters), with or without spaces between them.
bool postcode_shape(std::string_view text) {
  std::string p;
  for (char c : text)
    if (c != ' ') p += c;
  auto letter = [&](std::size_t k) { return p[k] >= 'A' && p[k] <= 'Z'; };
  auto digit = [&](std::size_t k) { return p[k] >= '0' && p[k] <= '9'; };
  if (p.size() < 5 || p.size() > 7) return false;
  std::size_t inward = p.size() - 3;
  if (!digit(inward) || !letter(inward + 1) || !letter(inward + 2)) return false;
  std::size_t i = 0;
  if (!letter(i++)) return false;
  if (letter(i)) ++i;
  if (i >= inward || !digit(i++)) return false;
  if (i < inward && (letter(i) || digit(i))) ++i;
  return i == inward;
}

KITH_903_RULE("392c", kBothRuleSets) {
  const Table* t = in.table("Episodes");
  if (!t || !(t->column("HOME_POST") || t->column("PL_POST"))) return;
  out.checked(*t);
  for (const char* name : {"HOME_POST", "PL_POST"})
    if (const Column* c = t->column(name))
      for (std::size_t i = 0; i < t->rows(); ++i)
        if (!c->null(i) && !postcode_shape((*c)[i])) out.add(*t, i);
}

KITH_903_RULE("398", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"LS"});
  if (!t) return;
  out.checked(*t);
  const Column& ls = col(*t, "LS");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (short_break(ls[i]) && any_filled(*t, i, {"HOME_POST", "PL_POST"})) out.add(*t, i);
}

KITH_903_RULE("411", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"PL_LA", "PL_LOCATION"});
  if (!t) return;
  out.checked(*t);
  const Column &la = col(*t, "PL_LA"), &loc = col(*t, "PL_LOCATION");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (loc[i] == "IN" && la[i] != in.meta().local_authority) out.add(*t, i);
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
