// The JSON API under /api/v1: the same data as the pages, for the same
// session cookie. Dates are ISO strings; "not recorded" is null.
#include <fmt/format.h>

#include "casework/partner_fields.h"
#include "web/app.h"
#include "web/credentials.h"
#include "web/responses.h"
#include "web/session.h"
#include "web/views.h"

namespace kith::web {
namespace {

using nlohmann::json;

json opt_text(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
json opt_date(const std::optional<Date>& d) { return d ? json(d->iso()) : json(nullptr); }
template <typename T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json due_json(const casework::DueTask& t) { return {{"what", t.what}, {"due", t.due.iso()}, {"overdue", t.overdue}}; }

json viewer_json(const access::Session& s) {
  const access::Viewer& v = s.viewer;
  return {{"username", v.username},      {"display_name", v.display_name}, {"role", role_name(v.role)},
          {"role_label", role_label(v.role)}, {"worker_id", opt(v.worker_id)}, {"team_id", opt(v.team_id)},
          {"locality_id", opt(v.locality_id)}, {"home", home_for(v)},     {"csrf_token", s.csrf_token}};
}

json summary_json(const casework::ChildSummary& s) {
  json due = json::array();
  for (const casework::DueTask& t : s.due) due.push_back(due_json(t));
  return {{"id", s.person.id},
          {"forename", s.person.forename},
          {"surname", s.person.surname},
          {"name", s.person.full_name()},
          {"birth_date", opt_date(s.person.birth_date)},
          {"age", opt(s.age)},
          {"sex", code(s.person.sex)},
          {"stage", stage_key(s.stage)},
          {"stage_label", casework::stage_label(s.stage)},
          {"stage_since", opt_date(s.stage_since)},
          {"cp_category", opt(s.cp_category)},
          {"legal_status", opt_text(s.legal_status)},
          {"placement", opt_text(s.placement)},
          {"family_id", opt(s.family_id)},
          {"family_name", opt_text(s.family_name)},
          {"postcode", opt_text(s.postcode)},
          {"locality", opt_text(s.locality)},
          {"school", opt_text(s.school)},
          {"allocated_worker", opt_text(s.allocated_worker)},
          {"allocated_team", opt_text(s.allocated_team)},
          {"lead_professional", opt_text(s.lead_professional)},
          {"workers_last_12_months", s.workers_last_12_months},
          {"due", due}};
}

// A partner's summary carries only the keys their agency may see
// (casework/partner_fields.h), plus "shared_as"; withheld keys are absent, not null.
json limited(json summary, const std::string& shared_as) {
  using P = casework::RecordPart;
  static const std::pair<P, std::vector<const char*>> kKeys[] = {
      {P::kDateOfBirth, {"birth_date"}},         {P::kAddress, {"postcode", "locality"}},
      {P::kFamily, {"family_name"}},             {P::kSchool, {"school"}},
      {P::kWorkers, {"allocated_worker", "allocated_team", "lead_professional"}},
      {P::kStage, {"stage", "stage_label", "stage_since"}}, {P::kCpPlan, {"cp_category"}},
      {P::kLegalStatus, {"legal_status"}},       {P::kPlacement, {"placement"}}, {P::kStatutoryTasks, {"due"}}};
  const casework::FieldLimits& l = casework::limits_for(casework::agency_from(shared_as));
  for (const auto& [part, keys] : kKeys)
    if (!l.shows(part))
      for (const char* k : keys) summary.erase(k);
  summary.erase("workers_last_12_months");
  summary["shared_as"] = shared_as;
  return summary;
}

Response me(Ctx& c) { return json_response(200, viewer_json(c.session)); }

Response my_work(Ctx& c) {
  if (!c.viewer().worker_id) return json_error(403, "Your account is not linked to a worker, so it has no allocated children");
  auto items = casework::my_work(c.db, *c.viewer().worker_id, c.app.today());
  if (!items) return json_failure(items.status());
  json out = json::array();
  for (const casework::WorkItem& w : *items)
    out.push_back({{"id", w.person_id},
                   {"name", w.child_name},
                   {"age", opt(w.age)},
                   {"stage", stage_key(w.stage)},
                   {"stage_label", casework::stage_label(w.stage)},
                   {"allocated_since", w.allocated_since.iso()},
                   {"next_due", w.next_due ? due_json(*w.next_due) : json(nullptr)}});
  return json_response(200, {{"children", out}});
}

Response child(Ctx& c) {
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return json_error(404, "No child with that id");
  auto record = casework::load_child_record(c.db, c.app.audit(), c.viewer(), *id, "casework", c.app.today());
  if (!record) return json_failure(record.status());
  std::string kind = c.req.param("kind");
  json chronology = json::array();
  for (const ChronologyEntry& e : record->chronology)
    if (kind.empty() || e.kind == kind)
      chronology.push_back({{"date", e.date.iso()}, {"kind", e.kind}, {"summary", e.summary}, {"person_id", opt(e.person_id)}});
  json summary = summary_json(record->summary);
  if (!record->shared_as.empty()) summary = limited(std::move(summary), record->shared_as);
  return json_response(200, {{"summary", summary}, {"chronology", chronology}});
}

Response localities(Ctx& c) {
  auto list = casework::list_localities(c.db);
  if (!list) return json_failure(list.status());
  json out = json::array();
  for (const Locality& l : *list) out.push_back({{"id", l.id}, {"name", l.name}});
  return json_response(200, {{"localities", out}});
}

Response locality(Ctx& c) {
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return json_error(404, "No locality with that id");
  auto o = casework::locality_overview(c.db, c.viewer(), *id, c.app.today());
  if (!o) return json_failure(o.status());
  auto count = [&](int n) { return o->aggregates_only ? json(casework::published_count(n, true)) : json(n); };
  json hubs = json::array(), caseloads = json::array();
  for (const FamilyHub& h : o->hubs) hubs.push_back({{"id", h.id}, {"name", h.name}, {"postcode", h.postcode}});
  for (const casework::WorkerCaseload& w : o->caseloads) {
    json row = {{"team", w.team}, {"contract", w.contract}, {"fte", w.fte}, {"children", w.children}};
    if (!o->aggregates_only) row.update({{"worker_id", w.worker_id}, {"name", w.name}});
    caseloads.push_back(row);
  }
  return json_response(200, {{"id", o->locality.id},
                             {"name", o->locality.name},
                             {"as_of", c.app.today().iso()},
                             {"children_early_help", count(o->children_early_help)},
                             {"children_in_need", count(o->children_in_need)},
                             {"children_cp", count(o->children_cp)},
                             {"children_looked_after", count(o->children_looked_after)},
                             {"contacts_last_28_days", count(o->contacts_last_28_days)},
                             {"hubs", hubs},
                             {"caseloads", caseloads}});
}

Response start_session(App& app, const Request& req) {
  // Requiring JSON also stops cross-site forms: a browser sends those only as form data.
  if (req.header("content-type").rfind("application/json", 0) != 0)
    return json_error(415, "Send the body as JSON with the header Content-Type: application/json");
  auto creds = parse_credentials(req.body);
  if (!creds) return json_error(400, creds.status().message());
  auto db = app.db();
  if (!db) return json_failure(db.status());
  auto session = sign_in(app, **db, creds->username, creds->password, "api sign-in");
  if (session.status().code() == Status::Code::kDenied) return json_error(401, session.status().message());
  if (!session) return json_failure(session.status());
  Response r = json_response(200, viewer_json(*session));
  return r.header("Set-Cookie", cookie(kSessionCookie, session->token, app.options()));
}

Response end_session(Ctx& c) {
  Status ended = access::end_session(c.db, c.session.token);
  if (!ended) return json_failure(ended);
  Response r = json_response(200, {{"signed_out", true}});
  return r.header("Set-Cookie", cookie(kSessionCookie, "", c.app.options(), 0));
}

}  // namespace

std::vector<Route> api_routes() {
  return {
      {"POST", "/api/v1/session", sign_in_limited(start_session)},
      {"DELETE", "/api/v1/session", signed_in_api(end_session)},
      {"GET", "/api/v1/me", signed_in_api(me)},
      {"GET", "/api/v1/my-work", signed_in_api(my_work)},
      {"GET", R"(/api/v1/children/(\d+))", signed_in_api(child)},
      {"GET", "/api/v1/localities", signed_in_api(localities)},
      {"GET", R"(/api/v1/localities/(\d+))", signed_in_api(locality)},
  };
}

}  // namespace kith::web
