#include "planning/states.h"

#include <algorithm>
#include <string>

namespace kith::planning {
namespace {

constexpr std::array<std::string_view, kBands> kBandLabels = {"under 1", "1-4", "5-9", "10-15", "16-17"};
constexpr std::array<std::string_view, kPlacements> kPlacementLabels = {"fostering", "residential", "supported", "other"};

// Every PLACE code the SSDA903 code list has held since 2016/17
// (/work/shared/spec/ssda903/codelists.csv), so that a typing error is
// reported instead of silently counted as "other".
constexpr std::array<std::string_view, 32> kKnownCodes = {
    "A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1",
    "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1", "Z11", "Z12", "Z13", "Z14"};

constexpr std::array<std::string_view, kSubTypes> kSubTypeLabels = {
    "in_house_fostering", "agency_fostering", "kinship", "in_house_residential",
    "external_residential", "supported_accommodation", "secure", "other"};

bool in(std::string_view code, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), code) != list.end();
}

}  // namespace

std::optional<Placement> placement_for_code(std::string_view place) {
  if (in(place, {"U1", "U2", "U3", "U4", "U5", "U6"})) return Placement::kFostering;
  if (in(place, {"K2", "R1", "P3", "S1"})) return Placement::kResidential;
  if (in(place, {"H5", "P2", "K3"})) return Placement::kSupported;
  if (std::find(kKnownCodes.begin(), kKnownCodes.end(), place) != kKnownCodes.end()) return Placement::kOther;
  return std::nullopt;
}

SubType subtype_for(std::string_view place, std::string_view provider) {
  bool own = provider == "PR1";
  if (in(place, {"U1", "U2", "U3"})) return SubType::kKinship;
  if (in(place, {"U4", "U5", "U6"})) return own ? SubType::kInHouseFostering : SubType::kAgencyFostering;
  if (in(place, {"K2", "R1", "P3", "S1"})) return own ? SubType::kInHouseResidential : SubType::kExternalResidential;
  if (in(place, {"H5", "P2", "K3"})) return SubType::kSupported;
  if (place == "K1") return SubType::kSecure;
  return SubType::kOther;
}

Placement placement_of(SubType t) {
  switch (t) {
    case SubType::kInHouseFostering:
    case SubType::kAgencyFostering:
    case SubType::kKinship: return Placement::kFostering;
    case SubType::kInHouseResidential:
    case SubType::kExternalResidential: return Placement::kResidential;
    case SubType::kSupported: return Placement::kSupported;
    default: return Placement::kOther;
  }
}

std::string_view label(SubType t) { return kSubTypeLabels[int(t)]; }

std::optional<SubType> parse_subtype(std::string_view s) {
  for (int t = 0; t < kSubTypes; ++t)
    if (kSubTypeLabels[t] == s) return SubType(t);
  return std::nullopt;
}

Date birthday(Date dob, int years) { return dob.plus_months(12 * years); }

std::optional<AgeBand> band_on(Date dob, Date d) {
  if (d < dob || d >= birthday(dob, kAgeCareEnds)) return std::nullopt;
  int band = 0;
  while (band < kBands - 1 && birthday(dob, kBandBirthdays[band]) <= d) ++band;
  return AgeBand(band);
}

std::string_view label(AgeBand b) { return kBandLabels[int(b)]; }
std::string_view label(Placement p) { return kPlacementLabels[int(p)]; }

std::string state_label(int state) {
  if (state == kNotInCare) return "not in care";
  return std::string(label(band_of_state(state))) + " " + std::string(label(placement_of_state(state)));
}

std::optional<AgeBand> parse_band(std::string_view s) {
  for (int b = 0; b < kBands; ++b)
    if (kBandLabels[b] == s) return AgeBand(b);
  return std::nullopt;
}

std::optional<Placement> parse_placement(std::string_view s) {
  for (int p = 0; p < kPlacements; ++p)
    if (kPlacementLabels[p] == s) return Placement(p);
  return std::nullopt;
}

}  // namespace kith::planning
