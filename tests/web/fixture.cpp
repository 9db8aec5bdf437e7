#include "fixture.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "audit/audit_log.h"
#include "insight/programme.h"

namespace kith::web::testing {
namespace {

constexpr const char* kEliSql = R"sql(
INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity, address_id) VALUES
  (6, 'Eli', '<script>alert("x")</script>', 'U', '2018-01-01', 'WBRI', 1);
INSERT INTO family_member VALUES (1, 6, 'child', '2018-01-01', NULL);
INSERT INTO cin_episode (id, person_id, referral_date, referral_source, primary_need) VALUES (5, 6, '2025-03-03', '2A', 'N4');
INSERT INTO involvement VALUES (6, 6, 1, 1, 'allocated_social_worker', '2025-03-03', NULL, NULL);
)sql";

}  // namespace

void make_council(const std::string& path) {
  auto db = kith::testing::make_tiny_council(path);
  Status added = db->exec(kEliSql);
  ASSERT_TRUE(added.is_ok()) << added.message();
  auto key = audit::AuditLog::open(audit::AuditLog::key_path_for(path), true);
  ASSERT_TRUE(key.is_ok()) << key.status().message();
}

void load_example_programme(const std::string& db) {
  std::ifstream in(std::string(KITH_SOURCE_DIR) + "/data/programme/programme.json");
  std::stringstream text;
  text << in.rdbuf();
  auto programme = insight::parse_programme_json(text.str(), "programme.json");
  ASSERT_TRUE(programme.is_ok()) << programme.status().message();
  auto store = store::Database::open(db, {});
  auto log = audit::AuditLog::open(audit::AuditLog::key_path_for(db), false);
  ASSERT_TRUE(store.is_ok() && log.is_ok());
  store::WriteContext ctx{*log, "test", "example programme"};
  ASSERT_TRUE(insight::save_programme(**store, ctx, *programme).is_ok());
}

ScopedAuditKey::ScopedAuditKey(const std::string& key_file) {
  if (const char* now = std::getenv("KITH_AUDIT_KEY")) previous_ = now;
  if (key_file.empty()) unsetenv("KITH_AUDIT_KEY");
  else setenv("KITH_AUDIT_KEY", key_file.c_str(), 1);
}

ScopedAuditKey::~ScopedAuditKey() {
  if (previous_) setenv("KITH_AUDIT_KEY", previous_->c_str(), 1);
  else unsetenv("KITH_AUDIT_KEY");
}

std::string council_location(kith::testing::Backend backend, const TempDir& dir) {
  return kith::testing::new_database(backend, dir, "kith.db");
}

RunningServer::RunningServer(const std::string& db)
    : server_(std::make_unique<WebServer>(ServerOptions{.db = db,
                                                        .port = 0,
                                                        .assets_dir = std::string(KITH_SOURCE_DIR) + "/web",
                                                        .today = [] { return kToday; }})) {
  Status started = server_->start();
  EXPECT_TRUE(started.is_ok()) << started.message();
  if (started) thread_ = std::thread([this] { EXPECT_TRUE(server_->listen().is_ok()); });
}

RunningServer::~RunningServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace kith::web::testing
