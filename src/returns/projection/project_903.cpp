// The SSDA903 projection. Everything is loaded with one query per record
// kind (never per child), grouped by person in memory, then each table is
// built from the groups: a council of 30,000 looked-after children costs a
// few dozen queries. For a child scope (one child, a team: CouncilPeople::scoped)
// every query names the people in its WHERE, so the same few dozen queries
// read only their rows.
#include "returns/projection/project_903.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "returns/projection/reader.h"
#include "returns/ssda903/schema.h"

namespace kith::returns::projection {
namespace {

using Row = std::vector<std::string>;
using Fields = KeptFields;  // entity id -> field -> value

std::string dmy(const std::optional<Date>& d) { return d ? d->dmy() : std::string(); }
std::string opt(const std::optional<std::string>& s) { return s.value_or(""); }

std::string field(const Fields& f, std::int64_t id, const std::string& name) {
  auto it = f.find(id);
  if (it == f.end()) return "";
  auto v = it->second.find(name);
  return v == it->second.end() ? "" : v->second;
}

struct Person {
  std::string sex, ethnicity, upn;
  std::optional<Date> birth;
  bool uasc = false;
};

struct LegalStatus {
  std::int64_t id;
  Date start;
  std::string status;
};

struct Placement {
  std::int64_t id, provider_id;
  Date start;
  std::optional<Date> end;
  std::string type, provider, postcode, reason_change;
};

struct PeriodChange {
  Date start;
  std::string need, home_postcode;
};

struct Period {
  std::int64_t id, person;
  Date start;
  std::optional<Date> end;
  std::string reason_ceased, need, home_postcode;
  std::vector<LegalStatus> statuses;
  std::vector<Placement> placements;
  std::vector<PeriodChange> changes;
};

// One SSDA903 episode: a stretch of a period with one legal status and one placement.
struct Episode {
  std::int64_t person;
  Date decom;
  std::optional<Date> dec;
  std::string rne, ls, need, place, provider, rec, reason_place_change, home_post, pl_post, urn;
};

// Everything the tables are built from, grouped by person.
struct Record {
  CollectionYear year;
  CouncilPeople council;
  ChildIds child_ids;
  std::map<std::int64_t, Person> people;  // ordered: rows come out by person id
  Fields person_fields, placement_fields, provider_fields, period_fields;
  std::set<std::int64_t> mothers;  // persons who are a parent in a family with a child
  std::vector<Period> periods;  // periods touching the year, ordered by person then start
};

// The reads, one function each: the loaders and the Builder run them, and a
// child's projection reads all but the first ahead in one statement (reader.h).

// Periods of care touching the year, as p.
Sql touching(const Record& r) {
  return Sql{" p.start_date <= ? AND (p.end_date IS NULL OR p.end_date >= ?)", {r.year.end().iso(), r.year.start().iso()}} +
         r.council.only("p.person_id");
}

Query periods_query(const Record& r) {
  return {{"p.id", "p.person_id", "p.start_date", "p.end_date", "p.reason_ceased", "p.category_of_need", "p.home_postcode"},
          " FROM cla_period p WHERE" + touching(r),
          "p.person_id, p.start_date, p.id"};
}

Query statuses_query(const Record& r) {
  return {{"l.cla_period_id", "l.id", "l.start_date", "l.status"},
          " FROM legal_status l JOIN cla_period p ON p.id = l.cla_period_id WHERE" + touching(r),
          "l.cla_period_id, l.start_date, l.id"};
}

Query placements_query(const Record& r) {
  return {{"l.cla_period_id", "l.id", "l.start_date", "l.end_date", "l.placement_type", "l.provider_code", "l.postcode",
           "l.reason_change", "coalesce(l.provider_id, 0)"},
          " FROM placement l JOIN cla_period p ON p.id = l.cla_period_id WHERE" + touching(r),
          "l.cla_period_id, l.start_date, l.id"};
}

Query changes_query(const Record& r) {
  return {{"c.cla_period_id", "c.start_date", "c.category_of_need", "c.home_postcode"},
          " FROM cla_period_change c JOIN cla_period p ON p.id = c.cla_period_id WHERE" + touching(r),
          "c.cla_period_id, c.start_date"};
}

// The kinds of kept return fields: of the people, their periods, placements and providers.
std::vector<KeptFieldsOf> field_kinds(Record& r) {
  const CouncilPeople& c = r.council;
  const std::string placements = "placement l JOIN cla_period p ON p.id = l.cla_period_id";
  return {{"person", c.only("entity_id"), &r.person_fields},
          {"placement", c.records_of("l.id", placements, "p.person_id"), &r.placement_fields},
          {"placement_provider", c.records_of("l.provider_id", placements, "p.person_id"), &r.provider_fields},
          {"cla_period", c.records_of("id", "cla_period", "person_id"), &r.period_fields}};
}

// The people of every table: those with care, care-leaving or adoption records.
// Scoped, each subquery reads only the people's rows (the person_id indexes):
// without that SQLite builds each IN list from the whole table.
Query people_query(const Record& r) {
  auto in = [&](const char* table) { return "id IN (SELECT person_id FROM " + std::string(table) + r.council.where("person_id") + ")"; };
  return {{"id", "sex", "birth_date", "ethnicity", "upn", "uasc"},
          " FROM person WHERE (" + in("cla_period") + " OR " + in("care_leaver") + " OR " + in("adoption") + " OR " +
              in("adoption_decision") + " OR " + in("previous_permanence") + " OR " + in("health_outcome") + " OR " +
              in("deprivation_of_liberty") + ")" + r.council.only("id")};
}

// Girls looked after who are a parent in a family with a child (MOTHER, below).
Query mothers_query(const Record& r) {
  return {{"m.person_id"},
          " FROM family_member m JOIN person p ON p.id = m.person_id "
          "WHERE m.role = 'parent' AND p.sex = 'F' AND EXISTS (SELECT 1 FROM family_member c "
          "WHERE c.family_id = m.family_id AND c.role = 'child') AND p.id IN (SELECT person_id FROM cla_period" +
              r.council.where("person_id") + ")" + r.council.only("m.person_id"),
          "",
          true};
}

Sql in_year(const Record& r, const char* column) {
  return Sql{std::string(column) + " >= ? AND " + column + " <= ?", {r.year.start().iso(), r.year.end().iso()}};
}

Query reviews_query(const Record& r) {
  return {{"p.person_id", "r.review_date", "r.participation"},
          " FROM cla_review r JOIN cla_period p ON p.id = r.cla_period_id WHERE " + in_year(r, "r.review_date") +
              r.council.only("p.person_id"),
          "p.person_id, r.review_date, r.id"};
}

Query outcomes_query(const Record& r) {
  return {{"person_id", "sdq_score", "sdq_reason", "convicted", "health_check", "immunisations", "teeth_check", "health_assessment",
           "substance_misuse", "intervention_received", "intervention_offered"},
          Sql{" FROM health_outcome WHERE collection_year = ?", {std::int64_t(r.year.end_year)}} + r.council.only("person_id")};
}

Query health_checks_query(const Record& r) {
  return {{"person_id", "kind"}, " FROM health_check WHERE " + in_year(r, "check_date") + r.council.only("person_id")};
}

Query leaver_contacts_query(const Record& r) {
  return {{"cl.person_id", "c.in_touch", "c.activity", "c.accommodation"},
          " FROM care_leaver_contact c JOIN care_leaver cl ON cl.id = c.care_leaver_id WHERE " + in_year(r, "c.contact_date") +
              r.council.only("cl.person_id"),
          "cl.person_id, c.contact_date, c.id"};
}

Query adoptions_query(const Record& r) {
  return {{"person_id", "collection_year", "date_int", "date_match", "foster_care", "nb_adoptr", "sex_adoptr", "ls_adoptr"},
          " FROM adoption" + r.council.where("person_id"),
          "person_id, id"};
}

Query adoption_decisions_query(const Record& r) {
  return {{"person_id", "collection_year", "date_placed", "date_placed_ceased", "reason_placed_ceased"},
          " FROM adoption_decision" + r.council.where("person_id"),
          "person_id, id"};
}

Query permanence_query(const Record& r) {
  return {{"person_id", "collection_year", "prev_perm", "la_perm", "date_perm"},
          " FROM previous_permanence" + r.council.where("person_id"),
          "person_id, id"};
}

// Rows of a table whose [start_date, end_date] touches the year, of the people; `also` narrows further.
Sql spans(const Record& r, const char* table, const char* also = "") {
  return Sql{" FROM " + std::string(table) + " WHERE " + also + "start_date <= ? AND (end_date IS NULL OR end_date >= ?)",
             {r.year.end().iso(), r.year.start().iso()}} +
         r.council.only("person_id");
}

Query missing_query(const Record& r) {
  return {{"person_id", "missing_type", "start_date", "end_date"}, spans(r, "missing_episode"), "person_id, start_date, id"};
}

Query reported_sw_query(const Record& r) {
  return {{"person_id", "sw_id", "start_date", "end_date", "reason"},
          " FROM social_worker_episode" + r.council.where("person_id"),
          "person_id, start_date, id"};
}

Query allocations_query(const Record& r) {
  return {{"person_id", "worker_id", "start_date", "end_date", "reason_for_change"},
          spans(r, "involvement", "role = 'allocated_social_worker' AND "),
          "person_id, start_date, id"};
}

Query dolo_query(const Record& r) {
  return {{"person_id", "start_date", "end_date"}, spans(r, "deprivation_of_liberty"), "person_id, start_date, id"};
}

// Every read of the projection after the people's, for reading ahead (a child's: one statement).
std::vector<Query> queries_after_people(Record& r) {
  return {kept_fields_query(field_kinds(r)), mothers_query(r),   periods_query(r),
          statuses_query(r), placements_query(r),              changes_query(r),   reviews_query(r),
          outcomes_query(r), health_checks_query(r),           leaver_contacts_query(r), adoptions_query(r),
          adoption_decisions_query(r), permanence_query(r),    missing_query(r),   reported_sw_query(r),
          allocations_query(r), dolo_query(r)};
}

Status load_periods(const Reader& db, Record& r) {
  std::unordered_map<std::int64_t, std::size_t> index;
  KITH_RETURN_IF_ERROR(db.run(
      periods_query(r),
      [&](const store::Statement& s) {
        if (!r.council.covers(s.int64(1)) || !s.date(2)) return;
        index[s.int64(0)] = r.periods.size();
        r.periods.push_back({s.int64(0), s.int64(1), *s.date(2), s.date(3), opt(s.opt_text(4)), s.text(5), opt(s.opt_text(6)), {}, {}, {}});
      }));
  auto period_of = [&](std::int64_t id) -> Period* {
    auto it = index.find(id);
    return it == index.end() ? nullptr : &r.periods[it->second];
  };
  KITH_RETURN_IF_ERROR(db.run(
      statuses_query(r),
      [&](const store::Statement& s) {
        if (Period* p = period_of(s.int64(0)); p && s.date(2)) p->statuses.push_back({s.int64(1), *s.date(2), s.text(3)});
      }));
  KITH_RETURN_IF_ERROR(db.run(
      placements_query(r),
      [&](const store::Statement& s) {
        if (Period* p = period_of(s.int64(0)); p && s.date(2))
          p->placements.push_back({s.int64(1), s.int64(8), *s.date(2), s.date(3), s.text(4), s.text(5), opt(s.opt_text(6)), opt(s.opt_text(7))});
      }));
  return db.run(
      changes_query(r),
      [&](const store::Statement& s) {
        if (Period* p = period_of(s.int64(0)); p && s.date(1)) p->changes.push_back({*s.date(1), s.text(2), opt(s.opt_text(3))});
      });
}

Status load_people(const Reader& db, Record& r) {
  return db.run(
      people_query(r),
      [&](const store::Statement& s) {
        if (!r.council.covers(s.int64(0))) return;
        r.people[s.int64(0)] = {s.text(1), s.text(3), opt(s.opt_text(4)), s.date(2), s.int64(5) != 0};
      });
}

// The value in force on day d among rows sorted by start (the first row when none has started yet).
template <typename T>
const T* in_force(const std::vector<T>& rows, Date d) {
  const T* found = rows.empty() ? nullptr : &rows.front();
  for (const auto& row : rows)
    if (row.start <= d) found = &row;
  return found;
}

// Placement types with no Ofsted URN (rules 218 and 222): temporary, Z1x, with
// parents (P1), independent living (P3), and the R (residential) outside Ofsted.
bool no_urn_place(const std::string& place) {
  for (const char* p : {"T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14", "P1", "P3", "R1", "R2", "R5"})
    if (place == p) return true;
  return false;
}

std::string rne_for(bool status_changed, bool placement_changed, bool same_carer) {
  if (status_changed && placement_changed) return same_carer ? "B" : "T";
  if (placement_changed) return same_carer ? "U" : "P";
  return "L";
}

// Splits a period at every start of a legal status or placement: the episodes
// of the whole period, the last one carrying the period's end and reason.
std::vector<Episode> episodes_of(const Period& p, const Record& r) {
  std::vector<Date> starts = {p.start};
  for (const auto& l : p.statuses) starts.push_back(l.start);
  for (const auto& pl : p.placements) starts.push_back(pl.start);
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  // A change on or after the period's end (or before its start) opens no episode.
  std::erase_if(starts, [&](Date d) { return d < p.start || (d > p.start && p.end && d >= *p.end); });
  std::vector<Episode> out;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    Date d = starts[i];
    const LegalStatus* ls = in_force(p.statuses, d);
    const Placement* pl = in_force(p.placements, d);
    const PeriodChange* change = nullptr;
    for (const auto& c : p.changes)
      if (c.start <= d) change = &c;
    Episode e{p.person, d, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}};  // the rest is set below
    e.dec = i + 1 < starts.size() ? std::optional<Date>(starts[i + 1]) : p.end;
    if (i == 0) {
      // S, unless an import began part-way through a period and kept the first episode's reason.
      e.rne = field(r.period_fields, p.id, "RNE");
      if (e.rne.empty()) e.rne = "S";
    } else {
      bool status_changed = std::any_of(p.statuses.begin(), p.statuses.end(), [&](const auto& l) { return l.start == d; });
      bool placement_changed = std::any_of(p.placements.begin(), p.placements.end(), [&](const auto& x) { return x.start == d; });
      // A3 and A5 are placements for adoption with the current foster carer(s): the carer stays (rule 217).
    bool same_carer = pl && (field(r.placement_fields, pl->id, "SAME_CARER") == "1" || pl->type == "A3" || pl->type == "A5");
    e.rne = rne_for(status_changed, placement_changed, same_carer);
    }
    e.ls = ls ? ls->status : "";
    e.need = change ? change->need : p.need;
    e.home_post = change ? change->home_postcode : p.home_postcode;
    if (pl) {
      e.place = pl->type, e.provider = pl->provider, e.pl_post = pl->postcode;
      e.urn = field(r.placement_fields, pl->id, "URN");
      // The provider's Ofsted URN, for the placement types Ofsted registers.
      if (e.urn.empty() && !no_urn_place(e.place)) e.urn = field(r.provider_fields, pl->provider_id, "URN");
    }
    e.rec = i + 1 < starts.size() ? "X1" : p.reason_ceased;
    // The reason for a placement change sits on the episode that ends with it.
    if (i + 1 < starts.size() && pl) {
      const Placement* next = in_force(p.placements, starts[i + 1]);
      if (next && next != pl) e.reason_place_change = pl->reason_change;
    }
    out.push_back(std::move(e));
  }
  return out;
}

