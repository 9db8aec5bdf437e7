#include "model/distance.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace kith {

double straight_line_miles(GridPoint a, GridPoint b) {
  double de = double(a.easting) - b.easting, dn = double(a.northing) - b.northing;
  double miles = std::sqrt(de * de + dn * dn) / 1000 / 1.6093;
  // Python's round(x, 1) rounds the exact binary value half to even; so does printf.
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", miles);
  return std::strtod(buf, nullptr);
}

}  // namespace kith
