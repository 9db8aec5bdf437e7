// Time-based one-time passwords for staff (RFC 6238 over HMAC-SHA1, 30-second
// steps, 6 digits), the kind every authenticator app reads from an
// otpauth:// URI (also as a QR code, libqrencode). A code is accepted one step
// either side of now, and never twice: the newest step used is stored.
// Ten single-use recovery codes stand in for the phone when it is lost; an
// administrator can reset a user's set-up (kith users reset-totp).
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

// ---- QR code of the otpauth URI ----

// A QR code as a square of modules (dark or light), without the quiet zone.
struct QrCode {
  int size = 0;                // modules per side: 21 + 4 * (version - 1)
  std::vector<bool> dark;      // size * size, row by row
  bool at(int x, int y) const { return dark[std::size_t(y) * std::size_t(size) + std::size_t(x)]; }
};

// Encodes text (8-bit mode, error correction level M, the smallest version
// that holds it) with libqrencode. invalid when the text is too long for a QR code.
Result<QrCode> qr_code(const std::string& text);

// ---- recovery codes ----

inline constexpr int kRecoveryCodeCount = 10;

// Replaces the user's recovery codes with kRecoveryCodeCount new ones and
// returns them as XXXX-XXXX-XXXX-XXXX (80 random bits, base32), keeping only a
// salted BLAKE2b hash of each: they can be shown once. Call inside a transaction.
Result<std::vector<std::string>> issue_recovery_codes(store::Database& db, Id user_id);

// True when text has the shape of a recovery code: 16 base32 characters once
// spaces and hyphens are removed, in either case. Pure.
bool looks_like_recovery_code(const std::string& text);

// Uses one of the user's recovery codes: deletes the matching one so it
// cannot be used again. denied when none matches. Call inside a transaction.
Status use_recovery_code(store::Database& db, Id user_id, const std::string& text);

// Renews the recovery codes of a user who has used up or lost them: checks
// a current one-time code from their app first (re-authentication, so a
// screen left signed in cannot be used to take the codes), then replaces the
// old codes with kRecoveryCodeCount new ones, returned once as by
// issue_recovery_codes. denied for a wrong, stale or replayed code or when no
// confirmed code is set up: the old codes are then left as they were. Call
// inside a transaction.
Result<std::vector<std::string>> renew_recovery_codes(store::Database& db, Id user_id, const std::string& code,
                                                      std::int64_t unix_seconds);

// How many unused recovery codes the user has left.
Result<int> recovery_codes_left(store::Database& db, Id user_id);

// Removes the user's one-time code set-up and recovery codes (a lost phone):
// their next sign-in asks them to set a code up again if their role must have
// one. not_found when there was nothing to remove. Call inside a transaction.
Status reset_totp(store::Database& db, Id user_id);

}  // namespace kith::access
