#include "casework/care_plans.h"

#include <algorithm>
#include <cctype>

#include "calendar/calendar.h"
#include "casework/record_write.h"

namespace kith::casework {
namespace {

using namespace record_write;

struct Permanence {
  const char* code;
  const char* label;
};
constexpr Permanence kPermanence[] = {
    {"return_home", "Return home"},           {"kinship", "Living with family or friends (kinship)"},
    {"long_term_fostering", "Long-term fostering"}, {"adoption", "Adoption"},
    {"special_guardianship", "Special guardianship"}, {"residential", "Residential care"},
    {"independence", "Preparing for independence"},
};

std::string permanence_label(const std::string& code) {
  for (const Permanence& p : kPermanence)
    if (code == p.code) return p.label;
  return code;
}

std::string eligibility_label(std::string e) {
  std::replace(e.begin(), e.end(), '_', ' ');
  if (!e.empty()) e[0] = char(std::toupper(static_cast<unsigned char>(e[0])));
  return e;
}

PlanApproval approval_of(bool has_request, const std::string& decision) {
  if (!has_request) return PlanApproval::kNone;
  if (decision.empty()) return PlanApproval::kAwaiting;
  return decision == "authorised" ? PlanApproval::kAuthorised : PlanApproval::kReturned;
}

void label(PlanStatus& st) {
  if (!st.plan_date) return;
  std::string when = st.plan_date->display();
  switch (st.approval) {
    case PlanApproval::kAwaiting: st.label = when + " (awaiting authorisation)"; break;
    case PlanApproval::kReturned: st.label = when + " (returned by the manager: not authorised)"; break;
    default: st.label = when + (st.authorised_on ? " (authorised " + st.authorised_on->display() + ")" : ""); break;
  }
}

}  // namespace

Result<Id> record_cla_care_plan(store::Database& db, const store::WriteContext& ctx, Id cla_period_id, Date plan_date,
                                const std::string& permanence) {
  if (std::none_of(std::begin(kPermanence), std::end(kPermanence), [&](const Permanence& p) { return permanence == p.code; }))
    return invalid("permanence", "choose the plan for permanence");
  return transact(db, [&]() -> Result<Id> {
    std::optional<Id> person;
    std::optional<Date> start;
    KITH_RETURN_IF_ERROR(db.run("SELECT person_id, start_date FROM cla_period WHERE id = ? AND end_date IS NULL", {cla_period_id},
                                [&](const store::Statement& s) { person = s.int64(0), start = s.date(1); }));
    if (!person) return invalid("cla_period_id", "the child has no open period of care with id " + std::to_string(cla_period_id));
    if (start && plan_date < *start)
      return invalid("plan_date", "the date must be on or after the child became looked after (" + start->display() + ")");
    auto id = create(db, ctx, "cla_care_plan", "cla_period_id, person_id, plan_date, permanence, recorded_by",
                     {cla_period_id, *person, plan_date.iso(), permanence, ctx.actor});
    if (!id) return id;
    auto req = create(db, ctx, "authorisation", "kind, entity_id, person_id, requested_on, requested_by",
                      {std::string("cla_plan"), *id, *person, plan_date.iso(), ctx.actor});
    if (!req) return req.status();
    return *id;
  });
}

Result<Id> request_pathway_plan_authorisation(store::Database& db, const store::WriteContext& ctx, Id care_leaver_id, Id person_id,
                                              Date plan_date) {
  return create(db, ctx, "authorisation", "kind, entity_id, person_id, requested_on, requested_by",
                {std::string("pathway_plan"), care_leaver_id, person_id, plan_date.iso(), ctx.actor});
}

Result<PlanStatus> cla_care_plan_status(store::Database& db, Id person_id) {
  return store::read_alone<PlanStatus>(db, add_cla_care_plan_status, person_id);
}

Result<PlanStatus> pathway_plan_status(store::Database& db, Id person_id) {
  return store::read_alone<PlanStatus>(db, add_pathway_plan_status, person_id);
}

void add_cla_care_plan_status(store::Batch& batch, Id person_id, PlanStatus& out) {
  PlanStatus* st = &out;
  batch.add(
      "SELECT k.plan_date, k.permanence, a.id, coalesce(a.decision, ''), a.decided_on FROM cla_care_plan k "
      "JOIN cla_period p ON p.id = k.cla_period_id AND p.end_date IS NULL "
      "LEFT JOIN authorisation a ON a.kind = 'cla_plan' AND a.entity_id = k.id "
      "WHERE k.person_id = ? ORDER BY k.plan_date DESC, k.id DESC LIMIT 1",
      {person_id}, [st](const store::Statement& s) {
        st->plan_date = s.date(0), st->detail = permanence_label(s.text(1));
        st->approval = approval_of(!s.is_null(2), s.text(3));
        if (st->approval == PlanApproval::kAuthorised) st->authorised_on = s.date(4);
      });
  batch.add("SELECT max(k.plan_date) FROM cla_care_plan k JOIN cla_period p ON p.id = k.cla_period_id AND p.end_date IS NULL "
            "JOIN authorisation a ON a.kind = 'cla_plan' AND a.entity_id = k.id AND a.decision = 'authorised' "
            "WHERE k.person_id = ?",
            {person_id}, [st](const store::Statement& s) { st->counted_date = s.date(0); });
  batch.then([st] { return label(*st), Status::ok(); });
}

// The care leaver's latest record with its latest authorisation request and
// the latest plan a manager authorised, in one read.
void add_pathway_plan_status(store::Batch& batch, Id person_id, PlanStatus& out) {
  PlanStatus* st = &out;
  batch.add(
      "SELECT l.id, l.pathway_plan_date, l.eligibility, a.id, coalesce(a.decision, ''), a.decided_on, "
      "(SELECT max(x.requested_on) FROM authorisation x WHERE x.kind = 'pathway_plan' AND x.entity_id = l.id AND x.decision = 'authorised') "
      "FROM care_leaver l LEFT JOIN authorisation a ON a.id = "
      "  (SELECT max(y.id) FROM authorisation y WHERE y.kind = 'pathway_plan' AND y.entity_id = l.id) "
      "WHERE l.person_id = ? ORDER BY l.id DESC LIMIT 1",
      {person_id}, [st](const store::Statement& s) {
        st->plan_date = s.date(1), st->detail = eligibility_label(s.text(2));
        bool has_request = !s.is_null(3);
        // A plan recorded before authorisation existed (an import, the generator) counts as it is.
        st->approval = has_request ? approval_of(true, s.text(4)) : (st->plan_date ? PlanApproval::kAuthorised : PlanApproval::kNone);
        if (st->approval == PlanApproval::kAuthorised) st->authorised_on = s.date(5);
        // What counts meanwhile is the last plan a manager authorised (its request carries the plan's date).
        st->counted_date = st->approval == PlanApproval::kAuthorised ? st->plan_date : s.date(6);
        label(*st);
      });
}

Result<std::optional<std::string>> care_plan_request_detail(store::Database& db, const std::string& kind, Id entity_id) {
  std::optional<std::string> out;
  if (kind == "cla_plan") {
    KITH_RETURN_IF_ERROR(db.run("SELECT plan_date, permanence FROM cla_care_plan WHERE id = ?", {entity_id}, [&](const store::Statement& s) {
      out = "Care plan of " + s.date(0).value_or(Date()).display() + ": " + permanence_label(s.text(1));
    }));
    if (!out) out = std::string("Care plan");
  } else if (kind == "pathway_plan") {
    KITH_RETURN_IF_ERROR(db.run("SELECT l.pathway_plan_date, l.eligibility, coalesce(w.name, 'not yet allocated') FROM care_leaver l "
                                "LEFT JOIN worker w ON w.id = l.personal_adviser_id WHERE l.id = ?",
                                {entity_id}, [&](const store::Statement& s) {
                                  out = "Pathway plan of " + s.date(0).value_or(Date()).display() + " (" + eligibility_label(s.text(1)) +
                                        "); personal adviser " + s.text(2);
                                }));
    if (!out) out = std::string("Pathway plan");
  }
  return out;
}

Date care_plan_due(Date period_start) { return calendar::add_working_days(period_start, 10); }

Result<CarePlanDeadlineFrom> care_plan_deadline_from(store::Database& db) {
  CarePlanDeadlineFrom out;
  KITH_RETURN_IF_ERROR(db.run("SELECT value, version, id FROM council_setting WHERE name = 'care_plan_deadline_from'", {},
                              [&](const store::Statement& s) {
                                out.from = Date::parse_iso(s.text(0)), out.version = s.int64(1), out.id = s.int64(2);
                              }));
  return out;
}

Status set_care_plan_deadline_from(store::Database& db, const store::WriteContext& ctx, Date from, std::int64_t seen_version) {
  return transact(db, [&]() -> Result<Id> {
    std::optional<Id> id;
    KITH_RETURN_IF_ERROR(db.run("SELECT id FROM council_setting WHERE name = 'care_plan_deadline_from'", {},
                                [&](const store::Statement& s) { id = s.int64(0); }));
    if (!id) {
      auto created = create(db, ctx, "council_setting", "name, value", {std::string("care_plan_deadline_from"), from.iso()});
      return created;
    }
    KITH_RETURN_IF_ERROR(update_versioned(db, ctx, "council_setting", "value = ?", {from.iso()}, *id, seen_version,
                                          "the care plan deadline setting"));
    return *id;
  }).status();
}

void cla_care_plan_tasks(store::Batch& batch, const Children& who, Date today, OnTask on_task) {
  // The setting is read inside the query (run_for binds only the set's parameters); no row, no task.
  run_for(batch,
                 "SELECT p.person_id, p.start_date FROM cla_period p "
                 "WHERE p.person_id {who} AND p.end_date IS NULL "
                 "AND p.start_date >= (SELECT value FROM council_setting WHERE name = 'care_plan_deadline_from') "
                 "AND NOT EXISTS (SELECT 1 FROM cla_care_plan k WHERE k.cla_period_id = p.id AND NOT EXISTS ("
                 "  SELECT 1 FROM authorisation a WHERE a.kind = 'cla_plan' AND a.entity_id = k.id AND a.decision = 'returned'))",
                 who, [today, on_task](const store::Statement& s) {
                   auto start = s.date(1);
                   if (!start) return;
                   Date due = care_plan_due(*start);
                   on_task(s.int64(0), {"Care plan", due, due < today});
                 });
}

}  // namespace kith::casework
