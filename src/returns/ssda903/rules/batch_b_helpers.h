// Tools shared by the batch_b_*.cpp rule files: rows per child in date order,
// neighbouring episodes, first and last episodes of a year, children as sets,
// Header values by child, the OC2 "looked after for 12 months" cohort.
//
// Thread-safety: pure functions over a read-only return.
#pragma once

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "returns/ssda903/rules/helpers.h"

namespace kith::returns::ssda903::rules::batch_b {



inline bool known(Day d) { return d != kNoDate; }

// Rows grouped by CHILD, each group ordered by the date column (null dates
// last, ties in row order); callers skip the group of rows without a CHILD.
inline const ChildRows& by_child_sorted(const Table& t, std::string_view date_column) {
  return t.rows_by_child_ordered_by(date_column);
}

// Calls f(previous, current) for each pair of consecutive rows of a child, in date order.
template <typename F>
void each_consecutive(const Table& t, std::string_view date_column, F f) {
  for (const auto& [child, rows] : by_child_sorted(t, date_column))
    for (std::size_t k = 1; !child.empty() && k < rows.size(); ++k) f(rows[k - 1], rows[k]);
}

// The row per child with the earliest (first = true) or latest valid date in a
// column; the first such row on ties. Rows without a valid date are ignored.
inline std::unordered_map<std::string_view, std::size_t> extreme_row_by_child(const Table& t, std::string_view date_column, bool first) {
  std::unordered_map<std::string_view, std::size_t> out;
  const Column &child = col(t, "CHILD"), &d = col(t, date_column);
  for (std::size_t i = 0; i < t.rows(); ++i) {
    if (child.null(i) || !known(d.date(i))) continue;
    auto [it, inserted] = out.emplace(child[i], i);
    if (!inserted && (first ? d.date(i) < d.date(it->second) : d.date(i) > d.date(it->second))) it->second = i;
  }
  return out;
}


// The first row per child.
inline std::unordered_map<std::string_view, std::size_t> row_by_child(const Table& t) {
  std::unordered_map<std::string_view, std::size_t> out;
  const Column& child = col(t, "CHILD");
  for (std::size_t i = 0; i < t.rows(); ++i)
    if (!child.null(i)) out.emplace(child[i], i);
  return out;
}

// Two cells hold the same value: equal dates when both are dates, else equal text (null == null).
inline bool same_cell(const Column& a, std::size_t i, const Column& b, std::size_t j) {
  if (known(a.date(i)) && known(b.date(j))) return a.date(i) == b.date(j);
  return a[i] == b[j];
}

inline bool in_year(Day d, const Metadata& m) {
  return known(d) && m.collection_start && m.collection_end && d >= *m.collection_start && d <= *m.collection_end;
}

inline bool is_adoption_placement(std::string_view place) { return is_one_of(place, {"A3", "A4", "A5", "A6"}); }


// Periods a table records per child between a start and an end column (Missing
// MIS_START/MIS_END, DoLo DOLO_START/DOLO_END); an end that is null or not a date is open.

// A period may not start while the one before it (by start) is still open, nor
// overlap it. The later period is flagged when the earlier one is open or the
// later one runs past the earlier's end; otherwise (the later one lies within
// the earlier, or has no end yet) the earlier one is, as the reference
// validator's vectors for 574 and 705 expect.
inline void check_overlapping_periods(const RuleInput& in, Flags& out, std::string_view table, std::string_view start, std::string_view end) {
  const Table* t = with_columns(in, table, {"CHILD", start, end});
  if (!t) return;
  out.checked(*t);
  const Column &s = col(*t, start), &e = col(*t, end);
  each_consecutive(*t, start, [&](std::size_t a, std::size_t b) {
    if (!known(s.date(b))) return;
    if (!known(e.date(a))) {
      out.add(*t, b);
    } else if (s.date(b) < e.date(a)) {
      out.add(*t, known(e.date(b)) && e.date(b) > e.date(a) ? b : a);
    }
  });
}

// A period open at the end of last year (table_last) continues this year with
// the same start; otherwise the child's latest period this year is flagged.
inline void check_open_period_carried(const RuleInput& in, Flags& out, std::string_view table, std::string_view start, std::string_view end) {
  const Table* now = with_columns(in, table, {"CHILD", start});
  const Table* last = with_columns(in, std::string(table) + "_last", {"CHILD", start, end});
  if (!now || !last) return;
  out.checked(*now);
  const ChildRows& periods = by_child_sorted(*now, start);
  const Column &s = col(*now, start), &lc = col(*last, "CHILD"), &ls = col(*last, start), &le = col(*last, end);
  for (std::size_t j = 0; j < last->rows(); ++j) {
    if (!le.null(j) || lc.null(j)) continue;
    auto it = periods.find(lc[j]);
    if (it == periods.end()) continue;
    bool carried = std::any_of(it->second.begin(), it->second.end(), [&](std::size_t i) { return same_cell(s, i, ls, j); });
    if (!carried) out.add(*now, it->second.back());
  }
}

// The child's episodes in DECOM order (rows with a DECOM), each with whether the
// period of care it belongs to (episodes following on the day the one before
// ended) is still open at its last episode.
struct CareEpisodes {
  std::vector<std::size_t> rows;
  std::vector<bool> period_open;
  bool any_open = false;
  Day last_end = kNoDate;  // the latest DEC
};

inline std::unordered_map<std::string_view, CareEpisodes> care_episodes(const Table& eps) {
  std::unordered_map<std::string_view, CareEpisodes> out;
  const Column &decom = col(eps, "DECOM"), &dec = col(eps, "DEC");
  for (const auto& [child, all_rows] : by_child_sorted(eps, "DECOM")) {
    if (child.empty()) continue;
    CareEpisodes& c = out[child];
    for (std::size_t r : all_rows)
      if (known(decom.date(r))) c.rows.push_back(r);
    c.period_open.assign(c.rows.size(), false);
    std::size_t first = 0;
    for (std::size_t k = 0; k < c.rows.size(); ++k) {
      std::size_t r = c.rows[k];
      if (dec.null(r)) c.any_open = true;
      if (known(dec.date(r)) && (c.last_end == kNoDate || dec.date(r) > c.last_end)) c.last_end = dec.date(r);
      bool next_continues = k + 1 < c.rows.size() && known(dec.date(r)) && dec.date(r) == decom.date(c.rows[k + 1]);
      if (next_continues) continue;
      for (std::size_t m = first; m <= k; ++m) c.period_open[m] = dec.null(r);
      first = k + 1;
    }
  }
  return out;
}

// Indexes (into CareEpisodes::rows) of the episodes whose dates include day d (an open episode has no end).
inline std::vector<std::size_t> episodes_on(const Table& eps, const CareEpisodes& c, Day d) {
  std::vector<std::size_t> out;
  const Column &decom = col(eps, "DECOM"), &dec = col(eps, "DEC");
  for (std::size_t k = 0; k < c.rows.size(); ++k) {
    std::size_t r = c.rows[k];
    if (decom.date(r) <= d && (dec.null(r) || (known(dec.date(r)) && d <= dec.date(r)))) out.push_back(k);
  }
  return out;
}

// Periods of children with episodes must start during an episode.
inline void check_period_starts_in_care(const RuleInput& in, Flags& out, std::string_view table, std::string_view start) {
  const Table* t = with_columns(in, table, {"CHILD", start});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC"});
  if (!t || !eps) return;
  out.checked(*t);
  auto care = care_episodes(*eps);
  const Column &child = col(*t, "CHILD"), &s = col(*t, start);
  for (std::size_t i = 0; i < t->rows(); ++i) {
    auto it = care.find(child[i]);
    if (it == care.end() || !known(s.date(i))) continue;
    if (episodes_on(*eps, it->second, s.date(i)).empty()) out.add(*t, i);
  }
}

// Periods of children who ceased to be looked after must have ended. For a child
// who has left care (no open episode) a period must start during an episode,
// have an end date and end by the child's last episode's end. For a child still
// looked after, a period without an end date must have begun in the period of
// care that is still open (not one that has ended).
inline void check_period_ended_with_care(const RuleInput& in, Flags& out, std::string_view table, std::string_view start, std::string_view end) {
  const Table* t = with_columns(in, table, {"CHILD", start, end});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC"});
  if (!t || !eps) return;
  out.checked(*t);
  auto care = care_episodes(*eps);
  const Column &child = col(*t, "CHILD"), &s = col(*t, start), &e = col(*t, end);
  for (std::size_t i = 0; i < t->rows(); ++i) {
    auto it = care.find(child[i]);
    if (it == care.end() || !known(s.date(i))) continue;
    const CareEpisodes& c = it->second;
    std::vector<std::size_t> during = episodes_on(*eps, c, s.date(i));
    bool bad;
    if (c.any_open)  // still looked after: only an open period begun in a period of care that has ended
      bad = e.null(i) && std::none_of(during.begin(), during.end(), [&](std::size_t k) { return c.period_open[k]; });
    else
      bad = during.empty() || e.null(i) || (known(e.date(i)) && known(c.last_end) && e.date(i) > c.last_end);
    if (bad) out.add(*t, i);
  }
}

}  // namespace kith::returns::ssda903::rules::batch_b
