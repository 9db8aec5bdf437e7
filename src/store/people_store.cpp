#include "store/people_store.h"

#include <algorithm>
#include <array>

#include "store/audited_write.h"

namespace kith::store {
namespace {

constexpr std::array<std::string_view, 7> kFamilyRoles = {"child", "parent", "step_parent", "carer",
                                                          "grandparent", "sibling", "other_adult"};

constexpr const char* kPersonColumns =
    "SELECT id, forename, surname, sex, birth_date, ethnicity, upn, address_id, school_id, version FROM person ";

Person read_person(const Statement& s) {
  Person p;
  p.id = s.int64(0);
  p.forename = s.text(1);
  p.surname = s.text(2);
  p.sex = from_code<Sex>(s.text(3)).value_or(Sex::kU);
  p.birth_date = s.date(4);
  p.ethnicity = from_code<Ethnicity>(s.text(5)).value_or(Ethnicity::kNOBT);
  p.upn = s.opt_text(6);
  p.address_id = s.opt_int64(7);
  p.school_id = s.opt_int64(8);
  p.version = s.int64(9);
  return p;
}

Status check_person(const Person& p) {
  if (p.forename.empty()) return Status::invalid("forename: enter the person's first name");
  if (p.surname.empty()) return Status::invalid("surname: enter the person's last name");
  return Status::ok();
}

std::vector<Value> person_values(const Person& p) {
  return {p.forename, p.surname, std::string(code(p.sex)), date(p.birth_date), std::string(code(p.ethnicity)),
          opt(p.upn), opt(p.address_id), opt(p.school_id)};
}

class SqlPeopleStore final : public PeopleStore {
 public:
  explicit SqlPeopleStore(Database& db) : db_(db) {}

  Result<Person> person(Id id) override {
    std::optional<Person> p;
    KITH_RETURN_IF_ERROR(db_.run(std::string(kPersonColumns) + "WHERE id = ?", {id}, [&](const Statement& s) { p = read_person(s); }));
    if (!p) return Status::not_found("no person with id " + std::to_string(id));
    return *p;
  }

  Result<Id> add_person(const Person& p, const WriteContext& ctx) override {
    KITH_RETURN_IF_ERROR(check_person(p));
    return audited_insert(db_, ctx, "person", [&](Id id) {
      std::vector<Value> v = {id};
      for (Value& x : person_values(p)) v.push_back(std::move(x));
      return db_.run("INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity, upn, address_id, school_id) "
                     "VALUES (?,?,?,?,?,?,?,?,?)", v);
    });
  }

  Status update_person(const Person& p, const WriteContext& ctx) override {
    KITH_RETURN_IF_ERROR(check_person(p));
    return audited_write(db_, ctx, "update", "person", [&]() -> Status {
      std::vector<Value> v = person_values(p);
      v.push_back(p.id);
      v.push_back(p.version);
      int changed = 0;  // RETURNING (not changes()) so PostgreSQL runs the same SQL
      KITH_RETURN_IF_ERROR(db_.run("UPDATE person SET forename = ?, surname = ?, sex = ?, birth_date = ?, ethnicity = ?, upn = ?, "
                                   "address_id = ?, school_id = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id",
                                   v, [&](const Statement&) { ++changed; }));
      return changed ? Status::ok() : stale_or_missing("person", p.id);
    }, [&] { return std::to_string(p.id); });
  }

  Result<Family> family(Id id) override {
    std::optional<Family> f;
    KITH_RETURN_IF_ERROR(db_.run("SELECT id, name, address_id, locality_id, family_hub_id, version FROM family WHERE id = ?", {id},
                                 [&](const Statement& s) {
                                   f = Family{s.int64(0), s.text(1), s.opt_int64(2), s.opt_int64(3), s.opt_int64(4), s.int64(5)};
                                 }));
    if (!f) return Status::not_found("no family with id " + std::to_string(id));
    return *f;
  }

  Result<Id> add_family(const Family& f, const WriteContext& ctx) override {
    if (f.name.empty()) return Status::invalid("name: enter the family's name");
    return audited_insert(db_, ctx, "family", [&](Id id) {
      return db_.run("INSERT INTO family (id, name, address_id, locality_id, family_hub_id) VALUES (?,?,?,?,?)",
                     {id, f.name, opt(f.address_id), opt(f.locality_id), opt(f.family_hub_id)});
    });
  }

