// Statutory work on the child's record (Working Together 2023, the Care
// Planning Regulations, the Children (Leaving Care) Act): referral to
// assessment, strategy discussion and section 47 enquiry, conferences and
// the child protection plan, the period of care (legal status, placements,
// reviews, visits, health, missing), the care leaver's pathway plan and
// birthday contacts, the voice of the child and feedback on the service.
//
// Every write validates first and names the form field in the message
// ("field: what to correct", so the web form can put the error beside it),
// then runs in one audited transaction. Codes are DfE codes checked against
// the typed lists in model/codes.h.
//
// An assessment, a plan (CIN or CP) and the closure of a CIN episode need a
// manager's authorisation before they count as complete: the write files an
// authorisation request, and a team or locality manager of the child (not
// the person who asked) authorises or returns it.
//
// Thread-safety: free functions; each call uses only the Database passed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "access/users.h"
#include "casework/child_record.h"
#include "casework/record_version.h"
#include "model/records.h"
#include "model/result.h"
#include "store/audit_trail.h"
#include "store/database.h"

namespace kith::casework {

// Practitioners and team and locality managers record statutory work;
// partners, analysts, councillors and administrators never do.
bool may_record_statutory_work(Role role);
// Team and locality managers authorise; nobody else does.
bool may_authorise(Role role);

// Referral to assessment -----------------------------------------------------

// Opens a child and family assessment in the open CIN episode. invalid
// (start_date) before the referral; invalid (cin_episode_id) for a closed
// episode or one with an assessment still open. Dates in the future are
// refused by the forms (they know today). Returns the assessment id.
Result<Id> start_assessment(store::Database& db, const store::WriteContext& ctx, Id cin_episode_id, Date start,
                            std::optional<Id> worker_id);

// The worker completes the assessment: factors (CIN AssessmentFactors codes,
// at least one), outcome (nfa | early_help | cin_plan | strategy_discussion)
// and the date. Files the authorisation request and returns its id.
// invalid (factors, outcome, completed_date) naming the first problem;
// conflict when the assessment's version is no longer assessment.version.
Result<Id> complete_assessment(store::Database& db, const store::WriteContext& ctx, const SeenVersion& assessment,
                               const std::vector<std::string>& factors, const std::string& outcome, Date completed);

// Starts a child in need plan in the open episode and files its
// authorisation request. Returns the cin_plan id.
Result<Id> start_cin_plan(store::Database& db, const store::WriteContext& ctx, Id cin_episode_id, Date start);

// Child protection ----------------------------------------------------------

// Records a strategy discussion; with s47_needed a section 47 enquiry opens
// on the same day. Returns the strategy discussion id.
Result<Id> record_strategy_discussion(store::Database& db, const store::WriteContext& ctx, Id cin_episode_id, Date on,
                                      bool s47_needed);

// Ends a section 47 enquiry with its outcome: icpc (an initial conference is
// needed: the 15 working day deadline runs from the strategy discussion),
// cin_plan, nfa or continue_assessment. conflict when the enquiry's version
// is no longer section47.version.
Status complete_section47(store::Database& db, const store::WriteContext& ctx, const SeenVersion& section47, Date end,
                          const std::string& outcome);

struct ConferenceInput {
  Id cin_episode_id = 0;
  std::string kind;             // initial | review
  Date date;
  bool plan_required = false;   // initial: start a CP plan; review: keep it (false ends it on the date)
  std::string category;         // CIN CategoryOfAbuse (NEG, PHY, SAB, EMO, MUL) when a plan starts or continues
  std::string wishes_feelings;  // the child's views brought to the conference
  SeenVersion plan;             // the open CP plan when the form was opened ({} when there was none)
};

// Records a conference. An initial conference with plan_required starts a
// CP plan with the category (and files the plan's authorisation request); a
// review updates the latest category, or ends the plan when it is no longer
// needed. invalid: unknown kind or category, a review without an open plan,
// an initial conference while a plan is open; conflict when the open plan is
// not in.plan (another plan, or one changed since). Returns the conference id.
Result<Id> record_conference(store::Database& db, const store::WriteContext& ctx, const ConferenceInput& in);

// Ends the child's CP plan on a date (not before it started). conflict when
// the plan's version is no longer plan.version.
Status end_cp_plan(store::Database& db, const store::WriteContext& ctx, const SeenVersion& plan, Date end);

// Asks for the CIN episode to close on a date with a CIN ReasonForClosure
// (RC1-RC9). The episode closes only when a manager authorises. invalid
// while a CP plan or a period of care is open, or a closure is already awaiting.
Result<Id> request_closure(store::Database& db, const store::WriteContext& ctx, Id cin_episode_id, Date on,
                           const std::string& reason);

// Looked after -----------------------------------------------------------------

struct PlacementInput {
  Date start;
  std::string placement_type;   // SSDA903 PLACE (U1..U6, K2, R1, ...)
  std::string provider_code;    // SSDA903 PLACE_PROVIDER (PR0..PR5)
  std::optional<Id> provider_id;
  std::string postcode;
  std::string reason_change;    // SSDA903 REASON_PLACE_CHANGE; required for a change, empty for the first
};

// Starts a period of care with its first legal status (SSDA903 LS), category
// of need (N1-N8) and placement. invalid when a period is already open.
Result<Id> start_care_period(store::Database& db, const store::WriteContext& ctx, Id person_id, Date start,
                             const std::string& legal_status, const std::string& category_of_need,
                             const PlacementInput& placement);

// A new legal status from a date within the open period (a different status).
Result<Id> change_legal_status(store::Database& db, const store::WriteContext& ctx, Id cla_period_id, Date on,
                               const std::string& legal_status);

// Ends the current placement the day the new one starts and opens the new
// one; the reason for the change is required. current is the placement the
// person saw as current when they opened the form ({} for none): conflict
// when another placement is current now or it changed since, so a move is
// never recorded against a placement the person did not see. Returns the placement id.
Result<Id> change_placement(store::Database& db, const store::WriteContext& ctx, Id cla_period_id, const SeenVersion& current,
                            const PlacementInput& p);

// Ends the child's open period of care on end_date with the SSDA903 reason
// episode ceased (REC: an E code, not X1), and the current placement the
// same day, in one audited transaction (the legal status ends with the
// period: it has no end date of its own). period is the open period as the
// person saw it. invalid: reason_ceased not a current REC code; end_date
// after today, before the period started or before its last change of
// placement or legal status; cla_period_id when the child is not looked
// after. conflict: the open period is not period (ended or changed since).
// Returns the period's id.
Result<Id> end_care_period(store::Database& db, const store::WriteContext& ctx, Id person_id, Date end_date, const std::string& reason_ceased,
                           const SeenVersion& period, Date today);

// A looked-after review with the child's participation (SSDA903 REVIEW_CODE
// PN0-PN7) and, in the child's words, their wishes and feelings.
Result<Id> record_cla_review(store::Database& db, const store::WriteContext& ctx, Id cla_period_id, Date on,
                             const std::string& participation, const std::string& wishes_feelings);

struct VisitInput {
  Id person_id = 0;
  std::optional<Id> worker_id;
  Date date;
  bool seen = true;
  bool seen_alone = false;       // only when seen
  std::string context;           // cin | cp | cla | care_leaver
  std::string wishes_feelings;   // what the child said, in their words
};

// Records a statutory visit (and the child's words, when given). invalid:
// seen alone but not seen, an unknown context.
Result<Id> record_visit(store::Database& db, const store::WriteContext& ctx, const VisitInput& v);

// health_assessment | dental | gp_registration | dentist_registration on a date.
Result<Id> record_health(store::Database& db, const store::WriteContext& ctx, Id person_id, const std::string& kind, Date on);

// A missing (M) or away without authorisation (A) episode; end optional,
// not before the start.
Result<Id> record_missing(store::Database& db, const store::WriteContext& ctx, Id person_id, const std::string& type,
                          Date start, std::optional<Date> end, bool return_interview_offered);

// Care leavers ------------------------------------------------------------------

// Records the pathway plan date, personal adviser (a worker) and eligibility
// (eligible | relevant | former_relevant | qualifying; care_leaving.h works
// out which fits, the worker chooses), creating the care leaver record
// the first time. Returns the care_leaver id. care_leaver is the record the
// person saw ({} for none yet): conflict when it is no longer the young
// person's record at that version (or one was created since).
Result<Id> record_pathway_plan(store::Database& db, const store::WriteContext& ctx, Id person_id, Date plan_date,
                               std::optional<Id> personal_adviser_id, const std::string& eligibility, const SeenVersion& care_leaver);

// In touch / activity / accommodation (SSDA903 OC3 codes) around a birthday
// from the 17th to the 21st: from 3 months before to 1 month after it, as the
// DfE counts them. invalid (contact_date) outside every window.
Result<Id> record_care_leaver_contact(store::Database& db, const store::WriteContext& ctx, Id person_id, Date on,
                                      const std::string& in_touch, const std::string& activity,
                                      const std::string& accommodation);

// Voice of the child -------------------------------------------------------------

struct Feedback {
  Date received_on;
  std::string from_whom;  // child | parent | carer | other
  int rating = 0;         // 1 very poor .. 5 very good
  std::string comments;
};
// Feedback on the service from the child or their family. Returns its id.
Result<Id> record_feedback(store::Database& db, const store::WriteContext& ctx, Id person_id, const Feedback& f);

// What the child said: wishes and feelings from visits, reviews and
// conferences, and feedback on the service, oldest first.
struct ChildVoice {
  Date date;
  std::string where;  // "Visit", "Looked-after review", "Child protection conference", "Feedback (child, 4 of 5)"
  std::string words;
};
Result<std::vector<ChildVoice>> voice_of_child(store::Database& db, Id person_id);

// Service feedback counts between two dates (inclusive): how many, and the
// number rated 4 or 5. Aggregates only.
struct FeedbackCounts {
  int received = 0;
  int good = 0;
};
Result<FeedbackCounts> feedback_counts(store::Database& db, Date from, Date to);

// Where the child's statutory work stands: the open records the forms act on.
struct StatutoryState {
  std::optional<Id> cin_episode_id;        // open episode
  std::optional<Id> open_assessment_id;    // started, not yet completed
  std::optional<Id> open_section47_id;
  std::optional<Id> cp_plan_id;            // open plan
  std::optional<Id> cla_period_id;         // open period
  std::optional<Id> care_leaver_id;
  bool closure_awaiting = false;
  std::optional<Id> placement_id;          // the open period's current placement
};
Result<StatutoryState> statutory_state(store::Database& db, Id person_id);

// Management authorisation -----------------------------------------------------------

struct AuthorisationRequest {
  Id id = 0;
  std::string kind;   // assessment | cin_plan | cp_plan | closure | cla_plan | pathway_plan (care_plans.h)
  Id entity_id = 0;
  Id person_id = 0;
  std::string child_name;
  Date requested_on;
  std::string requested_by;
  std::string detail;  // "Outcome: strategy discussion; factors 3B, 16A", "Closure RC8 on 2025-05-01"
  std::int64_t version = 1;  // what the decision form names back (record_version.h)
};

// Requests awaiting a decision for the children a manager manages: a team
// manager's team's, a locality manager's locality's (by current allocation).
// denied for every other role.
Result<std::vector<AuthorisationRequest>> awaiting_authorisation(store::Database& db, const access::Viewer& manager);

// The manager's decision: authorise, or return with a note (required). The
// assessment then counts as complete (authorised_date), the plan as
// authorised, the closure closes the episode. denied: not a manager, not the
// child's manager, or the manager's own request; conflict: decided (or
// changed) since the manager saw it at authorisation.version.
Status decide_authorisation(store::Database& db, const store::WriteContext& ctx, const access::Viewer& manager,
                            const SeenVersion& authorisation, bool authorise, Date on, const std::string& note);

// Worklists ---------------------------------------------------------------------------
// A worklist's scope and its rows; casework::worklist_page (due_tasks.h) reads
// them a page at a time.

enum class WorkScope { kWorker, kTeam, kLocality };

struct WorklistItem {
  Id person_id = 0;
  std::string child_name;
  std::string worker;
  std::string team;
  DueTask task;
};

}  // namespace kith::casework
