// Attacks on sign-in and on the pages, against a real server on loopback:
// lockout, rate limiting, session fixation, idle time-out without losing a
// form, one-time codes, CSRF on every POST route, XSS and SQL injection.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>

#include <nlohmann/json.hpp>

#include "access/sign_in_rules.h"
#include "access/totp.h"
#include "client.h"
#include "fixtures/kith_cli.h"
#include "matrix_server.h"

namespace kith::web::testing {
namespace {

std::int64_t count(const std::string& path, const std::string& sql, const std::vector<store::Value>& params = {}) {
  auto db = store::Database::open(path, {});
  EXPECT_TRUE(db.is_ok());
  auto n = (*db)->scalar(sql, params);
  EXPECT_TRUE(n.is_ok()) << n.status().message();
  return n ? *n : -1;
}

void run_sql(const std::string& path, const std::string& sql, const std::vector<store::Value>& params = {}) {
  auto db = store::Database::open(path, {});
  ASSERT_TRUE(db.is_ok());
  Status s = (*db)->run(sql, params);
  ASSERT_TRUE(s.is_ok()) << s.message();
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Every attack on SQLite and on PostgreSQL (Web/Security.Test/sqlite, .../postgres).
class Security : public kith::testing::BackendTest {
 protected:
  void start(access::SignInRules rules = generous_rules()) {
    ScopedAuditKey key(backend() == kith::testing::Backend::kPostgres ? dir_.file("audit-key") : "");
    make_council(path_);
    ASSERT_NO_FATAL_FAILURE(add_team_case(path_));
    server_ = std::make_unique<SecurityServer>(path_, std::move(rules));
  }
  std::string session_of(const Browser& b) const {
    auto it = b.cookies.find("kith_session");
    return it == b.cookies.end() ? "" : it->second;
  }
  // The CSRF token of a signed-in browser, from the API.
  static std::string csrf_of(Browser& b) {
    auto me = b.get("/api/v1/me");
    if (!me || me->status != 200) return "";
    return nlohmann::json::parse(me->body).value("csrf_token", "");
  }

  TempDir dir_;
  std::string path_ = council_location(backend(), dir_);
  std::unique_ptr<SecurityServer> server_;
};

// ---- lockout and rate limiting ----

TEST_P(Security, RepeatedFailuresLockTheAccountWithTheSameMessage) {
  auto rules = generous_rules();
  rules.lockout_failures = 3;
  start(rules);
  Browser b(server_->port());
  std::string first;
  for (int i = 0; i < 3; ++i) {
    auto r = b.sign_in("practitioner", "not-the-password-1");
    ASSERT_EQ(r->status, 401) << i;
    if (i == 0) first = r->body;
  }
  auto locked = b.sign_in("practitioner", kTinyPassword);
  ASSERT_EQ(locked->status, 401) << "the right password is refused while the account is locked";
  auto unknown = b.sign_in("no-such-user", "not-the-password-1");
  ASSERT_EQ(unknown->status, 401);
  std::regex message("The username or password is not right[^<]*");
  std::smatch a, c, u;
  ASSERT_TRUE(std::regex_search(first, a, message));
  ASSERT_TRUE(std::regex_search(locked->body, c, message));
  ASSERT_TRUE(std::regex_search(unknown->body, u, message));
  EXPECT_EQ(a.str(), c.str()) << "locked and wrong password read the same";
  EXPECT_EQ(a.str(), u.str()) << "unknown user reads the same";
  EXPECT_EQ(count(path_, "SELECT count(*) FROM audit_entry WHERE action = 'sign_in_locked' AND entity_id = 'practitioner'"), 1);
  EXPECT_EQ(b.sign_in("team_manager", kTinyPassword)->status, 303) << "other accounts are not locked";
  // When the failures age past the window the account opens again.
  run_sql(path_, "UPDATE sign_in_failure SET failed_at = ?", {access::utc_seconds_from_now(-20 * 60)});
  Browser fresh(server_->port());
  EXPECT_EQ(fresh.sign_in("practitioner", kTinyPassword)->status, 303);
}

TEST_P(Security, TooManyAttemptsFromOneAddressGet429WithRetryAfter) {
  auto rules = generous_rules();
  rules.attempt_burst = 3;
  rules.attempts_per_minute = 1;
  start(rules);
  Browser b(server_->port());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(b.sign_in("practitioner", "wrong-password-1")->status, 401) << i;
  auto limited = b.sign_in("practitioner", kTinyPassword);
  ASSERT_EQ(limited->status, 429);
  int retry = std::stoi(limited->get_header_value("Retry-After"));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 60) << "one attempt a minute refills within 60 s";
  auto api = b.post_json("/api/v1/session", R"({"username":"practitioner","password":"tiny-council-password"})");
  EXPECT_EQ(api->status, 429) << "the API sign-in shares the limit";
  EXPECT_GE(count(path_, "SELECT count(*) FROM audit_entry WHERE action = 'sign_in_rate_limited'"), 2);
}

// ---- sessions ----

TEST_P(Security, SignInIssuesANewSessionAndThePlantedOneDies) {
  start();
  // An attacker signs in and plants their session token in the victim's browser.
  Browser attacker(server_->port());
  ASSERT_EQ(attacker.sign_in("councillor", kTinyPassword)->status, 303);
  std::string planted = session_of(attacker);
  ASSERT_EQ(planted.size(), 64u);
  Browser victim(server_->port());
  auto form = victim.get("/sign-in");
  victim.cookies["kith_session"] = planted;  // planted between loading the form and sending it
  ASSERT_EQ(victim.post_form("/sign-in", {{"username", "practitioner"}, {"password", kTinyPassword},
                                          {"csrf_token", Browser::csrf_in(form->body)}})->status,
            303);
  EXPECT_NE(session_of(victim), planted) << "a new session id at sign-in";
  EXPECT_EQ(nlohmann::json::parse(victim.get("/api/v1/me")->body)["username"], "practitioner");
  EXPECT_EQ(attacker.get("/api/v1/me")->status, 401) << "the planted session no longer works";
  // A made-up token is simply ignored.
  Browser guesser(server_->port());
  guesser.cookies["kith_session"] = std::string(64, 'a');
  EXPECT_EQ(guesser.get("/api/v1/me")->status, 401);
}

TEST_P(Security, IdleSessionEndsAndAFormSentOnItIsKeptForTheSameUser) {
  start();
  Browser b(server_->port());
  ASSERT_EQ(b.sign_in("practitioner", kTinyPassword)->status, 303);
  std::string csrf = csrf_of(b);
  std::int64_t plans = count(path_, "SELECT count(*) FROM audit_entry WHERE action = 'create'");
  run_sql(path_, "UPDATE user_session SET last_seen_at = ?", {access::utc_seconds_from_now(-31 * 60)});
  auto sent = b.post_form("/families/1/early-help/plan",
                          {{"csrf_token", csrf}, {"outcome", "Ada goes to school every day"}, {"due_date", "2025-06-30"}});
  ASSERT_EQ(sent->status, 303);
  EXPECT_EQ(sent->get_header_value("Location"), "/sign-in?timed-out=1");
  ASSERT_TRUE(b.cookies.count("kith_kept_form")) << "the form is kept";
  EXPECT_EQ(count(path_, "SELECT count(*) FROM audit_entry WHERE action = 'create'"), plans) << "nothing was saved";
  auto page = b.get("/sign-in?timed-out=1");
  EXPECT_NE(page->body.find("signed out because Kith was not used"), std::string::npos);
  auto again = b.sign_in("practitioner", kTinyPassword);
  ASSERT_EQ(again->status, 303);
  EXPECT_EQ(again->get_header_value("Location"), "/sign-in/continue");
  auto form = b.get("/sign-in/continue");
  ASSERT_EQ(form->status, 200);
  EXPECT_NE(form->body.find("action=\"/families/1/early-help/plan\""), std::string::npos);
  EXPECT_NE(form->body.find(">Ada goes to school every day</textarea>"), std::string::npos);
  EXPECT_NE(form->body.find(">2025-06-30</textarea>"), std::string::npos);
  EXPECT_EQ(Browser::csrf_in(form->body), csrf_of(b)) << "the form carries the new session's token";
  EXPECT_EQ(form->body.find(csrf), std::string::npos) << "not the old one";
  EXPECT_EQ(count(path_, "SELECT count(*) FROM audit_entry WHERE action = 'create'"), plans) << "not sent for them";
  EXPECT_EQ(b.get("/sign-in/continue")->status, 303) << "shown once";
}

TEST_P(Security, AKeptFormIsNotShownToSomeoneElse) {
  start();
  Browser b(server_->port());
  ASSERT_EQ(b.sign_in("practitioner", kTinyPassword)->status, 303);
  std::string csrf = csrf_of(b);
  run_sql(path_, "UPDATE user_session SET last_seen_at = ?", {access::utc_seconds_from_now(-31 * 60)});
  ASSERT_EQ(b.post_form("/families/1/early-help/plan", {{"csrf_token", csrf}, {"outcome", "private words"}})->status, 303);
  ASSERT_TRUE(b.cookies.count("kith_kept_form"));
  ASSERT_EQ(b.sign_in("team_manager", kTinyPassword)->status, 303);
  auto other = b.get("/sign-in/continue");
  EXPECT_EQ(other->status, 303);
  EXPECT_EQ(other->body.find("private words"), std::string::npos);
}

TEST_P(Security, IdleTimeOutSendsPagesToSignInAndTheApiTo401) {
  start();
  Browser b(server_->port());
  ASSERT_EQ(b.sign_in("practitioner", kTinyPassword)->status, 303);
  EXPECT_EQ(b.get("/my-work")->status, 200);
  run_sql(path_, "UPDATE user_session SET last_seen_at = ?", {access::utc_seconds_from_now(-29 * 60)});
  EXPECT_EQ(b.get("/my-work")->status, 200) << "29 minutes idle is within the 30";
  run_sql(path_, "UPDATE user_session SET last_seen_at = ?", {access::utc_seconds_from_now(-31 * 60)});
  EXPECT_EQ(b.get("/api/v1/me")->status, 401);
  auto page = b.get("/my-work");
  EXPECT_EQ(page->status, 303);
  EXPECT_EQ(page->get_header_value("Location"), "/sign-in?timed-out=1");
}

// ---- one-time codes ----

TEST_P(Security, StaffWhoMustUseACodeEnrolThenSignInInTwoSteps) {
  auto rules = generous_rules();
  rules.totp_roles = {Role::kTeamManager};
  start(rules);
  Browser b(server_->port());
  auto first = b.sign_in("team_manager", kTinyPassword);
  ASSERT_EQ(first->status, 303);
  EXPECT_EQ(first->get_header_value("Location"), "/account/two-factor");
  std::string enrol_token = session_of(b);
  EXPECT_EQ(b.get("/home")->get_header_value("Location"), "/account/two-factor") << "nothing else until enrolled";
  EXPECT_EQ(b.get("/api/v1/me")->status, 401);
  auto page = b.get("/account/two-factor");
  ASSERT_EQ(page->status, 200);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page->body, m, std::regex("otpauth://totp/Kith:team_manager\\?secret=([A-Z2-7]{32})")));
  auto key = access::base32_decode(m[1].str());
  ASSERT_TRUE(key.is_ok());
  std::string csrf = Browser::csrf_in(page->body);
  std::int64_t step = unix_now() / 30;
  EXPECT_EQ(b.post_form("/account/two-factor", {{"csrf_token", csrf}, {"code", "12345"}})->status, 400);
  auto enrolled = b.post_form("/account/two-factor", {{"csrf_token", csrf}, {"code", access::hotp(*key, step)}});
  ASSERT_EQ(enrolled->status, 200) << "the recovery codes page, once (see RecoveryCodes... below)";
  EXPECT_NE(session_of(b), enrol_token) << "a new session id once the code is set up";
  EXPECT_EQ(b.get("/home")->status, 200);
  Browser stale(server_->port());
  stale.cookies["kith_session"] = enrol_token;
  EXPECT_EQ(stale.get("/home")->status, 303) << "the unfinished session is gone";

