// Date-validity rules: a date field must be a real dd/mm/YYYY date (the
// reference parses with strptime, so "01/01/19" and "38/04/2019" fail).
#include "returns/ssda903/rules/helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

struct DateRule {
  const char* code;
  unsigned sets;
  const char* table;
  const char* field;
  bool blank_is_error;
};

constexpr DateRule kDateRules[] = {
    {"102", kBothRuleSets, "Header", "DOB", true},
    {"112", kBothRuleSets, "AD1", "DATE_INT", false},
    {"113", kBothRuleSets, "AD1", "DATE_MATCH", false},
    {"115", kBothRuleSets, "PlacedAdoption", "DATE_PLACED", false},
    {"116", kBothRuleSets, "PlacedAdoption", "DATE_PLACED_CEASED", false},
    {"141", kBothRuleSets, "Episodes", "DECOM", false},
    {"147", kBothRuleSets, "Episodes", "DEC", false},
    {"166", kBothRuleSets, "Reviews", "REVIEW", true},
    {"171", kBothRuleSets, "Header", "MC_DOB", false},
    {"1004", kBothRuleSets, "Missing", "MIS_START", true},
    {"1005", kBothRuleSets, "Missing", "MIS_END", false},
    {"700", kLac2026_27, "DoLo", "DOLO_START", true},
    {"701", kLac2026_27, "DoLo", "DOLO_END", false},
};

void check_date(const DateRule& rule, const RuleInput& in, Flags& out) {
  const Table* t = with_columns(in, rule.table, {rule.field});
  if (!t) return;
  out.checked(*t);
  const Column& c = col(*t, rule.field);
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (c.null(i) ? rule.blank_is_error : c.date(i) == kNoDate) out.add(*t, i);
}

[[maybe_unused]] const bool kRegistered = [] {
  for (const DateRule& rule : kDateRules)
    register_rule({rule.code, rule.sets, [&rule](const RuleInput& in, Flags& out) { check_date(rule, in, out); }});
  return true;
}();

// The social-worker dates allow the DfE's "ZZ/ZZ/ZZZZ"-style placeholders for unknown parts.
bool sw_date_ok(const Column& c, std::size_t i) {
  if (c.null(i) || c.date(i) != kNoDate) return true;
  std::string_view s = c[i];
  if (s.size() != 10 || s[2] != '/' || s[5] != '/') return false;
  for (std::size_t k : {0, 1, 3, 4, 6, 7, 8, 9})
    if (!(s[k] == 'Z' || (s[k] >= '0' && s[k] <= '9'))) return false;
  return true;
}

void check_sw_date(const char* field, const RuleInput& in, Flags& out) {
  const Table* t = with_columns(in, "SWEpisodes", {field});
  if (!t) return;
  out.checked(*t);
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (!sw_date_ok(col(*t, field), i)) out.add(*t, i);
}

KITH_903_RULE("SW04STG1", kBothRuleSets) { check_sw_date("SW_DECOM", in, out); }
KITH_903_RULE("SW05STG1", kBothRuleSets) { check_sw_date("SW_DEC", in, out); }

// UASC status cannot have ceased before the collection year began.
KITH_903_RULE("104", kBothRuleSets) {
  const Table* t = with_columns(in, "UASC", {"DUC"});
  if (!t) return;
  const Column& duc = col(*t, "DUC");
  for (std::size_t i = 0; i < t->rows(); ++i) {
    if (duc.null(i)) continue;
    Day d = duc.date(i);
    if (d == kNoDate || (in.meta().collection_start && d < *in.meta().collection_start)) out.add(*t, i);
  }
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
