// The social work workforce on the period's last day, by the CSWW rules:
// council social workers (practitioners and their managers), FTE-weighted.
#include <unordered_map>

#include "calendar/calendar.h"
#include "insight/engine.h"

namespace kith::insight::engine {
namespace {

bool social_worker(const WorkerRow& w) {
  return w.agency == "council" &&
         (w.role == "social_worker" || w.role == "senior_practitioner" || w.role == "team_manager" || w.role == "locality_manager");
}

bool in_post(const WorkerRow& w, Date day) { return open_on(w.start, w.leave, day); }

}  // namespace

// Open allocations per FTE of the social workers holding at least one (CSWW caseload).
void caseload(const Context& c, Tally& t) {
  std::unordered_map<Id, int> cases;
  for (const auto& i : c.record.involvements)
    if (i.role == "allocated_social_worker" && open_on(i.start, i.end, c.period.end)) ++cases[i.worker];
  for (const auto& w : c.record.workers)
    if (auto it = cases.find(w.id); it != cases.end() && w.fte > 0) t.add(c.worker_key(w), it->second, w.fte);
}

void agency_rate(const Context& c, Tally& t) {
  for (const auto& w : c.record.workers)
    if (social_worker(w) && in_post(w, c.period.end) && (w.contract == "agency" || w.contract == "permanent"))
      t.add(c.worker_key(w), w.contract == "agency" ? w.fte : 0, w.fte);
}

// Permanent leavers (FTE) in the 12 months to the period's end over permanent FTE in post at its end.
void turnover(const Context& c, Tally& t) {
  for (const auto& w : c.record.workers) {
    if (!social_worker(w) || w.contract != "permanent") continue;
    bool left = w.leave && *w.leave > c.period.year_start().plus_days(-1) && *w.leave <= c.period.end;
    t.add(c.worker_key(w), left ? w.fte : 0, in_post(w, c.period.end) ? w.fte : 0);
  }
}

// Working days lost to sickness in the 12 months to the period's end (absences counted by their
// start) over the working days of the FTE in post at its end.
void absence(const Context& c, Tally& t) {
  const Date from = c.period.year_start();
  const int working_days = calendar::working_days_between(from.plus_days(-1), c.period.end);
  std::unordered_map<Id, int> lost;
  for (const auto& a : c.record.absences)
    if (within(a.start, from, c.period.end)) lost[a.worker] += a.working_days;
  for (const auto& w : c.record.workers) {
    if (!social_worker(w) || !in_post(w, c.period.end)) continue;
    auto it = lost.find(w.id);
    t.add(c.worker_key(w), it == lost.end() ? 0 : it->second, w.fte * working_days);
  }
}

// Agency social worker FTE-days in post during the period, priced at the uplift a year.
void agency_uplift(const Context& c, Tally& t) {
  for (const auto& w : c.record.workers) {
    if (!social_worker(w) || w.contract != "agency") continue;
    Date from = std::max(w.start, c.period.start);
    Date to = w.leave ? std::min(w.leave->plus_days(-1), c.period.end) : c.period.end;
    if (to < from) continue;
    t.add(c.worker_key(w), w.fte * (to - from + 1) / 365.0 * c.options.agency_uplift_per_fte_year);
  }
}

}  // namespace kith::insight::engine