  // Next sign-in: password, then a code.
  Browser next(server_->port());
  auto pw = next.sign_in("team_manager", kTinyPassword);
  ASSERT_EQ(pw->status, 303);
  EXPECT_EQ(pw->get_header_value("Location"), "/sign-in/code");
  std::string code_token = session_of(next);
  auto form = next.get("/sign-in/code");
  ASSERT_EQ(form->status, 200);
  std::string code_csrf = Browser::csrf_in(form->body);
  EXPECT_EQ(next.post_form("/sign-in/code", {{"code", access::hotp(*key, step + 1)}})->status, 403) << "CSRF token needed";
  EXPECT_EQ(next.post_form("/sign-in/code", {{"csrf_token", code_csrf}, {"code", access::hotp(*key, step)}})->status, 401)
      << "the code used to enrol cannot be replayed";
  EXPECT_EQ(next.post_form("/sign-in/code", {{"csrf_token", code_csrf}, {"code", access::hotp(*key, step + 3)}})->status, 401)
      << "a code three steps ahead is refused";
  auto done = next.post_form("/sign-in/code", {{"csrf_token", code_csrf}, {"code", access::hotp(*key, step + 1)}});
  ASSERT_EQ(done->status, 303);
  EXPECT_NE(session_of(next), code_token) << "a new session id at the second step";
  EXPECT_EQ(next.get("/home")->status, 200);
  EXPECT_EQ(count(path_, "SELECT count(*) FROM audit_entry WHERE action = 'sign_in_code_failed'"), 2);