// The episodes open at any time in the year, as at 31 March: what ends after
// the year end has not ended yet.
std::vector<Episode> year_episodes(const Record& r) {
  std::vector<Episode> out;
  for (const auto& p : r.periods)
    for (auto& e : episodes_of(p, r)) {
      if (!r.year.touches(e.decom, e.dec)) continue;
      if (e.dec && *e.dec > r.year.end()) e.dec.reset(), e.rec.clear(), e.reason_place_change.clear();
      out.push_back(std::move(e));
    }
  return out;
}

// Every table of the year, with no rows.
Return903Files empty_tables(CollectionYear year) {
  Return903Files out;
  for (const auto& schema : ssda903::table_schemas()) {
    if (schema.first_year > year.end_year) continue;
    out.tables.push_back({std::string(schema.name), {schema.columns.begin(), schema.columns.end()}, {}});
  }
  return out;
}

class Builder {
 public:
  Builder(const Reader& db, Record& r) : db_(db), r_(r) {}

  Result<Return903Files> build() {
    episodes_ = year_episodes(r_);
    for (const auto& e : episodes_) {
      in_care_.insert(e.person);
      if (!e.dec) at_year_end_.insert(e.person);
      if (e.dec) left_care_[e.person] = std::max(left_care_[e.person], *e.dec);
    }
    Return903Files out = empty_tables(r_.year);
    // Header last: it lists every child the other tables name.
    for (auto& t : out.tables) {
      if (t.name == "Header" || t.name == "UASC") continue;
      auto rows = rows_of(t.name);
      if (!rows) return rows.status();
      t.rows = std::move(*rows);
    }
    for (auto& t : out.tables)
      if (t.name == "Header") t.rows = header();
    for (auto& t : out.tables)
      if (t.name == "UASC") t.rows = uasc();
    return out;
  }

