#include "insight/period.h"

#include <charconv>
#include <cstdio>

namespace kith::insight {
namespace {

std::optional<int> number(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::string fy_label(int start_year) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", start_year, (start_year + 1) % 100);
  return buf;
}

// "2025-26" / "2025/26": the second part must be the next year's last two digits.
std::optional<int> financial_year_start(std::string_view s) {
  if (s.size() != 7 || (s[4] != '-' && s[4] != '/')) return std::nullopt;
  auto y = number(s.substr(0, 4)), yy = number(s.substr(5, 2));
  if (!y || !yy || (*y + 1) % 100 != *yy) return std::nullopt;
  return y;
}

Period quarter(int fy, int q) {
  Period p;
  p.kind = Period::Kind::kQuarter;
  p.start = Date::ymd(fy, 4, 1).plus_months(3 * (q - 1));
  p.end = p.start.plus_months(3).plus_days(-1);
  p.label = fy_label(fy) + "Q" + std::to_string(q);
  return p;
}

std::optional<Period> parse_quarter(std::string_view s) {
  auto qpos = s.find('Q');
  if (qpos == std::string_view::npos || qpos + 2 != s.size()) return std::nullopt;
  auto q = number(s.substr(qpos + 1));
  if (!q || *q < 1 || *q > 4) return std::nullopt;
  auto year = s.substr(0, qpos);
  std::optional<int> fy = year.size() == 4 ? number(year) : financial_year_start(year);
  if (!fy || *fy < 1900 || *fy > 2200) return std::nullopt;
  return quarter(*fy, *q);
}

std::optional<Period> parse_month(std::string_view s) {
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  auto y = number(s.substr(0, 4)), m = number(s.substr(5, 2));
  if (!y || !m || *m < 1 || *m > 12 || *y < 1900 || *y > 2200) return std::nullopt;
  Period p;
  p.kind = Period::Kind::kMonth;
  p.start = Date::ymd(*y, unsigned(*m), 1);
  p.end = p.start.plus_months(1).plus_days(-1);
  p.label = std::string(s);
  return p;
}

}  // namespace

int Period::dfe_time_period() const { return end.month() >= 4 ? end.year() + 1 : end.year(); }

Period financial_year(int start_year) {
  Period p;
  p.kind = Period::Kind::kYear;
  p.start = Date::ymd(start_year, 4, 1);
  p.end = Date::ymd(start_year + 1, 3, 31);
  p.label = fy_label(start_year);
  return p;
}

Result<Period> parse_period(std::string_view text) {
  // A month is tried first: "2011-12" is December 2011, never financial year 2011-12.
  if (auto m = parse_month(text)) return *m;
  if (auto q = parse_quarter(text)) return *q;
  if (auto fy = financial_year_start(text); fy && *fy >= 1900 && *fy <= 2200) return financial_year(*fy);
  return Status::invalid("period '" + std::string(text) +
                         "' not understood: use a month (2025-11), a financial quarter (2025Q3 or 2025-26Q3) "
                         "or a financial year (2025-26)");
}

}  // namespace kith::insight
