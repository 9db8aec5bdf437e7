// Sign-in, sign-out and session lookup.
#include "web/session.h"

#include <fmt/format.h>
#include <sodium.h>

#include "web/app.h"
#include "web/responses.h"

namespace kith::web {
namespace {

using html::Html;

constexpr size_t kMaxUsername = 64;

struct SignInForm {
  std::string username;
  std::string csrf_token;
  std::vector<html::FieldError> errors;
  bool signed_out = false;
};

Html input(const SignInForm& f, const char* id, const char* label, const char* type, const char* autocomplete,
           const std::string& value) {
  Html error = html::field_error(f.errors, id);
  bool bad = !error.empty();
  return Html::raw(fmt::format("<div class=\"govuk-form-group{}\"><label class=\"govuk-label\" for=\"{}\">{}</label>",
                               bad ? " govuk-form-group--error" : "", id, label)) +
         error +
         Html::raw(fmt::format("<input class=\"govuk-input govuk-!-width-two-thirds{}\" id=\"{}\" name=\"{}\" type=\"{}\" "
                               "autocomplete=\"{}\" spellcheck=\"false\" value=\"{}\"{}></div>",
                               bad ? " govuk-input--error" : "", id, id, type, autocomplete, html::escape(value),
                               bad ? fmt::format(" aria-describedby=\"{}-error\"", id) : ""));
}

Response sign_in_form(int status, const SignInForm& f, const ServerOptions& options) {
  Html main = Html::raw("<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
  if (f.signed_out) main += html::notification("Success", "You have signed out.", true);
  main += html::error_summary(f.errors) + html::heading("Sign in to Kith");
  main += Html::raw("<form method=\"post\" action=\"/sign-in\" novalidate>") + html::csrf_field(f.csrf_token);
  main += input(f, "username", "Username", "text", "username", f.username);
  // A password is never sent back into the page.
  main += input(f, "password", "Password", "password", "current-password", "");
  main += Html::raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Sign in</button></form>");
  main += html::inset("This is a demonstration with a synthetic council. Each demo user is named after their role, "
                      "for example practitioner or team_manager.");
  main += Html::raw("</div></div>");
  Response r = html_response(status, public_chrome(f.errors.empty() ? "Sign in" : "Error: Sign in"), main);
  return r.header("Set-Cookie", cookie(kSignInCsrfCookie, f.csrf_token, options));
}

Response show_sign_in(App& app, const Request& req) {
  auto db = app.db();
  if (!db) return failure_page(db.status(), nullptr);
  auto session = current_session(**db, req);
  if (!session) return failure_page(session.status(), nullptr);
  if (*session) return Response::redirect(home_for((*session)->viewer));
  return sign_in_form(200, {{}, random_token(), {}, req.param("signed-out") == "1"}, app.options());
}

std::vector<html::FieldError> form_errors(const std::string& username, const std::string& password) {
  std::vector<html::FieldError> errors;
  if (username.empty()) errors.push_back({"username", "Enter your username"});
  else if (username.size() > kMaxUsername) errors.push_back({"username", "Username must be 64 characters or fewer"});
  if (password.empty()) errors.push_back({"password", "Enter your password"});
  return errors;
}

Response submit_sign_in(App& app, const Request& req) {
  // Double-submit check: a cross-site form cannot read or set our cookie.
  std::string expected = req.cookie(kSignInCsrfCookie);
  if (expected.empty() || !access::same_secret(expected, req.param("csrf_token")))
    return error_page(403, nullptr, "This form has expired. Go back to the sign-in page, reload it and try again.");
  std::string username = req.param("username"), password = req.param("password");
  SignInForm form{username.substr(0, kMaxUsername), random_token(), form_errors(username, password)};
  if (!form.errors.empty()) return sign_in_form(400, form, app.options());
  auto db = app.db();
  if (!db) return failure_page(db.status(), nullptr);
  auto session = sign_in(app, **db, username, password, "web sign-in");
  if (session.status().code() == Status::Code::kDenied) {
    form.errors.push_back({"username", session.status().message()});
    return sign_in_form(401, form, app.options());
  }
  if (!session) return failure_page(session.status(), nullptr);
  Response r = Response::redirect(home_for(session->viewer));
  r.header("Set-Cookie", cookie(kSessionCookie, session->token, app.options()));
  return r.header("Set-Cookie", cookie(kSignInCsrfCookie, "", app.options(), 0));
}

Response sign_out(Ctx& c) {
  Status ended = access::end_session(c.db, c.session.token);
  if (!ended) return failure_page(ended, &c.session);
  Response r = Response::redirect("/sign-in?signed-out=1");
  return r.header("Set-Cookie", cookie(kSessionCookie, "", c.app.options(), 0));
}

Response root(App& app, const Request& req) {
  auto db = app.db();
  if (!db) return failure_page(db.status(), nullptr);
  auto session = current_session(**db, req);
  if (!session) return failure_page(session.status(), nullptr);
  return Response::redirect(*session ? home_for((*session)->viewer) : "/sign-in");
}

bool looks_like_token(const std::string& t) {
  return t.size() == 64 && t.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

std::string random_token() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char hex[sizeof raw * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  return hex;
}

std::string cookie(const std::string& name, const std::string& value, const ServerOptions& options,
                   std::optional<int> max_age) {
  std::string c = name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (options.secure_cookies) c += "; Secure";
  if (max_age) c += "; Max-Age=" + std::to_string(*max_age);
  return c;
}

Result<std::optional<access::Session>> current_session(store::Database& db, const Request& req) {
  std::string token = req.cookie(kSessionCookie);
  if (!looks_like_token(token)) return std::optional<access::Session>();
  auto session = access::find_session(db, token);
  if (session.status().code() == Status::Code::kNotFound) return std::optional<access::Session>();
  if (!session) return session.status();
  return std::optional<access::Session>(std::move(*session));
}

std::string home_for(const access::Viewer& v) {
  switch (v.role) {
    case Role::kPractitioner:
    case Role::kPartnerPractitioner:
      return "/my-work";
    case Role::kTeamManager:
    case Role::kLocalityManager:
      if (v.locality_id) return "/localities/" + std::to_string(*v.locality_id);
      break;
    default:
      break;
  }
  return "/home";
}

Result<access::Session> sign_in(App& app, store::Database& db, const std::string& username, const std::string& password,
                                const std::string& reason) {
  auto viewer = access::authenticate(db, username, password);
  store::Transaction tx(db);
  KITH_RETURN_IF_ERROR(tx.begin_status());
  if (viewer.status().code() == Status::Code::kDenied) {
    KITH_RETURN_IF_ERROR(app.audit().append(
        db, {"anonymous", "sign_in_failed", "user", username.substr(0, kMaxUsername), "wrong username or password"}));
    KITH_RETURN_IF_ERROR(tx.commit());
    return viewer.status();
  }
  if (!viewer) return viewer.status();
  // Always a new session token, so a token planted before sign-in is worthless.
  auto session = access::start_session(db, *viewer, app.options().session_minutes);
  if (!session) return session.status();
  KITH_RETURN_IF_ERROR(app.audit().append(db, {viewer->username, "sign_in", "user", std::to_string(viewer->user_id), reason}));
  KITH_RETURN_IF_ERROR(tx.commit());
  return session;
}

std::vector<Route> session_routes() {
  return {
      {"GET", "/", root},
      {"GET", "/sign-in", show_sign_in},
      {"POST", "/sign-in", submit_sign_in},
      {"POST", "/sign-out", signed_in_page(sign_out)},
  };
}

}  // namespace kith::web
