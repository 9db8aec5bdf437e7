// The social work workforce on the period's last day, by the CSWW rules:
// council social workers (practitioners and their managers), FTE-weighted.
#include <algorithm>
#include <climits>
#include <vector>

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
  const RecordIndex& x = c.index();
  std::vector<int> cases(c.record.workers.size());  // by worker row (the index placed each involvement's worker)
  for (std::size_t k = 0; k < c.record.involvements.size(); ++k) {
    const auto& i = c.record.involvements[k];
    if (x.allocated_social_worker[k] && x.involvement_worker[k] != RecordIndex::kNoRow && open_on(i.start, i.end, c.period.end))
      ++cases[x.involvement_worker[k]];
  }
  for (std::size_t k = 0; k < c.record.workers.size(); ++k) {
    const auto& w = c.record.workers[k];
    int n = cases[x.worker_first_row[k]];
    if (n > 0 && w.fte > 0) t.add(c.worker_key(w), n, w.fte);
  }
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
    bool left = w.leave && *w.leave > c.year_start.plus_days(-1) && *w.leave <= c.period.end;
    t.add(c.worker_key(w), left ? w.fte : 0, in_post(w, c.period.end) ? w.fte : 0);
  }
}

// Working days lost to sickness in the 12 months to the period's end (absences counted by their
// start) over the working days of the FTE in post at its end.
void absence(const Context& c, Tally& t) {
  const Date from = c.year_start;
  const int working_days = calendar::working_days_between(from.plus_days(-1), c.period.end);
  std::vector<std::pair<Id, int>> lost;  // (worker, days) of each absence in the 12 months, sorted by worker
  for (const auto& a : c.record.absences)
    if (within(a.start, from, c.period.end)) lost.emplace_back(a.worker, a.working_days);
  std::sort(lost.begin(), lost.end());
  for (const auto& w : c.record.workers) {
    if (!social_worker(w) || !in_post(w, c.period.end)) continue;
    int days = 0;
    for (auto it = std::lower_bound(lost.begin(), lost.end(), std::pair<Id, int>(w.id, INT_MIN)); it != lost.end() && it->first == w.id; ++it)
      days += it->second;
    t.add(c.worker_key(w), days, w.fte * working_days);
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
