// Data-quality faults of the kinds councils fix before a statutory return:
// missing fields, overlapping periods of care, codes not in the DfE lists,
// and dates out of order. Each statutory record gets one fault with the
// given probability; the kind is drawn from those the record admits.
#include <algorithm>
#include <functional>
#include <vector>

#include "synth/build.h"

namespace kith::synth {
namespace {

constexpr std::string_view kBadCode = "X9";

using Fault = std::function<bool()>;  // applies the fault; false if the record does not admit it

// Tries the faults in a random order until one applies.
void apply_one(Rng& rng, std::vector<Fault> faults) {
  for (std::size_t i = faults.size(); i > 1; --i) std::swap(faults[i - 1], faults[std::size_t(rng.between(0, int(i) - 1))]);
  for (auto& f : faults)
    if (f()) return;
}

// An end date moved to before the start: the typist's swapped digits.
template <typename Row>
Fault end_before_start(Row& row, OptDate Row::*end, Date Row::*start, Rng& rng) {
  return [&row, end, start, &rng] {
    if (!(row.*end)) return false;
    row.*end = (row.*start).plus_days(-rng.between(1, 60));
    return true;
  };
}

void cin_faults(Council& c, double rate, Rng& rng) {
  for (auto& e : c.cin) {
    if (!rng.chance(rate)) continue;
    apply_one(rng, {[&] {
                      if (e.nfa || !e.primary_need) return false;
                      e.primary_need.reset();
                      return true;
                    },
                    [&] { return e.source = kBadCode, true; },
                    [&] {
                      if (!e.close) return false;
                      e.close = e.referral_date.plus_days(-rng.between(1, 60));
                      return true;
                    }});
  }
}

// Overlapping periods come from a period entered twice, the copy starting a
// little later: the commonest way real episodes overlap.
void cla_faults(Council& c, IdSequences& ids, double rate, Rng& rng) {
  std::size_t original = c.cla.size();
  for (std::size_t i = 0; i < original; ++i) {
    if (!rng.chance(rate)) continue;
    auto& p = c.cla[i];
    apply_one(rng, {[&] {
                      if (!p.end || !p.reason_ceased) return false;
                      p.reason_ceased.reset();
                      return true;
                    },
                    [&] {
                      ClaPeriod copy = p;
                      copy.id = ids.cla++;
                      copy.start = p.start.plus_days(rng.between(1, 20));
                      if (copy.end && *copy.end < copy.start) copy.end = copy.start;
                      c.cla.push_back(copy);  // ids stay consecutive: the copy takes the next one
                      return true;
                    },
                    [&] { return p.category_of_need = kBadCode, true; },
                    end_before_start(p, &ClaPeriod::end, &ClaPeriod::start, rng)});
  }
}

void placement_faults(Council& c, double rate, Rng& rng) {
  for (auto& p : c.placements) {
    if (!rng.chance(rate)) continue;
    apply_one(rng, {[&] { return p.type = kBadCode, true; },
                    [&] {
                      if (!p.postcode) return false;
                      p.postcode.reset();
                      return true;
                    },
                    end_before_start(p, &Placement::end, &Placement::start, rng)});
  }
  for (auto& l : c.legal_statuses)
    if (rng.chance(rate)) l.status = kBadCode;
}

void plan_faults(Council& c, double rate, Rng& rng) {
  for (auto& p : c.cp_plans) {
    if (!rng.chance(rate)) continue;
    apply_one(rng, {[&] { return p.initial_category = kBadCode, true; }, end_before_start(p, &CpPlan::end, &CpPlan::start, rng)});
  }
}

}  // namespace

void seed_faults(Council& c, IdSequences& ids, double rate, Rng& rng) {
  if (rate <= 0) return;
  cin_faults(c, rate, rng);
  cla_faults(c, ids, rate, rng);
  placement_faults(c, rate, rng);
  plan_faults(c, rate, rng);
}

}  // namespace kith::synth