  Browser practitioner(server_->port());
  EXPECT_EQ(practitioner.sign_in("practitioner", kTinyPassword)->get_header_value("Location"), "/my-work")
      << "roles not in the list sign in in one step";
}

// Enrols team_manager (whose role must use a code) in browser b; returns the
// secret's key and the recovery codes shown once.
struct Enrolment {
  std::vector<unsigned char> key;
  std::vector<std::string> recovery_codes;
  std::string enrol_page;
};
Enrolment enrol_team_manager(Browser& b) {
  Enrolment e;
  auto first = b.sign_in("team_manager", kTinyPassword);
  EXPECT_EQ(first->get_header_value("Location"), "/account/two-factor");
  auto page = b.get("/account/two-factor");
  EXPECT_EQ(page->status, 200);
  e.enrol_page = page->body;
  std::smatch m;
  if (!std::regex_search(page->body, m, std::regex("secret=([A-Z2-7]{32})"))) {
    ADD_FAILURE() << "no secret on the enrolment page";
    return e;
  }
  e.key = *access::base32_decode(m[1].str());
  auto done = b.post_form("/account/two-factor",
                          {{"csrf_token", Browser::csrf_in(page->body)}, {"code", access::hotp(e.key, unix_now() / 30)}});
  EXPECT_EQ(done->status, 200);
  const std::string body = done->body;
  std::regex code("<code>([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})</code>");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), code); it != std::sregex_iterator(); ++it)
    e.recovery_codes.push_back((*it)[1].str());
  return e;
}