  Status add_member(const FamilyMember& m, const WriteContext& ctx) override {
    if (std::find(kFamilyRoles.begin(), kFamilyRoles.end(), m.role) == kFamilyRoles.end())
      return Status::invalid("role: '" + m.role + "' is not a family role");
    return audited_write(db_, ctx, "create", "family_member", [&] {
      return db_.run("INSERT INTO family_member (family_id, person_id, role, start_date, end_date) VALUES (?,?,?,?,?)",
                     {m.family_id, m.person_id, m.role, date(m.start_date), date(m.end_date)});
    }, [&] { return std::to_string(m.family_id) + ":" + std::to_string(m.person_id); });
  }

  Result<std::vector<FamilyMember>> members(Id family_id) override {
    std::vector<FamilyMember> out;
    KITH_RETURN_IF_ERROR(db_.run(
        "SELECT family_id, person_id, role, start_date, end_date FROM family_member WHERE family_id = ? ORDER BY start_date, person_id",
        {family_id}, [&](const Statement& s) {
          out.push_back({s.int64(0), s.int64(1), s.text(2), s.date(3).value_or(Date()), s.date(4)});
        }));
    return out;
  }

  Result<Id> assign_lead_professional(Id family_id, Id worker_id, Date start, const std::string& reason,
                                      const WriteContext& ctx) override {
    Id id = 0;
    Status s = audited_write(db_, ctx, "update", "family", [&]() -> Status {
      auto current = db_.scalar("SELECT count(*) FROM lead_professional WHERE family_id = ? AND end_date IS NULL", {family_id});
      if (!current) return current.status();
      if (*current > 0 && reason.empty())
        return Status::invalid("reason_for_change: say why the lead professional is changing");
      KITH_RETURN_IF_ERROR(db_.run("UPDATE lead_professional SET end_date = ? WHERE family_id = ? AND end_date IS NULL",
                                   {date(start.plus_days(-1)), family_id}));
      auto next = next_id(db_, "lead_professional");
      if (!next) return next.status();
      id = *next;
      return db_.run("INSERT INTO lead_professional (id, family_id, worker_id, start_date, reason_for_change) VALUES (?,?,?,?,?)",
                     {id, family_id, worker_id, date(start), reason.empty() ? null() : Value(reason)});
    }, [&] { return std::to_string(family_id); });
    if (!s) return s;
    return id;
  }

  Result<std::vector<LeadProfessionalSpell>> lead_professionals(Id family_id) override {
    std::vector<LeadProfessionalSpell> out;
    KITH_RETURN_IF_ERROR(db_.run(
        "SELECT id, family_id, worker_id, start_date, end_date, reason_for_change FROM lead_professional "
        "WHERE family_id = ? ORDER BY start_date, id",
        {family_id}, [&](const Statement& s) {
          out.push_back({s.int64(0), s.int64(1), s.int64(2), s.date(3).value_or(Date()), s.date(4), s.opt_text(5).value_or("")});
        }));
    return out;
  }

  Result<Id> add_taf_member(const TafMember& m, const WriteContext& ctx) override {
    return audited_insert(db_, ctx, "taf_member", [&](Id id) {
      return db_.run("INSERT INTO taf_member (id, family_id, worker_id, agency, start_date, end_date) VALUES (?,?,?,?,?,?)",
                     {id, m.family_id, m.worker_id, m.agency, date(m.start_date), date(m.end_date)});
    });
  }

  Result<std::vector<TafMember>> team_around_family(Id family_id) override {
    std::vector<TafMember> out;
    KITH_RETURN_IF_ERROR(db_.run(
        "SELECT id, family_id, worker_id, agency, start_date, end_date FROM taf_member "
        "WHERE family_id = ? AND end_date IS NULL ORDER BY start_date, id",
        {family_id}, [&](const Statement& s) {
          out.push_back({s.int64(0), s.int64(1), s.int64(2), s.text(3), s.date(4).value_or(Date()), s.date(5)});
        }));
    return out;
  }

 private:
  Status stale_or_missing(const std::string& entity, Id id) {
    auto exists = db_.scalar("SELECT count(*) FROM " + entity + " WHERE id = ?", {id});
    if (exists && *exists == 0) return Status::not_found("no " + entity + " with id " + std::to_string(id));
    return Status::conflict("this " + entity + " was changed by someone else since you opened it; reload to see their changes");
  }

  Database& db_;
};

}  // namespace

std::unique_ptr<PeopleStore> make_people_store(Database& db) { return std::make_unique<SqlPeopleStore>(db); }

}  // namespace kith::store
