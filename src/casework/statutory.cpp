#include "casework/statutory.h"

#include <algorithm>
#include <functional>

#include "casework/care_plans.h"
#include "model/codes.h"
#include "store/audited_write.h"
#include "store/batch.h"

namespace kith::casework {
namespace {

using store::Value;

Status audit(store::Database& db, const store::WriteContext& ctx, const std::string& action, const std::string& entity, Id id) {
  return ctx.audit.append(db, {ctx.actor, action, entity, std::to_string(id), ctx.reason});
}

// Runs body in one transaction; body audits what it writes. A failure rolls back everything.
Result<Id> transact(store::Database& db, const std::function<Result<Id>()>& body) {
  store::Transaction tx(db);
  KITH_RETURN_IF_ERROR(tx.begin_status());
  auto r = body();
  if (!r) return r.status();
  KITH_RETURN_IF_ERROR(tx.commit());
  return *r;
}

// INSERTs a row with a new stable id into table (columns after id) and audits it as "create".
Result<Id> create(store::Database& db, const store::WriteContext& ctx, const std::string& table, const std::string& columns,
                  std::vector<Value> values) {
  auto id = store::next_id(db, table);
  if (!id) return id.status();
  std::string marks = "?";
  for (std::size_t i = 0; i < values.size(); ++i) marks += ", ?";
  values.insert(values.begin(), Value(*id));
  KITH_RETURN_IF_ERROR(db.run("INSERT INTO " + table + " (id, " + columns + ") VALUES (" + marks + ")", values));
  KITH_RETURN_IF_ERROR(audit(db, ctx, "create", table, *id));
  return *id;
}

template <typename E>
bool known(const std::string& c) {
  return from_code<E>(c).has_value();
}

Status invalid(const std::string& field, const std::string& message) { return Status::invalid(field + ": " + message); }

// The child's words, when there are any, kept with where they were said.
Status record_voice(store::Database& db, const store::WriteContext& ctx, Id person, Date on, const std::string& source, Id source_id,
                    const std::string& words) {
  if (words.empty()) return Status::ok();
  auto id = store::next_id(db, "child_voice");
  if (!id) return id.status();
  KITH_RETURN_IF_ERROR(db.run("INSERT INTO child_voice (id, person_id, recorded_on, source, source_id, words) VALUES (?, ?, ?, ?, ?, ?)",
                              {*id, person, on.iso(), source, source_id, words}));
  return audit(db, ctx, "create", "child_voice", *id);
}

bool one_of(const std::string& v, std::initializer_list<const char*> allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return v == a; });
}

struct Episode {
  Id id = 0;
  Id person_id = 0;
  Date referral;
  bool open = false;
};

// The CIN episode, which must be open for new statutory work.
Result<Episode> open_episode(store::Database& db, Id cin_episode_id) {
  std::optional<Episode> e;
  KITH_RETURN_IF_ERROR(db.run("SELECT id, person_id, referral_date, close_date FROM cin_episode WHERE id = ?", {cin_episode_id},
                              [&](const store::Statement& s) {
                                e = Episode{s.int64(0), s.int64(1), s.date(2).value_or(Date()), s.is_null(3)};
                              }));
  if (!e) return invalid("cin_episode_id", "there is no referral with id " + std::to_string(cin_episode_id));
  if (!e->open) return invalid("cin_episode_id", "the referral is closed: open a new referral first");
  return *e;
}

Status not_before(Date d, Date start, const std::string& field, const std::string& what) {
  if (d < start) return invalid(field, "the date must be on or after " + what + " (" + start.display() + ")");
  return Status::ok();
}

Result<Id> file_request(store::Database& db, const store::WriteContext& ctx, const std::string& kind, Id entity_id, Id person_id,
                        Date on, std::optional<Date> closure_date = std::nullopt, std::string closure_reason = {}) {
  return create(db, ctx, "authorisation", "kind, entity_id, person_id, requested_on, requested_by, closure_date, closure_reason",
                {kind, entity_id, person_id, on.iso(), ctx.actor, store::date(closure_date),
                 closure_reason.empty() ? store::null() : Value(closure_reason)});
}

Result<bool> exists(store::Database& db, const std::string& sql, const std::vector<Value>& params) {
  auto n = db.scalar(sql, params);
  if (!n) return n.status();
  return *n > 0;
}

struct Period {
  Id id = 0;
  Id person_id = 0;
  Date start;
};

Result<Period> open_period(store::Database& db, Id cla_period_id) {
  std::optional<Period> p;
  KITH_RETURN_IF_ERROR(db.run("SELECT id, person_id, start_date FROM cla_period WHERE id = ? AND end_date IS NULL", {cla_period_id},
                              [&](const store::Statement& s) { p = Period{s.int64(0), s.int64(1), s.date(2).value_or(Date())}; }));
  if (!p) return invalid("cla_period_id", "the child has no open period of care with id " + std::to_string(cla_period_id));
  return *p;
}

Status check_placement(const PlacementInput& p, bool change) {
  if (!known<PlacementType>(p.placement_type)) return invalid("placement_type", "choose a placement type from the SSDA903 list");
  if (!known<PlacementProvider>(p.provider_code)) return invalid("provider_code", "choose who provides the placement (PR0 to PR5)");
  if (change && !known<ReasonPlaceChange>(p.reason_change)) return invalid("reason_change", "choose the reason the placement changed");
  return Status::ok();
}

Result<Id> insert_placement(store::Database& db, const store::WriteContext& ctx, Id period, const PlacementInput& p) {
  // The weekly cost comes from the provider register when the provider is known.
  auto cost = p.provider_id ? db.scalar("SELECT weekly_cost_pence FROM placement_provider WHERE id = ?", {*p.provider_id})
                            : Result<std::int64_t>(0);
  if (!cost) return cost.status();
  return create(db, ctx, "placement",
                "cla_period_id, provider_id, start_date, placement_type, provider_code, postcode, reason_change, weekly_cost_pence",
                {period, store::opt(p.provider_id), p.start.iso(), p.placement_type, p.provider_code,
                 p.postcode.empty() ? store::null() : Value(p.postcode),
                 p.reason_change.empty() ? store::null() : Value(p.reason_change), *cost});
}

