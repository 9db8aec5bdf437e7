// Allocating a child to a social worker: GET and POST /children/{id}/allocation,
// for team and locality managers. The continuity check of the council minutes
// (casework::check_allocation) is shown before the allocation is made: when it
// would give the child a third (or later) social worker within 12 months the
// page warns, and the allocation is made only once the manager has seen the
// warning and given a reason.
//
// Who may allocate: a manager whose scope includes the child
// (casework::check_access), or, for a child with an open referral and no
// allocated social worker yet (a child just stepped up or referred), a team or
// locality manager of the locality the front door routed the family to.
// Opening the page audits the read of the child.
#include <fmt/format.h>

#include "casework/allocation.h"
#include "casework/statutory.h"
#include "store/audited_write.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/record_forms.h"
#include "web/responses.h"
#include "web/views.h"

namespace kith::web {
namespace {

using forms::Errors;
using forms::Option;
using html::Html;

constexpr const char* kReason = "allocation";

store::WriteContext write_ctx(Ctx& c) { return {c.app.audit(), c.viewer().username, kReason}; }

// Why a worker changes; the codes of involvement.reason_for_change.
const std::vector<Option> kReasons = {{"", "Choose the reason"},
                                      {"step_up", "Stepped up from early help"},
                                      {"worker_left", "The worker left or is on long-term leave"},
                                      {"team_transfer", "Transfer to another team"},
                                      {"caseload", "The worker's caseload"},
                                      {"family_request", "The family asked for a change"},
                                      {"other", "Another reason"}};

struct Current {
  std::string worker;  // empty when nobody is allocated
  std::optional<Date> since;
};

Result<Current> current_allocation(store::Database& db, Id person) {
  Current out;
  KITH_RETURN_IF_ERROR(db.run("SELECT w.name, i.start_date FROM involvement i JOIN worker w ON w.id = i.worker_id "
                              "WHERE i.person_id = ? AND i.role = 'allocated_social_worker' AND i.end_date IS NULL ORDER BY i.id DESC LIMIT 1",
                              {person}, [&](const store::Statement& s) { out.worker = s.text(0), out.since = s.date(1); }));
  return out;
}

// Council social workers who can hold a case, with their team.
Result<std::vector<Option>> worker_options(store::Database& db) {
  std::vector<Option> out{{"", "Choose a social worker"}};
  KITH_RETURN_IF_ERROR(db.run("SELECT w.id, w.name, t.name FROM worker w JOIN team t ON t.id = w.team_id "
                              "WHERE w.agency = 'council' AND w.leave_date IS NULL "
                              "AND w.role IN ('social_worker', 'senior_practitioner', 'personal_adviser') ORDER BY t.name, w.name, w.id",
                              {}, [&](const store::Statement& s) {
                                out.push_back({std::to_string(s.int64(0)), fmt::format("{} ({})", s.text(1), s.text(2))});
                              }));
  return out;
}

std::string ordinal(int n) { return std::to_string(n) + (n == 1 ? "st" : n == 2 ? "nd" : n == 3 ? "rd" : "th"); }

struct Warning {
  int workers = 0;  // distinct social workers in 12 months with this one
};

Response allocation_page(Ctx& c, Id person, const std::string& name, int status, const Errors& errors, std::optional<Warning> warn) {
  auto current = current_allocation(c.db, person);
  if (!current) return failure_page(current.status(), &c.session);
  auto workers = worker_options(c.db);
  if (!workers) return failure_page(workers.status(), &c.session);
  std::string href = "/children/" + std::to_string(person);
  Html main = html::error_summary(errors) + html::heading("Allocate a social worker", name);
  main += html::summary_list({{"Allocated now", html::text(current->worker.empty() ? "Nobody" : current->worker)},
                              {"Since", html::text(current->since ? current->since->display() : "")}});
  if (warn)
    main += Html::raw("<div class=\"govuk-warning-text\" id=\"continuity-warning\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
                      "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>") +
            html::text(fmt::format("This would be {}'s {} social worker in 12 months. Changes of worker harm the relationship the child relies on: "
                                   "give the reason the change cannot be avoided, then allocate again.",
                                   name, ordinal(warn->workers))) +
            Html::raw("</strong></div>");
  std::string date = c.req.method == "GET" && c.req.param("allocation_date").empty() ? c.app.today().iso() : c.req.param("allocation_date");
  main += forms::form_start(href + "/allocation", c.session.csrf_token);
  if (warn) main += Html::raw("<input type=\"hidden\" name=\"warned\" value=\"1\">");
  main += forms::select("worker_id", "Social worker", *workers, c.req.param("worker_id"), errors) +
          forms::input("allocation_date", "Date the allocation starts", date, errors, "For example, 2025-06-30", "10", "date") +
          forms::select("reason", "Reason for the change of worker (needed for any change)", kReasons, c.req.param("reason"), errors) +
          forms::form_end("Allocate");
  main += html::paragraph(html::link(href, "Back to " + name + "'s record"));
  return html_response(status, chrome_for(c.session, forms::title_with(errors, "Allocate a social worker – " + name)), main);
}

// Validates the form into an Allocation; errors name the field.
Result<casework::Allocation> read_form(Ctx& c, Id person) {
  auto worker = parse_id(c.req.param("worker_id"));
  if (!worker) return Status::invalid("worker_id: choose a social worker");
  std::optional<Id> team;
  bool found = false;
  KITH_RETURN_IF_ERROR(c.db.run("SELECT team_id FROM worker WHERE id = ? AND agency = 'council' AND leave_date IS NULL", {*worker},
                                [&](const store::Statement& s) { found = true, team = s.opt_int64(0); }));
  if (!found || !team) return Status::invalid("worker_id: choose a current social worker from the list");
  auto on = Date::parse_iso(c.req.param("allocation_date"));
  if (!on) return Status::invalid("allocation_date: enter a real date, like 2025-06-30");
  if (*on > c.app.today()) return Status::invalid("allocation_date: the date cannot be in the future");
  // The current allocation ends the day before: it cannot end before it began.
  auto current = current_allocation(c.db, person);
  if (!current) return current.status();
  if (current->since && *on <= *current->since)
    return Status::invalid("allocation_date: the current allocation began on " + current->since->display() + "; the new one must start after it");
  std::string reason = c.req.param("reason");
  bool known = reason.empty();
  for (const Option& o : kReasons) known = known || o.value == reason;
  if (!known) return Status::invalid("reason: choose a reason from the list");
  return casework::Allocation{person, *worker, *team, *on, reason};
}

// GET and POST /children/{id}/allocation
Response allocation(Ctx& c) {
  if (!casework::may_authorise(c.viewer().role)) return error_page(403, &c.session, "Team and locality managers allocate children to social workers.");
  auto person = parse_id(c.req.captures.at(0));
  if (!person) return error_page(404, &c.session);
  // may_authorise above: the role check in open_child (may_record_statutory_work) always passes here.
  auto name = record_forms::open_child(c, *person, kReason, record_forms::Opening::kOrInLocalityQueue);
  if (!name) return failure_page(name.status(), &c.session);
  if (c.req.method == "GET") return allocation_page(c, *person, *name, 200, {}, std::nullopt);
  auto a = read_form(c, *person);
  if (!a && a.status().code() == Status::Code::kInvalid)
    return allocation_page(c, *person, *name, 400, {forms::field_error_from(a.status().message(), "worker_id")}, std::nullopt);
  if (!a) return failure_page(a.status(), &c.session);
  auto check = casework::check_allocation(c.db, a->person_id, a->worker_id, a->on);
  if (!check) return failure_page(check.status(), &c.session);
  // The warning is always shown once before a third worker is allocated, reason given or not.
  if (check->needs_reason && (a->reason.empty() || c.req.param("warned") != "1")) {
    Errors e;
    if (a->reason.empty())
      e.push_back({"reason", "Give the reason for the change: this would be the child's " + ordinal(check->workers_in_12_months) +
                                 " social worker in 12 months"});
    return allocation_page(c, *person, *name, e.empty() ? 200 : 400, e, Warning{check->workers_in_12_months});
  }
  auto made = casework::allocate(c.db, write_ctx(c), *a);
  if (!made && made.status().code() == Status::Code::kInvalid)
    return allocation_page(c, *person, *name, 400, {forms::field_error_from(made.status().message(), "worker_id")},
                           check->needs_reason ? std::optional<Warning>(Warning{check->workers_in_12_months}) : std::nullopt);
  if (!made) return failure_page(made.status(), &c.session);
  return Response::redirect("/children/" + std::to_string(*person));
}

// GET /allocations: the children with an open referral and no social worker
// in the manager's locality (record_forms::kAllocationQueueSql), oldest referral first.
Response waiting_page(Ctx& c) {
  const access::Viewer& v = c.viewer();
  if (!casework::may_authorise(v.role)) return error_page(403, &c.session, "Team and locality managers allocate children to social workers.");
  html::Table t{.caption = "Children with an open referral and no social worker, oldest referral first",
                .headers = {"Child", "Referral", "Routed to"},
                .id = "waiting"};
  if (v.locality_id) {
    Status s = c.db.run(std::string("SELECT DISTINCT e.person_id, p.forename || ' ' || p.surname, e.referral_date, "
                                    "coalesce((SELECT t.name FROM team t WHERE t.id = r.team_id), '') ") +
                            record_forms::kAllocationQueueSql + " ORDER BY e.referral_date, e.person_id",
                        {*v.locality_id}, [&](const store::Statement& s) {
                          t.rows.push_back({html::link(fmt::format("/children/{}/allocation", s.int64(0)), s.text(1)),
                                            html::text(s.date(2) ? s.date(2)->display() : ""), html::text(s.text(3))});
                        });
    if (!s) return failure_page(s, &c.session);
  }
  Html main = html::heading("Children waiting for a social worker", v.display_name);
  main += t.rows.empty() ? html::paragraph("No child with an open referral in your locality is waiting for a social worker.") : html::table(t);
  return html_response(200, chrome_for(c.session, "Children waiting for a social worker", "/allocations"), main);
}

}  // namespace

std::vector<Route> allocation_routes() {
  return {{"GET", "/allocations", signed_in_page(waiting_page)},
          {"GET", R"(/children/(\d+)/allocation)", signed_in_page(allocation)},
          {"POST", R"(/children/(\d+)/allocation)", signed_in_page(allocation)}};
}

}  // namespace kith::web
