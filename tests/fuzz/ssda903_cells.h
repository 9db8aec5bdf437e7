// What both SSDA903 fuzz targets do with a return that read: derive the
// postcode fields (with an empty index) and read every cell as a date and a
// number, trapping if a column is not one cell per row. Header-only: the
// targets are built by run.sh, not CMake.
#pragma once

#include <string>

#include "returns/ssda903/derived.h"
#include "returns/ssda903/postcodes.h"
#include "returns/ssda903/table.h"

namespace kith::fuzz {

inline void derive_and_read_every_cell(returns::ssda903::Return903& r) {
  namespace s903 = returns::ssda903;
  (void)s903::postcodes_in(r);
  s903::add_derived_fields(r, s903::PostcodeIndex{});
  volatile double sink = 0;
  for (const std::string& name : r.table_names()) {
    const s903::Table* t = r.table(name);
    for (const std::string& column : t->column_names()) {
      const s903::Column* c = t->column(column);
      if (c->size() != t->rows()) __builtin_trap();  // every column has a cell per row
      for (std::size_t i = 0; i < c->size(); ++i) {
        s903::Day d = c->date(i);
        if (d != s903::kNoDate) sink = sink + double(s903::to_day(s903::to_date(d)) - d);
        if (auto v = c->number(i)) sink = sink + *v;
      }
    }
  }
}

}  // namespace kith::fuzz
