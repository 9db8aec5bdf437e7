// An SSDA903 validation rule: its DfE code, the rule sets it belongs to and a
// check over the return that flags 0-based rows per table. Each rules/*.cpp
// file registers its rules with KITH_903_RULE (or register_rule for a family),
// so adding a rule means adding a file or a block; no shared list to edit.
//
// Thread-safety: rules register during static initialisation; afterwards the
// registry is read-only. A check only reads the return.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "returns/ssda903/code_lists.h"
#include "returns/ssda903/table.h"

namespace kith::returns::ssda903 {

// The DfE rule sets, named after the reference validator's folders.
enum RuleSet : unsigned { kLac2025_26 = 1u, kLac2026_27 = 2u };
inline constexpr unsigned kBothRuleSets = kLac2025_26 | kLac2026_27;
std::string_view rule_set_name(RuleSet set);  // "lac2025_26"

// What a check reads: the return (its tables and metadata, including the file format,
// Metadata::format) and the code lists of the rule set.
struct RuleInput {
  const Return903& r;
  RuleSet set;
  const CodeLists& codes;

  const Table* table(std::string_view name) const { return r.table(name); }
  const Metadata& meta() const { return r.metadata; }
  // True when code is in the field's code list for this rule set.
  bool valid_code(std::string_view field, std::string_view code) const {
    return codes.valid(field, code, set == kLac2026_27 ? 2027 : 2026);
  }
};

// The rows a check flags, per table; rows are sorted and unique once finished.
class Flags {
 public:
  void add(const Table& table, std::size_t row) { rows_[table.name()].push_back(int(row)); }
  void add(const std::string& table, std::size_t row) { rows_[table].push_back(int(row)); }
  // Marks a table as checked even if nothing is flagged in it.
  void checked(const Table& table) { rows_[table.name()]; }
  void finish();
  const std::map<std::string, std::vector<int>>& rows() const { return rows_; }

 private:
  std::map<std::string, std::vector<int>> rows_;
};

using RuleCheck = std::function<void(const RuleInput&, Flags&)>;

struct Rule {
  std::string code;   // as in the catalogue: "101", "197a", "INT01", "SW01aSTG1"
  unsigned sets = 0;  // RuleSet bits
  RuleCheck check;
};

// Adds a rule to the registry; returns true so it can initialise a static.
bool register_rule(Rule rule);
// Every registered rule, in registration order.
const std::vector<Rule>& registered_rules();
// The rule of a code active in a rule set, or nullptr.
const Rule* find_rule(std::string_view code, RuleSet set);

}  // namespace kith::returns::ssda903

#define KITH_903_CONCAT_(a, b) a##b
#define KITH_903_CONCAT(a, b) KITH_903_CONCAT_(a, b)
// Defines and registers a rule: KITH_903_RULE("101", kBothRuleSets) { ...in, out... }
#define KITH_903_RULE(code, sets)                                                                              \
  static void KITH_903_CONCAT(rule_check_, __LINE__)(const ::kith::returns::ssda903::RuleInput& in,            \
                                                     ::kith::returns::ssda903::Flags& out);                    \
  [[maybe_unused]] static const bool KITH_903_CONCAT(rule_registered_, __LINE__) =                             \
      ::kith::returns::ssda903::register_rule({code, sets, &KITH_903_CONCAT(rule_check_, __LINE__)});          \
  static void KITH_903_CONCAT(rule_check_, __LINE__)([[maybe_unused]] const ::kith::returns::ssda903::RuleInput& in, \
                                                     [[maybe_unused]] ::kith::returns::ssda903::Flags& out)
