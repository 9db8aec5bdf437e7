#include "returns/ssda903/code_lists.h"

#include "io/csv.h"

namespace kith::returns::ssda903 {

Result<CodeLists> CodeLists::load(const std::string& path) {
  auto csv = io::read_csv(path);
  if (!csv) return csv.status();
  auto field = csv->column("field"), code = csv->column("code"), v26 = csv->column("valid_2025_26"), v27 = csv->column("valid_2026_27");
  if (!field || !code || !v26 || !v27) return Status::invalid(path + ": not an SSDA903 codelists.csv (needs field, code, valid_2025_26, valid_2026_27)");
  CodeLists lists;
  for (const auto& row : csv->rows) {
    unsigned bits = (row[*v26] == "Y" ? 1u : 0u) | (row[*v27] == "Y" ? 2u : 0u);
    lists.codes_[row[*field]][row[*code]] |= bits;
  }
  return lists;
}

bool CodeLists::valid(std::string_view field, std::string_view code, int year) const {
  auto f = codes_.find(field);
  if (f == codes_.end()) return false;
  auto c = f->second.find(code);
  return c != f->second.end() && (c->second & (year >= 2027 ? 2u : 1u));
}

}  // namespace kith::returns::ssda903
