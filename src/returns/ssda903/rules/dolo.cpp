// Deprivation of Liberty Order rules (DoLo table, from 2026/27).
#include "returns/ssda903/rules/helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

KITH_903_RULE("702", kLac2026_27) {
  check_date_pair(in, out, "DoLo", "DOLO_START", "DOLO_END", [](Day start, Day end) { return end <= start; });
}

KITH_903_RULE("708", kLac2026_27) {
  check_date_pair(in, out, "DoLo", "DOB", "DOLO_START", [](Day dob, Day start) { return start <= dob; });
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
