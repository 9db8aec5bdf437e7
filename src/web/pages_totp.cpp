// One-time codes for staff (RFC 6238): setting one up at /account/two-factor
// and the second sign-in step at /sign-in/code. See docs/SECURITY.md.
#include <fmt/format.h>

#include <chrono>

#include "access/sign_in_rules.h"
#include "access/totp.h"
#include "web/app.h"
#include "web/responses.h"
#include "web/session.h"

namespace kith::web {
namespace {

using html::Html;
using access::SessionStage;

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Html code_input(const std::vector<html::FieldError>& errors) {
  Html error = html::field_error(errors, "code");
  return Html::raw(fmt::format("<div class=\"govuk-form-group{}\"><label class=\"govuk-label\" for=\"code\">Code from your "
                               "authenticator app</label><div class=\"govuk-hint\">6 digits, for example 123456</div>",
                               error.empty() ? "" : " govuk-form-group--error")) +
         error +
         Html::raw("<input class=\"govuk-input govuk-input--width-10\" id=\"code\" name=\"code\" type=\"text\" "
                   "inputmode=\"numeric\" autocomplete=\"one-time-code\" spellcheck=\"false\"></div>");
}

std::string digits_only(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c >= '0' && c <= '9') out += c;
    else if (c != ' ') return "";  // anything else is not a code
  return out;
}

// ---- the second sign-in step ----

Response code_page(Ctx& c, int status, const std::vector<html::FieldError>& errors) {
  Html main = html::error_summary(errors) + html::heading("Enter your one-time code");
  main += html::paragraph("Open the authenticator app on your phone and type the 6-digit code it shows for Kith.");
  main += Html::raw("<form method=\"post\" action=\"/sign-in/code\" novalidate>") + html::csrf_field(c.session.csrf_token);
  main += code_input(errors);
  main += Html::raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Continue</button></form>");
  Response r = html_response(status, public_chrome(errors.empty() ? "Enter your one-time code" : "Error: Enter your one-time code"), main);
  return r;
}

Response show_code(Ctx& c) { return code_page(c, 200, {}); }

Response submit_code(Ctx& c) {
  store::Transaction tx(c.db);
  if (!tx.begin_status()) return failure_page(tx.begin_status(), nullptr);
  Status used = access::use_totp_code(c.db, c.viewer().user_id, digits_only(c.req.param("code")), unix_now());
  if (used.code() == Status::Code::kDenied) {
    // Wrong codes count towards the account lockout: six digits are otherwise easy to try in turn.
    Status noted = access::record_failure(c.db, c.viewer().username);
    if (noted) noted = c.app.audit().append(c.db, {c.viewer().username, "sign_in_code_failed", "user",
                                                   std::to_string(c.viewer().user_id), "wrong one-time code"});
    if (noted) noted = tx.commit();
    if (!noted) return failure_page(noted, nullptr);
    auto locked = access::locked_out(c.db, c.viewer().username, c.app.options().sign_in);
    if (locked && *locked) {
      (void)access::end_session(c.db, c.session.token);
      return Response::redirect("/sign-in").header("Set-Cookie", cookie(kSessionCookie, "", c.app.options(), 0));
    }
    return code_page(c, 401, {{"code", used.message()}});
  }
  if (!used) return failure_page(used, nullptr);
  auto full = finish_sign_in(c.app, c.db, c.session);
  if (!full) return failure_page(full.status(), nullptr);
  if (Status s = access::clear_failures(c.db, c.viewer().username); !s) return failure_page(s, nullptr);
  if (Status s = tx.commit(); !s) return failure_page(s, nullptr);
  return signed_in_redirect(c.app, c.req, *full);
}

// ---- setting a code up ----

Response enrol_page(Ctx& c, int status, const std::vector<html::FieldError>& errors) {
  bool must = c.session.stage == SessionStage::kEnrol;
  auto state = access::totp_state(c.db, c.viewer().user_id);
  if (!state) return failure_page(state.status(), must ? nullptr : &c.session);
  Html main = html::error_summary(errors) + html::heading("Set up a one-time code", "Your account");
  if (*state && (*state)->confirmed) {
    main += html::paragraph("A one-time code is set up for your account. You will be asked for a code each time you sign in.");
    return html_response(200, chrome_for(c.session, "Set up a one-time code"), main);
  }
  std::string secret;
  if (*state) {
    secret = (*state)->secret;  // the same secret until it is confirmed, so a reload does not break a half-done set-up
  } else {
    store::Transaction tx(c.db);
    if (!tx.begin_status()) return failure_page(tx.begin_status(), nullptr);
    auto issued = access::issue_totp_secret(c.db, c.viewer().user_id);
    if (!issued) return failure_page(issued.status(), nullptr);
    if (Status s = tx.commit(); !s) return failure_page(s, nullptr);
    secret = *issued;
  }
  if (must) main += html::notification("Important", "Your role must use a one-time code. Set one up to finish signing in.");
  main += html::paragraph("1. Open an authenticator app on your work phone and add an account. Type this key, or open the "
                          "link below on the phone:");
  main += html::summary_list({{"Key", html::text(secret)}, {"Account", html::text("Kith: " + c.viewer().username)},
                              {"Link for the app", html::text(access::otpauth_uri(c.viewer().username, secret))}});
  main += html::paragraph("2. Type the 6-digit code the app shows to check it works.");
  main += Html::raw("<form method=\"post\" action=\"/account/two-factor\" novalidate>") + html::csrf_field(c.session.csrf_token);
  main += code_input(errors);
  main += Html::raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Check the code</button></form>");
  html::Chrome chrome = must ? public_chrome("Set up a one-time code") : chrome_for(c.session, "Set up a one-time code");
  return html_response(status, chrome, main);
}

Response show_enrol(Ctx& c) { return enrol_page(c, 200, {}); }

Response submit_enrol(Ctx& c) {
  bool must = c.session.stage == SessionStage::kEnrol;
  store::Transaction tx(c.db);
  if (!tx.begin_status()) return failure_page(tx.begin_status(), nullptr);
  Status used = access::use_totp_code(c.db, c.viewer().user_id, digits_only(c.req.param("code")), unix_now());
  if (used.code() == Status::Code::kDenied) return enrol_page(c, 400, {{"code", used.message()}});
  if (!used) return failure_page(used, nullptr);
  if (Status s = c.app.audit().append(c.db, {c.viewer().username, "totp_enrolled", "user", std::to_string(c.viewer().user_id),
                                             "one-time code set up"});
      !s)
    return failure_page(s, nullptr);
  if (!must) {
    if (Status s = tx.commit(); !s) return failure_page(s, &c.session);
    return Response::redirect("/account/two-factor");
  }
  auto full = finish_sign_in(c.app, c.db, c.session);
  if (!full) return failure_page(full.status(), nullptr);
  if (Status s = tx.commit(); !s) return failure_page(s, nullptr);
  return signed_in_redirect(c.app, c.req, *full);
}

}  // namespace

std::vector<Route> totp_routes() {
  return {
      {"GET", "/sign-in/code", unfinished_sign_in_page({SessionStage::kCode}, show_code)},
      {"POST", "/sign-in/code", sign_in_limited(unfinished_sign_in_page({SessionStage::kCode}, submit_code))},
      {"GET", "/account/two-factor", unfinished_sign_in_page({SessionStage::kEnrol, SessionStage::kFull}, show_enrol)},
      {"POST", "/account/two-factor", unfinished_sign_in_page({SessionStage::kEnrol, SessionStage::kFull}, submit_enrol)},
  };
}

}  // namespace kith::web