 private:
  std::string child(std::int64_t person) { return child_id(r_.child_ids, person); }
  std::string dob(std::int64_t person) {
    auto it = r_.people.find(person);
    return it == r_.people.end() ? "" : dmy(it->second.birth);
  }
  void named(std::int64_t person) { named_.insert(person); }

  Result<std::vector<Row>> rows_of(const std::string& table) {
    if (table == "Episodes") return episodes();
    if (table == "Reviews") return reviews();
    if (table == "OC2") return oc2();
    if (table == "OC3") return oc3();
    if (table == "AD1") return ad1();
    if (table == "PlacedAdoption") return placed_adoption();
    if (table == "PrevPerm") return prev_perm();
    if (table == "Missing") return missing();
    if (table == "SWEpisodes") return sw_episodes();
    if (table == "DoLo") return dolo();
    return std::vector<Row>{};
  }

  std::vector<Row> episodes() {
    std::vector<Row> rows;
    for (const auto& e : episodes_) {
      named(e.person);
      rows.push_back({child(e.person), e.decom.dmy(), e.rne, e.ls, e.need, e.place, e.provider, dmy(e.dec), e.rec,
                      e.reason_place_change, e.home_post, e.pl_post, e.urn});
    }
    return rows;
  }

  Result<std::vector<Row>> reviews() {
    std::vector<std::pair<std::int64_t, Row>> rows;
    Status s = db_.run(
        reviews_query(r_),
        [&](const store::Statement& st) {
          std::int64_t person = st.int64(0);
          if (!in_care_.count(person)) return;
          rows.push_back({person, {child(person), dob(person), dmy(st.date(1)), st.text(2)}});
        });
    if (!s) return s;
    return keep(rows);
  }

