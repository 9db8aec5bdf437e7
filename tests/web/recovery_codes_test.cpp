// New recovery codes from /account/two-factor (issue 8), through a real server
// on loopback, on SQLite and on PostgreSQL: the team manager (whose role must
// use a one-time code here) enrols, then asks for new codes with a current
// code from the app. Old codes stop working, new ones work once, a wrong code
// changes nothing, and both are audited.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <regex>
#include <set>

#include "access/totp.h"
#include "client.h"
#include "matrix_server.h"

namespace kith::web::testing {
namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::vector<std::string> codes_in(const std::string& page) {
  static const std::regex kCode("<code>([A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4})</code>");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(page.begin(), page.end(), kCode); it != std::sregex_iterator(); ++it) out.push_back((*it)[1].str());
  return out;
}

class RecoveryCodesPage : public kith::testing::BackendTest {
 protected:
  void SetUp() override {
    ScopedAuditKey key(backend() == kith::testing::Backend::kPostgres ? dir_.file("audit-key") : "");
    make_council(path_);
    auto rules = generous_rules();
    rules.totp_roles = {Role::kTeamManager};
    server_ = std::make_unique<SecurityServer>(path_, rules);
  }

  // Signs the team manager in for the first time and sets the code up: the key and the ten codes shown.
  void enrol(Browser& b) {
    ASSERT_EQ(b.sign_in("team_manager", kTinyPassword)->get_header_value("Location"), "/account/two-factor");
    auto page = b.get("/account/two-factor");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(page->body, m, std::regex("secret=([A-Z2-7]{32})")));
    key_ = *access::base32_decode(m[1].str());
    auto done = b.post_form("/account/two-factor", {{"csrf_token", Browser::csrf_in(page->body)}, {"code", access::hotp(key_, unix_now() / 30)}});
    ASSERT_EQ(done->status, 200);
    old_codes_ = codes_in(done->body);
    ASSERT_EQ(old_codes_.size(), 10u);
  }
  // The second sign-in step with `typed` in a new browser: 303 signed in, 401 refused.
  int sign_in_with(const std::string& typed) {
    Browser b(server_->port());
    EXPECT_EQ(b.sign_in("team_manager", kTinyPassword)->get_header_value("Location"), "/sign-in/code");
    auto form = b.get("/sign-in/code");
    return b.post_form("/sign-in/code", {{"csrf_token", Browser::csrf_in(form->body)}, {"code", typed}})->status;
  }
  std::int64_t count(const std::string& sql) {
    auto db = store::Database::open(path_, {});
    return *(*db)->scalar(sql);
  }
  // A 6-digit code the app would not show now (none of the steps around now).
  std::string wrong_code() const {
    std::set<std::string> valid;
    for (std::int64_t s = unix_now() / 30 - 2; s <= unix_now() / 30 + 3; ++s) valid.insert(access::hotp(key_, std::uint64_t(s)));
    for (int n = 0;; ++n)
      if (!valid.count(std::to_string(200000 + n))) return std::to_string(200000 + n);
  }

  TempDir dir_;
  std::string path_ = council_location(backend(), dir_);
  std::unique_ptr<SecurityServer> server_;
  std::vector<unsigned char> key_;
  std::vector<std::string> old_codes_;
};

