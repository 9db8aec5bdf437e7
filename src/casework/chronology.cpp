#include "casework/chronology.h"

#include <algorithm>
#include <iterator>
#include <string>

namespace kith::casework {
namespace {

// Each source is one query returning (date, summary) for a person or family;
// a timed source returns a third column, the UTC time the event was recorded
// at ('YYYY-MM-DDTHH:MM:SSZ', NULL when not recorded), so that events of the
// same day come in the order they happened.
struct Source {
  const char* kind;
  const char* sql;
  bool timed = false;
};

// The summary text is built in SQL so each source stays one readable line.
constexpr Source kChildSources[] = {
    // Contacts at the front door keep the time they came in (migration 0004).
    {"contact", "SELECT contact_date, 'Contact from ' || source || coalesce(', decision: ' || decision, ''), received_at FROM contact WHERE person_id = ?", true},
    {"referral", "SELECT referral_date, CASE WHEN stepped_up_from_eh IS NULL THEN '' ELSE 'Stepped up from early help: ' END || 'Referral to children''s social care (source ' || referral_source || ')' FROM cin_episode WHERE person_id = ?"},
    {"referral", "SELECT close_date, 'Child in need episode closed (' || coalesce(reason_for_closure, 'no reason recorded') || ')' FROM cin_episode WHERE person_id = ? AND close_date IS NOT NULL"},
    {"assessment", "SELECT a.start_date, 'Child and family assessment started' FROM assessment a JOIN cin_episode c ON c.id = a.cin_episode_id WHERE c.person_id = ?"},
    {"assessment", "SELECT a.authorised_date, 'Assessment authorised' || coalesce(': ' || a.outcome, '') FROM assessment a JOIN cin_episode c ON c.id = a.cin_episode_id WHERE c.person_id = ? AND a.authorised_date IS NOT NULL"},
    {"assessment", "SELECT k.completed_date, 'Assessment completed by the worker' FROM assessment_completion k JOIN assessment a ON a.id = k.assessment_id JOIN cin_episode c ON c.id = a.cin_episode_id WHERE c.person_id = ?"},
    {"cin_plan", "SELECT p.start_date, 'Child in need plan started' FROM cin_plan p JOIN cin_episode c ON c.id = p.cin_episode_id WHERE c.person_id = ?"},
    {"s47", "SELECT s.end_date, 'Section 47 enquiry completed: ' || CASE o.outcome WHEN 'icpc' THEN 'initial conference needed' WHEN 'cin_plan' THEN 'child in need plan' WHEN 'nfa' THEN 'no further action' ELSE 'assessment continues' END FROM section47 s JOIN section47_outcome o ON o.section47_id = s.id JOIN cin_episode c ON c.id = s.cin_episode_id WHERE c.person_id = ? AND s.end_date IS NOT NULL"},
    {"care_leaver", "SELECT pathway_plan_date, 'Pathway plan (' || replace(eligibility, '_', ' ') || ')' FROM care_leaver WHERE person_id = ?"},
    {"feedback", "SELECT received_on, 'Feedback on the service from the ' || from_whom FROM service_feedback WHERE person_id = ?"},
    {"strategy", "SELECT s.discussion_date, 'Strategy discussion' FROM strategy_discussion s JOIN cin_episode c ON c.id = s.cin_episode_id WHERE c.person_id = ?"},
    {"s47", "SELECT s.start_date, 'Section 47 enquiry started' FROM section47 s JOIN cin_episode c ON c.id = s.cin_episode_id WHERE c.person_id = ?"},
    {"conference", "SELECT k.conference_date, CASE k.kind WHEN 'initial' THEN 'Initial' ELSE 'Review' END || ' child protection conference' FROM conference k JOIN cin_episode c ON c.id = k.cin_episode_id WHERE c.person_id = ?"},
    {"cp_plan", "SELECT start_date, 'Child protection plan started (' || initial_category || ')' FROM cp_plan WHERE person_id = ?"},
    {"cp_plan", "SELECT end_date, 'Child protection plan ended' FROM cp_plan WHERE person_id = ? AND end_date IS NOT NULL"},
    {"cla", "SELECT start_date, 'Started to be looked after' FROM cla_period WHERE person_id = ?"},
    {"cla", "SELECT end_date, 'Ceased to be looked after (' || coalesce(reason_ceased, 'no reason recorded') || ')' FROM cla_period WHERE person_id = ? AND end_date IS NOT NULL"},
    {"cla", "SELECT ls.start_date, 'Legal status ' || ls.status FROM legal_status ls JOIN cla_period p ON p.id = ls.cla_period_id WHERE p.person_id = ?"},
    {"placement", "SELECT pl.start_date, 'Placement started (' || pl.placement_type || ')' FROM placement pl JOIN cla_period p ON p.id = pl.cla_period_id WHERE p.person_id = ?"},
    {"review", "SELECT r.review_date, 'Looked-after review (' || r.participation || ')' FROM cla_review r JOIN cla_period p ON p.id = r.cla_period_id WHERE p.person_id = ?"},
    {"visit", "SELECT visit_date, 'Visit' || CASE WHEN seen_alone = 1 THEN ', seen alone' ELSE '' END FROM visit WHERE person_id = ?"},
    {"health", "SELECT check_date, replace(kind, '_', ' ') FROM health_check WHERE person_id = ?"},
    {"missing", "SELECT start_date, CASE missing_type WHEN 'M' THEN 'Missing from placement' ELSE 'Away from placement without authorisation' END FROM missing_episode WHERE person_id = ?"},
    {"care_leaver", "SELECT contact_date, 'Care leaver contact: in touch ' || in_touch || ', activity ' || activity || ', accommodation ' || accommodation FROM care_leaver_contact c JOIN care_leaver l ON l.id = c.care_leaver_id WHERE l.person_id = ?"},
    {"ehcp", "SELECT request_date, 'EHC needs assessment requested' FROM ehcp WHERE person_id = ?"},
    // SEND, transition to adult services and authorised plans (send.h, transition.h, care_plans.h).
    {"ehcp", "SELECT plan_date, 'EHC plan issued' FROM ehcp WHERE person_id = ? AND plan_date IS NOT NULL"},
    {"ehcp", "SELECT r.review_date, 'EHC plan annual review: ' || CASE r.outcome WHEN 'continue' THEN 'plan continues' WHEN 'amend' THEN 'plan to be amended' ELSE 'plan to cease' END FROM ehcp_review r JOIN ehcp e ON e.id = r.ehcp_id WHERE e.person_id = ?"},
    {"ehcp", "SELECT end_date, CASE WHEN plan_date IS NULL THEN 'EHC needs assessment request ended: no plan issued' ELSE 'EHC plan ended (' || replace(coalesce(end_reason, 'no reason recorded'), '_', ' ') || ')' END FROM ehcp WHERE person_id = ? AND end_date IS NOT NULL"},
    {"ehcp", "SELECT start_date, 'SEN support started' FROM sen_support WHERE person_id = ?"},
    {"transition", "SELECT referral_date, 'Referred to adult services (' || replace(adult_service, '_', ' ') || ')' FROM transition_plan WHERE person_id = ? AND referral_date IS NOT NULL"},
    {"transition", "SELECT plan_date, 'Transition plan to adult services agreed (' || replace(outcome, '_', ' ') || ')' FROM transition_plan WHERE person_id = ? AND plan_date IS NOT NULL"},
    {"cla", "SELECT plan_date, 'Care plan recorded (' || replace(permanence, '_', ' ') || ')' FROM cla_care_plan WHERE person_id = ?"},
    {"cla", "SELECT decided_on, 'Care plan authorised' FROM authorisation WHERE person_id = ? AND kind = 'cla_plan' AND decision = 'authorised'"},
    {"care_leaver", "SELECT decided_on, 'Pathway plan authorised' FROM authorisation WHERE person_id = ? AND kind = 'pathway_plan' AND decision = 'authorised'"},
    {"worker", "SELECT i.start_date, 'Allocated to ' || w.name || coalesce(' (' || t.name || ')', '') || coalesce(' - reason: ' || replace(i.reason_for_change, '_', ' '), '') FROM involvement i JOIN worker w ON w.id = i.worker_id LEFT JOIN team t ON t.id = i.team_id WHERE i.person_id = ?"},
};

constexpr Source kFamilySources[] = {
    {"early_help", "SELECT start_date, 'Early help started for the family' || CASE WHEN stepped_down_from_cin IS NULL THEN '' ELSE ' (stepped down from children''s social care)' END FROM early_help_episode WHERE family_id = ?"},
    {"early_help", "SELECT r.review_date, 'Early help review: ' || CASE r.decision WHEN 'close' THEN 'needs met, early help to end' ELSE 'plan continues' END FROM early_help_review r JOIN early_help_episode e ON e.id = r.early_help_episode_id WHERE e.family_id = ?"},
    {"early_help", "SELECT end_date, 'Early help ended (' || coalesce(end_reason, 'no reason recorded') || ')' FROM early_help_episode WHERE family_id = ? AND end_date IS NOT NULL"},
    {"worker", "SELECT lp.start_date, 'Lead professional: ' || w.name || ' (' || w.agency || ')' || coalesce(' - reason: ' || replace(lp.reason_for_change, '_', ' '), '') FROM lead_professional lp JOIN worker w ON w.id = lp.worker_id WHERE lp.family_id = ?"},
    {"worker", "SELECT f.start_date, w.name || ' (' || f.agency || ') joined the team around the family' FROM taf_member f JOIN worker w ON w.id = f.worker_id WHERE f.family_id = ?"},
    {"worker", "SELECT c.withdrawn_date, 'Consent to share with ' || w.name || ' (' || f.agency || ') withdrawn' || coalesce(': ' || c.withdrawn_reason, '') FROM taf_consent c JOIN taf_member f ON f.id = c.taf_member_id JOIN worker w ON w.id = f.worker_id WHERE f.family_id = ? AND c.withdrawn_date IS NOT NULL"},
    // Partners' own entries (casework/partner_fields.h), labelled with their agency.
    {"partner", "SELECT n.note_date, upper(substr(n.agency, 1, 1)) || substr(n.agency, 2) || ' (' || w.name || '): ' || n.summary FROM partner_note n JOIN worker w ON w.id = n.worker_id WHERE n.family_id = ?"},
};

// Sources as one UNION ALL query, one round trip instead of one per source
// (forty of them): each source's rows are tagged with its place in the lists,
// child sources then family sources (the kind order of a day's untimed
// events), and untimed sources give NULL for the time.
std::string union_of(const Source* begin, const Source* end, std::size_t first) {
  std::string sql;
  for (const Source* src = begin; src != end; ++src) {
    if (!sql.empty()) sql += " UNION ALL ";
    auto n = std::to_string(first + std::size_t(src - begin));
    sql += "SELECT " + n + " AS source, s" + n + ".*" + (src->timed ? "" : ", NULL") + " FROM (" + src->sql + ") s" + n;
  }
  return sql;
}

// An entry with what orders it within its day.
struct Row {
  std::size_t order;  // the source's place: child sources, then family sources
  std::string time;   // "" when the source records no time
  ChronologyEntry entry;
};

constexpr std::size_t kChild = std::size(kChildSources), kFamily = std::size(kFamilySources);

// The child's events, and the family's when the child has one, in one query:
// each child source takes the child's id, each family source the family's.
Status collect(store::Database& db, Id person, std::optional<Id> family, std::vector<Row>& out) {
  static const std::string child_only = union_of(std::begin(kChildSources), std::end(kChildSources), 0);
  static const std::string with_family =
      child_only + " UNION ALL " + union_of(std::begin(kFamilySources), std::end(kFamilySources), kChild);
  std::vector<store::Value> params(kChild, person);
  if (family) params.insert(params.end(), kFamily, *family);
  return db.run(family ? with_family : child_only, params, [&](const store::Statement& s) {
    auto source = std::size_t(s.int64(0));
    auto d = s.date(1);
    if (!d || source >= kChild + kFamily) return;
    const Source& src = source < kChild ? kChildSources[source] : kFamilySources[source - kChild];
    out.push_back({source, s.is_null(3) ? "" : s.text(3), {*d, src.kind, s.text(2), source < kChild ? std::optional<Id>(person) : std::nullopt}});
  });
}

// Oldest day first. Within a day, the events whose time is recorded come first,
// in time order (two contacts of one morning as they came in), then the others
// in the order of the source lists above; rows the database returns in the same
// place keep its order.
bool before(const Row& a, const Row& b) {
  if (a.entry.date != b.entry.date) return a.entry.date < b.entry.date;
  if (a.time.empty() != b.time.empty()) return !a.time.empty();
  if (a.time != b.time) return a.time < b.time;
  return a.order < b.order;
}

}  // namespace

Result<std::vector<ChronologyEntry>> load_chronology(store::Database& db, Id person_id, std::optional<Id> family_id) {
  std::vector<Row> rows;
  KITH_RETURN_IF_ERROR(collect(db, person_id, family_id, rows));
  std::stable_sort(rows.begin(), rows.end(), before);
  std::vector<ChronologyEntry> out;
  out.reserve(rows.size());
  for (Row& r : rows) out.push_back(std::move(r.entry));
  return out;
}

}  // namespace kith::casework