  std::vector<Row> keep(std::vector<std::pair<std::int64_t, Row>>& rows) {
    std::vector<Row> out;
    for (auto& [person, row] : rows) named(person), out.push_back(std::move(row));
    return out;
  }

  // Children looked after continuously for 12 months at 31 March: their
  // period is open at the year end and started at least a year before it.
  std::set<std::int64_t> oc2_cohort() {
    std::set<std::int64_t> out;
    for (const auto& p : r_.periods) {
      bool open = !p.end || *p.end >= r_.year.end();
      bool respite = !p.statuses.empty() && std::all_of(p.statuses.begin(), p.statuses.end(), [](const auto& l) {
        return l.status == "V3" || l.status == "V4";
      });
      if (open && !respite && p.start.plus_months(12) <= r_.year.end()) out.insert(p.person);
    }
    return out;
  }

  Result<std::vector<Row>> oc2() {
    std::map<std::int64_t, Row> recorded;
    Status s = db_.run(
        outcomes_query(r_),
        [&](const store::Statement& st) {
          Row row = {child(st.int64(0)), dob(st.int64(0))};
          for (int c = 1; c <= 10; ++c) row.push_back(opt(st.opt_text(c)));
          recorded[st.int64(0)] = std::move(row);
        });
    if (!s) return s;
    // Health checks within the year, for children with no recorded outcomes.
    std::map<std::int64_t, std::set<std::string>> checks;
    s = db_.run(health_checks_query(r_),
            [&](const store::Statement& st) { checks[st.int64(0)].insert(st.text(1)); });
    if (!s) return s;
    std::vector<std::pair<std::int64_t, Row>> rows;
    for (auto& [person, row] : recorded)
      if (r_.council.covers(person)) rows.push_back({person, row});
    for (std::int64_t person : oc2_cohort()) {
      if (recorded.count(person)) continue;
      rows.push_back({person, derived_oc2(person, checks[person])});
    }
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return keep(rows);
  }

