// One-time codes for staff (RFC 6238): setting one up at /account/two-factor
// (key as text and as a QR code; ten recovery codes shown once on success),
// new recovery codes there for a current code (/account/two-factor/recovery-codes)
// and the second sign-in step at /sign-in/code, which also takes a recovery
// code. See docs/SECURITY.md.
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

// The code field. At sign-in it also takes a recovery code (letters too), so
// the numeric keyboard is asked for only at enrolment.
Html code_input(const std::vector<html::FieldError>& errors, bool recovery_allowed = false) {
  Html error = html::field_error(errors, "code");
  std::string hint = recovery_allowed ? "6 digits, for example 123456. If you do not have your phone, type one of your recovery "
                                        "codes instead, for example ABCD-EFGH-JKLM-NP23"
                                      : "6 digits, for example 123456";
  return Html::raw(fmt::format("<div class=\"govuk-form-group{}\"><label class=\"govuk-label\" for=\"code\">Code from your "
                               "authenticator app</label><div class=\"govuk-hint\" id=\"code-hint\">",
                               error.empty() ? "" : " govuk-form-group--error")) +
         html::text(hint) + Html::raw("</div>") + error +
         Html::raw(fmt::format("<input class=\"govuk-input govuk-input--width-20\" id=\"code\" name=\"code\" type=\"text\" "
                               "inputmode=\"{}\" autocomplete=\"one-time-code\" spellcheck=\"false\" aria-describedby=\"code-hint\"></div>",
                               recovery_allowed ? "text" : "numeric"));
}

// The QR code of the otpauth URI as inline SVG (no script, no inline style,
// so the CSP holds): dark runs of each row as one path, a 4-module quiet zone.
// Labelled for screen readers, who are pointed to the key shown as text.
Html qr_svg(const access::QrCode& qr) {
  constexpr int kQuiet = 4, kPixelsPerModule = 4;
  int side = qr.size + 2 * kQuiet;
  std::string path;
  for (int y = 0; y < qr.size; ++y)
    for (int x = 0; x < qr.size;) {
      if (!qr.at(x, y)) { ++x; continue; }
      int run = 0;
      while (x + run < qr.size && qr.at(x + run, y)) ++run;
      path += fmt::format("M{} {}h{}v1h-{}z", x + kQuiet, y + kQuiet, run, run);
      x += run;
    }
  return Html::raw(fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"kith-qr\" width=\"{0}\" height=\"{0}\" viewBox=\"0 0 {1} {1}\" "
      "role=\"img\" aria-labelledby=\"qr-title\" shape-rendering=\"crispEdges\"><title id=\"qr-title\">QR code of the link for "
      "your authenticator app. If you cannot scan it, type the key shown as text below.</title>"
      "<rect width=\"{1}\" height=\"{1}\" fill=\"#ffffff\"/><path fill=\"#0b0c0c\" d=\"{2}\"/></svg>",
      side * kPixelsPerModule, side, path));
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
  main += code_input(errors, /*recovery_allowed=*/true);
  main += Html::raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Continue</button></form>");
  Response r = html_response(status, public_chrome(errors.empty() ? "Enter your one-time code" : "Error: Enter your one-time code"), main);
  return r;
}

Response show_code(Ctx& c) { return code_page(c, 200, {}); }

// A recovery code used instead of the app: audited with how many are left,
// so an auditor sees a lost phone and the user is told on the next page.
Status note_recovery_code(Ctx& c) {
  auto left = access::recovery_codes_left(c.db, c.viewer().user_id);
  if (!left) return left.status();
  return c.app.audit().append(c.db, {c.viewer().username, "sign_in_recovery_code", "user", std::to_string(c.viewer().user_id),
                                     "recovery code used: " + std::to_string(*left) + " left"});
}

