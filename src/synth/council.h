// One synthetic council held in memory while it is generated: organisation,
// people and every statutory record, as rows ready for the writer. A council
// is built, written and dropped before the next one starts, so memory stays
// bounded by the largest council, not by England.
//
// Thread-safety: plain values, owned by the generating thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/date.h"
#include "model/random.h"
#include "synth/reference.h"

namespace kith::synth {

using Id = std::int64_t;
using OptDate = std::optional<Date>;

// Application-assigned ids, one monotonic sequence per table, continuing
// from whatever the database already holds. Conversations share their
// contact's id (one conversation per contact).
struct IdSequences {
  Id council = 1, locality = 1, hub = 1, learning_community = 1, school = 1, team = 1, worker = 1, absence = 1,
     provider = 1, address = 1, person = 1, family = 1, lead_professional = 1, taf = 1, contact = 1,
     early_help = 1, cin = 1, assessment = 1, cin_plan = 1, strategy = 1, section47 = 1,
     conference = 1, cp_plan = 1, cla = 1, legal_status = 1, placement = 1, review = 1, health = 1, visit = 1,
     missing = 1, care_leaver = 1, care_leaver_contact = 1, ehcp = 1, involvement = 1, health_outcome = 1,
     adoption = 1, adoption_decision = 1;
};

enum class TeamType { kFrontDoor, kEarlyHelp, kAssessment, kSafeguarding, kChildrenInCare, kLeavingCare, kDisability };
std::string_view team_type_name(TeamType t);

// The time frame: everything is simulated from each child's birth, and rows
// are kept when they touch [window_start, until].
struct Window {
  Date window_start, until;
  bool touches(Date start, OptDate end) const { return start <= until && (!end || *end >= window_start); }
  bool contains(Date d) const { return d >= window_start && d <= until; }
};

// Organisation -------------------------------------------------------------
struct LocalityArea {
  Id id = 0;
  std::string name;
  double easting = 0, northing = 0;
  std::vector<int> postcodes;  // indexes into the council's postcode list
  std::vector<Id> hubs, primaries, secondaries;
  std::vector<std::string> hub_names, hub_postcodes;
  std::int64_t children = 0;
};

struct LearningCommunity {
  Id id = 0, locality_id = 0;
  std::string name;
};

struct School {
  Id id = 0, learning_community_id = 0;
  std::string name, phase, postcode;
};

struct Team {
  Id id = 0;
  int locality = -1;  // index into localities; -1 for council-wide teams
  std::optional<Id> hub_id;
  TeamType type = TeamType::kFrontDoor;
  std::string name;
};

struct Worker {
  Id id = 0;
  int team = 0;  // index into teams
  std::string name, role, agency, contract;
  double fte = 1.0;
  Date start;
  OptDate leave;
  std::string leave_reason;
  bool holds_cases = false;
  bool present(Date d) const { return start <= d && (!leave || d < *leave); }
};

struct Absence {
  Id id = 0, worker_id = 0;
  Date start, end;
  int working_days = 0;
};

struct Provider {
  Id id = 0;
  std::string name, provider_type, provider_code, postcode;
  int capacity = 1;
  std::int64_t weekly_cost_pence = 0;
};

// People -------------------------------------------------------------------
struct Address {
  Id id = 0;
  int postcode = 0;  // index into the council's postcodes
  int locality = 0;
};

struct Person {
  Id id = 0;
  std::string_view forename, surname;  // from the built-in name lists
  char sex = 'U';
  Date birth;
  std::string_view ethnicity = "WBRI", disability = "NONE";
  bool has_upn = false;  // the UPN is derived from the id when written
  Id address_id = 0;
  std::optional<Id> school_id;
  int family = 0;
  bool child = false;
};

struct Family {
  Id id = 0;
  std::string name;
  Id address_id = 0;
  int locality = 0;
  Id hub_id = 0;
  double risk = 1.0;  // shared by siblings: families differ in how often services meet them
  std::vector<int> parents, children;  // indexes into people
};

// Front door and early help -----------------------------------------------
struct Contact {
  Id id = 0, person_id = 0, family_id = 0;
  Date date, decision_date;
  std::string_view source, decision;
  std::optional<Id> worker_id;
  std::string_view needs, best_placed, next_step;
  bool keeps_lead = false, advice = false, signposted = false, alternative = false;
};

// A child's need for early help; siblings' requests merge into one family episode.
struct EarlyHelpRequest {
  int family = 0;
  Date start, end;
  std::optional<Id> contact_id;
  std::string_view end_reason;  // needs_met | step_up | disengaged | moved
  std::optional<Id> stepped_down_from_cin;
  int child = 0;  // index into people
};

struct EarlyHelpEpisode {
  Id id = 0;
  int family = 0;
  Date start;
  OptDate end;
  std::string_view end_reason;
  std::optional<Id> contact_id, stepped_down_from_cin;
  Id team_id = 0;
};

struct LeadProfessional {
  Id id = 0, family_id = 0, worker_id = 0;
  Date start;
  OptDate end;
  std::string_view reason;
};

struct TafMember {
  Id id = 0, family_id = 0, worker_id = 0;
  std::string_view agency;
  Date start;
  OptDate end;
};

// Statutory work -------------------------------------------------------------
struct CinEpisode {
  Id id = 0, person_id = 0;
  std::optional<Id> contact_id, stepped_up_from_eh;
  Date referral_date;
  std::string_view source;
  std::optional<std::string_view> primary_need;
  bool nfa = false;
  OptDate close;
  std::optional<std::string_view> closure_reason;
  int child = 0;
  int step_up_request = -1;  // index of the early help request this referral stepped up from
};

struct Assessment {
  Id id = 0, cin_id = 0;
  Date start;
  OptDate authorised;
  std::string_view outcome;
  std::optional<Id> worker_id;
  std::vector<std::string_view> factors;
  int child = 0;
};

struct CinPlan {
  Id id = 0, cin_id = 0;
  Date start;
  OptDate end;
};

struct StrategyDiscussion {
  Id id = 0, cin_id = 0;
  Date date;
};

struct Section47 {
  Id id = 0, cin_id = 0, strategy_id = 0;
  Date start;
  OptDate end;
  bool icpc_required = false;
};

struct Conference {
  Id id = 0, cin_id = 0;
  std::optional<Id> section47_id;
  std::string_view kind;
  Date date;
  bool plan_required = false;
};

struct CpPlan {
  Id id = 0, cin_id = 0, person_id = 0;
  Date start;
  OptDate end;
  std::string_view initial_category, latest_category;
};

struct ClaPeriod {
  Id id = 0, person_id = 0, cin_id = 0;
  Date start;
  OptDate end;
  std::optional<std::string_view> reason_ceased;
  std::string_view category_of_need;
  std::string home_postcode;
};

struct LegalStatus {
  Id id = 0, cla_id = 0;
  Date start;
  std::string_view status;
};

struct Placement {
  Id id = 0, cla_id = 0;
  std::optional<Id> provider_id;
  Date start;
  OptDate end;
  std::string_view type, provider_code;
  std::optional<std::string> postcode;
  std::optional<std::string_view> reason_change;
  std::int64_t weekly_cost_pence = 0;
};

struct Review {
  Id id = 0, cla_id = 0;
  Date date;
  std::string_view participation;
};

struct HealthCheck {
  Id id = 0, person_id = 0;
  std::string_view kind;
  Date date;
};

// SSDA903 OC2 outcomes of a child looked after for 12 months at 31 March of
// collection_year: codes as the return has them, "" for blank.
struct HealthOutcome {
  Id id = 0, person_id = 0;
  int collection_year = 0;
  std::string sdq_score;
  std::string_view sdq_reason, convicted, health_check, immunisations, teeth_check, health_assessment, substance_misuse,
      intervention_received, intervention_offered;
};

// SSDA903 PlacedAdoption and AD1: the decision that a child should be placed
// for adoption, and the adoption itself (adopters' codes as the return has them).
struct AdoptionDecision {
  Id id = 0, person_id = 0;
  Date decided;
};
struct Adoption {
  Id id = 0, person_id = 0;
  Date decided, matched;
  std::string_view foster_care, adopters, adopters_sex, adopters_status;
};

struct Visit {
  Id person_id = 0;
  int child = 0;
  Date date;
  bool seen_alone = false;
  std::string_view context;
  std::optional<Id> worker_id;
};

struct MissingEpisode {
  Id id = 0, person_id = 0;
  Date start;
  OptDate end;
  std::string_view type;
  bool interview_offered = false;
};

struct CareLeaver {
  Id id = 0, person_id = 0;
  std::optional<Id> adviser_id;
  OptDate pathway_plan;
  std::string_view eligibility;
  int child = 0;
  Date support_start, support_end;  // 18th birthday to 21st (25th for some)
};

struct CareLeaverContact {
  Id id = 0, care_leaver_id = 0;
  Date date;
  std::string_view in_touch, activity, accommodation;
};

struct Ehcp {
  Id id = 0, person_id = 0;
  Date request;
  OptDate plan, end;
};

// A stretch of a child's case held by one kind of team; the allocation sweep
// turns segments into involvements with named workers.
struct Segment {
  int child = 0;
  int team = 0;  // index into teams
  Date start;
  OptDate end;
  std::string_view role;            // allocated_social_worker | personal_adviser
  std::string_view reason_at_end;   // why the child moved on (team_transfer, step_up, ...); empty at closure
  int assessment = -1;              // index of the assessment this segment carries out, if any
};

struct Involvement {
  Id id = 0, person_id = 0, worker_id = 0, team_id = 0;
  std::string_view role;
  Date start;
  OptDate end;
  std::string_view reason;  // why this allocation began (the change from the previous worker): worker_left | team_transfer | step_up | step_down | caseload | family_request; empty for a first allocation
  int child = 0;
};

// Everything generated for one council.
struct Council {
  Authority authority;
  Id id = 0;
  std::string name;
  std::vector<Postcode> postcodes;
  const std::vector<Postcode>* elsewhere = nullptr;
  Window window;

