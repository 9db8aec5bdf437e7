// Statistical disclosure control for anything that leaves Kith, as DfE
// publishes: counts of 1 to 5 children become "c" (casework::published_count),
// and secondary suppression hides one more cell so that a table's total
// cannot be differenced to recover a suppressed one.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kith::insight {

// A one-way table of counts: the parts (slice values) and their total.
struct SuppressedTable {
  std::vector<std::string> parts;  // each a number or "c"
  std::string total;
  std::vector<bool> hidden;        // which parts are "c" (primary or secondary)
  bool total_hidden = false;
};

// Primary: every part and the total of 1-5 is "c". Secondary: when the total is shown and
// exactly one part is "c", or the hidden parts are all primary (their sum could pin each one
// down, e.g. two c's summing to 2), the smallest part above 5 is hidden too; if there is
// none, the total is hidden. Zeros are shown: a zero reveals no child.
// The total need not equal the sum of the parts (a child can be in two slices).
SuppressedTable suppress(const std::vector<std::int64_t>& parts, std::int64_t total);

}  // namespace kith::insight
