#include "planning/synthetic.h"

#include <cmath>

#include "model/random.h"

namespace kith::planning {
namespace {

constexpr double kYear = 365.25;

// Sub-types within each category, in the rough proportions councils report.
SubType draw_subtype(Rng& rng, Placement p) {
  switch (p) {
    case Placement::kFostering: {
      double u = rng.uniform();
      return u < 0.4 ? SubType::kInHouseFostering : u < 0.8 ? SubType::kAgencyFostering : SubType::kKinship;
    }
    case Placement::kResidential:
      return rng.chance(0.3) ? SubType::kInHouseResidential : SubType::kExternalResidential;
    case Placement::kSupported: return SubType::kSupported;
    default: return SubType::kOther;
  }
}

// A date of birth giving an age within the band on day `on`.
Date draw_dob(Rng& rng, AgeBand band, Date on) {
  int lo = int(band) == 0 ? 0 : kBandBirthdays[int(band) - 1];
  int hi = int(band) < kBands - 1 ? kBandBirthdays[int(band)] : kAgeCareEnds;
  for (;;) {
    Date dob = on.plus_days(-int(rng.uniform() * (hi - lo) * kYear) - int(lo * kYear));
    auto b = band_on(dob, on);
    if (b && *b == band) return dob;
  }
}

// Days until the next move at a daily probability p (at least 1); a large number when p is 0.
int wait_days(Rng& rng, double p) {
  if (p <= 0) return 1 << 30;
  if (p >= 1) return 1;
  return 1 + int(std::floor(std::log1p(-rng.uniform()) / std::log1p(-p)));
}

int draw_destination(Rng& rng, const RateRow& row, double leaving) {
  double u = rng.uniform() * leaving;
  for (int j = 0; j < kStates; ++j) {
    if (row[j] <= 0) continue;
    if (u < row[j]) return j;
    u -= row[j];
  }
  return kNotInCare;
}

class Simulator {
 public:
  Simulator(const Rates& truth, Period period, std::uint64_t seed, const std::string& prefix)
      : truth_(truth), period_(period), seed_(seed), prefix_(prefix) {}

  EpisodeInput run() {
    Rng arrivals(seed_, 0);
    for (Date d = period_.from; d <= period_.to; d = d.plus_days(1))
      for (int s = 0; s < kCareStates; ++s) {
        double mean = truth_.entries[s];
        if (mean <= 0) continue;
        // Poisson arrivals by counting exponential gaps within the day.
        for (double t = -std::log1p(-arrivals.uniform()) / mean; t < 1.0; t += -std::log1p(-arrivals.uniform()) / mean)
          child_story(d, band_of_state(s), placement_of_state(s), draw_dob(arrivals, band_of_state(s), d));
      }
    out_.last_date = period_.to;
    return std::move(out_);
  }

 private:
  // One child's time in care, from entry until leaving, 18 or the end of the period.
  void child_story(Date entry, AgeBand band, Placement placement, Date dob) {
    std::int32_t child = out_.child_index(prefix_ + std::to_string(out_.children.size() + 1));
    Rng rng(seed_, std::uint64_t(child) + 1);
    Date start = entry, now = entry;
    SubType subtype = draw_subtype(rng, placement);
    char rne = 'S';
    for (;;) {
      int state = state_of(band, placement);
      Date move = now.plus_days(wait_days(rng, truth_.leaving(state)));
      Date next_birthday = int(band) < kBands - 1 ? birthday(dob, kBandBirthdays[int(band)]) : birthday(dob, kAgeCareEnds);
      Date stop = std::min(move, next_birthday);
      if (stop > period_.to) return add(child, dob, start, std::nullopt, rne, subtype);
      if (next_birthday <= move) {  // ageing is not a new episode; the hazard is memoryless
        if (int(band) == kBands - 1) return add(child, dob, start, next_birthday, rne, subtype);
        band = AgeBand(int(band) + 1);
        now = next_birthday;
        continue;
      }
      int to = draw_destination(rng, truth_.moves[state], truth_.leaving(state));
      add(child, dob, start, move, rne, subtype);
      if (to == kNotInCare) return;
      placement = placement_of_state(to);
      subtype = draw_subtype(rng, placement);
      start = now = move;
      rne = 'P';
    }
  }

  void add(std::int32_t child, Date dob, Date start, std::optional<Date> end, char rne, SubType subtype) {
    EpisodeRow row;
    row.child = child;
    row.start = start;
    row.end = end;
    row.dob = dob;
    row.rne = rne;
    row.subtype = subtype;
    row.source = out_.add_source("simulated row " + std::to_string(out_.rows.size() + 1));
    out_.note_date(start);
    out_.note_date(end);
    out_.rows.push_back(row);
  }

  const Rates& truth_;
  Period period_;
  std::uint64_t seed_;
  std::string prefix_;
  EpisodeInput out_;
};

}  // namespace

Rates example_rates(double size) {
  Rates r;
  auto entries = [&](AgeBand b, Placement p, double per_year) { r.entries[state_of(b, p)] = size * per_year / kYear; };
  auto move = [&](AgeBand b, Placement from, int to, double per_year) { r.moves[state_of(b, from)][to] = per_year / kYear; };
  using enum AgeBand;
  using enum Placement;
  entries(kUnder1, kFostering, 45);
  entries(kUnder1, kOther, 8);
  entries(k1to4, kFostering, 30);
  entries(k5to9, kFostering, 30);
  entries(k10to15, kFostering, 40);
  entries(k10to15, kResidential, 10);
  entries(k16to17, kFostering, 15);
  entries(k16to17, kSupported, 12);
  entries(k16to17, kResidential, 5);
  for (int b = 0; b < kBands; ++b) {
    AgeBand band = AgeBand(b);
    move(band, kFostering, kNotInCare, b == 0 ? 0.5 : 0.25);
    move(band, kOther, kNotInCare, 0.8);
    move(band, kOther, state_of(band, kFostering), 0.4);
    move(band, kFostering, state_of(band, kOther), 0.05);
    move(band, kResidential, kNotInCare, 0.2);
    move(band, kResidential, state_of(band, kFostering), 0.15);
    move(band, kSupported, kNotInCare, 0.6);
    if (b >= 3) move(band, kFostering, state_of(band, kResidential), 0.06);
    if (b == 4) move(band, kFostering, state_of(band, kSupported), 0.3);
  }
  return r;
}

EpisodeInput simulate_episodes(const Rates& truth, Period period, std::uint64_t seed, const std::string& prefix) {
  return Simulator(truth, period, seed, prefix).run();
}

}  // namespace kith::planning
