#include "casework/early_help.h"

#include "store/audited_write.h"
#include "store/people_store.h"

namespace kith::casework {
namespace {

constexpr const char* kEpisode = "the family's early help";
constexpr const char* kReferral = "the child's referral (CIN episode)";

Status audit(store::Database& db, const store::WriteContext& ctx, const std::string& action, const std::string& entity, Id id) {
  return ctx.audit.append(db, {ctx.actor, action, entity, std::to_string(id), ctx.reason});
}

Result<std::optional<Id>> open_episode(store::Database& db, Id family_id) {
  std::optional<Id> id;
  Status s = db.run("SELECT id FROM early_help_episode WHERE family_id = ? AND end_date IS NULL ORDER BY start_date DESC, id DESC LIMIT 1",
                    {family_id}, [&](const store::Statement& st) { id = st.int64(0); });
  if (!s) return s;
  return id;
}

Result<Id> require_open_episode(store::Database& db, Id family_id) {
  auto e = open_episode(db, family_id);
  if (!e) return e.status();
  if (!*e) return Status::invalid("family_id: the family has no open early help episode");
  return **e;
}

Result<bool> count_positive(store::Database& db, const std::string& sql, const std::vector<store::Value>& params) {
  auto n = db.scalar(sql, params);
  if (!n) return n.status();
  return *n > 0;
}

Status load_episodes(store::Database& db, EarlyHelpRecord& r) {
  return db.run(
      "SELECT e.id, e.family_id, e.contact_id, e.start_date, e.end_date, coalesce(e.end_reason, ''), e.team_id, coalesce(t.name, ''), "
      "e.stepped_down_from_cin, e.version FROM early_help_episode e LEFT JOIN team t ON t.id = e.team_id WHERE e.family_id = ? "
      "ORDER BY e.start_date, e.id",
      {r.family_id}, [&](const store::Statement& s) {
        r.episodes.push_back({s.int64(0), s.int64(1), s.opt_int64(2), s.date(3).value_or(Date()), s.date(4), s.text(5), s.opt_int64(6),
                              s.text(7), s.opt_int64(8), s.int64(9)});
        if (!r.episodes.back().end_date) r.current = r.episodes.back();
      });
}

Status load_plan_and_reviews(store::Database& db, EarlyHelpRecord& r) {
  if (!r.current) return Status::ok();
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT id, outcome, action, owner, due_date, recorded_on FROM early_help_plan_item WHERE early_help_episode_id = ? ORDER BY id",
      {r.current->id}, [&](const store::Statement& s) {
        r.plan.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), s.date(4), s.date(5).value_or(Date())});
      }));
  return db.run(
      "SELECT id, review_date, progress, decision, next_review_date FROM early_help_review WHERE early_help_episode_id = ? "
      "ORDER BY review_date, id",
      {r.current->id}, [&](const store::Statement& s) {
        r.reviews.push_back({s.int64(0), s.date(1).value_or(Date()), s.text(2), s.text(3), s.date(4)});
      });
}

Status load_team(store::Database& db, EarlyHelpRecord& r) {
  std::optional<Id> lead;
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT lp.worker_id, w.name || ' (' || w.agency || ')' FROM lead_professional lp JOIN worker w ON w.id = lp.worker_id "
      "WHERE lp.family_id = ? AND lp.end_date IS NULL",
      {r.family_id}, [&](const store::Statement& s) { lead = s.int64(0), r.lead_professional = s.text(1); }));
  return db.run(
      "SELECT f.id, f.worker_id, w.name, f.agency, w.role, f.start_date FROM taf_member f JOIN worker w ON w.id = f.worker_id "
      "WHERE f.family_id = ? AND f.end_date IS NULL ORDER BY f.start_date, f.id",
      {r.family_id}, [&](const store::Statement& s) {
        r.team.push_back({s.int64(0), s.int64(1), s.text(2), s.text(3), s.text(4), s.date(5).value_or(Date()), lead == s.int64(1)});
      });
}

}  // namespace

