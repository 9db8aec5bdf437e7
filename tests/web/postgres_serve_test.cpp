// The server mode end to end: the web pages served from a postgresql:// URL
// (a real PostgreSQL 15 server, tests/fixtures/postgres_server.h), and the
// kith binary's serve, synth and audit verify given a URL.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "audit/audit_log.h"
#include "client.h"
#include "fixture.h"
#include "fixtures/kith_cli.h"
#include "fixtures/postgres_server.h"

namespace kith::web::testing {
namespace {

// The audit key of a URL cannot sit beside it: KITH_AUDIT_KEY names it, as
// `kith serve --audit-key` does.
class ServedFromPostgres : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    setenv("KITH_AUDIT_KEY", dir_->file("audit-key").c_str(), 1);
    auto url = kith::testing::fresh_postgres_database();
    ASSERT_TRUE(url.is_ok()) << url.status().message();
    url_ = *url;
    make_council(url_);
    server_ = new RunningServer(url_);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
    unsetenv("KITH_AUDIT_KEY");
  }
  static std::int64_t audit_count(const std::string& where) {
    auto db = store::Database::open(url_, {});
    return *(*db)->scalar("SELECT count(*) FROM audit_entry WHERE " + where);
  }

  static TempDir* dir_;
  static std::string url_;
  static RunningServer* server_;
};
TempDir* ServedFromPostgres::dir_ = nullptr;
std::string ServedFromPostgres::url_;
RunningServer* ServedFromPostgres::server_ = nullptr;

TEST_F(ServedFromPostgres, APractitionerSignsInOpensTheirChildAndIsRefusedAnother) {
  ASSERT_NE(server_, nullptr);
  Browser b(server_->port());
  auto in = b.sign_in("practitioner", kTinyPassword);
  ASSERT_EQ(in->status, 303);
  EXPECT_EQ(in->get_header_value("Location"), "/my-work");
  auto work = b.get("/my-work");
  ASSERT_EQ(work->status, 200);
  EXPECT_NE(work->body.find("Ada"), std::string::npos);
  auto ada = b.get("/children/1");
  ASSERT_EQ(ada->status, 200);
  EXPECT_NE(ada->body.find("Alex Social"), std::string::npos);
  EXPECT_EQ(b.get("/children/4")->status, 403);  // Dan lives in the other locality
  EXPECT_EQ(audit_count("action = 'read' AND entity = 'person' AND entity_id = '1'"), 1);
  EXPECT_EQ(audit_count("action = 'read_denied' AND entity = 'person' AND entity_id = '4'"), 1);
}

TEST_F(ServedFromPostgres, TheAuditChainWrittenThroughTheServerVerifies) {
  ASSERT_NE(server_, nullptr);
  Browser b(server_->port());
  ASSERT_EQ(b.sign_in("locality_manager", kTinyPassword)->status, 303);
  EXPECT_EQ(b.get("/children/3")->status, 200);
  auto db = store::Database::open(url_, {});
  ASSERT_TRUE(db.is_ok()) << db.status().message();
  auto log = audit::AuditLog::open(dir_->file("audit-key"), false);
  ASSERT_TRUE(log.is_ok()) << log.status().message();
  auto report = log->verify(**db);
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_TRUE(report->ok());
  EXPECT_GE(report->entries, 2);  // at least the sign-in and the read of Cara
}

using kith::testing::run_kith;

TEST(KithWithAUrl, ServeNeedsTheAuditKeyNamed) {
  auto r = run_kith("serve --db postgresql://kith:s3cret@127.0.0.1:1/kith --port 0");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("--audit-key"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("s3cret"), std::string::npos) << r.output;
}

TEST(KithWithAUrl, ServeNamesAnUnreachableServerWithoutThePassword) {
  TempDir dir;
  auto r = run_kith("serve --db postgresql://kith:s3cret@127.0.0.1:1/kith --port 0 --audit-key " + dir.file("key"));
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_NE(r.output.find("postgresql://kith:***@127.0.0.1:1/kith"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("s3cret"), std::string::npos) << r.output;
}

// A small synthetic council into an empty PostgreSQL database, then the
// audit chain verified from the outside with the key synth created.
TEST(KithWithAUrl, SynthFillsAnEmptyDatabaseAndItsAuditChainVerifies) {
  TempDir dir;
  auto url = kith::testing::fresh_postgres_database();
  ASSERT_TRUE(url.is_ok()) << url.status().message();
  const std::string small = " --scale 0.02 --years 2 --until 2025-06-30 --no-demo-users --data-dir " +
                            std::string(KITH_SOURCE_DIR) + "/data";
  auto r = run_kith("synth --db " + *url + " --audit-key " + dir.file("key") + small);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_TRUE(std::filesystem::exists(dir.file("key")));
  auto db = store::Database::open(*url, {});
  ASSERT_TRUE(db.is_ok());
  EXPECT_EQ(*(*db)->scalar("SELECT count(*) FROM council"), 1);
  EXPECT_GT(*(*db)->scalar("SELECT count(*) FROM person"), 100);
  auto verified = run_kith("audit verify --db " + *url + " --key " + dir.file("key"));
  EXPECT_EQ(verified.code, 0) << verified.output;
  auto again = run_kith("synth --db " + *url + " --audit-key " + dir.file("key2") + small);
  EXPECT_EQ(again.code, 2) << again.output;
  EXPECT_NE(again.output.find("already holds"), std::string::npos) << again.output;
}

}  // namespace
}  // namespace kith::web::testing
