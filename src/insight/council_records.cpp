// The record for one period, split by council (load_council_records): the
// national-scale path. A store of every English council holds ~30 million
// people, of whom the indicators read only those the rows mention (a few
// million); the child population, the one figure about everyone, is counted
// in SQL. Every row then goes to its council's CaseRecord so councils are
// computed independently (in parallel) and England is their sum.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "insight/case_record.h"

namespace kith::insight {
namespace {

using store::Statement;
using store::Value;

constexpr std::size_t kNoCouncil = std::size_t(-1);

Date required_date(const Statement& s, int col) { return s.date(col).value_or(Date()); }

// The people the indicators can read: anyone a loaded row names. Health checks
// and EHCPs are read only for children looked after, so their people are in
// cla_period already.
const char* const kMentioned =
    "SELECT person_id FROM contact UNION SELECT person_id FROM cin_episode UNION SELECT person_id FROM cp_plan "
    "UNION SELECT person_id FROM cla_period UNION SELECT person_id FROM involvement UNION SELECT person_id FROM care_leaver";
const char* const kEverLookedAfter = "SELECT person_id FROM cla_period";

// The latest day on which someone born then is `age` or older on `day`: a child
// is younger than `age` on `day` exactly when born after it (Date::years_since).
Date born_by_for_age(Date day, int age) {
  Date d = day.plus_months(-12 * age);
  while (day.years_since(d.plus_days(1)) >= age) d = d.plus_days(1);
  while (day.years_since(d) < age) d = d.plus_days(-1);
  return d;
}

// Everything the loader shares while routing rows to councils.
struct Loader {
  Loader(store::Database& database, Date as_of) : db(database) { out.as_of = as_of; }

  store::Database& db;
  CouncilRecords out;
  std::unordered_map<Id, std::size_t> council_index;     // council id -> index in out.councils
  std::unordered_map<Id, std::size_t> locality_council;  // -> index
  std::map<Id, std::string> locality_names, hub_names;
  std::unordered_map<Id, Id> hub_locality;
  std::map<Id, TeamRow> teams;
  std::unordered_map<Id, std::size_t> team_council, family_council, person_council, worker_council;
  std::size_t unattributed = kNoCouncil;

  // The rows of no council, made once the councils are read (so no later push_back moves a
  // council while rows point into it) and dropped at the end when empty.
  std::size_t no_council() const { return unattributed; }
  std::size_t of_locality(const std::optional<Id>& locality) const {
    if (!locality) return kNoCouncil;
    auto it = locality_council.find(*locality);
    return it == locality_council.end() ? kNoCouncil : it->second;
  }
  std::size_t of_hub(const std::optional<Id>& hub) const {
    if (!hub) return kNoCouncil;
    auto it = hub_locality.find(*hub);
    return it == hub_locality.end() ? kNoCouncil : of_locality(it->second);
  }
  static std::size_t find_in(const std::unordered_map<Id, std::size_t>& m, Id id) {
    auto it = m.find(id);
    return it == m.end() ? kNoCouncil : it->second;
  }
  std::size_t or_none(std::size_t index) { return index == kNoCouncil ? no_council() : index; }
  CaseRecord& record(std::size_t index) { return out.councils[or_none(index)].record; }
  CaseRecord& of_person(Id person) { return record(find_in(person_council, person)); }
  CaseRecord& of_family(Id family) { return record(find_in(family_council, family)); }

