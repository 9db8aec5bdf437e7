// The family services directory: family hubs and other services, with their
// addresses, opening times, what they offer and the outreach venues where
// they also run sessions. It is public (families and partners read it at
// /directory without signing in) and the front door signposts from it.
// It holds no personal data.
//
// Thread-safety: free functions; each call uses only the Database passed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/records.h"
#include "model/result.h"
#include "store/database.h"

namespace kith::casework {

// The offers a service can list, and how people read them.
inline constexpr std::string_view kOffers[] = {"parenting", "early_years", "health_visiting", "infant_feeding", "send",
                                               "mental_health", "domestic_abuse", "money_housing", "youth"};
// "Parenting support", "Special educational needs and disabilities" ...; empty for an unknown key.
std::string_view offer_label(std::string_view offer);

struct OutreachVenue {
  std::string name, address, postcode, sessions;
};

struct DirectoryService {
  Id id = 0;
  std::optional<Id> family_hub_id;
  std::string name, description, address, postcode, opening_times, phone, email, website;
  std::optional<long> easting, northing;
  std::vector<std::string> offers;  // keys of kOffers
  std::vector<OutreachVenue> outreach;
  std::optional<double> distance_miles;  // from the searched postcode, when it was found
};

struct DirectoryQuery {
  std::string offer;     // one of kOffers, or empty for all
  std::string postcode;  // nearest first when the postcode is found
};

struct DirectoryResult {
  std::vector<DirectoryService> services;
  bool postcode_found = false;  // false when a postcode was given but is not known: then sorted by name
};

// The services offering query.offer (all when empty), nearest the postcode first, else by name.
Result<DirectoryResult> search_directory(store::Database& db, const DirectoryQuery& query);

// One service; not_found when unknown.
Result<DirectoryService> directory_service(store::Database& db, Id id);

}  // namespace kith::casework
