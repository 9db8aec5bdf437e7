#include <gtest/gtest.h>

#include "model/codes.h"
#include "model/date.h"
#include "model/records.h"

namespace kith {
namespace {

TEST(Date, ParsesAndFormatsIsoAndDfeForms) {
  EXPECT_EQ(Date::parse_iso("2024-02-29"), Date::ymd(2024, 2, 29));
  EXPECT_FALSE(Date::parse_iso("2023-02-29"));
  EXPECT_FALSE(Date::parse_iso("2023-2-09"));
  EXPECT_FALSE(Date::parse_iso("2023-02-0x"));
  EXPECT_EQ(Date::parse_dmy("31/03/2025"), Date::ymd(2025, 3, 31));
  EXPECT_FALSE(Date::parse_dmy("31/04/2025"));
  EXPECT_EQ(Date::ymd(2025, 3, 1).iso(), "2025-03-01");
  EXPECT_EQ(Date::ymd(2025, 3, 1).dmy(), "01/03/2025");
  EXPECT_EQ(Date::ymd(2022, 6, 3).display(), "3 June 2022");
}

TEST(Date, MonthsClampToTheLastDay) {
  EXPECT_EQ(Date::ymd(2025, 1, 31).plus_months(1), Date::ymd(2025, 2, 28));
  EXPECT_EQ(Date::ymd(2024, 8, 31).plus_months(6), Date::ymd(2025, 2, 28));
  EXPECT_EQ(Date::ymd(2025, 5, 26).plus_months(-3), Date::ymd(2025, 2, 26));
}

TEST(Date, AgeCountsWholeYears) {
  EXPECT_EQ(Date::ymd(2025, 2, 28).years_since(Date::ymd(2012, 2, 29)), 12);
  EXPECT_EQ(Date::ymd(2025, 3, 1).years_since(Date::ymd(2012, 2, 29)), 13);
  EXPECT_EQ(Date::ymd(2025, 4, 30) - Date::ymd(2025, 4, 1), 29);
}

TEST(Codes, MapBothWaysToTheDfeCodes) {
  EXPECT_EQ(code(LegalStatus::kC2), "C2");
  EXPECT_EQ(from_code<PlacementType>("U6"), PlacementType::kU6);
  EXPECT_EQ(meaning(CategoryOfAbuse::kNEG), "Neglect");
  EXPECT_FALSE(from_code<LegalStatus>("C9"));
  EXPECT_FALSE(from_code<LegalStatus>("c2")) << "codes are case-sensitive";
  EXPECT_EQ(code(ReferralSource::k1A), "1A");
}

TEST(Codes, EveryValueHasOneUniqueCode) {
  for (const auto& e : kCodeList<PlacementType>) EXPECT_EQ(from_code<PlacementType>(e.code), e.value) << e.code;
  for (const auto& e : kCodeList<AssessmentFactor>) EXPECT_EQ(from_code<AssessmentFactor>(e.code), e.value) << e.code;
  for (const auto& e : kCodeList<ReasonEpisodeCeased>) EXPECT_EQ(from_code<ReasonEpisodeCeased>(e.code), e.value) << e.code;
}

TEST(Codes, RetiredCodesAreKeptButNotCurrent) {
  // Z1 was replaced by Z11-Z14 from 2025/26.
  bool found = false;
  for (const auto& e : kCodeList<PlacementType>)
    if (e.code == "Z1") {
      found = true;
      EXPECT_FALSE(e.current);
    }
  EXPECT_TRUE(found);
}

TEST(Roles, NamesRoundTrip) {
  for (Role r : kAllRoles) EXPECT_EQ(role_from_name(role_name(r)), r);
  EXPECT_FALSE(role_from_name("superuser"));
}

}  // namespace
}  // namespace kith
