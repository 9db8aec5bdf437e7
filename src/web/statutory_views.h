// The statutory-work parts of the child's record page: links to the forms
// that fit where the child is (pages_statutory.cpp) and the voice of the
// child. Internal to the web shell.
//
// Thread-safety: functions of one request; they use only the Ctx's database.
#pragma once

#include "web/app.h"
#include "web/html.h"

namespace kith::web {

// "Record statutory work" links for the child, only for roles that may
// record it; empty for everyone else. Errors come back as a Status.
Result<html::Html> statutory_work_links(Ctx& c, Id person_id);

// "Voice of the child": wishes and feelings from visits, reviews and
// conferences, and feedback on the service.
Result<html::Html> voice_of_child_section(Ctx& c, Id person_id);

}  // namespace kith::web
