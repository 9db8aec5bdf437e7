// The front door: a contact about a child, the needs-led conversation with
// the person who got in touch (the referrer keeps ownership of what they do
// next), the partner checks made by the MASH, and the decision.
//
// A contact is recorded when it comes in (record_contact); the conversation,
// the checks and the decision are recorded together when the decision is made
// (decide), in one audited transaction. Keeping the two moments apart is what
// keeps the contact-to-decision time: contact.received_at and
// contact.decided_at are UTC timestamps.
//
// The decision opens the next piece of work on the same records, never
// re-keyed: "early_help" opens an early help episode for the child's family,
// "referral" a CIN episode (a referral to children's social care), and
// "strategy_discussion" a CIN episode with its strategy discussion.
//
// Alternatives to referral: a contact whose decision is advice, signpost or
// early help, or no further action when the conversation gave advice, found
// a way to meet the family's needs without a referral to children's social
// care. decide() sets conversation.alternative_to_referral for those, so they
// are counted with one query (front_door_counts).
//
// Thread-safety: free functions; each call uses only the Database passed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/users.h"
#include "casework/record_version.h"
#include "casework/routing.h"
#include "model/records.h"
#include "model/result.h"
#include "store/audit_trail.h"
#include "store/database.h"

namespace kith::casework {

inline constexpr std::string_view kContactSources[] = {"police", "health", "school", "family", "self", "voluntary", "anonymous", "other_council"};
inline constexpr std::string_view kDecisions[] = {"nfa", "advice", "signpost", "early_help", "referral", "strategy_discussion"};
inline constexpr std::string_view kPartnerAgencies[] = {"police", "health", "education", "housing", "probation", "adult_social_care", "other"};

// "Police", "Other council" ...; "No further action", "Signpost to a family hub or service" ...
std::string_view source_label(std::string_view source);
std::string_view decision_label(std::string_view decision);
std::string_view agency_label(std::string_view agency);

// Who records at the front door: practitioners and managers. Partners get in
// touch with the front door; they do not open it.
bool may_use_front_door(Role role);

// A problem with one field of a form: the field's id and what to do.
struct FieldProblem {
  std::string field;
  std::string message;
};

// A child not yet known to the council, entered with the contact.
struct NewChild {
  std::string forename, surname;
  std::string birth_date;  // ISO YYYY-MM-DD; empty for unborn / not known
  std::string sex;         // M | F | U
  std::string postcode;
  std::optional<Id> school_id;
};

struct NewContact {
  std::optional<Id> person_id;  // a child already known; otherwise new_child is used
  NewChild new_child;
  std::string source;           // one of kContactSources
  std::string referrer_name, referrer_organisation;
  Date contact_date;
  std::string received_at;      // UTC timestamp the contact came in
  std::optional<Id> worker_id;  // the front door worker taking it
};

// Every problem with a new contact, in form order; empty when it can be recorded.
std::vector<FieldProblem> check_contact(store::Database& db, const NewContact& c);

struct RecordedContact {
  Id contact_id = 0;
  Id person_id = 0;
  Id family_id = 0;
  RoutingSuggestion routing;
};

// Records the contact (and, for a new child, the person, their address and
// family) with the routing suggestion, audited in one transaction. invalid,
// naming the first field, when check_contact finds problems.
Result<RecordedContact> record_contact(store::Database& db, const store::WriteContext& ctx, const NewContact& c);

struct PartnerCheck {
  std::string agency;   // one of kPartnerAgencies
  std::string finding;  // what they hold ("nothing known" is a finding)
};

struct Decision {
  Id contact_id = 0;
  std::int64_t contact_version = 0;  // the contact's version when the decision form was opened
  // The conversation with the referrer.
  std::string needs;               // the family's needs in their words (required)
  std::string best_placed;         // who is best placed to help
  std::string referrer_next_step;  // what the referrer will do next
  bool referrer_keeps_lead = false;
  bool advice_given = false;
  std::vector<PartnerCheck> checks;
  // The decision.
  std::string decision;  // one of kDecisions
  std::string reason;    // why (required for referral and strategy discussion)
  std::optional<Id> signpost_service_id;  // the directory entry, required for signpost
  Date decided_on;
  std::string decided_at;  // UTC timestamp
};

// Every problem with a decision, in form order; empty when it can be saved.
std::vector<FieldProblem> check_decision(store::Database& db, const Decision& d);

struct DecisionResult {
  bool alternative_to_referral = false;
  std::optional<Id> early_help_episode_id, cin_episode_id, strategy_discussion_id;
};

// Saves the conversation, partner checks and decision and opens what the
// decision opens, audited in one transaction. invalid (first field named)
// when check_decision finds problems; conflict when the contact was decided
// already or its version is no longer contact_version (someone else saved it).
Result<DecisionResult> decide(store::Database& db, const store::WriteContext& ctx, const Decision& d);

// One contact as the front door lists and shows it.
struct ContactView {
  Id id = 0;
  Id person_id = 0;
  std::optional<Id> family_id;
  std::string child_name;
  std::string source;
  std::string referrer_name, referrer_organisation;
  Date contact_date;
  std::string received_at, decided_at;
  std::string decision, decision_reason;
  std::optional<Date> decision_date;
  std::optional<long> minutes_to_decision;
  std::optional<Id> signpost_service_id;
  std::string signpost_service;
  // The conversation, when recorded.
  std::string needs, best_placed, referrer_next_step;
  bool referrer_keeps_lead = false, advice_given = false, alternative_to_referral = false;
  std::vector<PartnerCheck> checks;
  std::int64_t version = 1;  // what the decision form names back (record_version.h)
};

// A contact with its conversation and checks; not_found when unknown.
Result<ContactView> load_contact(store::Database& db, Id contact_id);
// The contacts received on a day, newest first (no conversation details).
Result<std::vector<ContactView>> contacts_on(store::Database& db, Date day);

// Minutes between two UTC timestamps 'YYYY-MM-DDTHH:MM[:SS]Z'; nullopt when either is malformed.
std::optional<long> minutes_between(std::string_view from, std::string_view to);
// Now as a UTC timestamp 'YYYY-MM-DDTHH:MM:SSZ'.
std::string utc_now();

// Front door figures for decisions made in [from, to]: no child identifiers.
struct FrontDoorCounts {
  int contacts = 0;                 // contacts received in the period
  int decided = 0;                  // of those decided in the period
  int alternatives_to_referral = 0;
  int referrals = 0;                // referral + strategy discussion
  std::optional<long> median_minutes_to_decision;
};
Result<FrontDoorCounts> front_door_counts(store::Database& db, Date from, Date to);

}  // namespace kith::casework