  Status organisation();
  Status people();
  Status population();
  Status front_door();
  Status statutory();
  Status care();
  Status work();
  void names();
};

Status Loader::organisation() {
  KITH_RETURN_IF_ERROR(db.run("SELECT id, la_code, name FROM council ORDER BY id", {}, [&](const Statement& s) {
    council_index[s.int64(0)] = out.councils.size();
    out.councils.push_back({s.int64(0), s.text(1), s.text(2), {}});
  }));
  unattributed = out.councils.size();
  out.councils.push_back({0, "", "Rows of no council", {}});
  KITH_RETURN_IF_ERROR(db.run("SELECT id, council_id, name FROM locality", {}, [&](const Statement& s) {
    locality_names[s.int64(0)] = s.text(2);
    if (auto c = council_index.find(s.int64(1)); c != council_index.end()) locality_council[s.int64(0)] = c->second;
  }));
  KITH_RETURN_IF_ERROR(db.run("SELECT id, locality_id, name FROM family_hub", {}, [&](const Statement& s) {
    hub_names[s.int64(0)] = s.text(2);
    hub_locality[s.int64(0)] = s.int64(1);
  }));
  return db.run("SELECT id, name, locality_id, family_hub_id FROM team", {}, [&](const Statement& s) {
    TeamRow t{s.text(1), s.opt_int64(2), s.opt_int64(3)};
    std::size_t c = of_locality(t.locality);
    if (c == kNoCouncil) c = of_hub(t.hub);
    if (c != kNoCouncil) team_council[s.int64(0)] = c;  // council-wide teams: from the children they work with (work())
    teams[s.int64(0)] = std::move(t);
  });
}

// The people the rows mention, each with their council; the families the
// early help and lead professional rows name.
Status Loader::people() {
  // The child's family is their latest family membership; its hub is the child's hub (as load_case_record).
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT p.id, p.sex, p.ethnicity, p.birth_date, p.death_date, a.locality_id, f.id, f.locality_id, f.family_hub_id "
      "FROM person p LEFT JOIN address a ON a.id = p.address_id "
      "LEFT JOIN family f ON f.id = (SELECT fm.family_id FROM family_member fm WHERE fm.person_id = p.id ORDER BY fm.start_date DESC LIMIT 1) "
      "WHERE p.id IN (" + std::string(kMentioned) + ")",
      {}, [&](const Statement& s) {
        ChildRow c{s.int64(0), s.text(1), s.text(2), s.date(3), s.date(4), s.opt_int64(5), s.opt_int64(8), s.opt_int64(6)};
        std::size_t council = of_locality(c.locality);
        if (council == kNoCouncil) council = of_locality(s.opt_int64(7));
        if (council == kNoCouncil) council = of_hub(c.hub);
        person_council[c.id] = council;
        record(council).people.emplace(c.id, std::move(c));
        ++out.people;
      }));
  return db.run(
      "SELECT id, locality_id, family_hub_id FROM family WHERE id IN (SELECT family_id FROM lead_professional UNION "
      "SELECT family_id FROM early_help_episode)",
      {}, [&](const Statement& s) {
        FamilyRow f{s.opt_int64(1), s.opt_int64(2)};
        std::size_t council = of_locality(f.locality);
        if (council == kNoCouncil) council = of_hub(f.hub);
        family_council[s.int64(0)] = council;
        record(council).families[s.int64(0)] = f;
      });
}

// Children aged 0-17 on as_of, alive and resident, by council and by every
// dimension a slice can ask for (the age band from born-by days, so the SQL
// needs no date arithmetic).
Status Loader::population() {
  Date end = out.as_of;
  std::string band = "CASE WHEN p.birth_date > ? THEN 0 WHEN p.birth_date > ? THEN 1 WHEN p.birth_date > ? THEN 5 "
                     "WHEN p.birth_date > ? THEN 10 ELSE 16 END";
  std::vector<Value> params;
  for (int age : {1, 5, 10, 16}) params.push_back(Value(born_by_for_age(end, age).iso()));
  for (const std::string& v : {end.iso(), born_by_for_age(end, 18).iso(), end.iso()}) params.push_back(Value(v));
  return db.run(
      "SELECT a.locality_id, f.family_hub_id, p.sex, p.ethnicity, " + band + " AS band, count(*) "
      "FROM person p JOIN address a ON a.id = p.address_id "
      "LEFT JOIN family f ON f.id = (SELECT fm.family_id FROM family_member fm WHERE fm.person_id = p.id ORDER BY fm.start_date DESC LIMIT 1) "
      "WHERE a.locality_id IS NOT NULL AND p.birth_date IS NOT NULL AND p.birth_date <= ? AND p.birth_date > ? "
      "AND (p.death_date IS NULL OR p.death_date > ?) "
      "GROUP BY a.locality_id, f.family_hub_id, p.sex, p.ethnicity, band",
      params, [&](const Statement& s) {
        PopulationCell cell{s.opt_int64(0), s.opt_int64(1), s.text(2), s.text(3), int(s.int64(4)), s.int64(5)};
        CaseRecord& r = record(of_locality(cell.locality));
        if (!r.population) r.population = PopulationCounts{end, {}};
        out.population += cell.children;
        r.population->cells.push_back(std::move(cell));
      });
}

