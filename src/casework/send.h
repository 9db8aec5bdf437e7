// Special educational needs and disabilities on the child's record (SEND
// Code of Practice 2015; Children and Families Act 2014, Part 3): the
// child's disabilities as CIN census Disability codes, SEN support at
// school, and the education, health and care (EHC) plan from the request for
// an EHC needs assessment, through the plan issued and its annual reviews,
// to its end.
//
// Every write validates first and names the form field ("field: what to
// correct"), then runs in one audited transaction. Records that are edited
// (the person's disabilities, the EHC plan, SEN support) carry the version
// the form was opened at; a stale one is a conflict, never a lost update.
//
// Thread-safety: free functions; each call uses only the Database passed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "casework/child_record.h"
#include "casework/due_tasks.h"
#include "model/result.h"
#include "store/audit_trail.h"
#include "store/database.h"

namespace kith::casework {

// What the SEND form records. disabilities are CIN census Disability codes
// (NONE alone, or any of MOB .. DDA); sen_support_since is set while the
// child has SEN support at school, nullopt when they have none.
struct SendNeeds {
  std::vector<std::string> disabilities;
  std::optional<Date> sen_support_since;
};

// Records the child's disabilities (person.disability, space-separated, as
// the CIN census projection reads it) and SEN support (opens it from the
// date, or ends the open one on today when none). person_version is the
// person's version when the form was opened: conflict when it moved on.
// invalid (disabilities, sen_support_since) naming the first problem.
Status record_send_needs(store::Database& db, const store::WriteContext& ctx, Id person_id, const SendNeeds& needs,
                         std::int64_t person_version, Date today);

// A request for an EHC needs assessment on a date. invalid (request_date)
// before the child was born; invalid (ehcp_id) while an earlier request or
// plan is still open. Returns the ehcp id.
Result<Id> request_ehc_assessment(store::Database& db, const store::WriteContext& ctx, Id person_id, Date requested);

// The final EHC plan issued on a date (not before the request; at most one
// plan per request). version: the ehcp row's version when the form opened.
Status issue_ehc_plan(store::Database& db, const store::WriteContext& ctx, Id ehcp_id, Date issued, std::int64_t version);

// An annual review of an issued, open plan: outcome continue | amend |
// cease. Not before the plan was issued or the previous review. Returns
// the review id.
Result<Id> record_ehcp_review(store::Database& db, const store::WriteContext& ctx, Id ehcp_id, Date on, const std::string& outcome);

// Ends the plan (or a request that led to no plan: reason not_issued) on a
// date: reason needs_met | moved_away | left_education | not_issued | other.
Status end_ehc_plan(store::Database& db, const store::WriteContext& ctx, Id ehcp_id, Date ended, const std::string& reason,
                    std::int64_t version);

// Where the child's SEND stands, for the child's record and the forms.
struct SendStatus {
  std::vector<std::string> disabilities;    // CIN codes; empty when none recorded beyond NONE
  std::int64_t person_version = 1;
  std::optional<Date> sen_support_since;    // open SEN support
  std::optional<Id> ehcp_id;                // the open request or plan
  std::int64_t ehcp_version = 1;
  std::optional<Date> requested;            // of the open one
  std::optional<Date> plan_issued;
  std::optional<Date> last_review;
  std::optional<Date> next_review_due;      // 12 calendar months after the plan or the last review
  std::optional<Date> last_plan_ended;      // the latest ended plan, when none is open
  // "EHC plan since 3 March 2025", "SEN support since ...", "EHC needs
  // assessment requested on ...", "No SEN recorded".
  std::string label;
};
Result<SendStatus> send_status(store::Database& db, Id person_id);
// send_status's reads added to a batch (store/batch.h) of a page that reads
// more; once it has run, out (which must outlive it) holds the same status.
void add_send_status(store::Batch& batch, Id person_id, SendStatus& out);

// The SEND deadlines of the child as of today, appended to out:
//   EHC plan issued    20 weeks after the request (Code of Practice 9.40)
//   EHCP annual review 12 calendar months after the plan was issued or the
//                      last review (Code of Practice 9.166)
Status send_due_tasks(store::Database& db, Id person_id, Date today, std::vector<DueTask>& out);
// The same for every child of the set in one query, added to the batch
// (due_tasks_of): on_task per task with the child's id when the batch runs.
void send_due_tasks_of(store::Batch& batch, const Children& who, Date today, OnTask on_task);

}  // namespace kith::casework
