// Output tables of the planning commands (forecast, rates, spend,
// scenario comparisons) and their writers: CSV (one file per table),
// JSON (an object of arrays of row objects) and XLSX (a sheet per table).
//
// Thread-safety: values and reentrant functions.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "model/result.h"

namespace kith::planning {

using Cell = std::variant<std::monostate, double, std::string>;  // monostate: blank

struct Table {
  std::string name;  // the sheet or JSON key: "forecast", "rates", ...
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;
};

enum class Format { kCsv, kJson, kXlsx };

Result<Format> parse_format(const std::string& s);

// Writes the tables to path. CSV writes the first table to path and each
// other one beside it as <path without .csv>_<name>.csv. Io error when the
// file cannot be written.
Status write_tables(const std::vector<Table>& tables, const std::string& path, Format format);

}  // namespace kith::planning
