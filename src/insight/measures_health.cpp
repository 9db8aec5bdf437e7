// Corporate parenting: the health outcomes of children looked after (DfE's
// "CLA health outcomes", SSDA903 OC2) and their education (EHCPs).
//
// DfE's cohort for health: children looked after on 31 March (here: the
// period's last day) who had been looked after continuously for at least 12
// months, short breaks excluded. A Kith period of care is one continuous spell
// (SSDA903 episodes joined by X1), so "continuously" is "the period of care
// open on the last day started 12 months or more before it" (DECOM + 1 year
// <= year end, as in the SSDA903 rules' OC2 cohort).
#include "insight/engine.h"

namespace kith::insight::engine {
namespace {

// Each child of the OC2 cohort, with whether `yes(child)` holds. `keep(child)`
// narrows the cohort further (under 5s for development assessments).
template <typename Keep, typename Predicate>
void of_health_cohort(const Context& c, Tally& t, Keep keep, Predicate yes) {
  Date end = c.period.end;
  for (const Context::LookedAfter& la : c.looked_after_at_end()) {
    if (!la.looked_after_a_year || !keep(la)) continue;
    t.add(c.child_key(la.person, end), yes(la) ? 1 : 0, 1);
  }
}

bool everyone(const Context::LookedAfter&) { return true; }

// Checks of one kind dated in the 12 months to the period's end (a check a year is DfE's standard).
int checks_in_year(const Context& c, const Context::LookedAfter& la, std::string_view kind) {
  int n = 0;
  for (const auto* h : c.health_checks_of(la.rows))
    n += h->kind == kind && within(h->date, c.year_start, c.period.end);
  return n;
}

bool under_5(const Context& c, const Context::LookedAfter& la) {
  const ChildRow* p = la.child;
  return p && p->birth && c.period.end.years_since(*p->birth) < 5;
}

}  // namespace

// LACHealth%: under 5s need two assessments in the year (one every six months), older children one.
void health_assessments(const Context& c, Tally& t) {
  of_health_cohort(c, t, everyone, [&](const Context::LookedAfter& la) {
    return checks_in_year(c, la, "health_assessment") >= (under_5(c, la) ? 2 : 1);
  });
}

// LACDental%: a dental check in the year; a declined check is simply not recorded, so it counts as none.
void dental_checks(const Context& c, Tally& t) {
  of_health_cohort(c, t, everyone, [&](const Context::LookedAfter& la) { return checks_in_year(c, la, "dental") >= 1; });
}

// LACVaccinations%: immunisations confirmed up to date (kind "immunisations") in the year.
void immunisations(const Context& c, Tally& t) {
  of_health_cohort(c, t, everyone, [&](const Context::LookedAfter& la) { return checks_in_year(c, la, "immunisations") >= 1; });
}

// Development assessments of the cohort's under 5s (kind "development_assessment") in the year.
void development_assessments(const Context& c, Tally& t) {
  of_health_cohort(c, t, [&](const Context::LookedAfter& la) { return under_5(c, la); },
                   [&](const Context::LookedAfter& la) { return checks_in_year(c, la, "development_assessment") >= 1; });
}

// Children looked after on the last day with an education, health and care plan in force that
// day (issued by then, not ended): a plan requested but not yet issued does not count.
void looked_after_with_ehcp(const Context& c, Tally& t) {
  Date end = c.period.end;
  for (const Context::LookedAfter& la : c.looked_after_at_end()) {
    bool in_force = false;
    for (const EhcpRow* e : c.ehcps_of(la.rows)) in_force = in_force || (e->plan && open_on(*e->plan, e->end, end));
    t.add(c.child_key(la.person, end), in_force ? 1 : 0, 1);
  }
}

}  // namespace kith::insight::engine
