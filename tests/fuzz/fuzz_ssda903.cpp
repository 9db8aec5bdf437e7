// libFuzzer target: the SSDA903 reader (src/returns/ssda903/reader.h) on a
// "folder" held in memory, through add_csv, the function add_folder calls for
// each file's text (the in-memory entry point; no temp files).
//
// Input layout:
//   byte 0          collection year = 2024 + byte % 4 (2024/25 ... 2026/27 rules: SWEpisodes
//                   from 2024, DoLo from 2027), so '2' (0x32) is 2026, i.e. 2025/26
//   then            the files' CSV texts separated by NUL bytes; an empty file (two NULs in
//                   a row) switches to the previous year's folder (tables "<name>_last",
//                   year - 1), as --previous does
// Like add_folder, reading stops at the first file in error. On success it runs what
// read_return runs next (postcodes_in, add_derived_fields with an empty postcode
// index) and reads every cell as a date and as a number, as the rules do.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "returns/ssda903/derived.h"
#include "returns/ssda903/reader.h"
#include "ssda903_cells.h"

namespace s903 = kith::returns::ssda903;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const int year = 2024 + data[0] % 4;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);

  s903::Return903 r;
  r.metadata = s903::metadata_for_year(year, "E08000003");
  std::vector<std::string> warnings;
  std::string suffix;
  int file_year = year;
  int n = 0;
  for (;;) {
    std::size_t end = rest.find('\0');
    std::string_view text = rest.substr(0, end);
    if (text.empty() && end != std::string_view::npos) {
      suffix = "_last";
      file_year = year - 1;
    } else if (!text.empty()) {
      std::string name = "file" + std::to_string(++n) + ".csv";
      if (!s903::add_csv(text, name, file_year, suffix, r, warnings)) return 0;
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }

  kith::fuzz::derive_and_read_every_cell(r);
  return 0;
}
