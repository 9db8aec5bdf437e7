#include "casework/send.h"

#include <algorithm>

#include "casework/record_write.h"
#include "model/codes.h"
#include "model/records.h"

namespace kith::casework {
namespace {

using namespace record_write;
using store::Value;

bool one_of(const std::string& v, std::initializer_list<const char*> allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return v == a; });
}

Status check_disabilities(const std::vector<std::string>& codes) {
  if (codes.empty()) return invalid("disabilities", "choose the child's disabilities, or \"No disability\"");
  for (const std::string& c : codes)
    if (!from_code<Disability>(c)) return invalid("disabilities", "\"" + c + "\" is not a Disability code in the CIN census list");
  if (codes.size() > 1 && std::find(codes.begin(), codes.end(), "NONE") != codes.end())
    return invalid("disabilities", "\"No disability\" cannot be chosen with a disability");
  return Status::ok();
}

struct Ehcp {
  Id person_id = 0;
  Date requested;
  std::optional<Date> issued, ended;
  std::int64_t version = 1;
};

Result<Ehcp> load_ehcp(store::Database& db, Id ehcp_id) {
  std::optional<Ehcp> e;
  KITH_RETURN_IF_ERROR(db.run("SELECT person_id, request_date, plan_date, end_date, version FROM ehcp WHERE id = ?", {ehcp_id},
                              [&](const store::Statement& s) {
                                e = Ehcp{s.int64(0), s.date(1).value_or(Date()), s.date(2), s.date(3), s.int64(4)};
                              }));
  if (!e) return invalid("ehcp_id", "there is no EHC plan or request with id " + std::to_string(ehcp_id));
  return *e;
}

Status not_before(Date d, Date start, const std::string& field, const std::string& what) {
  if (d < start) return invalid(field, "the date must be on or after " + what + " (" + start.display() + ")");
  return Status::ok();
}

// The line the child record shows, from what was read.
void label(SendStatus& st) {
  if (st.plan_issued) {
    st.next_review_due = st.last_review.value_or(*st.plan_issued).plus_months(12);
    st.label = "EHC plan since " + st.plan_issued->display() + "; annual review due by " + st.next_review_due->display();
  } else if (st.requested) {
    st.label = "EHC needs assessment requested on " + st.requested->display();
  } else if (st.sen_support_since) {
    st.label = "SEN support since " + st.sen_support_since->display();
  } else {
    st.label = st.last_plan_ended ? "No SEN recorded (EHC plan ended " + st.last_plan_ended->display() + ")" : "No SEN recorded";
  }
  if (st.sen_support_since && st.requested) st.label += " (SEN support since " + st.sen_support_since->display() + ")";
}

}  // namespace

Status record_send_needs(store::Database& db, const store::WriteContext& ctx, Id person_id, const SendNeeds& needs,
                         std::int64_t person_version, Date today) {
  KITH_RETURN_IF_ERROR(check_disabilities(needs.disabilities));
  if (needs.sen_support_since && *needs.sen_support_since > today)
    return invalid("sen_support_since", "the date cannot be in the future");
  return transact(db, [&]() -> Result<Id> {
    std::string joined;
    for (const std::string& c : needs.disabilities) joined += (joined.empty() ? "" : " ") + c;
    KITH_RETURN_IF_ERROR(update_versioned(db, ctx, "person", "disability = ?", {joined}, person_id, person_version, "the child's record"));
    std::optional<Id> open;
    std::optional<Date> since;
    KITH_RETURN_IF_ERROR(db.run("SELECT id, start_date FROM sen_support WHERE person_id = ? AND end_date IS NULL ORDER BY id DESC LIMIT 1",
                                {person_id}, [&](const store::Statement& s) { open = s.int64(0), since = s.date(1); }));
    if (needs.sen_support_since && !open)
      return create(db, ctx, "sen_support", "person_id, start_date", {person_id, needs.sen_support_since->iso()});
    if (!needs.sen_support_since && open) {
      // SEN support ends today: the form records the child's needs as they are now.
      auto v = db.scalar("SELECT version FROM sen_support WHERE id = ?", {*open});
      if (!v) return v.status();
      KITH_RETURN_IF_ERROR(update_versioned(db, ctx, "sen_support", "end_date = ?", {today.iso()}, *open, *v, "the SEN support"));
    }
    return person_id;
  }).status();
}

Result<Id> request_ehc_assessment(store::Database& db, const store::WriteContext& ctx, Id person_id, Date requested) {
  return transact(db, [&]() -> Result<Id> {
    std::optional<Date> born;
    bool found = false;
    KITH_RETURN_IF_ERROR(db.run("SELECT birth_date FROM person WHERE id = ?", {person_id},
                                [&](const store::Statement& s) { found = true, born = s.date(0); }));
    if (!found) return Status::not_found("no child with id " + std::to_string(person_id));
    if (born) KITH_RETURN_IF_ERROR(not_before(requested, *born, "request_date", "the child was born"));
    auto open = db.scalar("SELECT count(*) FROM ehcp WHERE person_id = ? AND end_date IS NULL", {person_id});
    if (!open) return open.status();
    if (*open > 0) return invalid("request_date", "the child already has an open EHC needs assessment request or plan");
    return create(db, ctx, "ehcp", "person_id, request_date", {person_id, requested.iso()});
  });
}

