// The SSDA903 return as a projection of the case record: for a collection
// year, the tables the DfE collects (Header, Episodes, Reviews, UASC, OC2,
// OC3, AD1, PlacedAdoption, PrevPerm, Missing, SWEpisodes and, from 2026/27,
// DoLo), with the columns of data/spec/ssda903/columns.csv, as CSV files the
// SSDA903 reader reads back. Who is in which table follows the DfE guidance
// (see docs/RETURNS_903.md, "Export").
//
// Thread-safety: reads the Database it is given (one thread at a time, as
// every Database); the returned value is plain data.
#pragma once

#include <string>
#include <vector>

#include "model/result.h"
#include "returns/projection/collection_year.h"
#include "store/database.h"

namespace kith::returns::projection {

// One table of the return: column names in file order and rows of cells ("" = blank).
struct CsvTable {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

struct Return903Files {
  std::vector<CsvTable> tables;  // every table of the year, empty ones included
  const CsvTable* table(const std::string& name) const;
};

// Projects the case record into the 903 tables of `year` for the council whose
// E-code is la ("" when the database holds one council; see council_people).
// Errors: a database error, or an la the database does not hold.
Result<Return903Files> project_903(store::Database& db, CollectionYear year, const std::string& la);

// The same projection for a chosen set of people (one child when a practitioner
// saves, a team's children for its data-quality page): people.covers() picks them.
Result<Return903Files> project_903_people(store::Database& db, CollectionYear year, const CouncilPeople& people);

// The table as CSV text (header line, CRLF-free, cells quoted only when needed).
std::string to_csv(const CsvTable& table);

// Writes <dir>/<Table>.csv for every table, creating dir. Io error naming the file.
Status write_903(const Return903Files& files, const std::string& dir);

}  // namespace kith::returns::projection
