// Building the child records of the DfE CSC API from the case record. Field
// sources are listed in docs/RETURNS_ANNEX_A_API.md ("DfE API: fields").
#include "returns/dfe_api/payload.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "returns/projection/collection_year.h"

namespace kith::returns::dfe_api {
namespace {

using nlohmann::json;
using store::Statement;

struct Span {
  std::optional<Date> start, end;
  bool touches(const Window& w) const { return start && *start <= w.end && (!end || *end >= w.start); }
};

struct Person {
  std::string forename, surname, sex, ethnicity, upn, disability, postcode;
  std::optional<Date> birth, expected;
  bool uasc = false;
};

struct Episode {
  std::int64_t id = 0, person = 0;
  Span span;
  std::string source, reason;
  bool nfa = false;
  json record;  // built lazily
};

struct Period {
  std::int64_t id = 0, person = 0;
  std::optional<std::int64_t> episode;
  Span span;
  std::string reason_ceased;
};

// Everything the records need, loaded table by table (one query each).
struct Facts {
  std::unordered_map<std::int64_t, Person> people;
  std::map<std::pair<std::string, std::int64_t>, std::map<std::string, std::string>> fields;  // (entity, id) -> field -> value
  std::map<std::int64_t, std::vector<Episode>> episodes;  // by person, by referral date
  std::unordered_map<std::int64_t, json> workers, assessments, cin_plans, s47s, cp_plans;  // by episode: arrays
  std::map<std::int64_t, std::vector<Period>> periods;  // by person
  std::unordered_map<std::int64_t, json> placements;    // by period: array
  std::unordered_map<std::int64_t, Date> first_adoptive_placement;  // by period
  std::unordered_map<std::int64_t, Date> decision;                  // by person: first adoption decision
  std::unordered_map<std::int64_t, std::string> matched;            // by person
  std::unordered_map<std::int64_t, std::tuple<Date, std::string, std::string>> leaver_contact;  // by person: latest
  std::unordered_map<std::int64_t, json> sdq;  // by person: array
  std::set<std::int64_t> active;               // persons with activity in the window
};

std::string field(const Facts& f, const std::string& entity, std::int64_t id, const std::string& name) {
  auto it = f.fields.find({entity, id});
  if (it == f.fields.end()) return "";
  auto v = it->second.find(name);
  return v == it->second.end() ? "" : v->second;
}

void put_date(json& o, const char* key, const std::optional<Date>& d) {
  if (d) o[key] = d->iso();
}
void put_text(json& o, const char* key, const std::string& s) {
  if (!s.empty()) o[key] = s;
}

Status load_people(store::Database& db, Facts& f) {
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT p.id, p.forename, p.surname, p.sex, p.ethnicity, COALESCE(p.upn, ''), p.disability, "
      "COALESCE(a.postcode, ''), p.birth_date, p.expected_birth_date, p.uasc FROM person p "
      "LEFT JOIN address a ON a.id = p.address_id", {}, [&](const Statement& s) {
        f.people[s.int64(0)] = {s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.opt_text(6).value_or(""),
                                s.text(7), s.date(8), s.date(9), s.int64(10) != 0};
      }));
  return db.run("SELECT entity, entity_id, field, value FROM return_field", {}, [&](const Statement& s) {
    f.fields[{s.text(0), s.int64(1)}][s.text(2)] = s.text(3);
  });
}

