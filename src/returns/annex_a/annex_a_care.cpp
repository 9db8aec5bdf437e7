// Annex A lists 8-11: children in care, care leavers, adoption, adopters.
#include <algorithm>
#include <map>

#include "returns/annex_a/annex_a_lists.h"

namespace kith::returns::annex_a::detail {
namespace {

using store::Statement;

struct Placement {
  Date start;
  std::optional<Date> end;
  std::int64_t id = 0;
  std::string type, provider, postcode;
};

struct Period {
  std::int64_t id = 0, person = 0;
  Date start;
  std::optional<Date> end;
  std::string reason_ceased, need;
};

// The latest dated row of each key on or before the inspection date.
template <typename Key>
void keep_latest(std::unordered_map<Key, std::pair<Date, std::string>>& m, Key k, Date d, std::string v) {
  auto it = m.find(k);
  if (it == m.end() || it->second.first <= d) m[k] = {d, std::move(v)};
}

Cell latest_cell(const std::unordered_map<std::int64_t, std::pair<Date, std::string>>& m, std::int64_t k) {
  auto it = m.find(k);
  return it == m.end() ? Cell() : Cell(it->second.first);
}

struct CareFacts {
  std::map<std::int64_t, std::vector<Placement>> placements;  // by period, by start
  std::unordered_map<std::int64_t, std::pair<Date, std::string>> legal, review, sw_visit, health, dental, urn;
  std::unordered_map<std::int64_t, std::vector<std::pair<Date, std::string>>> missing;  // by person: (start, type)
  std::unordered_map<std::int64_t, bool> last_missing_offered;
  std::unordered_map<std::int64_t, Date> placement_order;  // by period: the first E1 legal status
  std::unordered_map<std::int64_t, std::vector<Period>> periods;  // by person
};

Status load_care_facts(Record& r, CareFacts& f) {
  const auto d = store::date(r.inspection);
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT id, person_id, start_date, end_date, COALESCE(reason_ceased, ''), category_of_need FROM cla_period "
      "WHERE start_date <= ? ORDER BY start_date, id", {d}, [&](const Statement& s) {
        if (auto start = s.date(2)) f.periods[s.int64(1)].push_back({s.int64(0), s.int64(1), *start, s.date(3), s.text(4), s.text(5)});
      }));
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT cla_period_id, id, start_date, end_date, placement_type, provider_code, COALESCE(postcode, '') FROM placement "
      "WHERE start_date <= ? ORDER BY start_date, id", {d}, [&](const Statement& s) {
        if (auto start = s.date(2)) f.placements[s.int64(0)].push_back({*start, s.date(3), s.int64(1), s.text(4), s.text(5), s.text(6)});
      }));
  KITH_RETURN_IF_ERROR(r.db.run("SELECT cla_period_id, start_date, status FROM legal_status WHERE start_date <= ?", {d},
                                [&](const Statement& s) {
                                  auto x = s.date(1);
                                  if (!x) return;
                                  keep_latest(f.legal, s.int64(0), *x, s.text(2));
                                  auto po = f.placement_order.find(s.int64(0));
                                  if (s.text(2) == "E1" && (po == f.placement_order.end() || *x < po->second))
                                    f.placement_order[s.int64(0)] = *x;
                                }));
  KITH_RETURN_IF_ERROR(r.db.run("SELECT cla_period_id, review_date FROM cla_review WHERE review_date <= ?", {d},
                                [&](const Statement& s) { if (auto x = s.date(1)) keep_latest(f.review, s.int64(0), *x, ""); }));
  KITH_RETURN_IF_ERROR(r.db.run("SELECT person_id, visit_date FROM visit WHERE context = 'cla' AND visit_date <= ?", {d},
                                [&](const Statement& s) { if (auto x = s.date(1)) keep_latest(f.sw_visit, s.int64(0), *x, ""); }));
  KITH_RETURN_IF_ERROR(r.db.run("SELECT person_id, check_date, kind FROM health_check WHERE check_date <= ?", {d},
                                [&](const Statement& s) {
                                  auto x = s.date(1);
                                  if (!x) return;
                                  if (s.text(2) == "health_assessment") keep_latest(f.health, s.int64(0), *x, "");
                                  if (s.text(2) == "dental") keep_latest(f.dental, s.int64(0), *x, "");
                                }));
  KITH_RETURN_IF_ERROR(r.db.run("SELECT entity_id, value FROM return_field WHERE entity = 'placement' AND field = 'URN'", {},
                                [&](const Statement& s) { f.urn[s.int64(0)] = {Date(), s.text(1)}; }));
  return r.db.run(
      "SELECT person_id, start_date, missing_type, return_interview_offered FROM missing_episode WHERE start_date <= ? "
      "ORDER BY start_date, id", {d}, [&](const Statement& s) {
        auto x = s.date(1);
        if (!x) return;
        f.missing[s.int64(0)].push_back({*x, s.text(2)});
        if (s.text(2) == "M") f.last_missing_offered[s.int64(0)] = s.int64(3) != 0;
      });
}

