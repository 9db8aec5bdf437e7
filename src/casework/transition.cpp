#include "casework/transition.h"

#include <algorithm>
#include <memory>

#include "casework/record_write.h"

namespace kith::casework {
namespace {

using namespace record_write;

bool one_of(const std::string& v, std::initializer_list<const char*> allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return v == a; });
}

struct Young {
  bool found = false;
  std::optional<Date> born;
  std::vector<std::string> why;
};

// Who needs a transition plan: looked after, care leaver, disabled, EHC plan;
// four columns of person p, read by why_from.
constexpr const char* kWhySql =
    "(SELECT count(*) FROM cla_period c WHERE c.person_id = p.id AND c.end_date IS NULL), "
    "(SELECT count(*) FROM care_leaver l WHERE l.person_id = p.id), "
    "CASE WHEN p.disability <> '' AND p.disability <> 'NONE' THEN 1 ELSE 0 END, "
    "(SELECT count(*) FROM ehcp e WHERE e.person_id = p.id AND e.plan_date IS NOT NULL AND e.end_date IS NULL) ";

std::vector<std::string> why_from(const store::Statement& s, int first) {
  std::vector<std::string> why;
  if (s.int64(first)) why.push_back("looked after");
  if (s.int64(first + 1)) why.push_back("care leaver");
  if (s.int64(first + 2)) why.push_back("disabled");
  if (s.int64(first + 3)) why.push_back("EHC plan");
  return why;
}

Result<Young> young_person(store::Database& db, Id person) {
  Young y;
  KITH_RETURN_IF_ERROR(db.run(std::string("SELECT p.birth_date, ") + kWhySql + "FROM person p WHERE p.id = ?", {person},
                              [&](const store::Statement& s) {
                                y.found = true;
                                y.born = s.date(0);
                                y.why = why_from(s, 1);
                              }));
  if (!y.found) return Status::not_found("no young person with id " + std::to_string(person));
  return y;
}

Status check_input(const TransitionInput& in, std::optional<Date> born) {
  if (!one_of(in.adult_service, {"adult_social_care", "learning_disability", "mental_health", "continuing_health_care", "leaving_care"}))
    return invalid("adult_service", "choose the adult service the young person is moving to");
  if (!one_of(in.outcome, {"in_progress", "eligible", "not_eligible", "declined", "staying_with_childrens"}))
    return invalid("outcome", "choose the outcome of the transition");
  if (in.referral_date && born && *in.referral_date < born->plus_months(14 * 12))
    return invalid("referral_date", "a referral to adult services is made from the 14th birthday (" + born->plus_months(14 * 12).display() + ")");
  if (in.plan_date && !in.referral_date) return invalid("plan_date", "record the referral to adult services before the plan");
  if (in.plan_date && *in.plan_date < *in.referral_date)
    return invalid("plan_date", "the plan must be on or after the referral (" + in.referral_date->display() + ")");
  if (in.outcome != "in_progress" && !in.plan_date) return invalid("outcome", "an outcome other than \"in progress\" needs the plan date");
  return Status::ok();
}

std::string label_for(const TransitionStatus& st, Date today) {
  if (st.plan.plan_date) return "Plan in place since " + st.plan.plan_date->display();
  std::string due = st.in_place_by ? " (plan due by " + st.in_place_by->display() + ")" : "";
  if (st.plan.referral_date) return "Referred to adult services on " + st.plan.referral_date->display() + "; no plan yet" + due;
  if (!st.needed) return "Not needed";
  if (st.start_by && today < st.start_by->plus_months(-12)) return "Planning starts at 16 (" + st.start_by->plus_months(-12).display() + ")";
  return "Not started: start by " + (st.start_by ? st.start_by->display() : std::string("17")) + due;
}

}  // namespace