Status check_family_access(store::Database& db, const access::Viewer& v, Id family_id) {
  auto in_team = [&]() -> Result<bool> {
    if (!v.worker_id) return false;
    return count_positive(db,
                          "SELECT (SELECT count(*) FROM taf_member WHERE family_id = ? AND worker_id = ? AND end_date IS NULL) + "
                          "(SELECT count(*) FROM lead_professional WHERE family_id = ? AND worker_id = ? AND end_date IS NULL)",
                          {family_id, *v.worker_id, family_id, *v.worker_id});
  };
  Result<bool> ok = false;
  switch (v.role) {
    case Role::kPartnerPractitioner:
      ok = in_team();
      break;
    case Role::kPractitioner:
    case Role::kTeamManager:
    case Role::kLocalityManager: {
      // Council-wide teams (the MASH) have no locality and work with every family.
      bool council_wide = v.team_id && !v.locality_id;
      if (council_wide) { ok = true; break; }
      ok = count_positive(db,
                          "SELECT (SELECT count(*) FROM family WHERE id = ? AND locality_id = ?) + "
                          "(SELECT count(*) FROM contact WHERE family_id = ? AND worker_id = ?)",
                          {family_id, store::opt(v.locality_id), family_id, store::opt(v.worker_id)});
      if (ok && !*ok) ok = in_team();
      break;
    }
    default:
      break;
  }
  if (!ok) return ok.status();
  if (!*ok) return Status::denied("You do not have access to this family's record");
  return Status::ok();
}

Result<EarlyHelpRecord> load_early_help(store::Database& db, const store::AuditTrail& log, const access::Viewer& viewer, Id family_id,
                                        const std::string& reason) {
  EarlyHelpRecord r;
  r.family_id = family_id;
  bool found = false;
  KITH_RETURN_IF_ERROR(db.run("SELECT name FROM family WHERE id = ?", {family_id}, [&](const store::Statement& s) {
    found = true, r.family_name = s.text(0);
  }));
  if (!found) return Status::not_found("no family with id " + std::to_string(family_id));
  Status access = check_family_access(db, viewer, family_id);
  if (!access) {
    if (access.code() == Status::Code::kDenied)
      (void)store::audited_write(db, {log, viewer.username, reason}, "read_denied", "family", [] { return Status::ok(); },
                                 [&] { return std::to_string(family_id); });
    return access;
  }
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT m.person_id, p.forename || ' ' || p.surname, c.id, coalesce(c.version, 0) FROM family_member m JOIN person p ON p.id = m.person_id "
      "LEFT JOIN cin_episode c ON c.id = (SELECT max(o.id) FROM cin_episode o WHERE o.person_id = m.person_id AND o.close_date IS NULL) "
      "WHERE m.family_id = ? AND m.role = 'child' AND m.end_date IS NULL ORDER BY p.birth_date, p.id",
      {family_id}, [&](const store::Statement& s) { r.children.push_back({s.int64(0), s.text(1), s.opt_int64(2), s.int64(3)}); }));
  KITH_RETURN_IF_ERROR(load_episodes(db, r));
  KITH_RETURN_IF_ERROR(load_plan_and_reviews(db, r));
  KITH_RETURN_IF_ERROR(load_team(db, r));
  KITH_RETURN_IF_ERROR(store::audited_write(db, {log, viewer.username, reason}, "read", "family", [] { return Status::ok(); },
                                            [&] { return std::to_string(family_id); }));
  return r;
}

Result<Id> add_plan_item(store::Database& db, const store::WriteContext& ctx, Id family_id, const PlanItem& item) {
  if (item.outcome.empty()) return Status::invalid("outcome: enter what the family wants to be different");
  if (item.action.empty()) return Status::invalid("action: enter what will be done");
  if (item.owner.empty()) return Status::invalid("owner: enter who will do it");
  auto episode = require_open_episode(db, family_id);
  if (!episode) return episode.status();
  return store::audited_insert(db, ctx, "early_help_plan_item", [&](Id id) {
    return db.run("INSERT INTO early_help_plan_item (id, early_help_episode_id, outcome, action, owner, due_date, recorded_on) "
                  "VALUES (?,?,?,?,?,?,?)",
                  {id, *episode, item.outcome, item.action, item.owner, store::date(item.due_date), item.recorded_on.iso()});
  });
}

