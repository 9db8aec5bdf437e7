#include "returns/ssda903/validate.h"

#include <algorithm>
#include <tuple>

#include "io/csv.h"

namespace kith::returns::ssda903 {

Result<Catalogue> Catalogue::load(const std::string& dir) {
  Catalogue c;
  auto codes = CodeLists::load(dir + "/codelists.csv");
  if (!codes) return codes.status();
  c.codes = std::move(*codes);
  auto rules = io::read_csv(dir + "/rules.csv");
  if (!rules) return rules.status();
  auto set = rules->column("ruleset"), rule = rules->column("rule"), message = rules->column("message");
  if (!set || !rule || !message) return Status::invalid(dir + "/rules.csv: not an SSDA903 rules.csv (needs ruleset, rule, message)");
  for (const auto& row : rules->rows) {
    if (row[*set] == "lac2025_26") c.messages[0][row[*rule]] = row[*message];
    if (row[*set] == "lac2026_27") c.messages[1][row[*rule]] = row[*message];
  }
  return c;
}

std::optional<RuleSet> rule_set_for_year(int year) {
  if (year == 2026) return kLac2025_26;
  if (year == 2027) return kLac2026_27;
  return std::nullopt;
}

Flags run_rule(const Rule& rule, const Return903& r, RuleSet set, const CodeLists& codes) {
  Flags flags;
  rule.check(RuleInput{r, set, codes}, flags);
  flags.finish();
  return flags;
}

std::vector<Finding> validate(const Return903& r, RuleSet set, const Catalogue& catalogue) {
  std::vector<Finding> findings;
  const auto& messages = catalogue.rules_of(set);
  for (const Rule& rule : registered_rules()) {
    if (!(rule.sets & set)) continue;
    auto message = messages.find(rule.code);
    Flags flags = run_rule(rule, r, set, catalogue.codes);
    for (const auto& [table_name, rows] : flags.rows()) {
      const Table* table = r.table(table_name);
      const Column* child = table ? table->column("CHILD") : nullptr;
      for (int row : rows) {
        Finding f;
        f.rule = rule.code;
        f.table = table_name;
        f.row = row;
        if (child && std::size_t(row) < child->size()) f.child = std::string((*child)[std::size_t(row)]);
        if (message != messages.end()) f.message = message->second;
        // The catalogue marks its advisory rules (e.g. EPI) "WARNING:"; they do not fail a return.
        if (f.message.starts_with("WARNING")) f.severity = Severity::kQuery;
        findings.push_back(std::move(f));
      }
    }
  }
  // Registration order follows link order; sort so output is the same on every build.
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.rule, a.table, a.row) < std::tie(b.rule, b.table, b.row);
  });
  return findings;
}

}  // namespace kith::returns::ssda903
