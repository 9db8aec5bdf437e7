// Small tools the rule files share: finding tables and columns (a rule returns
// nothing when what it needs is absent), indexing rows by child, ages.
//
// Thread-safety: pure functions over a read-only return.
#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>
#include <unordered_map>
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

// Rows of a table grouped by CHILD, in row order.
inline std::unordered_map<std::string_view, std::vector<std::size_t>> rows_by_child(const Table& t) {
  std::unordered_map<std::string_view, std::vector<std::size_t>> out;
  const Column& child = col(t, "CHILD");
  for (std::size_t i = 0; i < t.rows(); ++i) out[child[i]].push_back(i);
  return out;
}

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

}  // namespace kith::returns::ssda903::rules
