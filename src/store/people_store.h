// People and families: persons, families with members and roles, the one
// lead professional per family (with history and the reason for each
// change) and the team around the family.
//
// Every write runs in its own transaction together with its audit entry,
// so a write is either complete and audited or absent. Updates check the
// record's version (optimistic concurrency): saving over someone else's
// newer change fails with a conflict instead of losing it.
//
// Thread-safety: a PeopleStore uses one Database and belongs to one thread.
#pragma once

#include <memory>
#include <vector>

#include "model/records.h"
#include "store/audit_trail.h"
#include "store/database.h"

namespace kith::store {

class PeopleStore {
 public:
  virtual ~PeopleStore() = default;

  // The person with this id; not_found when there is none.
  virtual Result<Person> person(Id id) = 0;
  // Adds a person with a new stable id (person.id is ignored) and returns the id.
  // invalid when a required field (forename, surname) is empty.
  virtual Result<Id> add_person(const Person& person, const WriteContext& ctx) = 0;
  // Saves changes to a person whose version is person.version; bumps the version.
  // conflict when the stored version is newer (someone else saved first).
  virtual Status update_person(const Person& person, const WriteContext& ctx) = 0;

  // The family with this id; not_found when there is none.
  virtual Result<Family> family(Id id) = 0;
  // Adds a family with a new stable id and returns the id.
  virtual Result<Id> add_family(const Family& family, const WriteContext& ctx) = 0;
  // Adds a person to a family in a role from a date. invalid for an unknown role.
  virtual Status add_member(const FamilyMember& member, const WriteContext& ctx) = 0;
  // The family's members, current and past, oldest membership first.
  virtual Result<std::vector<FamilyMember>> members(Id family_id) = 0;

  // Makes worker the family's lead professional from start, ending the current
  // spell the day before. reason is required when there is a current spell.
  virtual Result<Id> assign_lead_professional(Id family_id, Id worker_id, Date start, const std::string& reason,
                                              const WriteContext& ctx) = 0;
  // Every lead professional spell of the family, oldest first.
  virtual Result<std::vector<LeadProfessionalSpell>> lead_professionals(Id family_id) = 0;

  // Adds a practitioner to the team around the family.
  virtual Result<Id> add_taf_member(const TafMember& member, const WriteContext& ctx) = 0;
  // The team around the family, current members only.
  virtual Result<std::vector<TafMember>> team_around_family(Id family_id) = 0;
};

// The SQL implementation (SQLite now, PostgreSQL through the same Database).
std::unique_ptr<PeopleStore> make_people_store(Database& db);

}  // namespace kith::store
