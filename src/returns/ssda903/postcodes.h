// English postcode centroids (data/postcodes/england_postcodes.csv.gz) and the
// district -> SSDA903 PL_LA lookup (data/la/lad_to_la.csv), for the placement
// fields PL_DISTANCE, PL_LA and PL_LOCATION.
//
// Stored as one sorted vector of 16-byte entries keyed by the packed no-space
// postcode. Thread-safety: immutable once loaded.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/result.h"

namespace kith::returns::ssda903 {

// A postcode with spaces removed, upper-cased and packed into 42 bits; nullopt
// when it has more than 7 characters or any that are not letters or digits.
std::optional<std::uint64_t> postcode_key(std::string_view postcode);

struct Place {
  std::int32_t easting = 0, northing = 0;  // OS grid, metres
  std::string_view pl_la;                  // SSDA903 PL_LA (upper-tier E-code); empty when unknown
};

class PostcodeIndex {
 public:
  // Loads the data folder's postcodes. When keep is given, only postcodes whose key it
  // accepts are kept (the validator keeps only those a return mentions).
  static Result<PostcodeIndex> load(const std::string& data_dir, const std::function<bool(std::uint64_t)>& keep = {});

  std::optional<Place> find(std::string_view postcode) const;
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::uint64_t key_and_la;  // key << 16 | index into la_codes_
    std::int32_t easting, northing;
  };
  std::vector<Entry> entries_;
  std::vector<std::string> la_codes_;  // [0] is "" (district with no PL_LA)
};

// Straight-line distance in miles, rounded to 0.1 as the reference validator does.
double placement_distance(const Place& home, const Place& placement);

}  // namespace kith::returns::ssda903
