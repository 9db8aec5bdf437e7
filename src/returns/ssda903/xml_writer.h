// Writing an SSDA903 return's tables in the XML form ("Expanded SSDA903 Return
// 2021", root <EXPSSDA903>), the reverse of xml_reader.h: one <CHILD> per Header
// row, in the Header's order, with the child's rows of the other tables in
// their HEADER (in the XSD's element order) and its Episodes as <EPISODE>s, each
// table's rows in their order. Reading the text back with add_xml gives the same
// tables (cells upper-cased, as from CSV).
//
// The XML form cannot carry everything the CSV tables can; such tables are
// refused, not silently changed: a child named in a table but not in Header,
// a child twice in Header, more than one UASC/AD1/OC3/OC2/PrevPerm row for a
// child, an AD1 or OC3 row with no value, or a row whose DOB (or UASC SEX)
// differs from the Header's. SWEpisodes and DoLo have no element in the 2021
// form: their rows are left out and counted in `left_out`.
//
// The text is not checked against the XSD here: the caller does, before writing
// (untrusted_xml.h validate_text_streaming), e.g. a blank SEX breaks the schema.
//
// Thread-safety: reads the return (one thread at a time, as every Return903).
#pragma once

#include <string>
#include <vector>

#include "model/result.h"
#include "returns/ssda903/table.h"

namespace kith::returns::ssda903 {

struct Xml903 {
  std::string xml;
  std::size_t children = 0;
  std::vector<std::string> left_out;  // e.g. "SWEpisodes: 412 rows (no element in the 2021 XML form)"
};

// The XML form of the current year's tables of r (names without "_last").
// Invalid, naming the table, data row (1-based) and column, when the form cannot carry them (above).
Result<Xml903> to_xml(const Return903& r);

}  // namespace kith::returns::ssda903
