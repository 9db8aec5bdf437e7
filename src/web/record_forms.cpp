#include "web/record_forms.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "casework/child_record.h"
#include "casework/statutory.h"
#include "store/audited_write.h"
#include "web/responses.h"

namespace kith::web::record_forms {

using nlohmann::json;

Result<Date> need_date(Ctx& c, const std::string& name) {
  auto d = Date::parse_iso(c.req.param(name));
  if (!d) return Status::invalid(name + ": enter a real date, like 2025-06-30");
  if (*d > c.app.today()) return Status::invalid(name + ": the date cannot be in the future");
  return *d;
}

html::Html date_input(Ctx& c, const std::string& id, std::string_view label, const forms::Errors& errors, bool today_when_new) {
  std::string v = c.req.method == "GET" && c.req.param(id).empty() && today_when_new ? c.app.today().iso() : c.req.param(id);
  return forms::input(id, label, v, errors, "For example, 2025-06-30", "10", "date");
}

namespace {

// Whether the child waits in the viewer's locality queue (kAllocationQueueSql):
// a manager may open a child not yet in their scope to allocate them.
Result<bool> in_viewers_locality_queue(Ctx& c, Id person) {
  if (!c.viewer().locality_id) return false;
  auto n = c.db.scalar(std::string("SELECT count(*) ") + kAllocationQueueSql + " AND e.person_id = ?", {*c.viewer().locality_id, person});
  if (!n) return n.status();
  return *n > 0;
}

}  // namespace

Result<std::string> open_child(Ctx& c, Id person, const char* reason, Opening opening) {
  if (!casework::may_record_statutory_work(c.viewer().role))
    return Status::denied("Statutory work is recorded by the council's practitioners and managers.");
  std::string name;
  bool found = false;
  KITH_RETURN_IF_ERROR(c.db.run("SELECT forename || ' ' || surname FROM person WHERE id = ?", {person},
                                [&](const store::Statement& s) { found = true, name = s.text(0); }));
  if (!found) return Status::not_found("no child with id " + std::to_string(person));
  Status access = casework::check_access(c.db, c.viewer(), person);
  // Only a refusal by scope is lifted by the queue, never an error reading it.
  if (!access && access.code() == Status::Code::kDenied && opening == Opening::kOrInLocalityQueue) {
    auto queued = in_viewers_locality_queue(c, person);
    if (!queued) return queued.status();
    if (*queued) access = Status::ok();
  }
  store::WriteContext ctx{c.app.audit(), c.viewer().username, reason};
  KITH_RETURN_IF_ERROR(store::audited_write(c.db, ctx, access ? "read" : "read_denied", "person", [] { return Status::ok(); },
                                            [&] { return std::to_string(person); }));
  if (!access) return access;
  return name;
}

html::FieldError error_on_form(const std::string& message, const html::Html& fields) {
  html::FieldError e = forms::field_error_from(message, "");
  if (e.field.empty() || fields.str().find("id=\"" + e.field + "\"") == std::string::npos) {
    auto at = fields.str().find(" id=\"");
    e.field = at == std::string::npos ? "" : fields.str().substr(at + 5, fields.str().find('"', at + 5) - at - 5);
  }
  return e;
}

Response with_json_fields(Ctx& c, const std::function<Response(Ctx&)>& handler) {
  if (c.req.header("content-type").rfind("application/json", 0) != 0)
    return json_error(415, "Send the body as JSON with the header Content-Type: application/json");
  Request req = c.req;
  req.params.clear();
  try {
    json body = json::parse(c.req.body);
    if (!body.is_object()) return json_error(400, "The body must be a JSON object of the form's fields");
    for (const auto& [k, v] : body.items()) {
      if (!v.is_string()) return json_error(400, "\"" + k + "\" must be a string");
      req.params[k] = v.get<std::string>();
    }
  } catch (const json::parse_error& e) {
    return json_error(400, fmt::format("The body is not valid JSON (problem at byte {})", e.byte));
  }
  Ctx api{c.app, req, c.db, c.session};
  return handler(api);
}

Response json_saved(const Status& s, std::string_view slug, std::string_view conflict_message) {
  if (s.code() == Status::Code::kInvalid) {
    html::FieldError e = forms::field_error_from(s.message(), "");
    return json_response(400, {{"error", e.message}, {"field", e.field.empty() ? json(nullptr) : json(e.field)}});
  }
  if (s.code() == Status::Code::kConflict) return json_error(409, conflict_message);
  if (!s) return json_failure(s);
  return json_response(201, {{"saved", std::string(slug)}});
}

}  // namespace kith::web::record_forms