TEST_P(Security, EnrolmentShowsTheKeyAsAQrCodeAndAsText) {
  auto rules = generous_rules();
  rules.totp_roles = {Role::kTeamManager};
  start(rules);
  Browser b(server_->port());
  ASSERT_EQ(b.sign_in("team_manager", kTinyPassword)->status, 303);
  auto page = b.get("/account/two-factor");
  ASSERT_EQ(page->status, 200);
  std::smatch svg;
  ASSERT_TRUE(std::regex_search(page->body, svg, std::regex("<svg[^>]*viewBox=\"0 0 (\\d+) \\1\"[^>]*>(.*?)</svg>")))
      << "an inline SVG image";
  EXPECT_TRUE(std::regex_search(page->body, std::regex("<svg[^>]* role=\"img\" aria-labelledby=\"qr-title\""))) << "an image to assistive technology";
  EXPECT_EQ(std::stoi(svg[1].str()), 45 + 8) << "version 7 (118-byte URI) and a 4-module quiet zone each side";
  EXPECT_NE(svg[2].str().find("<title id=\"qr-title\">QR code"), std::string::npos) << "named for screen readers";
  EXPECT_NE(svg[2].str().find("<path fill=\"#0b0c0c\" d=\"M4 4h7v1h-7z"), std::string::npos)
      << "the top-left finder's first row: 7 dark modules after the quiet zone";
  EXPECT_TRUE(std::regex_search(page->body, std::regex("<dd class=\"govuk-summary-list__value\">[A-Z2-7]{32}</dd>")))
      << "the key is also shown as text";
  EXPECT_FALSE(std::regex_search(page->body, std::regex("<script(?![^>]*\\ssrc=)"))) << "no inline script: the CSP allows none";
  EXPECT_EQ(svg[2].str().find("style="), std::string::npos) << "no inline style in the SVG either";
}

