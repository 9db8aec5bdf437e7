// Adoption against the decision to place for adoption (rule 558).
#include "returns/ssda903/rules/batch_b_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_b;

// The row of each child's latest decision to place for adoption: the latest
// DATE_PLACED, else (no dated decision, or no such column) the child's last row.
std::unordered_map<std::string_view, std::size_t> latest_decisions(const Table& t) {
  std::unordered_map<std::string_view, std::size_t> out;
  const Column* placed = t.column("DATE_PLACED");
  for (const auto& [child, rows] : rows_by_child(t)) {
    if (child.empty()) continue;
    std::size_t latest = rows.back();
    if (placed)
      for (std::size_t r : rows)
        if (known(placed->date(r)) && (!known(placed->date(latest)) || placed->date(r) >= placed->date(latest))) latest = r;
    out.emplace(child, latest);
  }
  return out;
}

// 558: a child adopted (REC E11/E12) was placed under a decision that was not
// disrupted, so the latest decision has no DATE_PLACED_CEASED. An earlier decision
// may have ceased (a new one followed). As the reference vector shows, the DfE
// tool flags this only for a child with more than one decision: a single
// decision with a DATE_PLACED_CEASED is left to the rules on that table.
KITH_903_RULE("558", kBothRuleSets) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "REC"});
  const Table* decisions = with_columns(in, "PlacedAdoption", {"CHILD", "DATE_PLACED_CEASED"});
  if (!eps || !decisions) return;
  out.checked(*eps);
  auto latest = latest_decisions(*decisions);
  const ChildRows& decisions_by_child = rows_by_child(*decisions);
  const Column& ceased = col(*decisions, "DATE_PLACED_CEASED");
  const Column &child = col(*eps, "CHILD"), &rec = col(*eps, "REC");
  for (std::size_t i = 0; i < eps->rows(); ++i) {
    if (!is_one_of(rec[i], {"E11", "E12"})) continue;
    auto it = latest.find(child[i]);
    if (it == latest.end() || ceased.null(it->second)) continue;
    auto all = decisions_by_child.find(child[i]);
    if (all != decisions_by_child.end() && all->second.size() > 1) out.add(*eps, i);
  }
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