std::optional<Date> birth_date(store::Database& db, Id person) {
  std::optional<Date> d;
  (void)db.run("SELECT birth_date FROM person WHERE id = ?", {person}, [&](const store::Statement& s) { d = s.date(0); });
  return d;
}

std::string outcome_label(const std::string& o) {
  if (o == "nfa") return "no further action";
  if (o == "early_help") return "early help";
  if (o == "cin_plan") return "child in need plan";
  if (o == "strategy_discussion") return "strategy discussion";
  return o;
}

}  // namespace

bool may_record_statutory_work(Role r) {
  return r == Role::kPractitioner || r == Role::kTeamManager || r == Role::kLocalityManager;
}

bool may_authorise(Role r) { return r == Role::kTeamManager || r == Role::kLocalityManager; }

// Assessment --------------------------------------------------------------------

Result<Id> start_assessment(store::Database& db, const store::WriteContext& ctx, Id cin_episode_id, Date start,
                            std::optional<Id> worker_id) {
  return transact(db, [&]() -> Result<Id> {
    auto e = open_episode(db, cin_episode_id);
    if (!e) return e.status();
    KITH_RETURN_IF_ERROR(not_before(start, e->referral, "start_date", "the referral"));
    auto open = exists(db, "SELECT count(*) FROM assessment a WHERE a.cin_episode_id = ? AND a.authorised_date IS NULL AND NOT EXISTS ("
                       "SELECT 1 FROM assessment_completion k WHERE k.assessment_id = a.id)",
                       {cin_episode_id});
    if (!open) return open.status();
    if (*open) return invalid("cin_episode_id", "an assessment is already open for this referral: complete it first");
    return create(db, ctx, "assessment", "cin_episode_id, start_date, worker_id", {cin_episode_id, start.iso(), store::opt(worker_id)});
  });
}

Result<Id> complete_assessment(store::Database& db, const store::WriteContext& ctx, const SeenVersion& seen,
                               const std::vector<std::string>& factors, const std::string& outcome, Date completed) {
  const Id assessment_id = seen.id;
  if (factors.empty()) return invalid("factors", "choose at least one factor identified at assessment");
  for (const std::string& f : factors)
    if (!known<AssessmentFactor>(f)) return invalid("factors", "\"" + f + "\" is not a factor code in the CIN census list");
  if (!one_of(outcome, {"nfa", "early_help", "cin_plan", "strategy_discussion"}))
    return invalid("outcome", "choose the outcome of the assessment");
  return transact(db, [&]() -> Result<Id> {
    std::optional<Date> start;
    Id cin = 0;
    bool done = false;
    std::int64_t version = 0;
    KITH_RETURN_IF_ERROR(db.run("SELECT a.start_date, a.cin_episode_id, CASE WHEN a.authorised_date IS NOT NULL OR k.assessment_id IS NOT NULL THEN 1 ELSE 0 END, "
                                "a.version FROM assessment a LEFT JOIN assessment_completion k ON k.assessment_id = a.id WHERE a.id = ?",
                                {assessment_id}, [&](const store::Statement& s) {
                                  start = s.date(0), cin = s.int64(1), done = s.int64(2) != 0, version = s.int64(3);
                                }));
    if (!start) return invalid("assessment_id", "there is no assessment with id " + std::to_string(assessment_id));
    // Completed by someone else since the form was opened: a conflict (the UPDATE below checks again).
    if (version != seen.version) return changed_since_opened("the assessment");
    if (done) return invalid("assessment_id", "the assessment has already been completed");
    KITH_RETURN_IF_ERROR(not_before(completed, *start, "completed_date", "the assessment started"));
    auto e = open_episode(db, cin);
    if (!e) return e.status();
    KITH_RETURN_IF_ERROR(update_seen(db, "UPDATE assessment SET outcome = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id",
                                     {outcome}, seen, "the assessment"));
    KITH_RETURN_IF_ERROR(db.run("DELETE FROM assessment_factor WHERE assessment_id = ?", {assessment_id}));
    std::vector<std::string> unique = factors;
    std::sort(unique.begin(), unique.end());
    unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
    for (const std::string& f : unique)
      KITH_RETURN_IF_ERROR(db.run("INSERT INTO assessment_factor (assessment_id, factor) VALUES (?, ?)", {assessment_id, f}));
    KITH_RETURN_IF_ERROR(db.run("INSERT INTO assessment_completion (assessment_id, completed_date, completed_by) VALUES (?, ?, ?)",
                                {assessment_id, completed.iso(), ctx.actor}));
    KITH_RETURN_IF_ERROR(audit(db, ctx, "update", "assessment", assessment_id));
    return file_request(db, ctx, "assessment", assessment_id, e->person_id, completed);
  });
}

Result<Id> start_cin_plan(store::Database& db, const store::WriteContext& ctx, Id cin_episode_id, Date start) {
  return transact(db, [&]() -> Result<Id> {
    auto e = open_episode(db, cin_episode_id);
    if (!e) return e.status();
    KITH_RETURN_IF_ERROR(not_before(start, e->referral, "start_date", "the referral"));
    auto open = exists(db, "SELECT count(*) FROM cin_plan WHERE cin_episode_id = ? AND end_date IS NULL", {cin_episode_id});
    if (!open) return open.status();
    if (*open) return invalid("cin_episode_id", "a child in need plan is already open");
    auto id = create(db, ctx, "cin_plan", "cin_episode_id, start_date", {cin_episode_id, start.iso()});
    if (!id) return id;
    auto req = file_request(db, ctx, "cin_plan", *id, e->person_id, start);
    if (!req) return req.status();
    return *id;
  });
}

// Child protection ------------------------------------------------------------

