// A run of the DfE CSC API sender without the network: which children to send
// (full, delta or purge, against what was last submitted, table api_submission),
// the request bodies in batches of at most 100 records, and remembering what
// was sent so that the next run's delta works.
//
// Thread-safety: plan_submission and record_submission use the Database they
// are given (one thread at a time); write_batches touches only its folder.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "returns/dfe_api/payload.h"
#include "store/audit_trail.h"

namespace kith::returns::dfe_api {

struct SubmissionOptions {
  Date run_date;
  std::string la;     // 3-digit or E-code; "" when the database holds one council
  bool full = false;  // send every child's full record, not only changes
};

struct Submission {
  std::vector<nlohmann::json> batches;  // request bodies: JSON arrays of <= kMaxBatch records
  std::vector<ChildRecord> sent;        // full records of the children sent (new, updated, or all when full)
  std::vector<std::int64_t> purged;     // person ids sent a deletion record
  std::size_t new_children = 0, updated = 0, unchanged = 0;
};

// Works out what a run sends: new children in full; changed children as
// partial records (full records with options.full); unchanged children not at
// all (all of them with options.full); children submitted before who left the
// cohort as deletion records. Every record is checked (check_record); a
// problem fails the plan with kInvalid naming the record's index and path.
Result<Submission> plan_submission(store::Database& db, const SubmissionOptions& options);

// Remembers what was sent (hash and full record per child, deletes the purged)
// in one audited transaction; submitted_at is a UTC ISO timestamp.
Status record_submission(store::Database& db, const store::WriteContext& ctx, const Submission& submission,
                         const std::string& submitted_at);

// Writes batch_001.json, batch_002.json ... into dir (created if missing) and
// returns the file paths. Errors name the file.
Result<std::vector<std::string>> write_batches(const Submission& submission, const std::string& dir);

}  // namespace kith::returns::dfe_api
