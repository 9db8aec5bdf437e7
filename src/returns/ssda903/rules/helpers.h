// Small tools the rule files share: finding tables and columns (a rule returns
// nothing when what it needs is absent), indexing rows by child, ages.
//
// Thread-safety: pure functions over a read-only return.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "returns/ssda903/rule.h"

namespace kith::returns::ssda903::rules {

// The table when it exists and has every named column; nullptr otherwise.
inline const Table* with_columns(const RuleInput& in, std::string_view table, std::initializer_list<std::string_view> columns) {
  const Table* t = in.table(table);
  if (!t) return nullptr;
  for (std::string_view c : columns)
    if (!t->column(c)) return nullptr;
  return t;
}

inline const Column& col(const Table& t, std::string_view name) { return *t.column(name); }

// The first of several names a column goes by (a few reference vectors use
// names real files never have, e.g. DATE_EPISODE_CEASED for DEC); nullptr if none.
inline const Column* either(const Table& t, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names)
    if (const Column* c = t.column(n)) return c;
  return nullptr;
}

inline bool any_filled(const Table& t, std::size_t row, std::initializer_list<std::string_view> columns) {
  for (std::string_view c : columns)
    if (const Column* column = t.column(c); column && !column->null(row)) return true;
  return false;
}

// Rows of a table grouped by CHILD, in row order (cached by the table).
inline const ChildRows& rows_by_child(const Table& t) { return t.rows_by_child(); }

// Whole years from a birth day to a day (age on that day); both must be dates.
inline int age_on(Day birth, Day on) { return to_date(on).years_since(to_date(birth)); }

// The day `years` years after d (29 February -> 28 February where needed).
inline Day add_years(Day d, int years) { return to_day(to_date(d).plus_months(12 * years)); }

inline bool is_one_of(std::string_view value, std::initializer_list<std::string_view> codes) {
  for (std::string_view c : codes)
    if (value == c) return true;
  return false;
}

// Flags rows of a table where both columns hold dates and bad(first, second) holds.
template <typename Bad>
void check_date_pair(const RuleInput& in, Flags& out, std::string_view table, std::string_view first, std::string_view second, Bad bad) {
  const Table* t = with_columns(in, table, {first, second});
  if (!t) return;
  out.checked(*t);
  const Column &a = col(*t, first), &b = col(*t, second);
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (a.date(i) != kNoDate && b.date(i) != kNoDate && bad(a.date(i), b.date(i))) out.add(*t, i);
}

// Flags rows of a table whose date column compares badly with a metadata day (when both are known).
template <typename Bad>
void check_date_against(const RuleInput& in, Flags& out, std::string_view table, std::string_view column, std::optional<Day> day, Bad bad) {
  const Table* t = with_columns(in, table, {column});
  if (!t || !day) return;
  out.checked(*t);
  const Column& c = col(*t, column);
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (c.date(i) != kNoDate && bad(c.date(i), *day)) out.add(*t, i);
}


// ---- Shared by the rule batches ----

using ChildSet = std::unordered_set<std::string_view>;

// A date for sorting: null and unparseable dates sort last (as pandas sorts NaT).
inline Day sort_key(Day d) { return d == kNoDate ? std::numeric_limits<Day>::max() : d; }

// Rows grouped by CHILD, each group in DECOM order (null DECOM last, ties in row order).
inline const ChildRows& by_child_in_decom_order(const Table& t) { return t.rows_by_child_ordered_by("DECOM"); }

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

inline bool is_respite(std::string_view ls) { return ls == "V3" || ls == "V4"; }
inline bool is_female(std::string_view sex) { return sex == "F" || sex == "2"; }

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

}  // namespace kith::returns::ssda903::rules
