// Episode cleaning, exactly as the regional demand model does it, so that
// both models count the same children in the same states:
//   1. drop rows with no child, start date (DECOM) or date of birth, rows
//      that end before they start, start before birth or at 18 or over;
//   2. a duplicate (child, start): keep the row that ends latest (a row with
//      an end beats an open copy: the open one is an earlier year's snapshot);
//   3. a duplicate (child, end): keep the longer row;
//   4. an episode that is open or overlaps the child's next one ends at the
//      next one's start;
//   5. an episode whose RNE is L, T or U and that starts the day the previous
//      one ends is merged into the previous one (which keeps its placement);
//   6. an episode that crosses an age-band birthday is split there, and care
//      ends at the 18th birthday, so ageing is an ordinary transition.
//
// Thread-safety: pure function of its input.
#pragma once

#include <optional>
#include <vector>

#include "planning/episodes.h"

namespace kith::planning {

// One child in one state from start (inclusive) to end (exclusive: the day
// of the next spell, or of leaving care).
struct CareSpell {
  std::int32_t child = 0;
  Date start;
  std::optional<Date> end;  // nullopt: still in care at the end of the data
  int state = 0;            // 0..kCareStates-1
  SubType subtype = SubType::kOther;
  bool entry = false;       // no spell of the child ends on this start: the child came into care
  bool continues = false;   // the child's next spell starts on this end: a move, not leaving care
};

struct CleaningReport {
  std::vector<Exclusion> excluded;  // the input's unreadable rows and step 1's
  int duplicate_starts = 0;         // rows dropped by step 2
  int duplicate_ends = 0;           // rows dropped by step 3
  int ends_moved = 0;               // open or overlapping rows ended by step 4
  int merged = 0;                   // rows merged by step 5
  int splits = 0;                   // birthdays at which step 6 split a row
  int ended_at_18 = 0;              // rows cut at the 18th birthday
};

struct CleanEpisodes {
  std::vector<CareSpell> spells;  // by child, then start
  CleaningReport report;
  std::optional<Date> last_date;  // the data run to here
  std::size_t children = 0;       // the number of child indexes
};

CleanEpisodes clean_episodes(const EpisodeInput& in);

}  // namespace kith::planning
