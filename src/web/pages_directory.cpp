// The public family services directory: no sign-in, for families and
// partners. Filter by what a service offers; with a postcode, nearest first.
// It shows no personal data, so it needs no session and writes no audit entry.
#include <fmt/format.h>

#include "casework/directory.h"
#include "casework/routing.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/responses.h"

namespace kith::web {
namespace {

using html::Html;

Html filter_form(const Request& r, const forms::Errors& errors) {
  std::vector<forms::Option> offers{{"", "All services"}};
  for (auto o : casework::kOffers) offers.push_back({std::string(o), std::string(casework::offer_label(o))});
  // A GET form: the search is bookmarkable and needs no CSRF token.
  return Html::raw("<form method=\"get\" action=\"/directory\" novalidate>") +
         forms::select("offer", "What help are you looking for?", offers, r.param("offer"), errors) +
         forms::input("postcode", "Your postcode", r.param("postcode"), errors, "To list the nearest first, for example AB1 2CD", "10") +
         Html::raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Search</button></form>");
}

Html service_card(const casework::DirectoryService& s) {
  Html out = Html::raw(fmt::format("<div class=\"govuk-summary-card\" id=\"service-{}\"><div class=\"govuk-summary-card__title-wrapper\">"
                                   "<h2 class=\"govuk-summary-card__title\">{}</h2></div><div class=\"govuk-summary-card__content\">",
                                   s.id, html::escape(s.name)));
  std::string offers;
  for (const auto& o : s.offers) offers += (offers.empty() ? "" : "; ") + std::string(casework::offer_label(o));
  std::vector<html::SummaryRow> rows{{"About", html::text(s.description)},
                                     {"Address", html::text(s.address + ", " + s.postcode)},
                                     {"Opening times", html::text(s.opening_times)},
                                     {"Offers", html::text(offers)},
                                     {"Phone", html::text(s.phone)},
                                     {"Email", s.email.empty() ? Html() : html::link("mailto:" + s.email, s.email)}};
  if (s.distance_miles) rows.insert(rows.begin(), {"Distance", html::text(fmt::format("{:.1f} miles", *s.distance_miles))});
  if (!s.outreach.empty()) {
    Html venues = Html::raw("<ul class=\"govuk-list\">");
    for (const auto& v : s.outreach)
      venues += Html::raw("<li>") + html::text(v.name + ", " + v.address + ", " + v.postcode + ": " + v.sessions) + Html::raw("</li>");
    rows.push_back({"Also at", venues + Html::raw("</ul>")});
  }
  return out + html::summary_list(rows) + Html::raw("</div></div>");
}

Response directory_page(App& app, const Request& req) {
  auto db = app.db();
  if (!db) return failure_page(db.status(), nullptr);
  forms::Errors errors;
  std::string offer = req.param("offer"), postcode = req.param("postcode");
  if (!offer.empty() && casework::offer_label(offer).empty()) errors.push_back({"offer", "Choose a kind of help from the list"});
  if (!postcode.empty() && casework::normalise_postcode(postcode).empty()) errors.push_back({"postcode", "Enter a real postcode, like AB1 2CD"});
  Html main = html::error_summary(errors) + html::heading("Family hubs and services", "Directory");
  main += html::paragraph("Family hubs and services that support families with children and young people. You do not need to sign in.");
  main += filter_form(req, errors);
  if (!errors.empty()) {
    Response r = html_response(400, public_chrome("Error: Family hubs and services"), main);
    return r;
  }
  auto found = casework::search_directory(**db, {offer, postcode});
  if (!found) return failure_page(found.status(), nullptr);
  if (!postcode.empty() && !found->postcode_found)
    main += html::inset("We could not find that postcode in this council's area, so services are listed by name.");
  main += html::paragraph(fmt::format("{} {} found{}.", found->services.size(), found->services.size() == 1 ? "service" : "services",
                                      found->postcode_found ? ", nearest first" : ""));
  for (const auto& s : found->services) main += service_card(s);
  return html_response(200, public_chrome("Family hubs and services"), main);
}

}  // namespace

std::vector<Route> directory_routes() { return {{"GET", "/directory", directory_page}}; }

}  // namespace kith::web
