#include "casework/due_tasks.h"

#include <algorithm>
#include <functional>

#include "calendar/calendar.h"
#include "casework/send.h"
#include "casework/transition.h"

namespace kith::casework {
namespace {

using calendar::add_working_days;
using TaskMap = std::map<Id, std::vector<DueTask>>;

void add(std::vector<DueTask>& out, std::string what, Date due, Date today) {
  out.push_back({std::move(what), due, due < today});
}

// Each rule is one query over every child of the set (Children: "= ?" for one
// child, "IN (subquery)" for a caseload), returning the child's id first, so a
// worklist of a thousand children costs the same dozen queries as one record.
Status run_rule(store::Database& db, const std::string& sql, const Children& who, const std::function<void(const store::Statement&)>& row) {
  return run_for(db, sql, who, row);
}

Status assessments(store::Database& db, const Children& who, Date today, TaskMap& out) {
  return run_rule(db,
                  "SELECT c.person_id, a.start_date FROM assessment a JOIN cin_episode c ON c.id = a.cin_episode_id "
                  "WHERE c.person_id {who} AND a.authorised_date IS NULL AND c.close_date IS NULL",
                  who, [&](const store::Statement& s) {
                    if (auto start = s.date(1)) add(out[s.int64(0)], "Assessment", add_working_days(*start, 45), today);
                  });
}

// An ICPC is due when a section 47 needs one and none has been held since.
Status initial_conferences(store::Database& db, const Children& who, Date today, TaskMap& out) {
  return run_rule(db,
                  "SELECT c.person_id, sd.discussion_date FROM section47 s JOIN strategy_discussion sd ON sd.id = s.strategy_discussion_id "
                  "JOIN cin_episode c ON c.id = s.cin_episode_id "
                  "WHERE c.person_id {who} AND c.close_date IS NULL AND s.icpc_required = 1 AND NOT EXISTS ("
                  "  SELECT 1 FROM conference k WHERE k.cin_episode_id = c.id AND k.kind = 'initial' "
                  "  AND k.conference_date >= sd.discussion_date)",
                  who, [&](const store::Statement& s) {
                    if (auto d = s.date(1)) add(out[s.int64(0)], "Initial child protection conference", add_working_days(*d, 15), today);
                  });
}

Status cp_reviews(store::Database& db, const Children& who, Date today, TaskMap& out) {
  return run_rule(db,
                  "SELECT p.person_id, p.start_date, (SELECT max(k.conference_date) FROM conference k WHERE k.cin_episode_id = p.cin_episode_id "
                  "  AND k.kind = 'review' AND k.conference_date >= p.start_date) "
                  "FROM cp_plan p WHERE p.person_id {who} AND p.end_date IS NULL",
                  who, [&](const store::Statement& s) {
                    auto start = s.date(1);
                    if (!start) return;
                    auto last_review = s.date(2);
                    Date due = last_review ? last_review->plus_months(6) : start->plus_months(3);
                    add(out[s.int64(0)], "Child protection review conference", due, today);
                  });
}

Status cla_reviews(store::Database& db, const Children& who, Date today, TaskMap& out) {
  return run_rule(db,
                  "SELECT p.person_id, p.start_date, (SELECT count(*) FROM cla_review r WHERE r.cla_period_id = p.id), "
                  "(SELECT max(r.review_date) FROM cla_review r WHERE r.cla_period_id = p.id) "
                  "FROM cla_period p WHERE p.person_id {who} AND p.end_date IS NULL",
                  who, [&](const store::Statement& s) {
                    auto start = s.date(1);
                    if (!start) return;
                    std::int64_t held = s.int64(2);
                    auto last = s.date(3);
                    Date due = held == 0 ? add_working_days(*start, 20) : held == 1 ? last->plus_months(3) : last->plus_months(6);
                    add(out[s.int64(0)], "Looked-after review", due, today);
                  });
}

// Visits are counted from the current placement's start.
Status cla_visits(store::Database& db, const Children& who, Date today, TaskMap& out) {
  return run_rule(db,
                  "SELECT p.person_id, pl.start_date, (SELECT max(v.visit_date) FROM visit v WHERE v.person_id = p.person_id "
                  "  AND v.visit_date >= pl.start_date) "
                  "FROM placement pl JOIN cla_period p ON p.id = pl.cla_period_id "
                  "WHERE p.person_id {who} AND p.end_date IS NULL AND pl.end_date IS NULL",
                  who, [&](const store::Statement& s) {
                    auto start = s.date(1);
                    if (!start) return;
                    auto last = s.date(2);
                    Date due = !last ? start->plus_days(7)
                                     : (*last < start->plus_months(12) ? last->plus_days(42) : last->plus_months(3));
                    add(out[s.int64(0)], "Statutory visit", due, today);
                  });
}

// Health assessments of a looked-after child: the initial one 20 working days
// after the period starts (in time for the first review), then review
// assessments every 6 months before the 5th birthday and every 12 months after
// (the age on the last assessment decides).
Status health_assessments(store::Database& db, const Children& who, Date today, TaskMap& out) {
  return run_rule(db,
                  "SELECT p.person_id, p.start_date, (SELECT max(h.check_date) FROM health_check h WHERE h.person_id = p.person_id "
                  "  AND h.kind = 'health_assessment' AND h.check_date >= p.start_date), x.birth_date "
                  "FROM cla_period p JOIN person x ON x.id = p.person_id WHERE p.person_id {who} AND p.end_date IS NULL",
                  who, [&](const store::Statement& s) {
                    auto start = s.date(1);
                    if (!start) return;
                    auto last = s.date(2);
                    auto born = s.date(3);
                    auto& tasks = out[s.int64(0)];
                    if (!last) return add(tasks, "Initial health assessment", add_working_days(*start, 20), today);
                    bool under_five = born && *last < born->plus_months(60);
                    add(tasks, "Review health assessment", last->plus_months(under_five ? 6 : 12), today);
                  });
}

// Child protection visits: at least every 10 working days while the plan is
// open (the council's child protection procedures), counted from the plan's
// start until the first visit.
Status cp_visits(store::Database& db, const Children& who, Date today, TaskMap& out) {
  return run_rule(db,
                  "SELECT p.person_id, p.start_date, (SELECT max(v.visit_date) FROM visit v WHERE v.person_id = p.person_id "
                  "  AND v.visit_date >= p.start_date "
                  "  AND NOT EXISTS (SELECT 1 FROM visit_seen n WHERE n.visit_id = v.id AND n.seen = 0)) "
                  "FROM cp_plan p WHERE p.person_id {who} AND p.end_date IS NULL",
                  who, [&](const store::Statement& s) {
                    auto start = s.date(1);
                    if (!start) return;
                    auto last = s.date(2);
                    add(out[s.int64(0)], "Child protection visit", add_working_days(last ? *last : *start, 10), today);
                  });
}

// EHC plans and transition to adult services are the SEND and transition
// modules' own rules (send.h, transition.h), asked child by child; one query
// first finds the few children they can apply to (an open EHC plan or
// request; aged 16 to 18), so a caseload does not pay for the rest.
Status send_and_transition(store::Database& db, const Children& who, Date today, TaskMap& out) {
  std::vector<Id> send, transition;
  KITH_RETURN_IF_ERROR(run_rule(db,
                                "SELECT p.id, p.birth_date, (SELECT count(*) FROM ehcp e WHERE e.person_id = p.id AND e.end_date IS NULL) "
                                "FROM person p WHERE p.id {who}",
                                who, [&](const store::Statement& s) {
                                  if (s.int64(2) > 0) send.push_back(s.int64(0));
                                  auto born = s.date(1);
                                  if (born && today >= born->plus_months(16 * 12) && today < born->plus_months(18 * 12))
                                    transition.push_back(s.int64(0));
                                }));
  for (Id id : send) KITH_RETURN_IF_ERROR(send_due_tasks(db, id, today, out[id]));
  for (Id id : transition) KITH_RETURN_IF_ERROR(transition_due_tasks(db, id, today, out[id]));
  return Status::ok();
}

}  // namespace

Children one_child(Id person_id) { return {"= ?", {person_id}}; }

Status run_for(store::Database& db, std::string sql, const Children& who, const std::function<void(const store::Statement&)>& on_row) {
  std::vector<store::Value> params;
  for (std::size_t at = sql.find("{who}"); at != std::string::npos; at = sql.find("{who}", at)) {
    sql.replace(at, 5, who.condition);
    at += who.condition.size();
    params.insert(params.end(), who.params.begin(), who.params.end());
  }
  return db.run(sql, params, on_row);
}

Result<std::map<Id, std::vector<DueTask>>> due_tasks_of(store::Database& db, const Children& who, Date today) {
  TaskMap out;
  KITH_RETURN_IF_ERROR(assessments(db, who, today, out));
  KITH_RETURN_IF_ERROR(initial_conferences(db, who, today, out));
  KITH_RETURN_IF_ERROR(cp_reviews(db, who, today, out));
  KITH_RETURN_IF_ERROR(cla_reviews(db, who, today, out));
  KITH_RETURN_IF_ERROR(cla_visits(db, who, today, out));
  KITH_RETURN_IF_ERROR(health_assessments(db, who, today, out));
  KITH_RETURN_IF_ERROR(cp_visits(db, who, today, out));
  KITH_RETURN_IF_ERROR(send_and_transition(db, who, today, out));  // EHC plans (send.h) and transition (transition.h)
  for (auto& [id, tasks] : out)
    std::stable_sort(tasks.begin(), tasks.end(), [](const DueTask& a, const DueTask& b) { return a.due < b.due; });
  return out;
}

Result<std::vector<DueTask>> due_tasks(store::Database& db, Id person_id, Date today) {
  auto all = due_tasks_of(db, one_child(person_id), today);
  if (!all) return all.status();
  auto it = all->find(person_id);
  return it == all->end() ? std::vector<DueTask>{} : std::move(it->second);
}

}  // namespace kith::casework
