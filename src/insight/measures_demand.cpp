// Demand and timeliness: the front door, referrals, CIN, S47s, CP plans and
// CLA, with DfE's flow (in the period) and stock (on the period's last day) rules.
#include <optional>

#include "insight/engine.h"

namespace kith::insight::engine {
namespace {

// Adds 1 for each distinct child with a row open on the period's last day. Rows are sorted by
// child (referrals, CP plans), so a child already counted is the last one counted.
template <typename Rows, typename Start, typename End>
void children_open_at_end(const Context& c, const Rows& rows, Start start, End end, Tally& t) {
  std::optional<Id> counted;
  for (const auto& r : rows)
    if (open_on(start(r), end(r), c.period.end) && counted != r.person) {
      counted = r.person;
      t.add(c.child_key(r.person, c.period.end), 1);
    }
}

}  // namespace

void population(const Context& c, Tally& t) { t = c.population(); }

void contacts(const Context& c, Tally& t) {
  for (const auto& r : c.record.contacts)
    if (within(r.date, c.period.start, c.period.end)) t.add(c.child_key(r.person, r.date), 1);
}

void referrals(const Context& c, Tally& t) {
  for (const auto& r : c.record.referrals)
    if (within(r.referral, c.period.start, c.period.end)) t.add(c.child_key(r.person, r.referral), 1);
}

void children_in_need(const Context& c, Tally& t) {
  children_open_at_end(c, c.record.referrals, [](const ReferralRow& r) { return r.referral; }, [](const ReferralRow& r) { return r.close; }, t);
}

void section47s(const Context& c, Tally& t) {
  for (const auto& r : c.record.section47s)
    if (within(r.start, c.period.start, c.period.end)) t.add(c.child_key(r.person, r.start), 1);
}

void cp_plans(const Context& c, Tally& t) {
  children_open_at_end(c, c.record.cp_plans, [](const CpPlanRow& r) { return r.start; }, [](const CpPlanRow& r) { return r.end; }, t);
}

void looked_after(const Context& c, Tally& t) {
  for (const Context::LookedAfter& la : c.looked_after_at_end()) t.add(c.child_key(la.person, c.period.end), 1);
}

// Whether a referral came within 12 months of the child's previous one does not depend on the
// period: the record's index holds it (RecordIndex::re_referral).
void re_referrals(const Context& c, Tally& t) {
  const auto& rows = c.record.referrals;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    if (within(r.referral, c.period.start, c.period.end)) t.add(c.child_key(r.person, r.referral), c.index().re_referral[i] ? 1 : 0, 1);
  }
}

// Working days from start to authorisation, counted once per load (RecordIndex).
void assessments_in_45_days(const Context& c, Tally& t) {
  const auto& rows = c.record.assessments;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& a = rows[k];
    if (!a.authorised || !within(*a.authorised, c.period.start, c.period.end)) continue;
    bool on_time = c.index().assessment_working_days[k] <= 45;
    t.add(c.child_key(a.person, *a.authorised), on_time ? 1 : 0, 1);
  }
}

void icpcs_in_15_days(const Context& c, Tally& t) {
  const auto& rows = c.record.icpcs;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& i = rows[k];
    if (!within(i.date, c.period.start, c.period.end) || !i.strategy_discussion) continue;
    bool on_time = c.index().icpc_working_days[k] <= 15;
    t.add(c.child_key(i.person, i.date), on_time ? 1 : 0, 1);
  }
}

// Plans are sorted by child then start: an earlier row of the same child is a previous plan.
void second_cp_plans(const Context& c, Tally& t) {
  const auto& rows = c.record.cp_plans;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!within(rows[i].start, c.period.start, c.period.end)) continue;
    bool before = i > 0 && rows[i - 1].person == rows[i].person && rows[i - 1].start < rows[i].start;
    t.add(c.child_key(rows[i].person, rows[i].start), before ? 1 : 0, 1);
  }
}

// "Two years or longer": more than 729 calendar days counting the day of cessation (LAIT).
static bool two_years(Date start, Date last_day) { return last_day - start + 1 > 729; }

void cp_plans_2_years_ceased(const Context& c, Tally& t) {
  for (const auto& p : c.record.cp_plans)
    if (p.end && within(*p.end, c.period.start, c.period.end)) t.add(c.child_key(p.person, *p.end), two_years(p.start, *p.end) ? 1 : 0, 1);
}

void cp_plans_2_years_open(const Context& c, Tally& t) {
  for (const auto& p : c.record.cp_plans)
    if (open_on(p.start, p.end, c.period.end)) t.add(c.child_key(p.person, c.period.end), two_years(p.start, c.period.end) ? 1 : 0, 1);
}

}  // namespace kith::insight::engine