Result<Id> record_strategy_discussion(store::Database& db, const store::WriteContext& ctx, Id cin_episode_id, Date on, bool s47_needed) {
  return transact(db, [&]() -> Result<Id> {
    auto e = open_episode(db, cin_episode_id);
    if (!e) return e.status();
    KITH_RETURN_IF_ERROR(not_before(on, e->referral, "discussion_date", "the referral"));
    auto id = create(db, ctx, "strategy_discussion", "cin_episode_id, discussion_date", {cin_episode_id, on.iso()});
    if (!id) return id;
    if (s47_needed) {
      auto s47 = create(db, ctx, "section47", "cin_episode_id, strategy_discussion_id, start_date, icpc_required",
                        {cin_episode_id, *id, on.iso(), std::int64_t(0)});
      if (!s47) return s47.status();
    }
    return *id;
  });
}

Status complete_section47(store::Database& db, const store::WriteContext& ctx, const SeenVersion& seen, Date end, const std::string& outcome) {
  const Id section47_id = seen.id;
  if (!one_of(outcome, {"icpc", "cin_plan", "nfa", "continue_assessment"})) return invalid("s47_outcome", "choose the outcome of the enquiry");
  return transact(db, [&]() -> Result<Id> {
    std::optional<Date> start;
    bool open = false;
    std::int64_t version = 0;
    KITH_RETURN_IF_ERROR(db.run("SELECT start_date, CASE WHEN end_date IS NULL THEN 1 ELSE 0 END, version FROM section47 WHERE id = ?", {section47_id},
                                [&](const store::Statement& s) { start = s.date(0), open = s.int64(1) != 0, version = s.int64(2); }));
    if (!start) return invalid("section47_id", "there is no section 47 enquiry with id " + std::to_string(section47_id));
    if (version != seen.version) return changed_since_opened("the section 47 enquiry");
    if (!open) return invalid("section47_id", "the enquiry has already ended");
    KITH_RETURN_IF_ERROR(not_before(end, *start, "s47_end_date", "the enquiry started"));
    KITH_RETURN_IF_ERROR(update_seen(db, "UPDATE section47 SET end_date = ?, icpc_required = ?, version = version + 1 "
                                     "WHERE id = ? AND version = ? RETURNING id",
                                     {end.iso(), std::int64_t(outcome == "icpc")}, seen, "the section 47 enquiry"));
    KITH_RETURN_IF_ERROR(db.run("INSERT INTO section47_outcome (section47_id, outcome) VALUES (?, ?)", {section47_id, outcome}));
    KITH_RETURN_IF_ERROR(audit(db, ctx, "update", "section47", section47_id));
    return section47_id;
  }).status();
}

Result<Id> record_conference(store::Database& db, const store::WriteContext& ctx, const ConferenceInput& in) {
  if (!one_of(in.kind, {"initial", "review"})) return invalid("kind", "choose an initial or a review conference");
  if (in.plan_required && !known<CategoryOfAbuse>(in.category))
    return invalid("category", "choose the category of abuse for the plan (neglect, physical, sexual, emotional or multiple)");
  return transact(db, [&]() -> Result<Id> {
    auto e = open_episode(db, in.cin_episode_id);
    if (!e) return e.status();
    KITH_RETURN_IF_ERROR(not_before(in.date, e->referral, "conference_date", "the referral"));
    std::optional<Id> plan;
    std::optional<Date> plan_start;
    KITH_RETURN_IF_ERROR(db.run("SELECT id, start_date FROM cp_plan WHERE person_id = ? AND end_date IS NULL", {e->person_id},
                                [&](const store::Statement& s) { plan = s.int64(0), plan_start = s.date(1); }));
    // The plan the person saw when they opened the form must still be the open one (or still none).
    if (plan.value_or(0) != in.plan.id) return changed_since_opened("the child protection plan");
    if (in.kind == "initial" && plan) return invalid("kind", "the child already has a child protection plan: record a review conference");
    if (in.kind == "review" && !plan) return invalid("kind", "a review conference needs an open child protection plan");
    if (plan) KITH_RETURN_IF_ERROR(not_before(in.date, *plan_start, "conference_date", "the plan started"));
    std::optional<Id> s47;
    if (in.kind == "initial")
      KITH_RETURN_IF_ERROR(db.run("SELECT max(id) FROM section47 WHERE cin_episode_id = ?", {in.cin_episode_id},
                                  [&](const store::Statement& s) { s47 = s.opt_int64(0); }));
    auto id = create(db, ctx, "conference", "cin_episode_id, section47_id, kind, conference_date, plan_required",
                     {in.cin_episode_id, store::opt(s47), in.kind, in.date.iso(), std::int64_t(in.plan_required)});
    if (!id) return id;
    KITH_RETURN_IF_ERROR(record_voice(db, ctx, e->person_id, in.date, "conference", *id, in.wishes_feelings));
    if (in.kind == "initial" && in.plan_required) {
      auto p = create(db, ctx, "cp_plan", "cin_episode_id, person_id, start_date, initial_category, latest_category",
                      {in.cin_episode_id, e->person_id, in.date.iso(), in.category, in.category});
      if (!p) return p.status();
      auto req = file_request(db, ctx, "cp_plan", *p, e->person_id, in.date);
      if (!req) return req.status();
    } else if (in.kind == "review") {
      if (in.plan_required)
        KITH_RETURN_IF_ERROR(update_seen(db, "UPDATE cp_plan SET latest_category = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id",
                                         {in.category}, in.plan, "the child protection plan"));
      else
        KITH_RETURN_IF_ERROR(update_seen(db, "UPDATE cp_plan SET end_date = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id",
                                         {in.date.iso()}, in.plan, "the child protection plan"));
      KITH_RETURN_IF_ERROR(audit(db, ctx, "update", "cp_plan", *plan));
    }
    return *id;
  });
}

