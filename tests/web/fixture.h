// The web tests' council: the shared tiny council (tests/fixtures) plus Eli,
// a child whose surname is a <script> tag, allocated to the practitioner so
// that escaping shows on their pages. And the server running over it.
//
//   practitioner (Alex Social, North Assessment) has Ada (child in need,
//   assessment overdue), Ben (child protection plan) and Eli. Cara is looked
//   after by another North team; Dan lives in the South.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "fixtures/tiny_council.h"
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

}  // namespace kith::web::testing
