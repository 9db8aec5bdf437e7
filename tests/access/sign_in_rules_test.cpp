// Password policy, the per-address throttle and the per-account lockout.
#include "access/sign_in_rules.h"

#include <gtest/gtest.h>

#include "access/users.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"

namespace kith::access {
namespace {

TEST(PasswordPolicy, RefusesWeakPasswordsWithAReason) {
  struct Case {
    const char* password;
    const char* username;
    const char* why;  // a word the message must contain; nullptr for accepted
  };
  const Case cases[] = {
      {"kith-demo-2026", "practitioner", nullptr},  // the demo password must keep working
      {"tiny-council-password", "councillor", nullptr},
      {"correct horse battery", "", nullptr},
      {"short-pass1", "", "12"},
      {"Password1234", "", "common"},  // in data/common-passwords.txt, compared ignoring case
      {"qwertyuiop12", "", "common"},
      {"abcdefghijklmn", "", "kinds"},  // letters only
      {"31415926535897", "", "kinds"},  // digits only
      {"my-name-is-bea.social", "bea.social", "username"},
      {"BEA.SOCIAL-2026!", "bea.social", "username"},
  };
  for (const Case& c : cases) {
    Status s = check_password_policy(c.password, c.username);
    if (!c.why) {
      EXPECT_TRUE(s.is_ok()) << c.password << ": " << s.message();
    } else {
      EXPECT_FALSE(s.is_ok()) << c.password;
      EXPECT_NE(s.message().find(c.why), std::string::npos) << c.password << ": " << s.message();
    }
  }
}

// The rules that read or write the database run on SQLite and on PostgreSQL.
using PasswordPolicyStore = kith::testing::BackendTest;
using Lockout = kith::testing::BackendTest;
using Sessions = kith::testing::BackendTest;

TEST_P(PasswordPolicyStore, AppliesWhenCreatingAUser) {
  kith::testing::TempDir dir;
  auto db = kith::testing::make_tiny_council(kith::testing::new_database(backend(), dir));
  ASSERT_TRUE(db);
  auto made = create_user(*db, {"newcomer", "password1234", Role::kPractitioner, std::nullopt, "New"});
  EXPECT_EQ(made.status().code(), Status::Code::kInvalid);
}

TEST(Throttle, AllowsTheBurstThenRefusesUntilRefilled) {
  SignInThrottle t(60, 3);  // one attempt a second, three at once
  auto t0 = SignInThrottle::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(t.take("10.0.0.1", t0), std::nullopt) << i;
  EXPECT_EQ(t.take("10.0.0.1", t0), 1) << "the fourth waits one second";
  EXPECT_EQ(t.take("10.0.0.2", t0), std::nullopt) << "another address has its own bucket";
  EXPECT_EQ(t.take("10.0.0.1", t0 + std::chrono::milliseconds(1000)), std::nullopt);
  EXPECT_EQ(t.take("10.0.0.1", t0 + std::chrono::milliseconds(1000)), 1);
}

TEST(Throttle, RetryAfterCountsTheWholeWait) {
  SignInThrottle t(6, 1);  // one attempt every 10 seconds
  auto t0 = SignInThrottle::Clock::time_point{} + std::chrono::hours(1);
  EXPECT_EQ(t.take("a", t0), std::nullopt);
  EXPECT_EQ(t.take("a", t0), 10);
  EXPECT_EQ(t.take("a", t0 + std::chrono::seconds(4)), 6);
}

TEST_P(Lockout, StartsAtTheLimitForKnownAndUnknownUsernamesAlike) {
  kith::testing::TempDir dir;
  auto db = kith::testing::make_tiny_council(kith::testing::new_database(backend(), dir));
  ASSERT_TRUE(db);
  SignInRules rules{.lockout_failures = 3, .lockout_minutes = 15};
  for (std::string name : {"practitioner", "nobody-at-all"}) {
    for (int i = 0; i < 3; ++i) {
      EXPECT_FALSE(*locked_out(*db, name, rules)) << name << " after " << i;
      ASSERT_TRUE(record_failure(*db, name).is_ok());
    }
    EXPECT_TRUE(*locked_out(*db, name, rules)) << name;
  }
  EXPECT_FALSE(*locked_out(*db, "team_manager", rules)) << "per account";
  ASSERT_TRUE(clear_failures(*db, "practitioner").is_ok());
  EXPECT_FALSE(*locked_out(*db, "practitioner", rules));
  // Failures older than the window no longer count.
  ASSERT_TRUE(db->run("UPDATE sign_in_failure SET failed_at = ?", {utc_seconds_from_now(-16 * 60)}).is_ok());
  EXPECT_FALSE(*locked_out(*db, "nobody-at-all", rules));
}

TEST_P(Sessions, IdleSessionsAreNotFound) {
  kith::testing::TempDir dir;
  auto db = kith::testing::make_tiny_council(kith::testing::new_database(backend(), dir));
  ASSERT_TRUE(db);
  auto viewer = load_viewer(*db, 1);
  ASSERT_TRUE(viewer.is_ok());
  auto s = start_session(*db, *viewer, 480);
  ASSERT_TRUE(s.is_ok());
  EXPECT_TRUE(find_session(*db, s->token, 30).is_ok());
  ASSERT_TRUE(db->run("UPDATE user_session SET last_seen_at = ?", {utc_seconds_from_now(-29 * 60)}).is_ok());
  EXPECT_TRUE(find_session(*db, s->token, 30).is_ok()) << "29 minutes idle is within 30";
  ASSERT_TRUE(db->run("UPDATE user_session SET last_seen_at = ?", {utc_seconds_from_now(-31 * 60)}).is_ok());
  EXPECT_EQ(find_session(*db, s->token, 30).status().code(), Status::Code::kNotFound);
  EXPECT_TRUE(find_session(*db, s->token, 0).is_ok()) << "0 means no idle limit";
  auto old = timed_out_session(*db, s->token);
  ASSERT_TRUE(old.is_ok() && *old);
  EXPECT_EQ((*old)->user_id, viewer->user_id);
}

INSTANTIATE_TEST_SUITE_P(Access, PasswordPolicyStore, kith::testing::kBothBackends, kith::testing::BackendName());
INSTANTIATE_TEST_SUITE_P(Access, Lockout, kith::testing::kBothBackends, kith::testing::BackendName());
INSTANTIATE_TEST_SUITE_P(Access, Sessions, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::access
