#include "returns/cin/rules/helpers.h"

namespace kith::returns::cin::rules {

std::string key(const Table& t, std::size_t row, std::initializer_list<std::string_view> columns) {
  std::string out;
  for (auto name : columns) {
    if (auto v = t.col(name).text(row)) out += *v;
    out += '\x1f';  // a separator no census value holds
  }
  return out;
}

Groups group_rows(const Table& t, std::initializer_list<std::string_view> columns) {
  Groups out;
  out.reserve(t.rows());
  for (std::size_t r = 0; r < t.rows(); ++r) out[key(t, r, columns)].push_back(r);
  return out;
}

std::unordered_map<std::string_view, std::size_t> child_rows(const Census& c) {
  const Table& ids = c.table("ChildIdentifiers");
  std::unordered_map<std::string_view, std::size_t> out;
  for (std::size_t r = 0; r < ids.rows(); ++r) out.emplace(ids.col("LAchildID").text(r).value_or(""), r);
  return out;
}

void flag_overlaps(const Table& t, std::string_view table, std::initializer_list<std::string_view> group_by,
                   std::string_view start, std::string_view end, Flags& flags, SpanRules spans) {
  const Column& s = t.col(start);
  const Column& e = t.col(end);
  for (const auto& [k, rows] : group_rows(t, group_by)) {
    for (std::size_t a : rows) {
      auto a_start = s.date(a), a_end = e.date(a);
      if (!a_start || (!a_end && !spans.open_runs_on)) continue;
      for (std::size_t b : rows) {
        auto b_start = s.date(b);
        if (b == a || !b_start || *b_start < *a_start) continue;
        bool runs = !a_end || *b_start < *a_end || (spans.touching_overlaps && *b_start == *a_end);
        if (!runs) continue;
        flags.cells(table, {start, end}, a);
        flags.cell(table, start, b);
      }
    }
  }
}

void flag_before_referral(const Census& c, std::string_view table, std::string_view date, Flags& flags) {
  const Table& cin = c.table("CINdetails");
  std::unordered_map<std::string, std::size_t> episodes;
  for (std::size_t r = 0; r < cin.rows(); ++r) episodes.emplace(episode_key(cin, r), r);
  const Table& t = c.table(table);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    auto it = episodes.find(episode_key(t, r));
    if (it == episodes.end()) continue;
    auto referred = cin.col("CINreferralDate").date(it->second);
    auto d = t.col(date).date(r);
    if (referred && d && *d < *referred) {
      flags.cell(table, date, r);
      flags.cell("CINdetails", "CINreferralDate", it->second);
    }
  }
}

}  // namespace kith::returns::cin::rules
