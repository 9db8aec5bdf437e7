// UK postcode centroids (data/postcodes/england_postcodes.csv.gz and
// other_uk_postcodes.csv.gz) and the district -> SSDA903 PL_LA lookup
// (data/la/lad_to_la.csv), for the placement fields PL_DISTANCE, PL_LA and
// PL_LOCATION.
//
// Stored as one sorted array of 16-byte entries keyed by the packed no-space
// postcode. Inflating the 19 MB of gzip takes ~0.4 s, so the first load writes
// the sorted array to a binary cache (postcode_cache_path) and later loads map
// it and, with a filter, copy out only the wanted entries. The cache is rebuilt
// when a source file's size or modification time changes; when it cannot be
// read or written the gzip files are parsed as before.
//
// Thread-safety: immutable once loaded; load() may run concurrently in several
// processes (the cache is written to a temporary file and renamed).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
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
  std::int32_t easting = 0, northing = 0;  // OS grid, metres (0 when !has_grid)
  std::string_view pl_la;                  // SSDA903 PL_LA: upper-tier E-code, WAL, SCO, NIR; empty when none
  bool has_grid = true;                    // false for Channel Islands / Isle of Man postcodes (no grid reference)
};

class PostcodeIndex {
 public:
  // Loads the data folder's postcodes. When keep is given, only postcodes whose key it
  // accepts are kept (the validator keeps only those a return mentions).
  static Result<PostcodeIndex> load(const std::string& data_dir, const std::function<bool(std::uint64_t)>& keep = {});
  // Loads only the postcodes with these keys (postcode_key; sorted, no duplicates). From the
  // cache each key is found by binary search in the mapped array, touching a few pages rather
  // than reading all 43 MB (the validator's case: a return names a few thousand postcodes).
  static Result<PostcodeIndex> load_keys(const std::string& data_dir, const std::vector<std::uint64_t>& keys);

  std::optional<Place> find(std::string_view postcode) const;
  std::size_t size() const { return size_; }
  bool from_cache() const { return from_cache_; }  // entries read from the binary cache, not the gzip files

  struct Entry {
    std::uint64_t key_and_district;  // key << 16 | index into the district table
    std::int32_t easting, northing;  // kNoGrid in both when the postcode has no grid reference
  };
  static constexpr std::int32_t kNoGrid = INT32_MIN;

 private:
  const Entry* data() const { return mapping_ ? mapped_ : entries_.data(); }
  static Result<PostcodeIndex> load(const std::string& data_dir, const std::function<bool(std::uint64_t)>& keep,
                                    const std::vector<std::uint64_t>* keys);

  std::vector<Entry> entries_;        // owned entries (filtered, or parsed without a cache)
  std::shared_ptr<const void> mapping_;  // the mapped cache file when entries are read in place
  const Entry* mapped_ = nullptr;
  std::size_t size_ = 0;
  bool from_cache_ = false;
  std::vector<std::string> pl_la_;  // per district index: PL_LA ("" for none)
};

// The cache file load() uses for data_dir: $XDG_CACHE_HOME/kith (or ~/.cache/kith)
// /postcodes-<hash of the data folder's path>.bin; empty when neither variable is set.
std::string postcode_cache_path(const std::string& data_dir);

// Straight-line distance in miles, rounded to 0.1 as the reference validator does;
// nullopt when either place has no grid reference.
std::optional<double> placement_distance(const Place& home, const Place& placement);

}  // namespace kith::returns::ssda903
