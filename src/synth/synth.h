// The synthetic council generator behind `kith synth`.
//
// Builds whole councils on real English geography (ONS postcodes, DfE LA
// codes, ONS 0-17 populations) and simulates several years of children's
// social care so that the published England rates (referrals, children in
// need, child protection plans, children looked after, re-referrals,
// placement stability, agency rate and caseload) come out within ±10%.
// Everything is synthetic: no real child, family or worker appears.
//
// Thread-safety: generate() uses only the Database passed and its own state;
// run at most one generate() per Database at a time. demo_sign_ins() is pure.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/date.h"
#include "model/records.h"
#include "model/result.h"
#include "store/database.h"

namespace kith::synth {

struct Options {
  std::uint64_t seed = 1;
  std::vector<std::string> councils;  // DfE 3-digit LA codes; empty = the default demo council; {"all"} = every current English council
  double errors = 0.0;                // fraction of statutory records given a data-quality fault
  Date until;                         // activity generated up to this date (the "today" of the data)
  int years = 6;                      // years of history before `until`
  double scale = 1.0;                 // fraction of the real child population (tests use small scales)
  bool demo_users = true;             // create the demo sign-ins (one per role)
  std::string data_dir;               // folder holding postcodes/, la/, dfe/; empty = find the shipped data/
};

struct Stats {
  std::int64_t councils = 0, children = 0, rows = 0;
  double seconds = 0;
  std::vector<std::pair<std::string, std::int64_t>> rows_by_table;  // in writing order
};

// Called with the stage ("postcodes", "council 894: population", ...) and
// the overall fraction done (0..1). Called from the generating thread.
using Progress = std::function<void(std::string_view stage, double fraction)>;

// The default demo council: a unitary authority of about 44,000 children.
inline constexpr const char* kDemoCouncil = "894";
// The password of every demo sign-in.
inline constexpr const char* kDemoPassword = "kith-demo-2026";

// Checks options without touching any database: unknown LA codes, errors
// outside 0..1, years or scale out of range, missing data files.
Status validate(const Options& options);

// Generates the councils into db (schema already migrated), committing in
// large transactions; the council's audit entry is written last, so a council
// without one was interrupted. Deterministic: same options, same rows.
Result<Stats> generate(store::Database& db, const Options& options, const Progress& progress = {});

// The demo sign-ins created, for printing: username, role, password.
// One per role; usernames equal the role names.
struct DemoSignIn {
  std::string username;
  Role role;
  std::string password;
  std::string who;  // what the sign-in is linked to, e.g. "social worker, North Safeguarding Team"
};
std::vector<DemoSignIn> demo_sign_ins();

// The folder of the shipped reference data (postcodes/, la/, dfe/): the
// given one, else $KITH_DATA_DIR, else data/ beside or above the running
// binary or the working directory. Empty when none is found.
std::string find_data_dir(const std::string& given = {});

}  // namespace kith::synth
