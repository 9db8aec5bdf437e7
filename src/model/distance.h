// Straight-line distance between two OS grid references, as the DfE's
// SSDA903 return computes PL_DISTANCE: Euclidean metres / 1000 / 1.6093,
// rounded to 0.1 mile half-to-even on the binary value (Python's round).
// Shared by the 903 derivations (src/returns/ssda903) and the placement
// sufficiency search (src/casework/placements), so both give the same miles.
//
// Thread-safety: pure function.
#pragma once

#include <cstdint>

namespace kith {

struct GridPoint {
  std::int32_t easting = 0, northing = 0;  // OS National Grid, metres
};

// Miles between a and b, rounded to 0.1 as the DfE reference validator does.
// Exact for any two points on the same grid; never fails.
double straight_line_miles(GridPoint a, GridPoint b);

}  // namespace kith
