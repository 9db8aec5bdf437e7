// The statutory-work parts of the child's record page: links to the forms
// that fit where the child is (pages_statutory.cpp) and the voice of the
// child. Internal to the web shell.
//
// Thread-safety: functions of one request; they use only the Ctx's database.
#pragma once

#include <string>

#include "web/app.h"
#include "web/html.h"

namespace kith::web {

// "Record statutory work" links for the child, only for roles that may
// record it; empty for everyone else. Errors come back as a Status.
Result<html::Html> statutory_work_links(Ctx& c, Id person_id);

// POST /api/v1/children/{id}/statutory/{slug} for the forms served here
// (pages_statutory.cpp), the request's fields already taken from the JSON body
// (record_forms::with_json_fields; pages_send.cpp routes it): 201 {"saved"},
// 400 {"error", "field"}, 409 (someone else's save, or the form does not fit
// the record now), 403, 404 as JSON. A form that changes a record needs
// "version": "<id>:<version>" of that record.
Response statutory_form_api(Ctx& api, Id person_id, const std::string& slug);

// Whether slug names one of the forms served here.
bool statutory_form_exists(const std::string& slug);

// "Voice of the child": wishes and feelings from visits, reviews and
// conferences, and feedback on the service.
Result<html::Html> voice_of_child_section(Ctx& c, Id person_id);

}  // namespace kith::web