Status end_cp_plan(store::Database& db, const store::WriteContext& ctx, const SeenVersion& seen, Date end) {
  const Id cp_plan_id = seen.id;
  return transact(db, [&]() -> Result<Id> {
    std::optional<Date> start;
    bool open = false;
    std::int64_t version = 0;
    KITH_RETURN_IF_ERROR(db.run("SELECT start_date, CASE WHEN end_date IS NULL THEN 1 ELSE 0 END, version FROM cp_plan WHERE id = ?", {cp_plan_id},
                                [&](const store::Statement& s) { start = s.date(0), open = s.int64(1) != 0, version = s.int64(2); }));
    if (start && version != seen.version) return changed_since_opened("the child protection plan");
    if (!start || !open) return invalid("cp_plan_id", "the child has no open child protection plan with that id");
    KITH_RETURN_IF_ERROR(not_before(end, *start, "end_date", "the plan started"));
    KITH_RETURN_IF_ERROR(update_seen(db, "UPDATE cp_plan SET end_date = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id",
                                     {end.iso()}, seen, "the child protection plan"));
    KITH_RETURN_IF_ERROR(audit(db, ctx, "update", "cp_plan", cp_plan_id));
    return cp_plan_id;
  }).status();
}

Result<Id> request_closure(store::Database& db, const store::WriteContext& ctx, Id cin_episode_id, Date on, const std::string& reason) {
  if (!known<ReasonForClosure>(reason)) return invalid("closure_reason", "choose the reason for closure (RC1 to RC9)");
  return transact(db, [&]() -> Result<Id> {
    auto e = open_episode(db, cin_episode_id);
    if (!e) return e.status();
    KITH_RETURN_IF_ERROR(not_before(on, e->referral, "closure_date", "the referral"));
    auto blocked = exists(db,
                          "SELECT (SELECT count(*) FROM cp_plan WHERE person_id = ? AND end_date IS NULL) + "
                          "(SELECT count(*) FROM cla_period WHERE person_id = ? AND end_date IS NULL)",
                          {e->person_id, e->person_id});
    if (!blocked) return blocked.status();
    if (*blocked) return invalid("closure_reason", "end the child protection plan or the period of care before closing");
    auto waiting = exists(db, "SELECT count(*) FROM authorisation WHERE kind = 'closure' AND entity_id = ? AND decision IS NULL",
                          {cin_episode_id});
    if (!waiting) return waiting.status();
    if (*waiting) return invalid("closure_reason", "a closure is already awaiting a manager's authorisation");
    return file_request(db, ctx, "closure", cin_episode_id, e->person_id, on, on, reason);
  });
}

// Looked after --------------------------------------------------------------------

Result<Id> start_care_period(store::Database& db, const store::WriteContext& ctx, Id person_id, Date start,
                             const std::string& legal_status, const std::string& category_of_need, const PlacementInput& placement) {
  if (!known<LegalStatus>(legal_status)) return invalid("legal_status", "choose the legal status from the SSDA903 list");
  if (!one_of(category_of_need, {"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"}))
    return invalid("category_of_need", "choose the category of need (N1 to N8)");
  KITH_RETURN_IF_ERROR(check_placement(placement, false));
  return transact(db, [&]() -> Result<Id> {
    auto open = exists(db, "SELECT count(*) FROM cla_period WHERE person_id = ? AND end_date IS NULL", {person_id});
    if (!open) return open.status();
    if (*open) return invalid("start_date", "the child is already looked after");
    std::optional<Id> cin;
    KITH_RETURN_IF_ERROR(db.run("SELECT max(id) FROM cin_episode WHERE person_id = ? AND close_date IS NULL", {person_id},
                                [&](const store::Statement& s) { cin = s.opt_int64(0); }));
    auto id = create(db, ctx, "cla_period", "person_id, cin_episode_id, start_date, category_of_need, home_postcode",
                     {person_id, store::opt(cin), start.iso(), category_of_need, store::null()});
    if (!id) return id;
    auto ls = create(db, ctx, "legal_status", "cla_period_id, start_date, status", {*id, start.iso(), legal_status});
    if (!ls) return ls.status();
    PlacementInput first = placement;
    first.start = start, first.reason_change.clear();
    auto pl = insert_placement(db, ctx, *id, first);
    if (!pl) return pl.status();
    return *id;
  });
}

Result<Id> change_legal_status(store::Database& db, const store::WriteContext& ctx, Id cla_period_id, Date on, const std::string& legal_status) {
  if (!known<LegalStatus>(legal_status)) return invalid("legal_status", "choose the legal status from the SSDA903 list");
  return transact(db, [&]() -> Result<Id> {
    auto p = open_period(db, cla_period_id);
    if (!p) return p.status();
    std::string current;
    std::optional<Date> since;
    KITH_RETURN_IF_ERROR(db.run("SELECT status, start_date FROM legal_status WHERE cla_period_id = ? ORDER BY start_date DESC, id DESC LIMIT 1",
                                {cla_period_id}, [&](const store::Statement& s) { current = s.text(0), since = s.date(1); }));
    if (current == legal_status) return invalid("legal_status", "the child already has legal status " + legal_status);
    KITH_RETURN_IF_ERROR(not_before(on, since.value_or(p->start), "legal_status_date", "the current legal status began"));
    return create(db, ctx, "legal_status", "cla_period_id, start_date, status", {cla_period_id, on.iso(), legal_status});
  });
}