TEST_P(Security, RecoveryCodesAreShownOnceAndEachSignsInOnceInsteadOfACode) {
  auto rules = generous_rules();
  rules.totp_roles = {Role::kTeamManager};
  start(rules);
  Browser b(server_->port());
  Enrolment e = enrol_team_manager(b);
  ASSERT_EQ(e.recovery_codes.size(), 10u);
  EXPECT_EQ(b.get("/home")->status, 200) << "signed in after the codes page";
  auto again = b.get("/account/two-factor");
  ASSERT_EQ(again->status, 200);
  EXPECT_EQ(again->body.find(e.recovery_codes[0]), std::string::npos) << "never shown again";
  EXPECT_NE(again->body.find("You have 10 unused recovery codes"), std::string::npos);

  auto second_step = [&](Browser& br, const std::string& typed) {
    EXPECT_EQ(br.sign_in("team_manager", kTinyPassword)->get_header_value("Location"), "/sign-in/code");
    auto form = br.get("/sign-in/code");
    return br.post_form("/sign-in/code", {{"csrf_token", Browser::csrf_in(form->body)}, {"code", typed}});
  };
  std::string lower;
  for (char c : e.recovery_codes[2]) lower += char(std::tolower(static_cast<unsigned char>(c)));
  Browser lost_phone(server_->port());
  auto used = second_step(lost_phone, lower);
  ASSERT_EQ(used->status, 303) << "a recovery code instead of the app's code, typed in lower case";
  EXPECT_EQ(lost_phone.get("/home")->status, 200);
  EXPECT_EQ(count(path_, "SELECT count(*) FROM audit_entry WHERE action = 'sign_in_recovery_code' AND reason = ?",
                  {std::string("recovery code used: 9 left")}),
            1);
  Browser replay(server_->port()), wrong(server_->port());
  EXPECT_EQ(second_step(replay, e.recovery_codes[2])->status, 401) << "each code works once";
  EXPECT_EQ(second_step(wrong, "AAAA-BBBB-CCCC-DDDD")->status, 401);
  EXPECT_EQ(count(path_, "SELECT count(*) FROM audit_entry WHERE action = 'sign_in_code_failed' AND reason = 'wrong recovery code'"), 2)
      << "wrong recovery codes count towards the lockout like wrong codes";
}

