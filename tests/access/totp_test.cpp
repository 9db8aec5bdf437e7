// One-time codes against the RFCs' own published vectors: RFC 4648 (base32),
// RFC 4226 Appendix D (HOTP) and RFC 6238 Appendix B (TOTP, SHA-1).
#include "access/totp.h"

#include <gtest/gtest.h>

#include "fixtures/tiny_council.h"

namespace kith::access {
namespace {

std::vector<unsigned char> bytes(const std::string& s) { return {s.begin(), s.end()}; }
const std::vector<unsigned char> kRfcKey = bytes("12345678901234567890");  // the RFCs' SHA-1 secret

TEST(Base32, MatchesRfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {{"", ""},          {"f", "MY"},         {"fo", "MZXQ"},
                                                       {"foo", "MZXW6"}, {"foob", "MZXW6YQ"}, {"fooba", "MZXW6YTB"},
                                                       {"foobar", "MZXW6YTBOI"}};
  for (auto [plain, coded] : cases) {
    EXPECT_EQ(base32_encode(bytes(plain)), coded) << plain;
    auto back = base32_decode(coded);
    ASSERT_TRUE(back.is_ok()) << coded;
    EXPECT_EQ(*back, bytes(plain)) << coded;
  }
  EXPECT_EQ(*base32_decode("mzxw 6ytb oi======"), bytes("foobar")) << "lower case, spaces and padding are accepted";
  EXPECT_FALSE(base32_decode("MZXW1").is_ok()) << "1 is not in the base32 alphabet";
}

TEST(Hotp, MatchesRfc4226AppendixD) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t i = 0; i < 10; ++i) EXPECT_EQ(hotp(kRfcKey, i), expected[i]) << "counter " << i;
}

TEST(Totp, MatchesRfc6238AppendixBForSha1) {
  const std::pair<std::int64_t, const char*> cases[] = {{59, "94287082"},         {1111111109, "07081804"},
                                                        {1111111111, "14050471"}, {1234567890, "89005924"},
                                                        {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (auto [t, code] : cases) EXPECT_EQ(hotp(kRfcKey, std::uint64_t(t / 30), 8), code) << "T = " << t;
}

TEST(Totp, AcceptsOneStepEitherSideAndNoFurther) {
  std::int64_t t = 1111111111;  // step 37037037
  std::int64_t step = t / 30;
  EXPECT_EQ(step, 37037037);
  for (std::int64_t offset : {-1, 0, 1})
    EXPECT_EQ(match_totp(kRfcKey, hotp(kRfcKey, std::uint64_t(step + offset)), t, 0), step + offset) << offset;
  for (std::int64_t offset : {-2, 2})
    EXPECT_EQ(match_totp(kRfcKey, hotp(kRfcKey, std::uint64_t(step + offset)), t, 0), std::nullopt) << offset;
  EXPECT_EQ(match_totp(kRfcKey, "12345", t, 0), std::nullopt) << "5 digits";
}

TEST(Totp, RefusesACodeAlreadyUsed) {
  std::int64_t t = 1234567890, step = t / 30;
  std::string code = hotp(kRfcKey, std::uint64_t(step));
  EXPECT_EQ(match_totp(kRfcKey, code, t, step - 1), step);
  EXPECT_EQ(match_totp(kRfcKey, code, t, step), std::nullopt) << "the same step again is a replay";
  EXPECT_EQ(match_totp(kRfcKey, hotp(kRfcKey, std::uint64_t(step - 1)), t, step), std::nullopt) << "an older step too";
}

TEST(Totp, OtpauthUriNamesTheAccountAndSecret) {
  EXPECT_EQ(otpauth_uri("team manager", "GEZDGNBV"),
            "otpauth://totp/Kith:team%20manager?secret=GEZDGNBV&issuer=Kith&algorithm=SHA1&digits=6&period=30");
}

TEST(Totp, EnrolmentConfirmsOnTheFirstGoodCodeAndRefusesReplay) {
  kith::testing::TempDir dir;
  auto db = kith::testing::make_tiny_council(dir.file("k.db"));
  ASSERT_TRUE(db);
  auto secret = issue_totp_secret(*db, 1);
  ASSERT_TRUE(secret.is_ok()) << secret.status().message();
  EXPECT_EQ(secret->size(), 32u) << "20 bytes are 32 base32 characters";
  auto key = base32_decode(*secret);
  ASSERT_TRUE(key.is_ok());
  std::int64_t t = 1800000000;
  EXPECT_EQ(use_totp_code(*db, 1, "000000" == hotp(*key, t / 30) ? "111111" : "000000", t).code(), Status::Code::kDenied);
  EXPECT_FALSE((*totp_state(*db, 1))->confirmed);
  EXPECT_TRUE(use_totp_code(*db, 1, hotp(*key, t / 30), t).is_ok());
  EXPECT_TRUE((*totp_state(*db, 1))->confirmed);
  EXPECT_EQ(use_totp_code(*db, 1, hotp(*key, t / 30), t + 5).code(), Status::Code::kDenied) << "replay within the step";
  EXPECT_EQ(issue_totp_secret(*db, 1).status().code(), Status::Code::kConflict) << "a confirmed secret is not replaced";
}

}  // namespace
}  // namespace kith::access
