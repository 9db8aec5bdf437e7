// The eleven Annex A lists drawn from the case record. Each builder states its
// population (spec lists.csv) and how its columns are read; the choices where
// the record has no exact field are in docs/RETURNS_ANNEX_A_API.md.
#include <algorithm>
#include <map>
#include <set>

#include "returns/annex_a/annex_a_lists.h"

namespace kith::returns::annex_a::detail {
namespace {

using store::Statement;
using store::Value;

// Ofsted's lettered gender categories from the CIN Sex code.
std::string gender(const std::string& sex) {
  if (sex == "M") return "a) Male";
  if (sex == "F") return "b) Female";
  return "c) Not stated/recorded";
}

// The front door's contact source as the CIN ReferralSource code Ofsted asks for.
std::string contact_source(const std::string& source) {
  static const std::map<std::string, std::string> kCodes = {
      {"family", "1A"}, {"self", "1C"},       {"school", "2A"},          {"health", "3F"},
      {"police", "6"},  {"voluntary", "8"},   {"anonymous", "9"},        {"other_council", "5C"}};
  auto it = kCodes.find(source);
  return it == kCodes.end() ? "10" : it->second;
}

// Counts the dates of each person that fall in [from, to].
using DatesByPerson = std::unordered_map<std::int64_t, std::vector<Date>>;
std::int64_t count_in(const DatesByPerson& m, std::int64_t person, Date from, Date to) {
  auto it = m.find(person);
  if (it == m.end()) return 0;
  return std::count_if(it->second.begin(), it->second.end(), [&](Date d) { return d >= from && d <= to; });
}

// Latest date of each person on or before the inspection date, with an int payload.
struct Latest {
  Date date;
  std::int64_t flag = 0;
};
Result<std::unordered_map<std::int64_t, Latest>> latest_by_person(Record& r, const std::string& sql) {
  std::unordered_map<std::int64_t, Latest> out;
  Status s = r.db.run(sql, {store::date(r.inspection)}, [&](const Statement& st) {
    auto d = st.date(1);
    if (!d) return;
    auto& slot = out[st.int64(0)];
    if (slot.date <= *d) slot = {*d, st.is_null(2) ? 0 : st.int64(2)};
  });
  if (!s) return s;
  return out;
}

}  // namespace

std::vector<Cell> Record::leading(std::int64_t person) const {
  const Person& p = people.at(person);
  std::vector<Cell> row{projection::child_id(ids, person), gender(p.sex), p.ethnicity, opt_date(p.birth)};
  row.push_back(p.birth ? Cell(std::int64_t(inspection.years_since(*p.birth))) : Cell());
  return row;
}

Cell Record::disabled(std::int64_t person) const {
  const std::string& d = people.at(person).disability;
  return yes_no(!d.empty() && d != "NONE");
}

void Record::allocation(std::vector<Cell>& row, std::int64_t person) const {
  auto it = allocated.find(person);
  row.push_back(it == allocated.end() ? Cell() : Cell(it->second.team));
  row.push_back(it == allocated.end() ? Cell() : Cell(it->second.worker));
}

Result<Record> load_record(store::Database& db, Date inspection, const std::string& la) {
  auto council = projection::council_people(db, la);
  if (!council) return council.status();
  auto ids = projection::load_child_ids(db);
  if (!ids) return ids.status();
  Record r{db, inspection, inspection.plus_months(-6), inspection.plus_months(-12), std::move(*council), std::move(*ids),
           {}, {}, {}};
  KITH_RETURN_IF_ERROR(db.run("SELECT id, sex, ethnicity, disability, birth_date, uasc FROM person", {},
                              [&](const Statement& s) {
                                if (!r.council.covers(s.int64(0))) return;
                                r.people[s.int64(0)] = {s.text(1), s.text(2), s.opt_text(3).value_or(""), s.date(4),
                                                        s.int64(5) != 0};
                              }));
  KITH_RETURN_IF_ERROR(db.run("SELECT id, name FROM worker", {},
                              [&](const Statement& s) { r.worker_names[s.int64(0)] = s.text(1); }));
  // The allocated social worker on the inspection date; the latest-starting one if two overlap.
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT i.person_id, COALESCE(t.name, ''), w.name FROM involvement i JOIN worker w ON w.id = i.worker_id "
      "LEFT JOIN team t ON t.id = COALESCE(i.team_id, w.team_id) WHERE i.role = 'allocated_social_worker' "
      "AND i.start_date <= ? AND (i.end_date IS NULL OR i.end_date >= ?) ORDER BY i.start_date, i.id",
      {store::date(inspection), store::date(inspection)},
      [&](const Statement& s) { r.allocated[s.int64(0)] = {s.text(1), s.text(2)}; }));
  return r;
}