TEST_P(Security, AnAdministratorResetsALostCodeAndTheUserEnrolsAgain) {
  auto rules = generous_rules();
  rules.totp_roles = {Role::kTeamManager};
  start(rules);
  Browser b(server_->port());
  Enrolment e = enrol_team_manager(b);
  ASSERT_FALSE(e.key.empty());
  std::string key_option = backend() == kith::testing::Backend::kPostgres ? " --audit-key '" + dir_.file("audit-key") + "'" : "";
  auto unknown = kith::testing::run_kith("users reset-totp nobody --db '" + path_ + "'" + key_option);
  EXPECT_EQ(unknown.code, 2) << unknown.output;
  EXPECT_NE(unknown.output.find("there is no user called 'nobody'"), std::string::npos) << unknown.output;
  auto reset = kith::testing::run_kith("users reset-totp team_manager --db '" + path_ + "'" + key_option);
  ASSERT_EQ(reset.code, 0) << reset.output;
  EXPECT_EQ(count(path_, "SELECT count(*) FROM audit_entry WHERE action = 'totp_reset' AND entity = 'user'"), 1) << "audited";
  EXPECT_EQ(count(path_, "SELECT count(*) FROM totp_recovery_code"), 0);
  std::string verify_key = backend() == kith::testing::Backend::kPostgres ? " --key '" + dir_.file("audit-key") + "'" : "";
  auto verify = kith::testing::run_kith("audit verify --db '" + path_ + "'" + verify_key);
  EXPECT_EQ(verify.code, 0) << verify.output;

  Browser next(server_->port());
  EXPECT_EQ(next.sign_in("team_manager", kTinyPassword)->get_header_value("Location"), "/account/two-factor")
      << "the next sign-in sets a new code up";
  auto page = next.get("/account/two-factor");
  EXPECT_EQ(page->body.find(access::base32_encode(e.key)), std::string::npos) << "a new secret";
}

TEST_P(Security, APartnerCannotWriteIntoAFamilyThatHasNotConsented) {
  start();
  Browser b(server_->port());
  ASSERT_EQ(b.sign_in("partner_practitioner", kTinyPassword)->status, 303);
  std::string csrf = csrf_of(b);
  EXPECT_EQ(b.post_form("/children/3/partner-notes", {{"csrf_token", csrf}, {"summary", "Visited at home"}})->status, 403)
      << "Cara's family has no team around it with this partner";
  EXPECT_EQ(b.post_form("/children/1/partner-notes", {{"csrf_token", csrf}, {"summary", "Visited at home"}})->status, 303)
      << "Ada's family has";
}

// ---- CSRF, XSS, SQL injection ----

TEST_P(Security, EveryPostRouteRefusesAMissingOrWrongCsrfToken) {
  start();
  Browser b(server_->port());
  ASSERT_EQ(b.sign_in("locality_manager", kTinyPassword)->status, 303);
  std::int64_t writes = count(path_, "SELECT count(*) FROM audit_entry WHERE action NOT IN ('read', 'read_denied', 'sign_in')");
  int checked = 0;
  for (const auto& [method, pattern] : server_->server().routes()) {
    if (method == "GET") continue;
    std::string path = std::regex_replace(pattern, std::regex(R"(\(\\d\+\))"), "1");
    path = std::regex_replace(path, std::regex(R"(\([^)]*\))"), "assessment");  // e.g. a statutory form's name
    if (method == "DELETE") {
      EXPECT_EQ(b.del(path)->status, 403) << path;
      EXPECT_EQ(b.del(path, {{"X-CSRF-Token", std::string(64, '0')}})->status, 403) << path;
      ++checked;
      continue;
    }
    // The JSON sign-in takes no forms at all; /sign-in/code answers a finished session by sending it home.
    int refused = path == "/api/v1/session" ? 415 : path == "/sign-in/code" ? 303 : 403;
    EXPECT_EQ(b.post_form(path, {{"outcome", "x"}})->status, refused) << path << " without a token";
    EXPECT_EQ(b.post_form(path, {{"outcome", "x"}, {"csrf_token", std::string(64, '0')}})->status, refused)
        << path << " with a wrong token";
    ++checked;
  }
  EXPECT_GE(checked, 12);
  EXPECT_EQ(b.get("/home")->status, 200) << "still signed in: sign-out refused too";
  EXPECT_EQ(count(path_, "SELECT count(*) FROM audit_entry WHERE action NOT IN ('read', 'read_denied', 'sign_in')"), writes)
      << "nothing was written";
}