Status load_episodes(store::Database& db, Facts& f) {
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT id, person_id, referral_date, close_date, referral_source, COALESCE(reason_for_closure, ''), referral_nfa "
      "FROM cin_episode ORDER BY person_id, referral_date, id", {}, [&](const Statement& s) {
        f.episodes[s.int64(1)].push_back({s.int64(0), s.int64(1), {s.date(2), s.date(3)}, s.text(4), s.text(5),
                                          s.int64(6) != 0, json()});
      }));
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT e.id, i.worker_id, i.start_date, i.end_date FROM involvement i JOIN cin_episode e ON e.person_id = i.person_id "
      "WHERE i.role = 'allocated_social_worker' AND i.start_date <= COALESCE(e.close_date, '9999-12-31') "
      "AND (i.end_date IS NULL OR i.end_date >= e.referral_date) ORDER BY i.start_date, i.id", {},
      [&](const Statement& s) {
        json w{{"worker_id", std::to_string(s.int64(1))}};
        put_date(w, "start_date", s.date(2));
        put_date(w, "end_date", s.date(3));
        f.workers[s.int64(0)].push_back(w);
      }));
  std::unordered_map<std::int64_t, json> factors;
  KITH_RETURN_IF_ERROR(db.run("SELECT assessment_id, factor FROM assessment_factor ORDER BY assessment_id, factor", {},
                              [&](const Statement& s) { factors[s.int64(0)].push_back(s.text(1)); }));
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT cin_episode_id, id, start_date, authorised_date FROM assessment ORDER BY start_date, id", {},
      [&](const Statement& s) {
        json a{{"child_and_family_assessment_id", std::to_string(s.int64(1))}, {"purge", false}};
        put_date(a, "start_date", s.date(2));
        put_date(a, "authorisation_date", s.date(3));
        auto fx = factors.find(s.int64(1));
        a["factors"] = fx == factors.end() ? json::array() : fx->second;
        f.assessments[s.int64(0)].push_back(a);
      }));
  KITH_RETURN_IF_ERROR(db.run("SELECT cin_episode_id, id, start_date, end_date FROM cin_plan ORDER BY start_date, id", {},
                              [&](const Statement& s) {
                                json p{{"child_in_need_plan_id", std::to_string(s.int64(1))}, {"purge", false}};
                                put_date(p, "start_date", s.date(2));
                                put_date(p, "end_date", s.date(3));
                                f.cin_plans[s.int64(0)].push_back(p);
                              }));
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT s.cin_episode_id, s.id, s.start_date, s.icpc_required, c.conference_date, s.end_date FROM section47 s "
      "LEFT JOIN conference c ON c.section47_id = s.id AND c.kind = 'initial' ORDER BY s.start_date, s.id", {},
      [&](const Statement& s) {
        json x{{"section_47_assessment_id", std::to_string(s.int64(1))}, {"icpc_required_flag", s.int64(3) != 0},
               {"purge", false}};
        put_date(x, "start_date", s.date(2));
        put_date(x, "icpc_date", s.date(4));
        put_date(x, "end_date", s.date(5));
        f.s47s[s.int64(0)].push_back(x);
      }));
  return db.run("SELECT cin_episode_id, id, start_date, end_date FROM cp_plan ORDER BY start_date, id", {},
                [&](const Statement& s) {
                  json p{{"child_protection_plan_id", std::to_string(s.int64(1))}, {"purge", false}};
                  put_date(p, "start_date", s.date(2));
                  put_date(p, "end_date", s.date(3));
                  f.cp_plans[s.int64(0)].push_back(p);
                });
}

// Placements as the spec's looked-after placements: the first of a period
// starts it (RNE S), later ones are changes of placement (P); a placement that
// ends the period carries the period's REC, an earlier one X1.
Status load_care(store::Database& db, Facts& f) {
  std::unordered_map<std::int64_t, const Period*> by_id;
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT id, person_id, cin_episode_id, start_date, end_date, COALESCE(reason_ceased, '') FROM cla_period "
      "ORDER BY person_id, start_date, id", {}, [&](const Statement& s) {
        f.periods[s.int64(1)].push_back({s.int64(0), s.int64(1), s.opt_int64(2), {s.date(3), s.date(4)}, s.text(5)});
      }));
  for (const auto& [who, ps] : f.periods)
    for (const auto& p : ps) by_id[p.id] = &p;
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT cla_period_id, id, start_date, end_date, placement_type, COALESCE(postcode, ''), COALESCE(reason_change, '') "
      "FROM placement ORDER BY cla_period_id, start_date, id", {}, [&](const Statement& s) {
        auto period = by_id.find(s.int64(0));
        if (period == by_id.end()) return;
        json& list = f.placements[s.int64(0)];
        json pl{{"child_looked_after_placement_id", std::to_string(s.int64(1))},
                {"start_reason", list.empty() ? "S" : "P"}, {"placement_type", s.text(4)}, {"purge", false}};
        put_date(pl, "start_date", s.date(2));
        put_text(pl, "postcode", s.text(5));
        put_text(pl, "change_reason", s.text(6));
        auto end = s.date(3);
        put_date(pl, "end_date", end);
        if (end) pl["end_reason"] = period->second->span.end && *end == *period->second->span.end &&
                                            !period->second->reason_ceased.empty()
                                        ? period->second->reason_ceased
                                        : "X1";
        std::string t = s.text(4);
        if ((t == "A3" || t == "A4" || t == "A5" || t == "A6") && !f.first_adoptive_placement.count(s.int64(0)) && s.date(2))
          f.first_adoptive_placement[s.int64(0)] = *s.date(2);
        list.push_back(pl);
      }));
  KITH_RETURN_IF_ERROR(db.run("SELECT person_id, date_placed FROM adoption_decision ORDER BY date_placed, id", {},
                              [&](const Statement& s) {
                                if (auto d = s.date(1); d && !f.decision.count(s.int64(0))) f.decision[s.int64(0)] = *d;
                              }));
  KITH_RETURN_IF_ERROR(db.run("SELECT person_id, date_match FROM adoption WHERE date_match IS NOT NULL ORDER BY id", {},
                              [&](const Statement& s) { f.matched[s.int64(0)] = s.text(1); }));
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT l.person_id, c.contact_date, c.activity, c.accommodation FROM care_leaver_contact c "
      "JOIN care_leaver l ON l.id = c.care_leaver_id ORDER BY c.contact_date, c.id", {}, [&](const Statement& s) {
        if (auto d = s.date(1)) f.leaver_contact[s.int64(0)] = {*d, s.text(2), s.text(3)};
      }));
  // SDQ scores are reported per collection year (SSDA903 OC2): dated 31 March of that year.
  return db.run(
      "SELECT person_id, collection_year, sdq_score FROM health_outcome WHERE sdq_score IS NOT NULL "
      "ORDER BY collection_year, id", {}, [&](const Statement& s) {
        const std::string score = s.text(2);
        if (score.empty() || !std::all_of(score.begin(), score.end(), ::isdigit)) return;
        f.sdq[s.int64(0)].push_back({{"date", Date::ymd(int(s.int64(1)), 3, 31).iso()}, {"score", std::stoi(score)}});
      });
}

