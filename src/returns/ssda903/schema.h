// The SSDA903 tables as files: each table's CSV columns, in order, and the
// first collection year that has it (shared/spec/ssda903/columns.csv).
// A file is recognised by the exact set of its header names.
//
// Thread-safety: immutable data.
#pragma once

#include <string_view>
#include <vector>

namespace kith::returns::ssda903 {

struct TableSchema {
  std::string_view name;                  // as in columns.csv, e.g. "Episodes"
  int first_year;                         // collection year (ending March) it appears, e.g. 2024 for 2023/24
  std::vector<std::string_view> columns;  // the file's columns in order (derived columns excluded)
};

// Every table, in the catalogue's order.
const std::vector<TableSchema>& table_schemas();

// The schema of a table name, or nullptr (names without the "_last" suffix).
const TableSchema* find_schema(std::string_view table);

}  // namespace kith::returns::ssda903