Result<Id> add_to_team(store::Database& db, const store::WriteContext& ctx, Id family_id, Id worker_id, Date from, bool lead,
                       const std::string& lead_reason) {
  std::string agency;
  bool found = false;
  KITH_RETURN_IF_ERROR(db.run("SELECT agency FROM worker WHERE id = ?", {worker_id}, [&](const store::Statement& s) {
    found = true, agency = s.text(0);
  }));
  if (!found) return Status::invalid("worker_id: choose a practitioner from the list");
  auto already = count_positive(db, "SELECT count(*) FROM taf_member WHERE family_id = ? AND worker_id = ? AND end_date IS NULL",
                                {family_id, worker_id});
  if (!already) return already.status();
  auto has_lead = count_positive(db, "SELECT count(*) FROM lead_professional WHERE family_id = ? AND end_date IS NULL", {family_id});
  if (!has_lead) return has_lead.status();
  if (*already && !lead) return Status::invalid("worker_id: this practitioner is already in the team around the family");
  if (lead && *has_lead && lead_reason.empty()) return Status::invalid("lead_reason: say why the lead professional is changing");
  auto people = store::make_people_store(db);
  Id member = 0;
  if (!*already) {
    auto id = people->add_taf_member({0, family_id, worker_id, agency, from, std::nullopt}, ctx);
    if (!id) return id.status();
    member = *id;
  }
  if (lead) {
    auto spell = people->assign_lead_professional(family_id, worker_id, from, *has_lead ? lead_reason : "", ctx);
    if (!spell) return spell.status();
  }
  return member;
}

Result<Id> record_review(store::Database& db, const store::WriteContext& ctx, Id family_id, const EarlyHelpReview& review,
                         const SeenVersion& seen) {
  if (review.progress.empty()) return Status::invalid("progress: enter what has changed for the family");
  if (review.decision != "continue" && review.decision != "close")
    return Status::invalid(review.decision == "step_up" ? "decision: use Step up to open a referral for the child"
                                                         : "decision: select what happens next");
  if (review.decision == "continue" && !review.next_review_date)
    return Status::invalid("next_review_date: enter the date of the next review");
  auto episode = open_episode(db, family_id);
  if (!episode) return episode.status();
  // A review of an episode that has ended (or been replaced) since the form was opened is a conflict, not a review of another.
  if (episode->value_or(0) != seen.id) return changed_since_opened(kEpisode);
  if (!*episode) return Status::invalid("family_id: the family has no open early help episode");
  return store::audited_insert(db, ctx, "early_help_review", [&](Id id) -> Status {
    KITH_RETURN_IF_ERROR(db.run("INSERT INTO early_help_review (id, early_help_episode_id, review_date, progress, decision, next_review_date) "
                                "VALUES (?,?,?,?,?,?)",
                                {id, **episode, review.review_date.iso(), review.progress, review.decision, store::date(review.next_review_date)}));
    if (review.decision != "close") return Status::ok();
    return update_seen(db, "UPDATE early_help_episode SET end_date = ?, end_reason = 'needs_met', version = version + 1 "
                       "WHERE id = ? AND version = ? RETURNING id",
                       {review.review_date.iso()}, seen, kEpisode);
  });
}

Result<Id> step_up(store::Database& db, const store::WriteContext& ctx, Id family_id, Id person_id, Date on, const std::string& reason,
                   const SeenVersion& seen) {
  if (reason.empty()) return Status::invalid("reason: say why the child needs children's social care");
  auto open = open_episode(db, family_id);
  if (!open) return open.status();
  if (open->value_or(0) != seen.id) return changed_since_opened(kEpisode);
  if (!*open) return Status::invalid("family_id: the family has no open early help episode");
  const Id episode = **open;
  auto member = count_positive(db, "SELECT count(*) FROM family_member WHERE family_id = ? AND person_id = ? AND role = 'child' AND end_date IS NULL",
                               {family_id, person_id});
  if (!member) return member.status();
  if (!*member) return Status::invalid("person_id: choose a child of this family");
  auto referred = count_positive(db, "SELECT count(*) FROM cin_episode WHERE person_id = ? AND close_date IS NULL", {person_id});
  if (!referred) return referred.status();
  if (*referred) return Status::invalid("person_id: the child already has an open referral to children's social care");
  store::Transaction tx(db);
  KITH_RETURN_IF_ERROR(tx.begin_status());
  auto cin = store::next_id(db, "cin_episode");
  if (!cin) return cin.status();
  KITH_RETURN_IF_ERROR(update_seen(db, "UPDATE early_help_episode SET end_date = ?, end_reason = 'step_up', version = version + 1 "
                                   "WHERE id = ? AND version = ? RETURNING id",
                                   {on.iso()}, seen, kEpisode));
  KITH_RETURN_IF_ERROR(db.run(
      "INSERT INTO cin_episode (id, person_id, referral_date, referral_source, stepped_up_from_eh) VALUES (?,?,?,'5D',?)",
      {*cin, person_id, on.iso(), episode}));
  KITH_RETURN_IF_ERROR(audit(db, ctx, "update", "early_help_episode", episode));
  KITH_RETURN_IF_ERROR(ctx.audit.append(db, {ctx.actor, "create", "cin_episode", std::to_string(*cin), ctx.reason + ": step up - " + reason}));
  KITH_RETURN_IF_ERROR(tx.commit());
  return *cin;
}