  // OC2 from the record when no outcomes were recorded for the year: health and
  // dental checks from health_check; what the record does not hold is left blank.
  Row derived_oc2(std::int64_t person, const std::set<std::string>& checks) {
    const Person& p = r_.people[person];
    int age = p.birth ? r_.year.end().years_since(*p.birth) : 0;
    std::string health = checks.count("health_assessment") ? "1" : "0";
    std::string convicted = age >= 10 ? "0" : "";
    return {child(person), dob(person), "", "", convicted, health, "", checks.count("dental") ? "1" : "0",
            age < 5 ? health : "", "", "", ""};
  }

  Result<std::vector<Row>> oc3() {
    std::map<std::int64_t, Row> latest;  // the latest contact in the year per care leaver
    Status s = db_.run(
        leaver_contacts_query(r_),
        [&](const store::Statement& st) {
          std::int64_t person = st.int64(0);
          if (!r_.council.covers(person)) return;
          latest[person] = {child(person), dob(person), st.text(1), st.text(2), st.text(3)};
        });
    if (!s) return s;
    std::vector<std::pair<std::int64_t, Row>> rows;
    for (auto& [person, row] : latest)
      if (!left_at_17_or_18(person)) rows.push_back({person, std::move(row)});
    return keep(rows);
  }

