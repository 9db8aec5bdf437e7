#include "casework/partner_fields.h"

#include "casework/early_help.h"
#include "store/audited_write.h"

namespace kith::casework {
namespace {

using P = RecordPart;

// What each partner agency sees of a child's record. Information is shared
// for a purpose and no more than the purpose needs (UK GDPR Art. 5(1)(c);
// "Information sharing: advice for practitioners", DfE 2024, the seven golden
// rules: necessary, proportionate, relevant, adequate). Every partner sees the
// child's name, age, stage and who the workers are, so they know whom to call
// (Working Together 2023, ch. 2: the lead practitioner and the team around the
// family). Legal status and the placement are never shared through the team
// around the family: a looked-after child's placement address can be withheld
// from anyone for the child's safety, and the council shares it case by case.
const FieldLimits kLimits[] = {
    // Health visitors, school nurses, GPs: they visit at home (Healthy Child
    // Programme), are core group members for child protection plans, and
    // give health advice to EHC needs assessments. Not the school, the
    // statutory social work tasks or police matters.
    {PartnerAgency::kHealth,
     {P::kDateOfBirth, P::kAddress, P::kFamily, P::kWorkers, P::kStage, P::kCpPlan},
     {"contact", "early_help", "health", "ehcp", "cp_plan", "conference", "worker", "partner"}},
    // Schools (the designated safeguarding lead): told when a pupil has a
    // child protection plan and attend conferences (Keeping Children Safe in
    // Education 2024, part 2); SEND. The school holds its own address record,
    // so the council does not share the home address; not health.
    {PartnerAgency::kEducation,
     {P::kDateOfBirth, P::kSchool, P::kFamily, P::kWorkers, P::kStage, P::kCpPlan},
     {"contact", "early_help", "ehcp", "cp_plan", "conference", "worker", "partner"}},
    // Police: safeguarding partners in strategy discussions and section 47
    // enquiries, respond at the home and to children missing from home or
    // care. Not health, school or the statutory tasks.
    {PartnerAgency::kPolice,
     {P::kDateOfBirth, P::kAddress, P::kFamily, P::kWorkers, P::kStage, P::kCpPlan},
     {"contact", "early_help", "strategy", "s47", "conference", "cp_plan", "missing", "worker", "partner"}},
    // Voluntary and youth services: the early help plan they deliver, nothing
    // of statutory work.
    {PartnerAgency::kOther, {P::kWorkers, P::kStage}, {"early_help", "worker", "partner"}},
};

// The viewer's open membership of the child's family's team around the family,
// with consent not withdrawn on today: (member id, agency).
constexpr const char* kMembershipSql =
    "SELECT f.id, f.agency, f.family_id FROM family_member m JOIN taf_member f ON f.family_id = m.family_id "
    "LEFT JOIN taf_consent c ON c.taf_member_id = f.id "
    "WHERE m.person_id = ? AND m.end_date IS NULL AND f.worker_id = ? AND f.end_date IS NULL "
    "AND coalesce(c.given_date, f.start_date) <= ? AND (c.withdrawn_date IS NULL OR c.withdrawn_date > ?) "
    "ORDER BY f.start_date, f.id LIMIT 1";

struct Membership {
  Id member_id = 0, family_id = 0;
  std::string agency;
};

Result<std::optional<Membership>> membership(store::Database& db, const access::Viewer& v, Id person_id, Date today) {
  std::optional<Membership> m;
  if (!v.worker_id) return m;
  KITH_RETURN_IF_ERROR(db.run(kMembershipSql, {person_id, *v.worker_id, today.iso(), today.iso()},
                              [&](const store::Statement& s) { m = Membership{s.int64(0), s.int64(2), s.text(1)}; }));
  return m;
}

}  // namespace

std::string_view agency_key(PartnerAgency a) {
  switch (a) {
    case PartnerAgency::kHealth: return "health";
    case PartnerAgency::kEducation: return "education";
    case PartnerAgency::kPolice: return "police";
    case PartnerAgency::kOther: break;
  }
  return "other";
}

PartnerAgency agency_from(std::string_view agency) {
  if (agency == "health") return PartnerAgency::kHealth;
  if (agency == "school" || agency == "education") return PartnerAgency::kEducation;
  if (agency == "police") return PartnerAgency::kPolice;
  return PartnerAgency::kOther;
}

const FieldLimits& limits_for(PartnerAgency a) {
  for (const FieldLimits& l : kLimits)
    if (l.agency == a) return l;
  return kLimits[3];
}

Result<std::optional<FieldLimits>> field_limits(store::Database& db, const access::Viewer& viewer, Id person_id, Date today) {
  if (viewer.role != Role::kPartnerPractitioner) return std::optional<FieldLimits>();
  auto m = membership(db, viewer, person_id, today);
  if (!m) return m.status();
  if (!*m) return Status::denied("You do not have access to this record");
  return std::optional<FieldLimits>(limits_for(agency_from((*m)->agency)));
}

void apply_limits(const FieldLimits& l, ChildRecord& record) {
  ChildSummary& s = record.summary;
  if (!l.shows(P::kDateOfBirth)) s.person.birth_date.reset();
  if (!l.shows(P::kAddress)) s.postcode.clear(), s.locality.clear();
  if (!l.shows(P::kFamily)) s.family_name.clear();
  if (!l.shows(P::kSchool)) s.school.clear();
  if (!l.shows(P::kWorkers)) s.allocated_worker.clear(), s.allocated_team.clear(), s.lead_professional.clear();
  if (!l.shows(P::kStage)) s.stage = Stage::kNone, s.stage_since.reset();
  if (!l.shows(P::kCpPlan)) s.cp_category.reset();
  if (!l.shows(P::kLegalStatus)) s.legal_status.clear();
  if (!l.shows(P::kPlacement)) s.placement.clear();
  if (!l.shows(P::kStatutoryTasks)) s.due.clear();
  // The count of social workers is a continuity measure for council staff.
  s.workers_last_12_months = 0;
  std::erase_if(record.chronology, [&](const ChronologyEntry& e) { return l.chronology_kinds.count(e.kind) == 0; });
}

Status withdraw_consent(store::Database& db, const store::WriteContext& ctx, Id taf_member_id, Date on) {
  return store::audited_write(db, ctx, "update", "taf_member", [&]() -> Status {
    std::optional<std::string> start, withdrawn;
    bool found = false, has_row = false;
    KITH_RETURN_IF_ERROR(db.run(
        "SELECT f.start_date, c.withdrawn_date, c.taf_member_id FROM taf_member f LEFT JOIN taf_consent c ON c.taf_member_id = f.id "
        "WHERE f.id = ?",
        {taf_member_id}, [&](const store::Statement& s) {
          found = true;
          start = s.opt_text(0);
          withdrawn = s.opt_text(1);
          has_row = !s.is_null(2);
        }));
    if (!found) return Status::not_found("No team around the family member with id " + std::to_string(taf_member_id));
    if (withdrawn) return Status::invalid("withdrawn_date: Consent was already withdrawn on " + *withdrawn);
    if (has_row) return db.run("UPDATE taf_consent SET withdrawn_date = ? WHERE taf_member_id = ?", {on.iso(), taf_member_id});
    return db.run("INSERT INTO taf_consent (taf_member_id, given_date, withdrawn_date, recorded_by) VALUES (?, ?, ?, ?)",
                  {taf_member_id, start.value_or(on.iso()), on.iso(), ctx.actor});
  }, [&] { return std::to_string(taf_member_id); });
}

Status may_record_consent_withdrawal(store::Database& db, const access::Viewer& viewer, Id family_id) {
  if (viewer.role == Role::kTeamManager || viewer.role == Role::kLocalityManager) return check_family_access(db, viewer, family_id);
  if (viewer.worker_id) {
    auto lead = db.scalar("SELECT count(*) FROM lead_professional WHERE family_id = ? AND worker_id = ? AND end_date IS NULL",
                          {family_id, *viewer.worker_id});
    if (!lead) return lead.status();
    if (*lead > 0) return Status::ok();
  }
  return Status::denied("Only a manager or the family's lead professional records that consent was withdrawn");
}

Status record_consent_withdrawal(store::Database& db, const store::WriteContext& ctx, const access::Viewer& viewer, Id family_id,
                                 Id taf_member_id, Date on, const std::string& reason, Date today) {
  KITH_RETURN_IF_ERROR(may_record_consent_withdrawal(db, viewer, family_id));
  if (on > today) return Status::invalid("withdrawn_date: The date cannot be in the future");
  if (reason.empty() || reason.size() > 500) return Status::invalid("withdrawn_reason: Enter why the family withdrew consent, in up to 500 characters");
  std::optional<Date> joined;
  KITH_RETURN_IF_ERROR(db.run("SELECT start_date FROM taf_member WHERE id = ? AND family_id = ?", {taf_member_id, family_id},
                              [&](const store::Statement& s) { joined = s.date(0); }));
  if (!joined) return Status::not_found("No member " + std::to_string(taf_member_id) + " in this family's team around the family");
  if (on < *joined) return Status::invalid("withdrawn_date: The date must be on or after they joined the team (" + joined->display() + ")");
  // withdraw_consent runs its own audited transaction; the reason joins it in the same one here.
  return store::audited_write(db, ctx, "update", "taf_member", [&]() -> Status {
    std::optional<std::string> withdrawn;
    bool has_row = false;
    KITH_RETURN_IF_ERROR(db.run("SELECT withdrawn_date FROM taf_consent WHERE taf_member_id = ?", {taf_member_id},
                                [&](const store::Statement& s) { has_row = true, withdrawn = s.opt_text(0); }));
    if (withdrawn) return Status::invalid("withdrawn_date: Consent was already withdrawn on " + *withdrawn);
    if (has_row)
      return db.run("UPDATE taf_consent SET withdrawn_date = ?, withdrawn_reason = ? WHERE taf_member_id = ?", {on.iso(), reason, taf_member_id});
    return db.run("INSERT INTO taf_consent (taf_member_id, given_date, withdrawn_date, recorded_by, withdrawn_reason) VALUES (?, ?, ?, ?, ?)",
                  {taf_member_id, joined->iso(), on.iso(), ctx.actor, reason});
  }, [&] { return std::to_string(taf_member_id); });
}

Result<std::vector<ConsentEntry>> consent_list(store::Database& db, Id family_id) {
  std::vector<ConsentEntry> out;
  KITH_RETURN_IF_ERROR(db.run("SELECT f.id, w.name, f.agency, f.start_date, c.withdrawn_date, coalesce(c.withdrawn_reason, '') FROM taf_member f "
                              "JOIN worker w ON w.id = f.worker_id LEFT JOIN taf_consent c ON c.taf_member_id = f.id "
                              "WHERE f.family_id = ? AND f.end_date IS NULL ORDER BY f.start_date, f.id",
                              {family_id}, [&](const store::Statement& s) {
                                out.push_back({s.int64(0), s.text(1), s.text(2), s.date(3).value_or(Date()), s.date(4), s.text(5)});
                              }));
  return out;
}

Result<Id> add_partner_note(store::Database& db, const store::WriteContext& ctx, const access::Viewer& viewer, Id person_id, Date on,
                            const std::string& summary) {
  if (viewer.role != Role::kPartnerPractitioner) return Status::denied("Only partner practitioners add partner entries");
  if (summary.empty() || summary.size() > 2000) return Status::invalid("summary: Enter what happened, in up to 2000 characters");
  auto m = membership(db, viewer, person_id, on);
  if (!m) return m.status();
  if (!*m) return Status::denied("You are not in this family's team around the family, or the family's consent has been withdrawn");
  return store::audited_insert(db, ctx, "partner_note", [&](std::int64_t id) {
    return db.run("INSERT INTO partner_note (id, family_id, person_id, worker_id, agency, note_date, summary) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  {id, (*m)->family_id, person_id, *viewer.worker_id, (*m)->agency, on.iso(), summary});
  });
}

}  // namespace kith::casework
