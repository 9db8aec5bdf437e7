// A partner practitioner's entry in a family's chronology, from the child's
// record: POST /children/{id}/partner-notes. Only a partner in the family's
// team around the family, while the family's consent stands, may add one
// (casework::add_partner_note decides and audits). A mistake re-shows the
// form with what was typed.
#include <fmt/format.h>

#include "casework/partner_fields.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/responses.h"
#include "web/views.h"

namespace kith::web {
namespace {

using html::Html;

Html note_form(Id child, const std::string& csrf, const std::string& typed, const forms::Errors& e) {
  return forms::form_start(fmt::format("/children/{}/partner-notes", child), csrf) +
         forms::textarea("summary", "Add to the family's chronology", typed, e,
                         "What you did or found, for the team around the family. It is shown with your agency and name.") +
         forms::form_end("Add entry", true);
}

Response add_note(Ctx& c) {
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  std::string typed = c.req.param("summary");
  auto added = casework::add_partner_note(c.db, {c.app.audit(), c.viewer().username, "team around the family"}, c.viewer(), *id,
                                          c.app.today(), typed);
  if (added.status().code() == Status::Code::kInvalid) {
    forms::Errors e{forms::field_error_from(added.status().message(), "summary")};
    Html main = html::error_summary(e) + html::heading("Add to the family's chronology", "Team around the family") +
                note_form(*id, c.session.csrf_token, typed, e);
    return html_response(400, chrome_for(c.session, forms::title_with(e, "Add to the family's chronology")), main);
  }
  if (!added) return failure_page(added.status(), &c.session);
  return Response::redirect(fmt::format("/children/{}?saved=note#chronology", *id));
}

}  // namespace

std::vector<Route> partner_routes() { return {{"POST", R"(/children/(\d+)/partner-notes)", signed_in_page(add_note)}}; }

}  // namespace kith::web
