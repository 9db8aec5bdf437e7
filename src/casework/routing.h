// Routing a family to the right part of the council: the locality, family
// hub and team suggested from where the family lives (the postcode) and the
// child's school (its learning community), and a manager's reassignment,
// with the reason, when local knowledge says otherwise.
//
// The postcode is looked up in the council's own address gazetteer (the
// address table, whose rows carry the OS grid reference and the locality the
// postcode falls in); a postcode not yet known falls back to the other
// addresses of its district (the outward code, "AB1"). Where the family lives
// decides the locality; the school decides only when the postcode is unknown.
// The hub is the locality's nearest by straight-line distance; the team is
// the locality's team of the wanted type, preferring the one based at that hub.
//
// Thread-safety: free functions; each call uses only the Database passed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/users.h"
#include "model/records.h"
#include "model/result.h"
#include "store/audit_trail.h"
#include "store/database.h"

namespace kith::casework {

// "ab12cd" / " AB1  2CD " -> "AB1 2CD"; empty when it cannot be a UK postcode.
// Pure; exposed for the forms and the directory search.
std::string normalise_postcode(std::string_view postcode);

// A grid reference (OS easting/northing, metres).
struct GridPoint {
  long easting = 0, northing = 0;
};

// Where a postcode is, from the address gazetteer: the exact postcode, else
// the average of its district's addresses; nullopt when neither is known.
Result<std::optional<GridPoint>> locate_postcode(store::Database& db, std::string_view postcode);

struct RoutingSuggestion {
  std::optional<Id> locality_id, family_hub_id, team_id;
  std::string locality, family_hub, team;  // names, for people
  std::string basis;                       // postcode | postcode_district | school | none
  std::vector<std::string> notes;          // e.g. the school's locality when it differs
};

// Suggests locality, hub and team (of team_type: early_help, assessment, ...)
// for a family living at postcode whose child attends school_id. Never fails
// for an unknown postcode or school: the suggestion is then empty (basis "none").
Result<RoutingSuggestion> suggest_routing(store::Database& db, std::string_view postcode, std::optional<Id> school_id,
                                          std::string_view team_type = "early_help");

// One row of a family's routing history (newest is current).
struct RoutingRecord {
  Id id = 0;
  std::optional<Id> contact_id, locality_id, family_hub_id, team_id;
  std::string locality, family_hub, team;
  std::string basis;  // as in RoutingSuggestion, or "manager"
  Date recorded_on;
  std::string recorded_by;
  std::string reason;
};

// Stores a suggestion as the family's routing. Does not begin a transaction or
// audit: the caller (recording a contact) does both around it.
Result<Id> store_routing(store::Database& db, Id family_id, std::optional<Id> contact_id, const RoutingSuggestion& s,
                         Date on, const std::string& by);

// The family's routing, oldest first (the last is current).
Result<std::vector<RoutingRecord>> routing_history(store::Database& db, Id family_id);

struct Reassignment {
  Id family_id = 0;
  std::optional<Id> locality_id, family_hub_id, team_id;
  std::string reason;
  Date on;
};

// True for the roles that may reassign (team and locality managers).
bool may_reassign(Role role);

// A manager's reassignment: a new routing row (basis "manager", with the
// reason), and the family's locality and hub updated, audited in one
// transaction. denied for other roles; invalid (naming the field) without a
// reason, or when the hub or team is not in the chosen locality.
Result<Id> reassign_routing(store::Database& db, const store::WriteContext& ctx, const access::Viewer& manager,
                            const Reassignment& r);

}  // namespace kith::casework
