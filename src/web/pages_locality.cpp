// Localities: the list and one locality's counts, hubs and caseloads.
#include <fmt/format.h>

#include "web/app.h"
#include "web/responses.h"
#include "web/views.h"

namespace kith::web {
namespace {

using html::Html;

Html counts(const casework::LocalityOverview& o, bool suppress) {
  html::Table t{.caption = "Children and contacts today", .headers = {"Measure", "Number"}, .numeric = {false, true}, .id = "counts"};
  auto row = [&](std::string_view label, int n) { t.rows.push_back({html::text(label), html::text(casework::published_count(n, suppress))}); };
  row("Children in families getting early help", o.children_early_help);
  row("Children in need (not on a plan or in care)", o.children_in_need);
  row("Children on a child protection plan", o.children_cp);
  row("Children looked after", o.children_looked_after);
  row("Contacts in the last 28 days", o.contacts_last_28_days);
  Html out = html::table(t);
  if (suppress) out += html::inset("Numbers from 1 to 5 are shown as c so that no child can be identified.");
  return out;
}

Html hubs(const std::vector<FamilyHub>& hubs) {
  if (hubs.empty()) return html::section_heading("Family hubs") + html::paragraph("This locality has no family hubs recorded.");
  html::Table t{.caption = "Family hubs", .headers = {"Hub", "Postcode"}, .id = "hubs"};
  for (const FamilyHub& h : hubs) t.rows.push_back({html::text(h.name), html::text(h.postcode)});
  return html::table(t);
}

std::string fte_text(double fte) { return fmt::format("{:.1f}", fte); }

std::string contract_text(const std::string& contract) {
  if (contract == "permanent") return "Permanent";
  if (contract == "agency") return "Agency";
  return contract;
}

Html caseloads(const std::vector<casework::WorkerCaseload>& loads, bool names) {
  if (loads.empty()) return html::section_heading("Caseloads") + html::paragraph("No council workers are in this locality's teams.");
  html::Table t{.caption = names ? "Caseloads" : "Caseloads (workers not named)",
                .headers = {"Team", "Contract", "FTE", "Children"},
                .numeric = {false, false, true, true},
                .id = "caseloads"};
  if (names) {
    t.headers.insert(t.headers.begin(), "Worker");
    t.numeric.insert(t.numeric.begin(), false);
  }
  for (const casework::WorkerCaseload& w : loads) {
    std::vector<Html> row;
    if (names) row.push_back(html::text(w.name));
    row.push_back(html::text(w.team));
    row.push_back(html::text(contract_text(w.contract)));
    row.push_back(html::text(fte_text(w.fte)));
    row.push_back(html::text(std::to_string(w.children)));
    t.rows.push_back(std::move(row));
  }
  return html::table(t);
}

Response locality_page(Ctx& c) {
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  auto o = casework::locality_overview(c.db, c.viewer(), *id, c.app.today());
  if (!o) return failure_page(o.status(), &c.session);
  Html main = html::heading(o->locality.name, "Locality overview");
  main += html::paragraph("As of " + c.app.today().display() + ".");
  main += counts(*o, o->aggregates_only) + hubs(o->hubs) + caseloads(o->caseloads, !o->aggregates_only);
  return html_response(200, chrome_for(c.session, o->locality.name + " – Locality overview", c.req.path), main);
}

Response localities_page(Ctx& c) {
  auto localities = casework::list_localities(c.db);
  if (!localities) return failure_page(localities.status(), &c.session);
  Html main = html::heading("Localities") + localities_table(*localities);
  return html_response(200, chrome_for(c.session, "Localities", "/localities"), main);
}

}  // namespace

std::vector<Route> locality_routes() {
  return {
      {"GET", "/localities", signed_in_page(localities_page)},
      {"GET", R"(/localities/(\d+))", signed_in_page(locality_page)},
  };
}

}  // namespace kith::web
