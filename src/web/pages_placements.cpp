// Placements and sufficiency: the provider register (filters, one provider,
// add and edit for managers) and the placement search for one child, nearest
// the child's home first with distance, weekly cost and in or out of area.
// Every POST carries the session's CSRF token (signed_in_page checks it);
// writes and searches are audited by the casework functions.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <mutex>

#include "casework/placements.h"
#include "returns/ssda903/postcodes.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/responses.h"
#include "web/views.h"

namespace kith::web {
namespace {

using forms::Errors;
using forms::Option;
using html::Html;
namespace cw = casework;

constexpr const char* kReason = "placement register";

// The postcode centroids, loaded once per process (from the binary cache
// after the first run, see docs/RETURNS_903.md). KITH_DATA_DIR, else the data/
// folder beside the assets, as the dashboards find theirs. nullptr when absent:
// the search then lists providers without distances.
const returns::ssda903::PostcodeIndex* shared_postcodes(const App& app) {
  static std::once_flag once;
  static std::unique_ptr<returns::ssda903::PostcodeIndex> loaded;
  std::call_once(once, [&] {
    const char* env = std::getenv("KITH_DATA_DIR");
    std::string dir = env ? env : app.options().assets_dir.empty() ? "" : app.options().assets_dir + "/../data";
    if (dir.empty() || !std::filesystem::exists(dir + "/postcodes")) return;
    auto index = returns::ssda903::PostcodeIndex::load(dir);
    if (index) loaded = std::make_unique<returns::ssda903::PostcodeIndex>(std::move(*index));
  });
  return loaded.get();
}

cw::PostcodeLookup lookup_over(const returns::ssda903::PostcodeIndex* index) {
  if (!index) return {};
  return [index](std::string_view pc) -> std::optional<cw::PostcodePlace> {
    auto p = index->find(pc);
    if (!p) return std::nullopt;
    return cw::PostcodePlace{p->easting, p->northing, p->has_grid, std::string(p->pl_la)};
  };
}

std::string pounds(std::int64_t pence) {
  return pence % 100 == 0 ? fmt::format("£{}", pence / 100) : fmt::format("£{}.{:02}", pence / 100, pence % 100);
}

std::string sex_label(const std::string& s) { return s == "M" ? "Boys only" : s == "F" ? "Girls only" : "Any"; }

std::vector<Option> type_options(std::string_view blank) {
  std::vector<Option> out{{"", std::string(blank)}};
  for (auto t : cw::kProviderTypes) out.push_back({std::string(t), std::string(cw::provider_type_label(t))});
  return out;
}

std::vector<Option> status_options(std::string_view blank) {
  std::vector<Option> out;
  if (!blank.empty()) out.push_back({"", std::string(blank)});
  for (auto s : cw::kApprovalStatuses) {
    std::string label(s);
    label[0] = char(std::toupper(static_cast<unsigned char>(label[0])));
    out.push_back({std::string(s), label});
  }
  return out;
}

Response not_allowed(Ctx& c) {
  return error_page(403, &c.session, "The placement register is for the council's practitioners, managers and analysts.");
}

Html status_tag(const std::string& status) {
  return html::tag(status, status == "approved" ? html::Colour::kGreen : status == "pending" ? html::Colour::kBlue : html::Colour::kRed);
}

Html vacancy_cell(const cw::Provider& p) {
  if (p.current_children > p.capacity) return html::tag("Over capacity", html::Colour::kRed);
  return html::text(std::to_string(p.vacancies()));
}

// GET /placements/providers[?type=&status=&vacancy=1]
Response register_page(Ctx& c) {
  if (!cw::may_view_providers(c.viewer().role)) return not_allowed(c);
  const Request& r = c.req;
  cw::ProviderFilter f{r.param("type"), r.param("status"), r.param("vacancy") == "1"};
  auto providers = cw::list_providers(c.db, f, c.app.today());
  if (!providers) return failure_page(providers.status(), &c.session);
  Html main = html::heading("Placement providers", "Placements and sufficiency");
  if (r.param("saved") == "1") main += html::notification("Success", "The provider was saved.", true);
  if (cw::may_edit_providers(c.viewer().role))
    main += Html::raw("<a href=\"/placements/providers/new\" class=\"govuk-button\" data-module=\"govuk-button\">Add a provider</a>");
  main += Html::raw("<form method=\"get\" action=\"/placements/providers\" class=\"kith-filter\" novalidate>") +
          forms::select("type", "Kind of provider", type_options("All kinds"), f.provider_type, {}) +
          forms::select("status", "Approval", status_options("Any status"), f.approval_status, {}) +
          forms::checkbox("vacancy", "Only providers with a vacancy today", f.with_vacancy) +
          Html::raw("<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Filter</button></form>");
  html::Table t{.caption = fmt::format("{} {}", providers->size(), providers->size() == 1 ? "provider" : "providers"),
                .headers = {"Provider", "Kind", "Postcode", "Approval", "Ages", "Capacity", "Current children", "Vacancies", "Weekly cost"},
                .numeric = {false, false, false, false, false, true, true, true, true},
                .id = "providers"};
  for (const cw::Provider& p : *providers)
    t.rows.push_back({html::link("/placements/providers/" + std::to_string(p.id), p.name), html::text(cw::provider_type_label(p.provider_type)),
                      html::text(p.postcode), status_tag(p.approval_status), html::text(fmt::format("{} to {}", p.min_age, p.max_age)),
                      html::text(std::to_string(p.capacity)), html::text(std::to_string(p.current_children)), vacancy_cell(p),
                      html::text(pounds(p.weekly_cost_pence))});
  main += html::table(t);
  return html_response(200, chrome_for(c.session, "Placement providers"), main);
}

std::vector<html::SummaryRow> provider_rows(const cw::Provider& p) {
  return {{"Kind", html::text(cw::provider_type_label(p.provider_type))},
          {"Postcode", html::text(p.postcode)},
          {"Ofsted URN", p.ofsted_urn.empty() ? Html() : html::text(p.ofsted_urn)},
          {"Approval", status_tag(p.approval_status) + (p.approval_date ? html::text(" on " + p.approval_date->display()) : Html())},
          {"Ages", html::text(fmt::format("{} to {}", p.min_age, p.max_age))},
          {"Sex", html::text(sex_label(p.sex_restriction))},
          {"Capacity", html::text(std::to_string(p.capacity))},
          {"Current children", html::text(std::to_string(p.current_children))},
          {"Vacancies", vacancy_cell(p)},
          {"Weekly cost", html::text(pounds(p.weekly_cost_pence))},
          {"Placement provider code", html::text(p.provider_code)}};
}

// GET /placements/providers/{id}
Response provider_page(Ctx& c) {
  if (!cw::may_view_providers(c.viewer().role)) return not_allowed(c);
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  auto p = cw::load_provider(c.db, *id, c.app.today());
  if (!p) return failure_page(p.status(), &c.session);
  Html main = html::heading(p->name, "Placement provider");
  if (c.req.param("saved") == "1") main += html::notification("Success", "The provider was saved.", true);
  main += html::summary_list(provider_rows(*p));
  main += html::paragraph("Current children are the provider's open placements in the case record; vacancies are capacity less current children.");
  if (cw::may_edit_providers(c.viewer().role))
    main += Html::raw(fmt::format("<a href=\"/placements/providers/{}/edit\" class=\"govuk-button govuk-button--secondary\" "
                                  "data-module=\"govuk-button\">Edit this provider</a>", p->id));
  main += html::paragraph(html::link("/placements/providers", "Back to the register"));
  return html_response(200, chrome_for(c.session, p->name + " – Placement provider"), main);
}

cw::ProviderForm form_from(const Request& r) {
  return {r.param("name"),     r.param("provider_type"), r.param("postcode"), r.param("ofsted_urn"), r.param("approval_status"),
          r.param("approval_date"), r.param("capacity"), r.param("min_age"), r.param("max_age"), r.param("sex_restriction"),
          r.param("weekly_cost"), r.param("version")};
}

cw::ProviderForm form_of(const cw::Provider& p) {
  return {p.name, p.provider_type, p.postcode, p.ofsted_urn, p.approval_status, p.approval_date ? p.approval_date->iso() : "",
          std::to_string(p.capacity), std::to_string(p.min_age), std::to_string(p.max_age), p.sex_restriction,
          p.weekly_cost_pence % 100 == 0 ? std::to_string(p.weekly_cost_pence / 100) : fmt::format("{}.{:02}", p.weekly_cost_pence / 100, p.weekly_cost_pence % 100),
          std::to_string(p.version)};
}

Response provider_form(Ctx& c, int status, const std::string& action, const std::string& title, const cw::ProviderForm& f,
                       const Errors& e) {
  Html main = html::error_summary(e) + html::heading(title, "Placement providers");
  Html form = forms::form_start(action, c.session.csrf_token);
  form += forms::input("name", "Name", f.name, e);
  form += forms::select("provider_type", "Kind of provider", type_options("Choose a kind"), f.provider_type, e);
  form += forms::input("postcode", "Postcode", f.postcode, e, "For example, M1 1AE", "10");
  form += forms::input("ofsted_urn", "Ofsted URN", f.ofsted_urn, e, "Needed for children's homes, agencies and supported accommodation, for example SC123456", "10");
  form += forms::radios("approval_status", "Approval status", status_options(""), f.approval_status, e);
  form += forms::input("approval_date", "Date approved", f.approval_date, e, "For example, 2024-03-01", "10", "date");
  form += forms::input("capacity", "How many children can they take?", f.capacity, e, {}, "4");
  form += forms::input("min_age", "Youngest age", f.min_age, e, "In years, 0 to 17", "4");
  form += forms::input("max_age", "Oldest age", f.max_age, e, "In years, 0 to 17", "4");
  form += forms::radios("sex_restriction", "Who can they take?", {{"", "Any"}, {"M", "Boys only"}, {"F", "Girls only"}}, f.sex_restriction, e);
  form += forms::input("weekly_cost", "Weekly cost in pounds", f.weekly_cost, e, "For example, 650 or 650.50", "10");
  if (!f.version.empty()) form += Html::raw(fmt::format("<input type=\"hidden\" name=\"version\" value=\"{}\">", html::escape(f.version)));
  main += form + forms::form_end("Save provider");
  return html_response(status, chrome_for(c.session, forms::title_with(e, title)), main);
}

Errors errors_of(const std::vector<cw::ProviderProblem>& problems) {
  Errors out;
  for (const auto& p : problems) out.push_back({p.field, p.message});
  return out;
}

Response not_manager(Ctx& c) { return error_page(403, &c.session, "Only team and locality managers add or change placement providers."); }

store::WriteContext write_ctx(Ctx& c) { return {c.app.audit(), c.viewer().username, kReason}; }

// GET /placements/providers/new
Response new_provider(Ctx& c) {
  if (!cw::may_edit_providers(c.viewer().role)) return not_manager(c);
  cw::ProviderForm blank;
  blank.approval_status = "approved";
  blank.min_age = "0";
  blank.max_age = "17";
  return provider_form(c, 200, "/placements/providers", "Add a provider", blank, {});
}

// POST /placements/providers
Response create_provider(Ctx& c) {
  if (!cw::may_edit_providers(c.viewer().role)) return not_manager(c);
  cw::ProviderForm f = form_from(c.req);
  f.version.clear();
  if (auto problems = cw::check_provider(f); !problems.empty())
    return provider_form(c, 400, "/placements/providers", "Add a provider", f, errors_of(problems));
  auto id = cw::add_provider(c.db, write_ctx(c), f);
  if (!id) return failure_page(id.status(), &c.session);
  return Response::redirect("/placements/providers/" + std::to_string(*id) + "?saved=1");
}

// GET /placements/providers/{id}/edit
Response edit_form(Ctx& c) {
  if (!cw::may_edit_providers(c.viewer().role)) return not_manager(c);
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  auto p = cw::load_provider(c.db, *id, c.app.today());
  if (!p) return failure_page(p.status(), &c.session);
  return provider_form(c, 200, "/placements/providers/" + std::to_string(*id), "Edit " + p->name, form_of(*p), {});
}

// POST /placements/providers/{id}
Response update_provider(Ctx& c) {
  if (!cw::may_edit_providers(c.viewer().role)) return not_manager(c);
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  cw::ProviderForm f = form_from(c.req);
  std::string action = "/placements/providers/" + std::to_string(*id), title = "Edit " + (f.name.empty() ? "provider" : f.name);
  if (auto problems = cw::check_provider(f); !problems.empty()) return provider_form(c, 400, action, title, f, errors_of(problems));
  Status saved = cw::edit_provider(c.db, write_ctx(c), *id, f);
  if (saved.code() == Status::Code::kConflict)
    return provider_form(c, 409, action, title, f, {forms::field_error_from(saved.message(), "name")});
  if (!saved) return failure_page(saved, &c.session);
  return Response::redirect(action + "?saved=1");
}

// GET /children/{id}/placement-search[?budget=&type=]
Response search_page(Ctx& c) {
  if (!cw::may_view_providers(c.viewer().role)) return not_allowed(c);
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  const Request& r = c.req;
  Errors e;
  // The nearest 50: a national register would otherwise list (and count the vacancies of) thousands.
  cw::PlacementSearch q{*id, std::nullopt, r.param("type"), 50};
  if (std::string budget = r.param("budget"); !budget.empty()) {
    q.max_weekly_pence = cw::pounds_to_pence(budget);
    if (!q.max_weekly_pence) e.push_back({"budget", "Enter the weekly budget in pounds, like 900"});
  }
  if (!q.provider_type.empty() && cw::provider_type_label(q.provider_type).empty()) e.push_back({"type", "Choose a kind of provider from the list"});
  Html form = Html::raw(fmt::format("<form method=\"get\" action=\"/children/{}/placement-search\" novalidate>", *id)) +
              forms::input("budget", "Weekly budget in pounds", r.param("budget"), e, "Leave blank for no limit", "10") +
              forms::select("type", "Kind of provider", type_options("All kinds"), q.provider_type, e) +
              Html::raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Search</button></form>");
  if (!e.empty()) {
    Html main = html::error_summary(e) + html::heading("Find a placement", "Placements and sufficiency") + form;
    return html_response(400, chrome_for(c.session, forms::title_with(e, "Find a placement")), main);
  }
  auto found = cw::search_placements(c.db, c.app.audit(), c.viewer(), q, lookup_over(shared_postcodes(c.app)), c.app.today());
  if (!found) return failure_page(found.status(), &c.session);
  Html main = html::heading("Find a placement for " + found->child_name, "Placements and sufficiency");
  main += html::summary_list({{"Age", found->age ? html::text(std::to_string(*found->age)) : Html()},
                              {"Home postcode", html::text(found->home_postcode)}});
  if (!found->home_found) main += html::inset("The child's home postcode was not found, so distances are not shown.");
  main += form;
  html::Table t{.caption = found->more ? fmt::format("The nearest {} providers with a vacancy", found->options.size())
                                       : fmt::format("{} {} with a vacancy, nearest first", found->options.size(),
                                                     found->options.size() == 1 ? "provider" : "providers"),
                .headers = {"Provider", "Kind", "Distance", "Area", "Weekly cost", "Vacancies", "Ages"},
                .numeric = {false, false, true, false, true, true, false},
                .id = "options"};
  for (const cw::PlacementOption& o : found->options) {
    const cw::Provider& p = o.provider;
    t.rows.push_back({html::link("/placements/providers/" + std::to_string(p.id), p.name), html::text(cw::provider_type_label(p.provider_type)),
                      o.miles ? html::text(fmt::format("{:.1f} miles", *o.miles)) : html::text("Not known"),
                      !o.in_area ? html::text("Not known") : *o.in_area ? html::tag("In area", html::Colour::kGreen) : html::tag("Out of area", html::Colour::kYellow),
                      html::text(pounds(p.weekly_cost_pence)), html::text(std::to_string(p.vacancies())),
                      html::text(fmt::format("{} to {}", p.min_age, p.max_age))});
  }
  main += t.rows.empty() ? html::paragraph("No approved provider with a vacancy fits this child within the budget.") : html::table(t);
  main += html::paragraph("Distances are straight lines between postcode centres, as the DfE's SSDA903 return measures them. "
                          "In or out of area is by the local authority of the provider's postcode.");
  main += html::paragraph(html::link("/children/" + std::to_string(*id), "Back to the child's record"));
  return html_response(200, chrome_for(c.session, "Find a placement for " + found->child_name), main);
}

}  // namespace

std::vector<Route> placement_routes() {
  return {{"GET", "/placements/providers", signed_in_page(register_page)},
          {"GET", "/placements/providers/new", signed_in_page(new_provider)},
          {"POST", "/placements/providers", signed_in_page(create_provider)},
          {"GET", R"(/placements/providers/(\d+))", signed_in_page(provider_page)},
          {"GET", R"(/placements/providers/(\d+)/edit)", signed_in_page(edit_form)},
          {"POST", R"(/placements/providers/(\d+))", signed_in_page(update_provider)},
          {"GET", R"(/children/(\d+)/placement-search)", signed_in_page(search_page)}};
}

}  // namespace kith::web
