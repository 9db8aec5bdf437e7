// Early help for a family: the family plan (the outcomes the family wants
// and the actions towards them), the team around the family with its one
// lead professional, reviews, and the moves between early help and
// children's social care on the same records: a step-up opens a referral
// for the child linked to the early help episode; a step-down closes the
// child's CIN episode and opens early help for their family, linked back.
// Nothing is re-keyed: the child, family and chronology stay the same.
//
// Every write is audited in the same transaction as the write.
//
// Thread-safety: free functions; each call uses only the Database passed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/users.h"
#include "casework/record_version.h"
#include "model/records.h"
#include "model/result.h"
#include "store/audit_trail.h"
#include "store/database.h"

namespace kith::casework {

struct EarlyHelpEpisode {
  Id id = 0;
  Id family_id = 0;
  std::optional<Id> contact_id;
  Date start_date;
  std::optional<Date> end_date;
  std::string end_reason;  // needs_met | step_up | disengaged | moved | other
  std::optional<Id> team_id;
  std::string team;
  std::optional<Id> stepped_down_from_cin;
  std::int64_t version = 1;  // what an edit names back (record_version.h)
};

struct PlanItem {
  Id id = 0;
  std::string outcome, action, owner;
  std::optional<Date> due_date;
  Date recorded_on;
};

struct EarlyHelpReview {
  Id id = 0;
  Date review_date;
  std::string progress;
  std::string decision;  // continue | close | step_up
  std::optional<Date> next_review_date;
};

struct TeamMember {
  Id taf_member_id = 0;
  Id worker_id = 0;
  std::string name, agency, role;
  Date since;
  bool lead = false;  // the family's current lead professional
};

struct FamilyChild {
  Id person_id = 0;
  std::string name;
  std::optional<Id> open_cin_episode_id;  // for a step-down
  std::int64_t open_cin_episode_version = 0;
};

// What the early help page shows for one family.
struct EarlyHelpRecord {
  Id family_id = 0;
  std::string family_name;
  std::vector<FamilyChild> children;
  std::optional<EarlyHelpEpisode> current;    // the open episode
  std::vector<EarlyHelpEpisode> episodes;     // every episode, oldest first
  std::vector<PlanItem> plan;                 // of the current episode
  std::vector<EarlyHelpReview> reviews;       // of the current episode
  std::vector<TeamMember> team;               // current team around the family
  std::optional<std::string> lead_professional;
};

// Who may open a family's early help record: practitioners and managers of
// the family's locality, a council-wide team, or who took a contact about
// it; partners in its team around the family or its lead professional.
// Analysts, councillors and administrators: denied. Does not audit.
Status check_family_access(store::Database& db, const access::Viewer& viewer, Id family_id);

// The family's early help record, access-checked and audited as a read of the family.
Result<EarlyHelpRecord> load_early_help(store::Database& db, const store::AuditTrail& log, const access::Viewer& viewer, Id family_id,
                                        const std::string& reason);

// Adds an outcome and action to the open episode's family plan. invalid
// (field named) for an empty outcome, action or owner, or no open episode.
Result<Id> add_plan_item(store::Database& db, const store::WriteContext& ctx, Id family_id, const PlanItem& item);

// Adds a worker to the team around the family from a date; lead makes them
// the lead professional (a change of lead needs lead_reason). invalid for
// an unknown worker, one already in the team, or a change without a reason.
Result<Id> add_to_team(store::Database& db, const store::WriteContext& ctx, Id family_id, Id worker_id, Date from, bool lead,
                       const std::string& lead_reason);

// Records a review of the open episode, which must be the one the person
// saw (episode). decision "close" ends the episode (needs_met), checking and
// moving on its version; "step_up" is refused here (use step_up, which opens
// the referral). conflict when the open episode is another or has moved on.
Result<Id> record_review(store::Database& db, const store::WriteContext& ctx, Id family_id, const EarlyHelpReview& review,
                         const SeenVersion& episode);

// Steps a child of the family up to children's social care: the open early
// help episode ends (step_up) and a CIN episode opens for the child on the
// same date (referral source 5D, early help), linked by stepped_up_from_eh.
// invalid without a reason or an open episode, or when the child is not a
// child of the family or already has an open CIN episode; conflict when the
// open episode is not the one the person saw (episode) at that version.
// Returns the CIN episode id.
Result<Id> step_up(store::Database& db, const store::WriteContext& ctx, Id family_id, Id person_id, Date on, const std::string& reason,
                   const SeenVersion& episode);

// Steps a child down from children's social care: the CIN episode closes
// (RC9 when it closed after assessment with no plan, else RC7) and early help
// opens for the child's family, stepped_down_from_cin set, unless the family
// has early help open already (then that episode is linked, its version
// moved on). Returns the early help episode id. invalid when the episode is
// closed or the child is in care; conflict when the CIN episode's version is
// not the one the person saw (cin_episode.version).
Result<Id> step_down(store::Database& db, const store::WriteContext& ctx, const SeenVersion& cin_episode, Date on, std::optional<Id> team_id);

}  // namespace kith::casework
