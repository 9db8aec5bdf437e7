// Working days in England and Wales: the bank holidays, and the working-day
// arithmetic behind statutory timescales ("an assessment within 45 working
// days of the referral" is add_working_days(referral, 45)).
//
// A working day is a Monday to Friday that is not a bank holiday. The rules
// are those in force since 1978, when the Early May bank holiday completed
// today's set, plus every holiday moved or added by proclamation since then.
// Earlier years get today's rules: wrong for them, but no case runs that far
// back. All dates are Gregorian and must fall in years from 1583.
//
// Thread-safety: every function is pure and may be called from any thread.
// Holidays for 1900-2200 are computed once, on first use, into a read-only
// table; other years are computed on each call.
#pragma once

#include <string_view>
#include <vector>

#include "model/date.h"

namespace kith::calendar {

struct BankHoliday {
  Date date;
  std::string_view name;  // static storage, e.g. "Boxing Day (substitute day)"

  bool operator==(const BankHoliday&) const = default;
};

// Returns Easter Sunday of the year (Western churches' reckoning), by the
// anonymous Gregorian algorithm as given by Meeus. Requires year >= 1583.
Date easter_sunday(int year);

// Returns the year's England and Wales bank holidays in date order, with
// substitute days in place of weekend ones, so every date is a weekday.
std::vector<BankHoliday> bank_holidays(int year);

// Returns true if d is an England and Wales bank holiday. A substitute day
// is one; the weekend day it stands in for is not.
bool is_bank_holiday(Date d);

// Returns true if d is a Monday to Friday and not a bank holiday.
// Statutory timescales count only these days.
bool is_working_day(Date d);

// Returns the n-th working day after start, not counting start; n == 0 gives start
// or, if it is not a working day, the next one; n < 0 the |n|-th working day before.
Date add_working_days(Date start, int n);

// Returns the number of working days d with from < d <= to, negated when to < from,
// so working_days_between(s, add_working_days(s, n)) == n for a working day s, n >= 0.
int working_days_between(Date from, Date to);

}  // namespace kith::calendar
