#include "model/date.h"

#include <algorithm>
#include <cstdio>

namespace kith {
namespace {

// Reads exactly n ASCII digits from s at pos; -1 when any is not a digit.
int digits(std::string_view s, size_t pos, size_t n) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

std::optional<Date> checked(int y, int m, int d) {
  if (y < 0 || m < 1 || d < 1) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(m)}, std::chrono::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return Date(std::chrono::sys_days(ymd));
}

constexpr const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};

}  // namespace

std::optional<Date> Date::parse_iso(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  return checked(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
}

std::optional<Date> Date::parse_dmy(std::string_view s) {
  if (s.size() != 10 || s[2] != '/' || s[5] != '/') return std::nullopt;
  return checked(digits(s, 6, 4), digits(s, 3, 2), digits(s, 0, 2));
}

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year(), month(), day());
  return buf;
}

std::string Date::dmy() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", day(), month(), year());
  return buf;
}

std::string Date::display() const {
  return std::to_string(day()) + " " + kMonths[month() - 1] + " " + std::to_string(year());
}

Date Date::plus_months(int n) const {
  namespace c = std::chrono;
  c::year_month_day d = ymd();
  c::year_month ym = c::year_month{d.year(), d.month()} + c::months{n};
  unsigned last = unsigned((ym / c::last).day());
  return Date(c::sys_days(ym / c::day{std::min(unsigned(d.day()), last)}));
}

int Date::years_since(Date birth) const {
  int age = year() - birth.year();
  if (month() < birth.month() || (month() == birth.month() && day() < birth.day())) --age;
  return age;
}

}  // namespace kith
