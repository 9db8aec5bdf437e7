#include "insight/case_record.h"

#include <algorithm>

namespace kith::insight {
namespace {

using store::Statement;

Date required_date(const Statement& s, int col) { return s.date(col).value_or(Date()); }

Status load_people(store::Database& db, CaseRecord& r) {
  // The child's family is their latest family membership; its hub is the child's hub.
  return db.run(
      "SELECT p.id, p.sex, p.ethnicity, p.birth_date, p.death_date, a.locality_id, "
      " (SELECT fm.family_id FROM family_member fm WHERE fm.person_id = p.id ORDER BY fm.start_date DESC LIMIT 1) "
      "FROM person p LEFT JOIN address a ON a.id = p.address_id",
      {}, [&](const Statement& s) {
        ChildRow c{s.int64(0), s.text(1), s.text(2), s.date(3), s.date(4), s.opt_int64(5), std::nullopt, s.opt_int64(6)};
        r.people.emplace(c.id, std::move(c));
      });
}

Status load_organisation(store::Database& db, CaseRecord& r) {
  KITH_RETURN_IF_ERROR(db.run("SELECT id, name FROM locality", {}, [&](const Statement& s) { r.localities[s.int64(0)] = s.text(1); }));
  KITH_RETURN_IF_ERROR(db.run("SELECT id, name FROM family_hub", {}, [&](const Statement& s) { r.hubs[s.int64(0)] = s.text(1); }));
  KITH_RETURN_IF_ERROR(db.run("SELECT id, name, locality_id, family_hub_id FROM team", {}, [&](const Statement& s) {
    r.teams[s.int64(0)] = {s.text(1), s.opt_int64(2), s.opt_int64(3)};
  }));
  KITH_RETURN_IF_ERROR(db.run("SELECT id, locality_id, family_hub_id FROM family", {}, [&](const Statement& s) {
    r.families[s.int64(0)] = {s.opt_int64(1), s.opt_int64(2)};
  }));
  for (auto& [id, p] : r.people)
    if (p.family)
      if (auto f = r.families.find(*p.family); f != r.families.end()) p.hub = f->second.hub;
  return Status::ok();
}

Status load_front_door(store::Database& db, CaseRecord& r) {
  KITH_RETURN_IF_ERROR(db.run("SELECT id, person_id, contact_date, coalesce(decision, '') FROM contact", {}, [&](const Statement& s) {
    r.contacts.push_back({s.int64(0), s.int64(1), required_date(s, 2), s.text(3)});
  }));
  return db.run("SELECT c.person_id, v.conversation_date, v.alternative_to_referral FROM conversation v JOIN contact c ON c.id = v.contact_id",
                {}, [&](const Statement& s) { r.conversations.push_back({s.int64(0), required_date(s, 1), s.int64(2) != 0}); });
}

Status load_statutory(store::Database& db, CaseRecord& r) {
  KITH_RETURN_IF_ERROR(db.run("SELECT id, person_id, referral_date, close_date, stepped_up_from_eh FROM cin_episode ORDER BY person_id, referral_date, id",
                              {}, [&](const Statement& s) {
                                r.referrals.push_back({s.int64(0), s.int64(1), required_date(s, 2), s.date(3), s.opt_int64(4)});
                              }));
  KITH_RETURN_IF_ERROR(db.run("SELECT a.cin_episode_id, e.person_id, a.start_date, a.authorised_date FROM assessment a "
                              "JOIN cin_episode e ON e.id = a.cin_episode_id",
                              {}, [&](const Statement& s) {
                                r.assessments.push_back({s.int64(0), s.int64(1), required_date(s, 2), s.date(3)});
                              }));
  KITH_RETURN_IF_ERROR(db.run("SELECT s.id, e.person_id, s.start_date FROM section47 s JOIN cin_episode e ON e.id = s.cin_episode_id", {},
                              [&](const Statement& s) { r.section47s.push_back({s.int64(0), s.int64(1), required_date(s, 2)}); }));
  // The strategy discussion an ICPC is timed from: the one that started its S47, else
  // the episode's latest discussion on or before the conference.
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT e.person_id, c.conference_date, coalesce("
      " (SELECT d.discussion_date FROM section47 s JOIN strategy_discussion d ON d.id = s.strategy_discussion_id WHERE s.id = c.section47_id),"
      " (SELECT max(d.discussion_date) FROM strategy_discussion d WHERE d.cin_episode_id = c.cin_episode_id AND d.discussion_date <= c.conference_date)) "
      "FROM conference c JOIN cin_episode e ON e.id = c.cin_episode_id WHERE c.kind = 'initial'",
      {}, [&](const Statement& s) { r.icpcs.push_back({s.int64(0), required_date(s, 1), s.date(2)}); }));
  return db.run("SELECT person_id, start_date, end_date FROM cp_plan ORDER BY person_id, start_date, id", {},
                [&](const Statement& s) { r.cp_plans.push_back({s.int64(0), required_date(s, 1), s.date(2)}); });
}

Status load_care(store::Database& db, CaseRecord& r) {
  std::unordered_map<Id, std::size_t> index;
  KITH_RETURN_IF_ERROR(db.run("SELECT id, person_id, start_date, end_date, coalesce(home_postcode, '') FROM cla_period ORDER BY person_id, start_date, id",
                              {}, [&](const Statement& s) {
                                index[s.int64(0)] = r.cla_periods.size();
                                r.cla_periods.push_back({s.int64(0), s.int64(1), required_date(s, 2), s.date(3), s.text(4), {}, {}});
                              }));
  KITH_RETURN_IF_ERROR(db.run("SELECT cla_period_id, start_date, status FROM legal_status ORDER BY cla_period_id, start_date, id", {},
                              [&](const Statement& s) {
                                r.cla_periods[index.at(s.int64(0))].legal_statuses.push_back({required_date(s, 1), s.text(2)});
                              }));
  KITH_RETURN_IF_ERROR(db.run("SELECT cla_period_id, start_date, end_date, placement_type, coalesce(postcode, ''), weekly_cost_pence "
                              "FROM placement ORDER BY cla_period_id, start_date, id",
                              {}, [&](const Statement& s) {
                                r.cla_periods[index.at(s.int64(0))].placements.push_back(
                                    {required_date(s, 1), s.date(2), s.text(3), s.text(4), s.int64(5)});
                              }));
  KITH_RETURN_IF_ERROR(db.run("SELECT l.person_id, c.contact_date, c.in_touch, c.activity, c.accommodation FROM care_leaver_contact c "
                              "JOIN care_leaver l ON l.id = c.care_leaver_id",
                              {}, [&](const Statement& s) {
                                r.care_leaver_contacts.push_back({s.int64(0), required_date(s, 1), s.text(2), s.text(3), s.text(4)});
                              }));
  KITH_RETURN_IF_ERROR(db.run("SELECT person_id, plan_date, end_date FROM ehcp", {},
                              [&](const Statement& s) { r.ehcps.push_back({s.int64(0), s.date(1), s.date(2)}); }));
  return db.run("SELECT person_id, kind, check_date FROM health_check", {},
                [&](const Statement& s) { r.health_checks.push_back({s.int64(0), s.text(1), required_date(s, 2)}); });
}

Status load_work(store::Database& db, CaseRecord& r) {
  KITH_RETURN_IF_ERROR(db.run("SELECT person_id, worker_id, team_id, role, start_date, end_date, reason_for_change IS NOT NULL FROM involvement", {},
                              [&](const Statement& s) {
                                r.involvements.push_back({s.int64(0), s.int64(1), s.opt_int64(2), s.text(3), required_date(s, 4), s.date(5),
                                                          s.int64(6) != 0});
                              }));
  KITH_RETURN_IF_ERROR(db.run("SELECT id, team_id, role, agency, contract, fte, start_date, leave_date FROM worker", {}, [&](const Statement& s) {
    r.workers.push_back({s.int64(0), s.opt_int64(1), s.text(2), s.text(3), s.text(4), s.real(5), required_date(s, 6), s.date(7)});
  }));
  KITH_RETURN_IF_ERROR(db.run("SELECT worker_id, start_date, working_days FROM worker_absence", {}, [&](const Statement& s) {
    r.absences.push_back({s.int64(0), required_date(s, 1), int(s.int64(2))});
  }));
  KITH_RETURN_IF_ERROR(db.run("SELECT family_id, start_date, end_date, coalesce(end_reason, ''), stepped_down_from_cin IS NOT NULL FROM early_help_episode",
                              {}, [&](const Statement& s) {
                                r.early_help.push_back({s.int64(0), required_date(s, 1), s.date(2), s.text(3), s.int64(4) != 0});
                              }));
  return db.run("SELECT family_id, start_date, end_date FROM lead_professional ORDER BY family_id, start_date, id", {},
                [&](const Statement& s) { r.lead_professionals.push_back({s.int64(0), required_date(s, 1), s.date(2)}); });
}

}  // namespace

Result<CaseRecord> load_case_record(store::Database& db) {
  CaseRecord r;
  KITH_RETURN_IF_ERROR(load_people(db, r));
  KITH_RETURN_IF_ERROR(load_organisation(db, r));
  KITH_RETURN_IF_ERROR(load_front_door(db, r));
  KITH_RETURN_IF_ERROR(load_statutory(db, r));
  KITH_RETURN_IF_ERROR(load_care(db, r));
  KITH_RETURN_IF_ERROR(load_work(db, r));
  index_case_record(r);
  return r;
}

}  // namespace kith::insight