Status Loader::front_door() {
  // The worker who took a contact places a front-door worker whose team is council-wide.
  KITH_RETURN_IF_ERROR(db.run("SELECT id, person_id, contact_date, coalesce(decision, ''), worker_id FROM contact", {}, [&](const Statement& s) {
    std::size_t c = find_in(person_council, s.int64(1));
    if (c != kNoCouncil && !s.is_null(4)) worker_council.emplace(s.int64(4), c);
    record(c).contacts.push_back({s.int64(0), s.int64(1), required_date(s, 2), s.text(3)});
  }));
  return db.run("SELECT c.person_id, v.conversation_date, v.alternative_to_referral FROM conversation v JOIN contact c ON c.id = v.contact_id",
                {}, [&](const Statement& s) { of_person(s.int64(0)).conversations.push_back({s.int64(0), required_date(s, 1), s.int64(2) != 0}); });
}

// The same statements as load_case_record, each row to its person's council
// (rows keep their order, so "by person, then date" still holds per council).
Status Loader::statutory() {
  KITH_RETURN_IF_ERROR(db.run("SELECT id, person_id, referral_date, close_date, stepped_up_from_eh FROM cin_episode ORDER BY person_id, referral_date, id",
                              {}, [&](const Statement& s) {
                                of_person(s.int64(1)).referrals.push_back({s.int64(0), s.int64(1), required_date(s, 2), s.date(3), s.opt_int64(4)});
                              }));
  KITH_RETURN_IF_ERROR(db.run("SELECT a.cin_episode_id, e.person_id, a.start_date, a.authorised_date FROM assessment a "
                              "JOIN cin_episode e ON e.id = a.cin_episode_id",
                              {}, [&](const Statement& s) {
                                of_person(s.int64(1)).assessments.push_back({s.int64(0), s.int64(1), required_date(s, 2), s.date(3)});
                              }));
  KITH_RETURN_IF_ERROR(db.run("SELECT s.id, e.person_id, s.start_date FROM section47 s JOIN cin_episode e ON e.id = s.cin_episode_id", {},
                              [&](const Statement& s) { of_person(s.int64(1)).section47s.push_back({s.int64(0), s.int64(1), required_date(s, 2)}); }));
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT e.person_id, c.conference_date, coalesce("
      " (SELECT d.discussion_date FROM section47 s JOIN strategy_discussion d ON d.id = s.strategy_discussion_id WHERE s.id = c.section47_id),"
      " (SELECT max(d.discussion_date) FROM strategy_discussion d WHERE d.cin_episode_id = c.cin_episode_id AND d.discussion_date <= c.conference_date)) "
      "FROM conference c JOIN cin_episode e ON e.id = c.cin_episode_id WHERE c.kind = 'initial'",
      {}, [&](const Statement& s) { of_person(s.int64(0)).icpcs.push_back({s.int64(0), required_date(s, 1), s.date(2)}); }));
  return db.run("SELECT person_id, start_date, end_date FROM cp_plan ORDER BY person_id, start_date, id", {},
                [&](const Statement& s) { of_person(s.int64(0)).cp_plans.push_back({s.int64(0), required_date(s, 1), s.date(2)}); });
}

