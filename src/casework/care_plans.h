// A looked-after child's care plan and a care leaver's pathway plan, each
// authorised by a manager before it counts (issue 4, part 6; Care Planning
// Regulations 2010 regs 4-6 and 42-43). Both file an `authorisation` row
// (kinds cla_plan and pathway_plan) that a team or locality manager decides
// on /authorisations, like assessments, plans and closures (statutory.h).
//
// Thread-safety: free functions; each call uses only the Database passed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "casework/due_tasks.h"
#include "casework/record_version.h"
#include "model/records.h"
#include "model/result.h"
#include "store/audit_trail.h"
#include "store/database.h"

namespace kith::casework {

// Records a care plan (or its revision) for the open period of care with
// its permanence plan (return_home | kinship | long_term_fostering |
// adoption | special_guardianship | residential | independence), and files
// its authorisation request. invalid (permanence, plan_date before the period
// started). Returns the cla_care_plan id.
Result<Id> record_cla_care_plan(store::Database& db, const store::WriteContext& ctx, Id cla_period_id, Date plan_date,
                                const std::string& permanence);

// Files the authorisation request for a pathway plan just recorded on the
// care leaver record (statutory.cpp record_pathway_plan calls it inside its
// transaction). requested_on is the plan's date.
Result<Id> request_pathway_plan_authorisation(store::Database& db, const store::WriteContext& ctx, Id care_leaver_id,
                                              Id person_id, Date plan_date);

// Whether a plan counts: authorised, awaiting a manager, or returned to the
// worker. A pathway plan recorded before authorisation existed (imports, the
// generator) has no request and counts as authorised.
enum class PlanApproval { kNone, kAwaiting, kReturned, kAuthorised };

struct PlanStatus {
  std::optional<Date> plan_date;
  std::string detail;               // "Long-term fostering", "Relevant"
  PlanApproval approval = PlanApproval::kNone;
  std::optional<Date> authorised_on;
  std::optional<Date> counted_date; // the latest authorised plan's date: what counts
  std::string label;                // "3 March 2025 (awaiting authorisation)"
};
// The latest care plan of the child's open period of care (kNone: none).
Result<PlanStatus> cla_care_plan_status(store::Database& db, Id person_id);
// The care leaver's pathway plan (kNone: not a care leaver here).
Result<PlanStatus> pathway_plan_status(store::Database& db, Id person_id);
// The same two added to a batch (store/batch.h); once it has run, out (which
// must outlive it) holds the status.
void add_cla_care_plan_status(store::Batch& batch, Id person_id, PlanStatus& out);
void add_pathway_plan_status(store::Batch& batch, Id person_id, PlanStatus& out);

// The text a manager sees for a cla_plan or pathway_plan request ("Care
// plan of 3 March 2025: long-term fostering"); nullopt for other kinds.
Result<std::optional<std::string>> care_plan_request_detail(store::Database& db, const std::string& kind, Id entity_id);

// The care plan deadline (Care Planning Regulations 2010 reg 4(2): the plan
// is prepared within 10 working days of the start of the first placement of
// a period of care) -------------------------------------------------------------

// 10 working days after the period of care started (src/calendar: weekends
// and England and Wales bank holidays are not counted). Pure.
Date care_plan_due(Date period_start);

// The council setting "care plan deadline from" (migration 0015): only periods
// of care starting on or after it get the deadline, so imported and older
// children are not all made overdue. nullopt when the setting was removed (the
// rule is then off). version is the setting's version, for the edit below;
// id its council_setting row (0 when removed), for a form's SeenVersion.
struct CarePlanDeadlineFrom {
  std::optional<Date> from;
  std::int64_t version = 0;
  Id id = 0;
};
Result<CarePlanDeadlineFrom> care_plan_deadline_from(store::Database& db);

// Changes the setting from a date (audited council_setting update; created
// again when it was removed). conflict when the setting's version is no
// longer seen_version (another administrator changed it since).
Status set_care_plan_deadline_from(store::Database& db, const store::WriteContext& ctx, Date from, std::int64_t seen_version);

// The due-task rule, in due_tasks.cpp's shape: for each child of the set
// whose open period of care started on or after the setting and has no care
// plan recorded (one the manager returned does not count; one awaiting
// authorisation does: the plan is prepared), a task "Care plan" due
// care_plan_due(start), given to on_task with the child's id. One query for the
// whole set, added to the batch (on_task is called when it runs).
void cla_care_plan_tasks(store::Batch& batch, const Children& who, Date today, OnTask on_task);

}  // namespace kith::casework
