// The front door (contacts, the conversation and decision, routing) and a
// family's early help record (plan, team around the family, reviews, step
// up and step down). Every form re-renders with what was typed and a GOV.UK
// error summary when something needs correcting; every POST carries the
// session's CSRF token (signed_in_page checks it) and every write is audited
// by the casework functions.
#include <fmt/format.h>

#include <map>

#include "casework/chronology.h"
#include "casework/directory.h"
#include "casework/early_help.h"
#include "casework/front_door.h"
#include "casework/routing.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/responses.h"
#include "web/views.h"

namespace kith::web {
namespace {

using forms::Errors;
using forms::Option;
using html::Html;

constexpr const char* kReason = "front door";

store::WriteContext write_ctx(Ctx& c, std::string reason = kReason) { return {c.app.audit(), c.viewer().username, std::move(reason)}; }

Response not_front_door(Ctx& c) {
  return error_page(403, &c.session,
                    "The front door is for the council's practitioners and managers. Partners get in touch with the front door "
                    "by phone or the partner referral route.");
}

Errors to_errors(const std::vector<casework::FieldProblem>& problems) {
  Errors out;
  for (const auto& p : problems) out.push_back({p.field, p.message});
  return out;
}

std::optional<Id> optional_id(const std::string& text) { return text.empty() ? std::nullopt : parse_id(text); }

std::optional<Date> optional_date(const std::string& text) { return text.empty() ? std::nullopt : Date::parse_iso(text); }

std::string minutes_text(std::optional<long> m) {
  if (!m) return "";
  if (*m < 60) return fmt::format("{} min", *m);
  return fmt::format("{} h {} min", *m / 60, *m % 60);
}

// Front door pages ---------------------------------------------------------

std::vector<Option> source_options() {
  std::vector<Option> out;
  for (auto s : casework::kContactSources) out.push_back({std::string(s), std::string(casework::source_label(s))});
  return out;
}

Result<std::vector<Option>> school_options(store::Database& db) {
  std::vector<Option> out{{"", "Not known or not at school"}};
  KITH_RETURN_IF_ERROR(db.run("SELECT id, name FROM school ORDER BY name, id", {},
                              [&](const store::Statement& s) { out.push_back({std::to_string(s.int64(0)), s.text(1)}); }));
  return out;
}

Html contact_form(Ctx& c, const Errors& e, const std::vector<Option>& schools) {
  const Request& r = c.req;
  Html f = html::section_heading("Record a new contact", "new-contact") + forms::form_start("/front-door/contacts", c.session.csrf_token);
  f += forms::radios("source", "Who got in touch?", source_options(), r.param("source"), e);
  f += forms::input("referrer_name", "Name of the person who got in touch", r.param("referrer_name"), e, "Leave blank only for an anonymous contact");
  f += forms::input("referrer_organisation", "Their organisation or relationship to the child", r.param("referrer_organisation"), e);
  f += Html::raw("<h3 class=\"govuk-heading-s\">The child</h3>");
  f += forms::input("person_id", "Record number, if the child is already known", r.param("person_id"), e,
                    "Leave blank to record a child new to the council", "10");
  f += forms::input("forename", "First name", r.param("forename"), e, {}, "20");
  f += forms::input("surname", "Last name", r.param("surname"), e, {}, "20");
  f += forms::input("birth_date", "Date of birth", r.param("birth_date"), e, "For example, 2016-05-01. Leave blank if not known", "10", "date");
  f += forms::radios("sex", "Sex", {{"F", "Female"}, {"M", "Male"}, {"U", "Not known"}}, r.param("sex"), e);
  f += forms::input("postcode", "Postcode where the child lives", r.param("postcode"), e, "For example, AB1 2CD", "10");
  f += forms::select("school_id", "School", schools, r.param("school_id"), e);
  return f + forms::form_end("Record contact");
}

Html contacts_table(const std::vector<casework::ContactView>& contacts) {
  if (contacts.empty()) return html::section_heading("Today's contacts") + html::paragraph("No contacts have been recorded today.");
  html::Table t{.caption = "Today's contacts", .headers = {"Child", "From", "Decision", "Contact to decision"}, .id = "todays-contacts"};
  for (const auto& v : contacts)
    t.rows.push_back({html::link("/front-door/contacts/" + std::to_string(v.id), v.child_name), html::text(casework::source_label(v.source)),
                      v.decision.empty() ? html::tag("Awaiting decision", html::Colour::kYellow)
                                         : html::text(casework::decision_label(v.decision)),
                      html::text(minutes_text(v.minutes_to_decision))});
  return html::table(t);
}

Html counts_list(const casework::FrontDoorCounts& n) {
  return html::section_heading("The last 28 days") +
         html::summary_list({{"Contacts", html::text(std::to_string(n.contacts))},
                             {"Decided", html::text(std::to_string(n.decided))},
                             {"Alternatives to referral", html::text(std::to_string(n.alternatives_to_referral))},
                             {"Referrals and strategy discussions", html::text(std::to_string(n.referrals))},
                             {"Median time from contact to decision", html::text(minutes_text(n.median_minutes_to_decision))}});
}

Response front_door_page(Ctx& c, int status, const Errors& errors) {
  if (!casework::may_use_front_door(c.viewer().role)) return not_front_door(c);
  auto schools = school_options(c.db);
  if (!schools) return failure_page(schools.status(), &c.session);
  auto today = casework::contacts_on(c.db, c.app.today());
  if (!today) return failure_page(today.status(), &c.session);
  auto counts = casework::front_door_counts(c.db, c.app.today().plus_days(-27), c.app.today());
  if (!counts) return failure_page(counts.status(), &c.session);
  Html main = html::error_summary(errors) + html::heading("Front door", "Contacts, conversations and decisions");
  main += Html::raw("<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">") + contact_form(c, errors, *schools) +
          Html::raw("</div><div class=\"govuk-grid-column-one-third\">") + counts_list(*counts) + Html::raw("</div></div>");
  main += contacts_table(*today);
  main += html::paragraph(html::link("/directory", "Family hubs and services directory"));
  return html_response(status, chrome_for(c.session, forms::title_with(errors, "Front door"), "/front-door"), main);
}

Response show_front_door(Ctx& c) { return front_door_page(c, 200, {}); }

Response submit_contact(Ctx& c) {
  if (!casework::may_use_front_door(c.viewer().role)) return not_front_door(c);
  const Request& r = c.req;
  casework::NewContact n;
  Errors errors;
  if (!r.param("person_id").empty()) {
    n.person_id = parse_id(r.param("person_id"));
    if (!n.person_id) errors.push_back({"person_id", "Enter the record number in digits, like 42"});
  }
  n.new_child = {r.param("forename"), r.param("surname"), r.param("birth_date"), r.param("sex"), r.param("postcode"),
                 optional_id(r.param("school_id"))};
  n.source = r.param("source");
  n.referrer_name = r.param("referrer_name");
  n.referrer_organisation = r.param("referrer_organisation");
  n.contact_date = c.app.today();
  n.received_at = casework::utc_now();
  n.worker_id = c.viewer().worker_id;
  if (errors.empty()) errors = to_errors(casework::check_contact(c.db, n));
  if (!errors.empty()) return front_door_page(c, 400, errors);
  auto recorded = casework::record_contact(c.db, write_ctx(c), n);
  if (!recorded) return failure_page(recorded.status(), &c.session);
  return Response::redirect("/front-door/contacts/" + std::to_string(recorded->contact_id));
}

// One contact: routing, then the decision form or the decision made ----------

Html routing_section(Ctx& c, const std::vector<casework::RoutingRecord>& history) {
  Html out = html::section_heading("Routing", "routing");
  if (history.empty()) return out + html::paragraph("No routing has been suggested for this family.");
  const auto& now = history.back();
  std::string basis = now.basis == "postcode"            ? "Suggested from the family's postcode"
                      : now.basis == "postcode_district" ? "Suggested from the family's postcode district"
                      : now.basis == "school"            ? "Suggested from the child's school and its learning community"
                      : now.basis == "manager"           ? "Reassigned by " + now.recorded_by + ": " + now.reason
                                                         : "No locality could be suggested: reassign the family";
  out += html::summary_list({{"Locality", html::text(now.locality)},
                             {"Family hub", html::text(now.family_hub)},
                             {"Team", html::text(now.team)},
                             {"Basis", html::text(basis)}});
  if (history.size() > 1) {
    html::Table t{.caption = "Routing history", .headers = {"Date", "Locality", "Hub", "Team", "By", "Reason"}, .id = "routing-history"};
    for (const auto& h : history)
      t.rows.push_back({html::text(h.recorded_on.display()), html::text(h.locality), html::text(h.family_hub), html::text(h.team),
                        html::text(h.recorded_by), html::text(h.reason)});
    out += html::table(t);
  }
  (void)c;
  return out;
}

Result<Html> reassign_form(Ctx& c, Id contact_id, const casework::RoutingRecord* now, const Errors& e) {
  std::vector<Option> localities{{"", "Choose a locality"}}, hubs{{"", "No hub"}}, teams{{"", "No team"}};
  KITH_RETURN_IF_ERROR(c.db.run("SELECT id, name FROM locality ORDER BY name", {},
                                [&](const store::Statement& s) { localities.push_back({std::to_string(s.int64(0)), s.text(1)}); }));
  KITH_RETURN_IF_ERROR(c.db.run("SELECT h.id, h.name || ' (' || l.name || ')' FROM family_hub h JOIN locality l ON l.id = h.locality_id ORDER BY l.name, h.name", {},
                                [&](const store::Statement& s) { hubs.push_back({std::to_string(s.int64(0)), s.text(1)}); }));
  KITH_RETURN_IF_ERROR(c.db.run("SELECT id, name FROM team ORDER BY name", {},
                                [&](const store::Statement& s) { teams.push_back({std::to_string(s.int64(0)), s.text(1)}); }));
  auto pick = [&](const char* name, std::optional<Id> current) {
    if (!c.req.param(name).empty() || c.req.method == "POST") return c.req.param(name);
    return current ? std::to_string(*current) : std::string();
  };
  Html f = html::section_heading("Reassign the family", "reassign") +
           forms::form_start("/front-door/contacts/" + std::to_string(contact_id) + "/routing", c.session.csrf_token);
  f += forms::select("locality_id", "Locality", localities, pick("locality_id", now ? now->locality_id : std::nullopt), e);
  f += forms::select("family_hub_id", "Family hub", hubs, pick("family_hub_id", now ? now->family_hub_id : std::nullopt), e);
  f += forms::select("team_id", "Team", teams, pick("team_id", now ? now->team_id : std::nullopt), e);
  f += forms::textarea("routing_reason", "Why is the family being routed differently?", c.req.param("routing_reason"), e);
  return f + forms::form_end("Reassign", true);
}

Result<std::vector<Option>> signpost_options(Ctx& c, const casework::ContactView& v) {
  std::string postcode;
  KITH_RETURN_IF_ERROR(c.db.run("SELECT a.postcode FROM person p JOIN address a ON a.id = p.address_id WHERE p.id = ?", {v.person_id},
                                [&](const store::Statement& s) { postcode = s.text(0); }));
  auto found = casework::search_directory(c.db, {"", postcode});
  if (!found) return found.status();
  std::vector<Option> out{{"", "Choose a family hub or service"}};
  for (const auto& s : found->services)
    out.push_back({std::to_string(s.id), s.name + (s.distance_miles ? fmt::format(" ({:.1f} miles)", *s.distance_miles) : "")});
  return out;
}

std::vector<Option> agency_options() {
  std::vector<Option> out{{"", "Choose an agency"}};
  for (auto a : casework::kPartnerAgencies) out.push_back({std::string(a), std::string(casework::agency_label(a))});
  return out;
}

// The decision form's fields, filled with what was typed.
Result<Html> decision_fields(Ctx& c, const casework::ContactView& v, const Errors& e) {
  const Request& r = c.req;
  auto signposts = signpost_options(c, v);
  if (!signposts) return signposts.status();
  Html f = forms::textarea("needs", "What does the family need, in their words?", r.param("needs"), e);
  f += forms::input("best_placed", "Who is best placed to help?", r.param("best_placed"), e);
  f += forms::input("referrer_next_step", "What will the referrer do next?", r.param("referrer_next_step"), e,
                    "The referrer keeps ownership of what they agreed to do");
  f += forms::checkbox("referrer_keeps_lead", "The referrer keeps the lead with the family", r.param("referrer_keeps_lead") == "1");
  f += forms::checkbox("advice_given", "Advice was given to the referrer", r.param("advice_given") == "1");
  f += Html::raw("<h3 class=\"govuk-heading-s\">Partner checks (MASH)</h3>");
  for (int i = 1; i <= 3; ++i) {
    std::string n = std::to_string(i);
    f += forms::select("check_agency_" + n, "Partner check " + n + ": agency", agency_options(), r.param("check_agency_" + n), e);
    f += forms::input("check_finding_" + n, "Partner check " + n + ": what they hold", r.param("check_finding_" + n), e);
  }
  std::vector<Option> decisions;
  for (auto d : casework::kDecisions) decisions.push_back({std::string(d), std::string(casework::decision_label(d))});
  f += forms::radios("decision", "Decision", decisions, r.param("decision"), e);
  f += forms::select("signpost_service_id", "Signpost to (for a signpost)", *signposts, r.param("signpost_service_id"), e,
                     "Nearest to the family first");
  f += forms::textarea("reason", "Reason for the decision", r.param("reason"), e,
                       "Required for a referral or a strategy discussion");
  return f;
}

// The decision form, carrying the contact's version as it is now (forms.h, optimistic concurrency).
Result<Html> decision_form(Ctx& c, const casework::ContactView& v, const Errors& e) {
  auto fields = decision_fields(c, v, e);
  if (!fields) return fields.status();
  return html::section_heading("Conversation and decision", "decision") +
         forms::form_start("/front-door/contacts/" + std::to_string(v.id) + "/decision", c.session.csrf_token) +
         forms::version_field({v.id, v.version}) + *fields + forms::form_end("Save decision");
}

// The contact as saved now, for the conflict panel.
std::vector<html::SummaryRow> contact_as_saved(const casework::ContactView& v) {
  return {{"Decision", html::text(v.decision.empty() ? "Awaiting decision" : std::string(casework::decision_label(v.decision)))},
          {"Decided", html::text(v.decision_date ? v.decision_date->display() : "")},
          {"Reason", html::text(v.decision_reason)},
          {"Needs, in the family's words", html::text(v.needs)},
          {"Saved version", html::text(std::to_string(v.version))}};
}

Html decided_section(const casework::ContactView& v) {
  std::vector<html::SummaryRow> rows{{"Decision", html::text(casework::decision_label(v.decision))},
                                     {"Decided", html::text(v.decision_date ? v.decision_date->display() : "")},
                                     {"Contact to decision", html::text(minutes_text(v.minutes_to_decision))},
                                     {"Reason", html::text(v.decision_reason)},
                                     {"Needs, in the family's words", html::text(v.needs)},
                                     {"Best placed to help", html::text(v.best_placed)},
                                     {"Referrer's next step", html::text(v.referrer_next_step)},
                                     {"Referrer keeps the lead", html::text(v.referrer_keeps_lead ? "Yes" : "No")},
                                     {"Alternative to referral", html::text(v.alternative_to_referral ? "Yes" : "No")}};
  if (v.decision == "signpost") rows.push_back({"Signposted to", html::link("/directory#service-" + std::to_string(*v.signpost_service_id), v.signpost_service)});
  Html out = html::section_heading("Conversation and decision", "decision") + html::summary_list(rows);
  if (!v.checks.empty()) {
    html::Table t{.caption = "Partner checks", .headers = {"Agency", "What they hold"}, .id = "partner-checks"};
    for (const auto& k : v.checks) t.rows.push_back({html::text(casework::agency_label(k.agency)), html::text(k.finding)});
    out += html::table(t);
  }
  return out;
}

struct ContactPageErrors {
  Errors decision, routing;
  bool conflict = false;  // the decision could not be saved: someone else saved the contact first
};

Response contact_page(Ctx& c, Id id, int status, const ContactPageErrors& errors, std::string_view banner = {}) {
  if (!casework::may_use_front_door(c.viewer().role)) return not_front_door(c);
  auto v = casework::load_contact(c.db, id);
  if (!v) return failure_page(v.status(), &c.session);
  std::vector<casework::RoutingRecord> history;
  if (v->family_id) {
    auto h = casework::routing_history(c.db, *v->family_id);
    if (!h) return failure_page(h.status(), &c.session);
    history = std::move(*h);
  }
  Errors all = errors.decision;
  all.insert(all.end(), errors.routing.begin(), errors.routing.end());
  if (errors.conflict) all = {forms::conflict_error()};
  Html main = errors.conflict ? forms::conflict_panel(contact_as_saved(*v)) : html::error_summary(all);
  if (errors.conflict && !v->decision.empty()) {
    // Decided already: the typed decision cannot be saved, but is kept for copying.
    auto kept = decision_fields(c, *v, {});
    if (!kept) return failure_page(kept.status(), &c.session);
    main += forms::kept_changes(*kept);
  } else if (errors.conflict) {
    main += html::paragraph(html::link("#decision", "Your decision is kept in the form below: check it and save again."));
  }
  if (!banner.empty()) main += html::notification("Success", banner, true);
  main += html::heading("Contact about " + v->child_name, "Front door");
  main += html::summary_list({{"Child", html::text(v->child_name + " (record " + std::to_string(v->person_id) + ")")},
                              {"Received", html::text(v->contact_date.display())},
                              {"From", html::text(casework::source_label(v->source))},
                              {"Referrer", html::text(v->referrer_name + (v->referrer_organisation.empty() ? "" : ", " + v->referrer_organisation))}});
  main += routing_section(c, history);
  if (casework::may_reassign(c.viewer().role) && v->family_id) {
    auto form = reassign_form(c, id, history.empty() ? nullptr : &history.back(), errors.routing);
    if (!form) return failure_page(form.status(), &c.session);
    main += *form;
  }
  if (v->decision.empty()) {
    auto form = decision_form(c, *v, errors.decision);
    if (!form) return failure_page(form.status(), &c.session);
    main += *form;
  } else {
    main += decided_section(*v);
  }
  if (v->family_id)
    main += html::paragraph(html::link("/families/" + std::to_string(*v->family_id) + "/early-help", "Open the family's early help record"));
  main += html::paragraph(html::link("/front-door", "Back to the front door"));
  return html_response(status, chrome_for(c.session, forms::title_with(all, "Contact – Front door"), "/front-door"), main);
}

Response show_contact(Ctx& c) {
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  std::string banner = c.req.param("saved") == "decision" ? "The decision has been saved." : c.req.param("saved") == "routing" ? "The family has been reassigned." : "";
  return contact_page(c, *id, 200, {}, banner);
}

Response submit_decision(Ctx& c) {
  if (!casework::may_use_front_door(c.viewer().role)) return not_front_door(c);
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  const Request& r = c.req;
  casework::Decision d;
  d.contact_id = *id;
  d.needs = r.param("needs"), d.best_placed = r.param("best_placed"), d.referrer_next_step = r.param("referrer_next_step");
  d.referrer_keeps_lead = r.param("referrer_keeps_lead") == "1", d.advice_given = r.param("advice_given") == "1";
  for (int i = 1; i <= 3; ++i)
    d.checks.push_back({r.param("check_agency_" + std::to_string(i)), r.param("check_finding_" + std::to_string(i))});
  d.decision = r.param("decision"), d.reason = r.param("reason");
  d.signpost_service_id = optional_id(r.param("signpost_service_id"));
  d.decided_on = c.app.today(), d.decided_at = casework::utc_now();
  // No version, or another contact's, counts as version 0, which never matches: a conflict, nothing saved.
  auto posted = forms::posted_version(r.param("version"));
  d.contact_version = posted && posted->id == *id ? posted->version : 0;
  Errors errors = to_errors(casework::check_decision(c.db, d));
  if (!errors.empty()) return contact_page(c, *id, 400, {errors, {}});
  auto done = casework::decide(c.db, write_ctx(c), d);
  if (done.status().code() == Status::Code::kConflict) return contact_page(c, *id, 409, {{}, {}, true});
  if (!done) {
    if (done.status().code() != Status::Code::kInvalid) return failure_page(done.status(), &c.session);
    return contact_page(c, *id, 400, {{forms::field_error_from(done.status().message(), "decision")}, {}});
  }
  return Response::redirect("/front-door/contacts/" + std::to_string(*id) + "?saved=decision");
}

Response submit_routing(Ctx& c) {
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  if (!casework::may_reassign(c.viewer().role)) return error_page(403, &c.session, "Only team and locality managers can reassign a family.");
  auto v = casework::load_contact(c.db, *id);
  if (!v) return failure_page(v.status(), &c.session);
  if (!v->family_id) return error_page(404, &c.session);
  casework::Reassignment re{*v->family_id, optional_id(c.req.param("locality_id")), optional_id(c.req.param("family_hub_id")),
                            optional_id(c.req.param("team_id")), c.req.param("routing_reason"), c.app.today()};
  auto done = casework::reassign_routing(c.db, write_ctx(c, "routing"), c.viewer(), re);
  if (!done) {
    if (done.status().code() != Status::Code::kInvalid) return failure_page(done.status(), &c.session);
    html::FieldError e = forms::field_error_from(done.status().message(), "routing_reason");
    if (e.field == "reason") e.field = "routing_reason";
    return contact_page(c, *id, 400, {{}, {e}});
  }
  return Response::redirect("/front-door/contacts/" + std::to_string(*id) + "?saved=routing");
}

// The family's early help record ------------------------------------------

struct EarlyHelpErrors {
  Errors e;
  std::string form;  // which form the errors belong to (plan | team | review | step_up | step_down)
  bool conflict = false;  // the form's record changed since it was opened (e holds forms::conflict_error)
};

Html plan_section(Ctx& c, const casework::EarlyHelpRecord& r, const Errors& e) {
  Html out = html::section_heading("Family plan", "plan");
  if (r.plan.empty()) out += html::paragraph("No outcomes have been agreed yet.");
  else {
    html::Table t{.caption = "Outcomes and actions", .headers = {"Outcome", "Action", "Who", "By"}, .id = "plan-table"};
    for (const auto& p : r.plan)
      t.rows.push_back({html::text(p.outcome), html::text(p.action), html::text(p.owner), html::text(p.due_date ? p.due_date->display() : "")});
    out += html::table(t);
  }
  const Request& q = c.req;
  out += forms::form_start("/families/" + std::to_string(r.family_id) + "/early-help/plan", c.session.csrf_token);
  out += forms::input("outcome", "Outcome the family wants", q.param("outcome"), e);
  out += forms::input("action", "Action", q.param("action"), e);
  out += forms::input("owner", "Who will do it", q.param("owner"), e, {}, "20");
  out += forms::input("due_date", "By when", q.param("due_date"), e, "For example, 2025-06-30", "10", "date");
  return out + forms::form_end("Add to the plan", true);
}

Result<Html> team_section(Ctx& c, const casework::EarlyHelpRecord& r, const Errors& e) {
  Html out = html::section_heading("Team around the family", "team");
  out += html::summary_list({{"Lead professional", html::text(r.lead_professional.value_or(""))}});
  if (!r.team.empty()) {
    html::Table t{.caption = "Members", .headers = {"Name", "Agency", "Role", "Since"}, .id = "taf-table"};
    for (const auto& m : r.team)
      t.rows.push_back({html::text(m.name + (m.lead ? " (lead professional)" : "")), html::text(m.agency), html::text(m.role),
                        html::text(m.since.display())});
    out += html::table(t);
    out += html::paragraph(html::link("/families/" + std::to_string(r.family_id) + "/consent", "Consent to share with the team"));  // pages_consent.cpp
  }
  std::vector<Option> workers{{"", "Choose a practitioner"}};
  KITH_RETURN_IF_ERROR(c.db.run("SELECT id, name || ' (' || agency || ', ' || replace(role, '_', ' ') || ')' FROM worker "
                                "WHERE leave_date IS NULL ORDER BY agency, name, id",
                                {}, [&](const store::Statement& s) { workers.push_back({std::to_string(s.int64(0)), s.text(1)}); }));
  out += forms::form_start("/families/" + std::to_string(r.family_id) + "/early-help/team", c.session.csrf_token);
  out += forms::select("worker_id", "Practitioner", workers, c.req.param("worker_id"), e);
  out += forms::checkbox("lead", "Make them the lead professional", c.req.param("lead") == "1");
  out += forms::input("lead_reason", "Why the lead professional is changing", c.req.param("lead_reason"), e,
                      "Needed only when the family already has a lead professional");
  return out + forms::form_end("Add to the team", true);
}

Html review_fields(Ctx& c, const Errors& e) {
  const Request& q = c.req;
  return forms::input("review_date", "Review date", q.param("review_date"), e, "For example, 2025-06-30", "10", "date") +
         forms::textarea("progress", "What has changed for the family?", q.param("progress"), e) +
         forms::radios("review_decision", "What happens next?", {{"continue", "The plan continues"}, {"close", "Needs met: end early help"}},
                       q.param("review_decision"), e) +
         forms::input("next_review_date", "Next review", q.param("next_review_date"), e, "For example, 2025-09-30", "10", "date");
}

// Reviews of the open episode (r.current is set); the form carries the episode's version.
Html reviews_section(Ctx& c, const casework::EarlyHelpRecord& r, const Errors& e) {
  Html out = html::section_heading("Reviews", "reviews");
  if (r.reviews.empty()) out += html::paragraph("No reviews yet.");
  else {
    html::Table t{.caption = "Reviews", .headers = {"Date", "Progress", "Decision", "Next review"}, .id = "reviews-table"};
    for (const auto& v : r.reviews)
      t.rows.push_back({html::text(v.review_date.display()), html::text(v.progress), html::text(v.decision == "close" ? "Close: needs met" : "Continue"),
                        html::text(v.next_review_date ? v.next_review_date->display() : "")});
    out += html::table(t);
  }
  out += forms::form_start("/families/" + std::to_string(r.family_id) + "/early-help/reviews", c.session.csrf_token);
  out += forms::version_field({r.current->id, r.current->version}) + review_fields(c, e);
  return out + forms::form_end("Record review", true);
}

Html step_up_fields(Ctx& c, const casework::EarlyHelpRecord& r, const Errors& e) {
  std::vector<Option> children;
  for (const auto& k : r.children) children.push_back({std::to_string(k.person_id), k.name});
  return forms::radios("step_up_person", "Which child?", children, c.req.param("step_up_person"), e) +
         forms::textarea("step_up_reason", "Why does the child need children's social care?", c.req.param("step_up_reason"), e);
}

// Step-up ends the open episode (r.current is set); the form carries its version.
Html step_up_section(Ctx& c, const casework::EarlyHelpRecord& r, const Errors& e) {
  Html out = html::section_heading("Step up to children's social care", "step-up");
  out += html::paragraph("Stepping up ends early help and opens a referral for the child on the same record: nothing is typed again.");
  out += forms::form_start("/families/" + std::to_string(r.family_id) + "/early-help/step-up", c.session.csrf_token);
  out += forms::version_field({r.current->id, r.current->version}) + step_up_fields(c, r, e);
  return out + forms::form_end("Step up", true);
}

Html step_down_section(Ctx& c, const casework::EarlyHelpRecord& r, const Errors& e) {
  Html out;
  for (const auto& k : r.children) {
    if (!k.open_cin_episode_id) continue;
    if (out.empty()) out = html::section_heading("Step down to early help", "step-down") + html::field_error(e, "cin_episode_id");
    out += forms::form_start("/families/" + std::to_string(r.family_id) + "/early-help/step-down", c.session.csrf_token);
    out += Html::raw(fmt::format("<input type=\"hidden\" name=\"cin_episode_id\" value=\"{}\">", *k.open_cin_episode_id));
    out += forms::version_field({*k.open_cin_episode_id, k.open_cin_episode_version});
    out += html::paragraph(k.name + " has an open child in need episode.");
    out += forms::form_end("Step " + k.name + " down to early help", true);
  }
  return out;
}

Result<Html> chronology_section(Ctx& c, const casework::EarlyHelpRecord& r) {
  Html out = html::section_heading("Chronology", "chronology");
  for (const auto& k : r.children) {
    auto entries = casework::load_chronology(c.db, k.person_id, r.family_id);
    if (!entries) return entries.status();
    html::Table t{.caption = k.name, .headers = {"Date", "What happened"}, .id = "chronology-" + std::to_string(k.person_id)};
    for (const auto& x : *entries) t.rows.push_back({html::text(x.date.display()), html::text(x.summary)});
    out += html::table(t);
  }
  return out;
}

bool may_step(Role role) { return casework::may_use_front_door(role); }

// Their version after a conflict on an early help form: the CIN episode a step-down named, else the
// family's early help now (the open episode, or the one that ended).
Result<std::vector<html::SummaryRow>> early_help_as_saved(Ctx& c, const casework::EarlyHelpRecord& r, const std::string& form) {
  std::vector<html::SummaryRow> rows;
  auto date_text = [](const std::optional<Date>& d) { return d ? d->display() : std::string(); };
  if (form == "step_down") {
    KITH_RETURN_IF_ERROR(c.db.run(
        "SELECT e.referral_date, e.close_date, coalesce(e.reason_for_closure, ''), e.version FROM cin_episode e "
        "JOIN family_member m ON m.person_id = e.person_id AND m.family_id = ? AND m.end_date IS NULL WHERE e.id = ?",
        {r.family_id, optional_id(c.req.param("cin_episode_id")).value_or(0)}, [&](const store::Statement& s) {
          rows = {{"Referral", html::text(date_text(s.date(0)))}, {"Closed", html::text(date_text(s.date(1)))},
                  {"Reason for closure", html::text(s.text(2))}, {"Saved version", html::text(std::to_string(s.int64(3)))}};
        }));
    return rows;
  }
  if (r.episodes.empty()) return std::vector<html::SummaryRow>{{"Early help", html::text("The family has no early help.")}};
  const casework::EarlyHelpEpisode& e = r.current ? *r.current : r.episodes.back();
  return std::vector<html::SummaryRow>{{"Early help since", html::text(e.start_date.display())},
                                       {"Ended", html::text(date_text(e.end_date))},
                                       {"Why it ended", html::text(e.end_reason)},
                                       {"Saved version", html::text(std::to_string(e.version))}};
}

// Under the conflict panel: the typed values, in their form when it still fits the record, else kept for copying.
Html early_help_kept(Ctx& c, const casework::EarlyHelpRecord& r, const std::string& form) {
  if (form == "review" && !r.current) return forms::kept_changes(review_fields(c, {}));
  if (form == "step_up" && !r.current) return forms::kept_changes(step_up_fields(c, r, {}));
  std::string anchor = form == "review" ? "#reviews" : form == "step_up" ? "#step-up" : "#step-down";
  return html::paragraph(html::link(anchor, "Your changes are kept in the form below: check them and save again."));
}

Response early_help_page(Ctx& c, Id family_id, int status, const EarlyHelpErrors& errors, std::string_view banner = {}) {
  auto r = casework::load_early_help(c.db, c.app.audit(), c.viewer(), family_id, "early help");
  if (!r) return failure_page(r.status(), &c.session);
  auto for_form = [&](const char* form) { return errors.form == form && !errors.conflict ? errors.e : Errors{}; };
  Html main = html::error_summary(errors.e);
  if (errors.conflict) {
    auto theirs = early_help_as_saved(c, *r, errors.form);
    if (!theirs) return failure_page(theirs.status(), &c.session);
    main = forms::conflict_panel(*theirs) + early_help_kept(c, *r, errors.form);
  }
  if (!banner.empty()) main += html::notification("Success", banner, true);
  main += html::heading(r->family_name, "Early help");
  if (r->current) {
    main += html::summary_list({{"Early help since", html::text(r->current->start_date.display())},
                                {"Team", html::text(r->current->team)},
                                {"Children", html::text([&] {
                                   std::string names;
                                   for (const auto& k : r->children) names += (names.empty() ? "" : ", ") + k.name;
                                   return names;
                                 }())}});
    main += plan_section(c, *r, for_form("plan"));
    auto team = team_section(c, *r, for_form("team"));
    if (!team) return failure_page(team.status(), &c.session);
    main += *team + reviews_section(c, *r, for_form("review"));
    if (may_step(c.viewer().role)) main += step_up_section(c, *r, for_form("step_up"));
  } else {
    main += html::paragraph("The family has no open early help.");
  }
  if (may_step(c.viewer().role)) main += step_down_section(c, *r, for_form("step_down"));
  auto chron = chronology_section(c, *r);
  if (!chron) return failure_page(chron.status(), &c.session);
  main += *chron;
  return html_response(status, chrome_for(c.session, forms::title_with(errors.e, r->family_name + " – Early help")), main);
}

Response show_early_help(Ctx& c) {
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  static const std::map<std::string, std::string> kBanners = {{"plan", "Added to the family plan."},
                                                              {"team", "The team around the family has been updated."},
                                                              {"review", "The review has been recorded."},
                                                              {"step_up", "The child has been stepped up: a referral is open."},
                                                              {"step_down", "The child has been stepped down to early help."}};
  auto b = kBanners.find(c.req.param("saved"));
  return early_help_page(c, *id, 200, {}, b == kBanners.end() ? "" : b->second);
}

// Runs one early help write after checking the viewer may open the family;
// an invalid answer re-renders the page with the error on the form's field.
Response early_help_write(Ctx& c, const std::string& form, const std::map<std::string, std::string>& field_ids,
                          const std::function<Status(Id family)>& write) {
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  Status allowed = casework::check_family_access(c.db, c.viewer(), *id);
  if (!allowed) return failure_page(allowed, &c.session);
  if ((form == "step_up" || form == "step_down") && !may_step(c.viewer().role))
    return error_page(403, &c.session, "Only the council's practitioners and managers can step a child up or down.");
  Status s = write(*id);
  if (s.code() == Status::Code::kConflict) return early_help_page(c, *id, 409, {{forms::conflict_error()}, form, true});
  if (s.code() == Status::Code::kInvalid) {
    html::FieldError e = forms::field_error_from(s.message(), field_ids.begin()->second);
    if (auto it = field_ids.find(e.field); it != field_ids.end()) e.field = it->second;
    return early_help_page(c, *id, 400, {{e}, form});
  }
  if (!s) return failure_page(s, &c.session);
  return Response::redirect("/families/" + std::to_string(*id) + "/early-help?saved=" + form);
}

// The episode version posted with a review or step-up; none (id 0) when missing, which the casework
// answers as a conflict while the family has an open episode.
casework::SeenVersion posted_or_none(Ctx& c) {
  return forms::posted_version(c.req.param("version")).value_or(casework::SeenVersion{});
}

Status date_required(const std::string& text, const char* field, std::optional<Date>& out) {
  out = optional_date(text);
  if (!out) return Status::invalid(std::string(field) + ": enter a real date, like 2025-06-30");
  return Status::ok();
}

Response submit_plan(Ctx& c) {
  return early_help_write(c, "plan", {{"outcome", "outcome"}}, [&](Id family) -> Status {
    std::string due = c.req.param("due_date");
    if (!due.empty() && !optional_date(due)) return Status::invalid("due_date: enter a real date, like 2025-06-30");
    auto id = casework::add_plan_item(c.db, write_ctx(c, "early help"), family,
                                      {0, c.req.param("outcome"), c.req.param("action"), c.req.param("owner"), optional_date(due), c.app.today()});
    return id.status();
  });
}

Response submit_team(Ctx& c) {
  return early_help_write(c, "team", {{"worker_id", "worker_id"}}, [&](Id family) -> Status {
    auto worker = optional_id(c.req.param("worker_id"));
    if (!worker) return Status::invalid("worker_id: choose a practitioner from the list");
    auto id = casework::add_to_team(c.db, write_ctx(c, "early help"), family, *worker, c.app.today(), c.req.param("lead") == "1",
                                    c.req.param("lead_reason"));
    return id.status();
  });
}

Response submit_review(Ctx& c) {
  return early_help_write(c, "review", {{"progress", "progress"}, {"decision", "review_decision"}}, [&](Id family) -> Status {
    std::optional<Date> on;
    KITH_RETURN_IF_ERROR(date_required(c.req.param("review_date"), "review_date", on));
    std::string next = c.req.param("next_review_date");
    if (!next.empty() && !optional_date(next)) return Status::invalid("next_review_date: enter a real date, like 2025-09-30");
    auto id = casework::record_review(c.db, write_ctx(c, "early help"), family,
                                      {0, *on, c.req.param("progress"), c.req.param("review_decision"), optional_date(next)}, posted_or_none(c));
    return id.status();
  });
}

Response submit_step_up(Ctx& c) {
  return early_help_write(c, "step_up", {{"reason", "step_up_reason"}, {"person_id", "step_up_person"}}, [&](Id family) -> Status {
    auto person = optional_id(c.req.param("step_up_person"));
    if (!person) return Status::invalid("person_id: choose the child");
    auto id = casework::step_up(c.db, write_ctx(c, "early help"), family, *person, c.app.today(), c.req.param("step_up_reason"),
                                posted_or_none(c));
    return id.status();
  });
}

Response submit_step_down(Ctx& c) {
  return early_help_write(c, "step_down", {{"cin_episode_id", "cin_episode_id"}}, [&](Id family) -> Status {
    auto cin = optional_id(c.req.param("cin_episode_id"));
    if (!cin) return Status::invalid("cin_episode_id: choose the child's episode");
    // The episode must be of a child of this family: the form was for this family.
    auto n = c.db.scalar("SELECT count(*) FROM cin_episode e JOIN family_member m ON m.person_id = e.person_id "
                         "WHERE e.id = ? AND m.family_id = ? AND m.end_date IS NULL",
                         {*cin, family});
    if (!n) return n.status();
    if (*n == 0) return Status::invalid("cin_episode_id: that episode is not of a child of this family");
    std::optional<Id> team;
    (void)c.db.run("SELECT team_id FROM routing WHERE family_id = ? ORDER BY id DESC LIMIT 1", {family},
                   [&](const store::Statement& s) { team = s.opt_int64(0); });
    // No version, or another episode's, counts as version 0, which never matches: a conflict.
    auto posted = forms::posted_version(c.req.param("version"));
    casework::SeenVersion seen = posted && posted->id == *cin ? *posted : casework::SeenVersion{*cin, 0};
    auto id = casework::step_down(c.db, write_ctx(c, "early help"), seen, c.app.today(), team);
    return id.status();
  });
}

}  // namespace

std::vector<Route> front_door_routes() {
  return {
      {"GET", "/front-door", signed_in_page(show_front_door)},
      {"POST", "/front-door/contacts", signed_in_page(submit_contact)},
      {"GET", R"(/front-door/contacts/(\d+))", signed_in_page(show_contact)},
      {"POST", R"(/front-door/contacts/(\d+)/decision)", signed_in_page(submit_decision)},
      {"POST", R"(/front-door/contacts/(\d+)/routing)", signed_in_page(submit_routing)},
      {"GET", R"(/families/(\d+)/early-help)", signed_in_page(show_early_help)},
      {"POST", R"(/families/(\d+)/early-help/plan)", signed_in_page(submit_plan)},
      {"POST", R"(/families/(\d+)/early-help/team)", signed_in_page(submit_team)},
      {"POST", R"(/families/(\d+)/early-help/reviews)", signed_in_page(submit_review)},
      {"POST", R"(/families/(\d+)/early-help/step-up)", signed_in_page(submit_step_up)},
      {"POST", R"(/families/(\d+)/early-help/step-down)", signed_in_page(submit_step_down)},
  };
}

}  // namespace kith::web
