// Reporting periods for indicators: a calendar month, a financial-year quarter
// or a financial year (1 April to 31 March, the year DfE statistics use).
//
// Accepted forms (quarters are financial quarters: Q1 Apr-Jun, Q2 Jul-Sep,
// Q3 Oct-Dec, Q4 Jan-Mar of the following calendar year):
//   "2025-11"                      month, November 2025
//   "2025Q3" or "2025-26Q3"        Q3 of financial year 2025-26 = 1 Oct - 31 Dec 2025
//   "2025-26" or "2025/26"         financial year 1 Apr 2025 - 31 Mar 2026
// "2025Q3" names the financial year by the calendar year it starts in.
// Thread-safety: values and pure functions.
#pragma once

#include <string>
#include <string_view>

#include "model/date.h"
#include "model/result.h"

namespace kith::insight {

struct Period {
  enum class Kind { kMonth, kQuarter, kYear };
  Kind kind = Kind::kYear;
  Date start;  // first day, inclusive
  Date end;    // last day, inclusive: stocks ("at 31 March") are counted on this day
  std::string label;  // canonical: "2025-11", "2025-26Q3", "2025-26"

  // The 12 months ending on `end` (start = end - 1 year + 1 day): the window of
  // DfE's "during the year" measures, so a quarter's value compares with annual figures.
  Date year_start() const { return end.plus_months(-12).plus_days(1); }
  int days() const { return end - start + 1; }
  // The DfE `time_period` of the financial year holding `end` (2026 for 2025-26).
  int dfe_time_period() const;
};

// Parses one of the forms above; invalid with the accepted forms otherwise.
Result<Period> parse_period(std::string_view text);

// The financial year 1 April `start_year` to 31 March `start_year` + 1.
Period financial_year(int start_year);

}  // namespace kith::insight