std::vector<Cell> care_row(Record& r, const CareFacts& f, const Period& p) {
  const std::int64_t who = p.person;
  auto row = r.leading(who);
  row.push_back(yes_no(r.people.at(who).uasc));
  row.push_back(r.disabled(who));
  row.push_back(p.start);
  row.push_back(p.need);
  const auto& all = f.periods.at(who);
  bool again = std::any_of(all.begin(), all.end(), [&](const Period& o) {
    return o.id != p.id && o.end && *o.end >= r.from12 && *o.end <= p.start;
  });
  row.push_back(yes_no(again));
  auto ls = f.legal.find(p.id);
  row.push_back(ls == f.legal.end() ? Cell() : Cell(ls->second.first));
  row.push_back(ls == f.legal.end() ? Cell() : Cell(ls->second.second));
  row.push_back(latest_cell(f.review, p.id));
  row.push_back(latest_cell(f.sw_visit, who));
  row.push_back(Cell());  // permanence plan: not held in the case record
  row.push_back(Cell());  // IRO visit: not held in the case record
  row.push_back(latest_cell(f.health, who));
  row.push_back(latest_cell(f.dental, who));
  std::int64_t placed = 0;  // placements of the child open on some day of the last 12 months
  for (const auto& o : all) {
    auto it = f.placements.find(o.id);
    if (it == f.placements.end()) continue;
    for (const auto& pl : it->second) placed += pl.start <= r.inspection && (!pl.end || *pl.end >= r.from12);
  }
  row.push_back(placed);
  bool ceased = p.end && *p.end <= r.inspection;
  row.push_back(ceased ? Cell(*p.end) : Cell());
  row.push_back(ceased ? opt_text(p.reason_ceased) : Cell());
  auto pls = f.placements.find(p.id);
  if (pls == f.placements.end() || pls->second.empty()) {
    for (int i = 0; i < 7; ++i) row.push_back(Cell());
  } else {
    const Placement& last = pls->second.back();
    row.push_back(last.start);
    row.push_back(last.type);
    row.push_back(last.provider);
    row.push_back(opt_text(last.postcode));
    auto urn = f.urn.find(last.id);
    row.push_back(urn == f.urn.end() ? Cell() : Cell(urn->second.second));
    row.push_back(Cell());  // placement location (in/out of area): needs the placement LA, not held
    row.push_back(Cell());  // LA of placement: not held
  }
  std::int64_t missing = 0, absent = 0;
  if (auto m = f.missing.find(who); m != f.missing.end())
    for (const auto& [start, type] : m->second)
      if (start >= r.from12) (type == "M" ? missing : absent) += 1;
  row.push_back(missing);
  row.push_back(absent);
  auto offered = f.last_missing_offered.find(who);
  row.push_back(offered == f.last_missing_offered.end() ? Cell() : yes_no(offered->second));
  row.push_back(Cell());  // return interview accepted: not held
  r.allocation(row, who);
  return row;
}

std::string eligibility(const std::string& e) {
  if (e == "relevant") return "Relevant";
  if (e == "former_relevant") return "Former relevant";
  if (e == "qualifying") return "Qualifying";
  if (e == "eligible") return "Eligible";
  return e;
}

// SSDA903 ACCOM suitability digit: 1 suitable, 2 not suitable.
Cell suitability(const std::string& accom) {
  if (accom.size() < 2) return Cell();
  return std::string(accom[1] == '1' ? "Suitable" : accom[1] == '2' ? "Not suitable" : "");
}

}  // namespace

// List 8: children in care on the inspection date or who left care in the six
// months; one row per child, their latest period of care.
Result<List> children_in_care(Record& r) {
  CareFacts f;
  KITH_RETURN_IF_ERROR(load_care_facts(r, f));
  std::map<std::int64_t, const Period*> latest;
  for (const auto& [who, periods] : f.periods) {
    if (!r.covers(who)) continue;
    for (const auto& p : periods)
      if (!p.end || *p.end >= r.from6) latest[who] = &p;
  }
  List l;
  for (const auto& [who, p] : latest) l.rows.push_back(care_row(r, f, *p));
  return l;
}

