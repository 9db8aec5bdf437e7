#include <gtest/gtest.h>

#include "insight/period.h"

namespace kith::insight {
namespace {

struct Case {
  const char* text;
  const char* label;
  Date start, end;
};

const Case kValid[] = {
    {"2025Q3", "2025-26Q3", Date::ymd(2025, 10, 1), Date::ymd(2025, 12, 31)},
    {"2025-26Q3", "2025-26Q3", Date::ymd(2025, 10, 1), Date::ymd(2025, 12, 31)},
    {"2025Q1", "2025-26Q1", Date::ymd(2025, 4, 1), Date::ymd(2025, 6, 30)},
    {"2025Q4", "2025-26Q4", Date::ymd(2026, 1, 1), Date::ymd(2026, 3, 31)},
    {"2025-26", "2025-26", Date::ymd(2025, 4, 1), Date::ymd(2026, 3, 31)},
    {"2025/26", "2025-26", Date::ymd(2025, 4, 1), Date::ymd(2026, 3, 31)},
    {"1999-00", "1999-00", Date::ymd(1999, 4, 1), Date::ymd(2000, 3, 31)},
    {"2024-02", "2024-02", Date::ymd(2024, 2, 1), Date::ymd(2024, 2, 29)},
    {"2011-12", "2011-12", Date::ymd(2011, 12, 1), Date::ymd(2011, 12, 31)},  // a month, never a year
};

TEST(Period, ParsesMonthsFinancialQuartersAndYears) {
  for (const auto& c : kValid) {
    SCOPED_TRACE(c.text);
    auto p = parse_period(c.text);
    ASSERT_TRUE(p.is_ok()) << p.status().message();
    EXPECT_EQ(p->label, c.label);
    EXPECT_EQ(p->start, c.start);
    EXPECT_EQ(p->end, c.end);
  }
}

TEST(Period, RefusesWhatItDoesNotUnderstand) {
  for (const char* bad : {"", "2025", "2025Q5", "2025Q0", "2025-27Q1", "2025-13", "2025-27", "Q3", "2025q3", "2025-26Q"}) {
    SCOPED_TRACE(bad);
    auto p = parse_period(bad);
    ASSERT_FALSE(p.is_ok());
    EXPECT_NE(p.status().message().find("2025Q3"), std::string::npos) << "the message shows the accepted forms";
  }
}

TEST(Period, YearWindowAndDfeTimePeriod) {
  auto q3 = *parse_period("2025Q3");
  EXPECT_EQ(q3.year_start(), Date::ymd(2025, 1, 1));
  EXPECT_EQ(q3.dfe_time_period(), 2026);
  EXPECT_EQ(financial_year(2024).dfe_time_period(), 2025);
  EXPECT_EQ(financial_year(2024).year_start(), Date::ymd(2024, 4, 1));
  EXPECT_EQ(q3.days(), 92);
}

}  // namespace
}  // namespace kith::insight