  // Care leaver information is not asked of a young person who ceased to be
  // looked after on or after a 17th or 18th birthday falling in the year (rule
  // 1016; blank items would break 131-133): no OC3 row.
  bool left_at_17_or_18(std::int64_t person) {
    const Person& p = r_.people[person];
    if (!p.birth) return false;
    for (int years : {17, 18}) {
      Date birthday = p.birth->plus_months(12 * years);
      if (!r_.year.contains(birthday)) continue;
      auto left = left_care_.find(person);
      if (left != left_care_.end() && left->second >= birthday) return true;
    }
    return false;
  }

  // Rows of a table kept as reported for this year, or recorded in Kith (year NULL) and selected by in_year.
  Result<std::vector<Row>> reported(const Query& query, int columns, const std::function<bool(const store::Statement&)>& in_year) {
    std::vector<std::pair<std::int64_t, Row>> rows;
    Status s = db_.run(query, [&](const store::Statement& st) {
      std::int64_t person = st.int64(0);
      if (!r_.council.covers(person)) return;
      bool stamped = !st.is_null(1);
      if (stamped ? st.int64(1) != r_.year.end_year : !in_year(st)) return;
      Row row = {child(person), dob(person)};
      for (int c = 2; c < 2 + columns; ++c) row.push_back(cell(st, c));
      rows.push_back({person, std::move(row)});
    });
    if (!s) return s;
    return keep(rows);
  }

  // A cell as the 903 writes it: ISO dates become dd/mm/YYYY.
  static std::string cell(const store::Statement& st, int c) {
    if (st.is_null(c)) return "";
    std::string t = st.text(c);
    if (auto d = Date::parse_iso(t); d && t.size() == 10) return d->dmy();
    return t;
  }

  Result<std::vector<Row>> ad1() {
    std::set<std::int64_t> adopted;
    for (const auto& e : episodes_)
      if ((e.rec == "E11" || e.rec == "E12") && e.dec && r_.year.contains(*e.dec)) adopted.insert(e.person);
    return reported(
        adoptions_query(r_),
        6, [&](const store::Statement& st) { return adopted.count(st.int64(0)) > 0; });
  }

  Result<std::vector<Row>> placed_adoption() {
    return reported(
        adoption_decisions_query(r_),
        3, [&](const store::Statement& st) {
          // A decision open in the year, of a child looked after in it.
          return in_care_.count(st.int64(0)) && st.date(2) && r_.year.touches(*st.date(2), st.date(3));
        });
  }

  // PrevPerm for every child starting to be looked after in the year: as
  // recorded, else Z1 (no previous permanence option recorded).
  Result<std::vector<Row>> prev_perm() {
    std::set<std::int64_t> started;
    for (const auto& e : episodes_)
      if (e.rne == "S" && r_.year.contains(e.decom)) started.insert(e.person);
    std::set<std::string> given;
    auto rows = reported(
        permanence_query(r_),
        3,
        [&](const store::Statement& st) { return started.count(st.int64(0)) > 0; });
    if (!rows) return rows;
    for (const auto& row : *rows) given.insert(row[0]);
    std::vector<std::pair<std::int64_t, Row>> defaults;
    for (std::int64_t person : started)
      if (!given.count(child(person))) defaults.push_back({person, {child(person), dob(person), "Z1", "", ""}});
    for (auto& row : keep(defaults)) rows->push_back(std::move(row));
    return rows;
  }

