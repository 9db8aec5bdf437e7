// Tools shared by the batch_a_*.cpp rule files: children as sets, episodes in
// DECOM order per child, former-UASC children, Header rows by child, the
// "looked after continuously for 12 months" (OC2) cohort.
//
// Thread-safety: pure functions over a read-only return.
#pragma once

#include <algorithm>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "returns/ssda903/rules/helpers.h"

namespace kith::returns::ssda903::rules::batch_a {





// Children who are or were UASC: Header.UASC or Header_last.UASC is 1, or
// last year's UASC table gives a date UASC ceased. Distance and postcode rules
// excuse them (their placements may lack a home postcode).
inline ChildSet uasc_children(const RuleInput& in) {
  ChildSet out;
  for (std::string_view name : {"Header", "Header_last"})
    if (const Table* h = with_columns(in, name, {"CHILD", "UASC"})) {
      const Column& uasc = col(*h, "UASC");
      out.merge(children_where(*h, [&](std::size_t i) { return uasc[i] == "1"; }));
    }
  if (const Table* u = with_columns(in, "UASC_last", {"CHILD", "DUC"})) {
    const Column& duc = col(*u, "DUC");
    out.merge(children_where(*u, [&](std::size_t i) { return !duc.null(i); }));
  }
  return out;
}

// The first valid date of birth per child in a table with CHILD and DOB.
inline std::unordered_map<std::string_view, Day> dob_by_child(const Table& t) {
  std::unordered_map<std::string_view, Day> out;
  out.reserve(t.rows());  // one entry per child at most: no rehashing on a large return
  const Column &child = col(t, "CHILD"), &dob = col(t, "DOB");
  for (std::size_t i = 0; i < t.rows(); ++i)
    if (dob.date(i) != kNoDate) out.emplace(child[i], dob.date(i));
  return out;
}

inline bool is_temporary(std::string_view place) { return is_one_of(place, {"T0", "T1", "T2", "T3", "T4"}); }
inline bool is_male(std::string_view sex) { return sex == "M" || sex == "1"; }

// The provider_info rows by URN (metadata), or nullptr when not supplied or without the column.
inline const Table* providers_with(const RuleInput& in, std::string_view column) {
  const Table* p = in.meta().provider_info.get();
  return p && p->column("URN") && p->column(column) ? p : nullptr;
}


}  // namespace kith::returns::ssda903::rules::batch_a
