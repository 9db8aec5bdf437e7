// Reading a CIN census XML file into the flattened tables (cin_table.h),
// with the file checked against the collection year's XSD.
//
// Bad input never crashes and never loads half a file: unreadable,
// truncated or malformed XML, a DOCTYPE (entity bombs), or a root other
// than <Message> is refused with a message naming file, line and element.
// Schema violations do not stop the load: they come back as messages beside
// the tables, so the rules can still report on the rest of the file.
//
// Thread-safety: reentrant (libxml2 is initialised once, thread-safely).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/result.h"
#include "returns/cin/cin_table.h"

namespace kith::returns::cin {

struct CinFile {
  CinReturn data;
  std::vector<std::string> schema_errors;  // "file line N: element X: what is wrong"
};

// schema_path: the XSD to validate against; empty skips validation.
Result<CinFile> parse_cin_xml(std::string_view xml, const std::string& name, const std::string& schema_path);

// Reads the file, then parse_cin_xml; io error when it cannot be read.
Result<CinFile> read_cin_file(const std::string& path, const std::string& schema_path);

}  // namespace kith::returns::cin