// Who is in the cohort: the age rule, then activity overlapping the window.
bool in_cohort(const Facts& f, std::int64_t who, const Person& p, const Window& w) {
  if (p.birth) {
    if (*p.birth > w.end || p.birth->plus_months(26 * 12) <= w.start) return false;
  } else if (!p.expected || *p.expected < w.start || *p.expected > w.end) {
    return false;
  }
  if (f.active.count(who)) return true;
  auto c = f.leaver_contact.find(who);
  if (c == f.leaver_contact.end() || !p.birth) return false;
  int age = w.end.years_since(*p.birth);
  Date contact = std::get<0>(c->second);
  return age >= 16 && age <= 25 && contact >= w.start && contact <= w.end;
}

void mark_active(Facts& f, const Window& w) {
  for (const auto& [who, eps] : f.episodes)
    for (const auto& e : eps) {
      if (e.span.touches(w)) f.active.insert(who);
      for (const auto* plans : {&f.cin_plans, &f.cp_plans}) {
        auto it = plans->find(e.id);
        if (it == plans->end()) continue;
        for (const auto& pl : it->second) {
          Span s{Date::parse_iso(pl.value("start_date", "")), Date::parse_iso(pl.value("end_date", ""))};
          if (s.touches(w)) f.active.insert(who);
        }
      }
    }
  for (const auto& [who, ps] : f.periods)
    for (const auto& p : ps)
      if (p.span.touches(w)) f.active.insert(who);
}

json child_details(const Facts& f, std::int64_t who, const Person& p) {
  json d{{"first_name", p.forename}, {"surname", p.surname}, {"sex", p.sex}, {"ethnicity", p.ethnicity},
         {"uasc_flag", p.uasc}, {"purge", false}};
  put_text(d, "unique_pupil_number", p.upn);
  put_text(d, "former_unique_pupil_number", field(f, "person", who, "FormerUPN"));
  put_text(d, "unique_pupil_number_unknown_reason", field(f, "person", who, "UPNunknown"));
  put_date(d, "date_of_birth", p.birth);
  if (!p.birth) put_date(d, "expected_date_of_birth", p.expected);
  json disabilities = json::array();
  std::string codes = field(f, "person", who, "Disabilities");
  if (codes.empty()) codes = p.disability;
  for (std::size_t i = 0; i < codes.size();) {  // codes separated by spaces or commas
    std::size_t j = codes.find_first_of(" ,", i);
    if (j == std::string::npos) j = codes.size();
    if (j > i) disabilities.push_back(codes.substr(i, j - i));
    i = j + 1;
  }
  d["disabilities"] = disabilities.empty() ? json::array({"NONE"}) : disabilities;
  put_text(d, "postcode", p.postcode);
  put_date(d, "uasc_end_date", Date::parse_iso(field(f, "person", who, "DUC")));
  return d;
}

json episode_record(const Facts& f, const Episode& e) {
  json r{{"social_care_episode_id", std::to_string(e.id)}, {"referral_source", e.source},
         {"referral_no_further_action_flag", e.nfa}, {"purge", false}};
  put_date(r, "referral_date", e.span.start);
  put_date(r, "closure_date", e.span.end);
  put_text(r, "closure_reason", e.reason);
  auto array_of = [&](const std::unordered_map<std::int64_t, json>& m) {
    auto it = m.find(e.id);
    return it == m.end() ? json::array() : it->second;
  };
  r["care_worker_details"] = array_of(f.workers);
  r["child_and_family_assessments"] = array_of(f.assessments);
  r["child_in_need_plans"] = array_of(f.cin_plans);
  r["section_47_assessments"] = array_of(f.s47s);
  r["child_protection_plans"] = array_of(f.cp_plans);
  r["child_looked_after_placements"] = json::array();
  return r;
}

