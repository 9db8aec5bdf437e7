// The SSDA903 code lists (data/spec/ssda903/codelists.csv): the valid codes
// of every coded field, for the 2025/26 and 2026/27 collections.
//
// Thread-safety: immutable once loaded.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "model/result.h"

namespace kith::returns::ssda903 {

class CodeLists {
 public:
  // Loads codelists.csv; invalid when the file is missing or malformed.
  static Result<CodeLists> load(const std::string& path);

  // True when code is valid for field (e.g. "PLACE") in the 2025/26 (year 2026)
  // or 2026/27 (2027) collection.
  bool valid(std::string_view field, std::string_view code, int year) const;
  // True when the field has a code list at all.
  bool has(std::string_view field) const { return codes_.count(std::string(field)) > 0; }

 private:
  // field -> code -> bit 1: valid 2025/26, bit 2: valid 2026/27
  std::map<std::string, std::map<std::string, unsigned, std::less<>>, std::less<>> codes_;
};

}  // namespace kith::returns::ssda903
