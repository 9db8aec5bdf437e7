// The council's organisation: localities, family hubs, learning
// communities and schools, teams and workers. Teams, hubs and schools
// belong to a locality; schools belong to a learning community.
//
// Writes are audited and transactional, like every store.
// Thread-safety: an OrganisationStore uses one Database and belongs to one thread.
#pragma once

#include <memory>
#include <vector>

#include "model/records.h"
#include "store/audit_trail.h"
#include "store/database.h"

namespace kith::store {

class OrganisationStore {
 public:
  virtual ~OrganisationStore() = default;

  // Every locality, by name.
  virtual Result<std::vector<Locality>> localities() = 0;
  // Adds a locality of the council and returns its stable id.
  virtual Result<Id> add_locality(Id council_id, const std::string& name, const WriteContext& ctx) = 0;
  // The family hubs of a locality, by name.
  virtual Result<std::vector<FamilyHub>> family_hubs(Id locality_id) = 0;
  // Adds a family hub; invalid for an unknown locality or an empty postcode.
  virtual Result<Id> add_family_hub(const FamilyHub& hub, const WriteContext& ctx) = 0;
  // The teams of a locality (council-wide teams when locality_id is nullopt).
  virtual Result<std::vector<Team>> teams(std::optional<Id> locality_id) = 0;
  // Adds a team and returns its stable id.
  virtual Result<Id> add_team(const Team& team, const WriteContext& ctx) = 0;
  // The workers of a team who have not left by `on`.
  virtual Result<std::vector<Worker>> workers(Id team_id, Date on) = 0;
  // Adds a worker; invalid when contract is not permanent, agency or partner or FTE is not in (0, 1.5].
  virtual Result<Id> add_worker(const Worker& worker, const WriteContext& ctx) = 0;
  // Records that a worker left on a date, with the reason.
  virtual Status record_leaver(Id worker_id, Date leave_date, const std::string& reason, const WriteContext& ctx) = 0;
};

std::unique_ptr<OrganisationStore> make_organisation_store(Database& db);

}  // namespace kith::store
