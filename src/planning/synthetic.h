// Episodes simulated from known rates, for back-tests and benchmarks: a
// council whose true rates are known, so estimates can be checked against
// them. Children come into care by the entry rates (an age drawn evenly
// within the band), move between placements of their band by the rates,
// age at birthdays and leave at 18. Moves across bands in the rates are
// read as moves to that placement within the child's own band.
//
// Thread-safety: pure functions of their arguments (seeded).
#pragma once

#include <cstdint>

#include "planning/episodes.h"
#include "planning/rates.h"

namespace kith::planning {

// A plausible council of about 500 children looked after, scaled by size;
// rates per day, as Rates holds them.
Rates example_rates(double size = 1.0);

// Episodes from period.from (an empty care population) to period.to; a
// spell still open on period.to has no end; the data run to period.to. Child ids are prefix + number.
EpisodeInput simulate_episodes(const Rates& truth, Period period, std::uint64_t seed, const std::string& prefix = "C");

}  // namespace kith::planning
