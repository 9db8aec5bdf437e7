// libFuzzer target: the CIN census reader's in-memory entry point,
// kith::returns::cin::parse_cin_xml (src/returns/cin/cin_reader.h): libxml2 parse
// (DOCTYPE refused), flattening into the census tables and, when the build passes
// KITH_FUZZ_CIN_XSD (run.sh passes data/spec/cin/CIN_schema_2025_26.xsd), the XSD
// check, exactly as `kith validate cin` calls it. Every cell of the result is then
// read as text, date and list, as the rules do.
//
// libxml2 itself is Debian's uninstrumented build: the fuzzer is guided by Kith's
// code only, and ASan checks libxml2's heap use only through malloc/free.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "returns/cin/cin_reader.h"

#ifndef KITH_FUZZ_CIN_XSD
#define KITH_FUZZ_CIN_XSD ""
#endif

namespace cin = kith::returns::cin;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view xml(reinterpret_cast<const char*>(data), size);
  auto file = cin::parse_cin_xml(xml, "fuzz.xml", KITH_FUZZ_CIN_XSD);
  if (!file) {
    // The XSD must load, or the target would silently stop checking schemas.
    const std::string& m = file.status().message();
    if (m.rfind("cannot open the CIN census schema", 0) == 0 || m.rfind("cannot read the CIN census schema", 0) == 0) {
      fprintf(stderr, "fuzz_cin_xml: %s\n", file.status().message().c_str());
      std::abort();
    }
    return 0;
  }
  volatile std::size_t sink = file->schema_errors.size();
  for (const auto& [name, columns] : cin::census_tables()) {
    const cin::Table& t = file->data.table(name);
    for (const std::string& column : columns) {
      const cin::Column& c = t.col(column);
      for (std::size_t row = 0; row < t.rows(); ++row) {
        if (auto text = c.text(row)) sink = sink + text->size();
        if (auto date = c.date(row)) sink = sink + std::size_t(date->year());
        sink = sink + c.list(row).size() + c.is_null(row);
      }
    }
  }
  (void)file->data.reference_date(kith::Date::ymd(2026, 3, 31));
  return 0;
}
