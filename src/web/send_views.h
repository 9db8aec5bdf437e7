// The child's record section for special educational needs, transition to
// adult services and the care and pathway plans (pages_send.cpp), and the
// consent link on the team around the family (pages_consent.cpp). Internal
// to the web shell.
//
// Thread-safety: functions of one request; they use only the Ctx's database.
#pragma once

#include "web/app.h"
#include "web/html.h"

namespace kith::web {

// "Special educational needs, transition and plans": SEN support or EHC plan,
// disabilities, transition (with an "Overdue" tag), care plan and pathway
// plan with their authorisation; links to the forms that fit, for the roles
// that record statutory work. For council staff only (the caller decides).
Result<html::Html> send_section(Ctx& c, Id person_id);

}  // namespace kith::web
