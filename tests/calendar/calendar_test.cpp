#include "calendar/calendar.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <unordered_set>

namespace kith::calendar {
namespace {

using std::chrono::Saturday;
using std::chrono::Sunday;

constexpr int kFirstListed = 2012;
constexpr int kLastListed = 2030;

std::string data_path() {
#ifdef KITH_TEST_DATA_DIR
  return std::string(KITH_TEST_DATA_DIR) + "/calendar/bank_holidays_2012_2030.txt";
#else
  return "tests/calendar/bank_holidays_2012_2030.txt";
#endif
}

struct Listed {
  Date date;
  std::string name;
};

// The hand-written list, by year. Parse errors are reported as test failures.
std::map<int, std::vector<Listed>> load_listed() {
  std::map<int, std::vector<Listed>> by_year;
  std::ifstream in(data_path());
  EXPECT_TRUE(in) << "cannot open " << data_path();
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::optional<Date> d = Date::parse_iso(line.substr(0, 10));
    if (!d || line.size() < 12 || line[10] != ' ') {
      ADD_FAILURE() << data_path() << ":" << number << ": expected \"YYYY-MM-DD Name\", got \"" << line << "\"";
      continue;
    }
    by_year[d->year()].push_back({*d, line.substr(11)});
  }
  return by_year;
}

const std::map<int, std::vector<Listed>>& listed() {
  static const auto by_year = load_listed();
  return by_year;
}

bool is_weekend(Date d) { return d.weekday() == Saturday || d.weekday() == Sunday; }

// A reference calendar that shares nothing with the library but
// bank_holidays(): a plain set of day numbers, and day-by-day loops.
class NaiveCalendar {
 public:
  NaiveCalendar() {
    for (int y : {1890, 2190, 2490}) {
      for (int year = y; year <= y + 20; ++year) add_year(year);
    }
    for (int year = 1910; year < 2190; ++year) add_year(year);
  }

  bool is_working_day(Date d) const {
    return !is_weekend(d) && !holidays_.contains(d.days().time_since_epoch().count());
  }

  int between(Date from, Date to) const {
    if (to < from) return -between(to, from);
    int n = 0;
    for (Date d = from.plus_days(1); d <= to; d = d.plus_days(1)) n += is_working_day(d);
    return n;
  }

  Date add(Date start, int n) const {
    Date d = start;
    if (n == 0) {
      while (!is_working_day(d)) d = d.plus_days(1);
      return d;
    }
    const int step = n > 0 ? 1 : -1;
    for (int left = std::abs(n); left > 0;) {
      d = d.plus_days(step);
      left -= is_working_day(d);
    }
    return d;
  }

 private:
  void add_year(int year) {
    for (const BankHoliday& h : bank_holidays(year)) holidays_.insert(h.date.days().time_since_epoch().count());
  }

