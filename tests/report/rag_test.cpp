// RAG ratings and the council's targets and commentary files, cases worked by hand.
#include <gtest/gtest.h>

#include "report/quarterly_report.h"
#include "report/targets.h"

namespace kith::report {
namespace {

struct RagCase {
  const char* value;
  double target;
  Direction direction;
  double tolerance;
  Rag expected;
};

const RagCase kCases[] = {
    // lower is better, target 20, amber up to 22
    {"19.9", 20, Direction::kLowerIsBetter, 2, Rag::kGreen},
    {"20.0", 20, Direction::kLowerIsBetter, 2, Rag::kGreen},  // meeting the target exactly is green
    {"21.5", 20, Direction::kLowerIsBetter, 2, Rag::kAmber},
    {"22.0", 20, Direction::kLowerIsBetter, 2, Rag::kAmber},  // the tolerance's edge is amber
    {"22.1", 20, Direction::kLowerIsBetter, 2, Rag::kRed},
    // higher is better, target 85, amber down to 80
    {"90.0", 85, Direction::kHigherIsBetter, 5, Rag::kGreen},
    {"80.0", 85, Direction::kHigherIsBetter, 5, Rag::kAmber},
    {"79.9", 85, Direction::kHigherIsBetter, 5, Rag::kRed},
    // no tolerance: anything short of the target is red
    {"0.26", 0.25, Direction::kLowerIsBetter, 0, Rag::kRed},
    // suppressed or missing values are not rated
    {"c", 20, Direction::kLowerIsBetter, 2, Rag::kNotRated},
    {"", 20, Direction::kLowerIsBetter, 2, Rag::kNotRated},
};

TEST(Rag, RatesPublishedValuesAgainstTargets) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(std::string(c.value) + " vs " + std::to_string(c.target));
    EXPECT_EQ(rate(c.value, Target{"x", c.target, c.direction, c.tolerance}), c.expected);
  }
  EXPECT_EQ(rate("12.0", std::nullopt), Rag::kNoTarget);
}

TEST(Targets, ParsesTheCouncilsFile) {
  auto t = parse_targets("indicator,target,direction,amber_tolerance\nre_referrals_pct,20,lower_is_better,2\n"
                         "assessments_45wd_pct,85,higher_is_better,\n",
                         "targets.csv", report_measure_ids());
  ASSERT_TRUE(t.is_ok()) << t.status().message();
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ(t->at("re_referrals_pct").target, 20);
  EXPECT_EQ(t->at("re_referrals_pct").amber_tolerance, 2);
  EXPECT_EQ(t->at("assessments_45wd_pct").direction, Direction::kHigherIsBetter);
  EXPECT_EQ(t->at("assessments_45wd_pct").amber_tolerance, 0) << "an empty tolerance means none";
}

struct BadFile {
  const char* text;
  const char* message;  // expected in the error, with the file and line
};

const BadFile kBadTargets[] = {
    {"indicator,target,direction,amber_tolerance\nre_referrals_pct,20,up,2\n", "targets.csv line 2: direction 'up'"},
    {"indicator,target,direction,amber_tolerance\nre_referrals_pct,20,lower_is_better,1\nagency_rate_pct,twenty,lower_is_better,1\n",
     "targets.csv line 3: target 'twenty' is not a number"},
    {"indicator,target,direction,amber_tolerance\nrereferrals,20,lower_is_better,2\n", "targets.csv line 2: unknown indicator 'rereferrals'"},
    {"indicator,target,direction,amber_tolerance\nre_referrals_pct,20,lower_is_better,-1\n", "targets.csv line 2: amber_tolerance '-1'"},
    {"indicator,target,direction,amber_tolerance\nre_referrals_pct,20,lower_is_better,1\nre_referrals_pct,21,lower_is_better,1\n",
     "targets.csv line 3: second target"},
    {"indicator,target,direction\nre_referrals_pct,20,lower_is_better\n", "targets.csv line 1: the header needs the column 'amber_tolerance'"},
};

TEST(Targets, BadLinesNameTheFileAndLine) {
  for (const auto& b : kBadTargets) {
    SCOPED_TRACE(b.text);
    auto t = parse_targets(b.text, "targets.csv", report_measure_ids());
    ASSERT_FALSE(t.is_ok());
    EXPECT_NE(t.status().message().find(b.message), std::string::npos) << t.status().message();
  }
}

TEST(Commentary, ReadsCsvAndMarkdownForms) {
  auto csv = parse_commentary("indicator,text\nre_referrals_pct,\"Up, as the new front door beds in.\"\noverall,Steady.\n", "c.csv",
                              commentary_keys());
  ASSERT_TRUE(csv.is_ok()) << csv.status().message();
  EXPECT_EQ(csv->at("re_referrals_pct"), "Up, as the new front door beds in.");
  EXPECT_EQ(csv->at("overall"), "Steady.");
  auto md = parse_commentary("# Q3 commentary\n\n## overall\nA steady quarter.\nDemand is flat.\n\n## cla_per_10k\nFewer entries.\n", "c.md",
                             commentary_keys());
  ASSERT_TRUE(md.is_ok()) << md.status().message();
  EXPECT_EQ(md->at("overall"), "A steady quarter. Demand is flat.");
  EXPECT_EQ(md->at("cla_per_10k"), "Fewer entries.");
  auto bad = parse_commentary("## overall\nok\n## cla_rate\nno\n", "c.md", commentary_keys());
  ASSERT_FALSE(bad.is_ok());
  EXPECT_NE(bad.status().message().find("c.md line 3: unknown indicator 'cla_rate'"), std::string::npos) << bad.status().message();
}

}  // namespace
}  // namespace kith::report
