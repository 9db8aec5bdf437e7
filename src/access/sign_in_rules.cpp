#include "access/sign_in_rules.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include "store/audited_write.h"

namespace kith::access {

bool SignInRules::totp_required(Role r) const { return std::find(totp_roles.begin(), totp_roles.end(), r) != totp_roles.end(); }

std::optional<int> SignInThrottle::take(const std::string& address, Clock::time_point now) {
  std::lock_guard lock(mu_);
  // Forget buckets that have refilled, so a scan of many addresses cannot grow the map without bound.
  if (buckets_.size() > 10000) {
    std::erase_if(buckets_, [&](const auto& kv) {
      return kv.second.tokens + std::chrono::duration<double>(now - kv.second.at).count() * per_second_ >= burst_;
    });
  }
  auto [it, fresh] = buckets_.try_emplace(address, Bucket{double(burst_), now});
  Bucket& b = it->second;
  double elapsed = std::chrono::duration<double>(now - b.at).count();
  b.tokens = std::min(double(burst_), b.tokens + std::max(0.0, elapsed) * per_second_);
  b.at = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return std::nullopt;
  }
  if (per_second_ <= 0) return 3600;
  return std::max(1, int(std::ceil((1.0 - b.tokens) / per_second_)));
}

std::string utc_seconds_from_now(long long offset_seconds) {
  std::time_t t = std::time(nullptr) + offset_seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<bool> locked_out(store::Database& db, const std::string& username, const SignInRules& rules) {
  if (rules.lockout_failures <= 0) return false;
  auto n = db.scalar("SELECT count(*) FROM sign_in_failure WHERE username = ? AND failed_at > ?",
                     {username, utc_seconds_from_now(-60LL * rules.lockout_minutes)});
  if (!n) return n.status();
  return *n >= rules.lockout_failures;
}

Status record_failure(store::Database& db, const std::string& username) {
  auto id = store::next_id(db, "sign_in_failure");
  if (!id) return id.status();
  return db.run("INSERT INTO sign_in_failure (id, username, failed_at) VALUES (?,?,?)",
                {*id, username, utc_seconds_from_now(0)});
}

Status clear_failures(store::Database& db, const std::string& username) {
  return db.run("DELETE FROM sign_in_failure WHERE username = ?", {username});
}

}  // namespace kith::access
