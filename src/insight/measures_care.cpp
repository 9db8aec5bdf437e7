// Children looked after and care leavers: stability, distance, social worker
// changes, health registration, and the care leavers' OC3 outcomes.
#include <algorithm>
#include <set>

#include "insight/engine.h"
#include "returns/ssda903/postcodes.h"

namespace kith::insight::engine {
namespace {

// Adds, for each child looked after at the period's end, whether `yes(child)` holds.
template <typename Predicate>
void of_children_looked_after(const Context& c, Tally& t, Predicate yes) {
  for (const Context::LookedAfter& la : c.looked_after_at_end()) t.add(c.child_key(la.person, c.period.end), yes(la) ? 1 : 0, 1);
}

const PlacementRow* placement_on(const ClaPeriodRow& p, Date day) {
  const PlacementRow* out = nullptr;
  for (const auto& pl : p.placements)
    if (open_on(pl.start, pl.end, day)) out = &pl;
  return out;
}

bool has_check(const Context& c, const Context::LookedAfter& la, std::string_view kind) {
  for (const auto* h : c.health_checks_of(la.rows))
    if (h->kind == kind && h->date <= c.period.end) return true;
  return false;
}

// The care leaver's latest OC3 contact in the period at 19-21 (DfE's cohort), excluding those
// who died or returned home, whom DfE leaves out of every care leaver measure.
template <typename Add>
void care_leaver_cohort(const Context& c, Add add) {
  std::map<Id, const CareLeaverContactRow*> latest;
  const auto& rows = c.record.care_leaver_contacts;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& r = rows[k];
    if (!within(r.date, c.period.start, c.period.end)) continue;
    int age = c.index().care_leaver_age[k];  // -1: person or birth unknown
    if (age < 19 || age > 21) continue;
    auto& slot = latest[r.person];
    if (!slot || slot->date < r.date) slot = &r;
  }
  for (const auto& [person, r] : latest)
    if (r->in_touch != "DIED" && r->in_touch != "RHOM") add(*r, c.child_key(person, r->date));
}

bool in_eet(const std::string& activity) {
  static const std::set<std::string> kEet = {"F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5"};
  return kEet.count(activity) > 0;
}

}  // namespace

// Every placement held at any time in the 12 months to the period's end, across periods of care.
void three_placements(const Context& c, Tally& t) {
  of_children_looked_after(c, t, [&](const Context::LookedAfter& la) {
    int n = 0;
    for (const auto* p : c.periods_of(la.rows))
      for (const auto& pl : p->placements) n += held_during(pl.start, pl.end, c.year_start, c.period.end);
    return n >= 3;
  });
}

// Of children under 16 looked after continuously for 2.5 years, those in the same placement for 2 years.
void long_term_stability(const Context& c, Tally& t) {
  Date end = c.period.end;
  const Date continuous_since = end.plus_months(-30), same_placement_since = end.plus_months(-24);
  for (const Context::LookedAfter& la : c.looked_after_at_end()) {
    const ChildRow* p = la.child;
    if (!p || !p->birth || end.years_since(*p->birth) >= 16 || la.spell->start > continuous_since) continue;
    const PlacementRow* pl = placement_on(*la.spell, end);
    t.add(c.child_key(la.person, end), pl && pl->start <= same_placement_since ? 1 : 0, 1);
  }
}

void placed_over_20_miles(const Context& c, Tally& t) {
  of_children_looked_after(c, t, [&](const Context::LookedAfter& la) {
    const ClaPeriodRow* period = la.spell;
    const PlacementRow* pl = placement_on(*period, c.period.end);
    if (!c.postcodes || !pl) return false;
    auto home = c.postcodes->find(period->home_postcode), placed = c.postcodes->find(pl->postcode);
    return home && placed && returns::ssda903::placement_distance(*home, *placed) > 20.0;
  });
}

// Distinct allocated social workers in the 12 months to the period's end, looked after or not (DfE).
void three_social_workers(const Context& c, Tally& t) {
  const Date from = c.year_start;
  of_children_looked_after(c, t, [&](const Context::LookedAfter& la) {
    Id workers[3];  // the first three distinct ones: enough to decide
    int n = 0;
    for (const auto* i : c.involvements_of(la.rows)) {
      if (!c.allocated_social_worker(*i) || !held_during(i->start, i->end, from, c.period.end)) continue;
      if (std::find(workers, workers + n, i->worker) == workers + n) workers[n++] = i->worker;
      if (n == 3) return true;
    }
    return false;
  });
}

void gp_registered(const Context& c, Tally& t) {
  of_children_looked_after(c, t, [&](const Context::LookedAfter& la) { return has_check(c, la, "gp_registration"); });
}

void dentist_registered(const Context& c, Tally& t) {
  of_children_looked_after(c, t, [&](const Context::LookedAfter& la) { return has_check(c, la, "dentist_registration"); });
}

void care_leavers_in_touch(const Context& c, Tally& t) {
  care_leaver_cohort(c, [&](const CareLeaverContactRow& r, const std::optional<std::string>& key) { t.add(key, r.in_touch == "YES" ? 1 : 0, 1); });
}

void care_leavers_eet(const Context& c, Tally& t) {
  care_leaver_cohort(c, [&](const CareLeaverContactRow& r, const std::optional<std::string>& key) { t.add(key, in_eet(r.activity) ? 1 : 0, 1); });
}

// Suitability is the code's second character (1 suitable, 2 not); gone abroad (G), deported (H)
// and residence not known (R) leave the denominator, as in DfE's definition.
void care_leavers_accommodation(const Context& c, Tally& t) {
  care_leaver_cohort(c, [&](const CareLeaverContactRow& r, const std::optional<std::string>& key) {
    const std::string& a = r.accommodation;
    if (!a.empty() && (a[0] == 'G' || a[0] == 'H' || a[0] == 'R')) return;
    t.add(key, a.size() == 2 && a[1] == '1' ? 1 : 0, 1);
  });
}

}  // namespace kith::insight::engine
