#include "returns/ssda903/validate.h"

#include <algorithm>

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

namespace {

// The rules of a set in code order, so findings come out ordered by rule without sorting
// them (registration order follows link order, which differs between builds).
std::vector<const Rule*> rules_in_code_order(RuleSet set) {
  std::vector<const Rule*> rules;
  for (const Rule& rule : registered_rules())
    if (rule.sets & set) rules.push_back(&rule);
  std::sort(rules.begin(), rules.end(), [](const Rule* a, const Rule* b) { return a->code < b->code; });
  return rules;
}

void add_findings(const Rule& rule, const Flags& flags, const Return903& r, std::string_view message,
                  std::vector<Finding>& findings) {
  // The catalogue marks its advisory rules (e.g. EPI) "WARNING:"; they do not fail a return.
  const Severity severity = message.starts_with("WARNING") ? Severity::kQuery : Severity::kError;
  for (const auto& [table_name, rows] : flags.rows()) {  // tables by name, rows ascending
    const Table* table = r.table(table_name);
    const Column* child = table ? table->column("CHILD") : nullptr;
    for (int row : rows) {
      Finding& f = findings.emplace_back();
      f.rule = rule.code;
      f.table = table_name;
      f.row = row;
      if (child && std::size_t(row) < child->size()) f.child = std::string((*child)[std::size_t(row)]);
      f.severity = severity;
      f.message = message;
    }
  }
}

}  // namespace

std::vector<Finding> validate(const Return903& r, RuleSet set, const Catalogue& catalogue) {
  const std::vector<const Rule*> rules = rules_in_code_order(set);
  std::vector<Flags> flags;  // first every rule's flags, so the findings are allocated once
  flags.reserve(rules.size());
  std::size_t total = 0;
  for (const Rule* rule : rules) {
    flags.push_back(run_rule(*rule, r, set, catalogue.codes));
    for (const auto& [table, rows] : flags.back().rows()) total += rows.size();
  }
  std::vector<Finding> findings;
  findings.reserve(total);
  const auto& messages = catalogue.rules_of(set);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    auto message = messages.find(rules[i]->code);
    add_findings(*rules[i], flags[i], r, message != messages.end() ? std::string_view(message->second) : std::string_view(), findings);
  }
  return findings;
}

}  // namespace kith::returns::ssda903
