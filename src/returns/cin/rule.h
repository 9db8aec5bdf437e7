// What a CIN census rule is: a DfE code and a check over the flattened
// tables that flags cells (table, column, row) or the return as a whole.
// Rules live one family per file in src/returns/cin/rules/ and are listed in
// rule_registry.cpp (explicit lists: self-registration would be dropped by
// the linker from the static library).
//
// Thread-safety: checks are pure functions of the census; a Flags is per call.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/date.h"
#include "returns/cin/cin_table.h"

namespace kith::returns::cin {

// The census a rule reads: the tables and the collection period.
struct Census {
  const CinReturn& data;
  Date reference_date;  // 31 March that ends the collection year
  Date period_start;    // the day after reference_date minus one year

  const Table& table(std::string_view name) const { return data.table(name); }
  bool in_period(Date d) const { return d >= period_start && d <= reference_date; }
};

// A flagged cell; row < 0 marks a return-level (whole-LA) finding.
struct Flag {
  std::string_view table;
  std::string_view column;
  long long row;
};

// Collects what one rule flags.
class Flags {
 public:
  void cell(std::string_view table, std::string_view column, std::size_t row) { flags_.push_back({table, column, (long long)row}); }
  void cells(std::string_view table, std::initializer_list<std::string_view> columns, std::size_t row) {
    for (auto c : columns) cell(table, c, row);
  }
  void whole_return(std::string_view table, std::string_view column) { flags_.push_back({table, column, -1}); }
  const std::vector<Flag>& all() const { return flags_; }

 private:
  std::vector<Flag> flags_;
};

using RuleCheck = void (*)(const Census&, Flags&);

struct Rule {
  std::string_view code;  // as in rules.csv, e.g. "8500", "2886Q"
  RuleCheck check;
};

// Every implemented rule of the cin2025_26 rule set, in catalogue order.
std::span<const Rule> cin_rules();

}  // namespace kith::returns::cin
