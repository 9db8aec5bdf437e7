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

using ChildSet = std::unordered_set<std::string_view>;
using ChildRows = std::unordered_map<std::string_view, std::vector<std::size_t>>;

// A date for sorting: null and unparseable dates sort last (as pandas sorts NaT).
inline Day sort_key(Day d) { return d == kNoDate ? std::numeric_limits<Day>::max() : d; }

// Rows grouped by CHILD, each group in DECOM order (null DECOM last, ties in row order).
inline ChildRows by_child_in_decom_order(const Table& t) {
  ChildRows groups = rows_by_child(t);
  if (const Column* decom = t.column("DECOM"))
    for (auto& [child, rows] : groups)
      std::stable_sort(rows.begin(), rows.end(),
                       [&](std::size_t a, std::size_t b) { return sort_key(decom->date(a)) < sort_key(decom->date(b)); });
  return groups;
}

// Children of a table (rows with a CHILD) for which pred(row) holds.
template <typename Pred>
ChildSet children_where(const Table& t, Pred pred) {
  ChildSet out;
  const Column& child = col(t, "CHILD");
  for (std::size_t i = 0; i < t.rows(); ++i)
    if (!child.null(i) && pred(i)) out.insert(child[i]);
  return out;
}

inline ChildSet children_of(const Table& t) {
  return children_where(t, [](std::size_t) { return true; });
}

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
  const Column &child = col(t, "CHILD"), &dob = col(t, "DOB");
  for (std::size_t i = 0; i < t.rows(); ++i)
    if (dob.date(i) != kNoDate) out.emplace(child[i], dob.date(i));
  return out;
}

inline bool is_temporary(std::string_view place) { return is_one_of(place, {"T0", "T1", "T2", "T3", "T4"}); }
inline bool is_respite(std::string_view ls) { return ls == "V3" || ls == "V4"; }
inline bool is_female(std::string_view sex) { return sex == "F" || sex == "2"; }
inline bool is_male(std::string_view sex) { return sex == "M" || sex == "1"; }

// The provider_info rows by URN (metadata), or nullptr when not supplied or without the column.
inline const Table* providers_with(const RuleInput& in, std::string_view column) {
  const Table* p = in.meta().provider_info.get();
  return p && p->column("URN") && p->column(column) ? p : nullptr;
}

// Children looked after continuously for at least 12 months at the end of the
// collection year (the OC2 cohort), from Episodes: respite (V3, V4) episodes are
// ignored; a period of care runs back from the child's latest episode while the
// episode before it ended "X1" (new episode) and this one is not a new start
// (RNE S); it must be open at the year end (no DEC, DEC on or after the year
// end, or REC X1) and have started at least a year before the year end.
inline ChildSet looked_after_12_months(const RuleInput& in) {
  ChildSet out;
  const Table* t = with_columns(in, "Episodes", {"CHILD", "DECOM"});
  if (!t || !in.meta().collection_end) return out;
  const Day end = *in.meta().collection_end;
  const Column* ls = t->column("LS");
  const Column* dec = t->column("DEC");
  const Column* rec = t->column("REC");
  const Column* rne = t->column("RNE");
  const Column& decom = col(*t, "DECOM");
  for (auto& [child, all_rows] : by_child_in_decom_order(*t)) {
    if (child.empty()) continue;
    std::vector<std::size_t> rows;
    for (std::size_t r : all_rows)
      if (decom.date(r) != kNoDate && !(ls && is_respite((*ls)[r]))) rows.push_back(r);
    if (rows.empty()) continue;
    std::size_t k = rows.size() - 1;
    const std::size_t latest = rows[k];
    bool open = !dec || dec->null(latest) || (dec->date(latest) != kNoDate && dec->date(latest) >= end) ||
                (rec && (*rec)[latest] == "X1");
    if (!open) continue;
    while (k > 0 && rec && (*rec)[rows[k - 1]] == "X1" && !(rne && (*rne)[rows[k]] == "S")) --k;
    if (add_years(decom.date(rows[k]), 1) <= end) out.insert(child);
  }
  return out;
}

}  // namespace kith::returns::ssda903::rules::batch_a