  Result<std::vector<Row>> missing() {
    std::vector<std::pair<std::int64_t, Row>> rows;
    Status s = db_.run(
        missing_query(r_),
        [&](const store::Statement& st) {
          std::int64_t person = st.int64(0);
          if (!in_care_.count(person)) return;
          auto end = st.date(3);
          if (end && *end > r_.year.end()) end.reset();
          rows.push_back({person, {child(person), dob(person), st.text(1), dmy(st.date(2)), dmy(end)}});
        });
    if (!s) return s;
    return keep(rows);
  }

  // Social worker episodes of children looked after at 31 March (all of the
  // year's, rule SW12STG2; SW17STG2 wants one open at 31 March): as reported
  // by a previous system, else the allocated social workers (involvement).
  Result<std::vector<Row>> sw_episodes() {
    std::vector<std::pair<std::int64_t, Row>> rows;
    std::set<std::int64_t> reported;
    auto add = [&](std::int64_t person, const std::string& sw, std::optional<Date> start, std::optional<Date> end, std::string reason) {
      if (!start || !r_.year.touches(*start, end)) return;
      if (end && *end > r_.year.end()) end.reset();
      rows.push_back({person, {child(person), dob(person), sw, dmy(start), dmy(end), reason}});
    };
    Status s = db_.run(reported_sw_query(r_),
                   [&](const store::Statement& st) {
                     std::int64_t person = st.int64(0);
                     if (!at_year_end_.count(person)) return;
                     reported.insert(person);
                     add(person, st.text(1), st.date(2), st.date(3), opt(st.opt_text(4)));
                   });
    if (!s) return s;
    s = db_.run(
        allocations_query(r_),
        [&](const store::Statement& st) {
          std::int64_t person = st.int64(0);
          if (!at_year_end_.count(person) || reported.count(person)) return;
          // An allocation that ended the day it began (a worker left and the case moved on the
          // same day) is no social worker episode: SW09STG2 rejects one under 24 hours.
          if (st.date(2) && st.date(3) && *st.date(2) == *st.date(3)) return;
          // SW_ID must begin "SW" (rule SW02STG1): SW and the worker's id.
          add(person, "SW" + std::to_string(st.int64(1)), st.date(2), st.date(3), sw_reason(st.opt_text(4)));
        });
    if (!s) return s;
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return keep(rows);
  }

  // The SW_REASON of an allocation from why it began (involvement.reason_for_change).
  static std::string sw_reason(const std::optional<std::string>& why) {
    if (!why) return "OTHERS";  // a first allocation: no change of worker
    static const std::map<std::string, std::string> codes = {
        {"worker_left", "LEFTRL"}, {"team_transfer", "ORGRST"}, {"step_up", "CHCHAN"}, {"step_down", "CHCHAN"},
        {"caseload", "MANAGE"},    {"family_request", "FCONTA"}};
    auto it = codes.find(*why);
    return it == codes.end() ? "OTHERS" : it->second;
  }

  Result<std::vector<Row>> dolo() {
    std::vector<std::pair<std::int64_t, Row>> rows;
    Status s = db_.run(
        dolo_query(r_),
        [&](const store::Statement& st) {
          std::int64_t person = st.int64(0);
          if (!r_.council.covers(person)) return;
          auto end = st.date(2);
          if (end && *end > r_.year.end()) end.reset();
          rows.push_back({person, {child(person), dob(person), dmy(st.date(1)), dmy(end)}});
        });
    if (!s) return s;
    return keep(rows);
  }

  std::vector<Row> header() {
    std::vector<Row> rows;
    for (std::int64_t person : named_) {
      const Person& p = r_.people[person];
      rows.push_back({child(person), sex_code(p.sex), dmy(p.birth), p.ethnicity, upn(person, p), mother(person, p),
                      field(r_.person_fields, person, "MC_DOB")});
    }
    return rows;
  }