TEST_P(Security, AScriptInAChildsNameIsEscapedOnEveryPageThatShowsIt) {
  start();
  Browser b(server_->port());
  ASSERT_EQ(b.sign_in("practitioner", kTinyPassword)->status, 303);
  for (std::string path : {"/my-work", "/children/6", "/families/1/early-help"}) {
    auto r = b.get(path);
    ASSERT_EQ(r->status, 200) << path;
    EXPECT_EQ(r->body.find("<script>alert"), std::string::npos) << path;
    EXPECT_NE(r->body.find("&lt;script&gt;alert"), std::string::npos) << path << " should show the name, escaped";
  }
  auto api = b.get("/api/v1/children/6");
  ASSERT_EQ(api->status, 200);
  EXPECT_EQ(api->get_header_value("Content-Type").rfind("application/json", 0), 0u) << "JSON is never sniffed as HTML";
  EXPECT_EQ(api->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_P(Security, SqlInjectionStringsAreJustText) {
  start();
  const std::vector<std::string> attacks = {"' OR '1'='1", "1; DROP TABLE person; --", "\" OR 1=1 --",
                                            "1' UNION SELECT password_hash FROM app_user --", "%27%3B--"};
  std::int64_t people = count(path_, "SELECT count(*) FROM person");
  Browser b(server_->port());
  for (const std::string& a : attacks) {
    EXPECT_EQ(b.sign_in(a, a)->status, 401) << a;
  }
  ASSERT_EQ(b.sign_in("locality_manager", kTinyPassword)->status, 303);
  std::string csrf = csrf_of(b);
  for (const std::string& a : attacks) {
    httplib::Params q{{"kind", a}, {"saved", a}, {"signed-out", a}};
    for (std::string path : {"/api/v1/children/1", "/families/1/early-help", "/front-door/contacts/1", "/localities/1",
                             "/planning", "/directory", "/api/v1/planning/forecast"}) {
      auto r = b.get(path + "?" + httplib::detail::params_to_query_str(q));
      ASSERT_TRUE(r) << path;
      EXPECT_LT(r->status, 500) << path << " with " << a;
      EXPECT_EQ(r->body.find("$argon2id$"), std::string::npos) << path;
    }
    for (std::string path : {"/front-door/contacts", "/families/1/early-help/plan", "/families/1/early-help/reviews",
                             "/front-door/contacts/2/decision", "/front-door/contacts/2/routing"}) {
      httplib::Params form{{"csrf_token", csrf}};
      for (std::string field : {"outcome", "due_date", "person_id", "family_id", "forename", "surname", "source",
                                "contact_date", "decision", "reason", "locality_id", "team_id", "review_date", "notes"})
        form.emplace(field, a);
      auto r = b.post_form(path, form);
      ASSERT_TRUE(r) << path;
      EXPECT_LT(r->status, 500) << path << " with " << a;
    }
    EXPECT_EQ(b.get("/children/1'%20OR%20'1'='1")->status, 404) << "the id must be digits to match a route";
  }
  EXPECT_EQ(count(path_, "SELECT count(*) FROM person"), people) << "no person added or removed";
  EXPECT_EQ(b.get("/children/1")->status, 200) << "the tables are all still there";
}

INSTANTIATE_TEST_SUITE_P(Web, Security, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
