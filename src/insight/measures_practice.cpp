// The practice measures the council minutes ask for: hand-offs, lead
// professionals, alternatives to referral, families staying together, early
// help step-ups and step-downs, and what placements cost.
#include <optional>

#include "insight/engine.h"

namespace kith::insight::engine {
namespace {

bool looked_after_between(const Context& c, const RecordIndex::Person* rows, Date from, Date to) {
  for (const auto* p : c.periods_of(rows))
    if (held_during(p->start, p->end, from, to)) return true;
  return false;
}

}  // namespace

// Re-allocations (an allocation with a reason for change) after the referral and up to closure,
// per CIN episode closed in the period.
void hand_offs(const Context& c, Tally& t) {
  const auto& rows = c.record.referrals;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& e = rows[k];
    if (!e.close || !within(*e.close, c.period.start, c.period.end)) continue;
    int n = 0;
    for (const auto* i : c.involvements_of(c.index().referral_person[k])) n += i->is_change && i->start > e.referral && i->start <= *e.close;
    t.add(c.child_key(e.person, *e.close), n, 1);
  }
}

// New lead professionals in the period that replaced an earlier one, per family with a lead
// professional at any time in the period. Rows are sorted by family then start.
void lead_professional_changes(const Context& c, Tally& t) {
  const auto& rows = c.record.lead_professionals;
  std::optional<Id> counted;  // a family already counted is the last one counted (rows by family)
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    bool replaced_one = i > 0 && rows[i - 1].family == r.family;
    bool change = replaced_one && within(r.start, c.period.start, c.period.end);
    bool new_family = held_during(r.start, r.end, c.period.start, c.period.end) && counted != r.family;
    if (new_family) counted = r.family;
    t.add(c.family_key(r.family), change ? 1 : 0, new_family ? 1 : 0);
  }
}

void alternatives_to_referral(const Context& c, Tally& t) {
  for (const auto& v : c.record.conversations)
    if (within(v.date, c.period.start, c.period.end)) t.add(c.child_key(v.person, v.date), v.alternative_to_referral ? 1 : 0, 1);
}

// CIN episodes closed in the period in which the child was never looked after.
void stayed_with_family(const Context& c, Tally& t) {
  const auto& rows = c.record.referrals;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& e = rows[k];
    if (e.close && within(*e.close, c.period.start, c.period.end))
      t.add(c.child_key(e.person, *e.close), looked_after_between(c, c.index().referral_person[k], e.referral, *e.close) ? 0 : 1, 1);
  }
}

void step_ups(const Context& c, Tally& t) {
  for (const auto& e : c.record.early_help)
    if (e.end && within(*e.end, c.period.start, c.period.end)) t.add(c.family_key(e.family), e.end_reason == "step_up" ? 1 : 0, 1);
}

void step_downs(const Context& c, Tally& t) {
  for (const auto& e : c.record.early_help)
    if (within(e.start, c.period.start, c.period.end)) t.add(c.family_key(e.family), e.step_down ? 1 : 0, 1);
}

// Weekly cost x nights in the period: a placement's end date is the first day it no longer costs.
void placement_spend(const Context& c, Tally& t) {
  for (const auto& p : c.record.cla_periods)
    for (const auto& pl : p.placements) {
      Date from = std::max(pl.start, c.period.start);
      Date to = pl.end ? std::min(pl.end->plus_days(-1), c.period.end) : c.period.end;
      if (to < from) continue;
      t.add(c.child_key(p.person, from), double(pl.weekly_cost_pence) * (to - from + 1) / 7.0 / 100.0);
    }
}

}  // namespace kith::insight::engine
