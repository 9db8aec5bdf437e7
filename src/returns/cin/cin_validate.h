// Validating a CIN census: every implemented rule of the collection year's
// rule set over the flattened tables, as findings (returns/finding.h) with
// the rule's type and message from the catalogue (data/spec/cin/rules.csv).
//
// Thread-safety: pure functions; a RuleCatalogue is read-only once loaded.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/date.h"
#include "model/result.h"
#include "returns/cin/cin_table.h"
#include "returns/finding.h"

namespace kith::returns::cin {

// A census collection year Kith validates; both use rule set cin2025_26
// (identical to cin2024_25) with their own XSD.
struct CollectionYear {
  std::string label;       // "2025/26"
  Date reference_date;     // 31 March 2026
  std::string schema_file; // "CIN_schema_2025_26.xsd", in the spec folder
};
std::optional<CollectionYear> collection_year(std::string_view label);

struct RuleInfo {
  std::string code;
  Severity severity = Severity::kError;
  std::string module;   // the table the rule reports against
  std::string message;
};

struct RuleCatalogue {
  std::vector<RuleInfo> rules;  // rules.csv order
  const RuleInfo* find(std::string_view code) const;
};

// The spec folder (rules.csv and the XSDs): <data_dir>/spec/cin when a data
// folder is given, else $KITH_DATA_DIR/spec/cin, else data/spec/cin beside or
// above the running binary or the working directory. Empty when none is found.
std::string find_cin_spec_dir(const std::string& data_dir = {});

// Reads rules.csv from the spec folder.
Result<RuleCatalogue> load_rule_catalogue(const std::string& spec_dir);

// Runs every implemented rule; findings are sorted by rule, table, row, column.
// Their messages point into the catalogue, which must outlive them.
std::vector<Finding> validate_census(const CinReturn& census, const RuleCatalogue& catalogue, const CollectionYear& year);

// Runs one rule; nullopt when the rule is not implemented.
std::optional<std::vector<Finding>> run_rule(std::string_view code, const CinReturn& census, const RuleCatalogue& catalogue,
                                             const CollectionYear& year);

}  // namespace kith::returns::cin
