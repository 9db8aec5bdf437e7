// Partner practitioners (issue 4, part 10): a health visitor, a school or a
// police officer in a family's team around the family sees that family's
// children only, only the parts of the record their agency needs, and only
// while the family's consent to share with them stands. Their own entries
// (notes, contributions to the team around the family) join the family's
// chronology labelled with their agency.
//
// Thread-safety: free functions over the Database passed; the limits table
// is immutable.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "access/users.h"
#include "casework/child_record.h"
#include "model/date.h"
#include "store/audit_trail.h"
#include "store/database.h"

namespace kith::casework {

// The parts of a child's record that may be withheld from a partner.
enum class RecordPart {
  kDateOfBirth, kAddress, kFamily, kSchool, kWorkers, kStage, kCpPlan, kLegalStatus, kPlacement, kStatutoryTasks,
};

enum class PartnerAgency { kHealth, kEducation, kPolice, kOther };
// "health", "education", "police", "other"
std::string_view agency_key(PartnerAgency a);
// taf_member.agency / worker.agency to the limits that apply: health -> kHealth,
// school or education -> kEducation, police -> kPolice, anything else -> kOther.
PartnerAgency agency_from(std::string_view agency);

struct FieldLimits {
  PartnerAgency agency = PartnerAgency::kOther;
  std::set<RecordPart> parts;             // shown; everything else is withheld
  std::set<std::string> chronology_kinds;  // ChronologyEntry::kind values shown
  bool shows(RecordPart p) const { return parts.count(p) > 0; }
};

// The table of what each partner agency sees (the reasons are in the .cpp).
// Never fails.
const FieldLimits& limits_for(PartnerAgency a);

// The limits on what viewer sees of person_id's record: nullopt for council
// staff (no limit); for a partner, their agency's limits from their open team
// around the family membership with consent standing on today. denied when
// a partner has no such membership. Does not audit.
Result<std::optional<FieldLimits>> field_limits(store::Database& db, const access::Viewer& viewer, Id person_id, Date today);

// Blanks the withheld parts of record and drops chronology entries of kinds
// the limits do not show. Pure.
void apply_limits(const FieldLimits& limits, ChildRecord& record);

// Records the family's withdrawal of consent to share with one member of the
// team around the family, from `on` (audited "update", entity "taf_member").
// not_found for an unknown member; invalid when already withdrawn.
Status withdraw_consent(store::Database& db, const store::WriteContext& ctx, Id taf_member_id, Date on);

// Who may record that a family withdrew consent: a team or locality manager
// who may open the family's record (check_family_access), or the family's
// current lead professional. ok or denied; does not audit.
Status may_record_consent_withdrawal(store::Database& db, const access::Viewer& viewer, Id family_id);

// The family's withdrawal of consent to share with one member of its team
// around the family, recorded through the form: the viewer must pass
// may_record_consent_withdrawal (denied); the member must belong to the
// family (not_found); withdrawn_date not in the future nor before the member
// joined, reason 1-500 characters (invalid naming "withdrawn_date" or
// "withdrawn_reason"). From that day the partner loses access. Audited
// "update", entity "taf_member", in one transaction.
Status record_consent_withdrawal(store::Database& db, const store::WriteContext& ctx, const access::Viewer& viewer, Id family_id,
                                 Id taf_member_id, Date on, const std::string& reason, Date today);

// One member of a family's team around the family and where consent stands.
struct ConsentEntry {
  Id taf_member_id = 0;
  std::string name, agency;
  Date since;
  std::optional<Date> withdrawn;
  std::string reason;
};
// The family's open team around the family memberships, oldest first.
Result<std::vector<ConsentEntry>> consent_list(store::Database& db, Id family_id);

// A partner's entry in the family chronology: the partner must be in the
// family's team around the family with consent standing (denied otherwise);
// the text must be 1 to 2000 characters ("summary: ..." invalid). Audited
// "create", entity "partner_note"; returns its id.
Result<Id> add_partner_note(store::Database& db, const store::WriteContext& ctx, const access::Viewer& viewer, Id person_id,
                            Date on, const std::string& summary);

}  // namespace kith::casework
