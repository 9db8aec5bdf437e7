// Reading the SSDA903 XML form ("Expanded SSDA903 Return 2021", root
// <EXPSSDA903>, data/spec/ssda903/ssda903_xml_schema_2021.xsd) into the same
// columnar tables the CSV reader builds, so every rule runs unchanged.
//
// One <CHILD> holds a <HEADER> and its <EPISODE>s. The HEADER carries what the
// CSV form spreads over tables: Header (CHILDID is CHILD), UASC (a row when
// HEADER/UASC is 1 or DUC is given), AD1 (a row when any of DATE_INT ...
// LS_ADOPTR is given), OC3 (when any of IN_TOUCH, ACTIV, ACCOM is given), one
// row per AMISSING (Missing), AREVIEW (Reviews) and AD_PLACED (PlacedAdoption),
// PERMANENCE (PrevPerm) and OC2; each row takes CHILD, SEX and DOB from the
// HEADER. EPISODE's PL is the column PLACE. The 2021 form has no social-worker
// episodes or DoLo (as the reference reader: those tables are CSV only).
// Values are normalised as the CSV reader does: upper-cased, "" is null.
// Header also gets UASC as the HEADER gives it (the CSV form derives it), and
// the current year's file sets the return's Metadata::format to kXml.
//
// Bad input never crashes and never loads half a file: a DOCTYPE (entity
// bombs), malformed or truncated XML, or a root other than <EXPSSDA903> is
// refused with a message naming file and line. Schema violations do not stop
// the load: they come back beside the tables, so the rules still report on the rest.
//
// Thread-safety: reentrant (libxml2 is initialised once, thread-safely).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/result.h"
#include "returns/ssda903/table.h"

namespace kith::returns::ssda903 {

// The XSD's file name in <data>/spec/ssda903/.
inline constexpr const char* kXmlSchemaFile = "ssda903_xml_schema_2021.xsd";

// The tables the XML form carries, in the catalogue's order (SWEpisodes and DoLo are not among them).
const std::vector<std::string_view>& xml_tables();

// Adds the XML form's tables, named <Table><suffix> ("" or "_last"), to into, every one of
// them even when empty. name is the file name used in messages; schema_path the XSD ("" skips
// the check). Returns the schema violations ("<name> line N: what is wrong"); invalid when the
// file cannot be read as an SSDA903 XML file, or a table of that name is already in into.
Result<std::vector<std::string>> add_xml(std::string_view xml, const std::string& name, const std::string& schema_path,
                                         const std::string& suffix, Return903& into);

// Reads the file, then add_xml; io error when it cannot be read.
Result<std::vector<std::string>> add_xml_file(const std::string& path, const std::string& schema_path, const std::string& suffix,
                                              Return903& into);

// True when path names an XML file (a regular file whose extension is .xml, any case): how the
// readers and commands tell the XML form from a folder of CSV files.
bool is_xml_file(const std::string& path);

}  // namespace kith::returns::ssda903
