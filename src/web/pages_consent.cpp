// Consent to share with the team around the family: GET /families/{id}/consent
// lists each member and where the family's consent stands; a manager or the
// family's lead professional records that the family withdrew it (date and
// reason) with POST /families/{id}/consent, after which that partner no
// longer sees the family's children (casework::check_access). The same as
// JSON: GET and POST /api/v1/families/{id}/consent.
//
// Seeing the list needs casework::check_family_access; recording needs
// casework::may_record_consent_withdrawal. A mistake re-shows the form with
// what was typed (400); casework::record_consent_withdrawal audits the write.
#include <fmt/format.h>

#include "casework/early_help.h"
#include "casework/partner_fields.h"
#include "store/audited_write.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/responses.h"
#include "web/views.h"

namespace kith::web {
namespace {

using forms::Errors;
using html::Html;
using nlohmann::json;

constexpr const char* kReason = "team around the family";

store::WriteContext write_ctx(Ctx& c) { return {c.app.audit(), c.viewer().username, kReason}; }

// The family's name after the access check; the read (or the refusal) is audited.
Result<std::string> open_family(Ctx& c, Id family) {
  std::optional<std::string> name;
  KITH_RETURN_IF_ERROR(c.db.run("SELECT name FROM family WHERE id = ?", {family}, [&](const store::Statement& s) { name = s.text(0); }));
  if (!name) return Status::not_found("no family with id " + std::to_string(family));
  Status access = casework::check_family_access(c.db, c.viewer(), family);
  KITH_RETURN_IF_ERROR(store::audited_write(c.db, write_ctx(c), access ? "read" : "read_denied", "family", [] { return Status::ok(); },
                                            [&] { return std::to_string(family); }));
  if (!access) return access;
  return *name;
}

Html consent_text(const casework::ConsentEntry& m) {
  if (!m.withdrawn) return html::tag("Consent given", html::Colour::kGreen);
  return html::tag("Withdrawn", html::Colour::kRed) + html::text(" on " + m.withdrawn->display() + (m.reason.empty() ? "" : ": " + m.reason));
}

Response consent_page(Ctx& c, Id family, const std::string& name, int status, const Errors& errors) {
  auto members = casework::consent_list(c.db, family);
  if (!members) return failure_page(members.status(), &c.session);
  std::string base = "/families/" + std::to_string(family);
  Html main = html::error_summary(errors);
  if (c.req.param("saved") == "1") main += html::notification("Success", "The withdrawal of consent has been recorded.", true);
  main += html::heading("Consent to share", name);
  main += html::paragraph("Partners in the team around the family see the family's children only while the family's consent to share "
                          "with them stands. From the day it is withdrawn they no longer do.");
  if (members->empty()) main += html::paragraph("The family has no team around the family.");
  else {
    html::Table t{.caption = "Team around the family", .headers = {"Name", "Agency", "Since", "Consent"}, .id = "consent-table"};
    for (const auto& m : *members)
      t.rows.push_back({html::text(m.name), html::text(m.agency), html::text(m.since.display()), consent_text(m)});
    main += html::table(t);
  }
  std::vector<forms::Option> open{{"", "Choose the team member"}};
  for (const auto& m : *members)
    if (!m.withdrawn) open.push_back({std::to_string(m.taf_member_id), m.name + " (" + m.agency + ")"});
  if (casework::may_record_consent_withdrawal(c.db, c.viewer(), family) && open.size() > 1) {
    const Request& q = c.req;
    std::string date = q.method == "GET" ? c.app.today().iso() : q.param("withdrawn_date");
    main += html::section_heading("Record that consent was withdrawn", "withdraw");
    main += forms::form_start(base + "/consent", c.session.csrf_token);
    main += forms::select("taf_member_id", "Who the family no longer consents to share with", open, q.param("taf_member_id"), errors);
    main += forms::input("withdrawn_date", "Date consent was withdrawn", date, errors, "For example, 2025-06-30", "10", "date");
    main += forms::textarea("withdrawn_reason", "Why the family withdrew consent", q.param("withdrawn_reason"), errors);
    main += forms::form_end("Record withdrawal");
  }
  main += html::paragraph(html::link(base + "/early-help#team", "Back to the family's early help record"));
  return html_response(status, chrome_for(c.session, forms::title_with(errors, "Consent to share – " + name)), main);
}

// The posted withdrawal: invalid naming the field, or what casework decides.
Status submit(Ctx& c, Id family) {
  KITH_RETURN_IF_ERROR(casework::may_record_consent_withdrawal(c.db, c.viewer(), family));  // who, before what was typed
  auto member = parse_id(c.req.param("taf_member_id"));
  if (!member) return Status::invalid("taf_member_id: choose the team member");
  auto on = Date::parse_iso(c.req.param("withdrawn_date"));
  if (!on) return Status::invalid("withdrawn_date: enter a real date, like 2025-06-30");
  return casework::record_consent_withdrawal(c.db, write_ctx(c), c.viewer(), family, *member, *on, c.req.param("withdrawn_reason"),
                                             c.app.today());
}

Response show(Ctx& c) {
  auto family = parse_id(c.req.captures.at(0));
  if (!family) return error_page(404, &c.session);
  auto name = open_family(c, *family);
  if (!name) return failure_page(name.status(), &c.session);
  return consent_page(c, *family, *name, 200, {});
}

Response record(Ctx& c) {
  auto family = parse_id(c.req.captures.at(0));
  if (!family) return error_page(404, &c.session);
  auto name = open_family(c, *family);
  if (!name) return failure_page(name.status(), &c.session);
  Status s = submit(c, *family);
  if (s.code() == Status::Code::kInvalid) return consent_page(c, *family, *name, 400, {forms::field_error_from(s.message(), "taf_member_id")});
  if (s.code() == Status::Code::kNotFound) return consent_page(c, *family, *name, 400, {{"taf_member_id", "Choose a member of this family's team"}});
  if (!s) return failure_page(s, &c.session);
  return Response::redirect("/families/" + std::to_string(*family) + "/consent?saved=1");
}

json members_json(const std::vector<casework::ConsentEntry>& members) {
  json out = json::array();
  for (const auto& m : members)
    out.push_back({{"taf_member_id", m.taf_member_id}, {"name", m.name}, {"agency", m.agency}, {"since", m.since.iso()},
                   {"withdrawn_date", m.withdrawn ? json(m.withdrawn->iso()) : json(nullptr)},
                   {"withdrawn_reason", m.reason.empty() ? json(nullptr) : json(m.reason)}});
  return out;
}

Response api_show(Ctx& c) {
  auto family = parse_id(c.req.captures.at(0));
  if (!family) return json_error(404, "No such family");
  auto name = open_family(c, *family);
  if (!name) return json_failure(name.status());
  auto members = casework::consent_list(c.db, *family);
  if (!members) return json_failure(members.status());
  return json_response(200, {{"family_id", *family}, {"members", members_json(*members)}});
}

// POST /api/v1/families/{id}/consent {"taf_member_id": 1, "withdrawn_date": "2025-04-30", "withdrawn_reason": "..."}
Response api_record(Ctx& c) {
  auto family = parse_id(c.req.captures.at(0));
  if (!family) return json_error(404, "No such family");
  if (c.req.header("content-type").rfind("application/json", 0) != 0)
    return json_error(415, "Send the body as JSON with the header Content-Type: application/json");
  json body;
  try {
    body = json::parse(c.req.body);
  } catch (const json::parse_error& e) {
    return json_error(400, fmt::format("The body is not valid JSON (problem at byte {})", e.byte));
  }
  if (!body.is_object() || !body.contains("taf_member_id") || !body["taf_member_id"].is_number_integer())
    return json_response(400, {{"error", "\"taf_member_id\" must be a whole number"}, {"field", "taf_member_id"}});
  for (const char* k : {"withdrawn_date", "withdrawn_reason"})
    if (!body.contains(k) || !body[k].is_string()) return json_response(400, {{"error", fmt::format("\"{}\" must be a string", k)}, {"field", k}});
  auto name = open_family(c, *family);
  if (!name) return json_failure(name.status());
  auto on = Date::parse_iso(body["withdrawn_date"].get<std::string>());
  if (!on) return json_response(400, {{"error", "enter a real date, like 2025-06-30"}, {"field", "withdrawn_date"}});
  Status s = casework::record_consent_withdrawal(c.db, write_ctx(c), c.viewer(), *family, body["taf_member_id"].get<Id>(), *on,
                                                 body["withdrawn_reason"].get<std::string>(), c.app.today());
  if (s.code() == Status::Code::kInvalid) {
    html::FieldError e = forms::field_error_from(s.message(), "");
    return json_response(400, {{"error", e.message}, {"field", e.field.empty() ? json(nullptr) : json(e.field)}});
  }
  if (!s) return json_failure(s);
  auto members = casework::consent_list(c.db, *family);
  if (!members) return json_failure(members.status());
  return json_response(201, {{"family_id", *family}, {"members", members_json(*members)}});
}

}  // namespace

std::vector<Route> consent_routes() {
  return {
      {"GET", R"(/families/(\d+)/consent)", signed_in_page(show)},
      {"POST", R"(/families/(\d+)/consent)", signed_in_page(record)},
      {"GET", R"(/api/v1/families/(\d+)/consent)", signed_in_api(api_show)},
      {"POST", R"(/api/v1/families/(\d+)/consent)", signed_in_api(api_record)},
  };
}

}  // namespace kith::web
