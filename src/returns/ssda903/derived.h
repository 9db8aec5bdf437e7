// The fields the reference importer adds to the files: Header.UASC (1 when the
// child is in the UASC table) and Episodes.PL_DISTANCE, PL_LA and PL_LOCATION
// (from HOME_POST and PL_POST; see data/postcodes/README.md). Applied to the
// current tables and, when present, the "_last" ones.
//
// Thread-safety: mutates the return; no shared state.
#pragma once

#include <cstdint>
#include <unordered_set>

#include "returns/ssda903/postcodes.h"
#include "returns/ssda903/table.h"

namespace kith::returns::ssda903 {

// The packed keys of every postcode the Episodes tables mention (to load only those).
std::unordered_set<std::uint64_t> postcodes_in(const Return903& r);

// Adds Header.UASC and the Episodes placement fields. The LA is r.metadata.local_authority.
void add_derived_fields(Return903& r, const PostcodeIndex& postcodes);

}  // namespace kith::returns::ssda903
