#include "access/totp.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <qrencode.h>
#include <sodium.h>

#include <cctype>
#include <cstring>
#include <memory>
#include <optional>

#include "access/sign_in_rules.h"
#include "store/audited_write.h"

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

// ---- QR code ----

Result<QrCode> qr_code(const std::string& text) {
  // Version 0: the smallest that holds the text. Level M survives a smudged screen photo.
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!qr) return Status::invalid("the text (" + std::to_string(text.size()) + " bytes) cannot be made into a QR code");
  QrCode out;
  out.size = qr->width;
  out.dark.resize(std::size_t(qr->width) * std::size_t(qr->width));
  // libqrencode: one byte per module, the lowest bit set for a dark one.
  for (std::size_t i = 0; i < out.dark.size(); ++i) out.dark[i] = (qr->data[i] & 1) != 0;
  return out;
}

// ---- recovery codes ----

namespace {

// Upper case without spaces or hyphens: how a code is hashed and compared.
std::string normalised_code(const std::string& text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '-') out += char(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string hex(const unsigned char* p, std::size_t n) {
  std::string out(n * 2, '\0');
  sodium_bin2hex(out.data(), out.size() + 1, p, n);
  return out;
}

// BLAKE2b-256 of the normalised code keyed with the row's random salt.
std::string code_hash(const std::string& normalised, const std::string& salt_hex) {
  unsigned char salt[16];
  std::size_t salt_len = 0;
  if (sodium_hex2bin(salt, sizeof salt, salt_hex.c_str(), salt_hex.size(), nullptr, &salt_len, nullptr) != 0) return "";
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(normalised.data()), normalised.size(), salt, salt_len);
  return hex(out, sizeof out);
}

}  // namespace

bool looks_like_recovery_code(const std::string& text) {
  std::string code = normalised_code(text);
  if (code.size() != 16) return false;
  for (char c : code)
    if (!std::strchr(kAlphabet, c)) return false;
  return true;
}

Result<std::vector<std::string>> issue_recovery_codes(store::Database& db, Id user_id) {
  KITH_RETURN_IF_ERROR(db.run("DELETE FROM totp_recovery_code WHERE user_id = ?", {user_id}));
  std::vector<std::string> codes;
  std::string now = utc_seconds_from_now(0);
  for (int i = 0; i < kRecoveryCodeCount; ++i) {
    std::vector<unsigned char> raw(10);  // 80 bits: 16 base32 characters
    randombytes_buf(raw.data(), raw.size());
    std::string code = base32_encode(raw);
    unsigned char salt[16];
    randombytes_buf(salt, sizeof salt);
    std::string salt_hex = hex(salt, sizeof salt);
    auto id = store::next_id(db, "totp_recovery_code");
    if (!id) return id.status();
    KITH_RETURN_IF_ERROR(db.run("INSERT INTO totp_recovery_code (id, user_id, salt, code_hash, created_at) VALUES (?,?,?,?,?)",
                                {*id, user_id, salt_hex, code_hash(code, salt_hex), now}));
    codes.push_back(code.substr(0, 4) + "-" + code.substr(4, 4) + "-" + code.substr(8, 4) + "-" + code.substr(12, 4));
  }
  return codes;
}

Status use_recovery_code(store::Database& db, Id user_id, const std::string& text) {
  const Status wrong = Status::denied("The recovery code is not right, or has been used already");
  if (!looks_like_recovery_code(text)) return wrong;
  std::string code = normalised_code(text);
  std::optional<std::int64_t> match;
  KITH_RETURN_IF_ERROR(db.run("SELECT id, salt, code_hash FROM totp_recovery_code WHERE user_id = ? ORDER BY id", {user_id},
                              [&](const store::Statement& s) {
                                std::string h = code_hash(code, s.text(1)), stored = s.text(2);
                                if (h.size() == stored.size() && sodium_memcmp(h.data(), stored.data(), h.size()) == 0)
                                  match = s.int64(0);
                              }));
  if (!match) return wrong;
  return db.run("DELETE FROM totp_recovery_code WHERE id = ?", {*match});
}

Result<std::vector<std::string>> renew_recovery_codes(store::Database& db, Id user_id, const std::string& code,
                                                      std::int64_t unix_seconds) {
  // Only a confirmed set-up: use_totp_code would otherwise confirm a half-done enrolment on the way.
  auto state = totp_state(db, user_id);
  if (!state) return state.status();
  if (!*state || !(*state)->confirmed) return Status::denied("Set up a one-time code before getting recovery codes");
  KITH_RETURN_IF_ERROR(use_totp_code(db, user_id, code, unix_seconds));
  return issue_recovery_codes(db, user_id);
}

Result<int> recovery_codes_left(store::Database& db, Id user_id) {
  auto n = db.scalar("SELECT count(*) FROM totp_recovery_code WHERE user_id = ?", {user_id});
  if (!n) return n.status();
  return int(*n);
}

Status reset_totp(store::Database& db, Id user_id) {
  auto had = db.scalar("SELECT count(*) FROM totp_credential WHERE user_id = ?", {user_id});
  if (!had) return had.status();
  auto codes = recovery_codes_left(db, user_id);
  if (!codes) return codes.status();
  if (*had == 0 && *codes == 0) return Status::not_found("no one-time code is set up for this user");
  KITH_RETURN_IF_ERROR(db.run("DELETE FROM totp_recovery_code WHERE user_id = ?", {user_id}));
  return db.run("DELETE FROM totp_credential WHERE user_id = ?", {user_id});
}

}  // namespace kith::access
