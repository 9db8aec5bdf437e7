// Statutory work forms on a child's record (assessment, strategy discussion
// and section 47, conferences and the CP plan, the period of care, visits,
// health, missing, care leaving, feedback), the managers' authorisation
// list and the due and overdue worklists.
//
// Every form is a GOV.UK form on its own page: after a validation error it
// re-renders with a 400, what was typed kept and the error beside its field;
// every POST carries the session's CSRF token (signed_in_page checks it).
// Only practitioners and managers whose scope includes the child may use
// them (casework::check_access + may_record_statutory_work); the casework
// functions audit every write, and opening a form audits the read of the child.
#include <fmt/format.h>

#include <functional>

#include "casework/care_leaving.h"
#include "casework/child_record.h"
#include "casework/due_tasks.h"
#include "casework/statutory.h"
#include "model/codes.h"
#include "store/audited_write.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/record_forms.h"
#include "web/responses.h"
#include "web/statutory_views.h"
#include "web/views.h"

namespace kith::web {
namespace {

using forms::Errors;
using forms::Option;
using html::Html;

constexpr const char* kReason = "statutory work";

store::WriteContext write_ctx(Ctx& c) { return {c.app.audit(), c.viewer().username, kReason}; }

template <typename E>
std::vector<Option> code_options(std::string_view prompt, bool current_only = true) {
  std::vector<Option> out{{"", std::string(prompt)}};
  for (const auto& e : kCodeList<E>)
    if (e.current || !current_only) out.push_back({std::string(e.code), fmt::format("{}: {}", e.code, e.meaning)});
  return out;
}

using record_forms::date_input;
using record_forms::need_date;

// The SSDA903 reasons that end a period of care: the current E codes (X1 only links two episodes).
std::vector<Option> care_end_reasons() {
  std::vector<Option> out{{"", "Choose why the period of care ended"}};
  for (const auto& e : kCodeList<ReasonEpisodeCeased>)
    if (e.current && e.value != ReasonEpisodeCeased::kX1) out.push_back({std::string(e.code), fmt::format("{}: {}", e.code, e.meaning)});
  return out;
}

// The pathway plan's eligibility on a fresh form: what the record says, else what the periods of care
// say today (care_leaving.h); the worker can still choose. What was posted after a mistake.
Result<std::string> eligibility_value(Ctx& c, Id person, const std::string& worked_out) {
  if (c.req.method != "GET" || !c.req.param("eligibility").empty()) return c.req.param("eligibility");
  std::string recorded;
  KITH_RETURN_IF_ERROR(c.db.run("SELECT eligibility FROM care_leaver WHERE person_id = ? ORDER BY id DESC LIMIT 1", {person},
                                [&](const store::Statement& s) { recorded = s.text(0); }));
  return recorded.empty() ? worked_out : recorded;
}

const std::vector<Option> kYesNo = {{"yes", "Yes"}, {"no", "No"}};

// The forms --------------------------------------------------------------------

struct FormDef {
  const char* slug;
  const char* title;
  const char* button;
  const char* saved;  // the success banner on the child's record
  std::function<bool(const casework::StatutoryState&)> available;
  std::function<Result<Html>(Ctx&, const casework::StatutoryState&, const Errors&)> fields;
  std::function<Status(Ctx&, Id person, const casework::StatutoryState&)> submit;
  // For a form that changes a record (not only adds one): the record's table and which record it is
  // now. The form carries its version; the save checks it (optimistic concurrency, forms.h).
  const char* table = nullptr;
  std::function<std::optional<Id>(const casework::StatutoryState&)> record = nullptr;
};

// The record version posted with the form; statutory_form has checked it names the form's record.
casework::SeenVersion seen(Ctx& c) { return forms::posted_version(c.req.param("version")).value_or(casework::SeenVersion{}); }

Html factor_checkboxes(Ctx& c, const Errors& e) {
  Html items;
  bool first = true;
  for (const auto& f : kCodeList<AssessmentFactor>) {
    if (!f.current) continue;
    std::string name = "factor_" + std::string(f.code);
    std::string id = first ? "factors" : "factor-" + std::string(f.code);
    first = false;
    items += Html::raw(fmt::format("<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"{}\" name=\"{}\" "
                                   "type=\"checkbox\" value=\"1\"{}><label class=\"govuk-label govuk-checkboxes__label\" for=\"{}\">{}: {}</label></div>",
                                   html::escape(id), html::escape(name), c.req.param(name) == "1" ? " checked" : "", html::escape(id),
                                   html::escape(f.code), html::escape(f.meaning)));
  }
  bool bad = !html::field_error(e, "factors").empty();
  return Html::raw(fmt::format("<div class=\"govuk-form-group{}\"><fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend "
                               "govuk-fieldset__legend--s\">Factors identified at assessment</legend>",
                               bad ? " govuk-form-group--error" : "")) +
         html::field_error(e, "factors") + Html::raw("<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">") +
         items + Html::raw("</div></fieldset></div>");
}

std::vector<std::string> chosen_factors(Ctx& c) {
  std::vector<std::string> out;
  for (const auto& f : kCodeList<AssessmentFactor>)
    if (c.req.param("factor_" + std::string(f.code)) == "1") out.emplace_back(f.code);
  return out;
}

Result<std::vector<Option>> provider_options(store::Database& db) {
  std::vector<Option> out{{"", "Not in the provider register"}};
  KITH_RETURN_IF_ERROR(db.run("SELECT id, name FROM placement_provider ORDER BY name, id", {},
                              [&](const store::Statement& s) { out.push_back({std::to_string(s.int64(0)), s.text(1)}); }));
  return out;
}

Result<Html> placement_fields(Ctx& c, const Errors& e, bool change) {
  auto providers = provider_options(c.db);
  if (!providers) return providers.status();
  Html f;
  if (change) f += date_input(c, "placement_start", "Date the new placement started", e);
  f += forms::select("placement_type", "Placement type", code_options<PlacementType>("Choose the placement type"), c.req.param("placement_type"), e);
  f += forms::select("provider_code", "Placement provider", code_options<PlacementProvider>("Choose who provides it"), c.req.param("provider_code"), e);
  f += forms::select("provider_id", "Provider in the register", *providers, c.req.param("provider_id"), e);
  f += forms::input("postcode", "Placement postcode", c.req.param("postcode"), e, "For example, AB1 2CD", "10");
  if (change) f += forms::select("reason_change", "Reason for the change", code_options<ReasonPlaceChange>("Choose the reason"), c.req.param("reason_change"), e);
  return f;
}

Result<casework::PlacementInput> placement_input(Ctx& c, Date start) {
  casework::PlacementInput p{start, c.req.param("placement_type"), c.req.param("provider_code"), std::nullopt, c.req.param("postcode"),
                             c.req.param("reason_change")};
  if (!c.req.param("provider_id").empty()) {
    p.provider_id = parse_id(c.req.param("provider_id"));
    if (!p.provider_id) return Status::invalid("provider_id: choose a provider from the list");
  }
  return p;
}

Result<std::vector<Option>> adviser_options(store::Database& db) {
  std::vector<Option> out{{"", "Not yet allocated"}};
  KITH_RETURN_IF_ERROR(db.run("SELECT id, name FROM worker WHERE agency = 'council' AND leave_date IS NULL ORDER BY name, id", {},
                              [&](const store::Statement& s) { out.push_back({std::to_string(s.int64(0)), s.text(1)}); }));
  return out;
}

bool has(const std::optional<Id>& id) { return id.has_value(); }

std::vector<FormDef> make_forms() {
  using St = casework::StatutoryState;
  std::vector<FormDef> f;
  f.push_back({"assessment", "Start a child and family assessment", "Start assessment", "The assessment has started.",
               [](const St& s) { return has(s.cin_episode_id) && !has(s.open_assessment_id); },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> { return date_input(c, "start_date", "Date the assessment started", e); },
               [](Ctx& c, Id, const St& s) -> Status {
                 auto d = need_date(c, "start_date");
                 if (!d) return d.status();
                 return casework::start_assessment(c.db, write_ctx(c), *s.cin_episode_id, *d, c.viewer().worker_id).status();
               }});
  f.push_back({"assessment-complete", "Complete the assessment", "Send for authorisation",
               "The assessment has been sent to a manager for authorisation.", [](const St& s) { return has(s.open_assessment_id); },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> {
                 return factor_checkboxes(c, e) +
                        forms::radios("outcome", "Outcome of the assessment",
                                      {{"nfa", "No further action"}, {"early_help", "Early help"}, {"cin_plan", "Child in need plan"},
                                       {"strategy_discussion", "Strategy discussion"}},
                                      c.req.param("outcome"), e) +
                        date_input(c, "completed_date", "Date the assessment was completed", e);
               },
               [](Ctx& c, Id, const St&) -> Status {
                 auto d = need_date(c, "completed_date");
                 if (!d) return d.status();
                 return casework::complete_assessment(c.db, write_ctx(c), seen(c), chosen_factors(c), c.req.param("outcome"), *d)
                     .status();
               }, "assessment", [](const St& s) { return s.open_assessment_id; }});
  f.push_back({"cin-plan", "Start a child in need plan", "Start plan", "The child in need plan has started and awaits authorisation.",
               [](const St& s) { return has(s.cin_episode_id) && !has(s.cp_plan_id) && !has(s.cla_period_id); },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> { return date_input(c, "start_date", "Date the plan started", e); },
               [](Ctx& c, Id, const St& s) -> Status {
                 auto d = need_date(c, "start_date");
                 if (!d) return d.status();
                 return casework::start_cin_plan(c.db, write_ctx(c), *s.cin_episode_id, *d).status();
               }});
  f.push_back({"strategy", "Record a strategy discussion", "Record strategy discussion", "The strategy discussion has been recorded.",
               [](const St& s) { return has(s.cin_episode_id) && !has(s.open_section47_id); },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> {
                 return date_input(c, "discussion_date", "Date of the strategy discussion", e) +
                        forms::radios("s47_needed", "Is a section 47 enquiry needed?", kYesNo, c.req.param("s47_needed"), e);
               },
               [](Ctx& c, Id, const St& s) -> Status {
                 auto d = need_date(c, "discussion_date");
                 if (!d) return d.status();
                 std::string n = c.req.param("s47_needed");
                 if (n != "yes" && n != "no") return Status::invalid("s47_needed: say whether a section 47 enquiry is needed");
                 return casework::record_strategy_discussion(c.db, write_ctx(c), *s.cin_episode_id, *d, n == "yes").status();
               }});
  f.push_back({"section47", "Complete the section 47 enquiry", "Record outcome", "The section 47 enquiry has been completed.",
               [](const St& s) { return has(s.open_section47_id); },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> {
                 return date_input(c, "s47_end_date", "Date the enquiry was completed", e) +
                        forms::radios("s47_outcome", "Outcome of the enquiry",
                                      {{"icpc", "Initial child protection conference needed"}, {"cin_plan", "Child in need plan"},
                                       {"nfa", "No further action"}, {"continue_assessment", "Continue the assessment"}},
                                      c.req.param("s47_outcome"), e);
               },
               [](Ctx& c, Id, const St&) -> Status {
                 auto d = need_date(c, "s47_end_date");
                 if (!d) return d.status();
                 return casework::complete_section47(c.db, write_ctx(c), seen(c), *d, c.req.param("s47_outcome"));
               }, "section47", [](const St& s) { return s.open_section47_id; }});
  f.push_back({"conference", "Record a child protection conference", "Record conference", "The conference has been recorded.",
               [](const St& s) { return has(s.cin_episode_id); },
               [](Ctx& c, const St& s, const Errors& e) -> Result<Html> {
                 std::string kind = c.req.param("kind").empty() && c.req.method == "GET" ? (s.cp_plan_id ? "review" : "initial") : c.req.param("kind");
                 return forms::radios("kind", "Which conference?", {{"initial", "Initial conference"}, {"review", "Review conference"}}, kind, e) +
                        date_input(c, "conference_date", "Date of the conference", e) +
                        forms::radios("plan_required", "Does the child need (or still need) a child protection plan?", kYesNo,
                                      c.req.param("plan_required"), e) +
                        forms::select("category", "Category of abuse", code_options<CategoryOfAbuse>("Choose a category if there is a plan"),
                                      c.req.param("category"), e) +
                        forms::textarea("wishes_feelings", "The child's wishes and feelings, in their words", c.req.param("wishes_feelings"), e);
               },
               [](Ctx& c, Id, const St& s) -> Status {
                 auto d = need_date(c, "conference_date");
                 if (!d) return d.status();
                 std::string p = c.req.param("plan_required");
                 if (p != "yes" && p != "no") return Status::invalid("plan_required: say whether the child needs a child protection plan");
                 return casework::record_conference(c.db, write_ctx(c),
                                                    {*s.cin_episode_id, c.req.param("kind"), *d, p == "yes", c.req.param("category"),
                                                     c.req.param("wishes_feelings"), seen(c)})
                     .status();
               }, "cp_plan", [](const St& s) { return s.cp_plan_id; }});
  f.push_back({"cp-plan-end", "End the child protection plan", "End plan", "The child protection plan has ended.",
               [](const St& s) { return has(s.cp_plan_id); },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> { return date_input(c, "end_date", "Date the plan ended", e); },
               [](Ctx& c, Id, const St&) -> Status {
                 auto d = need_date(c, "end_date");
                 if (!d) return d.status();
                 return casework::end_cp_plan(c.db, write_ctx(c), seen(c), *d);
               }, "cp_plan", [](const St& s) { return s.cp_plan_id; }});
  f.push_back({"closure", "Close the referral", "Ask a manager to close", "The closure has been sent to a manager for authorisation.",
               [](const St& s) { return has(s.cin_episode_id) && !s.closure_awaiting && !has(s.cp_plan_id) && !has(s.cla_period_id); },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> {
                 return date_input(c, "closure_date", "Date the case closes", e) +
                        forms::select("closure_reason", "Reason for closure", code_options<ReasonForClosure>("Choose the reason"),
                                      c.req.param("closure_reason"), e);
               },
               [](Ctx& c, Id, const St& s) -> Status {
                 auto d = need_date(c, "closure_date");
                 if (!d) return d.status();
                 return casework::request_closure(c.db, write_ctx(c), *s.cin_episode_id, *d, c.req.param("closure_reason")).status();
               }});
  f.push_back({"care", "Start a period of care", "Start period of care", "The period of care has started.",
               [](const St& s) { return !has(s.cla_period_id); },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> {
                 auto p = placement_fields(c, e, false);
                 if (!p) return p.status();
                 return date_input(c, "start_date", "Date the child became looked after", e) +
                        forms::select("legal_status", "Legal status", code_options<LegalStatus>("Choose the legal status"), c.req.param("legal_status"), e) +
                        forms::select("category_of_need", "Category of need",
                                      {{"", "Choose the category of need"}, {"N1", "N1: Abuse or neglect"}, {"N2", "N2: Child's disability"},
                                       {"N3", "N3: Parental illness or disability"}, {"N4", "N4: Family in acute stress"},
                                       {"N5", "N5: Family dysfunction"}, {"N6", "N6: Socially unacceptable behaviour"},
                                       {"N7", "N7: Low income"}, {"N8", "N8: Absent parenting"}},
                                      c.req.param("category_of_need"), e) +
                        *p;
               },
               [](Ctx& c, Id person, const St&) -> Status {
                 auto d = need_date(c, "start_date");
                 if (!d) return d.status();
                 auto p = placement_input(c, *d);
                 if (!p) return p.status();
                 return casework::start_care_period(c.db, write_ctx(c), person, *d, c.req.param("legal_status"), c.req.param("category_of_need"), *p)
                     .status();
               }});
  f.push_back({"care-end", "End the period of care", "End period of care", "The period of care has ended.",
               [](const St& s) { return has(s.cla_period_id); },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> {
                 return date_input(c, "end_date", "Date the child stopped being looked after", e) +
                        forms::select("reason_ceased", "Why the period of care ended (SSDA903 reason episode ceased)", care_end_reasons(),
                                      c.req.param("reason_ceased"), e);
               },
               [](Ctx& c, Id person, const St&) -> Status {
                 auto d = need_date(c, "end_date");
                 if (!d) return d.status();
                 return casework::end_care_period(c.db, write_ctx(c), person, *d, c.req.param("reason_ceased"), seen(c), c.app.today()).status();
               }, "cla_period", [](const St& s) { return s.cla_period_id; }});
  f.push_back({"legal-status", "Change the legal status", "Change legal status", "The legal status has changed.",
               [](const St& s) { return has(s.cla_period_id); },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> {
                 return date_input(c, "legal_status_date", "Date the new legal status began", e) +
                        forms::select("legal_status", "New legal status", code_options<LegalStatus>("Choose the legal status"), c.req.param("legal_status"), e);
               },
               [](Ctx& c, Id, const St& s) -> Status {
                 auto d = need_date(c, "legal_status_date");
                 if (!d) return d.status();
                 return casework::change_legal_status(c.db, write_ctx(c), *s.cla_period_id, *d, c.req.param("legal_status")).status();
               }});
  f.push_back({"placement", "Record a change of placement", "Record placement change", "The placement change has been recorded.",
               [](const St& s) { return has(s.cla_period_id); },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> { return placement_fields(c, e, true); },
               [](Ctx& c, Id, const St& s) -> Status {
                 auto d = need_date(c, "placement_start");
                 if (!d) return d.status();
                 auto p = placement_input(c, *d);
                 if (!p) return p.status();
                 return casework::change_placement(c.db, write_ctx(c), *s.cla_period_id, seen(c), *p).status();
               }, "placement", [](const St& s) { return s.placement_id; }});
  f.push_back({"cla-review", "Record a looked-after review", "Record review", "The review has been recorded.",
               [](const St& s) { return has(s.cla_period_id); },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> {
                 return date_input(c, "review_date", "Date of the review", e) +
                        forms::select("participation", "How the child took part", code_options<ReviewParticipation>("Choose how the child took part"),
                                      c.req.param("participation"), e) +
                        forms::textarea("wishes_feelings", "The child's wishes and feelings, in their words", c.req.param("wishes_feelings"), e);
               },
               [](Ctx& c, Id, const St& s) -> Status {
                 auto d = need_date(c, "review_date");
                 if (!d) return d.status();
                 return casework::record_cla_review(c.db, write_ctx(c), *s.cla_period_id, *d, c.req.param("participation"),
                                                    c.req.param("wishes_feelings"))
                     .status();
               }});
  f.push_back({"visit", "Record a visit", "Record visit", "The visit has been recorded.", [](const St&) { return true; },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> {
                 return date_input(c, "visit_date", "Date of the visit", e) +
                        forms::radios("context", "Why was the child visited?",
                                      {{"cin", "Child in need"}, {"cp", "Child protection"}, {"cla", "Looked after"}, {"care_leaver", "Care leaver"}},
                                      c.req.param("context"), e) +
                        forms::radios("seen", "Was the child seen?", kYesNo, c.req.param("seen"), e) +
                        forms::checkbox("seen_alone", "The child was seen alone", c.req.param("seen_alone") == "1") +
                        html::field_error(e, "seen_alone") +
                        forms::textarea("wishes_feelings", "The child's wishes and feelings, in their words", c.req.param("wishes_feelings"), e);
               },
               [](Ctx& c, Id person, const St&) -> Status {
                 auto d = need_date(c, "visit_date");
                 if (!d) return d.status();
                 std::string seen = c.req.param("seen");
                 if (seen != "yes" && seen != "no") return Status::invalid("seen: say whether the child was seen");
                 return casework::record_visit(c.db, write_ctx(c),
                                               {person, c.viewer().worker_id, *d, seen == "yes", c.req.param("seen_alone") == "1",
                                                c.req.param("context"), c.req.param("wishes_feelings")})
                     .status();
               }});
  f.push_back({"health", "Record health", "Record", "The health record has been updated.", [](const St&) { return true; },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> {
                 return forms::radios("health_kind", "What was done?",
                                      {{"health_assessment", "Health assessment"}, {"dental", "Dental check"},
                                       {"gp_registration", "Registered with a GP"}, {"dentist_registration", "Registered with a dentist"}},
                                      c.req.param("health_kind"), e) +
                        date_input(c, "check_date", "Date", e);
               },
               [](Ctx& c, Id person, const St&) -> Status {
                 auto d = need_date(c, "check_date");
                 if (!d) return d.status();
                 return casework::record_health(c.db, write_ctx(c), person, c.req.param("health_kind"), *d).status();
               }});
  f.push_back({"missing", "Record a missing episode", "Record missing episode", "The missing episode has been recorded.",
               [](const St&) { return true; },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> {
                 return forms::radios("missing_type", "Was the child missing or away?",
                                      {{"M", "Missing"}, {"A", "Away from placement without authorisation"}}, c.req.param("missing_type"), e) +
                        date_input(c, "missing_start", "Date the episode started", e) +
                        forms::input("missing_end", "Date the child came back", c.req.param("missing_end"), e, "Leave blank if still missing", "10",
                                     "date") +
                        forms::checkbox("return_interview_offered", "A return interview was offered", c.req.param("return_interview_offered") == "1");
               },
               [](Ctx& c, Id person, const St&) -> Status {
                 auto d = need_date(c, "missing_start");
                 if (!d) return d.status();
                 std::optional<Date> end;
                 if (!c.req.param("missing_end").empty()) {
                   auto e = need_date(c, "missing_end");
                   if (!e) return e.status();
                   end = *e;
                 }
                 return casework::record_missing(c.db, write_ctx(c), person, c.req.param("missing_type"), *d, end,
                                                 c.req.param("return_interview_offered") == "1")
                     .status();
               }});
  f.push_back({"pathway-plan", "Record the pathway plan", "Record pathway plan", "The pathway plan has been recorded.",
               [](const St&) { return true; },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> {
                 auto advisers = adviser_options(c.db);
                 if (!advisers) return advisers.status();
                 auto person = parse_id(c.req.captures.at(0));
                 auto worked_out = casework::leaving_care_status(c.db, person.value_or(0), c.app.today());
                 if (!worked_out) return worked_out.status();
                 auto eligibility = eligibility_value(c, person.value_or(0), worked_out->code);
                 if (!eligibility) return eligibility.status();
                 return date_input(c, "plan_date", "Date of the pathway plan", e) +
                        forms::select("personal_adviser_id", "Personal adviser", *advisers, c.req.param("personal_adviser_id"), e) +
                        forms::radios("eligibility", "Eligibility",
                                      {{"eligible", "Eligible (still looked after)"}, {"relevant", "Relevant"},
                                       {"former_relevant", "Former relevant"}, {"qualifying", "Qualifying"}},
                                      *eligibility, e, "From the periods of care: " + worked_out->label + ". " + worked_out->why);
               },
               [](Ctx& c, Id person, const St&) -> Status {
                 auto d = need_date(c, "plan_date");
                 if (!d) return d.status();
                 std::optional<Id> adviser;
                 if (!c.req.param("personal_adviser_id").empty()) {
                   adviser = parse_id(c.req.param("personal_adviser_id"));
                   if (!adviser) return Status::invalid("personal_adviser_id: choose a worker from the list");
                 }
                 return casework::record_pathway_plan(c.db, write_ctx(c), person, *d, adviser, c.req.param("eligibility"), seen(c)).status();
               }, "care_leaver", [](const St& s) { return s.care_leaver_id; }});
  f.push_back({"care-leaver-contact", "Record a birthday contact", "Record contact", "The birthday contact has been recorded.",
               [](const St& s) { return has(s.care_leaver_id); },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> {
                 return date_input(c, "contact_date", "Date of the contact", e) +
                        forms::select("in_touch", "In touch", code_options<CareLeaverInTouch>("Choose"), c.req.param("in_touch"), e) +
                        forms::select("activity", "Main activity", code_options<CareLeaverActivity>("Choose"), c.req.param("activity"), e) +
                        forms::select("accommodation", "Accommodation", code_options<CareLeaverAccommodation>("Choose"), c.req.param("accommodation"), e);
               },
               [](Ctx& c, Id person, const St&) -> Status {
                 auto d = need_date(c, "contact_date");
                 if (!d) return d.status();
                 return casework::record_care_leaver_contact(c.db, write_ctx(c), person, *d, c.req.param("in_touch"), c.req.param("activity"),
                                                             c.req.param("accommodation"))
                     .status();
               }});
  f.push_back({"feedback", "Record feedback on the service", "Record feedback", "The feedback has been recorded.",
               [](const St&) { return true; },
               [](Ctx& c, const St&, const Errors& e) -> Result<Html> {
                 return date_input(c, "received_on", "Date received", e) +
                        forms::radios("from_whom", "Who gave the feedback?",
                                      {{"child", "The child or young person"}, {"parent", "A parent"}, {"carer", "A carer"}, {"other", "Someone else"}},
                                      c.req.param("from_whom"), e) +
                        forms::radios("rating", "How did they rate the service?",
                                      {{"5", "5: very good"}, {"4", "4: good"}, {"3", "3: neither good nor poor"}, {"2", "2: poor"}, {"1", "1: very poor"}},
                                      c.req.param("rating"), e) +
                        forms::textarea("comments", "What did they say?", c.req.param("comments"), e);
               },
               [](Ctx& c, Id person, const St&) -> Status {
                 auto d = need_date(c, "received_on");
                 if (!d) return d.status();
                 std::string r = c.req.param("rating");
                 int rating = r.size() == 1 && r[0] >= '1' && r[0] <= '5' ? r[0] - '0' : 0;
                 return casework::record_feedback(c.db, write_ctx(c), person, {*d, c.req.param("from_whom"), rating, c.req.param("comments")}).status();
               }});
  return f;
}

const std::vector<FormDef>& all_forms() {
  static const std::vector<FormDef> kForms = make_forms();
  return kForms;
}

const FormDef* find_form(const std::string& slug) {
  for (const FormDef& f : all_forms())
    if (slug == f.slug) return &f;
  return nullptr;
}

Response not_for_role(Ctx& c) {
  return error_page(403, &c.session, "Statutory work is recorded by the council's practitioners and managers.");
}

// Checks the viewer may record work for the child and audits the read of the child's name (or the refusal).
Result<std::string> open_child(Ctx& c, Id person) { return record_forms::open_child(c, person, kReason); }

std::string date_text(const std::optional<Date>& d) { return d ? d->display() : ""; }

// The record a form changes as it is saved now, for the conflict panel; limited to the child's own records.
Result<std::vector<html::SummaryRow>> their_version(Ctx& c, const std::string& table, Id id, Id person) {
  std::vector<html::SummaryRow> rows;
  auto row = [&](std::string key, std::string value) { rows.push_back({std::move(key), html::text(value)}); };
  auto saved = [&](std::int64_t version) { row("Saved version", std::to_string(version)); };
  if (table == "assessment")
    KITH_RETURN_IF_ERROR(c.db.run(
        "SELECT a.start_date, coalesce(a.outcome, ''), k.completed_date, a.authorised_date, a.version FROM assessment a "
        "JOIN cin_episode e ON e.id = a.cin_episode_id LEFT JOIN assessment_completion k ON k.assessment_id = a.id "
        "WHERE a.id = ? AND e.person_id = ?",
        {id, person}, [&](const store::Statement& s) {
          row("Started", date_text(s.date(0))), row("Outcome", s.text(1)), row("Completed", date_text(s.date(2)));
          row("Authorised", date_text(s.date(3))), saved(s.int64(4));
        }));
  if (table == "section47")
    KITH_RETURN_IF_ERROR(c.db.run(
        "SELECT s.start_date, s.end_date, coalesce((SELECT max(o.outcome) FROM section47_outcome o WHERE o.section47_id = s.id), ''), s.version "
        "FROM section47 s JOIN cin_episode e ON e.id = s.cin_episode_id WHERE s.id = ? AND e.person_id = ?",
        {id, person}, [&](const store::Statement& s) {
          row("Started", date_text(s.date(0))), row("Completed", date_text(s.date(1))), row("Outcome", s.text(2)), saved(s.int64(3));
        }));
  if (table == "cp_plan")
    KITH_RETURN_IF_ERROR(c.db.run("SELECT start_date, end_date, initial_category, latest_category, version FROM cp_plan WHERE id = ? AND person_id = ?",
                                  {id, person}, [&](const store::Statement& s) {
                                    row("Started", date_text(s.date(0))), row("Ended", date_text(s.date(1)));
                                    row("Initial category", s.text(2)), row("Latest category", s.text(3)), saved(s.int64(4));
                                  }));
  if (table == "placement")
    KITH_RETURN_IF_ERROR(c.db.run(
        "SELECT p.start_date, p.end_date, p.placement_type, p.provider_code, coalesce(p.postcode, ''), p.version FROM placement p "
        "JOIN cla_period e ON e.id = p.cla_period_id WHERE p.id = ? AND e.person_id = ?",
        {id, person}, [&](const store::Statement& s) {
          row("Current placement since", date_text(s.date(0))), row("Ended", date_text(s.date(1))), row("Placement type", s.text(2));
          row("Provider", s.text(3)), row("Postcode", s.text(4)), saved(s.int64(5));
        }));
  if (table == "cla_period")
    KITH_RETURN_IF_ERROR(c.db.run("SELECT start_date, end_date, coalesce(reason_ceased, ''), version FROM cla_period WHERE id = ? AND person_id = ?",
                                  {id, person}, [&](const store::Statement& s) {
                                    row("Looked after since", date_text(s.date(0))), row("Ended", date_text(s.date(1)));
                                    row("Reason ended", s.text(2)), saved(s.int64(3));
                                  }));
  if (table == "care_leaver")
    KITH_RETURN_IF_ERROR(c.db.run("SELECT coalesce(w.name, ''), l.pathway_plan_date, l.eligibility, l.version FROM care_leaver l "
                                  "LEFT JOIN worker w ON w.id = l.personal_adviser_id WHERE l.id = ? AND l.person_id = ?",
                                  {id, person}, [&](const store::Statement& s) {
                                    row("Personal adviser", s.text(0)), row("Pathway plan date", date_text(s.date(1)));
                                    row("Eligibility", s.text(2)), saved(s.int64(3));
                                  }));
  if (rows.empty()) row("Record", "There is no such record for this child now.");
  return rows;
}

// How a form is shown: fresh, after a mistake (errors), or after a conflict (the panel above the kept fields).
struct FormState {
  int status = 200;
  Errors errors;
  Html conflict;          // forms::conflict_panel, on a conflict
  bool can_save = true;   // false when the form no longer fits the record: the fields are shown disabled
};

Response form_page(Ctx& c, Id person, const std::string& name, const FormDef& f, const casework::StatutoryState& st, const FormState& fs) {
  auto fields = f.fields(c, st, fs.errors);
  if (!fields) return failure_page(fields.status(), &c.session);
  std::string href = "/children/" + std::to_string(person);
  Html main = (fs.conflict.empty() ? html::error_summary(fs.errors) : fs.conflict) + html::heading(f.title, name);
  if (!fs.can_save) {
    main += forms::kept_changes(*fields);
  } else {
    // The version of the record as it is now: after a conflict the person has seen their version and may save over it.
    casework::SeenVersion now;
    if (f.table && f.record(st)) {
      auto v = casework::version_of(c.db, f.table, *f.record(st));
      if (!v) return failure_page(v.status(), &c.session);
      now = {*f.record(st), *v};
    }
    main += forms::form_start(href + "/statutory/" + f.slug, c.session.csrf_token) + (f.table ? forms::version_field(now) : Html()) + *fields +
            forms::form_end(f.button);
  }
  main += html::paragraph(html::link(href, "Back to " + name + "'s record"));
  Errors for_title = fs.conflict.empty() ? fs.errors : Errors{forms::conflict_error()};
  return html_response(fs.status, chrome_for(c.session, forms::title_with(for_title, f.title + std::string(" – ") + name)), main);
}

// The 409 answer when the record moved on since the form was opened: their version (the record now, or
// the one the person saw when none is current), and what they typed kept in the form.
Response conflict_page(Ctx& c, Id person, const std::string& name, const FormDef& f, const casework::StatutoryState& st, bool can_save) {
  std::optional<Id> shown = f.record(st);
  if (!shown) {
    auto posted = forms::posted_version(c.req.param("version"));
    if (posted && posted->id) shown = posted->id;
  }
  std::vector<html::SummaryRow> theirs{{"Record", html::text("There is none now.")}};
  if (shown) {
    auto rows = their_version(c, f.table, *shown, person);
    if (!rows) return failure_page(rows.status(), &c.session);
    theirs = std::move(*rows);
  }
  return form_page(c, person, name, f, st, {409, {}, forms::conflict_panel(theirs), can_save});
}

// GET and POST /children/{id}/statutory/{form}
Response statutory_form(Ctx& c) {
  if (!casework::may_record_statutory_work(c.viewer().role)) return not_for_role(c);
  auto person = parse_id(c.req.captures.at(0));
  const FormDef* f = find_form(c.req.captures.at(1));
  if (!person || !f) return error_page(404, &c.session);
  auto name = open_child(c, *person);
  if (!name) return failure_page(name.status(), &c.session);
  auto st = casework::statutory_state(c.db, *person);
  if (!st) return failure_page(st.status(), &c.session);
  bool post = c.req.method == "POST";
  // A change to a record that has since ended (the plan someone else ended) no longer fits: a conflict, with the typed values kept.
  if (!f->available(*st) && post && f->table) return conflict_page(c, *person, *name, *f, *st, false);
  if (!f->available(*st))
    return error_page(409, &c.session, std::string(f->title) + " does not fit where the child's record is now: go back to the record.");
  if (!post) return form_page(c, *person, *name, *f, *st, {});
  if (f->table) {
    // The posted version must name the record the form changes now; a missing one (a form from before
    // versions) or another record (changed since, or tampered) is answered as a conflict and writes nothing.
    auto posted = forms::posted_version(c.req.param("version"));
    if (!posted || posted->id != f->record(*st).value_or(0)) return conflict_page(c, *person, *name, *f, *st, true);
  }
  Status s = f->submit(c, *person, *st);
  if (s.code() == Status::Code::kConflict && f->table) return conflict_page(c, *person, *name, *f, *st, true);
  if (s.code() == Status::Code::kInvalid) {
    // A problem with a record behind the form (the episode, the period) goes on the form's first field.
    auto fields = f->fields(c, *st, {});
    if (!fields) return failure_page(fields.status(), &c.session);
    FormState refused;
    refused.status = 400;
    refused.errors = {record_forms::error_on_form(s.message(), *fields)};
    return form_page(c, *person, *name, *f, *st, refused);
  }
  if (!s) return failure_page(s, &c.session);
  return Response::redirect("/children/" + std::to_string(*person) + "?saved=" + f->slug + "#statutory-work");
}

// The same forms as JSON (routed by pages_send.cpp's POST /api/v1/children/{id}/statutory/{form}).
Response api_form(Ctx& c, Id person, const FormDef& f) {
  if (!casework::may_record_statutory_work(c.viewer().role)) return json_error(403, "Statutory work is recorded by the council's practitioners and managers.");
  auto name = open_child(c, person);
  if (!name) return json_failure(name.status());
  auto st = casework::statutory_state(c.db, person);
  if (!st) return json_failure(st.status());
  if (!f.available(*st)) return json_error(409, std::string(f.title) + " does not fit where the child's record is now");
  if (f.table) {
    // As on the page: the version must name the record the form changes now, or nothing is written.
    auto posted = forms::posted_version(c.req.param("version"));
    if (!posted || posted->id != f.record(*st).value_or(0)) return json_error(409, forms::kConflictMessage);
  }
  return record_forms::json_saved(f.submit(c, person, *st), f.slug, forms::kConflictMessage);
}

// Authorisation -------------------------------------------------------------------------

std::string_view kind_label(const std::string& kind) {
  if (kind == "assessment") return "Assessment";
  if (kind == "cin_plan") return "Child in need plan";
  if (kind == "cp_plan") return "Child protection plan";
  if (kind == "cla_plan") return "Care plan";             // casework/care_plans.h
  if (kind == "pathway_plan") return "Pathway plan";
  return "Closure";
}

// conflict: the panel shown when the request the manager decided on was decided by someone else first.
Response authorisations_page(Ctx& c, int status, const Errors& errors, std::string_view banner, const Html& conflict = {}) {
  if (!casework::may_authorise(c.viewer().role))
    return error_page(403, &c.session, "Team and locality managers authorise assessments, plans and closures.");
  auto items = casework::awaiting_authorisation(c.db, c.viewer());
  if (!items) return failure_page(items.status(), &c.session);
  Html main = conflict.empty() ? html::error_summary(errors) : conflict;
  if (!banner.empty()) main += html::notification("Success", banner, true);
  main += html::heading("Awaiting authorisation", c.viewer().display_name);
  if (items->empty()) main += html::paragraph("Nothing is waiting for your authorisation.");
  for (const auto& r : *items) {
    std::string id = std::to_string(r.id);
    main += Html::raw("<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\"><h2 class=\"govuk-summary-card__title\">") +
            html::text(std::string(kind_label(r.kind)) + ": " + r.child_name) + Html::raw("</h2></div><div class=\"govuk-summary-card__content\">");
    main += html::summary_list({{"Child", html::link("/children/" + std::to_string(r.person_id), r.child_name)},
                                {"What", html::text(r.detail)},
                                {"Asked for by", html::text(r.requested_by)},
                                {"On", html::text(r.requested_on.display())}});
    Errors mine;
    for (const auto& e : errors)
      if (e.field == "note-" + id) mine.push_back(e);
    main += forms::form_start("/authorisations/" + id, c.session.csrf_token) + forms::version_field({r.id, r.version});
    main += forms::textarea("note-" + id, "Note (needed when returning it)", c.req.param("note-" + id), mine);
    main += Html::raw(fmt::format("<div class=\"govuk-button-group\"><button type=\"submit\" name=\"decision\" value=\"authorise\" "
                                  "class=\"govuk-button\" data-module=\"govuk-button\">Authorise</button>"
                                  "<button type=\"submit\" name=\"decision\" value=\"return\" class=\"govuk-button govuk-button--secondary\" "
                                  "data-module=\"govuk-button\">Return to the worker</button></div></form>"));
    main += Html::raw("</div></div>");
  }
  Errors for_title = conflict.empty() ? errors : Errors{forms::conflict_error()};
  return html_response(status, chrome_for(c.session, forms::title_with(for_title, "Awaiting authorisation")), main);
}

// 409: the request as decided now (their version) and the manager's own decision and note kept below.
// Called only after decide_authorisation has checked the manager manages the child.
Response authorisation_conflict(Ctx& c, Id id, const std::string& decision, const std::string& note) {
  std::vector<html::SummaryRow> theirs;
  Status read = c.db.run("SELECT coalesce(decision, 'awaiting'), coalesce(decided_by, ''), decided_on, coalesce(note, ''), version "
                         "FROM authorisation WHERE id = ?",
                         {id}, [&](const store::Statement& s) {
                           theirs = {{"Decision", html::text(s.text(0))}, {"Decided by", html::text(s.text(1))},
                                     {"On", html::text(s.date(2) ? s.date(2)->display() : "")}, {"Note", html::text(s.text(3))},
                                     {"Saved version", html::text(std::to_string(s.int64(4)))}};
                         });
  if (!read) return failure_page(read, &c.session);
  if (theirs.empty()) return error_page(404, &c.session);
  std::string field = "note-" + std::to_string(id);
  Html kept = forms::kept_changes(html::summary_list({{"Your decision", html::text(decision == "authorise" ? "Authorise" : "Return to the worker")}}) +
                                  forms::textarea(field, "Your note", note, {}));
  return authorisations_page(c, 409, {}, "", forms::conflict_panel(theirs) + kept);
}

Response show_authorisations(Ctx& c) {
  return authorisations_page(c, 200, {}, c.req.param("saved") == "1" ? "Your decision has been recorded." : "");
}

Response submit_authorisation(Ctx& c) {
  if (!casework::may_authorise(c.viewer().role))
    return error_page(403, &c.session, "Team and locality managers authorise assessments, plans and closures.");
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  std::string decision = c.req.param("decision");
  std::string field = "note-" + std::to_string(*id);
  if (decision != "authorise" && decision != "return") return authorisations_page(c, 400, {{field, "Choose authorise or return"}}, "");
  auto posted = forms::posted_version(c.req.param("version"));
  // No version (a form from before versions) or another request's counts as version 0, which never matches:
  // a conflict once decide_authorisation has checked the manager's scope, so nothing is decided unseen.
  casework::SeenVersion seen = posted && posted->id == *id ? *posted : casework::SeenVersion{*id, 0};
  Status s = casework::decide_authorisation(c.db, write_ctx(c), c.viewer(), seen, decision == "authorise", c.app.today(), c.req.param(field));
  if (s.code() == Status::Code::kConflict) return authorisation_conflict(c, *id, decision, c.req.param(field));
  if (s.code() == Status::Code::kInvalid) return authorisations_page(c, 400, {{field, forms::field_error_from(s.message(), field).message}}, "");
  if (!s) return failure_page(s, &c.session);
  return Response::redirect("/authorisations?saved=1");
}

// Worklists --------------------------------------------------------------------------------

// GOV.UK pagination: previous and next, and where this page is among them.
Html worklist_pagination(const std::string& base, std::size_t page_no, std::size_t pages) {
  Html out = Html::raw("<nav class=\"govuk-pagination\" aria-label=\"Pages of tasks\">");
  if (page_no > 1)
    out += Html::raw("<div class=\"govuk-pagination__prev\">") +
           html::link(fmt::format("{}&page={}", base, std::min(page_no - 1, pages)), "Previous page") + Html::raw("</div>");
  if (page_no <= pages)
    out += Html::raw("<p class=\"govuk-body\">") + html::text(fmt::format("Page {} of {}", page_no, pages)) + Html::raw("</p>");
  if (page_no < pages)
    out += Html::raw("<div class=\"govuk-pagination__next\">") + html::link(fmt::format("{}&page={}", base, page_no + 1), "Next page") +
           Html::raw("</div>");
  return out + Html::raw("</nav>");
}

Response worklist_page(Ctx& c) {
  const access::Viewer& v = c.viewer();
  if (!casework::may_record_statutory_work(v.role)) return not_for_role(c);
  std::string scope = c.req.param("scope");
  if (scope.empty()) scope = v.role == Role::kLocalityManager ? "locality" : v.role == Role::kTeamManager ? "team" : "worker";
  std::optional<Id> scope_id = scope == "worker" ? v.worker_id : scope == "team" ? v.team_id : scope == "locality" ? v.locality_id : std::nullopt;
  // Practitioners see their own and their team's; managers also their locality's.
  if (!scope_id || (scope == "locality" && v.role == Role::kPractitioner)) return error_page(404, &c.session);
  bool overdue = c.req.param("show") == "overdue";
  auto ws = scope == "worker" ? casework::WorkScope::kWorker : scope == "team" ? casework::WorkScope::kTeam : casework::WorkScope::kLocality;
  // 100 rows a page, earliest due first: a locality's list runs to hundreds (docs/CASEWORK.md, "Worklists").
  std::size_t page_no = 1;
  if (auto p = parse_id(c.req.param("page")); p && *p > 0) page_no = static_cast<std::size_t>(std::min<Id>(*p, 1000000));
  const std::size_t per_page = casework::kWorklistPageSize;
  auto page = casework::worklist_page(c.db, ws, *scope_id, c.app.today(), {.overdue = overdue}, (page_no - 1) * per_page, per_page);
  if (!page) return failure_page(page.status(), &c.session);
  const std::vector<casework::WorklistItem>& items = page->items;
  std::string who = scope == "worker" ? "your children" : scope == "team" ? "your team's children" : "your locality's children";
  Html main = html::heading(overdue ? "Overdue statutory tasks" : "Statutory tasks due in the next 28 days", "Worklist");
  std::vector<std::pair<std::string, std::string>> links = {{"worker", "Mine"}, {"team", "My team"}};
  if (v.role != Role::kPractitioner) links.push_back({"locality", "My locality"});
  Html nav;
  for (const auto& [s, label] : links)
    for (const char* show : {"due", "overdue"})
      nav += Html::raw("<li>") + html::link(fmt::format("/work/tasks?scope={}&show={}", s, show), fmt::format("{}: {}", label, show)) + Html::raw("</li>");
  main += Html::raw("<ul class=\"govuk-list kith-inline-list\">") + nav + Html::raw("</ul>");
  if (page->total == 0) {
    main += html::paragraph(overdue ? "Nothing is overdue for " + who + "." : "Nothing falls due in the next 28 days for " + who + ".");
  } else {
    std::size_t pages = (page->total + per_page - 1) / per_page;
    std::string shown = pages == 1 ? "" : fmt::format(" (page {} of {})", page_no, pages);
    html::Table t{.caption = fmt::format("{} {} for {}{}", page->total, page->total == 1 ? "task" : "tasks", who, shown),
                  .headers = {"Child", "Task", "Due", "Worker", "Team"},
                  .id = "worklist"};
    for (const auto& w : items)
      t.rows.push_back({html::link("/children/" + std::to_string(w.person_id), w.child_name), html::text(w.task.what), due_text(w.task),
                        html::text(w.worker), html::text(w.team)});
    if (items.empty()) main += html::paragraph(fmt::format("There is no page {}: the tasks fill {} pages.", page_no, pages));
    else main += html::table(t);
    if (pages > 1) main += worklist_pagination(fmt::format("/work/tasks?scope={}&show={}", scope, overdue ? "overdue" : "due"), page_no, pages);
  }
  return html_response(200, chrome_for(c.session, overdue ? "Overdue tasks" : "Tasks due"), main);
}

}  // namespace

// The child's record page ---------------------------------------------------------------

Result<Html> statutory_work_links(Ctx& c, Id person) {
  if (!casework::may_record_statutory_work(c.viewer().role)) return Html();
  // The open records and the child's family in one query (statutory_state's eight lookups and one more).
  std::optional<Id> family;
  auto st = casework::open_records(c.db, person, &family);
  if (!st) return st.status();
  Html items;
  for (const FormDef& f : all_forms())
    if (f.available(*st))
      items += Html::raw("<li>") + html::link(fmt::format("/children/{}/statutory/{}", person, f.slug), f.title) + Html::raw("</li>");
  // Step-down lives on the family's early help record (pages_front_door.cpp).
  if (st->cin_episode_id && !st->cp_plan_id && !st->cla_period_id && family)
    items += Html::raw("<li>") + html::link(fmt::format("/families/{}/early-help#step-down", *family), "Step down to early help") +
             Html::raw("</li>");
  Html out = html::section_heading("Record statutory work", "statutory-work");
  if (st->closure_awaiting) out += html::inset("A closure is waiting for a manager's authorisation.");
  for (const FormDef& f : all_forms())
    if (c.req.param("saved") == f.slug) out = html::notification("Success", f.saved, true) + out;
  return out + Html::raw("<ul class=\"govuk-list\">") + items + Html::raw("</ul>");
}

Result<Html> voice_of_child_section(Ctx& c, Id person) {
  auto voice = casework::voice_of_child(c.db, person);
  if (!voice) return voice.status();
  Html out = html::section_heading("Voice of the child", "voice");
  if (voice->empty()) return out + html::paragraph("No wishes and feelings or feedback are recorded yet.");
  html::Table t{.caption = "Wishes, feelings and feedback, oldest first", .headers = {"Date", "Where", "What was said"}, .id = "voice-table"};
  for (const auto& v : *voice) t.rows.push_back({html::text(v.date.display()), html::text(v.where), html::text(v.words)});
  return out + html::table(t);
}

Response statutory_form_api(Ctx& api, Id person, const std::string& slug) {
  const FormDef* f = find_form(slug);
  if (!f) return json_error(404, "No such child or form");
  return api_form(api, person, *f);
}

bool statutory_form_exists(const std::string& slug) { return find_form(slug) != nullptr; }

std::vector<Route> statutory_routes() {
  return {
      {"GET", R"(/children/(\d+)/statutory/([a-z0-9-]+))", signed_in_page(statutory_form)},
      {"POST", R"(/children/(\d+)/statutory/([a-z0-9-]+))", signed_in_page(statutory_form)},
      {"GET", "/authorisations", signed_in_page(show_authorisations)},
      {"POST", R"(/authorisations/(\d+))", signed_in_page(submit_authorisation)},
      {"GET", "/work/tasks", signed_in_page(worklist_page)},
  };
}

}  // namespace kith::web