Result<Id> change_placement(store::Database& db, const store::WriteContext& ctx, Id cla_period_id, const SeenVersion& seen,
                            const PlacementInput& pin) {
  KITH_RETURN_IF_ERROR(check_placement(pin, true));
  return transact(db, [&]() -> Result<Id> {
    auto p = open_period(db, cla_period_id);
    if (!p) return p.status();
    std::optional<Id> current;
    std::optional<Date> since;
    KITH_RETURN_IF_ERROR(db.run("SELECT id, start_date FROM placement WHERE cla_period_id = ? AND end_date IS NULL", {cla_period_id},
                                [&](const store::Statement& s) { current = s.int64(0), since = s.date(1); }));
    // What is ended is what the person saw as current: if another placement is current now, it was
    // recorded since the form was opened and the person has not seen it, so the move is a conflict.
    if (current.value_or(0) != seen.id) return changed_since_opened("the child's current placement");
    if (current) {
      // A placement of one day or more: the new one starts after the old one started.
      if (pin.start <= *since) return invalid("placement_start", "the new placement must start after " + since->display());
      KITH_RETURN_IF_ERROR(update_seen(db, "UPDATE placement SET end_date = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id",
                                       {pin.start.iso()}, seen, "the child's current placement"));
      KITH_RETURN_IF_ERROR(audit(db, ctx, "update", "placement", *current));
    }
    return insert_placement(db, ctx, cla_period_id, pin);
  });
}

namespace {

// A REC that ends a period of care: a current E code (X1 only links two episodes of one period).
bool ends_a_period(const std::string& reason) {
  auto code = from_code<ReasonEpisodeCeased>(reason);
  if (!code || *code == ReasonEpisodeCeased::kX1) return false;
  return std::any_of(std::begin(kCodeList<ReasonEpisodeCeased>), std::end(kCodeList<ReasonEpisodeCeased>),
                     [&](const auto& e) { return e.value == *code && e.current; });
}

// Ends the period's open placements on the day care ends, each at the version read here in the same
// transaction: a consequence of the checked period update, so nothing the person did not see is ended.
Status end_open_placements(store::Database& db, const store::WriteContext& ctx, Id period, Date end) {
  std::vector<SeenVersion> open;
  KITH_RETURN_IF_ERROR(db.run("SELECT id, version FROM placement WHERE cla_period_id = ? AND end_date IS NULL", {period},
                              [&](const store::Statement& s) { open.push_back({s.int64(0), s.int64(1)}); }));
  for (const SeenVersion& p : open) {
    KITH_RETURN_IF_ERROR(update_seen(db, "UPDATE placement SET end_date = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id",
                                     {end.iso()}, p, "the child's current placement"));
    KITH_RETURN_IF_ERROR(audit(db, ctx, "update", "placement", p.id));
  }
  return Status::ok();
}

}  // namespace

Result<Id> end_care_period(store::Database& db, const store::WriteContext& ctx, Id person_id, Date end, const std::string& reason,
                           const SeenVersion& seen, Date today) {
  if (!ends_a_period(reason)) return invalid("reason_ceased", "choose why the period of care ended (SSDA903 reason episode ceased)");
  if (end > today) return invalid("end_date", "the date cannot be in the future");
  return transact(db, [&]() -> Result<Id> {
    std::optional<SeenVersion> open;
    Date start;
    KITH_RETURN_IF_ERROR(db.run("SELECT id, version, start_date FROM cla_period WHERE person_id = ? AND end_date IS NULL ORDER BY id DESC LIMIT 1",
                                {person_id}, [&](const store::Statement& s) {
                                  open = SeenVersion{s.int64(0), s.int64(1)}, start = s.date(2).value_or(Date());
                                }));
    // The period the person saw has been ended (or another opened) since they opened the form.
    if (!open && seen.id != 0) return changed_since_opened("the period of care");
    if (!open) return invalid("cla_period_id", "the child is not looked after: there is no period of care to end");
    if (open->id != seen.id || open->version != seen.version) return changed_since_opened("the period of care");
    KITH_RETURN_IF_ERROR(not_before(end, start, "end_date", "the child became looked after"));
    std::optional<Date> last_change;
    KITH_RETURN_IF_ERROR(db.run("SELECT max(d) FROM (SELECT start_date AS d FROM legal_status WHERE cla_period_id = ? "
                                "UNION ALL SELECT start_date AS d FROM placement WHERE cla_period_id = ?) changes",
                                {open->id, open->id}, [&](const store::Statement& s) { last_change = s.date(0); }));
    if (last_change) KITH_RETURN_IF_ERROR(not_before(end, *last_change, "end_date", "the last change of placement or legal status"));
    KITH_RETURN_IF_ERROR(update_seen(db, "UPDATE cla_period SET end_date = ?, reason_ceased = ?, version = version + 1 "
                                     "WHERE id = ? AND version = ? RETURNING id",
                                     {end.iso(), reason}, seen, "the period of care"));
    KITH_RETURN_IF_ERROR(audit(db, ctx, "update", "cla_period", open->id));
    KITH_RETURN_IF_ERROR(end_open_placements(db, ctx, open->id, end));
    return open->id;
  });
}

Result<Id> record_cla_review(store::Database& db, const store::WriteContext& ctx, Id cla_period_id, Date on, const std::string& participation,
                             const std::string& wishes_feelings) {
  if (!known<ReviewParticipation>(participation)) return invalid("participation", "choose how the child took part (PN0 to PN7)");
  return transact(db, [&]() -> Result<Id> {
    auto p = open_period(db, cla_period_id);
    if (!p) return p.status();
    KITH_RETURN_IF_ERROR(not_before(on, p->start, "review_date", "the child became looked after"));
    auto id = create(db, ctx, "cla_review", "cla_period_id, review_date, participation", {cla_period_id, on.iso(), participation});
    if (!id) return id;
    KITH_RETURN_IF_ERROR(record_voice(db, ctx, p->person_id, on, "cla_review", *id, wishes_feelings));
    return *id;
  });
}

Result<Id> record_visit(store::Database& db, const store::WriteContext& ctx, const VisitInput& v) {
  if (!one_of(v.context, {"cin", "cp", "cla", "care_leaver"})) return invalid("context", "choose why the child was visited");
  if (v.seen_alone && !v.seen) return invalid("seen_alone", "a child who was not seen cannot have been seen alone");
  return transact(db, [&]() -> Result<Id> {
    auto id = create(db, ctx, "visit", "person_id, worker_id, visit_date, seen_alone, context",
                     {v.person_id, store::opt(v.worker_id), v.date.iso(), std::int64_t(v.seen_alone), v.context});
    if (!id) return id;
    KITH_RETURN_IF_ERROR(db.run("INSERT INTO visit_seen (visit_id, seen) VALUES (?, ?)", {*id, std::int64_t(v.seen)}));
    KITH_RETURN_IF_ERROR(record_voice(db, ctx, v.person_id, v.date, "visit", *id, v.wishes_feelings));
    return *id;
  });
}

