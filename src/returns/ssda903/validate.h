// Validating an SSDA903 return: run every rule of a rule set over the table
// model and turn the flagged rows into findings (rule, table, row, child,
// message from the catalogue).
//
// Thread-safety: validate() reads the return (see table.h), on two threads for a large
// return (the caller's and one it starts and joins); the Catalogue is immutable.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/result.h"
#include "returns/finding.h"
#include "returns/ssda903/code_lists.h"
#include "returns/ssda903/rule.h"
#include "returns/ssda903/table.h"

namespace kith::returns::ssda903 {

// The DfE catalogue the product ships in data/spec/ssda903: rules and messages per rule set, code lists.
struct Catalogue {
  std::map<std::string, std::string> messages[2];  // [0] lac2025_26, [1] lac2026_27: rule -> message
  CodeLists codes;

  // Loads rules.csv and codelists.csv from a folder (e.g. data/spec/ssda903).
  static Result<Catalogue> load(const std::string& dir);
  const std::map<std::string, std::string>& rules_of(RuleSet set) const { return messages[set == kLac2026_27 ? 1 : 0]; }
};

// The rule set of a collection year ending in March of `year` (2026 -> lac2025_26); nullopt when not supported.
std::optional<RuleSet> rule_set_for_year(int year);

// Runs one rule; the flags are finished (sorted, unique).
Flags run_rule(const Rule& rule, const Return903& r, RuleSet set, const CodeLists& codes);

// Runs every registered rule of the rule set (on two threads when the return has 5,000 rows
// or more); findings ordered by rule, table, row, the same whatever the threads did.
// Their messages point into the catalogue, which must outlive them.
std::vector<Finding> validate(const Return903& r, RuleSet set, const Catalogue& catalogue);

}  // namespace kith::returns::ssda903
