#include <gtest/gtest.h>

#include <random>

#include "insight/suppression.h"

namespace kith::insight {
namespace {

struct Case {
  std::vector<std::int64_t> parts;
  std::int64_t total;
  std::vector<std::string> expected_parts;
  std::string expected_total;
};

const Case kCases[] = {
    {{10, 20, 30}, 60, {"10", "20", "30"}, "60"},              // nothing small
    {{3, 20, 30}, 53, {"c", "c", "30"}, "53"},                 // the smallest part above 5 goes too
    {{3, 4, 30}, 37, {"c", "c", "c"}, "37"},                   // two c's summing to 7 could only be 1..5 each: hide 30 too
    {{0, 3, 0}, 3, {"0", "c", "0"}, "c"},                      // total 1-5 itself
    {{2, 0, 0}, 8, {"c", "0", "0"}, "c"},                      // no part above 5 to hide: the total goes
    {{0, 0, 12}, 12, {"0", "0", "12"}, "12"},                  // zeros reveal no child
    {{6, 7, 1}, 14, {"c", "7", "c"}, "14"},
};

TEST(Suppression, PrimaryAndSecondary) {
  for (const auto& c : kCases) {
    auto t = suppress(c.parts, c.total);
    EXPECT_EQ(t.parts, c.expected_parts);
    EXPECT_EQ(t.total, c.expected_total);
  }
}

// Over many random tables: no shown cell is 1-5, and when the total is shown the hidden
// parts cannot be recovered by differencing: never exactly one hidden part, and the hidden
// sum exceeds what all-primary cells could pin down (each hidden part is at least 1, so a
// sum equal to the count of hidden parts would reveal them all as 1; one above 5 prevents it).
TEST(Suppression, NoSmallCellSurvivesAndTotalsCannotBeDifferenced) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> size(1, 8), small(0, 7), large(0, 60);
  for (int trial = 0; trial < 20000; ++trial) {
    std::vector<std::int64_t> parts(std::size_t(size(rng)));
    for (auto& p : parts) p = trial % 2 ? small(rng) : large(rng) % 9 == 0 ? small(rng) : large(rng);
    std::int64_t total = 0;
    for (auto p : parts) total += p;
    auto t = suppress(parts, total);
    int hidden = 0;
    std::int64_t hidden_sum = 0;
    bool hidden_above_5 = false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (t.parts[i] == "c") {
        ++hidden, hidden_sum += parts[i], hidden_above_5 = hidden_above_5 || parts[i] > 5;
      } else {
        EXPECT_FALSE(parts[i] >= 1 && parts[i] <= 5) << "part " << parts[i] << " shown";
      }
    }
    EXPECT_FALSE(total >= 1 && total <= 5 && t.total != "c");
    if (t.total != "c" && hidden > 0) {
      EXPECT_GE(hidden, 2);
      EXPECT_TRUE(hidden_above_5) << "hidden sum " << hidden_sum << " over " << hidden << " cells could be pinned down";
      std::int64_t shown = 0;
      for (std::size_t i = 0; i < parts.size(); ++i)
        if (t.parts[i] != "c") shown += parts[i];
      EXPECT_EQ(total - shown, hidden_sum);  // what an attacker can difference: the hidden sum only
    }
  }
}

}  // namespace
}  // namespace kith::insight
