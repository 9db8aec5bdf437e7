// The limits that protect sign-in: the per-account lockout, the per-address
// rate limit, the idle time-out and who must use a one-time code. See
// docs/SECURITY.md for the threat model these answer.
//
// Thread-safety: SignInRules is a plain value. SignInThrottle is safe to
// share between threads (one mutex). The lockout functions use only the
// Database passed.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "model/records.h"
#include "model/result.h"
#include "store/database.h"

namespace kith::access {

struct SignInRules {
  int lockout_failures = 5;         // failed sign-ins per username within the window before the lockout
  int lockout_minutes = 15;         // the window, and how long the lockout lasts after the last failure
  double attempts_per_minute = 60;  // per client address, refilled continuously (a council office shares one address)
  int attempt_burst = 100;          // attempts a client address may make at once
  int idle_minutes = 30;            // a session unused this long ends; 0 never
  std::vector<Role> totp_roles{};   // roles that must use a one-time code; empty in the demo
  bool totp_required(Role r) const;
};

// A token bucket per client address, in memory (a restart forgets it; the
// per-account lockout is in the database and survives).
class SignInThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  SignInThrottle(double per_minute, int burst) : per_second_(per_minute / 60.0), burst_(burst) {}

  // Takes one attempt for the address. nullopt when allowed; otherwise the
  // whole seconds to wait before the next attempt is allowed (>= 1).
  std::optional<int> take(const std::string& address, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point at;
  };
  double per_second_;
  int burst_;
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

// True when username has had rules.lockout_failures failed sign-ins within
// the last rules.lockout_minutes. Works the same for unknown usernames.
Result<bool> locked_out(store::Database& db, const std::string& username, const SignInRules& rules);
// Records a failed sign-in for the username typed. Call inside a transaction.
Status record_failure(store::Database& db, const std::string& username);
// Forgets the username's failures after a successful sign-in.
Status clear_failures(store::Database& db, const std::string& username);

// A UTC timestamp 'YYYY-MM-DDTHH:MM:SSZ' offset seconds from now (negative
// for the past), the form every security table compares as text.
std::string utc_seconds_from_now(long long offset_seconds);

}  // namespace kith::access
