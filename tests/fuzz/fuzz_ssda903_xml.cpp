// libFuzzer target: the SSDA903 XML reader's in-memory entry point,
// kith::returns::ssda903::add_xml (src/returns/ssda903/xml_reader.h): libxml2 parse
// (DOCTYPE refused), the XSD check (run.sh passes data/spec/ssda903/ssda903_xml_schema_2021.xsd
// as KITH_FUZZ_903_XSD) and the mapping into the 903 tables, exactly as
// `kith validate 903 FILE.xml` calls it. On success it runs what read_return runs next
// (postcodes_in, add_derived_fields with an empty postcode index), reads every cell
// as a date and a number as the rules do, and writes the tables back in the XML form
// (xml_writer.h to_xml), which must not fail on anything but its documented refusals.
//
// Invariants checked (a trap, so libFuzzer reports them):
//   - every column of every table has one cell per row;
//   - when the file passes the XSD and to_xml accepts the tables, reading its output
//     back gives the same number of rows in every table.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "returns/ssda903/derived.h"
#include "returns/ssda903/xml_reader.h"
#include "returns/ssda903/xml_writer.h"
#include "ssda903_cells.h"

#ifndef KITH_FUZZ_903_XSD
#define KITH_FUZZ_903_XSD ""
#endif

namespace s903 = kith::returns::ssda903;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view xml(reinterpret_cast<const char*>(data), size);
  s903::Return903 r;
  r.metadata = s903::metadata_for_year(2026, "E08000003");
  auto schema_errors = s903::add_xml(xml, "fuzz.xml", KITH_FUZZ_903_XSD, "", r);
  if (!schema_errors) {
    // The XSD must load, or the target would silently stop checking schemas.
    const std::string& m = schema_errors.status().message();
    if (m.rfind("cannot open the SSDA903 schema", 0) == 0 || m.rfind("cannot read the SSDA903 schema", 0) == 0) {
      fprintf(stderr, "fuzz_ssda903_xml: %s\n", schema_errors.status().message().c_str());
      std::abort();
    }
    return 0;
  }
  auto written = s903::to_xml(r);  // before the derived columns, as the export calls it

  kith::fuzz::derive_and_read_every_cell(r);

  if (schema_errors->empty() && written) {
    s903::Return903 back;
    auto again = s903::add_xml(written->xml, "written.xml", "", "", back);
    if (!again) __builtin_trap();  // the writer's own output must read back
    for (std::string_view name : s903::xml_tables())
      if (back.table(name)->rows() != r.table(name)->rows()) __builtin_trap();
  }
  return 0;
}
