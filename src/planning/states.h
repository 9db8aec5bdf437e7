// The demand model's states: age band x placement category, plus "not in
// care". The bands and categories are the regional demand model's, so a
// council can reconcile Kith's forecast with the one it uses today.
//
// Thread-safety: constants and pure functions only.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "model/date.h"

namespace kith::planning {

enum class AgeBand { kUnder1, k1to4, k5to9, k10to15, k16to17 };
enum class Placement { kFostering, kResidential, kSupported, kOther };

inline constexpr int kBands = 5;
inline constexpr int kPlacements = 4;
inline constexpr int kCareStates = kBands * kPlacements;  // 20 states in care
inline constexpr int kNotInCare = kCareStates;           // the source of entries and the sink of exits
inline constexpr int kStates = kCareStates + 1;

// The first age of each band after the first; care ends at 18.
inline constexpr std::array<int, kBands - 1> kBandBirthdays = {1, 5, 10, 16};
inline constexpr int kAgeCareEnds = 18;

constexpr int state_of(AgeBand b, Placement p) { return int(b) * kPlacements + int(p); }
constexpr AgeBand band_of_state(int s) { return AgeBand(s / kPlacements); }
constexpr Placement placement_of_state(int s) { return Placement(s % kPlacements); }

// The category of an SSDA903 PLACE code (upper case): fostering U1-U6,
// residential K2 R1 P3 S1, supported H5 P2 K3, other every other known
// code; nullopt for a code that is not in the SSDA903 code list.
std::optional<Placement> placement_for_code(std::string_view place);

// The placement sub-types a council costs separately. Fostering is split
// into kinship (U1-U3), in-house (U4-U6 with PLACE_PROVIDER PR1, the
// council's own provision) and agency (U4-U6 otherwise); residential (K2,
// R1, P3, S1) into in-house (PR1) and external; secure is K1.
enum class SubType {
  kInHouseFostering, kAgencyFostering, kKinship, kInHouseResidential,
  kExternalResidential, kSupported, kSecure, kOther
};
inline constexpr int kSubTypes = 8;

// The sub-type of a known PLACE code with its PLACE_PROVIDER (may be blank).
SubType subtype_for(std::string_view place, std::string_view provider);
// The placement category a sub-type belongs to (secure counts as other).
Placement placement_of(SubType t);
// "in_house_fostering", ... (the case record's placement_provider.provider_type names).
std::string_view label(SubType t);
std::optional<SubType> parse_subtype(std::string_view s);

// The n-th birthday; 29 February birthdays fall on 28 February in other years.
Date birthday(Date dob, int years);
// The band on day d, counting birthdays as birthday() does (so cuts at
// birthdays and bands agree); nullopt before birth or from the 18th birthday.
std::optional<AgeBand> band_on(Date dob, Date d);

std::string_view label(AgeBand b);    // "under 1", "1-4", "5-9", "10-15", "16-17"
std::string_view label(Placement p);  // "fostering", "residential", "supported", "other"
// "10-15 fostering", or "not in care".
std::string state_label(int state);

// Parses the labels above; nullopt when unknown.
std::optional<AgeBand> parse_band(std::string_view s);
std::optional<Placement> parse_placement(std::string_view s);

}  // namespace kith::planning