Status Loader::care() {
  std::unordered_map<Id, std::pair<CaseRecord*, std::size_t>> index;
  KITH_RETURN_IF_ERROR(db.run("SELECT id, person_id, start_date, end_date, coalesce(home_postcode, '') FROM cla_period ORDER BY person_id, start_date, id",
                              {}, [&](const Statement& s) {
                                CaseRecord& r = of_person(s.int64(1));
                                index[s.int64(0)] = {&r, r.cla_periods.size()};
                                r.cla_periods.push_back({s.int64(0), s.int64(1), required_date(s, 2), s.date(3), s.text(4), {}, {}});
                              }));
  auto period = [&](Id id) -> ClaPeriodRow& {
    auto [r, i] = index.at(id);
    return r->cla_periods[i];
  };
  KITH_RETURN_IF_ERROR(db.run("SELECT cla_period_id, start_date, status FROM legal_status ORDER BY cla_period_id, start_date, id", {},
                              [&](const Statement& s) { period(s.int64(0)).legal_statuses.push_back({required_date(s, 1), s.text(2)}); }));
  KITH_RETURN_IF_ERROR(db.run("SELECT cla_period_id, start_date, end_date, placement_type, coalesce(postcode, ''), weekly_cost_pence "
                              "FROM placement ORDER BY cla_period_id, start_date, id",
                              {}, [&](const Statement& s) {
                                period(s.int64(0)).placements.push_back({required_date(s, 1), s.date(2), s.text(3), s.text(4), s.int64(5)});
                              }));
  KITH_RETURN_IF_ERROR(db.run("SELECT l.person_id, c.contact_date, c.in_touch, c.activity, c.accommodation FROM care_leaver_contact c "
                              "JOIN care_leaver l ON l.id = c.care_leaver_id",
                              {}, [&](const Statement& s) {
                                of_person(s.int64(0)).care_leaver_contacts.push_back({s.int64(0), required_date(s, 1), s.text(2), s.text(3), s.text(4)});
                              }));
  KITH_RETURN_IF_ERROR(db.run("SELECT person_id, plan_date, end_date FROM ehcp WHERE person_id IN (" + std::string(kEverLookedAfter) + ")", {},
                              [&](const Statement& s) { of_person(s.int64(0)).ehcps.push_back({s.int64(0), s.date(1), s.date(2)}); }));
  return db.run("SELECT person_id, kind, check_date FROM health_check WHERE person_id IN (" + std::string(kEverLookedAfter) + ")", {},
                [&](const Statement& s) { of_person(s.int64(0)).health_checks.push_back({s.int64(0), s.text(1), required_date(s, 2)}); });
}

// Workers go to their team's council. A council-wide team (no locality) takes
// the council of the children it works with: of its involvements, else of the
// contacts or involvements of any of its workers; a worker with no placed team,
// that of their own contacts or involvements (a generated council's are all its own).
Status Loader::work() {
  KITH_RETURN_IF_ERROR(db.run("SELECT person_id, worker_id, team_id, role, start_date, end_date, reason_for_change IS NOT NULL FROM involvement", {},
                              [&](const Statement& s) {
                                InvolvementRow i{s.int64(0), s.int64(1), s.opt_int64(2), s.text(3), required_date(s, 4), s.date(5), s.int64(6) != 0};
                                std::size_t c = find_in(person_council, i.person);
                                if (c != kNoCouncil) {
                                  if (i.team) team_council.emplace(*i.team, c);  // a team placed by its locality keeps it
                                  worker_council.emplace(i.worker, c);
                                }
                                record(c).involvements.push_back(std::move(i));
                              }));
  std::vector<WorkerRow> workers;
  KITH_RETURN_IF_ERROR(db.run("SELECT id, team_id, role, agency, contract, fte, start_date, leave_date FROM worker", {}, [&](const Statement& s) {
    workers.push_back({s.int64(0), s.opt_int64(1), s.text(2), s.text(3), s.text(4), s.real(5), required_date(s, 6), s.date(7)});
  }));
  for (const WorkerRow& w : workers)
    if (std::size_t c = find_in(worker_council, w.id); w.team && c != kNoCouncil) team_council.emplace(*w.team, c);
  for (WorkerRow& w : workers) {
    std::size_t c = w.team ? find_in(team_council, *w.team) : kNoCouncil;
    if (c == kNoCouncil) c = find_in(worker_council, w.id);
    worker_council[w.id] = c;
    record(c).workers.push_back(std::move(w));
  }
  KITH_RETURN_IF_ERROR(db.run("SELECT worker_id, start_date, working_days FROM worker_absence", {}, [&](const Statement& s) {
    record(find_in(worker_council, s.int64(0))).absences.push_back({s.int64(0), required_date(s, 1), int(s.int64(2))});
  }));
  KITH_RETURN_IF_ERROR(db.run("SELECT family_id, start_date, end_date, coalesce(end_reason, ''), stepped_down_from_cin IS NOT NULL FROM early_help_episode",
                              {}, [&](const Statement& s) {
                                of_family(s.int64(0)).early_help.push_back({s.int64(0), required_date(s, 1), s.date(2), s.text(3), s.int64(4) != 0});
                              }));
  return db.run("SELECT family_id, start_date, end_date FROM lead_professional ORDER BY family_id, start_date, id", {},
                [&](const Statement& s) { of_family(s.int64(0)).lead_professionals.push_back({s.int64(0), required_date(s, 1), s.date(2)}); });
}

