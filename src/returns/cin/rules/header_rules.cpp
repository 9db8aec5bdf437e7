// Header: the census year and reference date.
#include "returns/cin/rules/families.h"

#include <charconv>

namespace kith::returns::cin::rules {
namespace {

// 100: the reference date is 31 March of the census Year.
void reference_date_matches_year(const Census& c, Flags& flags) {
  const Table& h = c.table("Header");
  for (std::size_t r = 0; r < h.rows(); ++r) {
    auto year_text = h.col("Year").text(r).value_or("");
    int year = 0;
    bool year_ok = std::from_chars(year_text.data(), year_text.data() + year_text.size(), year).ec == std::errc();
    auto ref = h.col("ReferenceDate").date(r);
    if (!ref || !year_ok || *ref != Date::ymd(year, 3, 31)) flags.cell("Header", "ReferenceDate", r);
  }
}

constexpr Rule kRules[] = {
    {"100", reference_date_matches_year},
};

}  // namespace

std::span<const Rule> header_rules() { return kRules; }

}  // namespace kith::returns::cin::rules
