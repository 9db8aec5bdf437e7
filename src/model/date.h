// Civil dates for case records: a day, with no time and no time zone.
//
// Statutory timescales in children's social care are counted in days and
// working days, never in hours, so every date in the case record is a
// Date. Thread-safety: Date is a value type; all operations are const.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace kith {

class Date {
 public:
  constexpr Date() = default;  // 1970-01-01
  constexpr explicit Date(std::chrono::sys_days d) : days_(d) {}

  // Builds a date from year, month (1-12) and day (1-31).
  // The caller guarantees the date is valid; use parse_iso for untrusted text.
  static constexpr Date ymd(int y, unsigned m, unsigned d) {
    return Date(std::chrono::sys_days(std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}));
  }

  // Parses "YYYY-MM-DD". Returns nullopt for anything else, including
  // impossible dates such as 2023-02-29.
  static std::optional<Date> parse_iso(std::string_view s);

  // Parses the DfE returns' "dd/mm/YYYY". Returns nullopt when malformed.
  static std::optional<Date> parse_dmy(std::string_view s);

  // Formats as "YYYY-MM-DD" (the store's and the API's form).
  std::string iso() const;
  // Formats as "dd/mm/YYYY" (SSDA903 form).
  std::string dmy() const;
  // Formats for people: "3 June 2022".
  std::string display() const;

  constexpr std::chrono::sys_days days() const { return days_; }
  constexpr std::chrono::year_month_day ymd() const { return std::chrono::year_month_day{days_}; }
  constexpr int year() const { return int(ymd().year()); }
  constexpr unsigned month() const { return unsigned(ymd().month()); }
  constexpr unsigned day() const { return unsigned(ymd().day()); }
  constexpr std::chrono::weekday weekday() const { return std::chrono::weekday{days_}; }
  constexpr Date plus_days(int n) const { return Date(days_ + std::chrono::days{n}); }
  // Same day n calendar months later, clamped to the month's last day.
  Date plus_months(int n) const;
  // Whole years between a birth date and this date (age on this day).
  int years_since(Date birth) const;

  friend constexpr int operator-(Date a, Date b) { return int((a.days_ - b.days_).count()); }
  auto operator<=>(const Date&) const = default;

 private:
  std::chrono::sys_days days_{};
};

}  // namespace kith
