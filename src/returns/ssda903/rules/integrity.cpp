// Cross-table integrity rules (INT01-INT36, EPI): every table's children must
// be in Header with the same date of birth and sex, and one-row-per-child
// tables must not repeat a child.

#include "returns/ssda903/rules/helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

struct TableRule {
  const char* code;
  const char* table;
};

constexpr TableRule kInHeader[] = {{"INT01", "AD1"},    {"INT02", "PlacedAdoption"}, {"INT03", "Episodes"},
                                   {"INT04", "Missing"}, {"INT05", "OC2"},            {"INT06", "OC3"},
                                   {"INT07", "PrevPerm"}, {"INT08", "Reviews"},       {"INT09", "UASC"}};
constexpr TableRule kSameDob[] = {{"INT11", "AD1"}, {"INT12", "PlacedAdoption"}, {"INT13", "Missing"}, {"INT14", "OC2"},
                                  {"INT15", "OC3"}, {"INT16", "PrevPerm"},       {"INT17", "Reviews"}, {"INT18", "UASC"}};
constexpr TableRule kOncePerChild[] = {{"INT31", "AD1"}, {"INT32", "Header"},   {"INT33", "OC2"},
                                       {"INT34", "OC3"}, {"INT35", "PrevPerm"}, {"INT36", "UASC"}};

// Flags rows of `table` whose child is missing from Header.
void check_in_header(const char* table, const RuleInput& in, Flags& out) {
  const Table* header = with_columns(in, "Header", {"CHILD"});
  const Table* t = with_columns(in, table, {"CHILD"});
  if (!header || !t) return;
  out.checked(*t);
  const ChildRows& known = rows_by_child(*header);
  const Column& c = col(*t, "CHILD");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (!known.count(c[i])) out.add(*t, i);
}

// Flags rows of `table` whose `field` differs from any Header row of the same child.
void check_same(const char* table, const char* field, const RuleInput& in, Flags& out) {
  const Table* header = with_columns(in, "Header", {"CHILD", field});
  const Table* t = with_columns(in, table, {"CHILD", field});
  if (!header || !t) return;
  out.checked(*t);
  const ChildRows& header_rows = rows_by_child(*header);
  const Column &hv = col(*header, field), &c = col(*t, "CHILD"), &v = col(*t, field);
  for (std::size_t i = 0; i < t->rows(); ++i) {
    auto it = header_rows.find(c[i]);
    if (it == header_rows.end()) continue;
    for (std::size_t h : it->second)
      if (hv[h] != v[i]) out.add(*t, i);
  }
}

void check_once(const char* table, const RuleInput& in, Flags& out) {
  const Table* t = with_columns(in, table, {"CHILD"});
  if (!t) return;
  out.checked(*t);
  for (const auto& [child, rows] : rows_by_child(*t))
    if (rows.size() > 1)
      for (std::size_t r : rows) out.add(*t, r);
}

[[maybe_unused]] const bool kRegistered = [] {
  for (const TableRule& r : kInHeader)
    register_rule({r.code, kBothRuleSets, [&r](const RuleInput& in, Flags& out) { check_in_header(r.table, in, out); }});
  for (const TableRule& r : kSameDob)
    register_rule({r.code, kBothRuleSets, [&r](const RuleInput& in, Flags& out) { check_same(r.table, "DOB", in, out); }});
  for (const TableRule& r : kOncePerChild)
    register_rule({r.code, kBothRuleSets, [&r](const RuleInput& in, Flags& out) { check_once(r.table, in, out); }});
  return true;
}();

KITH_903_RULE("INT21", kBothRuleSets) { check_same("UASC", "SEX", in, out); }

// A child in Header needs at least one episode before the DfE portal validates further.
KITH_903_RULE("EPI", kBothRuleSets) {
  const Table* header = with_columns(in, "Header", {"CHILD"});
  const Table* episodes = with_columns(in, "Episodes", {"CHILD"});
  if (!header || !episodes) return;
  out.checked(*header);
  const auto& with_episodes = rows_by_child(*episodes);
  const Column& c = col(*header, "CHILD");
  for (std::size_t i = 0; i < header->rows(); ++i)
    if (!with_episodes.count(c[i])) out.add(*header, i);
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
