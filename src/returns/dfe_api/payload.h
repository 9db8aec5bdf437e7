// The DfE children's social care API (spec v0.8, /work/shared/spec/dfe-csc-api):
// one JSON record per child in the cohort, projected from the case record,
// with the spec's cohort window, its SHA-256 record hash, the partial (delta)
// record between two submissions, the deletion record, and a check of the
// fields' types and mandatory ids (the spec publishes no JSON Schema).
//
// Records hold child identifiers and names: they are written only to the
// folder the user asks for and never logged.
//
// Thread-safety: build_child_records reads the Database it is given; the
// other functions are pure.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "model/date.h"
#include "model/result.h"
#include "store/database.h"

namespace kith::returns::dfe_api {

inline constexpr std::size_t kMaxBatch = 100;  // children per request body (spec "Transport")

// The reference sender's cohort window for a run: from the 1 April on or before
// (run - 24 months) to run + 1 day, both inclusive.
struct Window {
  Date start, end;
  static Window for_run(Date run);
};

struct ChildRecord {
  std::int64_t person_id = 0;
  std::string la_child_id, mis_child_id;
  nlohmann::json record;  // the full record (spec "Record structure")
  std::string hash;       // record_hash(record)
};

// Builds the full record of every child in the cohort of a run on run_date for
// council la (3-digit or E-code; "" when the database holds one council),
// ordered by person id. Errors: the database cannot be read, la is unknown.
Result<std::vector<ChildRecord>> build_child_records(store::Database& db, Date run_date, const std::string& la);

// SHA-256 (lower-case hex) of the record's canonical JSON: keys sorted, no
// spaces, UTF-8. Equal records give equal hashes across runs and machines.
std::string record_hash(const nlohmann::json& record);

// The delta record the sender posts for a child sent before (spec "Full, delta
// (partial) and purge semantics"): the ids and child_details always; changed
// top-level objects; sub-records matched by their *_id, only new or changed
// items with their changed fields; removed sub-records as {id, purge: true}.
nlohmann::json partial_record(const nlohmann::json& previous, const nlohmann::json& current);

// {"la_child_id", "mis_child_id", "purge": true}: removes the child at DfE.
nlohmann::json deletion_record(const std::string& la_child_id, const std::string& mis_child_id);

// Problems with one record (full, partial or deletion), each naming the JSON
// path: mandatory ids missing, wrong JSON types, dates not YYYY-MM-DD, codes
// outside the spec's short lists, ids longer than the spec allows. Empty = fine.
std::vector<std::string> check_record(const nlohmann::json& record);

// Problems with a request body: not an array, empty, more than kMaxBatch
// records, or a record's problems prefixed with its index.
std::vector<std::string> check_batch(const nlohmann::json& batch);

}  // namespace kith::returns::dfe_api
