#include "web/responses.h"

#include <spdlog/spdlog.h>

#include "web/views.h"

namespace kith::web {
namespace {

using html::Html;

// The links for each role live in views.cpp, beside the other views shared by pages.
std::vector<html::NavItem> nav_for(const access::Viewer& v) { return navigation_for(v); }

struct ErrorText {
  int status;
  const char* title;
  const char* body;
};

constexpr ErrorText kErrors[] = {
    {400, "There is a problem with the request", "Kith could not understand the request. Go back and try again."},
    {403, "You do not have access to this page", "Your role does not give you access to this page."},
    {404, "Page not found",
     "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address."},
    {405, "Page not found", "This address does not accept that kind of request."},
    {413, "The request is too large", "Send less data and try again."},
    {500, "Sorry, there is a problem with the service", "Try again later. Nothing you sent has been saved."},
};

const ErrorText& error_text(int status) {
  for (const ErrorText& e : kErrors)
    if (e.status == status) return e;
  return status < 500 ? kErrors[0] : kErrors[std::size(kErrors) - 1];
}

int http_status(const Status& s) {
  switch (s.code()) {
    case Status::Code::kDenied: return 403;
    case Status::Code::kNotFound: return 404;
    case Status::Code::kInvalid: return 400;
    default: break;
  }
  spdlog::error("request failed: {}", s.message());
  return 500;
}

}  // namespace

html::Chrome chrome_for(const access::Session& s, std::string title, std::string_view current_href) {
  html::Chrome c{.title = std::move(title), .nav = nav_for(s.viewer), .csrf_token = s.csrf_token};
  for (html::NavItem& n : c.nav) n.current = n.href == current_href;
  c.signed_in_as = s.viewer.display_name + " (" + std::string(role_label(s.viewer.role)) + ")";
  return c;
}

html::Chrome public_chrome(std::string title) { return html::Chrome{.title = std::move(title)}; }

Response html_response(int status, const html::Chrome& chrome, const Html& main) {
  Response r;
  r.status = status;
  r.body = html::page(chrome, main);
  return r;
}

Response error_page(int status, const access::Session* session, std::string_view message) {
  const ErrorText& e = error_text(status);
  Html main = Html::raw("<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
  main += html::heading(e.title) + html::paragraph(message.empty() ? std::string_view(e.body) : message);
  main += html::paragraph(html::link("/", "Go to your home page")) + Html::raw("</div></div>");
  html::Chrome chrome = session ? chrome_for(*session, e.title) : public_chrome(e.title);
  return html_response(status, chrome, main);
}

Response failure_page(const Status& status, const access::Session* session) {
  int code = http_status(status);
  // The services word denials for people ("You do not have access to this record") and never name the child.
  if (code == 403) return error_page(403, session, status.message());
  return error_page(code, session);
}

Response json_response(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response json_error(int status, std::string_view message) { return json_response(status, {{"error", message}}); }

Response json_failure(const Status& status) {
  int code = http_status(status);
  if (code == 500) return json_error(500, "Sorry, there is a problem with the service; nothing was saved");
  return json_error(code, status.message());
}

}  // namespace kith::web
