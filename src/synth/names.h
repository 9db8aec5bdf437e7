// Synthetic names for people, places and services. Small built-in lists:
// combinations are invented, and no list names a real person or school.
//
// Thread-safety: pure functions over constant tables.
#pragma once

#include <string>
#include <string_view>

#include "model/random.h"

namespace kith::synth {

std::string_view forename(Rng& rng, char sex);
std::string_view surname(Rng& rng);
// "Oakfield Primary School", "Meadowbank Academy".
std::string school_name(Rng& rng, bool secondary);
// "Rowan", "Willow": names for learning communities and hubs.
std::string_view place_word(Rng& rng);
// A provider's trading name, e.g. "Brightwater Fostering".
std::string provider_name(Rng& rng, std::string_view kind);

}  // namespace kith::synth
