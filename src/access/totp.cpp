#include "access/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include <cctype>
#include <cstring>

#include "access/sign_in_rules.h"

namespace kith::access {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string url_escape(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += char(c);
    else out += {'%', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

}  // namespace

std::string base32_encode(const std::vector<unsigned char>& bytes) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  return out;
}

Result<std::vector<unsigned char>> base32_decode(const std::string& text) {
  std::vector<unsigned char> out;
  unsigned buffer = 0;
  int bits = 0;
  for (char raw : text) {
    if (raw == ' ' || raw == '=') continue;
    char c = char(std::toupper(static_cast<unsigned char>(raw)));
    const char* at = c ? std::strchr(kAlphabet, c) : nullptr;
    if (!at) return Status::invalid("base32: unexpected character in the secret");
    buffer = (buffer << 5) | unsigned(at - kAlphabet);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<unsigned char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  return out;
}

std::string hotp(const std::vector<unsigned char>& key, std::uint64_t counter, int digits) {
  unsigned char msg[8];
  for (int i = 7; i >= 0; --i, counter >>= 8) msg[i] = static_cast<unsigned char>(counter & 0xff);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), key.data(), int(key.size()), msg, sizeof msg, mac, &len);
  // RFC 4226 section 5.3: dynamic truncation.
  int offset = mac[len - 1] & 0x0f;
  std::uint32_t bin = (std::uint32_t(mac[offset] & 0x7f) << 24) | (std::uint32_t(mac[offset + 1]) << 16) |
                      (std::uint32_t(mac[offset + 2]) << 8) | std::uint32_t(mac[offset + 3]);
  std::uint32_t mod = 1;
  for (int i = 0; i < digits; ++i) mod *= 10;
  std::string code = std::to_string(bin % mod);
  return std::string(size_t(digits) - code.size(), '0') + code;
}

std::optional<std::int64_t> match_totp(const std::vector<unsigned char>& key, const std::string& code,
                                       std::int64_t unix_seconds, std::int64_t last_used_step) {
  if (code.size() != 6) return std::nullopt;
  std::int64_t now = unix_seconds / kTotpStepSeconds;
  for (std::int64_t step : {now - 1, now, now + 1}) {
    if (step <= last_used_step || step < 0) continue;
    std::string expected = hotp(key, std::uint64_t(step));
    if (sodium_memcmp(expected.data(), code.data(), expected.size()) == 0) return step;
  }
  return std::nullopt;
}

std::string otpauth_uri(const std::string& username, const std::string& secret) {
  return "otpauth://totp/Kith:" + url_escape(username) + "?secret=" + secret +
         "&issuer=Kith&algorithm=SHA1&digits=6&period=30";
}

Result<std::optional<TotpState>> totp_state(store::Database& db, Id user_id) {
  std::optional<TotpState> state;
  KITH_RETURN_IF_ERROR(db.run("SELECT secret, confirmed FROM totp_credential WHERE user_id = ?", {user_id},
                              [&](const store::Statement& s) { state = TotpState{s.text(0), s.int64(1) != 0}; }));
  return state;
}

Result<std::string> issue_totp_secret(store::Database& db, Id user_id) {
  auto state = totp_state(db, user_id);
  if (!state) return state.status();
  if (*state && (*state)->confirmed) return Status::conflict("a one-time code is already set up for this account");
  std::vector<unsigned char> raw(20);
  randombytes_buf(raw.data(), raw.size());
  std::string secret = base32_encode(raw);
  KITH_RETURN_IF_ERROR(db.run("DELETE FROM totp_credential WHERE user_id = ?", {user_id}));
  KITH_RETURN_IF_ERROR(db.run("INSERT INTO totp_credential (user_id, secret, confirmed, last_step, created_at) VALUES (?,?,0,0,?)",
                              {user_id, secret, utc_seconds_from_now(0)}));
  return secret;
}

Status use_totp_code(store::Database& db, Id user_id, const std::string& code, std::int64_t unix_seconds) {
  std::optional<std::pair<std::string, std::int64_t>> row;
  KITH_RETURN_IF_ERROR(db.run("SELECT secret, last_step FROM totp_credential WHERE user_id = ?", {user_id},
                              [&](const store::Statement& s) { row = {s.text(0), s.int64(1)}; }));
  if (!row) return Status::denied("No one-time code is set up for this account");
  auto key = base32_decode(row->first);
  if (!key) return Status::corrupt("the stored one-time code secret is damaged");
  auto step = match_totp(*key, code, unix_seconds, row->second);
  if (!step) return Status::denied("The code is not right, or has been used already. Wait for a new code and try again");
  return db.run("UPDATE totp_credential SET last_step = ?, confirmed = 1 WHERE user_id = ?", {*step, user_id});
}

}  // namespace kith::access
