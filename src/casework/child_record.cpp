#include "casework/child_record.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <memory>

#include "casework/chronology.h"
#include "casework/due_tasks.h"
#include "casework/partner_fields.h"
#include "casework/statutory.h"
#include "store/people_store.h"

namespace kith::casework {
namespace {

template <typename E>
std::string coded(const std::string& c) {
  auto e = from_code<E>(c);
  return e ? c + " " + std::string(meaning(*e)) : c;
}

// The most intensive open involvement of the pathway decides the stage. One
// query over the set of children, one branch per stage in order of intensity:
// a child has a row in a branch when that stage applies (with the date it
// started, which some records lack), and the first branch found wins.
struct StageOf {
  Stage stage = Stage::kNone;
  std::optional<Date> since;
};

using Stages = std::map<Id, StageOf>;

// Adds the read to the batch; out (which must outlive it) is filled when it runs.
void add_stages(store::Batch& batch, const Children& who, Stages& out) {
  static const Stage kOrder[] = {Stage::kLookedAfter, Stage::kChildProtection, Stage::kChildInNeed, Stage::kEarlyHelp,
                                 Stage::kCareLeaver};
  run_for(
      batch,
      "SELECT person_id, 0, max(start_date) FROM cla_period WHERE person_id {who} AND end_date IS NULL GROUP BY person_id "
      "UNION ALL SELECT person_id, 1, max(start_date) FROM cp_plan WHERE person_id {who} AND end_date IS NULL GROUP BY person_id "
      "UNION ALL SELECT person_id, 2, max(referral_date) FROM cin_episode WHERE person_id {who} AND close_date IS NULL GROUP BY person_id "
      "UNION ALL SELECT m.person_id, 3, max(e.start_date) FROM early_help_episode e JOIN family_member m ON m.family_id = e.family_id "
      "  WHERE m.person_id {who} AND m.end_date IS NULL AND e.end_date IS NULL GROUP BY m.person_id "
      "UNION ALL SELECT person_id, 4, max(pathway_plan_date) FROM care_leaver WHERE person_id {who} GROUP BY person_id",
      who, [&out, rank = std::map<Id, std::size_t>()](const store::Statement& s) mutable {
        Id id = s.int64(0);
        auto r = std::size_t(s.int64(1));
        if (r >= std::size(kOrder)) return;
        auto [it, fresh] = rank.try_emplace(id, r);
        if (!fresh && it->second <= r) return;
        it->second = r;
        out[id] = {kOrder[r], s.date(2)};
      });
}

void add_stage(store::Batch& batch, ChildSummary& c) {
  auto stages = std::make_shared<Stages>();
  add_stages(batch, one_child(c.person.id), *stages);
  batch.then([stages, &c] {
    if (auto it = stages->find(c.person.id); it != stages->end()) {
      c.stage = it->second.stage;
      c.stage_since = it->second.since;
    }
    return Status::ok();
  });
}

// Where the child lives, their family, workers and care, as one query of
// single-value lookups (one round trip to a database server, not eight);
// each lookup takes the child's id, the last one also the date a year ago.
void add_context(store::Batch& batch, ChildSummary& c, Date today) {
  Id id = c.person.id;
  // The latest open family membership and allocation; the id breaks a tie of dates.
  const std::string family =
      "(SELECT m.family_id FROM family_member m WHERE m.person_id = p.id AND m.end_date IS NULL "
      "ORDER BY m.start_date DESC, m.family_id DESC LIMIT 1)";
  const std::string allocation =
      "(SELECT i.id FROM involvement i WHERE i.person_id = p.id AND i.end_date IS NULL ORDER BY i.start_date DESC, i.id DESC LIMIT 1)";
  const std::string sql =
      "SELECT a.postcode, l.name, s.name, " + family + ", (SELECT f.name FROM family f WHERE f.id = " + family + "), "
      "(SELECT w.name FROM involvement i JOIN worker w ON w.id = i.worker_id WHERE i.id = " + allocation + "), "
      "(SELECT t.name FROM involvement i JOIN team t ON t.id = i.team_id WHERE i.id = " + allocation + "), "
      "(SELECT w.name FROM lead_professional lp JOIN worker w ON w.id = lp.worker_id WHERE lp.family_id = " + family +
      "  AND lp.end_date IS NULL ORDER BY lp.start_date DESC LIMIT 1), "
      "(SELECT ls.status FROM legal_status ls JOIN cla_period c ON c.id = ls.cla_period_id "
      "  WHERE c.person_id = p.id AND c.end_date IS NULL ORDER BY ls.start_date DESC LIMIT 1), "
      "(SELECT pl.placement_type FROM placement pl JOIN cla_period c ON c.id = pl.cla_period_id "
      "  WHERE c.person_id = p.id AND c.end_date IS NULL AND pl.end_date IS NULL ORDER BY pl.start_date DESC LIMIT 1), "
      "(SELECT x.latest_category FROM cp_plan x WHERE x.person_id = p.id AND x.end_date IS NULL ORDER BY x.start_date DESC LIMIT 1), "
      "(SELECT count(DISTINCT i.worker_id) FROM involvement i WHERE i.person_id = p.id AND i.role = 'allocated_social_worker' "
      "  AND (i.end_date IS NULL OR i.end_date >= ?)) "
      "FROM person p LEFT JOIN address a ON a.id = p.address_id LEFT JOIN locality l ON l.id = a.locality_id "
      "LEFT JOIN school s ON s.id = p.school_id WHERE p.id = ?";
  batch.add(sql, {today.plus_months(-12).iso(), id}, [&c](const store::Statement& s) {
    c.postcode = s.text(0);
    c.locality = s.text(1);
    c.school = s.text(2);
    if (!s.is_null(3)) c.family_id = s.int64(3);
    c.family_name = s.text(4);
    c.allocated_worker = s.text(5);
    c.allocated_team = s.text(6);  // of the same allocation; none shows the worker alone
    c.lead_professional = s.text(7);
    if (!s.is_null(8)) c.legal_status = coded<LegalStatus>(s.text(8));
    if (!s.is_null(9)) c.placement = coded<PlacementType>(s.text(9));
    if (!s.is_null(10)) c.cp_category = coded<CategoryOfAbuse>(s.text(10));
    c.workers_last_12_months = int(s.int64(11));
  });
}

void add_due(store::Batch& batch, ChildSummary& c, Date today) {
  auto due = std::make_shared<std::map<Id, std::vector<DueTask>>>();
  add_due_tasks(batch, one_child(c.person.id), today, *due);
  batch.then([due, &c] {
    if (auto it = due->find(c.person.id); it != due->end()) c.due = std::move(it->second);
    return Status::ok();
  });
}

// The summary's reads (stage, context, the due-task rules) are independent:
// one batch, so one round trip to a database server instead of nine.
Result<ChildSummary> load_summary(store::Database& db, const Person& person, Date today) {
  ChildSummary c;
  c.person = person;
  if (person.birth_date) c.age = today.years_since(*person.birth_date);
  store::Batch batch(db);
  add_stage(batch, c);
  add_context(batch, c, today);
  add_due(batch, c, today);
  KITH_RETURN_IF_ERROR(batch.run());
  return c;
}

Status audit_read(store::Database& db, const store::AuditTrail& log, const access::Viewer& v, Id id,
                  const std::string& action, const std::string& reason) {
  store::Transaction tx(db);
  KITH_RETURN_IF_ERROR(tx.begin_status());
  KITH_RETURN_IF_ERROR(log.append(db, {v.username, action, "person", std::to_string(id), reason}));
  return tx.commit();
}

}  // namespace

std::string_view stage_label(Stage s) {
  switch (s) {
    case Stage::kEarlyHelp: return "Early help";
    case Stage::kChildInNeed: return "Child in need";
    case Stage::kChildProtection: return "Child protection plan";
    case Stage::kLookedAfter: return "Looked after";
    case Stage::kCareLeaver: return "Care leaver";
    case Stage::kNone: break;
  }
  return "No open involvement";
}

Result<ChildRecord> load_child_record(store::Database& db, const store::AuditTrail& log, const access::Viewer& viewer,
                                      Id person_id, const std::string& reason, Date today) {
  auto person = store::make_people_store(db)->person(person_id);
  if (person.status().code() == Status::Code::kNotFound) return Status::not_found("No child with id " + std::to_string(person_id));
  if (!person) return person.status();
  Status allowed = check_access(db, viewer, person_id);
  if (allowed.code() == Status::Code::kDenied) {
    KITH_RETURN_IF_ERROR(audit_read(db, log, viewer, person_id, "read_denied", reason));
    return allowed;
  }
  KITH_RETURN_IF_ERROR(allowed);
  KITH_RETURN_IF_ERROR(audit_read(db, log, viewer, person_id, "read", reason));
  auto summary = load_summary(db, *person, today);
  if (!summary) return summary.status();
  auto chronology = load_chronology(db, person_id, summary->family_id);
  if (!chronology) return chronology.status();
  ChildRecord record{std::move(*summary), std::move(*chronology), {}};
  // Partners see only what their agency needs (partner_fields.h).
  auto limits = field_limits(db, viewer, person_id, today);
  if (!limits) return limits.status();
  if (*limits) {
    apply_limits(**limits, record);
    record.shared_as = agency_key((*limits)->agency);
  }
  return record;
}

void add_open_records(store::Batch& batch, Id person, StatutoryState& out, std::optional<Id>* family) {
  // statutory_state()'s eight lookups, in its order, as scalar subqueries of one row.
  static const std::string sql =
      "SELECT (SELECT max(id) FROM cin_episode WHERE person_id = ? AND close_date IS NULL), "
      "(SELECT max(a.id) FROM assessment a JOIN cin_episode c ON c.id = a.cin_episode_id WHERE c.person_id = ? "
      "  AND c.close_date IS NULL AND a.authorised_date IS NULL AND NOT EXISTS (SELECT 1 FROM assessment_completion k "
      "  WHERE k.assessment_id = a.id)), "
      "(SELECT max(s.id) FROM section47 s JOIN cin_episode c ON c.id = s.cin_episode_id WHERE c.person_id = ? "
      "  AND c.close_date IS NULL AND s.end_date IS NULL), "
      "(SELECT max(id) FROM cp_plan WHERE person_id = ? AND end_date IS NULL), "
      "(SELECT max(id) FROM cla_period WHERE person_id = ? AND end_date IS NULL), "
      "(SELECT max(id) FROM care_leaver WHERE person_id = ?), "
      "(SELECT max(p.id) FROM placement p JOIN cla_period c ON c.id = p.cla_period_id WHERE c.person_id = ? "
      "  AND c.end_date IS NULL AND p.end_date IS NULL), "
      "(SELECT count(*) FROM authorisation WHERE kind = 'closure' AND person_id = ? AND decision IS NULL), "
      "(SELECT max(family_id) FROM family_member WHERE person_id = ? AND end_date IS NULL)";
  StatutoryState* st = &out;
  batch.add(sql, std::vector<store::Value>(9, person), [st, family](const store::Statement& s) {
    st->cin_episode_id = s.opt_int64(0), st->open_assessment_id = s.opt_int64(1), st->open_section47_id = s.opt_int64(2);
    st->cp_plan_id = s.opt_int64(3), st->cla_period_id = s.opt_int64(4), st->care_leaver_id = s.opt_int64(5);
    st->placement_id = s.opt_int64(6), st->closure_awaiting = s.int64(7) > 0;
    if (family) *family = s.opt_int64(8);
  });
}

Result<StatutoryState> open_records(store::Database& db, Id person, std::optional<Id>* family) {
  StatutoryState st;
  store::Batch batch(db);
  add_open_records(batch, person, st, family);
  KITH_RETURN_IF_ERROR(batch.run());
  return st;
}

Result<std::vector<WorkItem>> my_work(store::Database& db, Id worker_id, Date today) {
  // The list, and the stage and next task of every child on it, in one batch.
  std::vector<WorkItem> items;
  store::Batch batch(db);
  batch.add(
      "SELECT p.id, p.forename || ' ' || p.surname, p.birth_date, min(w.since) FROM ("
      "  SELECT person_id, start_date AS since FROM involvement WHERE worker_id = ? AND end_date IS NULL"
      "  UNION ALL SELECT m.person_id, f.start_date FROM taf_member f JOIN family_member m ON m.family_id = f.family_id"
      "    WHERE f.worker_id = ? AND f.end_date IS NULL AND m.end_date IS NULL AND m.role = 'child'"
      "    AND NOT EXISTS (SELECT 1 FROM taf_consent c WHERE c.taf_member_id = f.id AND c.withdrawn_date IS NOT NULL)"
      "  UNION ALL SELECT m.person_id, l.start_date FROM lead_professional l JOIN family_member m ON m.family_id = l.family_id"
      "    WHERE l.worker_id = ? AND l.end_date IS NULL AND m.end_date IS NULL AND m.role = 'child'"
      ") w JOIN person p ON p.id = w.person_id GROUP BY p.id, p.forename, p.surname, p.birth_date",
      {worker_id, worker_id, worker_id}, [&](const store::Statement& s) {
        WorkItem w;
        w.person_id = s.int64(0);
        w.child_name = s.text(1);
        if (auto b = s.date(2)) w.age = today.years_since(*b);
        w.allocated_since = s.date(3).value_or(today);
        items.push_back(std::move(w));
      });
  // The stage and the next task of every child on the list in a fixed number
  // of queries over the same set, not a dozen per child.
  const Children mine{
      "IN (SELECT person_id FROM involvement WHERE worker_id = ? AND end_date IS NULL"
      " UNION SELECT m.person_id FROM taf_member f JOIN family_member m ON m.family_id = f.family_id"
      "   WHERE f.worker_id = ? AND f.end_date IS NULL AND m.end_date IS NULL AND m.role = 'child'"
      "   AND NOT EXISTS (SELECT 1 FROM taf_consent c WHERE c.taf_member_id = f.id AND c.withdrawn_date IS NOT NULL)"
      " UNION SELECT m.person_id FROM lead_professional l JOIN family_member m ON m.family_id = l.family_id"
      "   WHERE l.worker_id = ? AND l.end_date IS NULL AND m.end_date IS NULL AND m.role = 'child')",
      {worker_id, worker_id, worker_id}};
  Stages stages;
  std::map<Id, std::vector<DueTask>> due;
  add_stages(batch, mine, stages);
  add_due_tasks(batch, mine, today, due);
  KITH_RETURN_IF_ERROR(batch.run());
  for (WorkItem& w : items) {
    if (auto it = stages.find(w.person_id); it != stages.end()) w.stage = it->second.stage;
    if (auto it = due.find(w.person_id); it != due.end() && !it->second.empty()) w.next_due = it->second.front();
  }
  std::stable_sort(items.begin(), items.end(), [](const WorkItem& a, const WorkItem& b) {
    if (a.next_due.has_value() != b.next_due.has_value()) return a.next_due.has_value();
    return a.next_due && a.next_due->due < b.next_due->due;
  });
  return items;
}

}  // namespace kith::casework