Result<Id> record_health(store::Database& db, const store::WriteContext& ctx, Id person_id, const std::string& kind, Date on) {
  if (!one_of(kind, {"health_assessment", "dental", "gp_registration", "dentist_registration"}))
    return invalid("health_kind", "choose what was done: health assessment, dental check, GP or dentist registration");
  return transact(db, [&]() -> Result<Id> {
    return create(db, ctx, "health_check", "person_id, kind, check_date", {person_id, kind, on.iso()});
  });
}

Result<Id> record_missing(store::Database& db, const store::WriteContext& ctx, Id person_id, const std::string& type, Date start,
                          std::optional<Date> end, bool return_interview_offered) {
  if (!known<MissingType>(type)) return invalid("missing_type", "choose missing or away without authorisation");
  if (end) KITH_RETURN_IF_ERROR(not_before(*end, start, "missing_end", "the child went missing"));
  return transact(db, [&]() -> Result<Id> {
    return create(db, ctx, "missing_episode", "person_id, start_date, end_date, missing_type, return_interview_offered",
                  {person_id, start.iso(), store::date(end), type, std::int64_t(return_interview_offered)});
  });
}

// Care leavers ----------------------------------------------------------------------

Result<Id> record_pathway_plan(store::Database& db, const store::WriteContext& ctx, Id person_id, Date plan_date,
                               std::optional<Id> personal_adviser_id, const std::string& eligibility, const SeenVersion& seen) {
  if (!one_of(eligibility, {"eligible", "relevant", "former_relevant", "qualifying"}))
    return invalid("eligibility", "choose the young person's eligibility");
  return transact(db, [&]() -> Result<Id> {
    if (personal_adviser_id) {
      auto w = exists(db, "SELECT count(*) FROM worker WHERE id = ? AND leave_date IS NULL", {*personal_adviser_id});
      if (!w) return w.status();
      if (!*w) return invalid("personal_adviser_id", "choose a current worker as personal adviser");
    }
    std::optional<Id> existing;
    KITH_RETURN_IF_ERROR(db.run("SELECT max(id) FROM care_leaver WHERE person_id = ?", {person_id},
                                [&](const store::Statement& s) { existing = s.opt_int64(0); }));
    // A record created by someone else since the form was opened (seen none) is a conflict too.
    if (existing.value_or(0) != seen.id) return changed_since_opened("the care leaver's pathway details");
    if (!existing) {
      auto id = create(db, ctx, "care_leaver", "person_id, personal_adviser_id, pathway_plan_date, eligibility",
                        {person_id, store::opt(personal_adviser_id), plan_date.iso(), eligibility});
      if (!id) return id;
      // The plan counts once a manager authorises it (care_plans.h).
      auto req = request_pathway_plan_authorisation(db, ctx, *id, person_id, plan_date);
      return req ? Result<Id>(*id) : Result<Id>(req.status());
    }
    KITH_RETURN_IF_ERROR(update_seen(db, "UPDATE care_leaver SET personal_adviser_id = ?, pathway_plan_date = ?, eligibility = ?, "
                                     "version = version + 1 WHERE id = ? AND version = ? RETURNING id",
                                     {store::opt(personal_adviser_id), plan_date.iso(), eligibility}, seen, "the care leaver's pathway details"));
    KITH_RETURN_IF_ERROR(audit(db, ctx, "update", "care_leaver", *existing));
    auto req = request_pathway_plan_authorisation(db, ctx, *existing, person_id, plan_date);
    return req ? Result<Id>(*existing) : Result<Id>(req.status());
  });
}

Result<Id> record_care_leaver_contact(store::Database& db, const store::WriteContext& ctx, Id person_id, Date on, const std::string& in_touch,
                                      const std::string& activity, const std::string& accommodation) {
  if (!known<CareLeaverInTouch>(in_touch)) return invalid("in_touch", "choose whether the council is in touch (SSDA903 IN_TOUCH)");
  if (!known<CareLeaverActivity>(activity)) return invalid("activity", "choose the young person's main activity (SSDA903 ACTIV)");
  if (!known<CareLeaverAccommodation>(accommodation)) return invalid("accommodation", "choose the accommodation (SSDA903 ACCOM)");
  auto born = birth_date(db, person_id);
  if (!born) return invalid("contact_date", "the young person's date of birth is not recorded");
  bool in_window = false;
  for (int age = 17; age <= 21; ++age) {
    Date birthday = born->plus_months(12 * age);
    if (birthday.plus_months(-3) <= on && on <= birthday.plus_months(1)) in_window = true;
  }
  if (!in_window)
    return invalid("contact_date", "record birthday contacts from 3 months before to 1 month after the 17th to 21st birthdays");
  return transact(db, [&]() -> Result<Id> {
    std::optional<Id> leaver;
    KITH_RETURN_IF_ERROR(db.run("SELECT max(id) FROM care_leaver WHERE person_id = ?", {person_id},
                                [&](const store::Statement& s) { leaver = s.opt_int64(0); }));
    if (!leaver) return invalid("contact_date", "record the pathway plan first: the young person is not yet a care leaver here");
    return create(db, ctx, "care_leaver_contact", "care_leaver_id, contact_date, in_touch, activity, accommodation",
                  {*leaver, on.iso(), in_touch, activity, accommodation});
  });
}

// Voice of the child ----------------------------------------------------------------