Result<Id> record_transition(store::Database& db, const store::WriteContext& ctx, Id person_id, const TransitionInput& in, std::int64_t version) {
  return transact(db, [&]() -> Result<Id> {
    auto y = young_person(db, person_id);
    if (!y) return y.status();
    std::optional<Id> existing;
    KITH_RETURN_IF_ERROR(db.run("SELECT id FROM transition_plan WHERE person_id = ?", {person_id},
                                [&](const store::Statement& s) { existing = s.int64(0); }));
    // A plan already started stays editable when the reason for it has gone (a plan ended at 18).
    if (y->why.empty() && !existing)
      return invalid("person_id", "a transition plan is for a young person who is looked after, a care leaver, disabled or has an EHC plan");
    KITH_RETURN_IF_ERROR(check_input(in, y->born));
    std::vector<store::Value> values = {store::date(in.referral_date), in.adult_service, store::date(in.plan_date), in.outcome};
    if (!existing) {
      if (version != 0) return Status::conflict("Someone else removed the transition plan while you were editing");
      values.insert(values.begin(), person_id);
      values.push_back(ctx.actor);
      return create(db, ctx, "transition_plan", "person_id, referral_date, adult_service, plan_date, outcome, recorded_by", values);
    }
    // Two workers starting a plan at once: the second gets a conflict, not a second plan.
    if (version == 0) return Status::conflict("Someone else started the transition plan while you were editing: your changes are below, check and save again");
    values.push_back(ctx.actor);
    KITH_RETURN_IF_ERROR(update_versioned(db, ctx, "transition_plan",
                                          "referral_date = ?, adult_service = ?, plan_date = ?, outcome = ?, recorded_by = ?", values,
                                          *existing, version, "the transition plan"));
    return *existing;
  });
}

Result<TransitionStatus> transition_status(store::Database& db, Id person_id, Date today) {
  return store::read_alone<TransitionStatus>(db, add_transition_status, person_id, today);
}

void add_transition_status(store::Batch& batch, Id person_id, Date today, TransitionStatus& out) {
  auto y = std::make_shared<Young>();
  TransitionStatus* st = &out;
  batch.add(std::string("SELECT p.birth_date, ") + kWhySql + "FROM person p WHERE p.id = ?", {person_id},
            [y](const store::Statement& s) { y->found = true, y->born = s.date(0), y->why = why_from(s, 1); });
  batch.add("SELECT id, referral_date, adult_service, plan_date, outcome, version FROM transition_plan WHERE person_id = ?", {person_id},
            [st](const store::Statement& s) {
              st->plan_id = s.int64(0);
              st->plan = {s.date(1), s.text(2), s.date(3), s.text(4)};
              st->version = s.int64(5);
            });
  batch.then([y, st, person_id, today] {
    if (!y->found) return Status::not_found("no young person with id " + std::to_string(person_id));
    st->why = y->why;
    if (y->born) {
      st->start_by = y->born->plus_months(17 * 12);
      st->in_place_by = y->born->plus_months(17 * 12 + 6);
    }
    st->needed = !st->why.empty() && y->born && today < y->born->plus_months(18 * 12);
    st->overdue = st->needed && !st->plan.plan_date && st->in_place_by && *st->in_place_by < today;
    st->label = label_for(*st, today);
    return Status::ok();
  });
}

void transition_due_tasks_of(store::Batch& batch, const Children& who, Date today, OnTask on_task) {
  // Only young people aged 16 to 18 can have a task: the birth-date range (a few
  // days wider than the month arithmetic below) keeps the rest out of the query.
  std::vector<store::Value> born_between = {today.plus_months(-18 * 12).plus_days(-3).iso(), today.plus_months(-16 * 12).plus_days(3).iso()};
  run_for(batch,
                 std::string("SELECT p.id, p.birth_date, ") + kWhySql + ", t.referral_date, t.plan_date "
                 "FROM person p LEFT JOIN transition_plan t ON t.person_id = p.id "
                 "WHERE p.id {who} AND p.birth_date > ? AND p.birth_date <= ?",
                 who, born_between, [today, on_task](const store::Statement& s) {
                   auto born = s.date(1);
                   if (!born || today < born->plus_months(16 * 12) || today >= born->plus_months(18 * 12)) return;
                   if (why_from(s, 2).empty() || s.date(7)) return;  // not in a group that needs a plan, or the plan is in place
                   Date start_by = born->plus_months(17 * 12), in_place_by = born->plus_months(17 * 12 + 6);
                   if (today < start_by.plus_months(-12)) return;
                   Id young = s.int64(0);
                   if (!s.date(6)) on_task(young, {"Start transition planning (referral to adult services)", start_by, start_by < today});
                   on_task(young, {"Transition plan to adult services in place", in_place_by, in_place_by < today});
                 });
}

Status transition_due_tasks(store::Database& db, Id person_id, Date today, std::vector<DueTask>& out) {
  store::Batch batch(db);
  transition_due_tasks_of(batch, one_child(person_id), today, [&out](Id, DueTask t) { out.push_back(std::move(t)); });
  return batch.run();
}

}  // namespace kith::casework