Result<Id> step_down(store::Database& db, const store::WriteContext& ctx, const SeenVersion& seen, Date on, std::optional<Id> team_id) {
  const Id cin_episode_id = seen.id;
  Id person = 0;
  bool found = false, closed = false;
  std::int64_t version = 0;
  KITH_RETURN_IF_ERROR(db.run("SELECT person_id, close_date, version FROM cin_episode WHERE id = ?", {cin_episode_id},
                              [&](const store::Statement& s) { found = true, person = s.int64(0), closed = !s.is_null(1), version = s.int64(2); }));
  if (!found) return Status::not_found("no CIN episode with id " + std::to_string(cin_episode_id));
  // Closed by someone else since the form was opened is a conflict; the UPDATE below checks again.
  if (version != seen.version) return changed_since_opened(kReferral);
  if (closed) return Status::invalid("cin_episode_id: the episode is closed already");
  auto statutory = count_positive(db,
                                  "SELECT (SELECT count(*) FROM cp_plan WHERE person_id = ? AND end_date IS NULL) + "
                                  "(SELECT count(*) FROM cla_period WHERE person_id = ? AND end_date IS NULL)",
                                  {person, person});
  if (!statutory) return statutory.status();
  if (*statutory) return Status::invalid("cin_episode_id: end the child protection plan or period of care before stepping down");
  std::optional<Id> family;
  KITH_RETURN_IF_ERROR(db.run("SELECT family_id FROM family_member WHERE person_id = ? AND role = 'child' AND end_date IS NULL "
                              "ORDER BY start_date DESC LIMIT 1",
                              {person}, [&](const store::Statement& s) { family = s.int64(0); }));
  if (!family) return Status::invalid("cin_episode_id: the child has no family record for early help");
  auto had_plan = count_positive(db, "SELECT (SELECT count(*) FROM cin_plan WHERE cin_episode_id = ?) + "
                                     "(SELECT count(*) FROM cp_plan WHERE cin_episode_id = ?)",
                                 {cin_episode_id, cin_episode_id});
  if (!had_plan) return had_plan.status();
  store::Transaction tx(db);
  KITH_RETURN_IF_ERROR(tx.begin_status());
  KITH_RETURN_IF_ERROR(update_seen(db, "UPDATE cin_episode SET close_date = ?, reason_for_closure = ?, version = version + 1 "
                                   "WHERE id = ? AND version = ? RETURNING id",
                                   {on.iso(), std::string(*had_plan ? "RC7" : "RC9")}, seen, kReferral));
  KITH_RETURN_IF_ERROR(audit(db, ctx, "update", "cin_episode", cin_episode_id));
  auto existing = open_episode(db, *family);
  if (!existing) return existing.status();
  Id eh = 0;
  if (*existing) {
    eh = **existing;
    // The person acted on the CIN episode (checked above); linking the family's open early help is
    // its consequence in the same transaction, so the episode's version moves on without a check.
    KITH_RETURN_IF_ERROR(db.run("UPDATE early_help_episode SET stepped_down_from_cin = ?, version = version + 1 WHERE id = ?",
                                {cin_episode_id, eh}));
    KITH_RETURN_IF_ERROR(audit(db, ctx, "update", "early_help_episode", eh));
  } else {
    auto next = store::next_id(db, "early_help_episode");
    if (!next) return next.status();
    eh = *next;
    KITH_RETURN_IF_ERROR(db.run(
        "INSERT INTO early_help_episode (id, family_id, start_date, team_id, stepped_down_from_cin) VALUES (?,?,?,?,?)",
        {eh, *family, on.iso(), store::opt(team_id), cin_episode_id}));
    KITH_RETURN_IF_ERROR(audit(db, ctx, "create", "early_help_episode", eh));
  }
  KITH_RETURN_IF_ERROR(tx.commit());
  return eh;
}

}  // namespace kith::casework