Response submit_code(Ctx& c) {
  store::Transaction tx(c.db);
  if (!tx.begin_status()) return failure_page(tx.begin_status(), nullptr);
  const std::string typed = c.req.param("code");
  const bool recovery = access::looks_like_recovery_code(typed);
  Status used = recovery ? access::use_recovery_code(c.db, c.viewer().user_id, typed)
                         : access::use_totp_code(c.db, c.viewer().user_id, digits_only(typed), unix_now());
  if (used.code() == Status::Code::kDenied) {
    // Wrong codes count towards the account lockout: six digits are otherwise easy to try in turn.
    Status noted = access::record_failure(c.db, c.viewer().username);
    if (noted) noted = c.app.audit().append(c.db, {c.viewer().username, "sign_in_code_failed", "user",
                                                   std::to_string(c.viewer().user_id),
                                                   recovery ? "wrong recovery code" : "wrong one-time code"});
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
  if (recovery) {
    if (Status s = note_recovery_code(c); !s) return failure_page(s, nullptr);
  }
  auto full = finish_sign_in(c.app, c.db, c.session);
  if (!full) return failure_page(full.status(), nullptr);
  if (Status s = access::clear_failures(c.db, c.viewer().username); !s) return failure_page(s, nullptr);
  if (Status s = tx.commit(); !s) return failure_page(s, nullptr);
  return signed_in_redirect(c.app, c.req, *full);
}

// ---- setting a code up ----

// The page of a user whose code is set up: how many recovery codes are left,
// and new ones for a current code from the app (errors on "code" after a wrong one).
Response set_up_page(Ctx& c, int status, const std::vector<html::FieldError>& errors) {
  auto left = access::recovery_codes_left(c.db, c.viewer().user_id);
  if (!left) return failure_page(left.status(), &c.session);
  Html main = html::error_summary(errors) + html::heading("Set up a one-time code", "Your account");
  main += html::paragraph("A one-time code is set up for your account. You will be asked for a code each time you sign in.");
  main += html::paragraph("You have " + std::to_string(*left) + " unused recovery " + (*left == 1 ? "code" : "codes") +
                          ". If you lose your phone and have none left, ask an administrator to reset your one-time code.");
  main += html::section_heading("Get new recovery codes", "new-recovery-codes");
  main += html::paragraph("If you have used your recovery codes or lost them, get a new set of ten. Your old recovery codes "
                          "stop working at once. To check it is you, type the code your authenticator app shows now.");
  main += Html::raw("<form method=\"post\" action=\"/account/two-factor/recovery-codes\" novalidate>") +
          html::csrf_field(c.session.csrf_token);
  main += code_input(errors);
  main += Html::raw("<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">"
                    "Get new recovery codes</button></form>");
  std::string title = "Set up a one-time code";
  return html_response(status, chrome_for(c.session, errors.empty() ? title : "Error: " + title), main);
}

Response enrol_page(Ctx& c, int status, const std::vector<html::FieldError>& errors) {
  bool must = c.session.stage == SessionStage::kEnrol;
  auto state = access::totp_state(c.db, c.viewer().user_id);
  if (!state) return failure_page(state.status(), must ? nullptr : &c.session);
  // Set up already: a stale enrolment form posted again lands here with 200, as before renewal existed.
  if (*state && (*state)->confirmed) return set_up_page(c, 200, errors);
  Html main = html::error_summary(errors) + html::heading("Set up a one-time code", "Your account");
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
  auto qr = access::qr_code(access::otpauth_uri(c.viewer().username, secret));
  if (!qr) return failure_page(qr.status(), must ? nullptr : &c.session);
  main += html::paragraph("1. Open an authenticator app on your work phone, add an account and scan this QR code with it:");
  main += Html::raw("<div class=\"govuk-!-margin-bottom-6\">") + qr_svg(*qr) + Html::raw("</div>");
  main += html::paragraph("If you cannot scan it, type this key into the app instead, or open the link below on the phone:");
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

// The recovery codes, once: after this page only their hashes exist.
Response recovery_codes_page(const access::Session& session, const std::vector<std::string>& codes, const std::string& next,
                             std::string_view caption = "Your one-time code is set up") {
  Html main = html::heading("Save your recovery codes", caption);
  main += html::paragraph("If you lose your phone, each of these codes signs you in once instead of a code from the app. "
                          "Write them down or print this page and keep them somewhere safe, away from your phone. "
                          "They will not be shown again.");
  main += Html::raw("<ol class=\"govuk-list govuk-list--number kith-recovery-codes\">");
  for (const std::string& code : codes) main += Html::raw("<li><code>") + html::text(code) + Html::raw("</code></li>");
  main += Html::raw("</ol>");
  main += Html::raw("<a class=\"govuk-button\" data-module=\"govuk-button\" href=\"") + html::text(next) +
          Html::raw("\">I have saved my recovery codes</a>");
  return html_response(200, chrome_for(session, "Save your recovery codes"), main);
}

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
  auto codes = access::issue_recovery_codes(c.db, c.viewer().user_id);
  if (!codes) return failure_page(codes.status(), nullptr);
  if (!must) {
    if (Status s = tx.commit(); !s) return failure_page(s, &c.session);
    return recovery_codes_page(c.session, *codes, "/account/two-factor");
  }
  auto full = finish_sign_in(c.app, c.db, c.session);
  if (!full) return failure_page(full.status(), nullptr);
  if (Status s = tx.commit(); !s) return failure_page(s, nullptr);
  // The codes page carries the new session's cookies; its button goes where the sign-in would have.
  Response signed_in = signed_in_redirect(c.app, c.req, *full);
  std::string next = "/";
  for (const auto& [name, value] : signed_in.headers)
    if (name == "Location") next = value;
  Response page = recovery_codes_page(*full, *codes, next);
  for (const auto& [name, value] : signed_in.headers)
    if (name == "Set-Cookie") page.header(name, value);
  return page;
}

// ---- new recovery codes (issue 8) ----

// A wrong code for new recovery codes: nothing was written but the failure,
// counted and audited in tx; at the lockout the session ends, as at sign-in.
Response refuse_renewal(Ctx& c, store::Transaction& tx, const std::string& message) {
  Status noted = access::record_failure(c.db, c.viewer().username);
  if (noted) noted = c.app.audit().append(c.db, {c.viewer().username, "recovery_codes_renewal_failed", "user",
                                                 std::to_string(c.viewer().user_id), "wrong one-time code"});
  if (noted) noted = tx.commit();
  if (!noted) return failure_page(noted, &c.session);
  auto locked = access::locked_out(c.db, c.viewer().username, c.app.options().sign_in);
  if (locked && *locked) {
    (void)access::end_session(c.db, c.session.token);
    return Response::redirect("/sign-in").header("Set-Cookie", cookie(kSessionCookie, "", c.app.options(), 0));
  }
  return set_up_page(c, 400, {{"code", message}});
}

// POST /account/two-factor/recovery-codes: a current code from the app, then
// ten new codes shown once; the old ones stop working. A wrong code changes
// nothing and counts towards the lockout, as at sign-in, so a screen left
// signed in cannot be used to guess its way to the codes.
Response renew_codes(Ctx& c) {
  auto state = access::totp_state(c.db, c.viewer().user_id);
  if (!state) return failure_page(state.status(), &c.session);
  if (!*state || !(*state)->confirmed) return Response::redirect("/account/two-factor");  // nothing to renew: set one up there
  store::Transaction tx(c.db);
  if (!tx.begin_status()) return failure_page(tx.begin_status(), &c.session);
  auto codes = access::renew_recovery_codes(c.db, c.viewer().user_id, digits_only(c.req.param("code")), unix_now());
  if (codes.status().code() == Status::Code::kDenied) return refuse_renewal(c, tx, codes.status().message());
  if (!codes) return failure_page(codes.status(), &c.session);
  Status noted = c.app.audit().append(c.db, {c.viewer().username, "recovery_codes_renewed", "user", std::to_string(c.viewer().user_id),
                                             "new recovery codes: " + std::to_string(codes->size())});
  if (noted) noted = tx.commit();
  if (!noted) return failure_page(noted, &c.session);
  return recovery_codes_page(c.session, *codes, "/account/two-factor", "Your new recovery codes: the old ones no longer work");
}

}  // namespace

std::vector<Route> totp_routes() {
  return {
      {"GET", "/sign-in/code", unfinished_sign_in_page({SessionStage::kCode}, show_code)},
      {"POST", "/sign-in/code", sign_in_limited(unfinished_sign_in_page({SessionStage::kCode}, submit_code))},
      {"GET", "/account/two-factor", unfinished_sign_in_page({SessionStage::kEnrol, SessionStage::kFull}, show_enrol)},
      {"POST", "/account/two-factor", unfinished_sign_in_page({SessionStage::kEnrol, SessionStage::kFull}, submit_enrol)},
      {"POST", "/account/two-factor/recovery-codes", signed_in_page(renew_codes)},
  };
}

}  // namespace kith::web
