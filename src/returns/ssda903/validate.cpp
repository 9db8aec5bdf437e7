#include "returns/ssda903/validate.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

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

// Below this many rows in all tables a second thread costs more than it saves (a record check
// of one child, a vector).
constexpr std::size_t kRowsWorthASecondThread = 5000;

std::size_t rows_in(const Return903& r) {
  std::size_t n = 0;
  for (const auto& name : r.table_names()) n += r.table(name)->rows();
  return n;
}

// Every rule's flags, in the rules' order. The rules only read the return (its lazy caches
// are filled under locks, table.h), so on a large return two threads take rules in turn
// from a shared counter; the flags land in their rule's slot, so the result does not
// depend on which thread ran what.
std::vector<Flags> run_rules(const std::vector<const Rule*>& rules, const Return903& r, RuleSet set, const CodeLists& codes) {
  std::vector<Flags> flags(rules.size());
  std::atomic<std::size_t> next{0};
  std::exception_ptr failed;  // written by the helper thread only, read after join
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < rules.size();) flags[i] = run_rule(*rules[i], r, set, codes);
  };
  if (rows_in(r) < kRowsWorthASecondThread || std::thread::hardware_concurrency() < 2) {
    work();
    return flags;
  }
  std::thread helper([&] {
    try {
      work();
    } catch (...) {
      failed = std::current_exception();
    }
  });
  try {
    work();
  } catch (...) {
    next.store(rules.size());  // stop the helper early, then pass the error on
    helper.join();
    throw;
  }
  helper.join();
  if (failed) std::rethrow_exception(failed);
  return flags;
}

}  // namespace

std::vector<Finding> validate(const Return903& r, RuleSet set, const Catalogue& catalogue) {
  const std::vector<const Rule*> rules = rules_in_code_order(set);
  // First every rule's flags, so the findings are allocated once.
  const std::vector<Flags> flags = run_rules(rules, r, set, catalogue.codes);
  std::size_t total = 0;
  for (const Flags& f : flags)
    for (const auto& [table, rows] : f.rows()) total += rows.size();
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
