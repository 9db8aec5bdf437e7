// The case record as C++ values: one struct per table that services read
// and write. Field names follow the practitioners' words and the Standard
// Safeguarding Dataset; coded fields use the typed enums of codes.h.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/codes.h"
#include "model/date.h"

namespace kith {

// Stable record id: assigned once, never reused, the same in every projection.
using Id = std::int64_t;

// Kith's own code lists (no DfE equivalent).
enum class Role { kPractitioner, kTeamManager, kLocalityManager, kPartnerPractitioner, kPerformanceAnalyst, kCouncillor, kAdministrator };
std::string_view role_name(Role r);                       // "practitioner", "team_manager", ...
std::optional<Role> role_from_name(std::string_view s);
std::string_view role_label(Role r);                      // "Team manager"
inline constexpr Role kAllRoles[] = {Role::kPractitioner,        Role::kTeamManager,        Role::kLocalityManager,
                                     Role::kPartnerPractitioner, Role::kPerformanceAnalyst, Role::kCouncillor,
                                     Role::kAdministrator};

struct Locality {
  Id id = 0;
  std::string name;
};

struct FamilyHub {
  Id id = 0;
  Id locality_id = 0;
  std::string name;
  std::string postcode;
};

struct Team {
  Id id = 0;
  std::optional<Id> locality_id;
  std::string name;
  std::string team_type;
};

struct Worker {
  Id id = 0;
  std::optional<Id> team_id;
  std::string name;
  std::string role;
  std::string agency;
  std::string contract;  // permanent | agency | partner
  double fte = 1.0;
  Date start_date;
  std::optional<Date> leave_date;
};

struct Person {
  Id id = 0;
  std::string forename;
  std::string surname;
  Sex sex = Sex::kU;
  std::optional<Date> birth_date;
  Ethnicity ethnicity = Ethnicity::kNOBT;
  std::optional<std::string> upn;
  std::optional<Id> address_id;
  std::optional<Id> school_id;
  std::int64_t version = 1;

  std::string full_name() const { return forename + " " + surname; }
};

// person.disability holds the child's CIN census disability codes separated
// by spaces (e.g. "AUT HAND", or "NONE"); this gives them one by one.
std::vector<std::string> disability_codes(const std::string& stored);

struct Family {
  Id id = 0;
  std::string name;
  std::optional<Id> address_id;
  std::optional<Id> locality_id;
  std::optional<Id> family_hub_id;
  std::int64_t version = 1;
};

// A person's place in a family over time (child, parent, carer, ...).
struct FamilyMember {
  Id family_id = 0;
  Id person_id = 0;
  std::string role;  // child | parent | step_parent | carer | grandparent | sibling | other_adult
  Date start_date;
  std::optional<Date> end_date;
};

// One spell of a worker as the family's lead professional.
struct LeadProfessionalSpell {
  Id id = 0;
  Id family_id = 0;
  Id worker_id = 0;
  Date start_date;
  std::optional<Date> end_date;
  std::string reason_for_change;  // why this spell began ("" for the first)
};

// A practitioner from any agency in the team around the family.
struct TafMember {
  Id id = 0;
  Id family_id = 0;
  Id worker_id = 0;
  std::string agency;  // health | police | school | voluntary | youth | council
  Date start_date;
  std::optional<Date> end_date;
};

// One dated event in a family's story, from any part of the pathway.
struct ChronologyEntry {
  Date date;
  std::string kind;     // contact | early_help | referral | assessment | strategy | s47 | conference | cp_plan | cla | placement | review | visit | missing | care_leaver | ehcp | worker
  std::string summary;  // one line for people, e.g. "Placed with in-house foster carer (U6)"
  std::optional<Id> person_id;
};

}  // namespace kith