  std::vector<LocalityArea> localities;
  std::vector<LearningCommunity> learning_communities;
  std::vector<School> schools;
  std::vector<Team> teams;
  std::vector<Worker> workers;
  std::vector<Absence> absences;
  std::vector<Provider> providers;

  std::vector<int> postcode_locality;  // locality index of each postcode
  std::vector<Address> addresses;
  std::vector<Person> people;
  std::vector<Family> families;

  std::vector<Contact> contacts;
  std::vector<EarlyHelpRequest> early_help_requests;
  std::vector<EarlyHelpEpisode> early_help;
  std::vector<LeadProfessional> lead_professionals;
  std::vector<TafMember> taf_members;
  std::vector<CinEpisode> cin;
  std::vector<Assessment> assessments;
  std::vector<CinPlan> cin_plans;
  std::vector<StrategyDiscussion> strategies;
  std::vector<Section47> section47s;
  std::vector<Conference> conferences;
  std::vector<CpPlan> cp_plans;
  std::vector<ClaPeriod> cla;
  std::vector<LegalStatus> legal_statuses;
  std::vector<Placement> placements;
  std::vector<Review> reviews;
  std::vector<HealthCheck> health_checks;
  std::vector<HealthOutcome> health_outcomes;
  std::vector<AdoptionDecision> adoption_decisions;
  std::vector<Adoption> adoptions;
  std::vector<Visit> visits;
  std::vector<MissingEpisode> missing;
  std::vector<CareLeaver> care_leavers;
  std::vector<CareLeaverContact> care_leaver_contacts;
  std::vector<Ehcp> ehcps;
  std::vector<Segment> segments;
  std::vector<Involvement> involvements;

  // Team lookup: the team of a type serving a locality (or the council-wide one).
  int team_for(TeamType type, int locality) const;
  std::string postcode_text(int index) const { return postcodes[std::size_t(index)].text(); }
};

}  // namespace kith::synth
