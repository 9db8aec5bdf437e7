#include "web/html.h"

#include <fmt/format.h>

namespace kith::web::html {
namespace {

std::string_view colour_class(Colour c) {
  switch (c) {
    case Colour::kGrey: return " govuk-tag--grey";
    case Colour::kGreen: return " govuk-tag--green";
    case Colour::kTurquoise: return " govuk-tag--turquoise";
    case Colour::kBlue: return " govuk-tag--blue";
    case Colour::kLightBlue: return " govuk-tag--light-blue";
    case Colour::kPurple: return " govuk-tag--purple";
    case Colour::kPink: return " govuk-tag--pink";
    case Colour::kRed: return " govuk-tag--red";
    case Colour::kOrange: return " govuk-tag--orange";
    case Colour::kYellow: return " govuk-tag--yellow";
    case Colour::kDefault: break;
  }
  return "";
}

Html row_cells(const std::vector<Html>& cells, const std::vector<bool>& numeric) {
  Html out = Html::raw("<tr class=\"govuk-table__row\">");
  for (size_t i = 0; i < cells.size(); ++i) {
    bool num = i < numeric.size() && numeric[i];
    // The first cell names the row, so screen readers announce it with each
    // value; a one-column list has no values to name.
    bool names_row = i == 0 && cells.size() > 1;
    const char* open = names_row ? "<th scope=\"row\" class=\"govuk-table__header" : "<td class=\"govuk-table__cell";
    out += Html::raw(fmt::format("{}{}\">", open, num ? " govuk-table__cell--numeric" : ""));
    out += cells[i];
    out += Html::raw(names_row ? "</th>" : "</td>");
  }
  return out + Html::raw("</tr>");
}

Html header_row(const Table& t) {
  Html out = Html::raw("<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
  for (size_t i = 0; i < t.headers.size(); ++i) {
    bool num = i < t.numeric.size() && t.numeric[i];
    out += Html::raw(fmt::format("<th scope=\"col\" class=\"govuk-table__header{}\">{}</th>",
                                 num ? " govuk-table__header--numeric" : "", escape(t.headers[i])));
  }
  return out + Html::raw("</tr></thead>");
}

Html navigation(const Chrome& c) {
  Html items;
  for (const NavItem& n : c.nav) {
    if (n.current)
      items += Html::raw(fmt::format(
          "<li class=\"govuk-service-navigation__item govuk-service-navigation__item--active\">"
          "<a class=\"govuk-service-navigation__link\" href=\"{}\" aria-current=\"page\">"
          "<strong class=\"govuk-service-navigation__active-fallback\">{}</strong></a></li>",
          escape(n.href), escape(n.label)));
    else
      items += Html::raw(fmt::format(
          "<li class=\"govuk-service-navigation__item\"><a class=\"govuk-service-navigation__link\" href=\"{}\">{}</a></li>",
          escape(n.href), escape(n.label)));
  }
  if (c.signed_in_as)
    // Sign out changes state, so it is a POST form with the CSRF token, styled as a link.
    items += Html::raw(fmt::format(
        "<li class=\"govuk-service-navigation__item\"><form method=\"post\" action=\"/sign-out\" class=\"kith-sign-out\">"
        "<input type=\"hidden\" name=\"csrf_token\" value=\"{}\">"
        "<button type=\"submit\" class=\"govuk-service-navigation__link kith-link-button\">Sign out</button></form></li>",
        escape(c.csrf_token)));
  if (items.empty()) return {};
  return Html::raw(
             "<nav aria-label=\"Menu\" class=\"govuk-service-navigation__wrapper\">"
             "<button type=\"button\" class=\"govuk-service-navigation__toggle govuk-js-service-navigation-toggle\" "
             "aria-controls=\"navigation\" hidden aria-hidden=\"true\">Menu</button>"
             "<ul class=\"govuk-service-navigation__list\" id=\"navigation\">") +
         items + Html::raw("</ul></nav>");
}

Html header(const Chrome& c) {
  // No GOV.UK crown: Kith is a council service, not a GOV.UK one.
  Html out = Html::raw(
      "<header class=\"govuk-header\" data-module=\"govuk-header\">"
      "<div class=\"govuk-header__container govuk-width-container\"><div class=\"govuk-header__logo\">"
      "<a href=\"/\" class=\"govuk-header__link govuk-header__link--homepage kith-header__name\">Kith</a>"
      "</div></div></header>"
      "<section aria-label=\"Service information\" class=\"govuk-service-navigation\" data-module=\"govuk-service-navigation\">"
      "<div class=\"govuk-width-container\"><div class=\"govuk-service-navigation__container\">"
      "<span class=\"govuk-service-navigation__service-name\">"
      "<a href=\"/\" class=\"govuk-service-navigation__link\">Children&#39;s social care</a></span>");
  return out + navigation(c) + Html::raw("</div></div></section>");
}

// A named region, so that every piece of content sits in a landmark for screen reader users.
Html banners(const Chrome& c) {
  Html out = Html::raw(
      "<section aria-label=\"About this service\"><div class=\"govuk-phase-banner\"><p class=\"govuk-phase-banner__content\">"
      "<strong class=\"govuk-tag govuk-phase-banner__content__tag\">Demo</strong>"
      "<span class=\"govuk-phase-banner__text\">Synthetic data only: no real children, families or staff.</span>"
      "</p></div>");
  if (c.signed_in_as)
    out += Html::raw(fmt::format("<p class=\"govuk-body-s kith-signed-in\">Signed in as {}</p>", escape(*c.signed_in_as)));
  return out + Html::raw("</section>");
}

Html footer() {
  return Html::raw(
      "<footer class=\"govuk-footer\"><div class=\"govuk-width-container\"><div class=\"govuk-footer__meta\">"
      "<div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">"
      "<h2 class=\"govuk-visually-hidden\">About this service</h2>"
      "<div class=\"govuk-footer__meta-custom\">Every child, family and worker shown is invented by Kith&#39;s "
      "synthetic council generator. Code lists are from the Department for Education&#39;s children&#39;s social care "
      "data collections.</div>"
      "<span class=\"govuk-footer__licence-description\">Contains public sector information licensed under the "
      "<a class=\"govuk-footer__link\" href=\"https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/\" "
      "rel=\"license\">Open Government Licence v3.0</a>.</span>"
      "</div></div></div></footer>");
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

Html text(std::string_view t) { return Html::raw(escape(t)); }

Html link(std::string_view href, std::string_view label) {
  return Html::raw(fmt::format("<a class=\"govuk-link\" href=\"{}\">{}</a>", escape(href), escape(label)));
}

Html paragraph(std::string_view t) { return paragraph(text(t)); }

Html paragraph(const Html& content) { return Html::raw("<p class=\"govuk-body\">") + content + Html::raw("</p>"); }

Html heading(std::string_view title, std::string_view caption) {
  std::string cap = caption.empty() ? "" : fmt::format("<span class=\"govuk-caption-l\">{}</span>", escape(caption));
  return Html::raw(fmt::format("{}<h1 class=\"govuk-heading-l\">{}</h1>", cap, escape(title)));
}

Html section_heading(std::string_view title, std::string_view id) {
  std::string attr = id.empty() ? "" : fmt::format(" id=\"{}\"", escape(id));
  return Html::raw(fmt::format("<h2 class=\"govuk-heading-m\"{}>{}</h2>", attr, escape(title)));
}

Html tag(std::string_view label, Colour colour) {
  return Html::raw(fmt::format("<strong class=\"govuk-tag{}\">{}</strong>", colour_class(colour), escape(label)));
}

Html summary_list(const std::vector<SummaryRow>& rows) {
  Html out = Html::raw("<dl class=\"govuk-summary-list\">");
  for (const SummaryRow& r : rows) {
    out += Html::raw(fmt::format("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">{}</dt>"
                                 "<dd class=\"govuk-summary-list__value\">",
                                 escape(r.key)));
    out += r.value.empty() ? Html::raw("<span class=\"kith-not-recorded\">Not recorded</span>") : r.value;
    out += Html::raw("</dd></div>");
  }
  return out + Html::raw("</dl>");
}

Html table(const Table& t) {
  std::string id = t.id.empty() ? "" : fmt::format(" id=\"{}\"", escape(t.id));
  Html out = Html::raw(fmt::format("<table class=\"govuk-table\"{}><caption class=\"govuk-table__caption "
                                   "govuk-table__caption--m\">{}</caption>",
                                   id, escape(t.caption)));
  out += header_row(t) + Html::raw("<tbody class=\"govuk-table__body\">");
  for (const auto& r : t.rows) out += row_cells(r, t.numeric);
  return out + Html::raw("</tbody></table>");
}

Html error_summary(const std::vector<FieldError>& errors) {
  if (errors.empty()) return {};
  Html items;
  for (const FieldError& e : errors)
    items += Html::raw(fmt::format("<li><a href=\"#{}\">{}</a></li>", escape(e.field), escape(e.message)));
  return Html::raw(
             "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\">"
             "<h2 class=\"govuk-error-summary__title\">There is a problem</h2><div class=\"govuk-error-summary__body\">"
             "<ul class=\"govuk-list govuk-error-summary__list\">") +
         items + Html::raw("</ul></div></div></div>");
}

Html field_error(const std::vector<FieldError>& errors, std::string_view field) {
  for (const FieldError& e : errors)
    if (e.field == field)
      return Html::raw(fmt::format("<p id=\"{}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">"
                                   "Error:</span> {}</p>",
                                   escape(field), escape(e.message)));
  return {};
}

Html csrf_field(std::string_view token) {
  return Html::raw(fmt::format("<input type=\"hidden\" name=\"csrf_token\" value=\"{}\">", escape(token)));
}

Html inset(std::string_view t) {
  return Html::raw(fmt::format("<div class=\"govuk-inset-text\">{}</div>", escape(t)));
}

Html notification(std::string_view title, std::string_view message, bool success) {
  return Html::raw(fmt::format(
      "<div class=\"govuk-notification-banner{}\" role=\"{}\" aria-labelledby=\"kith-banner-title\" "
      "data-module=\"govuk-notification-banner\"><div class=\"govuk-notification-banner__header\">"
      "<h2 class=\"govuk-notification-banner__title\" id=\"kith-banner-title\">{}</h2></div>"
      "<div class=\"govuk-notification-banner__content\"><p class=\"govuk-notification-banner__heading\">{}</p></div></div>",
      success ? " govuk-notification-banner--success" : "", success ? "alert" : "region", escape(title), escape(message)));
}

std::string page(const Chrome& c, const Html& main) {
  Html doc = Html::raw(fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\"><head><meta charset=\"utf-8\">"
      "<title>{} – Kith</title>"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">"
      "<meta name=\"theme-color\" content=\"#0b0c0c\">"
      "<meta name=\"htmx-config\" content='{{\"includeIndicatorStyles\":false,\"allowEval\":false}}'>"
      "<link rel=\"icon\" sizes=\"48x48\" href=\"/assets/images/favicon.ico\">"
      "<link rel=\"stylesheet\" href=\"/govuk/govuk-frontend.min.css\">"
      "<link rel=\"stylesheet\" href=\"/static/kith.css\"></head>"
      "<body class=\"govuk-template__body\">"
      "<a href=\"#main-content\" class=\"govuk-skip-link\" data-module=\"govuk-skip-link\">Skip to main content</a>",
      escape(c.title)));
  doc += header(c);
  doc += Html::raw("<div class=\"govuk-width-container\">") + banners(c);
  doc += Html::raw("<main class=\"govuk-main-wrapper\" id=\"main-content\">") + main + Html::raw("</main></div>");
  doc += footer();
  // Scripts are files, never inline, so the Content-Security-Policy can forbid inline script.
  doc += Html::raw(
      "<script src=\"/vendor/htmx.min.js\"></script>"
      "<script type=\"module\" src=\"/static/kith.js\"></script></body></html>\n");
  return doc.str();
}

}  // namespace kith::web::html
