// Who may open which child's record. The rules are in child_record.h; the
// SQL here is the single place they are enforced, so the pages, the API and
// later the returns all share it.
#include "casework/child_record.h"

namespace kith::casework {
namespace {

// An open allocation of the child to the viewer or to a team in scope.
constexpr const char* kAllocatedSql =
    "SELECT count(*) FROM involvement i LEFT JOIN team t ON t.id = i.team_id "
    "WHERE i.person_id = ? AND i.end_date IS NULL AND ";

// The partner is in the team around a family the child belongs to, and the
// family has not withdrawn its consent to share with them (taf_consent,
// casework/partner_fields.h; what they then see is limited by their agency).
constexpr const char* kPartnerSql =
    "SELECT count(*) FROM family_member m JOIN taf_member f ON f.family_id = m.family_id "
    "WHERE m.person_id = ? AND m.end_date IS NULL AND f.worker_id = ? AND f.end_date IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM taf_consent c WHERE c.taf_member_id = f.id AND c.withdrawn_date IS NOT NULL)";

Result<bool> in_scope(store::Database& db, const access::Viewer& v, Id person) {
  auto count = [&](std::string where, store::Value param) -> Result<bool> {
    auto n = db.scalar(std::string(kAllocatedSql) + where, {person, std::move(param)});
    if (!n) return n.status();
    return *n > 0;
  };
  switch (v.role) {
    case Role::kPractitioner: {
      if (v.worker_id) {
        auto mine = count("i.worker_id = ?", *v.worker_id);
        if (!mine || *mine) return mine;
      }
      if (v.team_id) return count("i.team_id = ?", *v.team_id);
      return false;
    }
    case Role::kTeamManager:
      return v.team_id ? count("i.team_id = ?", *v.team_id) : Result<bool>(false);
    case Role::kLocalityManager:
      return v.locality_id ? count("t.locality_id = ?", *v.locality_id) : Result<bool>(false);
    case Role::kPartnerPractitioner: {
      if (!v.worker_id) return false;
      auto n = db.scalar(kPartnerSql, {person, *v.worker_id});
      if (!n) return n.status();
      return *n > 0;
    }
    default:
      return false;  // analysts, councillors and administrators see aggregates only
  }
}

}  // namespace

Status check_access(store::Database& db, const access::Viewer& viewer, Id person_id) {
  auto ok = in_scope(db, viewer, person_id);
  if (!ok) return ok.status();
  if (!*ok) return Status::denied("You do not have access to this record");
  return Status::ok();
}

}  // namespace kith::casework