// List 1: contacts received in the six months before the inspection.
Result<List> contacts(Record& r) {
  List l;
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT person_id, contact_date, source FROM contact WHERE contact_date >= ? AND contact_date <= ? "
      "ORDER BY contact_date, id",
      {store::date(r.from6), store::date(r.inspection)}, [&](const Statement& s) {
        if (!r.covers(s.int64(0)) || !s.date(1)) return;
        auto row = r.leading(s.int64(0));
        row.push_back(*s.date(1));
        row.push_back(contact_source(s.text(2)));
        l.rows.push_back(std::move(row));
      }));
  return l;
}

// List 2: early help episodes started in the six months, or open on the
// inspection date; one row per child of the family (a member on the start date).
Result<List> early_help(Record& r) {
  List l;
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT m.person_id, e.start_date, e.end_date, COALESCE(t.name, 'Local authority') FROM early_help_episode e "
      "JOIN family_member m ON m.family_id = e.family_id AND m.role = 'child' AND m.start_date <= e.start_date "
      "AND (m.end_date IS NULL OR m.end_date >= e.start_date) LEFT JOIN team t ON t.id = e.team_id "
      "WHERE e.start_date <= ? AND (e.start_date >= ? OR e.end_date IS NULL OR e.end_date > ?) "
      "ORDER BY e.start_date, e.id, m.person_id",
      {store::date(r.inspection), store::date(r.from6), store::date(r.inspection)}, [&](const Statement& s) {
        if (!r.covers(s.int64(0)) || !s.date(1)) return;
        auto row = r.leading(s.int64(0));
        row.push_back(*s.date(1));
        auto end = s.date(2);
        row.push_back(end && *end <= r.inspection ? Cell(*end) : Cell());
        row.push_back(s.text(3));
        l.rows.push_back(std::move(row));
      }));
  return l;
}

// List 3: referrals received in the six months; one row per referral.
Result<List> referrals(Record& r) {
  DatesByPerson referral_dates;
  KITH_RETURN_IF_ERROR(r.db.run("SELECT person_id, referral_date FROM cin_episode", {}, [&](const Statement& s) {
    if (auto d = s.date(1)) referral_dates[s.int64(0)].push_back(*d);
  }));
  List l;
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT person_id, referral_date, referral_source, referral_nfa FROM cin_episode "
      "WHERE referral_date >= ? AND referral_date <= ? ORDER BY referral_date, id",
      {store::date(r.from6), store::date(r.inspection)}, [&](const Statement& s) {
        std::int64_t p = s.int64(0);
        if (!r.covers(p) || !s.date(1)) return;
        auto row = r.leading(p);
        row.push_back(*s.date(1));
        row.push_back(s.text(2));
        row.push_back(yes_no(s.int64(3) != 0));
        row.push_back(count_in(referral_dates, p, r.from12, r.inspection));
        r.allocation(row, p);
        l.rows.push_back(std::move(row));
      }));
  return l;
}

// List 4: assessments in progress at any time in the six months (started by the
// inspection date and not authorised before the window).
Result<List> assessments(Record& r) {
  DatesByPerson visits;
  KITH_RETURN_IF_ERROR(r.db.run("SELECT person_id, visit_date FROM visit", {}, [&](const Statement& s) {
    if (auto d = s.date(1)) visits[s.int64(0)].push_back(*d);
  }));
  List l;
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT e.person_id, a.start_date, a.authorised_date, a.outcome FROM assessment a "
      "JOIN cin_episode e ON e.id = a.cin_episode_id WHERE a.start_date <= ? "
      "AND (a.authorised_date IS NULL OR a.authorised_date >= ?) ORDER BY a.start_date, a.id",
      {store::date(r.inspection), store::date(r.from6)}, [&](const Statement& s) {
        std::int64_t p = s.int64(0);
        if (!r.covers(p) || !s.date(1)) return;
        Date start = *s.date(1);
        auto authorised = s.date(2);
        if (authorised && *authorised > r.inspection) authorised.reset();  // not yet known at the inspection
        auto row = r.leading(p);
        row.push_back(r.disabled(p));
        row.push_back(start);
        row.push_back(yes_no(count_in(visits, p, start, authorised.value_or(r.inspection)) > 0));
        row.push_back(opt_date(authorised));
        auto outcome = s.opt_text(3);
        if (!authorised || !outcome) row.push_back(Cell());
        else row.push_back(yes_no(*outcome == "cin_plan" || *outcome == "strategy_discussion"));
        r.allocation(row, p);
        l.rows.push_back(std::move(row));
      }));
  return l;
}