Status issue_ehc_plan(store::Database& db, const store::WriteContext& ctx, Id ehcp_id, Date issued, std::int64_t version) {
  return transact(db, [&]() -> Result<Id> {
    auto e = load_ehcp(db, ehcp_id);
    if (!e) return e.status();
    if (e->ended) return invalid("ehcp_id", "the request has ended: record a new request first");
    if (e->issued) return invalid("plan_date", "the plan was already issued on " + e->issued->display());
    KITH_RETURN_IF_ERROR(not_before(issued, e->requested, "plan_date", "the request"));
    KITH_RETURN_IF_ERROR(update_versioned(db, ctx, "ehcp", "plan_date = ?", {issued.iso()}, ehcp_id, version, "the EHC plan"));
    return ehcp_id;
  }).status();
}

Result<Id> record_ehcp_review(store::Database& db, const store::WriteContext& ctx, Id ehcp_id, Date on, const std::string& outcome) {
  if (!one_of(outcome, {"continue", "amend", "cease"})) return invalid("review_outcome", "choose the outcome of the annual review");
  return transact(db, [&]() -> Result<Id> {
    auto e = load_ehcp(db, ehcp_id);
    if (!e) return e.status();
    if (!e->issued) return invalid("review_date", "the plan has not been issued yet: record the plan first");
    if (e->ended) return invalid("review_date", "the plan has ended");
    KITH_RETURN_IF_ERROR(not_before(on, *e->issued, "review_date", "the plan was issued"));
    std::optional<Date> last;
    KITH_RETURN_IF_ERROR(db.run("SELECT max(review_date) FROM ehcp_review WHERE ehcp_id = ?", {ehcp_id},
                                [&](const store::Statement& s) { last = s.date(0); }));
    if (last) KITH_RETURN_IF_ERROR(not_before(on, *last, "review_date", "the last review"));
    return create(db, ctx, "ehcp_review", "ehcp_id, review_date, outcome, recorded_by", {ehcp_id, on.iso(), outcome, ctx.actor});
  });
}

Status end_ehc_plan(store::Database& db, const store::WriteContext& ctx, Id ehcp_id, Date ended, const std::string& reason,
                    std::int64_t version) {
  if (!one_of(reason, {"needs_met", "moved_away", "left_education", "not_issued", "other"}))
    return invalid("end_reason", "choose why the plan ended");
  return transact(db, [&]() -> Result<Id> {
    auto e = load_ehcp(db, ehcp_id);
    if (!e) return e.status();
    if (e->ended) return invalid("end_date", "the plan already ended on " + e->ended->display());
    if (reason == "not_issued" && e->issued) return invalid("end_reason", "a plan was issued: choose why it ended");
    if (reason != "not_issued" && !e->issued) return invalid("end_reason", "no plan was issued: choose \"No plan was issued\"");
    KITH_RETURN_IF_ERROR(not_before(ended, e->issued.value_or(e->requested), "end_date", e->issued ? "the plan was issued" : "the request"));
    KITH_RETURN_IF_ERROR(
        update_versioned(db, ctx, "ehcp", "end_date = ?, end_reason = ?", {ended.iso(), reason}, ehcp_id, version, "the EHC plan"));
    return ehcp_id;
  }).status();
}

Result<SendStatus> send_status(store::Database& db, Id person_id) {
  return store::read_alone<SendStatus>(db, add_send_status, person_id);
}

void add_send_status(store::Batch& batch, Id person_id, SendStatus& out) {
  SendStatus* st = &out;
  batch.add("SELECT disability, version FROM person WHERE id = ?", {person_id}, [st](const store::Statement& s) {
    for (const std::string& c : disability_codes(s.text(0)))
      if (c != "NONE") st->disabilities.push_back(c);
    st->person_version = s.int64(1);
  });
  batch.add("SELECT max(start_date) FROM sen_support WHERE person_id = ? AND end_date IS NULL", {person_id},
            [st](const store::Statement& s) { st->sen_support_since = s.date(0); });
  batch.add("SELECT id, request_date, plan_date, version, (SELECT max(r.review_date) FROM ehcp_review r WHERE r.ehcp_id = e.id) "
            "FROM ehcp e WHERE person_id = ? AND end_date IS NULL ORDER BY id DESC LIMIT 1",
            {person_id}, [st](const store::Statement& s) {
              st->ehcp_id = s.int64(0), st->requested = s.date(1), st->plan_issued = s.date(2);
              st->ehcp_version = s.int64(3), st->last_review = s.date(4);
            });
  batch.add("SELECT max(end_date) FROM ehcp WHERE person_id = ? AND plan_date IS NOT NULL AND end_date IS NOT NULL", {person_id},
            [st](const store::Statement& s) { st->last_plan_ended = s.date(0); });
  batch.then([st] { return label(*st), Status::ok(); });
}

void send_due_tasks_of(store::Batch& batch, const Children& who, Date today, OnTask on_task) {
  run_for(batch,
                 "SELECT e.person_id, e.request_date, e.plan_date, (SELECT max(r.review_date) FROM ehcp_review r WHERE r.ehcp_id = e.id) "
                 "FROM ehcp e WHERE e.person_id {who} AND e.end_date IS NULL",
                 who, [today, on_task](const store::Statement& s) {
                   auto requested = s.date(1);
                   auto issued = s.date(2);
                   if (!requested) return;
                   // 20 weeks from the request to the final plan; annual reviews in calendar months.
                   Date due = issued ? s.date(3).value_or(*issued).plus_months(12) : requested->plus_days(20 * 7);
                   on_task(s.int64(0), {issued ? "EHC plan annual review" : "EHC plan issued (20 weeks from the request)", due, due < today});
                 });
}

Status send_due_tasks(store::Database& db, Id person_id, Date today, std::vector<DueTask>& out) {
  store::Batch batch(db);
  send_due_tasks_of(batch, one_child(person_id), today, [&out](Id, DueTask t) { out.push_back(std::move(t)); });
  return batch.run();
}

}  // namespace kith::casework
