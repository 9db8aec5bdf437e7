// Transition to adult services at 18 (Care Act 2014 ss58-66; SEND Code of
// Practice 2015 chapter 8, preparing for adulthood; the council's
// "Blueprint for Change": a respectful transition that involves parents).
// A young person who is looked after, a care leaver, disabled (a CIN census
// Disability other than NONE) or with an open EHC plan needs a transition
// plan: the referral to the adult service, the plan agreed, and the outcome.
//
// Timescales (the council's procedure): planning starts from the 16th
// birthday and should have begun (a referral to adult services) by the 17th;
// the plan should be in place by 17 and a half, so that adult services can
// assess before the 18th birthday.
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

struct TransitionInput {
  std::optional<Date> referral_date;  // referred to the adult service
  std::string adult_service;          // adult_social_care | learning_disability | mental_health | continuing_health_care | leaving_care
  std::optional<Date> plan_date;      // the plan agreed with the young person (and their parents)
  std::string outcome;                // in_progress | eligible | not_eligible | declined | staying_with_childrens
};

// Records or updates the young person's transition plan. invalid naming the
// field: the young person is not in a group that needs one (person_id), an
// unknown adult service or outcome, a referral before the 14th birthday
// (referral_date), a plan before the referral or without one (plan_date), an
// outcome other than in_progress without a plan (outcome). version: the
// plan's version when the form opened (0 for a new plan); conflict when
// someone saved since. Returns the plan id.
Result<Id> record_transition(store::Database& db, const store::WriteContext& ctx, Id person_id, const TransitionInput& in,
                             std::int64_t version);

struct TransitionStatus {
  bool needed = false;              // in a group that needs a plan (today)
  std::vector<std::string> why;     // "looked after", "care leaver", "disabled", "EHC plan"
  std::optional<Id> plan_id;
  std::int64_t version = 0;         // 0: no plan yet
  TransitionInput plan;
  std::optional<Date> start_by;     // the 17th birthday
  std::optional<Date> in_place_by;  // 17 and a half
  bool overdue = false;             // no plan in place and today is after in_place_by
  std::string label;                // "Plan in place since ...", "Not started: start by ...", ...
};
// Where the young person's transition stands as of today.
Result<TransitionStatus> transition_status(store::Database& db, Id person_id, Date today);
// transition_status's reads added to a batch; once it has run, out (which
// must outlive it) holds the same status (the run fails: unknown person).
void add_transition_status(store::Batch& batch, Id person_id, Date today, TransitionStatus& out);

// Transition tasks for a young person who needs a plan, from the 16th
// birthday until the 18th, appended to out:
//   "Start transition planning (referral to adult services)"  due the 17th birthday, while no referral
//   "Transition plan to adult services in place"             due at 17 and a half, while no plan
Status transition_due_tasks(store::Database& db, Id person_id, Date today, std::vector<DueTask>& out);
// The same for every child of the set in one query, added to the batch
// (due_tasks_of): on_task per task with the child's id when the batch runs,
// each child's in the order above.
void transition_due_tasks_of(store::Batch& batch, const Children& who, Date today, OnTask on_task);

}  // namespace kith::casework