  std::unordered_set<long> holidays_;
};

const NaiveCalendar& naive() {
  static const NaiveCalendar calendar;
  return calendar;
}

Date random_date(std::mt19937& rng, int first_year, int last_year) {
  const Date first = Date::ymd(first_year, 1, 1);
  std::uniform_int_distribution<int> offset(0, Date::ymd(last_year, 12, 31) - first);
  return first.plus_days(offset(rng));
}

TEST(BankHolidaysTest, MatchesPublishedList2012To2030) {
  for (int year = kFirstListed; year <= kLastListed; ++year) {
    auto it = listed().find(year);
    ASSERT_NE(it, listed().end()) << "no holidays listed for " << year;
    const std::vector<Listed>& want = it->second;
    const std::vector<BankHoliday> got = bank_holidays(year);
    for (size_t i = 0; i < std::max(want.size(), got.size()); ++i) {
      const bool same = i < want.size() && i < got.size() && want[i].date == got[i].date && want[i].name == got[i].name;
      if (same) continue;
      ADD_FAILURE() << "year " << year << ": first difference at "
                    << (i < want.size() ? want[i].date.iso() : got[i].date.iso()) << ": listed "
                    << (i < want.size() ? want[i].date.iso() + " " + want[i].name : "nothing") << ", computed "
                    << (i < got.size() ? got[i].date.iso() + " " + std::string(got[i].name) : "nothing");
      break;
    }
  }
}

TEST(BankHolidaysTest, ProclamationsBeforeTheListedYears) {
  EXPECT_TRUE(is_bank_holiday(Date::ymd(1981, 7, 29)));  // royal wedding
  EXPECT_TRUE(is_bank_holiday(Date::ymd(1995, 5, 8)));   // VE day 50, not 1 May
  EXPECT_FALSE(is_bank_holiday(Date::ymd(1995, 5, 1)));
  EXPECT_TRUE(is_bank_holiday(Date::ymd(1999, 12, 31)));  // millennium
  EXPECT_TRUE(is_bank_holiday(Date::ymd(2002, 6, 3)));    // Golden Jubilee
  EXPECT_TRUE(is_bank_holiday(Date::ymd(2002, 6, 4)));    // spring holiday, moved from 27 May
  EXPECT_FALSE(is_bank_holiday(Date::ymd(2002, 5, 27)));
  EXPECT_TRUE(is_bank_holiday(Date::ymd(2011, 4, 29)));  // royal wedding
}

// working_days_between subtracts holidays from a count of weekdays, so a
// holiday on a weekend, or the same day twice, would be counted wrongly.
TEST(BankHolidaysTest, SortedDistinctWeekdays) {
  for (int year = 1600; year <= 2600; ++year) {
    const std::vector<BankHoliday> hs = bank_holidays(year);
    ASSERT_GE(hs.size(), 8u) << year;
    for (size_t i = 0; i < hs.size(); ++i) {
      EXPECT_EQ(hs[i].date.year(), year) << hs[i].date.iso();
      EXPECT_FALSE(is_weekend(hs[i].date)) << hs[i].date.iso() << " " << hs[i].name;
      if (i > 0) {
        EXPECT_LT(hs[i - 1].date, hs[i].date) << hs[i].date.iso();
      }
    }
  }
}

TEST(EasterTest, KnownYears) {
  const std::pair<int, const char*> known[] = {
      {1583, "1583-04-10"}, {1818, "1818-03-22"}, {1943, "1943-04-25"}, {2000, "2000-04-23"}, {2008, "2008-03-23"},
      {2012, "2012-04-08"}, {2016, "2016-03-27"}, {2019, "2019-04-21"}, {2024, "2024-03-31"}, {2025, "2025-04-20"},
      {2030, "2030-04-21"}, {2038, "2038-04-25"}, {2285, "2285-03-22"},
  };
  for (const auto& [year, sunday] : known) EXPECT_EQ(easter_sunday(year).iso(), sunday) << year;
}

TEST(WorkingDayTest, WeekendsAndListedHolidaysAreNotWorkingDays) {
  std::unordered_set<std::string> holidays;
  for (const auto& [year, days] : listed()) {
    for (const Listed& h : days) holidays.insert(h.date.iso());
  }
  for (Date d = Date::ymd(kFirstListed, 1, 1); d <= Date::ymd(kLastListed, 12, 31); d = d.plus_days(1)) {
    const bool holiday = holidays.contains(d.iso());
    EXPECT_EQ(is_bank_holiday(d), holiday) << d.iso();
    EXPECT_EQ(is_working_day(d), !holiday && !is_weekend(d)) << d.iso();
  }
}

// Assessment: 45 working days from Friday 20 December 2024. Counting the days
// after the 20th, skipping weekends and 25, 26 December and 1 January:
//   Dec 23 24 27 30 31                       1-5
//   Jan 2 3                                  6-7
//   Jan 6-10, 13-17, 20-24, 27-31            8-27
//   Feb 3-7, 10-14, 17-21                    28-42
//   Feb 24 25 26                             43-45
// so it is due on Wednesday 26 February 2025.
TEST(AddWorkingDaysTest, AssessmentAcrossChristmas2024) {
  const Date referral = Date::ymd(2024, 12, 20);
  EXPECT_EQ(add_working_days(referral, 45).iso(), "2025-02-26");
  EXPECT_EQ(working_days_between(referral, Date::ymd(2025, 2, 26)), 45);
  EXPECT_EQ(working_days_between(Date::ymd(2025, 2, 26), referral), -45);
}

// Initial conference: 15 working days from a strategy discussion on Thursday
// 17 April 2025, skipping Good Friday 18, Easter Monday 21 April and the Early
// May bank holiday on 5 May:
//   Apr 22 23 24 25                          1-4
//   Apr 28 29 30, May 1 2                    5-9
//   May 6 7 8 9                              10-13
//   May 12 13                                14-15
// so it is due on Tuesday 13 May 2025.
TEST(AddWorkingDaysTest, InitialConferenceAcrossEaster2025) {
  EXPECT_EQ(add_working_days(Date::ymd(2025, 4, 17), 15).iso(), "2025-05-13");
}

TEST(AddWorkingDaysTest, StartOnWeekendsAndHolidays) {
  EXPECT_EQ(add_working_days(Date::ymd(2024, 12, 20), 0).iso(), "2024-12-20");  // a working Friday
  EXPECT_EQ(add_working_days(Date::ymd(2024, 12, 25), 0).iso(), "2024-12-27");  // Christmas Day
  EXPECT_EQ(add_working_days(Date::ymd(2024, 12, 21), 1).iso(), "2024-12-23");  // Saturday
  EXPECT_EQ(add_working_days(Date::ymd(2024, 12, 24), 1).iso(), "2024-12-27");
  EXPECT_EQ(add_working_days(Date::ymd(2025, 1, 2), -1).iso(), "2024-12-31");
  EXPECT_EQ(add_working_days(Date::ymd(2024, 12, 27), -1).iso(), "2024-12-24");
  EXPECT_EQ(add_working_days(Date::ymd(2024, 12, 25), -1).iso(), "2024-12-24");
  EXPECT_EQ(add_working_days(Date::ymd(2021, 12, 29), -2).iso(), "2021-12-23");  // back over 4 days off
}

TEST(WorkingDaysBetweenTest, SameDayAndAdjacentDays) {
  const Date friday = Date::ymd(2025, 1, 3);
  EXPECT_EQ(working_days_between(friday, friday), 0);
  EXPECT_EQ(working_days_between(friday, friday.plus_days(2)), 0);  // to Sunday
  EXPECT_EQ(working_days_between(friday, friday.plus_days(3)), 1);  // to Monday
  EXPECT_EQ(working_days_between(friday.plus_days(3), friday), -1);
}

TEST(PropertyTest, AddThenCountRoundTripsEveryDay2012To2030) {
  for (Date d = Date::ymd(kFirstListed, 1, 1); d <= Date::ymd(kLastListed, 12, 31); d = d.plus_days(1)) {
    if (!is_working_day(d)) continue;
    for (int n : {0, 1, 5, 15, 20, 45}) {
      const Date due = add_working_days(d, n);
      ASSERT_TRUE(is_working_day(due)) << d.iso() << " + " << n;
      ASSERT_EQ(working_days_between(d, due), n) << d.iso() << " + " << n;
      ASSERT_EQ(add_working_days(due, -n), d) << d.iso() << " + " << n;
      ASSERT_EQ(working_days_between(d, add_working_days(d, -n)), -n) << d.iso() << " - " << n;
    }
  }
}

TEST(PropertyTest, BetweenMatchesDayByDayCount) {
  std::mt19937 rng(20241220);
  for (int i = 0; i < 3000; ++i) {
    const Date a = random_date(rng, 2005, 2035), b = random_date(rng, 2005, 2035);
    ASSERT_EQ(working_days_between(a, b), naive().between(a, b)) << a.iso() << " to " << b.iso();
  }
  for (int i = 0; i < 200; ++i) {  // spans of decades
    const Date a = random_date(rng, 1910, 1960), b = random_date(rng, 2100, 2189);
    ASSERT_EQ(working_days_between(a, b), naive().between(a, b)) << a.iso() << " to " << b.iso();
  }
}

// Years outside the precomputed 1900-2200 table, and spans crossing its edges.
TEST(PropertyTest, BetweenMatchesDayByDayCountOutsideTheTable) {
  std::mt19937 rng(1899);
  for (int first : {1890, 2190, 2490}) {
    for (int i = 0; i < 1000; ++i) {
      const Date a = random_date(rng, first, first + 20), b = random_date(rng, first, first + 20);
      ASSERT_EQ(working_days_between(a, b), naive().between(a, b)) << a.iso() << " to " << b.iso();
      ASSERT_EQ(is_working_day(a), naive().is_working_day(a)) << a.iso();
    }
  }
}

TEST(PropertyTest, AddMatchesDayByDayStepping) {
  std::mt19937 rng(45);
  std::uniform_int_distribution<int> count(-100, 100);
  for (int i = 0; i < 20000; ++i) {
    const Date start = random_date(rng, 1895, 2205);
    const int n = count(rng);
    ASSERT_EQ(add_working_days(start, n), naive().add(start, n)) << start.iso() << " + " << n;
  }
}

}  // namespace
}  // namespace kith::calendar
