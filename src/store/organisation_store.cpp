#include "store/organisation_store.h"

#include "store/audited_write.h"

namespace kith::store {
namespace {

Worker read_worker(const Statement& s) {
  Worker w;
  w.id = s.int64(0);
  w.team_id = s.opt_int64(1);
  w.name = s.text(2);
  w.role = s.text(3);
  w.agency = s.text(4);
  w.contract = s.text(5);
  w.fte = s.real(6);
  w.start_date = s.date(7).value_or(Date());
  w.leave_date = s.date(8);
  return w;
}

Status check_worker(const Worker& w) {
  if (w.name.empty()) return Status::invalid("name: enter the worker's name");
  if (w.contract != "permanent" && w.contract != "agency" && w.contract != "partner")
    return Status::invalid("contract: must be permanent, agency or partner, not '" + w.contract + "'");
  if (!(w.fte > 0 && w.fte <= 1.5)) return Status::invalid("fte: must be more than 0 and at most 1.5");
  return Status::ok();
}

class SqlOrganisationStore final : public OrganisationStore {
 public:
  explicit SqlOrganisationStore(Database& db) : db_(db) {}

  Result<std::vector<Locality>> localities() override {
    std::vector<Locality> out;
    KITH_RETURN_IF_ERROR(db_.run("SELECT id, name FROM locality ORDER BY name", {},
                                 [&](const Statement& s) { out.push_back({s.int64(0), s.text(1)}); }));
    return out;
  }

  Result<Id> add_locality(Id council_id, const std::string& name, const WriteContext& ctx) override {
    if (name.empty()) return Status::invalid("name: enter the locality's name");
    return insert(ctx, "locality", [&](Id id) {
      return db_.run("INSERT INTO locality (id, council_id, name) VALUES (?,?,?)", {id, council_id, name});
    });
  }

  Result<std::vector<FamilyHub>> family_hubs(Id locality_id) override {
    std::vector<FamilyHub> out;
    KITH_RETURN_IF_ERROR(db_.run("SELECT id, locality_id, name, postcode FROM family_hub WHERE locality_id = ? ORDER BY name",
                                 {locality_id}, [&](const Statement& s) {
                                   out.push_back({s.int64(0), s.int64(1), s.text(2), s.text(3)});
                                 }));
    return out;
  }

  Result<Id> add_family_hub(const FamilyHub& hub, const WriteContext& ctx) override {
    if (hub.postcode.empty()) return Status::invalid("postcode: enter the hub's postcode");
    return insert(ctx, "family_hub", [&](Id id) {
      return db_.run("INSERT INTO family_hub (id, locality_id, name, postcode) VALUES (?,?,?,?)",
                     {id, hub.locality_id, hub.name, hub.postcode});
    });
  }

  Result<std::vector<Team>> teams(std::optional<Id> locality_id) override {
    std::vector<Team> out;
    auto add = [&](const Statement& s) { out.push_back({s.int64(0), s.opt_int64(1), s.text(2), s.text(3)}); };
    if (locality_id)
      KITH_RETURN_IF_ERROR(db_.run("SELECT id, locality_id, name, team_type FROM team WHERE locality_id = ? ORDER BY name",
                                   {*locality_id}, add));
    else
      KITH_RETURN_IF_ERROR(db_.run("SELECT id, locality_id, name, team_type FROM team WHERE locality_id IS NULL ORDER BY name", {}, add));
    return out;
  }

  Result<Id> add_team(const Team& t, const WriteContext& ctx) override {
    if (t.name.empty()) return Status::invalid("name: enter the team's name");
    return insert(ctx, "team", [&](Id id) {
      return db_.run("INSERT INTO team (id, locality_id, family_hub_id, name, team_type) VALUES (?,?,NULL,?,?)",
                     {id, opt(t.locality_id), t.name, t.team_type});
    });
  }

  Result<std::vector<Worker>> workers(Id team_id, Date on) override {
    std::vector<Worker> out;
    KITH_RETURN_IF_ERROR(db_.run(
        "SELECT id, team_id, name, role, agency, contract, fte, start_date, leave_date FROM worker "
        "WHERE team_id = ? AND start_date <= ? AND (leave_date IS NULL OR leave_date > ?) ORDER BY name",
        {team_id, date(on), date(on)}, [&](const Statement& s) { out.push_back(read_worker(s)); }));
    return out;
  }

  Result<Id> add_worker(const Worker& w, const WriteContext& ctx) override {
    KITH_RETURN_IF_ERROR(check_worker(w));
    return insert(ctx, "worker", [&](Id id) {
      return db_.run(
          "INSERT INTO worker (id, team_id, name, role, agency, contract, fte, start_date, leave_date, leave_reason) "
          "VALUES (?,?,?,?,?,?,?,?,?,NULL)",
          {id, opt(w.team_id), w.name, w.role, w.agency, w.contract, w.fte, date(w.start_date), date(w.leave_date)});
    });
  }

  Status record_leaver(Id worker_id, Date leave_date, const std::string& reason, const WriteContext& ctx) override {
    if (reason.empty()) return Status::invalid("leave_reason: say why the worker left");
    return audited_write(db_, ctx, "update", "worker", [&]() -> Status {
      int changed = 0;
      KITH_RETURN_IF_ERROR(db_.run("UPDATE worker SET leave_date = ?, leave_reason = ? WHERE id = ? RETURNING id",
                                   {date(leave_date), reason, worker_id}, [&](const Statement&) { ++changed; }));
      return changed ? Status::ok() : Status::not_found("no worker with id " + std::to_string(worker_id));
    }, [&] { return std::to_string(worker_id); });
  }

 private:
  Result<Id> insert(const WriteContext& ctx, const std::string& table, const std::function<Status(Id)>& write) {
    return audited_insert(db_, ctx, table, write);
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<OrganisationStore> make_organisation_store(Database& db) { return std::make_unique<SqlOrganisationStore>(db); }

}  // namespace kith::store
