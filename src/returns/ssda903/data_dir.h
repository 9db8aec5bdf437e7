// Finding Kith's reference data folder (data/) at run time, for the rule
// catalogue, code lists and postcodes: the given folder, then $KITH_DATA_DIR,
// then data/ beside or above the working directory or the running binary.
//
// Thread-safety: reentrant.
#pragma once

#include <string>

namespace kith::returns::ssda903 {

// The data folder holding spec/ssda903/rules.csv; empty when none is found.
std::string find_data_dir(const std::string& given = {});

}  // namespace kith::returns::ssda903