TEST_P(RecoveryCodesPage, ACurrentCodeGetsTenNewCodesAndTheOldOnesStopWorking) {
  Browser b(server_->port());
  ASSERT_NO_FATAL_FAILURE(enrol(b));
  auto page = b.get("/account/two-factor");
  ASSERT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("action=\"/account/two-factor/recovery-codes\""), std::string::npos) << "the action is offered";
  // One step ahead of now: the step used to enrol cannot be used again.
  auto renewed = b.post_form("/account/two-factor/recovery-codes",
                             {{"csrf_token", Browser::csrf_in(page->body)}, {"code", access::hotp(key_, unix_now() / 30 + 1)}});
  ASSERT_EQ(renewed->status, 200);
  auto fresh = codes_in(renewed->body);
  ASSERT_EQ(fresh.size(), 10u) << "ten new codes, shown once";
  for (const std::string& c : fresh) EXPECT_EQ(std::count(old_codes_.begin(), old_codes_.end(), c), 0) << c;
  EXPECT_NE(renewed->body.find("the old ones no longer work"), std::string::npos);
  EXPECT_EQ(b.get("/account/two-factor")->body.find(fresh[0]), std::string::npos) << "not shown again";
  EXPECT_EQ(count("SELECT count(*) FROM audit_entry WHERE action = 'recovery_codes_renewed' AND actor = 'team_manager' "
                  "AND entity = 'user' AND reason = 'new recovery codes: 10'"),
            1);

  EXPECT_EQ(sign_in_with(old_codes_[0]), 401) << "an old code fails after renewal";
  EXPECT_EQ(sign_in_with(fresh[3]), 303) << "a new code signs in";
  EXPECT_EQ(sign_in_with(fresh[3]), 401) << "once";
}

TEST_P(RecoveryCodesPage, AWrongCodeRefusesKeepsTheOldCodesAndIsCounted) {
  Browser b(server_->port());
  ASSERT_NO_FATAL_FAILURE(enrol(b));
  auto page = b.get("/account/two-factor");
  const std::string csrf = Browser::csrf_in(page->body);
  auto refused = b.post_form("/account/two-factor/recovery-codes", {{"csrf_token", csrf}, {"code", wrong_code()}});
  EXPECT_EQ(refused->status, 400);
  EXPECT_NE(refused->body.find("The code is not right"), std::string::npos) << "the error is on the code field";
  EXPECT_NE(refused->body.find("href=\"#code\""), std::string::npos) << "and in the summary";
  EXPECT_TRUE(codes_in(refused->body).empty()) << "no codes shown";
  EXPECT_NE(refused->body.find("You have 10 unused recovery codes"), std::string::npos);
  EXPECT_EQ(b.post_form("/account/two-factor/recovery-codes", {{"code", access::hotp(key_, unix_now() / 30 + 1)}})->status, 403)
      << "no CSRF token, no codes";
  EXPECT_EQ(count("SELECT count(*) FROM audit_entry WHERE action = 'recovery_codes_renewal_failed' AND actor = 'team_manager'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM sign_in_failure WHERE username = 'team_manager'"), 1) << "counted towards the lockout";
  EXPECT_EQ(count("SELECT count(*) FROM audit_entry WHERE action = 'recovery_codes_renewed'"), 0);
  EXPECT_EQ(sign_in_with(old_codes_[5]), 303) << "the old codes still work";
}

TEST_P(RecoveryCodesPage, OnlyAFullySignedInSessionCanAsk) {
  Browser first(server_->port());
  ASSERT_NO_FATAL_FAILURE(enrol(first));
  Browser half(server_->port());
  ASSERT_EQ(half.sign_in("team_manager", kTinyPassword)->get_header_value("Location"), "/sign-in/code");
  auto form = half.get("/sign-in/code");
  auto r = half.post_form("/account/two-factor/recovery-codes",
                          {{"csrf_token", Browser::csrf_in(form->body)}, {"code", access::hotp(key_, unix_now() / 30 + 1)}});
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), "/sign-in/code") << "the password alone is not enough";
  EXPECT_EQ(count("SELECT count(*) FROM audit_entry WHERE action = 'recovery_codes_renewed'"), 0);
  Browser practitioner(server_->port());  // no code set up: sent to set one up, nothing issued
  ASSERT_EQ(practitioner.sign_in("practitioner", kTinyPassword)->status, 303);
  auto me = practitioner.get("/account/two-factor");
  auto none = practitioner.post_form("/account/two-factor/recovery-codes", {{"csrf_token", Browser::csrf_in(me->body)}, {"code", "123456"}});
  EXPECT_EQ(none->status, 303);
  EXPECT_EQ(none->get_header_value("Location"), "/account/two-factor");
  EXPECT_EQ(count("SELECT count(*) FROM totp_recovery_code WHERE user_id = (SELECT id FROM app_user WHERE username = 'practitioner')"), 0);
}

INSTANTIATE_TEST_SUITE_P(Web, RecoveryCodesPage, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
