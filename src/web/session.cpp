// Sign-in, sign-out and session lookup.
#include "web/session.h"

#include <fmt/format.h>
#include <sodium.h>

#include "access/kept_form.h"
#include "access/totp.h"
#include "web/app.h"
#include "web/responses.h"

namespace kith::web {
namespace {

using html::Html;

constexpr size_t kMaxUsername = 64;
constexpr int kUnfinishedSignInMinutes = 10;  // time to type the one-time code

bool looks_like_token(const std::string& t) {
  return t.size() == 64 && t.find_first_not_of("0123456789abcdef") == std::string::npos;
}

struct SignInForm {
  std::string username;
  std::string csrf_token;
  std::vector<html::FieldError> errors;
  bool signed_out = false;
  bool timed_out = false;
};

// One message for every failed sign-in, so no answer tells whether a username exists or is locked.
constexpr const char* kSignInRefused = "The username or password is not right";

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
  if (f.timed_out)
    main += html::notification("Important", "You were signed out because Kith was not used for a while. Sign in again to "
                                            "carry on; anything you were sending has been kept for you to check.");
  main += html::error_summary(f.errors) + html::heading("Sign in to Kith");
  main += Html::raw("<form method=\"post\" action=\"/sign-in\" novalidate>") + html::csrf_field(f.csrf_token);
  main += input(f, "username", "Username", "text", "username", f.username);
  // A password is never sent back into the page.
  main += input(f, "password", "Password", "password", "current-password", "");
  main += Html::raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Sign in</button></form>");
  main += html::paragraph(fmt::format("After several wrong tries in a row, signing in to that account is paused for {} minutes.",
                                     options.sign_in.lockout_minutes));
  main += html::inset("This is a demonstration with a synthetic council. Each demo user is named after their role, "
                      "for example practitioner or team_manager.");
  main += Html::raw("</div></div>");
  Response r = html_response(status, public_chrome(f.errors.empty() ? "Sign in" : "Error: Sign in"), main);
  return r.header("Set-Cookie", cookie(kSignInCsrfCookie, f.csrf_token, options));
}

Response show_sign_in(App& app, const Request& req) {
  auto db = app.db();
  if (!db) return failure_page(db.status(), nullptr);
  auto session = current_session(**db, req, app.options().sign_in.idle_minutes);
  if (!session) return failure_page(session.status(), nullptr);
  if (*session) return Response::redirect(home_for((*session)->viewer));
  return sign_in_form(200, {{}, random_token(), {}, req.param("signed-out") == "1", req.param("timed-out") == "1"},
                      app.options());
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
  // A session the browser already had (perhaps someone else's, or planted) ends here.
  if (std::string old = req.cookie(kSessionCookie); looks_like_token(old)) {
    Status ended = access::end_session(**db, old);
    if (!ended) return failure_page(ended, nullptr);
  }
  auto session = sign_in(app, **db, username, password, "web sign-in");
  if (session.status().code() == Status::Code::kDenied) {
    form.errors.push_back({"username", session.status().message()});
    return sign_in_form(401, form, app.options());
  }
  if (!session) return failure_page(session.status(), nullptr);
  if (session->stage != access::SessionStage::kFull) {
    Response r = Response::redirect(session->stage == access::SessionStage::kCode ? "/sign-in/code" : "/account/two-factor");
    r.header("Set-Cookie", cookie(kSessionCookie, session->token, app.options()));
    return r.header("Set-Cookie", cookie(kSignInCsrfCookie, "", app.options(), 0));
  }
  return signed_in_redirect(app, req, *session);
}

// After a time-out: the form the person was sending, filled in with what
// they typed, to check and send again. Never sent for them.
Response continue_form(Ctx& c) {
  std::string token = c.req.cookie(kKeptFormCookie);
  if (!looks_like_token(token)) return Response::redirect(home_for(c.viewer()));
  store::Transaction tx(c.db);
  if (!tx.begin_status()) return failure_page(tx.begin_status(), &c.session);
  auto kept = access::take_kept_form(c.db, token, c.viewer().user_id);
  if (!kept) return failure_page(kept.status(), &c.session);
  if (Status done = tx.commit(); !done) return failure_page(done, &c.session);
  Response r = Response::redirect(home_for(c.viewer()));
  if (*kept && (*kept)->path.rfind("/", 0) == 0 && (*kept)->path.rfind("//", 0) != 0) {
    const access::KeptForm& f = **kept;
    Html main = html::heading("Check your answers and send them again", "Signed out while working");
    main += html::paragraph("Kith signed you out because it was not used for a while. This is what you were sending; "
                            "nothing has been saved yet. Check it, change anything you need to, and send it.");
    main += Html::raw("<form method=\"post\" action=\"" + html::escape(f.path) + "\" novalidate>") + html::csrf_field(c.session.csrf_token);
    for (const auto& [name, value] : f.fields) {
      std::string id = "kept-" + html::escape(name);
      main += Html::raw("<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"" + id + "\">" + html::escape(name) +
                        "</label><textarea class=\"govuk-textarea\" rows=\"2\" id=\"" + id + "\" name=\"" + html::escape(name) + "\">" +
                        html::escape(value) + "</textarea></div>");
    }
    main += Html::raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Send again</button></form>");
    r = html_response(200, chrome_for(c.session, "Check your answers and send them again"), main);
  }
  return r.header("Set-Cookie", cookie(kKeptFormCookie, "", c.app.options(), 0));
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
  auto session = current_session(**db, req, app.options().sign_in.idle_minutes);
  if (!session) return failure_page(session.status(), nullptr);
  return Response::redirect(*session ? home_for((*session)->viewer) : "/sign-in");
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

Result<std::optional<access::Session>> current_session(store::Database& db, const Request& req, int idle_minutes) {
  std::string token = req.cookie(kSessionCookie);
  if (!looks_like_token(token)) return std::optional<access::Session>();
  auto session = access::find_session(db, token, idle_minutes);
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
  const access::SignInRules& rules = app.options().sign_in;
  std::string typed = username.substr(0, kMaxUsername);
  auto locked = access::locked_out(db, typed, rules);
  if (!locked) return locked.status();
  // The password is checked even when locked, so a locked account answers in the same time as any other.
  auto viewer = access::authenticate(db, username, password);
  if (!viewer && viewer.status().code() != Status::Code::kDenied) return viewer.status();
  store::Transaction tx(db);
  KITH_RETURN_IF_ERROR(tx.begin_status());
  if (*locked || !viewer) {
    KITH_RETURN_IF_ERROR(access::record_failure(db, typed));
    KITH_RETURN_IF_ERROR(app.audit().append(db, {"anonymous", *locked ? "sign_in_locked" : "sign_in_failed", "user", typed,
                                                 *locked ? "account locked after repeated failures" : "wrong username or password"}));
    KITH_RETURN_IF_ERROR(tx.commit());
    return Status::denied(kSignInRefused);
  }
  KITH_RETURN_IF_ERROR(access::clear_failures(db, typed));
  auto totp = access::totp_state(db, viewer->user_id);
  if (!totp) return totp.status();
  access::SessionStage stage = (*totp && (*totp)->confirmed)       ? access::SessionStage::kCode
                               : rules.totp_required(viewer->role) ? access::SessionStage::kEnrol
                                                                   : access::SessionStage::kFull;
  int minutes = stage == access::SessionStage::kFull ? app.options().session_minutes : kUnfinishedSignInMinutes;
  // Always a new session token, so a token planted before sign-in is worthless.
  auto session = access::start_session(db, *viewer, minutes, stage);
  if (!session) return session.status();
  KITH_RETURN_IF_ERROR(app.audit().append(db, {viewer->username, "sign_in", "user", std::to_string(viewer->user_id),
                                               stage == access::SessionStage::kFull ? reason : reason + ", one-time code due"}));
  KITH_RETURN_IF_ERROR(tx.commit());
  return session;
}

Result<access::Session> finish_sign_in(App& app, store::Database& db, const access::Session& unfinished) {
  KITH_RETURN_IF_ERROR(access::end_session(db, unfinished.token));
  auto session = access::start_session(db, unfinished.viewer, app.options().session_minutes, access::SessionStage::kFull);
  if (!session) return session.status();
  KITH_RETURN_IF_ERROR(app.audit().append(
      db, {unfinished.viewer.username, "sign_in_completed", "user", std::to_string(unfinished.viewer.user_id), "one-time code accepted"}));
  return session;
}

Response signed_in_redirect(App& app, const Request& req, const access::Session& session) {
  bool kept = looks_like_token(req.cookie(kKeptFormCookie));
  Response r = Response::redirect(kept ? "/sign-in/continue" : home_for(session.viewer));
  r.header("Set-Cookie", cookie(kSessionCookie, session.token, app.options()));
  return r.header("Set-Cookie", cookie(kSignInCsrfCookie, "", app.options(), 0));
}

std::vector<Route> session_routes() {
  return {
      {"GET", "/", root},
      {"GET", "/sign-in", show_sign_in},
      {"POST", "/sign-in", sign_in_limited(submit_sign_in)},
      {"GET", "/sign-in/continue", signed_in_page(continue_form)},
      {"POST", "/sign-out", signed_in_page(sign_out)},
  };
}

}  // namespace kith::web
