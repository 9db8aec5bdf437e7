// Time-based one-time passwords for staff (RFC 6238 over HMAC-SHA1, 30-second
// steps, 6 digits), the kind every authenticator app reads from an
// otpauth:// URI. A code is accepted one step either side of now, and never
// twice: the newest step used is stored.
//
// Thread-safety: free functions; the database ones use only the Database passed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/records.h"
#include "model/result.h"
#include "store/database.h"

namespace kith::access {

inline constexpr int kTotpStepSeconds = 30;

// RFC 4648 base32 without padding, upper case. decode accepts lower case,
// spaces and '=' padding; invalid for any other character.
std::string base32_encode(const std::vector<unsigned char>& bytes);
Result<std::vector<unsigned char>> base32_decode(const std::string& text);

// The HOTP value (RFC 4226) of key at counter, as `digits` decimal digits
// with leading zeros. Uses OpenSSL's HMAC-SHA1.
std::string hotp(const std::vector<unsigned char>& key, std::uint64_t counter, int digits = 6);

// The step whose code matches among step-1, step, step+1 of unix_seconds,
// newer than last_used_step; nullopt when none does.
std::optional<std::int64_t> match_totp(const std::vector<unsigned char>& key, const std::string& code,
                                       std::int64_t unix_seconds, std::int64_t last_used_step);

// otpauth://totp/Kith:<username>?secret=...&issuer=Kith&... for an app to read.
std::string otpauth_uri(const std::string& username, const std::string& secret_base32);

struct TotpState {
  std::string secret;  // base32
  bool confirmed = false;
};

// The user's TOTP secret, if one was issued.
Result<std::optional<TotpState>> totp_state(store::Database& db, Id user_id);
// Issues a new unconfirmed secret (20 random bytes), replacing an unconfirmed
// one; conflict when the user already has a confirmed one.
Result<std::string> issue_totp_secret(store::Database& db, Id user_id);
// Checks a code against the user's secret and, when it matches a step not
// used before, records the step and marks the secret confirmed. denied for a
// wrong, stale or replayed code. Call inside a transaction.
Status use_totp_code(store::Database& db, Id user_id, const std::string& code, std::int64_t unix_seconds);

}  // namespace kith::access
