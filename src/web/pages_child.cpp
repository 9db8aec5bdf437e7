// A child's record: the summary practitioners read first, the statutory
// tasks falling due and the chronology, filterable by kind of event.
#include <fmt/format.h>

#include <set>

#include "casework/partner_fields.h"
#include "casework/placements.h"
#include "casework/statutory.h"
#include "web/app.h"
#include "web/data_quality.h"
#include "web/forms.h"
#include "web/responses.h"
#include "web/send_views.h"
#include "web/statutory_views.h"
#include "web/views.h"

namespace kith::web {
namespace {

using html::Html;

std::string_view sex_label(Sex s) {
  switch (s) {
    case Sex::kM: return "Male";
    case Sex::kF: return "Female";
    case Sex::kU: break;
  }
  return "Not known";
}

struct KindLabel {
  std::string_view kind, label;
};
constexpr KindLabel kKinds[] = {
    {"contact", "Contact"},           {"early_help", "Early help"},       {"referral", "Referral"},
    {"assessment", "Assessment"},     {"strategy", "Strategy discussion"}, {"s47", "Section 47 enquiry"},
    {"conference", "Conference"},     {"cp_plan", "Child protection plan"}, {"cla", "Looked after"},
    {"placement", "Placement"},       {"review", "Review"},               {"visit", "Visit"},
    {"health", "Health"},             {"missing", "Missing episode"},     {"care_leaver", "Care leaver"},
    {"ehcp", "EHC plan"},             {"worker", "Worker"},               {"partner", "Partner entry"},
    {"cin_plan", "Child in need plan"}, {"feedback", "Feedback"},
    {"transition", "Transition to adult services"},
};

std::string_view kind_label(std::string_view kind) {
  for (const KindLabel& k : kKinds)
    if (k.kind == kind) return k.label;
  return kind;
}

Html optional_text(const std::string& s) { return s.empty() ? Html() : html::text(s); }

Html stage_value(const casework::ChildSummary& s) {
  Html v = stage_tag(s.stage);
  if (s.stage_since) v += html::text(" since " + s.stage_since->display());
  return v;
}

// shared_as: the partner agency whose field limits apply (casework/partner_fields.h);
// withheld rows are left out rather than shown as "Not recorded".
Html summary(const casework::ChildSummary& s, const std::string& shared_as) {
  std::optional<casework::FieldLimits> limits;
  if (!shared_as.empty()) limits = casework::limits_for(casework::agency_from(shared_as));
  auto shown = [&](casework::RecordPart p) { return !limits || limits->shows(p); };
  std::string worker = s.allocated_worker.empty() || s.allocated_team.empty()
                           ? s.allocated_worker
                           : s.allocated_worker + " (" + s.allocated_team + ")";
  std::vector<html::SummaryRow> rows = {
      {"Name", html::text(s.person.full_name())},
      {"Age", s.age ? html::text(std::to_string(*s.age)) : Html()},
      {"Sex", html::text(sex_label(s.person.sex))},
      {"Stage", stage_value(s)},
  };
  if (shown(casework::RecordPart::kDateOfBirth))
    rows.insert(rows.begin() + 1, {"Date of birth", s.person.birth_date ? html::text(s.person.birth_date->display()) : Html()});
  if (s.cp_category) rows.push_back({"Child protection category", html::text(*s.cp_category)});
  if (!s.legal_status.empty()) rows.push_back({"Legal status", html::text(s.legal_status)});
  if (!s.placement.empty()) rows.push_back({"Placement", html::text(s.placement)});
  if (shown(casework::RecordPart::kFamily)) rows.push_back({"Family", optional_text(s.family_name)});
  if (shown(casework::RecordPart::kAddress)) rows.push_back({"Postcode", optional_text(s.postcode)});
  if (shown(casework::RecordPart::kAddress)) rows.push_back({"Locality", optional_text(s.locality)});
  if (shown(casework::RecordPart::kSchool)) rows.push_back({"School", optional_text(s.school)});
  if (shown(casework::RecordPart::kWorkers)) rows.push_back({"Allocated worker", optional_text(worker)});
  if (shown(casework::RecordPart::kWorkers)) rows.push_back({"Lead professional", optional_text(s.lead_professional)});
  if (!limits) rows.push_back({"Social workers in the last 12 months", html::text(std::to_string(s.workers_last_12_months))});
  Html out = html::section_heading("Summary", "summary");
  if (limits)
    out += html::inset("You see the parts of this record shared with " + std::string(shared_as == "other" ? "partner" : shared_as) +
                       " practitioners in the team around the family, while the family's consent stands.");
  return out + html::summary_list(rows);
}

Html due_tasks(const std::vector<casework::DueTask>& due) {
  if (due.empty()) return html::section_heading("Statutory tasks", "tasks") + html::paragraph("No statutory tasks are due.");
  html::Table t{.caption = "Statutory tasks", .headers = {"Task", "Due", "Status"}, .id = "tasks"};
  for (const casework::DueTask& d : due)
    t.rows.push_back({html::text(d.what), html::text(d.due.display()),
                      d.overdue ? html::tag("Overdue", html::Colour::kRed) : html::tag("Due", html::Colour::kBlue)});
  return html::table(t);
}

// A GET form, so the filter works without JavaScript; with htmx only the
// results are swapped and the address still changes.
Html kind_filter(Id id, const std::vector<ChronologyEntry>& all, const std::string& current) {
  std::set<std::string> kinds;
  for (const ChronologyEntry& e : all) kinds.insert(e.kind);
  std::string href = "/children/" + std::to_string(id);
  Html options = Html::raw(fmt::format("<option value=\"\"{}>All events</option>", current.empty() ? " selected" : ""));
  for (const std::string& k : kinds)
    options += Html::raw(fmt::format("<option value=\"{}\"{}>{}</option>", html::escape(k), k == current ? " selected" : "",
                                     html::escape(kind_label(k))));
  return Html::raw(fmt::format("<form method=\"get\" action=\"{0}\" class=\"kith-filter\" hx-get=\"{0}\" "
                               "hx-target=\"#chronology-results\" hx-select=\"#chronology-results\" hx-swap=\"outerHTML\" "
                               "hx-push-url=\"true\"><div class=\"govuk-form-group\">"
                               "<label class=\"govuk-label\" for=\"kind\">Show</label>"
                               "<select class=\"govuk-select\" id=\"kind\" name=\"kind\">",
                               html::escape(href))) +
         options +
         Html::raw("</select> <button type=\"submit\" class=\"govuk-button govuk-button--secondary kith-inline-button\" "
                   "data-module=\"govuk-button\">Filter</button></div></form>");
}

Html chronology(Id id, const std::vector<ChronologyEntry>& all, const std::string& kind) {
  html::Table t{.headers = {"Date", "Event", "What happened"}, .id = "chronology-table"};
  for (const ChronologyEntry& e : all)
    if (kind.empty() || e.kind == kind)
      t.rows.push_back({html::text(e.date.display()), html::text(kind_label(e.kind)), html::text(e.summary)});
  std::string count = fmt::format("{} {}, oldest first", t.rows.size(), t.rows.size() == 1 ? "event" : "events");
  t.caption = kind.empty() ? count : fmt::format("{}: {}", kind_label(kind), count);
  Html results = t.rows.empty() ? html::paragraph("No events of this kind are recorded.") : html::table(t);
  return html::section_heading("Chronology", "chronology") + kind_filter(id, all, kind) +
         Html::raw("<div id=\"chronology-results\">") + results + Html::raw("</div>");
}

Response child_page(Ctx& c) {
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  auto record = casework::load_child_record(c.db, c.app.audit(), c.viewer(), *id, "casework", c.app.today());
  if (!record) return failure_page(record.status(), &c.session);
  const casework::ChildSummary& s = record->summary;
  Html main = html::heading(s.person.full_name(), "Child record");
  // Hidden until kith.js wires it up, so it never shows without JavaScript.
  main += Html::raw("<button type=\"button\" class=\"govuk-button govuk-button--secondary kith-print\" data-kith-print "
                    "hidden>Print this record</button>");
  if (c.req.param("saved") == "note") main += html::notification("Success", "Your entry was added to the family's chronology.", true);
  // Return checks (pages_data_quality.cpp): for the council's staff only, never a partner's
  // limited view; on top straight after a save (?saved=...), else below the tasks.
  Html checks;
  if (record->shared_as.empty()) {
    auto panel = return_checks_panel(c, *id);
    if (!panel) return failure_page(panel.status(), &c.session);
    checks = *panel;
  }
  bool just_saved = !c.req.param("saved").empty() && c.req.param("saved") != "note";
  if (just_saved) main += checks;
  main += summary(s, record->shared_as);
  if (casework::may_view_providers(c.viewer().role))  // the sufficiency search (pages_placements.cpp)
    main += html::paragraph(html::link("/children/" + std::to_string(*id) + "/placement-search", "Find a placement for this child"));
  if (casework::may_authorise(c.viewer().role))  // allocation with the continuity check (pages_allocation.cpp)
    main += html::paragraph(html::link("/children/" + std::to_string(*id) + "/allocation", "Allocate a social worker"));
  if (record->shared_as.empty()) main += due_tasks(s.due);
  if (!just_saved) main += checks;
  if (record->shared_as.empty()) {  // statutory work and the child's voice (pages_statutory.cpp)
    auto work = statutory_work_links(c, *id);
    auto voice = work ? voice_of_child_section(c, *id) : Result<Html>(work.status());
    if (!voice) return failure_page(voice.status(), &c.session);
    main += *work + *voice;
    auto send = send_section(c, *id);  // SEND, transition and plans (pages_send.cpp)
    if (!send) return failure_page(send.status(), &c.session);
    main += *send;
    if (s.family_id)  // who the family shares with (pages_consent.cpp)
      main += html::paragraph(html::link(fmt::format("/families/{}/consent", *s.family_id), "Consent to share with the team around the family"));
  }
  main += chronology(*id, record->chronology, c.req.param("kind"));
  if (!record->shared_as.empty())  // partners add their own entries (pages_partner.cpp)
    main += forms::form_start("/children/" + std::to_string(*id) + "/partner-notes", c.session.csrf_token) +
            forms::textarea("summary", "Add to the family's chronology", "", {}, "Shown with your agency and name.") +
            forms::form_end("Add entry", true);
  return html_response(200, chrome_for(c.session, s.person.full_name() + " – Child record"), main);
}

}  // namespace

std::vector<Route> child_routes() { return {{"GET", R"(/children/(\d+))", signed_in_page(child_page)}}; }

}  // namespace kith::web
