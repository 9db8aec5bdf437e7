// The web tests' council: the shared tiny council (tests/fixtures) plus Eli,
// a child whose surname is a <script> tag, allocated to the practitioner so
// that escaping shows on their pages. And the server running over it.
//
//   practitioner (Alex Social, North Assessment) has Ada (child in need,
//   assessment overdue), Ben (child protection plan) and Eli. Cara is looked
//   after by another North team; Dan lives in the South.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "client.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "store/database.h"
#include "web/server.h"

namespace kith::web::testing {

using kith::testing::kTinyPassword;
using kith::testing::TempDir;

inline constexpr Date kToday = Date::ymd(2025, 4, 30);
inline constexpr const char* kScriptSurname = "<script>alert(\"x\")</script>";
enum ChildId : Id { kAda = 1, kBen = 2, kCara = 3, kDan = 4, kEli = 6 };

// Creates the council and its audit key at path.
void make_council(const std::string& path);

// Loads the shipped example programme (data/programme/programme.json) into
// the council at db, audited as "test"; a failure fails the running test.
void load_example_programme(const std::string& db);

// The server over a database, listening on a free port on its own thread.
class RunningServer {
 public:
  explicit RunningServer(const std::string& db);
  ~RunningServer();
  int port() const { return server_->port(); }

 private:
  std::unique_ptr<WebServer> server_;
  std::thread thread_;
};

// Sets KITH_AUDIT_KEY for a while: a postgresql:// URL has no folder to keep
// its audit key beside, so the council's key file is named, as `kith serve
// --audit-key` does. The previous value comes back when this goes.
class ScopedAuditKey {
 public:
  explicit ScopedAuditKey(const std::string& key_file);
  ~ScopedAuditKey();

 private:
  std::optional<std::string> previous_;
};

// Where a web suite's council lives: a file in dir for SQLite; a fresh
// database on the test PostgreSQL server, its audit key in dir, for PostgreSQL.
std::string council_location(kith::testing::Backend backend, const TempDir& dir);

// A test suite over its own copy of the council and one server on it, both
// shared by the suite's tests (made once per backend: starting a server per
// test is slow). Suite derives from CouncilServerTest<Suite>; to add rows
// before the server starts it defines `static void prepare_council(const std::string& db)`.
// Suites instantiated over the backends (TEST_P) run on SQLite and on
// PostgreSQL; a plain TEST_F runs on SQLite. A test that changes the council
// for the tests after it calls council_changed().
// Thread-safety: the test thread only (gtest runs a process's tests in turn).
template <typename Suite>
class CouncilServerTest : public kith::testing::BackendTest {
 protected:
  // The council of the running test's backend, made on first use.
  void SetUp() override {
    Council*& c = councils_[int(backend())];
    if (!c) c = make(backend());
    ASSERT_NE(c->server, nullptr) << "the council could not be made or served";
    server_ = c->server.get();
  }
  // Drops the council if the test changed it for the others (council_changed).
  void TearDown() override {
    if (!changed_) return;
    changed_ = false;
    delete councils_[int(backend())];
    councils_[int(backend())] = nullptr;
  }
  static void TearDownTestSuite() {
    for (Council*& c : councils_) {
      delete c;
      c = nullptr;
    }
    server_ = nullptr;
  }
  // Marks the running test as changing the council in a way other tests of
  // the suite would see: it is dropped when the test ends, and the next test
  // gets a fresh one. Keeps the suite's tests independent of their order.
  static void council_changed() { changed_ = true; }
  static void prepare_council(const std::string&) {}

  // The suite's database for the running test: a file or a postgresql:// URL.
  static std::string db_path() { return councils_[int(backend())]->location; }
  static Browser browser() { return Browser(server_->port()); }
  // A browser signed in through the sign-in page as role (expects the 303 to home).
  static Browser signed_in(const std::string& role) {
    Browser b = browser();
    EXPECT_EQ(b.sign_in(role, kTinyPassword)->status, 303) << role;
    return b;
  }
  // The single number an SQL query over the suite's database gives.
  static std::int64_t count(const std::string& sql) {
    auto db = store::Database::open(db_path(), {});
    return *(*db)->scalar(sql);
  }
  static bool has(const httplib::Result& r, const std::string& text) { return r->body.find(text) != std::string::npos; }

  static inline RunningServer* server_ = nullptr;  // the running test's backend's server

 private:
  struct Council {
    TempDir dir;
    std::string location;
    std::unique_ptr<RunningServer> server;
  };
  static Council* make(kith::testing::Backend backend) {
    auto* c = new Council;
    c->location = council_location(backend, c->dir);
    ScopedAuditKey key(audit_key_file(backend, c->dir));
    make_council(c->location);
    if (::testing::Test::HasFatalFailure()) return c;
    Suite::prepare_council(c->location);
    if (::testing::Test::HasFatalFailure()) return c;
    c->server = std::make_unique<RunningServer>(c->location);  // reads the key now, once
    return c;
  }
  static std::string audit_key_file(kith::testing::Backend backend, const TempDir& dir) {
    return backend == kith::testing::Backend::kPostgres ? dir.file("audit-key") : "";
  }

  static inline Council* councils_[2] = {nullptr, nullptr};
  static inline bool changed_ = false;
};

}  // namespace kith::web::testing