Result<Id> record_feedback(store::Database& db, const store::WriteContext& ctx, Id person_id, const Feedback& f) {
  if (!one_of(f.from_whom, {"child", "parent", "carer", "other"})) return invalid("from_whom", "choose who gave the feedback");
  if (f.rating < 1 || f.rating > 5) return invalid("rating", "choose a rating from 1 (very poor) to 5 (very good)");
  if (f.comments.empty()) return invalid("comments", "enter what they said about the service");
  return transact(db, [&]() -> Result<Id> {
    return create(db, ctx, "service_feedback", "person_id, received_on, from_whom, rating, comments, recorded_by",
                  {person_id, f.received_on.iso(), f.from_whom, std::int64_t(f.rating), f.comments, ctx.actor});
  });
}

Result<std::vector<ChildVoice>> voice_of_child(store::Database& db, Id person_id) {
  std::vector<ChildVoice> out;
  auto add = [&](const store::Statement& s) {
    if (auto d = s.date(0)) out.push_back({*d, s.text(1), s.text(2)});
  };
  store::Batch batch(db);  // the two reads in one round trip to a database server
  batch.add(
      "SELECT v.recorded_on, CASE v.source WHEN 'cla_review' THEN 'Looked-after review' WHEN 'conference' THEN 'Child protection conference' "
      "ELSE 'Visit' || CASE WHEN (SELECT seen_alone FROM visit WHERE id = v.source_id) = 1 THEN ' (seen alone)' ELSE '' END END, v.words "
      "FROM child_voice v WHERE v.person_id = ? ORDER BY v.recorded_on, v.id",
      {person_id}, add);
  batch.add("SELECT received_on, 'Feedback (' || from_whom || ', ' || rating || ' of 5)', comments "
            "FROM service_feedback WHERE person_id = ?", {person_id}, add);
  KITH_RETURN_IF_ERROR(batch.run());
  std::stable_sort(out.begin(), out.end(), [](const ChildVoice& a, const ChildVoice& b) { return a.date < b.date; });
  return out;
}

Result<FeedbackCounts> feedback_counts(store::Database& db, Date from, Date to) {
  FeedbackCounts n;
  KITH_RETURN_IF_ERROR(db.run("SELECT count(*), coalesce(sum(CASE WHEN rating >= 4 THEN 1 ELSE 0 END), 0) FROM service_feedback "
                              "WHERE received_on >= ? AND received_on <= ?",
                              {from.iso(), to.iso()}, [&](const store::Statement& s) {
                                n.received = int(s.int64(0)), n.good = int(s.int64(1));
                              }));
  return n;
}

Result<StatutoryState> statutory_state(store::Database& db, Id person) {
  StatutoryState st;
  auto one = [&](const char* sql, std::optional<Id>& out) {
    return db.run(sql, {person}, [&](const store::Statement& s) { out = s.opt_int64(0); });
  };
  KITH_RETURN_IF_ERROR(one("SELECT max(id) FROM cin_episode WHERE person_id = ? AND close_date IS NULL", st.cin_episode_id));
  KITH_RETURN_IF_ERROR(one("SELECT max(a.id) FROM assessment a JOIN cin_episode c ON c.id = a.cin_episode_id WHERE c.person_id = ? "
                           "AND c.close_date IS NULL AND a.authorised_date IS NULL AND NOT EXISTS (SELECT 1 FROM assessment_completion k "
                           "WHERE k.assessment_id = a.id)",
                           st.open_assessment_id));
  KITH_RETURN_IF_ERROR(one("SELECT max(s.id) FROM section47 s JOIN cin_episode c ON c.id = s.cin_episode_id WHERE c.person_id = ? "
                           "AND c.close_date IS NULL AND s.end_date IS NULL",
                           st.open_section47_id));
  KITH_RETURN_IF_ERROR(one("SELECT max(id) FROM cp_plan WHERE person_id = ? AND end_date IS NULL", st.cp_plan_id));
  KITH_RETURN_IF_ERROR(one("SELECT max(id) FROM cla_period WHERE person_id = ? AND end_date IS NULL", st.cla_period_id));
  KITH_RETURN_IF_ERROR(one("SELECT max(id) FROM care_leaver WHERE person_id = ?", st.care_leaver_id));
  KITH_RETURN_IF_ERROR(one("SELECT max(p.id) FROM placement p JOIN cla_period c ON c.id = p.cla_period_id WHERE c.person_id = ? "
                           "AND c.end_date IS NULL AND p.end_date IS NULL",
                           st.placement_id));
  auto waiting = exists(db, "SELECT count(*) FROM authorisation WHERE kind = 'closure' AND person_id = ? AND decision IS NULL", {person});
  if (!waiting) return waiting.status();
  st.closure_awaiting = *waiting;
  return st;
}

// Management authorisation ---------------------------------------------------------------

namespace {

// The children a manager manages, as a SQL condition on person id p.id (one parameter).
Result<std::pair<std::string, Value>> managed_children(const access::Viewer& m) {
  if (m.role == Role::kTeamManager && m.team_id)
    return std::pair<std::string, Value>{"EXISTS (SELECT 1 FROM involvement i WHERE i.person_id = p.id AND i.end_date IS NULL AND i.team_id = ?)",
                                         *m.team_id};
  if (m.role == Role::kLocalityManager && m.locality_id)
    return std::pair<std::string, Value>{"EXISTS (SELECT 1 FROM involvement i JOIN team t ON t.id = i.team_id WHERE i.person_id = p.id "
                                         "AND i.end_date IS NULL AND t.locality_id = ?)",
                                         *m.locality_id};
  return Status::denied("Only team and locality managers authorise assessments, plans and closures");
}

Result<std::string> detail_of(store::Database& db, const std::string& kind, Id entity, const std::optional<Date>& closure_date,
                              const std::string& closure_reason) {
  if (auto plan = care_plan_request_detail(db, kind, entity); !plan || *plan) return plan ? **plan : Result<std::string>(plan.status());
  if (kind == "closure") return "Close the referral on " + closure_date.value_or(Date()).display() + " (" + closure_reason + ")";
  if (kind == "cin_plan") return std::string("Child in need plan");
  if (kind == "cp_plan") {
    std::string cat;
    KITH_RETURN_IF_ERROR(db.run("SELECT initial_category FROM cp_plan WHERE id = ?", {entity},
                                [&](const store::Statement& s) { cat = s.text(0); }));
    return "Child protection plan (" + cat + ")";
  }
  std::string outcome, factors;
  KITH_RETURN_IF_ERROR(db.run("SELECT coalesce(outcome, '') FROM assessment WHERE id = ?", {entity},
                              [&](const store::Statement& s) { outcome = s.text(0); }));
  KITH_RETURN_IF_ERROR(db.run("SELECT factor FROM assessment_factor WHERE assessment_id = ? ORDER BY factor", {entity},
                              [&](const store::Statement& s) { factors += (factors.empty() ? "" : ", ") + s.text(0); }));
  return "Assessment: " + outcome_label(outcome) + "; factors " + factors;
}

}  // namespace

