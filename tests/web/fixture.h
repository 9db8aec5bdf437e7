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
#include <string>
#include <thread>

#include "client.h"
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

// A test suite over its own copy of the council and one server on it, both
// shared by the suite's tests (made once: starting a server per test is slow).
// Suite derives from CouncilServerTest<Suite>; to add rows before the server
// starts it defines `static void prepare_council(const std::string& db)`.
template <typename Suite>
class CouncilServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    make_council(db_path());
    Suite::prepare_council(db_path());
    if (::testing::Test::HasFatalFailure()) return;
    server_ = new RunningServer(db_path());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
    server_ = nullptr;
    dir_ = nullptr;
  }
  static void prepare_council(const std::string&) {}

  static std::string db_path() { return dir_->file("kith.db"); }
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

  static inline TempDir* dir_ = nullptr;
  static inline RunningServer* server_ = nullptr;
};

}  // namespace kith::web::testing
