#include "casework/child_record.h"

#include <algorithm>

#include "casework/chronology.h"
#include "casework/due_tasks.h"
#include "casework/partner_fields.h"
#include "store/people_store.h"

namespace kith::casework {
namespace {

template <typename E>
std::string coded(const std::string& c) {
  auto e = from_code<E>(c);
  return e ? c + " " + std::string(meaning(*e)) : c;
}

// The most intensive open involvement of the pathway decides the stage.
// Each probe returns (how many, since when); a count, not the date, says
// whether the stage applies, since some records have no date to show.
Status fill_stage(store::Database& db, ChildSummary& c) {
  struct Probe {
    Stage stage;
    const char* sql;
  };
  static const Probe kProbes[] = {
      {Stage::kLookedAfter, "SELECT count(*), max(start_date) FROM cla_period WHERE person_id = ? AND end_date IS NULL"},
      {Stage::kChildProtection, "SELECT count(*), max(start_date) FROM cp_plan WHERE person_id = ? AND end_date IS NULL"},
      {Stage::kChildInNeed, "SELECT count(*), max(referral_date) FROM cin_episode WHERE person_id = ? AND close_date IS NULL"},
      {Stage::kEarlyHelp,
       "SELECT count(*), max(e.start_date) FROM early_help_episode e JOIN family_member m ON m.family_id = e.family_id "
       "WHERE m.person_id = ? AND m.end_date IS NULL AND e.end_date IS NULL"},
      {Stage::kCareLeaver, "SELECT count(*), max(pathway_plan_date) FROM care_leaver WHERE person_id = ?"},
  };
  for (const Probe& p : kProbes) {
    std::int64_t open = 0;
    std::optional<Date> since;
    KITH_RETURN_IF_ERROR(db.run(p.sql, {c.person.id}, [&](const store::Statement& s) {
      open = s.int64(0);
      since = s.date(1);
    }));
    if (open > 0) {
      c.stage = p.stage;
      c.stage_since = since;
      return Status::ok();
    }
  }
  return Status::ok();
}

Status fill_context(store::Database& db, ChildSummary& c) {
  Id id = c.person.id;
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT a.postcode, l.name, s.name FROM person p LEFT JOIN address a ON a.id = p.address_id "
      "LEFT JOIN locality l ON l.id = a.locality_id LEFT JOIN school s ON s.id = p.school_id WHERE p.id = ?",
      {id}, [&](const store::Statement& s) {
        c.postcode = s.text(0);
        c.locality = s.text(1);
        c.school = s.text(2);
      }));
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT f.id, f.name FROM family_member m JOIN family f ON f.id = m.family_id "
      "WHERE m.person_id = ? AND m.end_date IS NULL ORDER BY m.start_date DESC LIMIT 1",
      {id}, [&](const store::Statement& s) {
        c.family_id = s.int64(0);
        c.family_name = s.text(1);
      }));
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT w.name, t.name FROM involvement i JOIN worker w ON w.id = i.worker_id LEFT JOIN team t ON t.id = i.team_id "
      "WHERE i.person_id = ? AND i.end_date IS NULL ORDER BY i.start_date DESC LIMIT 1",
      {id}, [&](const store::Statement& s) {
        c.allocated_worker = s.text(0);
        c.allocated_team = s.text(1);
      }));
  if (c.family_id)
    KITH_RETURN_IF_ERROR(db.run(
        "SELECT w.name FROM lead_professional lp JOIN worker w ON w.id = lp.worker_id "
        "WHERE lp.family_id = ? AND lp.end_date IS NULL ORDER BY lp.start_date DESC LIMIT 1",
        {*c.family_id}, [&](const store::Statement& s) { c.lead_professional = s.text(0); }));
  return Status::ok();
}

Status fill_care(store::Database& db, ChildSummary& c, Date today) {
  Id id = c.person.id;
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT ls.status FROM legal_status ls JOIN cla_period p ON p.id = ls.cla_period_id "
      "WHERE p.person_id = ? AND p.end_date IS NULL ORDER BY ls.start_date DESC LIMIT 1",
      {id}, [&](const store::Statement& s) { c.legal_status = coded<LegalStatus>(s.text(0)); }));
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT pl.placement_type FROM placement pl JOIN cla_period p ON p.id = pl.cla_period_id "
      "WHERE p.person_id = ? AND p.end_date IS NULL AND pl.end_date IS NULL ORDER BY pl.start_date DESC LIMIT 1",
      {id}, [&](const store::Statement& s) { c.placement = coded<PlacementType>(s.text(0)); }));
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT latest_category FROM cp_plan WHERE person_id = ? AND end_date IS NULL ORDER BY start_date DESC LIMIT 1", {id},
      [&](const store::Statement& s) { c.cp_category = coded<CategoryOfAbuse>(s.text(0)); }));
  auto workers = db.scalar(
      "SELECT count(DISTINCT worker_id) FROM involvement WHERE person_id = ? AND role = 'allocated_social_worker' "
      "AND (end_date IS NULL OR end_date >= ?)",
      {id, today.plus_months(-12).iso()});
  if (!workers) return workers.status();
  c.workers_last_12_months = int(*workers);
  auto due = due_tasks(db, id, today);
  if (!due) return due.status();
  c.due = std::move(*due);
  return Status::ok();
}

Result<ChildSummary> load_summary(store::Database& db, const Person& person, Date today) {
  ChildSummary c;
  c.person = person;
  if (person.birth_date) c.age = today.years_since(*person.birth_date);
  KITH_RETURN_IF_ERROR(fill_stage(db, c));
  KITH_RETURN_IF_ERROR(fill_context(db, c));
  KITH_RETURN_IF_ERROR(fill_care(db, c, today));
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

Result<std::vector<WorkItem>> my_work(store::Database& db, Id worker_id, Date today) {
  std::vector<WorkItem> items;
  KITH_RETURN_IF_ERROR(db.run(
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
      }));
  for (WorkItem& w : items) {
    ChildSummary c;
    c.person.id = w.person_id;
    KITH_RETURN_IF_ERROR(fill_stage(db, c));
    w.stage = c.stage;
    auto due = due_tasks(db, w.person_id, today);
    if (!due) return due.status();
    if (!due->empty()) w.next_due = due->front();
  }
  std::stable_sort(items.begin(), items.end(), [](const WorkItem& a, const WorkItem& b) {
    if (a.next_due.has_value() != b.next_due.has_value()) return a.next_due.has_value();
    return a.next_due && a.next_due->due < b.next_due->due;
  });
  return items;
}

}  // namespace kith::casework
