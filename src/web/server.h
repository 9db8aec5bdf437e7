// Kith's web shell: GOV.UK-styled pages and a JSON API under /api/v1 over
// one case-record database. See docs/WEB.md for routes and security.
//
// Thread-safety: start() and listen() from one thread; stop() and port()
// from any thread. Requests are served by a pool of threads, each using its
// own database connection.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "access/sign_in_rules.h"
#include "model/date.h"
#include "model/result.h"

namespace kith::web {

struct ServerOptions {
  std::string db{};                // case-record database file
  std::string host = "127.0.0.1";
  int port = 8080;                 // 0 picks a free port (tests)
  std::string assets_dir{};        // the source tree's web/ folder (node_modules and static/)
  int session_minutes = 480;       // one working day
  bool secure_cookies = false;     // set when served behind TLS
  std::function<Date()> today{};   // "today" for due dates and ages; the local date when empty
  access::SignInRules sign_in{};   // lockout, rate limit, idle time-out, who needs a one-time code
};

class WebServer {
 public:
  explicit WebServer(ServerOptions options);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  // Opens the database and the audit key, checks the assets and binds the
  // port. Errors name the file or address that is wrong.
  Status start();
  // Serves requests until stop(). Returns an error if the server failed.
  Status listen();
  // Makes listen() return; safe from another thread or a signal watcher.
  void stop();
  // The bound port (useful after binding port 0); 0 before start().
  int port() const;
  // Every route registered by start(), as {method, pattern}; for the access-matrix test.
  std::vector<std::pair<std::string, std::string>> routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kith::web
