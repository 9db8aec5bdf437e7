// Reading a child's record: the summary practitioners see first and the
// chronology that tells the family's story once. Every read is checked
// against the viewer's scope and written to the audit log with its reason.
//
// Thread-safety: free functions; each call uses only the Database passed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/users.h"
#include "store/audit_trail.h"
#include "model/records.h"
#include "store/batch.h"
#include "store/database.h"

namespace kith::casework {

// Where a child is on the pathway today.
enum class Stage { kNone, kEarlyHelp, kChildInNeed, kChildProtection, kLookedAfter, kCareLeaver };
std::string_view stage_label(Stage s);  // "Looked after", "Child protection plan", ...

// A statutory task falling due, computed with the working-day calendar.
struct DueTask {
  std::string what;  // "Assessment", "Initial child protection conference", "CLA review", "Statutory visit"
  Date due;
  bool overdue = false;
};

struct ChildSummary {
  Person person;
  std::optional<int> age;
  Stage stage = Stage::kNone;
  std::optional<Date> stage_since;
  std::string postcode;
  std::optional<Id> family_id;
  std::string family_name;
  std::string locality;
  std::string school;
  std::string allocated_worker;  // current allocated social worker / family support worker
  std::string allocated_team;
  std::string lead_professional;
  std::string legal_status;      // e.g. "C2 Full care order" when looked after
  std::string placement;         // e.g. "U6 Foster placement with other foster carer(s)..."
  std::optional<std::string> cp_category;
  int workers_last_12_months = 0;  // distinct allocated workers, for continuity
  std::vector<DueTask> due;
};

struct ChildRecord {
  ChildSummary summary;
  std::vector<ChronologyEntry> chronology;  // oldest first, family and child events
  // For a partner practitioner, the agency whose field limits were applied
  // (casework/partner_fields.h: "health", "education", "police", "other");
  // empty for council staff, who see everything.
  std::string shared_as;
};

// The children's record a viewer may open, by role:
//   practitioner          children allocated to them or to their team
//   team_manager          their team's children
//   locality_manager      children allocated to teams in their locality
//   partner_practitioner  children of families whose team around the family they are in
//   performance_analyst, councillor, administrator: none (aggregates only)
// Returns ok or denied; does not audit.
Status check_access(store::Database& db, const access::Viewer& viewer, Id person_id);

struct StatutoryState;  // casework/statutory.h (which includes this header)

// What statutory_state() (statutory.h) reads, the open records the statutory
// forms act on, in one query instead of eight (the child record page reads it
// for the statutory work links and the SEND section); with family given, also
// the family the child is a member of now (the highest id of an open
// membership: where the step-down link goes). Errors: the database's.
Result<StatutoryState> open_records(store::Database& db, Id person_id, std::optional<Id>* family = nullptr);
// The same read added to a batch (store/batch.h); once it has run, out (and
// *family when given) hold the answer. Both must outlive the run.
void add_open_records(store::Batch& batch, Id person_id, StatutoryState& out, std::optional<Id>* family = nullptr);

// Loads a child's record as of `today` and audits the read (action "read",
// entity "person") in the same transaction. not_found for an unknown id,
// denied when the viewer may not see this child (the denial is audited too).
Result<ChildRecord> load_child_record(store::Database& db, const store::AuditTrail& log, const access::Viewer& viewer,
                                      Id person_id, const std::string& reason, Date today);

// One line of a worker's list.
struct WorkItem {
  Id person_id = 0;
  std::string child_name;
  std::optional<int> age;
  Stage stage = Stage::kNone;
  Date allocated_since;
  std::optional<DueTask> next_due;  // the earliest statutory task
};

// The children a worker is working with, earliest due task first: those
// allocated to them, and the children of families where they are the lead
// professional or in the team around the family (how partners see theirs).
Result<std::vector<WorkItem>> my_work(store::Database& db, Id worker_id, Date today);

struct WorkerCaseload {
  Id worker_id = 0;
  std::string name;
  std::string team;
  std::string contract;  // permanent | agency
  double fte = 1;
  int children = 0;
};

struct LocalityOverview {
  Locality locality;
  // Set for councillors: figures are shown as published (published_count)
  // and caseloads carry no worker names or ids.
  bool aggregates_only = false;
  std::vector<FamilyHub> hubs;
  int children_early_help = 0;      // in families with an open early help episode
  int children_in_need = 0;         // open CIN episodes (not CP, not CLA)
  int children_cp = 0;              // open CP plans
  int children_looked_after = 0;    // open CLA periods
  int contacts_last_28_days = 0;
  std::vector<WorkerCaseload> caseloads;  // every worker in the locality's teams, largest first
};

// A count as DfE publishes it when suppress is set: 1 to 5 become "c" so
// that no child can be identified; otherwise the number.
std::string published_count(int n, bool suppress);

// Counts and caseloads for one locality as of `today` (aggregates only, no
// child identifiers). Managers of other localities get denied; councillors
// get aggregates_only (no worker names).
Result<LocalityOverview> locality_overview(store::Database& db, const access::Viewer& viewer, Id locality_id, Date today);

// All localities (id, name) for navigation.
Result<std::vector<Locality>> list_localities(store::Database& db);

}  // namespace kith::casework
