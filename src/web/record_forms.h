// Form plumbing shared by the forms on a child's record that pages_statutory.cpp
// and pages_send.cpp serve at /children/{id}/statutory/{form} and, as JSON, at
// POST /api/v1/children/{id}/statutory/{form}, and by the allocation form
// (pages_allocation.cpp): the date fields, opening the child (role, scope,
// audited read), putting a casework "field: message" error on the right field,
// and the JSON request and answer. Internal to the web shell.
//
// Thread-safety: functions of one request; they use only the Ctx's database.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "web/app.h"
#include "web/forms.h"
#include "web/html.h"

namespace kith::web::record_forms {

// A required date field: the parsed date; invalid naming the field when it is
// not a real ISO date or is after the server's today.
Result<Date> need_date(Ctx& c, const std::string& name);

// A date input: today on a fresh form (GET, nothing typed) when today_when_new,
// else what was typed. Pure but for the request.
html::Html date_input(Ctx& c, const std::string& id, std::string_view label, const forms::Errors& errors, bool today_when_new = true);

// The children a locality's team and locality managers allocate from: an open
// referral, no allocated social worker, and the front door's latest routing of
// the family (routing.locality_id) to the locality, the one "?". The routed
// team may be an early help team, so the locality, not the team, decides.
// The FROM and WHERE of the query; the caller adds the SELECT (and may add
// "AND ..." conditions after it).
inline constexpr const char* kAllocationQueueSql =
    "FROM cin_episode e JOIN person p ON p.id = e.person_id "
    "JOIN family_member m ON m.person_id = e.person_id AND m.end_date IS NULL "
    "JOIN routing r ON r.family_id = m.family_id "
    "WHERE e.close_date IS NULL AND r.locality_id = ? "
    "AND r.id = (SELECT max(r2.id) FROM routing r2 WHERE r2.family_id = m.family_id) "
    "AND NOT EXISTS (SELECT 1 FROM involvement i WHERE i.person_id = e.person_id AND i.end_date IS NULL "
    "AND i.role = 'allocated_social_worker')";

// Who may open a child beyond those casework::check_access lets see them.
enum class Opening {
  kInScopeOnly,        // the statutory and SEND forms
  kOrInLocalityQueue,  // allocation: also a child in the manager's kAllocationQueueSql
};

// The child's name, after checking the viewer may record statutory work
// (denied for other roles) and may see the child (casework::check_access, or
// with kOrInLocalityQueue the child waits in the viewer's locality queue),
// auditing the read or the refusal with `reason`. not_found for no such child.
Result<std::string> open_child(Ctx& c, Id person, const char* reason, Opening opening = Opening::kInScopeOnly);

// The error for a casework "field: message" Status on a form: on that field
// when the form has it, else on the form's first field (a record behind the form).
html::FieldError error_on_form(const std::string& message, const html::Html& fields);

// Runs handler on a copy of the request whose form fields are the body's JSON
// object of strings (checkboxes "1"); answers 415 when the body is not JSON and
// 400 naming the problem when it is not an object of strings.
Response with_json_fields(Ctx& c, const std::function<Response(Ctx&)>& handler);

// The JSON answer to a form saved through the API: 201 {"saved": slug}, 400
// {"error", "field"} for invalid, 409 {"error": conflict_message} for a
// conflict, else the usual failure answer.
Response json_saved(const Status& s, std::string_view slug, std::string_view conflict_message);

}  // namespace kith::web::record_forms