// List 9: care leavers aged 16 to 25 on the inspection date with leaving-care
// eligibility recorded; the latest in-touch contact on or before the date.
Result<List> care_leavers(Record& r) {
  struct Contact {
    Date date;
    std::string in_touch, activity, accommodation;
  };
  std::unordered_map<std::int64_t, Contact> latest;
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT care_leaver_id, contact_date, in_touch, activity, accommodation FROM care_leaver_contact WHERE contact_date <= ?",
      {store::date(r.inspection)}, [&](const Statement& s) {
        auto d = s.date(1);
        if (!d) return;
        auto it = latest.find(s.int64(0));
        if (it == latest.end() || it->second.date <= *d) latest[s.int64(0)] = {*d, s.text(2), s.text(3), s.text(4)};
      }));
  List l;
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT id, person_id, personal_adviser_id, pathway_plan_date, eligibility FROM care_leaver ORDER BY person_id, id", {},
      [&](const Statement& s) {
        std::int64_t who = s.int64(1);
        if (!r.covers(who)) return;
        const auto& birth = r.people.at(who).birth;
        if (!birth || r.inspection.years_since(*birth) < 16 || r.inspection.years_since(*birth) > 25) return;
        auto row = r.leading(who);
        row.push_back(yes_no(r.people.at(who).uasc));
        row.push_back(r.disabled(who));
        r.allocation(row, who);
        auto pa = s.opt_int64(2);
        row.push_back(pa && r.worker_names.count(*pa) ? Cell(r.worker_names.at(*pa)) : Cell());
        row.push_back(eligibility(s.text(4)));
        auto plan = s.date(3);
        row.push_back(plan && *plan <= r.inspection ? Cell(*plan) : Cell());
        auto c = latest.find(s.int64(0));
        if (c == latest.end()) {
          for (int i = 0; i < 5; ++i) row.push_back(Cell());
        } else {
          row.push_back(opt_text(c->second.in_touch));
          row.push_back(c->second.date);
          row.push_back(c->second.accommodation.empty() ? Cell() : Cell(c->second.accommodation.substr(0, 1)));
          row.push_back(suitability(c->second.accommodation));
          row.push_back(opt_text(c->second.activity));
        }
        l.rows.push_back(std::move(row));
      }));
  return l;
}

// List 10: decisions that a child should be placed for adoption: adopted in the
// 12 months, still waiting, or reversed in the 12 months. One row per decision.
Result<List> adoption(Record& r) {
  CareFacts f;
  KITH_RETURN_IF_ERROR(load_care_facts(r, f));
  std::unordered_map<std::int64_t, std::string> matched;
  KITH_RETURN_IF_ERROR(r.db.run("SELECT person_id, date_match FROM adoption WHERE date_match IS NOT NULL", {},
                                [&](const Statement& s) { matched[s.int64(0)] = s.text(1); }));
  List l;
  KITH_RETURN_IF_ERROR(r.db.run(
      "SELECT person_id, date_placed, date_placed_ceased, reason_placed_ceased FROM adoption_decision "
      "WHERE date_placed <= ? ORDER BY date_placed, id", {store::date(r.inspection)}, [&](const Statement& s) {
        std::int64_t who = s.int64(0);
        auto decision = s.date(1);
        if (!r.covers(who) || !decision || !f.periods.count(who)) return;
        const Period* period = nullptr;  // the period of care the decision belongs to
        for (const auto& p : f.periods.at(who)) if (p.start <= *decision) period = &p;
        if (!period) return;
        bool adopted = period->end && *period->end <= r.inspection &&
                       (period->reason_ceased == "E11" || period->reason_ceased == "E12");
        auto reversed = s.date(2);
        if (reversed && *reversed > r.inspection) reversed.reset();
        bool in_scope = adopted ? *period->end >= r.from12 : reversed ? *reversed >= r.from12 : true;
        if (!in_scope) return;
        auto lead = r.leading(who);
        std::vector<Cell> row{lead[0], Cell(), lead[1], lead[2], lead[3], lead[4], r.disabled(who), period->start, *decision};
        std::optional<Date> order, placed, ffa;
        auto pls = f.placements.find(period->id);
        if (pls != f.placements.end())
          for (const auto& pl : pls->second) {
            bool adoptive = pl.type == "A3" || pl.type == "A4" || pl.type == "A5" || pl.type == "A6";
            if (adoptive && !placed) placed = pl.start;
            if ((pl.type == "A3" || pl.type == "A5") && !ffa) ffa = pl.start;  // placed with their current foster carers
          }
        if (auto po = f.placement_order.find(period->id); po != f.placement_order.end()) order = po->second;
        row.push_back(opt_date(order));
        auto m = matched.find(who);
        row.push_back(m == matched.end() ? Cell() : opt_date(Date::parse_iso(m->second)));
        row.push_back(opt_date(placed));
        row.push_back(adopted ? Cell(*period->end) : Cell());
        row.push_back(opt_date(reversed));
        row.push_back(reversed ? opt_text(s.opt_text(3)) : Cell());
        row.push_back(opt_date(ffa));
        l.rows.push_back(std::move(row));
      }));
  return l;
}

// List 11: adopters. The case record holds no adopter (adoption agency) records,
// so the list is the header row only.
Result<List> adopters(Record&) { return List{}; }

}  // namespace kith::returns::annex_a::detail
