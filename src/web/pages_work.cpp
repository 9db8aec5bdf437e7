// "My work" for practitioners and the home page of the aggregate-only roles.
#include <fmt/format.h>

#include "casework/statutory.h"
#include "web/app.h"
#include "web/responses.h"
#include "web/views.h"

namespace kith::web {
namespace {

using html::Html;

Html work_table(const std::vector<casework::WorkItem>& items) {
  html::Table t{.caption = "Children allocated to you",
                .headers = {"Child", "Age", "Stage", "Allocated since", "Next statutory task"},
                .numeric = {false, true},
                .id = "my-work"};
  for (const casework::WorkItem& w : items)
    t.rows.push_back({html::link("/children/" + std::to_string(w.person_id), w.child_name), html::text(age_text(w.age)),
                      stage_tag(w.stage), html::text(w.allocated_since.display()),
                      w.next_due ? due_text(*w.next_due) : html::text("None due")});
  return html::table(t);
}

Response my_work_page(Ctx& c) {
  if (!c.viewer().worker_id)
    return error_page(403, &c.session, "My work lists the children allocated to you, and your account is not linked to a worker.");
  auto items = casework::my_work(c.db, *c.viewer().worker_id, c.app.today());
  if (!items) return failure_page(items.status(), &c.session);
  Html main = html::heading("My work", c.viewer().display_name);
  if (items->empty()) {
    main += html::paragraph("No children are allocated to you.");
  } else {
    main += html::paragraph(fmt::format("You have {} {} allocated. The earliest statutory task comes first.", items->size(),
                                        items->size() == 1 ? "child" : "children"));
    main += work_table(*items);
  }
  main += html::paragraph(html::link("/work/tasks?show=due", "Tasks due in the next 28 days") + html::text(" · ") +
                          html::link("/work/tasks?show=overdue", "Overdue tasks"));
  if (casework::may_authorise(c.viewer().role)) main += html::paragraph(html::link("/authorisations", "Awaiting your authorisation"));
  return html_response(200, chrome_for(c.session, "My work", "/my-work"), main);
}

std::string_view scope_text(Role role) {
  switch (role) {
    case Role::kCouncillor:
      return "You can see counts for every locality. As in published figures, numbers from 1 to 5 are shown as c, and "
             "no child's or worker's name is shown.";
    case Role::kPerformanceAnalyst:
      return "You can see counts and caseloads for every locality. Your role does not open individual children's records.";
    case Role::kAdministrator:
      return "You can see counts and caseloads for every locality. Your role runs the service and does not open "
             "children's records.";
    default:
      return "Choose a locality to see its counts and caseloads.";
  }
}

Response home_page(Ctx& c) {
  auto localities = casework::list_localities(c.db);
  if (!localities) return failure_page(localities.status(), &c.session);
  Html main = html::heading("Home", std::string(role_label(c.viewer().role)));
  main += html::paragraph(scope_text(c.viewer().role));
  main += localities_table(*localities);
  return html_response(200, chrome_for(c.session, "Home", "/home"), main);
}

}  // namespace

std::vector<Route> work_routes() {
  return {
      {"GET", "/my-work", signed_in_page(my_work_page)},
      {"GET", "/home", signed_in_page(home_page)},
  };
}

}  // namespace kith::web
