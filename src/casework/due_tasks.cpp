#include "casework/due_tasks.h"

#include <algorithm>

#include "calendar/calendar.h"

namespace kith::casework {
namespace {

using calendar::add_working_days;

void add(std::vector<DueTask>& out, std::string what, Date due, Date today) {
  out.push_back({std::move(what), due, due < today});
}

Status assessments(store::Database& db, Id person, Date today, std::vector<DueTask>& out) {
  return db.run(
      "SELECT a.start_date FROM assessment a JOIN cin_episode c ON c.id = a.cin_episode_id "
      "WHERE c.person_id = ? AND a.authorised_date IS NULL AND c.close_date IS NULL",
      {person}, [&](const store::Statement& s) {
        if (auto start = s.date(0)) add(out, "Assessment", add_working_days(*start, 45), today);
      });
}

// An ICPC is due when a section 47 needs one and none has been held since.
Status initial_conferences(store::Database& db, Id person, Date today, std::vector<DueTask>& out) {
  return db.run(
      "SELECT sd.discussion_date FROM section47 s JOIN strategy_discussion sd ON sd.id = s.strategy_discussion_id "
      "JOIN cin_episode c ON c.id = s.cin_episode_id "
      "WHERE c.person_id = ? AND c.close_date IS NULL AND s.icpc_required = 1 AND NOT EXISTS ("
      "  SELECT 1 FROM conference k WHERE k.cin_episode_id = c.id AND k.kind = 'initial' "
      "  AND k.conference_date >= sd.discussion_date)",
      {person}, [&](const store::Statement& s) {
        if (auto d = s.date(0)) add(out, "Initial child protection conference", add_working_days(*d, 15), today);
      });
}

Status cp_reviews(store::Database& db, Id person, Date today, std::vector<DueTask>& out) {
  return db.run(
      "SELECT p.start_date, (SELECT max(k.conference_date) FROM conference k WHERE k.cin_episode_id = p.cin_episode_id "
      "  AND k.kind = 'review' AND k.conference_date >= p.start_date) "
      "FROM cp_plan p WHERE p.person_id = ? AND p.end_date IS NULL",
      {person}, [&](const store::Statement& s) {
        auto start = s.date(0);
        if (!start) return;
        auto last_review = s.date(1);
        Date due = last_review ? last_review->plus_months(6) : start->plus_months(3);
        add(out, "Child protection review conference", due, today);
      });
}

Status cla_reviews(store::Database& db, Id person, Date today, std::vector<DueTask>& out) {
  return db.run(
      "SELECT p.start_date, (SELECT count(*) FROM cla_review r WHERE r.cla_period_id = p.id), "
      "(SELECT max(r.review_date) FROM cla_review r WHERE r.cla_period_id = p.id) "
      "FROM cla_period p WHERE p.person_id = ? AND p.end_date IS NULL",
      {person}, [&](const store::Statement& s) {
        auto start = s.date(0);
        if (!start) return;
        std::int64_t held = s.int64(1);
        auto last = s.date(2);
        Date due = held == 0 ? add_working_days(*start, 20) : held == 1 ? last->plus_months(3) : last->plus_months(6);
        add(out, "Looked-after review", due, today);
      });
}

// Visits are counted from the current placement's start.
Status cla_visits(store::Database& db, Id person, Date today, std::vector<DueTask>& out) {
  return db.run(
      "SELECT pl.start_date, (SELECT max(v.visit_date) FROM visit v WHERE v.person_id = ? AND v.visit_date >= pl.start_date) "
      "FROM placement pl JOIN cla_period p ON p.id = pl.cla_period_id "
      "WHERE p.person_id = ? AND p.end_date IS NULL AND pl.end_date IS NULL",
      {person, person}, [&](const store::Statement& s) {
        auto start = s.date(0);
        if (!start) return;
        auto last = s.date(1);
        Date due = !last ? start->plus_days(7)
                         : (*last < start->plus_months(12) ? last->plus_days(42) : last->plus_months(3));
        add(out, "Statutory visit", due, today);
      });
}

// Health assessments of a looked-after child: the initial one 20 working days
// after the period starts (in time for the first review), then review
// assessments every 6 months before the 5th birthday and every 12 months after
// (the age on the last assessment decides).
Status health_assessments(store::Database& db, Id person, Date today, std::vector<DueTask>& out) {
  return db.run(
      "SELECT p.start_date, (SELECT max(h.check_date) FROM health_check h WHERE h.person_id = p.person_id "
      "  AND h.kind = 'health_assessment' AND h.check_date >= p.start_date), x.birth_date "
      "FROM cla_period p JOIN person x ON x.id = p.person_id WHERE p.person_id = ? AND p.end_date IS NULL",
      {person}, [&](const store::Statement& s) {
        auto start = s.date(0);
        if (!start) return;
        auto last = s.date(1);
        auto born = s.date(2);
        if (!last) return add(out, "Initial health assessment", add_working_days(*start, 20), today);
        bool under_five = born && *last < born->plus_months(60);
        add(out, "Review health assessment", last->plus_months(under_five ? 6 : 12), today);
      });
}

// Child protection visits: at least every 10 working days while the plan is
// open (the council's child protection procedures), counted from the plan's
// start until the first visit.
Status cp_visits(store::Database& db, Id person, Date today, std::vector<DueTask>& out) {
  return db.run(
      "SELECT p.start_date, (SELECT max(v.visit_date) FROM visit v WHERE v.person_id = p.person_id AND v.visit_date >= p.start_date "
      "  AND NOT EXISTS (SELECT 1 FROM visit_seen n WHERE n.visit_id = v.id AND n.seen = 0)) FROM cp_plan p WHERE p.person_id = ? AND p.end_date IS NULL",
      {person}, [&](const store::Statement& s) {
        auto start = s.date(0);
        if (!start) return;
        auto last = s.date(1);
        add(out, "Child protection visit", add_working_days(last ? *last : *start, 10), today);
      });
}

}  // namespace

Result<std::vector<DueTask>> due_tasks(store::Database& db, Id person_id, Date today) {
  std::vector<DueTask> out;
  KITH_RETURN_IF_ERROR(assessments(db, person_id, today, out));
  KITH_RETURN_IF_ERROR(initial_conferences(db, person_id, today, out));
  KITH_RETURN_IF_ERROR(cp_reviews(db, person_id, today, out));
  KITH_RETURN_IF_ERROR(cla_reviews(db, person_id, today, out));
  KITH_RETURN_IF_ERROR(cla_visits(db, person_id, today, out));
  KITH_RETURN_IF_ERROR(health_assessments(db, person_id, today, out));
  KITH_RETURN_IF_ERROR(cp_visits(db, person_id, today, out));
  std::sort(out.begin(), out.end(), [](const DueTask& a, const DueTask& b) { return a.due < b.due; });
  return out;
}

}  // namespace kith::casework
