// Reading an SSDA903 return from a folder of CSV files, as the reference
// importer does: each file's table is recognised by the exact set of its header
// names (file names do not matter), every value is upper-cased and "" is null.
// A return may also be one file in the XML form (xml_reader.h), read into the
// same tables. Errors name the file, line and field; nothing in a file can crash the reader.
//
// Thread-safety: reentrant.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/result.h"
#include "returns/ssda903/table.h"

namespace kith::returns::ssda903 {

// Adds one CSV file's text to the return as table <name><suffix> ("" or "_last"),
// recognising the table among those of the collection year (ending March `year`).
// name is the file name used in messages. Warnings (e.g. a byte-order mark) are appended.
// A current-year file sets the return's Metadata::format to kCsv.
Status add_csv(std::string_view text, const std::string& name, int year, const std::string& suffix, Return903& into,
               std::vector<std::string>& warnings);

// Adds every *.csv file of a folder; two files of the same table are an error.
Status add_folder(const std::string& dir, int year, const std::string& suffix, Return903& into, std::vector<std::string>& warnings);

struct ReadOptions {
  std::string dir;           // the current year's CSV files, or its XML file (*.xml)
  std::string previous_dir;  // the previous year's (folder or *.xml), read as "<table>_last"; optional
  std::string data_dir;      // Kith's data/ (postcodes, LA lookup)
  int year = 0;              // collection year ending in March, e.g. 2026 for 2025/26
  std::string local_authority;  // the submitting LA's E-code
  // XML input: where the XSD violations go (the rules still run on what was read); when
  // null, an XML file that breaks the schema is refused (invalid, naming the first violations).
  std::vector<std::string>* schema_errors = nullptr;
};

// Reads a whole return: both folders (or XML files), metadata for the year, and the
// derived fields (loading only the postcodes the return mentions).
Result<Return903> read_return(const ReadOptions& options, std::vector<std::string>& warnings);

}  // namespace kith::returns::ssda903
