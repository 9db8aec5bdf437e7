// A Kith server for the security tests: the web tests' council (fixture.h)
// plus Fin, a child allocated to the team manager's worker (a "team case"
// for the practitioner), served with sign-in rules the test chooses.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "fixture.h"
#include "store/database.h"
#include "web/server.h"

namespace kith::web::testing {

inline constexpr Id kFin = 7;

inline void add_team_case(const std::string& path) {
  auto db = store::Database::open(path, {});
  ASSERT_TRUE(db.is_ok()) << db.status().message();
  Status added = (*db)->exec(
      "INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity, address_id) VALUES "
      "(7, 'Fin', 'Teamcase', 'M', '2015-06-01', 'WBRI', 1);"
      "INSERT INTO cin_episode (id, person_id, referral_date, referral_source, primary_need) VALUES (7, 7, '2025-03-10', '2A', 'N4');"
      "INSERT INTO involvement VALUES (7, 7, 3, 1, 'allocated_social_worker', '2025-03-10', NULL, NULL);");
  ASSERT_TRUE(added.is_ok()) << added.message();
}

class SecurityServer {
 public:
  SecurityServer(const std::string& db, access::SignInRules rules)
      : server_(std::make_unique<WebServer>(ServerOptions{.db = db,
                                                          .port = 0,
                                                          .assets_dir = std::string(KITH_SOURCE_DIR) + "/web",
                                                          .today = [] { return kToday; },
                                                          .sign_in = std::move(rules)})) {
    Status started = server_->start();
    EXPECT_TRUE(started.is_ok()) << started.message();
    if (started) thread_ = std::thread([this] { EXPECT_TRUE(server_->listen().is_ok()); });
  }
  ~SecurityServer() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }
  int port() const { return server_->port(); }
  WebServer& server() { return *server_; }

 private:
  std::unique_ptr<WebServer> server_;
  std::thread thread_;
};

// Rules that never get in a test's way unless it wants them to.
inline access::SignInRules generous_rules() {
  return {.lockout_failures = 1000, .attempts_per_minute = 6000, .attempt_burst = 1000, .idle_minutes = 30};
}

}  // namespace kith::web::testing
