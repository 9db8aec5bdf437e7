#include "calendar/calendar.h"

#include <algorithm>
#include <chrono>
#include <span>

namespace kith::calendar {
namespace {

using std::chrono::Monday;
using std::chrono::Saturday;
using std::chrono::Sunday;

constexpr bool is_weekend(Date d) { return d.weekday() == Saturday || d.weekday() == Sunday; }

// Holidays proclaimed for one year only. A new one is one more line here.
struct OneOff {
  Date date;
  std::string_view name;
};
constexpr OneOff kOneOffs[] = {
    {Date::ymd(1981, 7, 29), "Wedding of Prince Charles and Lady Diana Spencer"},
    {Date::ymd(1999, 12, 31), "Millennium celebrations"},
    {Date::ymd(2002, 6, 3), "Queen's Golden Jubilee"},
    {Date::ymd(2011, 4, 29), "Wedding of Prince William and Catherine Middleton"},
    {Date::ymd(2012, 6, 5), "Queen's Diamond Jubilee"},
    {Date::ymd(2022, 6, 3), "Platinum Jubilee bank holiday"},
    {Date::ymd(2022, 9, 19), "Bank Holiday for the State Funeral of Queen Elizabeth II"},
    {Date::ymd(2023, 5, 8), "Bank holiday for the coronation of King Charles III"},
};

// Regular holidays moved by proclamation, mostly to sit beside a one-off.
struct Moved {
  Date regular;
  Date moved;
  std::string_view name;
};
constexpr Moved kMoved[] = {
    {Date::ymd(1995, 5, 1), Date::ymd(1995, 5, 8), "Early May bank holiday (VE day)"},
    {Date::ymd(2002, 5, 27), Date::ymd(2002, 6, 4), "Spring bank holiday"},
    {Date::ymd(2012, 5, 28), Date::ymd(2012, 6, 4), "Spring bank holiday"},
    {Date::ymd(2020, 5, 4), Date::ymd(2020, 5, 8), "Early May bank holiday (VE day)"},
    {Date::ymd(2022, 5, 30), Date::ymd(2022, 6, 2), "Spring bank holiday"},
};

// working_days_between relies on every holiday being a weekday.
static_assert(std::ranges::none_of(kOneOffs, [](const OneOff& o) { return is_weekend(o.date); }));
static_assert(std::ranges::none_of(kMoved, [](const Moved& m) { return is_weekend(m.moved); }));

// Holidays on a fixed day of the month, with the name their substitute takes.
struct Fixed {
  unsigned month, day;
  std::string_view name, substitute;
};
constexpr Fixed kNewYear[] = {{1, 1, "New Year's Day", "New Year's Day (substitute day)"}};
constexpr Fixed kChristmas[] = {{12, 25, "Christmas Day", "Christmas Day (substitute day)"},
                                {12, 26, "Boxing Day", "Boxing Day (substitute day)"}};

bool taken(const std::vector<BankHoliday>& out, Date d) {
  return std::ranges::any_of(out, [d](const BankHoliday& h) { return h.date == d; });
}

// A fixed holiday on a weekend is made up on the next weekday not already a
// holiday. Placing the weekday ones first gives the proclaimed order: a Sunday
// Christmas is made up on Tuesday 27th, after Boxing Day on Monday 26th.
void add_fixed(int year, std::span<const Fixed> days, std::vector<BankHoliday>& out) {
  for (const Fixed& f : days) {
    Date d = Date::ymd(year, f.month, f.day);
    if (!is_weekend(d)) out.push_back({d, f.name});
  }
  for (const Fixed& f : days) {
    Date d = Date::ymd(year, f.month, f.day);
    if (!is_weekend(d)) continue;
    while (is_weekend(d) || taken(out, d)) d = d.plus_days(1);
    out.push_back({d, f.substitute});
  }
}

Date first_monday(int year, unsigned month) {
  Date first = Date::ymd(year, month, 1);
  return first.plus_days(int((Monday - first.weekday()).count()));
}

Date last_monday(int year, unsigned month) {
  Date last(std::chrono::sys_days(std::chrono::year{year} / std::chrono::month{month} / std::chrono::last));
  return last.plus_days(-int((last.weekday() - Monday).count()));
}

void apply_proclamations(int year, std::vector<BankHoliday>& out) {
  for (const Moved& m : kMoved) {
    for (BankHoliday& h : out) {
      if (h.date == m.regular) h = {m.moved, m.name};
    }
  }
  for (const OneOff& o : kOneOffs) {
    if (o.date.year() == year) out.push_back({o.date, o.name});
  }
}

constexpr int kFirstCachedYear = 1900;
constexpr int kLastCachedYear = 2200;

bool cached(int year) { return year >= kFirstCachedYear && year <= kLastCachedYear; }

// Every holiday of the cached years, in order. Built once (a function-local
// static is initialised thread-safely), read-only afterwards.
const std::vector<Date>& cached_holidays() {
  static const std::vector<Date> all = [] {
    std::vector<Date> dates;
    for (int y = kFirstCachedYear; y <= kLastCachedYear; ++y) {
      for (const BankHoliday& h : bank_holidays(y)) dates.push_back(h.date);
    }
    return dates;
  }();
  return all;
}

// The number of bank holidays h with from < h <= to, for from <= to.
int holidays_in(Date from, Date to) {
  if (cached(from.year()) && cached(to.year())) {
    const std::vector<Date>& all = cached_holidays();
    return int(std::ranges::upper_bound(all, to) - std::ranges::upper_bound(all, from));
  }
  int n = 0;
  for (int y = from.year(); y <= to.year(); ++y) {
    for (const BankHoliday& h : bank_holidays(y)) n += from < h.date && h.date <= to;
  }
  return n;
}

// Mondays to Fridays from a fixed Monday up to and including d, so that the
// weekdays in (from, to] are weekdays_through(to) - weekdays_through(from).
int weekdays_through(Date d) {
  using namespace std::chrono;
  constexpr Date kMonday = Date::ymd(1969, 12, 29);
  days since = d.days() - kMonday.days();
  weeks whole = floor<weeks>(since);  // floor, so days before kMonday count too
  int rest = int((since - whole).count());
  return int(5 * whole.count()) + std::min(rest + 1, 5);
}

// The working day a with working_days_between(start, a) == target. That count
// steps up by one at each working day, so it equals target from a until the
// next working day: reach that stretch by jumps that cannot overshoot (a week
// holds at most five working days, a day at most one), then step back to a.
Date working_day_at(Date start, int target) {
  Date d = start;
  for (int left = target; left != 0;) {
    int days = left / 5 * 7;
    if (days == 0) days = left > 0 ? 1 : -1;
    Date next = d.plus_days(days);
    left -= working_days_between(d, next);
    d = next;
  }
  while (!is_working_day(d)) d = d.plus_days(-1);
  return d;
}

}  // namespace

Date easter_sunday(int year) {
  // Variable names follow Meeus, Astronomical Algorithms, chapter 8.
  const int a = year % 19, b = year / 100, c = year % 100;
  const int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int n = h + l - 7 * m + 114;
  return Date::ymd(year, unsigned(n / 31), unsigned(n % 31 + 1));
}

std::vector<BankHoliday> bank_holidays(int year) {
  std::vector<BankHoliday> out;
  add_fixed(year, kNewYear, out);
  const Date easter = easter_sunday(year);
  out.push_back({easter.plus_days(-2), "Good Friday"});
  out.push_back({easter.plus_days(1), "Easter Monday"});
  out.push_back({first_monday(year, 5), "Early May bank holiday"});
  out.push_back({last_monday(year, 5), "Spring bank holiday"});
  out.push_back({last_monday(year, 8), "Summer bank holiday"});
  add_fixed(year, kChristmas, out);
  apply_proclamations(year, out);
  std::ranges::sort(out, {}, &BankHoliday::date);
  return out;
}

bool is_bank_holiday(Date d) { return holidays_in(d.plus_days(-1), d) == 1; }

bool is_working_day(Date d) { return !is_weekend(d) && !is_bank_holiday(d); }

Date add_working_days(Date start, int n) {
  // Counting forward, start is never the answer. For n <= 0 it may be, so
  // count from the day before it, one working day further.
  return n > 0 ? working_day_at(start, n) : working_day_at(start.plus_days(-1), n + 1);
}

int working_days_between(Date from, Date to) {
  if (to < from) return -working_days_between(to, from);
  return weekdays_through(to) - weekdays_through(from) - holidays_in(from, to);
}

}  // namespace kith::calendar
