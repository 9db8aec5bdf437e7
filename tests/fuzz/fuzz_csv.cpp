// libFuzzer target: kith::io::parse_csv (src/io/csv.h) on arbitrary bytes.
//
// Besides "never crashes", it checks what the reader promises: a parsed file has
// one line number per row, increasing; without allow_ragged every row has the
// header's width; and writing the parsed file back with csv_field and parsing it
// again gives the same header and rows; and io::is_utf8 agrees with a reference
// RFC 3629 decoder (no overlong forms, surrogates or code points above U+10FFFF).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "io/csv.h"

namespace {

void check(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "fuzz_csv: invariant broken: %s\n", what);
    std::abort();
  }
}

// A plain reference decoder (RFC 3629) to check io::is_utf8 against: values the reader
// accepts must be UTF-8 that nlohmann::json will write (kith validate --format json).
bool reference_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 0 : c < 0xC0 ? 9 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : c < 0xF8 ? 3 : 9;
    if (n == 9 || i + n >= s.size() + (n == 0)) return false;
    std::uint32_t cp = n == 0 ? c : c & (0x3F >> n);
    for (std::size_t k = 1; k <= n; ++k) {
      unsigned b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = cp << 6 | (b & 0x3F);
    }
    static const std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

std::string write_back(const kith::io::CsvFile& f) {
  std::string out = "\xEF\xBB\xBF";  // a header field may itself start with a BOM; parse_csv strips exactly one
  auto line = [&](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + kith::io::csv_field(fields[i]);
    out += "\r\n";
  };
  line(f.header);
  for (const auto& row : f.rows) line(row);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string name = "fuzz.csv";

  check(kith::io::is_utf8(text) == reference_utf8(text), "is_utf8 agrees with an RFC 3629 decoder");
  auto strict = kith::io::parse_csv(text, name);
  if (strict) {
    check(strict->rows.size() == strict->lines.size(), "one line number per row");
    for (std::size_t r = 0; r < strict->rows.size(); ++r) {
      check(strict->rows[r].size() == strict->header.size(), "row width equals header width");
      check(strict->lines[r] >= 2 && (r == 0 || strict->lines[r] > strict->lines[r - 1]), "row lines increase");
    }
    auto again = kith::io::parse_csv(write_back(*strict), name);
    check(bool(again), "written-back CSV parses");
    check(again->header == strict->header, "round trip keeps the header");
    check(again->rows == strict->rows, "round trip keeps the rows");
  } else {
    check(!strict.status().message().empty(), "an error has a message");
  }

  // The lenient options other callers use: ragged rows, small fields.
  kith::io::CsvOptions lenient;
  lenient.allow_ragged = true;
  lenient.max_field_bytes = 16;
  auto loose = kith::io::parse_csv(text, name, lenient);
  if (loose) {
    check(loose->rows.size() == loose->lines.size(), "one line number per row (ragged)");
    for (const auto& row : loose->rows)
      for (const auto& field : row) check(field.size() <= 16, "max_field_bytes is enforced");
  }
  return 0;
}
