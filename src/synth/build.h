// The phases that build one synthetic council, in the order synth.cpp runs
// them. Each fills part of the Council and takes ids from the sequences.
//
// Thread-safety: each phase uses only the Council and sequences passed.
#pragma once

#include <functional>

#include "store/database.h"
#include "synth/council.h"

namespace kith::synth {

// Localities by k-means over the council's postcodes, family hubs at real
// postcodes, learning communities and their schools.
void build_geography(Council& c, IdSequences& ids, std::int64_t children, Rng& rng);

// Teams per locality (early help, assessment, safeguarding, children in
// care) and council-wide (front door, leaving care, disability), and the
// placement providers register with weekly costs.
void build_teams_and_providers(Council& c, IdSequences& ids, Rng& rng);

// Families with parents and children at real postcodes; children are born
// evenly so that `children` are aged 0-17 at any time in the window.
void build_population(Council& c, IdSequences& ids, std::int64_t children, Rng& rng);

// Simulates each child's pathway from birth (contacts, early help,
// referrals, assessments, S47s, conferences, plans, care, leaving care)
// and keeps the allocation segments for the workforce.
void simulate_pathways(Council& c, IdSequences& ids, std::uint64_t seed);

// Social workers and others per team, sized so caseloads and the agency
// share match England; starters, leavers and absences; partner practitioners.
void build_workforce(Council& c, IdSequences& ids, Rng& rng);

// Turns segments into involvements with named workers (least-loaded worker
// in the team; reallocation when a worker leaves), then names the workers
// on contacts, assessments and visits.
void allocate_workers(Council& c, IdSequences& ids, Rng& rng);

// Merges siblings' early help into family episodes with a lead professional
// and a team around the family.
void build_early_help(Council& c, IdSequences& ids, Rng& rng);

// Gives about `rate` of the statutory records a data-quality fault.
void seed_faults(Council& c, IdSequences& ids, double rate, Rng& rng);

// Row counts written, in writing order.
using TableCounts = std::vector<std::pair<std::string, std::int64_t>>;

// Writes the council inside the caller's open transaction, committing and
// beginning again every 50,000 rows. Visit ids are assigned here.
Status write_council(store::Database& db, const Council& c, IdSequences& ids, TableCounts& counts,
                     const std::function<void(double)>& progress);

}  // namespace kith::synth
