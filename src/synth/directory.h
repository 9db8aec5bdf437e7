// The family services directory of a synthetic council: each family hub's
// entry (address, opening times, offers, outreach venues at the locality's
// schools) and a few council-wide services. Kept apart from the case-record
// generator so that adding it changes none of the other generated data.
//
// Thread-safety: free function; uses only the Database passed.
#pragma once

#include <cstdint>

#include "model/result.h"
#include "store/database.h"
#include "synth/council.h"

namespace kith::synth {

// Writes the council's directory (directory_service, directory_offer,
// outreach_venue). Call inside the council's write transaction: the
// council's one audit entry covers it. Deterministic for a seed: its random
// stream is its own, so the rest of the council is unchanged by it.
Status write_directory(store::Database& db, const Council& c, std::uint64_t seed);

}  // namespace kith::synth
