// Loading a council's statutory returns from its previous system into the
// case record (the migration path): SSDA903 CSV folders (a year and,
// optionally, the year before) and CIN census XML. Each load is one
// transaction with one audit entry; bad input is refused whole with an error
// naming the file, line (or row) and column. Fields the case record does not
// otherwise hold are kept in return_field and the migration 0006 tables, so
// that exporting the same year gives back the same returns.
//
// Thread-safety: writes through the Database it is given (one thread at a time).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/result.h"
#include "returns/projection/collection_year.h"
#include "store/audit_trail.h"
#include "store/database.h"

namespace kith::returns::import {

struct ImportSummary {
  std::int64_t people = 0;          // persons created
  std::int64_t records = 0;         // rows written to the case record, all tables
  std::vector<std::string> warnings;  // e.g. a byte-order mark, a value the record cannot keep
};

struct Import903Options {
  std::string dir;           // the year's CSV files, or its SSDA903 XML file (*.xml)
  std::string previous_dir;  // the previous year's (folder or *.xml); optional
  projection::CollectionYear year;
  std::string xml_schema;    // the SSDA903 XSD an XML file is checked against ("" skips the check)
};

// Loads the 903 files into the case record. Children are matched to persons
// already in the record by LAchildID (e.g. from a CIN import), else created.
// An XML file is read straight into the tables the CSV reader builds (one import
// path after reading); one that breaks the schema is refused, and messages name
// the XML file and the line of the row's element.
Result<ImportSummary> import_903(store::Database& db, const store::WriteContext& ctx, const Import903Options& options);

// Loads a CIN census file (checked against the XSD at schema_path first: a file
// breaking the schema is refused with the schema errors in the message).
Result<ImportSummary> import_cin(store::Database& db, const store::WriteContext& ctx, const std::string& file,
                                 const std::string& schema_path);

}  // namespace kith::returns::import
