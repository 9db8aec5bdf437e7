// Renewing recovery codes (issue 8): a current one-time code first, then ten
// new codes replace the old ones. On SQLite and on PostgreSQL, over the tiny
// council's users (user 1 enrols here with a secret issued by the test).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "access/totp.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"

namespace kith::access {
namespace {

constexpr std::int64_t kT = 1800000000;  // a fixed "now": step 60000000

class RecoveryCodeRenewal : public kith::testing::BackendTest {
 protected:
  void SetUp() override {
    db_ = kith::testing::make_tiny_council(kith::testing::new_database(backend(), dir_));
    ASSERT_TRUE(db_);
  }
  // Sets user 1 up with a confirmed code (used at step kT / 30) and ten recovery codes; returns the key.
  std::vector<unsigned char> enrol() {
    auto secret = issue_totp_secret(*db_, 1);
    EXPECT_TRUE(secret.is_ok());
    auto key = *base32_decode(*secret);
    EXPECT_TRUE(use_totp_code(*db_, 1, hotp(key, kT / 30), kT).is_ok());
    auto codes = issue_recovery_codes(*db_, 1);
    EXPECT_TRUE(codes.is_ok());
    old_codes_ = *codes;
    return key;
  }
  // A 6-digit code that is none of the codes accepted around step kT / 30 + 1.
  static std::string wrong_code(const std::vector<unsigned char>& key) {
    std::set<std::string> valid;
    for (std::int64_t s = kT / 30 - 1; s <= kT / 30 + 3; ++s) valid.insert(hotp(key, std::uint64_t(s)));
    for (int n = 0;; ++n) {
      std::string c = std::to_string(100000 + n);
      if (!valid.count(c)) return c;
    }
  }

  kith::testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::vector<std::string> old_codes_;
};

TEST_P(RecoveryCodeRenewal, ARightCodeReplacesTheOldCodesWithTenNewOnes) {
  auto key = enrol();
  ASSERT_EQ(old_codes_.size(), 10u);
  ASSERT_TRUE(use_recovery_code(*db_, 1, old_codes_[0]).is_ok());  // some used up: 9 left
  auto fresh = renew_recovery_codes(*db_, 1, hotp(key, kT / 30 + 1), kT + 30);
  ASSERT_TRUE(fresh.is_ok()) << fresh.status().message();
  ASSERT_EQ(fresh->size(), 10u);
  EXPECT_EQ(*recovery_codes_left(*db_, 1), 10);
  for (const std::string& c : *fresh)
    EXPECT_EQ(std::count(old_codes_.begin(), old_codes_.end(), c), 0) << c << " is new";
  EXPECT_EQ(use_recovery_code(*db_, 1, old_codes_[1]).code(), Status::Code::kDenied) << "an old code no longer works";
  EXPECT_TRUE(use_recovery_code(*db_, 1, (*fresh)[0]).is_ok()) << "a new code works";
  EXPECT_EQ(use_recovery_code(*db_, 1, (*fresh)[0]).code(), Status::Code::kDenied) << "once";
  EXPECT_EQ(*recovery_codes_left(*db_, 1), 9);
}

TEST_P(RecoveryCodeRenewal, AWrongOrReplayedCodeRefusesAndKeepsTheOldCodes) {
  auto key = enrol();
  EXPECT_EQ(renew_recovery_codes(*db_, 1, wrong_code(key), kT + 30).status().code(), Status::Code::kDenied);
  EXPECT_EQ(renew_recovery_codes(*db_, 1, hotp(key, kT / 30), kT + 30).status().code(), Status::Code::kDenied)
      << "the code already used to enrol";
  EXPECT_EQ(renew_recovery_codes(*db_, 1, "", kT + 30).status().code(), Status::Code::kDenied);
  EXPECT_EQ(*recovery_codes_left(*db_, 1), 10);
  EXPECT_TRUE(use_recovery_code(*db_, 1, old_codes_[4]).is_ok()) << "the old codes still work";
}

TEST_P(RecoveryCodeRenewal, NeedsACodeThatIsSetUp) {
  std::int64_t step = kT / 30;
  std::vector<unsigned char> any_key(20, 7);
  EXPECT_EQ(renew_recovery_codes(*db_, 1, hotp(any_key, step), kT).status().code(), Status::Code::kDenied) << "nothing set up";
  auto secret = issue_totp_secret(*db_, 1);  // issued, not yet confirmed by a code
  ASSERT_TRUE(secret.is_ok());
  auto key = *base32_decode(*secret);
  EXPECT_EQ(renew_recovery_codes(*db_, 1, hotp(key, step), kT).status().code(), Status::Code::kDenied);
  EXPECT_FALSE((*totp_state(*db_, 1))->confirmed) << "refusing did not confirm the half-done set-up on the way";
  EXPECT_EQ(*recovery_codes_left(*db_, 1), 0);
}

INSTANTIATE_TEST_SUITE_P(Access, RecoveryCodeRenewal, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::access
