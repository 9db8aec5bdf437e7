// The server's two limits (src/web/server.cpp): connections held at once (a
// thread each, mostly idle between a person's clicks) and requests handled at
// once (slots). Idle kept-alive connections must not keep anyone else waiting,
// and every answer says how long it spent in the server and waiting for a slot.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <regex>
#include <thread>
#include <vector>

#include "fixture.h"
#include "store/database.h"

namespace kith::web::testing {
namespace {

class ServerCapacity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    make_council(dir_->file("council.db"));
    server_ = new RunningServer(dir_->file("council.db"));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static httplib::Client client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_keep_alive(true);
    return c;
  }
  static inline TempDir* dir_ = nullptr;
  static inline RunningServer* server_ = nullptr;
};

// 40 browsers that loaded a page and are now reading it keep their connections
// open (the server closes them after 5 s idle). With one thread per request
// slot (8) the next person waited those 5 s; now they are answered at once.
TEST_F(ServerCapacity, IdleKeptAliveConnectionsDoNotKeepTheNextPersonWaiting) {
  std::vector<std::unique_ptr<httplib::Client>> idle;
  for (int i = 0; i < 40; ++i) {
    idle.push_back(std::make_unique<httplib::Client>("127.0.0.1", server_->port()));
    idle.back()->set_keep_alive(true);
    auto r = idle.back()->Get("/directory");
    ASSERT_TRUE(r) << "connection " << i << ": " << httplib::to_string(r.error());
    ASSERT_EQ(r->status, 200);
  }
  auto start = std::chrono::steady_clock::now();
  auto r = client().Get("/directory");
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_LT(seconds, 2.0) << "a new connection waited behind idle kept-alive ones";
}

TEST_F(ServerCapacity, EveryRoutedAnswerGivesItsServerTimeAndSlotWait) {
  auto r = client().Get("/directory");
  ASSERT_TRUE(r);
  std::smatch m;
  std::string timing = r->get_header_value("Server-Timing");
  ASSERT_TRUE(std::regex_match(timing, m, std::regex(R"(app;dur=([0-9.]+), wait;dur=([0-9.]+))"))) << timing;
  EXPECT_LE(std::stod(m[2]), std::stod(m[1])) << "the wait for a slot is part of the server time";
}

// The pool is opened at start, one connection per request slot, so the first
// requests after a restart (200 people arriving at once) do not each open one.
TEST(ServerStart, OpensAConnectionPerRequestSlotBeforeTheFirstRequest) {
  TempDir dir;
  std::string url = council_location(kith::testing::Backend::kPostgres, dir);
  ScopedAuditKey key(dir.file("audit-key"));
  auto watcher = store::Database::open(url, {.create = true});
  ASSERT_TRUE(watcher.is_ok()) << watcher.status().message();
  const char* others = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
  EXPECT_EQ(*(*watcher)->scalar(others), 0);
  RunningServer server(url);
  // One per slot (KITH_HTTP_SLOTS' default: two per core); opened lazily, there would be at most the one start() reads the schema with.
  EXPECT_GE(*(*watcher)->scalar(others), 2 * std::int64_t(std::thread::hardware_concurrency()));
  // An answer before the server stops: stopping it before it listens would leave it listening.
  auto r = httplib::Client("127.0.0.1", server.port()).Get("/sign-in");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
}

}  // namespace
}  // namespace kith::web::testing