Result<std::vector<AuthorisationRequest>> awaiting_authorisation(store::Database& db, const access::Viewer& manager) {
  auto scope = managed_children(manager);
  if (!scope) return scope.status();
  struct Row {
    AuthorisationRequest r;
    std::optional<Date> closure_date;
    std::string closure_reason;
  };
  std::vector<Row> rows;
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT a.id, a.kind, a.entity_id, a.person_id, p.forename || ' ' || p.surname, a.requested_on, a.requested_by, a.closure_date, "
      "coalesce(a.closure_reason, ''), a.version FROM authorisation a JOIN person p ON p.id = a.person_id WHERE a.decision IS NULL AND " +
          scope->first + " ORDER BY a.requested_on, a.id",
      {scope->second}, [&](const store::Statement& s) {
        rows.push_back({{s.int64(0), s.text(1), s.int64(2), s.int64(3), s.text(4), s.date(5).value_or(Date()), s.text(6), "", s.int64(9)},
                        s.date(7), s.text(8)});
      }));
  std::vector<AuthorisationRequest> out;
  for (Row& row : rows) {
    auto d = detail_of(db, row.r.kind, row.r.entity_id, row.closure_date, row.closure_reason);
    if (!d) return d.status();
    row.r.detail = *d;
    out.push_back(std::move(row.r));
  }
  return out;
}

Status decide_authorisation(store::Database& db, const store::WriteContext& ctx, const access::Viewer& manager, const SeenVersion& seen,
                            bool authorise, Date on, const std::string& note) {
  const Id authorisation_id = seen.id;
  auto scope = managed_children(manager);
  if (!scope) return scope.status();
  if (!authorise && note.empty()) return invalid("note", "say what needs to change before it can be authorised");
  return transact(db, [&]() -> Result<Id> {
    std::optional<AuthorisationRequest> r;
    bool decided = false;
    std::optional<Date> closure_date;
    std::string closure_reason;
    KITH_RETURN_IF_ERROR(db.run("SELECT kind, entity_id, person_id, requested_by, CASE WHEN decision IS NULL THEN 0 ELSE 1 END, closure_date, coalesce(closure_reason, '') "
                                "FROM authorisation WHERE id = ?",
                                {authorisation_id}, [&](const store::Statement& s) {
                                  r = AuthorisationRequest{authorisation_id, s.text(0), s.int64(1), s.int64(2), "", Date(), s.text(3), ""};
                                  decided = s.int64(4) != 0, closure_date = s.date(5), closure_reason = s.text(6);
                                }));
    if (!r) return Status::not_found("no authorisation request with id " + std::to_string(authorisation_id));
    auto mine = exists(db, "SELECT count(*) FROM person p WHERE p.id = ? AND " + scope->first, {r->person_id, scope->second});
    if (!mine) return mine.status();
    if (!*mine) return Status::denied("You do not manage this child's work");
    // Separation of duties: nobody authorises their own work.
    if (r->requested_by == ctx.actor) return Status::denied("Another manager must authorise work you asked for");
    if (decided) return changed_since_opened("this request (another manager has decided it)");
    KITH_RETURN_IF_ERROR(update_seen(db, "UPDATE authorisation SET decision = ?, decided_on = ?, decided_by = ?, note = ?, version = version + 1 "
                                     "WHERE id = ? AND version = ? RETURNING id",
                                     {authorise ? "authorised" : "returned", on.iso(), ctx.actor, note.empty() ? store::null() : Value(note)},
                                     seen, "this request"));
    KITH_RETURN_IF_ERROR(audit(db, ctx, "update", "authorisation", authorisation_id));
    if (r->kind == "assessment") {
      // Authorised, the assessment is complete; returned, the worker completes it again. Either way the
      // assessment moves on a version (without a check: the manager decided on the request, checked above),
      // so a completion form opened before the decision is refused rather than saved over it.
      if (authorise)
        KITH_RETURN_IF_ERROR(db.run("UPDATE assessment SET authorised_date = ?, version = version + 1 WHERE id = ?", {on.iso(), r->entity_id}));
      else {
        KITH_RETURN_IF_ERROR(db.run("DELETE FROM assessment_completion WHERE assessment_id = ?", {r->entity_id}));
        KITH_RETURN_IF_ERROR(db.run("UPDATE assessment SET version = version + 1 WHERE id = ?", {r->entity_id}));
      }
      KITH_RETURN_IF_ERROR(audit(db, ctx, "update", "assessment", r->entity_id));
    } else if (r->kind == "closure" && authorise) {
      KITH_RETURN_IF_ERROR(db.run("UPDATE cin_episode SET close_date = ?, reason_for_closure = ?, version = version + 1 WHERE id = ? "
                                  "AND close_date IS NULL",
                                  {store::date(closure_date), closure_reason, r->entity_id}));
      KITH_RETURN_IF_ERROR(audit(db, ctx, "update", "cin_episode", r->entity_id));
    }
    return authorisation_id;
  }).status();
}

}  // namespace kith::casework