// List 5: section 47 enquiries started in the six months, and those still open.
Result<List> section47s(Record& r) {
  DatesByPerson s47_dates, icpc_dates;
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT e.person_id, s.start_date FROM section47 s JOIN cin_episode e ON e.id = s.cin_episode_id", {},
      [&](const Statement& s) { if (auto d = s.date(1)) s47_dates[s.int64(0)].push_back(*d); }));
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT e.person_id, c.conference_date FROM conference c JOIN cin_episode e ON e.id = c.cin_episode_id "
      "WHERE c.kind = 'initial'", {},
      [&](const Statement& s) { if (auto d = s.date(1)) icpc_dates[s.int64(0)].push_back(*d); }));
  List l;
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT e.person_id, COALESCE(d.discussion_date, s.start_date), s.end_date, s.icpc_required, "
      "c.conference_date, c.plan_required FROM section47 s JOIN cin_episode e ON e.id = s.cin_episode_id "
      "LEFT JOIN strategy_discussion d ON d.id = s.strategy_discussion_id "
      "LEFT JOIN conference c ON c.section47_id = s.id AND c.kind = 'initial' AND c.conference_date <= ? "
      "WHERE s.start_date <= ? AND (s.start_date >= ? OR s.end_date IS NULL OR s.end_date > ?) "
      "ORDER BY s.start_date, s.id",
      {store::date(r.inspection), store::date(r.inspection), store::date(r.from6), store::date(r.inspection)},
      [&](const Statement& s) {
        std::int64_t p = s.int64(0);
        if (!r.covers(p) || !s.date(1)) return;
        auto row = r.leading(p);
        row.push_back(r.disabled(p));
        row.push_back(*s.date(1));
        bool decided = s.int64(3) != 0 || (s.date(2) && *s.date(2) <= r.inspection);
        row.push_back(decided ? yes_no(s.int64(3) == 0) : Cell());  // an open enquiry has no decision yet
        auto icpc = s.date(4);
        row.push_back(opt_date(icpc));
        row.push_back(icpc ? yes_no(s.int64(5) != 0) : Cell());
        row.push_back(count_in(s47_dates, p, r.from12, r.inspection));
        row.push_back(count_in(icpc_dates, p, r.from12, r.inspection));
        r.allocation(row, p);
        l.rows.push_back(std::move(row));
      }));
  return l;
}

// List 6: children in need at some time in the six months (a referral that was
// not NFA, open on some day of the window); one row per child, their latest episode.
Result<List> children_in_need(Record& r) {
  std::set<std::int64_t> on_cp, in_care;
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT person_id FROM cp_plan WHERE start_date <= ? AND (end_date IS NULL OR end_date > ?)",
      {store::date(r.inspection), store::date(r.inspection)}, [&](const Statement& s) { on_cp.insert(s.int64(0)); }));
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT person_id FROM cla_period WHERE start_date <= ? AND (end_date IS NULL OR end_date > ?)",
      {store::date(r.inspection), store::date(r.inspection)}, [&](const Statement& s) { in_care.insert(s.int64(0)); }));
  auto seen = latest_by_person(r, "SELECT person_id, visit_date, seen_alone FROM visit WHERE visit_date <= ?");
  if (!seen) return seen.status();
  std::map<std::int64_t, std::vector<Cell>> rows;  // by person: the latest episode wins (ORDER BY referral_date)
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT person_id, referral_date, primary_need, close_date, reason_for_closure FROM cin_episode "
      "WHERE referral_nfa = 0 AND referral_date <= ? AND (close_date IS NULL OR close_date >= ?) "
      "ORDER BY referral_date, id",
      {store::date(r.inspection), store::date(r.from6)}, [&](const Statement& s) {
        std::int64_t p = s.int64(0);
        if (!r.covers(p)) return;
        auto close = s.date(3);
        if (close && *close > r.inspection) close.reset();
        auto row = r.leading(p);
        row.push_back(r.disabled(p));
        row.push_back(opt_date(s.date(1)));
        row.push_back(opt_text(s.opt_text(2)));
        auto v = seen->find(p);
        row.push_back(v == seen->end() ? Cell() : Cell(v->second.date));
        row.push_back(opt_date(close));
        row.push_back(close ? opt_text(s.opt_text(4)) : Cell());
        row.push_back(std::string(close ? "Closed" : in_care.count(p) ? "Looked after" : on_cp.count(p) ? "Child protection"
                                                                                                       : "Child in need"));
        r.allocation(row, p);
        rows[p] = std::move(row);
      }));
  List l;
  for (auto& [p, row] : rows) l.rows.push_back(std::move(row));
  return l;
}

