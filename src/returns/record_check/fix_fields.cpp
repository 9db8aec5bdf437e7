// Where each return field is recorded in Kith: the statutory form (by slug)
// and its field id, as src/web/pages_statutory.cpp names them. One table for
// both returns; a field Kith has no form for points at the child's summary
// (the person's details, the referral recorded at the front door).
#include <fmt/format.h>

#include "returns/record_check/record_check.h"

namespace kith::returns::record_check {
namespace {

struct FieldHome {
  ReturnKind kind;
  std::string_view table;   // "" matches any table of the return
  std::string_view column;  // 903 column or CIN element
  std::string_view form, field, label;
};

constexpr ReturnKind k903 = ReturnKind::kSsda903;
constexpr ReturnKind kCin = ReturnKind::kCin;

// Keep in step with the forms: a renamed field id breaks the links (the web
// test follows one link to its anchor).
constexpr FieldHome kHomes[] = {
    // SSDA903 episodes: the period of care, legal statuses and placements.
    {k903, "Episodes", "DECOM", "care", "start_date", "Date the child became looked after"},
    {k903, "Episodes", "RNE", "placement", "placement_start", "Date the new placement started"},
    {k903, "Episodes", "LS", "legal-status", "legal_status", "New legal status"},
    {k903, "Episodes", "CIN", "care", "category_of_need", "Category of need"},
    {k903, "Episodes", "PLACE", "placement", "placement_type", "Placement type"},
    {k903, "Episodes", "PLACE_PROVIDER", "placement", "provider_code", "Placement provider"},
    {k903, "Episodes", "REASON_PLACE_CHANGE", "placement", "reason_change", "Reason for the change"},
    {k903, "Episodes", "PL_POST", "placement", "postcode", "Placement postcode"},
    {k903, "Episodes", "PL_DISTANCE", "placement", "postcode", "Placement postcode"},
    {k903, "Episodes", "PL_LA", "placement", "postcode", "Placement postcode"},
    {k903, "Episodes", "PL_LOCATION", "placement", "postcode", "Placement postcode"},
    {k903, "Episodes", "URN", "placement", "provider_id", "Provider in the register"},
    {k903, "Reviews", "REVIEW", "cla-review", "review_date", "Date of the review"},
    {k903, "Reviews", "REVIEW_CODE", "cla-review", "participation", "How the child took part"},
    {k903, "Missing", "MISSING", "missing", "missing_type", "Was the child missing or away?"},
    {k903, "Missing", "MIS_START", "missing", "missing_start", "Date the episode started"},
    {k903, "Missing", "MIS_END", "missing", "missing_end", "Date the child came back"},
    {k903, "OC3", "IN_TOUCH", "care-leaver-contact", "in_touch", "In touch"},
    {k903, "OC3", "ACTIV", "care-leaver-contact", "activity", "Main activity"},
    {k903, "OC3", "ACCOM", "care-leaver-contact", "accommodation", "Accommodation"},
    {k903, "OC2", "HEALTH_CHECK", "health", "health_kind", "What was done?"},
    {k903, "OC2", "TEETH_CHECK", "health", "health_kind", "What was done?"},
    {k903, "OC2", "HEALTH_ASSESSMENT", "health", "health_kind", "What was done?"},
    // CIN census: the forms of the child in need journey.
    {kCin, "Assessments", "AssessmentActualStartDate", "assessment", "start_date", "Date the assessment started"},
    {kCin, "Assessments", "AssessmentAuthorisationDate", "assessment-complete", "completed_date", "Date the assessment was completed"},
    {kCin, "Assessments", "AssessmentFactors", "assessment-complete", "factors", "Factors identified at assessment"},
    {kCin, "Section47", "S47ActualStartDate", "strategy", "discussion_date", "Date of the strategy discussion"},
    {kCin, "Section47", "ICPCnotRequired", "section47", "s47_outcome", "Outcome of the enquiry"},
    {kCin, "", "DateOfInitialCPC", "conference", "conference_date", "Date of the conference"},
    {kCin, "ChildProtectionPlans", "CPPstartDate", "conference", "conference_date", "Date of the conference"},
    {kCin, "ChildProtectionPlans", "CPPreviewDate", "conference", "conference_date", "Date of the conference"},
    {kCin, "ChildProtectionPlans", "CPPendDate", "cp-plan-end", "end_date", "Date the plan ended"},
    {kCin, "ChildProtectionPlans", "InitialCategoryOfAbuse", "conference", "category", "Category of abuse"},
    {kCin, "ChildProtectionPlans", "LatestCategoryOfAbuse", "conference", "category", "Category of abuse"},
    {kCin, "CINplanDates", "CINPlanStartDate", "cin-plan", "start_date", "Date the plan started"},
    {kCin, "CINplanDates", "CINPlanEndDate", "closure", "closure_date", "Date the case closes"},
    {kCin, "CINdetails", "CINclosureDate", "closure", "closure_date", "Date the case closes"},
    {kCin, "CINdetails", "ReasonForClosure", "closure", "closure_reason", "Reason for closure"},
};

bool matches(const FieldHome& h, ReturnKind kind, std::string_view table, std::string_view column) {
  return h.kind == kind && h.column == column && (h.table.empty() || h.table == table);
}

}  // namespace

FixAt fix_for(ReturnKind kind, std::string_view table, std::string_view column) {
  for (const FieldHome& h : kHomes)
    if (matches(h, kind, table, column)) return {std::string(h.form), std::string(h.field), std::string(h.label)};
  // Person details, the referral and social worker allocations have no statutory form: the summary shows them.
  return {"", "summary", "the child's details in the summary"};
}

std::string fix_href(PersonId person, const FixAt& at) {
  if (at.form.empty()) return fmt::format("/children/{}#{}", person, at.field);
  return fmt::format("/children/{}/statutory/{}#{}", person, at.form, at.field);
}

}  // namespace kith::returns::record_check