  std::vector<Row> uasc() {
    std::vector<Row> rows;
    for (std::int64_t person : named_) {
      const Person& p = r_.people[person];
      std::string duc = field(r_.person_fields, person, "DUC");
      if (p.uasc || !duc.empty()) rows.push_back({child(person), sex_code(p.sex), dmy(p.birth), duc});
    }
    return rows;
  }

  // M/F/U from 2024/25; 1 (male) and 2 (female) before.
  std::string sex_code(const std::string& sex) const {
    if (r_.year.end_year >= 2025) return sex;
    return sex == "M" ? "1" : sex == "F" ? "2" : sex;
  }

  // Asked only of children looked after in the year (rule 628): MOTHER as
  // reported; else, for a girl, 1 when the record has her as a parent of a
  // family with a child, 0 otherwise.
  std::string mother(std::int64_t person, const Person& p) const {
    if (!in_care_.count(person)) return "";
    std::string reported = field(r_.person_fields, person, "MOTHER");
    if (!reported.empty() || p.sex != "F" || r_.child_ids.count(person)) return reported;
    return r_.mothers.count(person) ? "1" : "0";
  }

  // The UPN, or the reason there is none: as reported, else UN1 for a child not
  // yet of school age at the year end, UN2 (never at a maintained school) otherwise.
  std::string upn(std::int64_t person, const Person& p) {
    if (!p.upn.empty()) return p.upn;
    std::string unknown = field(r_.person_fields, person, "UPNunknown");
    if (!unknown.empty()) return unknown;
    return p.birth && r_.year.end().years_since(*p.birth) < 5 ? "UN1" : "UN2";
  }

  const Reader& db_;
  Record& r_;
  std::vector<Episode> episodes_;
  std::set<std::int64_t> in_care_, at_year_end_, named_;
  std::map<std::int64_t, Date> left_care_;  // the latest end of an episode in the year
};

}  // namespace

const CsvTable* Return903Files::table(const std::string& name) const {
  for (const auto& t : tables)
    if (t.name == name) return &t;
  return nullptr;
}

Result<Return903Files> project_903(store::Database& db, CollectionYear year, const std::string& la) {
  auto council = council_people(db, la);
  if (!council) return council.status();
  return project_903_people(db, year, *council);
}

Result<Return903Files> project_903_people(store::Database& db, CollectionYear year, const CouncilPeople& people) {
  Record r;
  r.year = year;
  r.council = people;
  Reader reads(db);
  KITH_RETURN_IF_ERROR(load_people(reads, r));
  // Every table's rows are of people load_people finds (a period, care leaving,
  // adoption, permanence, outcomes or a DoL order): with none, every table is
  // empty. Most children whose record a practitioner opens were never looked
  // after, so their page skips the rest of the reads.
  if (r.people.empty()) return empty_tables(year);
  // A few people's record (a child's page, a team) on PostgreSQL: the other reads in one
  // statement (each is a round trip on PostgreSQL). A council's run one by one.
  if (people.scoped()) KITH_RETURN_IF_ERROR(reads.read_ahead_if_remote(queries_after_people(r)));
  KITH_RETURN_IF_ERROR(load_kept_fields(reads, field_kinds(r)));
  r.child_ids = child_ids_of(r.person_fields);
  KITH_RETURN_IF_ERROR(reads.run(mothers_query(r), [&](const store::Statement& s) { r.mothers.insert(s.int64(0)); }));
  KITH_RETURN_IF_ERROR(load_periods(reads, r));
  return Builder(reads, r).build();
}

std::string to_csv(const CsvTable& table) {
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      const std::string& c = cells[i];
      if (c.find_first_of(",\"\n\r") == std::string::npos) {
        out += c;
        continue;
      }
      out += '"';
      for (char ch : c) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      out += '"';
    }
    out += '\n';
  };
  line(table.columns);
  for (const auto& row : table.rows) line(row);
  return out;
}

Status write_903(const Return903Files& files, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::io("cannot create folder " + dir + ": " + ec.message());
  for (const auto& t : files.tables) {
    std::string path = dir + "/" + t.name + ".csv";
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << to_csv(t);
    if (!f.flush()) return Status::io("cannot write " + path);
  }
  return Status::ok();
}

}  // namespace kith::returns::projection
