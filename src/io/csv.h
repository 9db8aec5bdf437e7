// Reading CSV files as councils send them (RFC 4180: quoted fields, doubled
// quotes, CRLF or LF), with the checks that turn bad files into clear
// messages instead of wrong data: a UTF-8 byte-order mark is skipped and
// reported, text that is not UTF-8 (e.g. Windows-1252) is refused, ragged
// rows and oversized fields are refused, every error names file, line and
// column.
//
// Thread-safety: a CsvFile is a value; read_csv is reentrant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/result.h"

namespace kith::io {

struct CsvOptions {
  std::size_t max_field_bytes = 64 * 1024;  // larger fields are refused as corrupt input
  bool allow_ragged = false;                // rows with a different number of fields than the header
};

struct CsvFile {
  std::string name;                           // for messages: the file's path
  std::vector<std::string> header;            // column names as written (trimmed of a BOM)
  std::vector<std::vector<std::string>> rows; // data rows, header excluded
  std::vector<std::int64_t> lines;            // line number in the file where each row starts (1-based)
  bool had_bom = false;

  // The column's index, or nullopt when the header has no such column.
  std::optional<std::size_t> column(std::string_view name) const;
};

// Parses CSV text. name is used in error messages ("Episodes.csv line 12: ...").
Result<CsvFile> parse_csv(std::string_view text, const std::string& name, const CsvOptions& options = {});

// Reads and parses a CSV file; io error when it cannot be read.
Result<CsvFile> read_csv(const std::string& path, const CsvOptions& options = {});

// True when text is valid UTF-8; otherwise sets *bad_offset to the first bad byte.
bool is_utf8(std::string_view text, std::size_t* bad_offset = nullptr);

// Quotes a field for writing when it holds a comma, quote or line break.
std::string csv_field(std::string_view value);

}  // namespace kith::io