// List 7: child protection plans open on the inspection date or ended in the six months.
Result<List> child_protection(Record& r) {
  auto visit = latest_by_person(r, "SELECT person_id, visit_date, seen_alone FROM visit WHERE context = 'cp' AND visit_date <= ?");
  if (!visit) return visit.status();
  auto review = latest_by_person(r,
      "SELECT e.person_id, c.conference_date, 0 FROM conference c JOIN cin_episode e ON e.id = c.cin_episode_id "
      "WHERE c.kind = 'review' AND c.conference_date <= ?");
  if (!review) return review.status();
  std::set<std::int64_t> protected_order;  // EPO (L2) or police protection (L1) in the six months
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT p.person_id FROM legal_status s JOIN cla_period p ON p.id = s.cla_period_id "
      "WHERE s.status IN ('L1', 'L2') AND s.start_date <= ? AND s.start_date >= ?",
      {store::date(r.inspection), store::date(r.from6)}, [&](const Statement& s) { protected_order.insert(s.int64(0)); }));
  DatesByPerson plan_starts;
  KITH_RETURN_IF_ERROR(r.db.run("SELECT person_id, start_date FROM cp_plan", {}, [&](const Statement& s) {
    if (auto d = s.date(1)) plan_starts[s.int64(0)].push_back(*d);
  }));
  std::unordered_map<std::int64_t, std::string> kept_previous;  // NumberOfPreviousCPP from an imported census
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT entity_id, value FROM return_field WHERE entity = 'cp_plan' AND field = 'NumberOfPreviousCPP'", {},
      [&](const Statement& s) { kept_previous[s.int64(0)] = s.text(1); }));
  List l;
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT id, person_id, start_date, end_date, initial_category, latest_category FROM cp_plan "
      "WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?) ORDER BY start_date, id",
      {store::date(r.inspection), store::date(r.from6)}, [&](const Statement& s) {
        std::int64_t p = s.int64(1);
        if (!r.covers(p) || !s.date(2)) return;
        Date start = *s.date(2);
        auto end = s.date(3);
        if (end && *end > r.inspection) end.reset();
        auto row = r.leading(p);
        row.push_back(r.disabled(p));
        row.push_back(start);
        row.push_back(s.text(4));
        row.push_back(s.text(5));
        auto v = visit->find(p);
        bool visited = v != visit->end() && v->second.date >= start;
        row.push_back(visited ? Cell(v->second.date) : Cell());
        row.push_back(visited ? yes_no(v->second.flag != 0) : Cell());
        auto rv = review->find(p);
        row.push_back(rv != review->end() && rv->second.date >= start ? Cell(rv->second.date) : Cell());
        row.push_back(opt_date(end));
        row.push_back(yes_no(protected_order.count(p) > 0));
        auto kept = kept_previous.find(s.int64(0));
        std::int64_t previous = 0;
        if (kept != kept_previous.end()) previous = std::atoll(kept->second.c_str());
        else previous = count_in(plan_starts, p, Date::ymd(1900, 1, 1), start.plus_days(-1));
        row.push_back(previous);
        r.allocation(row, p);
        l.rows.push_back(std::move(row));
      }));
  return l;
}

}  // namespace kith::returns::annex_a::detail
