// The published reference data the generator builds councils on: the
// current English children's services authorities with their ONS 0-17
// populations, and real postcodes (with OS grid references) in each.
// Read from the shipped data/ folder (see data/*/README.md for sources).
//
// Thread-safety: plain values; the loaders use only their arguments.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/result.h"

namespace kith::synth {

struct Authority {
  std::string la_code;   // DfE 3-digit code, "894"
  std::string ons_code;  // E-code, "E06000020"
  std::string name;
  std::int64_t children = 0;  // ONS mid-year estimate, aged 0-17, latest year in the file
};

struct Postcode {
  std::array<char, 8> pcd{};  // ONSPD pcd7 form plus NUL: "TF1 1AA", "M1  1AE"
  std::int32_t easting = 0, northing = 0;
  std::string text() const { return std::string(pcd.data()); }
};

// Every current council (the ONS population file's latest year), by code.
Result<std::map<std::string, Authority>> load_authorities(const std::string& data_dir);

struct PostcodeBook {
  std::map<std::string, std::vector<Postcode>> by_council;  // DfE code -> its postcodes, in file order
  std::vector<Postcode> elsewhere;  // a fixed sample across England, for placements out of area
};

// Reads the postcodes of the given councils (DfE codes) from the gzipped
// extract, mapping districts to councils with la/lad_to_la.csv.
Result<PostcodeBook> load_postcodes(const std::string& data_dir, const std::vector<std::string>& councils);

}  // namespace kith::synth