// Each council gets the names its rows refer to (a council-wide team's
// workers' team, a child's hub), so slicing finds them as in one record.
void Loader::names() {
  for (CouncilRecord& c : out.councils) {
    CaseRecord& r = c.record;
    auto locality = [&](const std::optional<Id>& id) {
      if (id)
        if (auto it = locality_names.find(*id); it != locality_names.end()) r.localities.emplace(*id, it->second);
    };
    auto hub = [&](const std::optional<Id>& id) {
      if (id)
        if (auto it = hub_names.find(*id); it != hub_names.end()) r.hubs.emplace(*id, it->second);
    };
    auto team = [&](const std::optional<Id>& id) {
      if (!id) return;
      auto it = teams.find(*id);
      if (it == teams.end()) return;
      r.teams.emplace(*id, it->second);
      locality(it->second.locality);
      hub(it->second.hub);
    };
    for (const auto& [id, p] : r.people) locality(p.locality), hub(p.hub);
    for (const auto& [id, f] : r.families) locality(f.locality), hub(f.hub);
    for (const auto& w : r.workers) team(w.team);
    for (const auto& i : r.involvements) team(i.team);
    if (r.population)
      for (const auto& cell : r.population->cells) locality(cell.locality), hub(cell.hub);
  }
}

}  // namespace

int age_band_start(int age) { return age < 1 ? 0 : age <= 4 ? 1 : age <= 9 ? 5 : age <= 15 ? 10 : 16; }

Result<CouncilRecords> load_council_records(store::Database& db, Date as_of) {
  Loader l(db, as_of);
  KITH_RETURN_IF_ERROR(l.organisation());
  KITH_RETURN_IF_ERROR(l.people());
  KITH_RETURN_IF_ERROR(l.population());
  KITH_RETURN_IF_ERROR(l.front_door());
  KITH_RETURN_IF_ERROR(l.statutory());
  KITH_RETURN_IF_ERROR(l.care());
  KITH_RETURN_IF_ERROR(l.work());
  l.names();
  const CaseRecord& none = l.out.councils.back().record;
  if (none.people.empty() && none.contacts.empty() && none.conversations.empty() && none.referrals.empty() && none.assessments.empty() &&
      none.section47s.empty() && none.icpcs.empty() && none.cp_plans.empty() && none.cla_periods.empty() && none.involvements.empty() &&
      none.workers.empty() && none.absences.empty() && none.early_help.empty() && none.lead_professionals.empty() &&
      none.care_leaver_contacts.empty() && none.health_checks.empty() && none.ehcps.empty() && none.families.empty() && !none.population)
    l.out.councils.pop_back();
  // A council with no children still has an (empty) population, so a rate per 10,000 reads 0 children, as in one record.
  for (CouncilRecord& c : l.out.councils) {
    if (!c.record.population) c.record.population = PopulationCounts{as_of, {}};
    index_case_record(c.record);
  }
  return std::move(l.out);
}

}  // namespace kith::insight
