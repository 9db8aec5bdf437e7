// One-time codes against the RFCs' own published vectors: RFC 4648 (base32),
// RFC 4226 Appendix D (HOTP) and RFC 6238 Appendix B (TOTP, SHA-1).
#include "access/totp.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "fixtures/postgres_server.h"
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

// ---- the QR code of the URI ----

// A finder pattern (ISO/IEC 18004, 6.3.3) at (x0, y0): a dark 7x7 ring, a light
// 5x5 ring, a dark 3x3 centre.
void expect_finder(const QrCode& qr, int x0, int y0) {
  for (int y = 0; y < 7; ++y)
    for (int x = 0; x < 7; ++x) {
      int ring = std::min(std::min(x, y), std::min(6 - x, 6 - y));  // 0 outer, 1 light, 2-3 centre
      EXPECT_EQ(qr.at(x0 + x, y0 + y), ring != 1) << "finder at " << x0 << "," << y0 << " module " << x << "," << y;
    }
}

TEST(QrCode, TheEnrolmentUriFitsVersion7WithFinderAndTimingPatterns) {
  // 118 bytes: byte mode at level M holds 106 in version 6 and 122 in version 7 (ISO/IEC 18004 table 7).
  std::string uri = otpauth_uri("team_manager", std::string(32, 'A'));
  ASSERT_EQ(uri.size(), 118u);
  auto qr = qr_code(uri);
  ASSERT_TRUE(qr.is_ok()) << qr.status().message();
  EXPECT_EQ(qr->size, 45) << "version 7 is 21 + 4 * 6 modules a side";
  expect_finder(*qr, 0, 0);
  expect_finder(*qr, qr->size - 7, 0);
  expect_finder(*qr, 0, qr->size - 7);
  // Timing patterns: row 6 and column 6 alternate between the finders, dark on even positions.
  for (int i = 8; i < qr->size - 8; ++i) {
    EXPECT_EQ(qr->at(i, 6), i % 2 == 0) << "row 6 at " << i;
    EXPECT_EQ(qr->at(6, i), i % 2 == 0) << "column 6 at " << i;
  }
}

TEST(QrCode, TextTooLongForAnyVersionIsAnError) {
  // Version 40 at level M holds 2,331 bytes.
  auto qr = qr_code(std::string(3000, 'a'));
  EXPECT_EQ(qr.status().code(), Status::Code::kInvalid);
}

TEST(RecoveryCodes, ShapeIsSixteenBase32CharactersInAnyCaseWithHyphens) {
  const std::pair<const char*, bool> cases[] = {
      {"ABCD-EFGH-JKLM-NP23", true}, {"abcdefghjklmnp23", true}, {"ABCD EFGH JKLM NP23", true},
      {"ABCD-EFGH-JKLM-NP2", false}, {"ABCD-EFGH-JKLM-NP231", false}, {"ABCD-EFGH-JKLM-NP21", false},  // 1 is not base32
      {"123456", false},             {"", false}};
  for (auto [text, ok] : cases) EXPECT_EQ(looks_like_recovery_code(text), ok) << text;
}

// The secret and the last used step are stored in the database: on SQLite and on PostgreSQL.
using TotpStore = kith::testing::BackendTest;

TEST_P(TotpStore, EnrolmentConfirmsOnTheFirstGoodCodeAndRefusesReplay) {
  kith::testing::TempDir dir;
  auto db = kith::testing::make_tiny_council(kith::testing::new_database(backend(), dir));
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

TEST_P(TotpStore, TenRecoveryCodesEachWorkOnceAndOnlyTheirHashesAreKept) {
  kith::testing::TempDir dir;
  auto db = kith::testing::make_tiny_council(kith::testing::new_database(backend(), dir));
  ASSERT_TRUE(db);
  auto codes = issue_recovery_codes(*db, 1);
  ASSERT_TRUE(codes.is_ok()) << codes.status().message();
  ASSERT_EQ(codes->size(), 10u);
  EXPECT_EQ(std::set<std::string>(codes->begin(), codes->end()).size(), 10u) << "all different";
  for (const auto& c : *codes) EXPECT_TRUE(std::regex_match(c, std::regex("[A-Z2-7]{4}(-[A-Z2-7]{4}){3}"))) << c;
  EXPECT_EQ(*db->scalar("SELECT count(*) FROM totp_recovery_code WHERE user_id = 1 AND length(code_hash) = 64"), 10)
      << "a 256-bit hash per code";
  for (const auto& c : *codes) {
    std::string plain;  // the code as typed without hyphens, in lower case: hex digests are lower case
    for (char ch : c)
      if (ch != '-') plain += char(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_EQ(*db->scalar("SELECT count(*) FROM totp_recovery_code WHERE lower(code_hash) LIKE ? OR lower(salt) LIKE ?",
                             {"%" + plain + "%", "%" + plain + "%"}),
              0)
        << "the code itself is not stored";
  }

  // Lower case without hyphens is the same code; once used it is gone.
  std::string typed;
  for (char c : (*codes)[3])
    if (c != '-') typed += char(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_TRUE(use_recovery_code(*db, 1, typed).is_ok());
  EXPECT_EQ(*recovery_codes_left(*db, 1), 9);
  EXPECT_EQ(use_recovery_code(*db, 1, (*codes)[3]).code(), Status::Code::kDenied) << "used once only";
  EXPECT_EQ(use_recovery_code(*db, 2, (*codes)[4]).code(), Status::Code::kDenied) << "another user's code";
  EXPECT_EQ(use_recovery_code(*db, 1, "AAAA-AAAA-AAAA-AAAA").code(), Status::Code::kDenied);
  EXPECT_EQ(*recovery_codes_left(*db, 1), 9);

  // New codes replace the old ones.
  auto fresh = issue_recovery_codes(*db, 1);
  ASSERT_TRUE(fresh.is_ok());
  EXPECT_EQ(use_recovery_code(*db, 1, (*codes)[5]).code(), Status::Code::kDenied) << "an old code after new ones were issued";
  EXPECT_TRUE(use_recovery_code(*db, 1, (*fresh)[9]).is_ok());
}

TEST_P(TotpStore, ResetRemovesTheSecretAndTheRecoveryCodes) {
  kith::testing::TempDir dir;
  auto db = kith::testing::make_tiny_council(kith::testing::new_database(backend(), dir));
  ASSERT_TRUE(db);
  EXPECT_EQ(reset_totp(*db, 1).code(), Status::Code::kNotFound) << "nothing set up yet";
  ASSERT_TRUE(issue_totp_secret(*db, 1).is_ok());
  ASSERT_TRUE(issue_recovery_codes(*db, 1).is_ok());
  ASSERT_TRUE(issue_recovery_codes(*db, 2).is_ok());
  EXPECT_TRUE(reset_totp(*db, 1).is_ok());
  EXPECT_FALSE(totp_state(*db, 1)->has_value());
  EXPECT_EQ(*recovery_codes_left(*db, 1), 0);
  EXPECT_EQ(*recovery_codes_left(*db, 2), 10) << "another user's codes stay";
  EXPECT_TRUE(issue_totp_secret(*db, 1).is_ok()) << "the user can set a code up again";
}

INSTANTIATE_TEST_SUITE_P(Access, TotpStore, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::access
