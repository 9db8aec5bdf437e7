// Ofsted ILACS Annex A, lists 1-11 (January 2024 layout), as a projection of
// the case record for an inspection date, and its XLSX workbook (one sheet per
// list, the template's header row, dates as Excel dates shown dd/mm/yyyy).
// Column layout: /work/shared/spec/annex-a/columns.csv; how each column is
// drawn from the record: docs/RETURNS_ANNEX_A_API.md.
//
// The workbook holds child identifiers (it goes to Ofsted): write it only where
// the user asked, never log its rows.
//
// Thread-safety: project_annex_a reads the Database it is given; AnnexA is a
// plain value; write_annex_a_xlsx touches only the file it is given.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "model/date.h"
#include "model/result.h"
#include "store/database.h"

namespace kith::returns::annex_a {

// A cell: blank, text (codes too), a date, or a whole number.
using Cell = std::variant<std::monostate, std::string, Date, std::int64_t>;

struct List {
  int number = 0;                    // 1..11
  std::string sheet;                 // sheet name (<= 31 characters, as Excel requires)
  std::vector<std::string> headers;  // the template's header text, in order
  std::vector<std::vector<Cell>> rows;
};

struct AnnexA {
  Date inspection;  // the inspection date ("as of")
  Date from;        // start of the six-month lookback: inspection - 6 months + 1 day
  std::vector<List> lists;  // lists 1..11, in order
};

// The header row of list n (1..11), exactly as the January 2024 template has it.
// Empty for any other n.
const std::vector<std::string>& list_headers(int n);

// Projects the 11 lists for an inspection on `inspection` for council la
// (3-digit or E-code; "" when the database holds one council). Errors: the
// database cannot be read, or la names no council in it.
Result<AnnexA> project_annex_a(store::Database& db, Date inspection, const std::string& la);

// Writes the workbook to path (replacing it). Errors name the path.
Status write_annex_a_xlsx(const AnnexA& annex, const std::string& path);

}  // namespace kith::returns::annex_a
