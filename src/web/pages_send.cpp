// Forms for special educational needs and disabilities (the EHC plan from
// request to end), transition to adult services and the looked-after
// child's care plan, at /children/{id}/statutory/{form} like the other
// statutory forms (pages_statutory.cpp), and the same forms as JSON at
// POST /api/v1/children/{id}/statutory/{form} (fields as JSON strings), with
// GET /api/v1/children/{id}/send for where the child's SEND, transition and
// plans stand.
//
// Its routes are registered before statutory_routes() and name their forms,
// so the other statutory slugs still reach pages_statutory.cpp. Each form
// re-renders after a validation error with a 400 and what was typed; a save
// over someone else's (the hidden "version" moved on) re-renders with a 409,
// the message, and the typed values. Only practitioners and managers whose
// scope includes the child use them; the casework functions audit every write.
#include <fmt/format.h>

#include <functional>

#include "casework/care_leaving.h"
#include "casework/care_plans.h"
#include "casework/child_record.h"
#include "casework/send.h"
#include "casework/statutory.h"
#include "casework/transition.h"
#include "model/codes.h"
#include "store/audited_write.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/record_forms.h"
#include "web/responses.h"
#include "web/send_views.h"
#include "web/statutory_views.h"
#include "web/views.h"

namespace kith::web {
namespace {

using forms::Errors;
using forms::Option;
using html::Html;
using nlohmann::json;
using record_forms::date_input;
using record_forms::need_date;

constexpr const char* kReason = "statutory work";
constexpr const char* kConflict = "Someone else changed this record while you were editing: your changes are below, check and save again";

store::WriteContext write_ctx(Ctx& c) { return {c.app.audit(), c.viewer().username, kReason}; }

// Where the child's SEND, transition and care plan stand: what the forms act on.
struct SendState {
  Id person_id = 0;
  casework::SendStatus send;
  casework::TransitionStatus transition;
  std::optional<Id> cla_period_id;
};

Result<SendState> load_state(Ctx& c, Id person) {
  SendState st;
  auto send = casework::send_status(c.db, person);
  if (!send) return send.status();
  auto tr = casework::transition_status(c.db, person, c.app.today());
  if (!tr) return tr.status();
  auto stat = casework::statutory_state(c.db, person);
  if (!stat) return stat.status();
  st.person_id = person, st.send = std::move(*send), st.transition = std::move(*tr), st.cla_period_id = stat->cla_period_id;
  return st;
}

// An optional date: blank is none.
Result<std::optional<Date>> maybe_date(Ctx& c, const std::string& name) {
  if (c.req.param(name).empty()) return std::optional<Date>();
  auto d = need_date(c, name);
  if (!d) return d.status();
  return std::optional<Date>(*d);
}

// The version the person started from, of the record the form changes now (record: 0 when there is
// none yet, e.g. the first transition plan). A missing, malformed or other record's version (a form
// from before, or one tampered with) is a conflict, as in pages_statutory.cpp: nothing is saved unseen.
Result<std::int64_t> seen_version(Ctx& c, Id record) {
  auto v = forms::posted_version(c.req.param("version"));
  if (!v || v->id != record) return casework::changed_since_opened("this record");
  return v->version;
}

// The version the form carries ("<id>:<version>", forms::version_field): what was posted while the user
// corrects a mistake (so a save over someone else's is still caught), else the record as it is now.
Html version_field(Ctx& c, const casework::SeenVersion& current, bool keep_posted) {
  if (keep_posted && forms::posted_version(c.req.param("version"))) return forms::version_field(*forms::posted_version(c.req.param("version")));
  return forms::version_field(current);
}

Html disability_checkboxes(Ctx& c, const SendState& st, const Errors& e) {
  Html items;
  bool first = true;
  for (const auto& d : kCodeList<Disability>) {
    std::string name = "disability_" + std::string(d.code);
    std::string id = first ? "disabilities" : "disability-" + std::string(d.code);
    first = false;
    bool checked = c.req.method == "GET" ? std::find(st.send.disabilities.begin(), st.send.disabilities.end(), d.code) != st.send.disabilities.end()
                                         : c.req.param(name) == "1";
    items += Html::raw(fmt::format("<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"{}\" name=\"{}\" "
                                   "type=\"checkbox\" value=\"1\"{}><label class=\"govuk-label govuk-checkboxes__label\" for=\"{}\">{}: {}</label></div>",
                                   html::escape(id), html::escape(name), checked ? " checked" : "", html::escape(id), html::escape(d.code),
                                   html::escape(d.meaning)));
  }
  bool bad = !html::field_error(e, "disabilities").empty();
  return Html::raw(fmt::format("<div class=\"govuk-form-group{}\"><fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend "
                               "govuk-fieldset__legend--s\">Disabilities (CIN census codes)</legend>",
                               bad ? " govuk-form-group--error" : "")) +
         html::field_error(e, "disabilities") +
         Html::raw("<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">") + items +
         Html::raw("</div></fieldset></div>");
}

std::vector<std::string> chosen_disabilities(Ctx& c) {
  std::vector<std::string> out;
  for (const auto& d : kCodeList<Disability>)
    if (c.req.param("disability_" + std::string(d.code)) == "1") out.emplace_back(d.code);
  return out;
}

// A form field's current value: what was posted, else the record's value on a fresh form.
std::string value_or(Ctx& c, const char* name, const std::string& recorded) {
  return c.req.method == "GET" && c.req.param(name).empty() ? recorded : c.req.param(name);
}
std::string iso_or_empty(const std::optional<Date>& d) { return d ? d->iso() : ""; }

struct FormDef {
  const char* slug;
  const char* title;
  const char* button;
  const char* saved;
  std::function<bool(const SendState&)> available;
  // keep_posted: re-rendering after a mistake (keep the posted version field).
  std::function<Html(Ctx&, const SendState&, const Errors&, bool keep_posted)> fields;
  std::function<Status(Ctx&, Id person, const SendState&)> submit;
};

const std::vector<Option> kAdultServices = {{"", "Choose the adult service"},
                                            {"adult_social_care", "Adult social care"},
                                            {"learning_disability", "Learning disability service"},
                                            {"mental_health", "Adult mental health service"},
                                            {"continuing_health_care", "NHS continuing healthcare"},
                                            {"leaving_care", "Leaving care service (to 25)"}};

std::vector<FormDef> make_forms() {
  using S = SendState;
  std::vector<FormDef> f;
  f.push_back({"send-needs", "Record special educational needs and disabilities", "Save", "The child's SEND details have been saved.",
               [](const S&) { return true; },
               [](Ctx& c, const S& s, const Errors& e, bool keep) {
                 std::string support = value_or(c, "sen_support", s.send.sen_support_since ? "yes" : "no");
                 return disability_checkboxes(c, s, e) +
                        forms::radios("sen_support", "Does the child have SEN support at school?", {{"yes", "Yes"}, {"no", "No"}}, support, e,
                                      "SEN support without an EHC plan; a plan is recorded on its own form") +
                        forms::input("sen_support_since", "SEN support since", value_or(c, "sen_support_since", iso_or_empty(s.send.sen_support_since)),
                                     e, "Needed when the child has SEN support. For example, 2024-09-04", "10", "date") +
                        version_field(c, {s.person_id, s.send.person_version}, keep);
               },
               [](Ctx& c, Id person, const S&) -> Status {
                 auto v = seen_version(c, person);
                 if (!v) return v.status();
                 std::string support = c.req.param("sen_support");
                 if (support != "yes" && support != "no") return Status::invalid("sen_support: say whether the child has SEN support");
                 casework::SendNeeds needs{chosen_disabilities(c), std::nullopt};
                 if (support == "yes") {
                   auto d = need_date(c, "sen_support_since");
                   if (!d) return d.status();
                   needs.sen_support_since = *d;
                 }
                 return casework::record_send_needs(c.db, write_ctx(c), person, needs, *v, c.app.today());
               }});
  f.push_back({"ehcp-request", "Record a request for an EHC needs assessment", "Record request",
               "The request for an EHC needs assessment has been recorded.", [](const S& s) { return !s.send.ehcp_id; },
               [](Ctx& c, const S&, const Errors& e, bool) { return date_input(c, "request_date", "Date of the request", e); },
               [](Ctx& c, Id person, const S&) -> Status {
                 auto d = need_date(c, "request_date");
                 if (!d) return d.status();
                 return casework::request_ehc_assessment(c.db, write_ctx(c), person, *d).status();
               }});
  f.push_back({"ehcp-plan", "Record the EHC plan issued", "Record plan", "The EHC plan has been recorded.",
               [](const S& s) { return s.send.ehcp_id && !s.send.plan_issued; },
               [](Ctx& c, const S& s, const Errors& e, bool keep) {
                 return date_input(c, "plan_date", "Date the final EHC plan was issued", e) +
                        version_field(c, {s.send.ehcp_id.value_or(0), s.send.ehcp_version}, keep);
               },
               [](Ctx& c, Id, const S& s) -> Status {
                 auto d = need_date(c, "plan_date");
                 if (!d) return d.status();
                 auto v = seen_version(c, s.send.ehcp_id.value_or(0));
                 if (!v) return v.status();
                 return casework::issue_ehc_plan(c.db, write_ctx(c), *s.send.ehcp_id, *d, *v);
               }});
  f.push_back({"ehcp-review", "Record an EHC plan annual review", "Record review", "The annual review has been recorded.",
               [](const S& s) { return s.send.plan_issued.has_value(); },
               [](Ctx& c, const S&, const Errors& e, bool) {
                 return date_input(c, "review_date", "Date of the annual review", e) +
                        forms::radios("review_outcome", "Outcome of the review",
                                      {{"continue", "Keep the plan as it is"}, {"amend", "Amend the plan"}, {"cease", "Cease the plan"}},
                                      c.req.param("review_outcome"), e);
               },
               [](Ctx& c, Id, const S& s) -> Status {
                 auto d = need_date(c, "review_date");
                 if (!d) return d.status();
                 return casework::record_ehcp_review(c.db, write_ctx(c), *s.send.ehcp_id, *d, c.req.param("review_outcome")).status();
               }});
  f.push_back({"ehcp-end", "End the EHC plan or request", "End", "The EHC plan or request has ended.",
               [](const S& s) { return s.send.ehcp_id.has_value(); },
               [](Ctx& c, const S& s, const Errors& e, bool keep) {
                 return date_input(c, "end_date", "Date it ended", e) +
                        forms::radios("end_reason", "Why did it end?",
                                      {{"needs_met", "Needs met: the plan is no longer needed"}, {"moved_away", "Moved to another council"},
                                       {"left_education", "Left education or training"}, {"not_issued", "No plan was issued"}, {"other", "Another reason"}},
                                      c.req.param("end_reason"), e) +
                        version_field(c, {s.send.ehcp_id.value_or(0), s.send.ehcp_version}, keep);
               },
               [](Ctx& c, Id, const S& s) -> Status {
                 auto d = need_date(c, "end_date");
                 if (!d) return d.status();
                 auto v = seen_version(c, s.send.ehcp_id.value_or(0));
                 if (!v) return v.status();
                 return casework::end_ehc_plan(c.db, write_ctx(c), *s.send.ehcp_id, *d, c.req.param("end_reason"), *v);
               }});
  f.push_back({"transition", "Transition to adult services", "Save transition plan", "The transition plan has been saved.",
               [](const S& s) { return s.transition.needed || s.transition.plan_id.has_value(); },
               [](Ctx& c, const S& s, const Errors& e, bool keep) {
                 const casework::TransitionInput& p = s.transition.plan;
                 return forms::input("referral_date", "Date of the referral to adult services", value_or(c, "referral_date", iso_or_empty(p.referral_date)),
                                     e, "Leave blank until the referral is made", "10", "date") +
                        forms::select("adult_service", "Adult service", kAdultServices, value_or(c, "adult_service", p.adult_service), e) +
                        forms::input("plan_date", "Date the transition plan was agreed", value_or(c, "plan_date", iso_or_empty(p.plan_date)), e,
                                     "With the young person and, where they wish, their parents. Leave blank until agreed", "10", "date") +
                        forms::radios("outcome", "Outcome",
                                      {{"in_progress", "In progress"}, {"eligible", "Eligible for adult services: support from 18"},
                                       {"not_eligible", "Not eligible: signposted to other support"}, {"declined", "The young person declined"},
                                       {"staying_with_childrens", "Staying with the leaving care service"}},
                                      value_or(c, "outcome", p.outcome.empty() ? "in_progress" : p.outcome), e) +
                        version_field(c, {s.transition.plan_id.value_or(0), s.transition.version}, keep);
               },
               [](Ctx& c, Id person, const S& s) -> Status {
                 auto referral = maybe_date(c, "referral_date");
                 if (!referral) return referral.status();
                 auto plan = maybe_date(c, "plan_date");
                 if (!plan) return plan.status();
                 auto v = seen_version(c, s.transition.plan_id.value_or(0));
                 if (!v) return v.status();
                 return casework::record_transition(c.db, write_ctx(c), person,
                                                    {*referral, c.req.param("adult_service"), *plan, c.req.param("outcome")}, *v)
                     .status();
               }});
  f.push_back({"cla-plan", "Record the care plan", "Send for authorisation", "The care plan has been sent to a manager for authorisation.",
               [](const S& s) { return s.cla_period_id.has_value(); },
               [](Ctx& c, const S&, const Errors& e, bool) {
                 return date_input(c, "plan_date", "Date of the care plan", e) +
                        forms::radios("permanence", "Plan for permanence",
                                      {{"return_home", "Return home"}, {"kinship", "Living with family or friends (kinship)"},
                                       {"long_term_fostering", "Long-term fostering"}, {"adoption", "Adoption"},
                                       {"special_guardianship", "Special guardianship"}, {"residential", "Residential care"},
                                       {"independence", "Preparing for independence"}},
                                      c.req.param("permanence"), e);
               },
               [](Ctx& c, Id, const S& s) -> Status {
                 auto d = need_date(c, "plan_date");
                 if (!d) return d.status();
                 return casework::record_cla_care_plan(c.db, write_ctx(c), *s.cla_period_id, *d, c.req.param("permanence")).status();
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

Result<std::string> open_child(Ctx& c, Id person) { return record_forms::open_child(c, person, kReason); }

Response form_page(Ctx& c, Id person, const std::string& name, const FormDef& f, const SendState& st, int status, const Errors& errors,
                   bool keep_posted) {
  std::string href = "/children/" + std::to_string(person);
  Html main = html::error_summary(errors) + html::heading(f.title, name);
  main += forms::form_start(href + "/statutory/" + f.slug, c.session.csrf_token) + f.fields(c, st, errors, keep_posted) + forms::form_end(f.button);
  main += html::paragraph(html::link(href, "Back to " + name + "'s record"));
  return html_response(status, chrome_for(c.session, forms::title_with(errors, f.title + std::string(" – ") + name)), main);
}

using record_forms::error_on_form;

// GET and POST /children/{id}/statutory/{send form}
Response send_form(Ctx& c) {
  auto person = parse_id(c.req.captures.at(0));
  const FormDef* f = find_form(c.req.captures.at(1));
  if (!person || !f) return error_page(404, &c.session);
  auto name = open_child(c, *person);
  if (!name) return failure_page(name.status(), &c.session);
  auto st = load_state(c, *person);
  if (!st) return failure_page(st.status(), &c.session);
  if (!f->available(*st))
    return error_page(409, &c.session, std::string(f->title) + " does not fit where the child's record is now: go back to the record.");
  if (c.req.method == "GET") return form_page(c, *person, *name, *f, *st, 200, {}, false);
  Status s = f->submit(c, *person, *st);
  if (s.code() == Status::Code::kInvalid)
    return form_page(c, *person, *name, *f, *st, 400, {error_on_form(s.message(), f->fields(c, *st, {}, true))}, true);
  if (s.code() == Status::Code::kConflict) {
    // The record as it is now, the typed values kept, and the current version so a check-and-save goes through.
    auto now = load_state(c, *person);
    if (!now) return failure_page(now.status(), &c.session);
    html::FieldError e = error_on_form("", f->fields(c, *now, {}, false));  // on the form's first field
    return form_page(c, *person, *name, *f, *now, 409, {{e.field, kConflict}}, false);
  }
  if (!s) return failure_page(s, &c.session);
  return Response::redirect("/children/" + std::to_string(*person) + "?saved=" + f->slug + "#send");
}

// JSON ------------------------------------------------------------------------------------

json opt_date(const std::optional<Date>& d) { return d ? json(d->iso()) : json(nullptr); }

std::string_view approval_key(casework::PlanApproval a) {
  switch (a) {
    case casework::PlanApproval::kAwaiting: return "awaiting_authorisation";
    case casework::PlanApproval::kReturned: return "returned";
    case casework::PlanApproval::kAuthorised: return "authorised";
    case casework::PlanApproval::kNone: break;
  }
  return "none";
}

json leaving_care_json(const casework::LeavingCareStatus& l) {
  return {{"eligibility", l.code.empty() ? json(nullptr) : json(l.code)}, {"label", l.label}, {"days_since_14", l.days_since_14},
          {"looked_after_now", l.looked_after_now}, {"why", l.why}};
}

// The open period of care as the care-end form names it back ("version": "<id>:<version>"); null when none.
Result<json> cla_period_json(Ctx& c, const std::optional<Id>& period) {
  if (!period) return json(nullptr);
  auto v = casework::version_of(c.db, "cla_period", *period);
  if (!v) return v.status();
  return json{{"id", *period}, {"version", casework::SeenVersion{*period, *v}.text()}};
}

json plan_json(const casework::PlanStatus& p) {
  return {{"plan_date", opt_date(p.plan_date)}, {"detail", p.detail}, {"approval", approval_key(p.approval)},
          {"authorised_on", opt_date(p.authorised_on)}, {"counted_date", opt_date(p.counted_date)}};
}

// GET /api/v1/children/{id}/send
Response api_send(Ctx& c) {
  auto person = parse_id(c.req.captures.at(0));
  if (!person) return json_error(404, "No such child");
  auto name = open_child(c, *person);
  if (!name) return json_failure(name.status());
  auto st = load_state(c, *person);
  if (!st) return json_failure(st.status());
  auto cla = casework::cla_care_plan_status(c.db, *person);
  if (!cla) return json_failure(cla.status());
  auto pathway = casework::pathway_plan_status(c.db, *person);
  if (!pathway) return json_failure(pathway.status());
  auto leaving = casework::leaving_care_status(c.db, *person, c.app.today());
  if (!leaving) return json_failure(leaving.status());
  auto period = cla_period_json(c, st->cla_period_id);
  if (!period) return json_failure(period.status());
  const casework::SendStatus& s = st->send;
  const casework::TransitionStatus& t = st->transition;
  json ehcp = s.ehcp_id ? json{{"id", *s.ehcp_id}, {"version", s.ehcp_version}, {"requested", opt_date(s.requested)},
                               {"plan_issued", opt_date(s.plan_issued)}, {"last_review", opt_date(s.last_review)},
                               {"next_review_due", opt_date(s.next_review_due)}}
                        : json(nullptr);
  json transition = {{"needed", t.needed}, {"why", t.why}, {"version", t.version}, {"referral_date", opt_date(t.plan.referral_date)},
                     {"adult_service", t.plan.adult_service.empty() ? json(nullptr) : json(t.plan.adult_service)},
                     {"plan_date", opt_date(t.plan.plan_date)}, {"outcome", t.plan.outcome.empty() ? json(nullptr) : json(t.plan.outcome)},
                     {"start_by", opt_date(t.start_by)}, {"in_place_by", opt_date(t.in_place_by)}, {"overdue", t.overdue}, {"label", t.label}};
  return json_response(200, {{"send", {{"label", s.label}, {"disabilities", s.disabilities}, {"person_version", s.person_version},
                                       {"sen_support_since", opt_date(s.sen_support_since)}, {"ehcp", ehcp}}},
                             {"transition", transition},
                             {"care_plan", plan_json(*cla)},
                             {"pathway_plan", plan_json(*pathway)},
                             {"cla_period", *period},
                             {"leaving_care", leaving_care_json(*leaving)}});
}

// POST /api/v1/children/{id}/statutory/{form}: the form's fields as a JSON object of strings
// (checkboxes "1", "version" as "<id>:<version>"); 201 when saved, 400 naming the field, 409 on someone
// else's save or a form that does not fit the record. The other statutory forms (pages_statutory.cpp)
// answer the same way; 404 for a slug that is no form.
Response api_submit(Ctx& c) {
  auto person = parse_id(c.req.captures.at(0));
  if (!person) return json_error(404, "No such child or form");
  const FormDef* f = find_form(c.req.captures.at(1));
  if (!f && !statutory_form_exists(c.req.captures.at(1))) return json_error(404, "No such child or form");
  return record_forms::with_json_fields(c, [&](Ctx& api) -> Response {
    if (!f) return statutory_form_api(api, *person, api.req.captures.at(1));
    auto name = open_child(api, *person);
    if (!name) return json_failure(name.status());
    auto st = load_state(api, *person);
    if (!st) return json_failure(st.status());
    if (!f->available(*st)) return json_error(409, std::string(f->title) + " does not fit where the child's record is now");
    return record_forms::json_saved(f->submit(api, *person, *st), f->slug, kConflict);
  });
}

std::string slug_pattern() {
  std::string alt;
  for (const FormDef& f : all_forms()) alt += (alt.empty() ? "" : "|") + std::string(f.slug);
  return "(" + alt + ")";
}

Html tagged(const std::string& text, bool overdue) {
  Html out = html::text(text);
  if (overdue) out += Html::raw(" ") + html::tag("Overdue", html::Colour::kRed);
  return out;
}

}  // namespace

// The child's record: "Special educational needs, transition and plans" ----------------------

Result<Html> send_section(Ctx& c, Id person) {
  // load_state's reads, with the open period of care from the child record's one query
  // for the open records (casework::add_open_records) instead of statutory_state's eight,
  // and the plans and leaving care status: one batch, one round trip to a database server.
  SendState state;
  casework::StatutoryState open;
  casework::PlanStatus cla, pathway;
  casework::LeavingCareStatus leaving;
  store::Batch batch(c.db);
  casework::add_send_status(batch, person, state.send);
  casework::add_transition_status(batch, person, c.app.today(), state.transition);
  casework::add_open_records(batch, person, open);
  casework::add_cla_care_plan_status(batch, person, cla);
  casework::add_pathway_plan_status(batch, person, pathway);
  casework::add_leaving_care_status(batch, person, c.app.today(), leaving);
  KITH_RETURN_IF_ERROR(batch.run());
  state.person_id = person, state.cla_period_id = open.cla_period_id;
  std::string disabilities;
  for (const std::string& d : state.send.disabilities) {
    auto code = from_code<Disability>(d);
    disabilities += (disabilities.empty() ? "" : ", ") + (code ? std::string(meaning(*code)) + " (" + d + ")" : d);
  }
  std::vector<html::SummaryRow> rows = {{"Special educational needs", html::text(state.send.label)},
                                        {"Disabilities", html::text(disabilities.empty() ? "None recorded" : disabilities)}};
  if (state.transition.needed || state.transition.plan_id)
    rows.push_back({"Transition to adult services", tagged(state.transition.label, state.transition.overdue)});
  if (state.cla_period_id) rows.push_back({"Care plan", html::text(cla.label.empty() ? "None recorded" : cla.label + ": " + cla.detail)});
  if (pathway.plan_date) rows.push_back({"Pathway plan", html::text(pathway.label)});
  // Worked out from the periods of care (care_leaving.h), shown once it can matter: from 14 in care, or a care leaver.
  if (leaving.status != casework::LeavingCare::kNone || leaving.days_since_14 > 0 || pathway.plan_date)
    rows.push_back({"Leaving care eligibility", html::text(leaving.label + ". " + leaving.why)});
  Html out = html::section_heading("Special educational needs, transition and plans", "send");
  for (const FormDef& f : all_forms())
    if (c.req.param("saved") == f.slug) out = html::notification("Success", f.saved, true) + out;
  out += html::summary_list(rows);
  if (!casework::may_record_statutory_work(c.viewer().role)) return out;
  Html items;
  for (const FormDef& f : all_forms())
    if (f.available(state))
      items += Html::raw("<li>") + html::link(fmt::format("/children/{}/statutory/{}", person, f.slug), f.title) + Html::raw("</li>");
  return out + Html::raw("<ul class=\"govuk-list\">") + items + Html::raw("</ul>");
}

std::vector<Route> send_routes() {
  std::string forms = slug_pattern();
  return {
      {"GET", R"(/children/(\d+)/statutory/)" + forms, signed_in_page(send_form)},
      {"POST", R"(/children/(\d+)/statutory/)" + forms, signed_in_page(send_form)},
      {"GET", R"(/api/v1/children/(\d+)/send)", signed_in_api(api_send)},
      // Any slug, so an unknown form is a JSON 404 (and a missing CSRF header a 403) rather than the HTML 404.
      {"POST", R"(/api/v1/children/(\d+)/statutory/([a-z0-9-]+))", signed_in_api(api_submit)},
  };
}

}  // namespace kith::web