// Periods of care hang off the episode they name; one without an episode in
// the record goes on the child's latest episode, or on an episode of its own
// ("CLA" + period id) when the child has none.
void attach_care(const Facts& f, std::int64_t who, json& episodes) {
  auto ps = f.periods.find(who);
  if (ps == f.periods.end()) return;
  auto find_episode = [&](const std::string& id) -> json* {
    for (auto& e : episodes)
      if (e["social_care_episode_id"] == id) return &e;
    return nullptr;
  };
  for (const auto& p : ps->second) {
    json* target = p.episode ? find_episode(std::to_string(*p.episode)) : nullptr;
    if (!target && !episodes.empty()) target = &episodes.back();
    if (!target) {
      json own{{"social_care_episode_id", "CLA" + std::to_string(p.id)}, {"purge", false},
               {"child_looked_after_placements", json::array()}};
      put_date(own, "referral_date", p.span.start);
      episodes.push_back(own);
      target = &episodes.back();
    }
    if (auto pl = f.placements.find(p.id); pl != f.placements.end())
      for (const auto& x : pl->second) (*target)["child_looked_after_placements"].push_back(x);
    auto decision = f.decision.find(who);
    if (decision != f.decision.end() && p.span.start && *p.span.start <= decision->second &&
        (!p.span.end || *p.span.end >= decision->second)) {
      json a{{"initial_decision_date", decision->second.iso()}, {"purge", false}};
      if (auto m = f.matched.find(who); m != f.matched.end()) put_date(a, "matched_date", Date::parse_iso(m->second));
      if (auto placed = f.first_adoptive_placement.find(p.id); placed != f.first_adoptive_placement.end())
        a["placed_date"] = placed->second.iso();
      (*target)["adoption"] = a;
    }
  }
}

json child_record(const Facts& f, std::int64_t who, const Person& p, const std::string& la_child_id, const Window& w) {
  json r{{"la_child_id", la_child_id}, {"mis_child_id", std::to_string(who)}, {"purge", false},
         {"child_details", child_details(f, who, p)}};
  if (auto sdq = f.sdq.find(who); sdq != f.sdq.end()) r["health_and_wellbeing"] = {{"sdq_assessments", sdq->second}, {"purge", false}};
  json episodes = json::array();
  if (auto eps = f.episodes.find(who); eps != f.episodes.end())
    for (const auto& e : eps->second)
      if (e.span.touches(w)) episodes.push_back(episode_record(f, e));
  attach_care(f, who, episodes);
  if (auto c = f.leaver_contact.find(who); c != f.leaver_contact.end() && !episodes.empty()) {
    const auto& [date, activity, accommodation] = c->second;
    json cl{{"contact_date", date.iso()}, {"purge", false}};
    put_text(cl, "activity", activity);
    put_text(cl, "accommodation", accommodation.substr(0, 1));  // the letter only, as the reference sender
    episodes.back()["care_leavers"] = cl;
  }
  r["social_care_episodes"] = episodes;
  return r;
}

}  // namespace

Window Window::for_run(Date run) {
  Date back = run.plus_months(-24);
  int year = back.month() >= 4 ? back.year() : back.year() - 1;
  return {Date::ymd(year, 4, 1), run.plus_days(1)};
}

Result<std::vector<ChildRecord>> build_child_records(store::Database& db, Date run_date, const std::string& la) {
  auto council = projection::council_people(db, la);
  if (!council) return council.status();
  auto ids = projection::load_child_ids(db);
  if (!ids) return ids.status();
  Facts f;
  KITH_RETURN_IF_ERROR(load_people(db, f));
  KITH_RETURN_IF_ERROR(load_episodes(db, f));
  KITH_RETURN_IF_ERROR(load_care(db, f));
  const Window w = Window::for_run(run_date);
  mark_active(f, w);
  std::vector<std::int64_t> order;
  for (const auto& [who, p] : f.people)
    if (council->covers(who) && in_cohort(f, who, p, w)) order.push_back(who);
  std::sort(order.begin(), order.end());
  std::vector<ChildRecord> out;
  out.reserve(order.size());
  for (std::int64_t who : order) {
    ChildRecord c{who, projection::child_id(*ids, who), std::to_string(who), {}, {}};
    c.record = child_record(f, who, f.people.at(who), c.la_child_id, w);
    c.hash = record_hash(c.record);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace kith::returns::dfe_api
