// What every request handler shares: the options, a pool of database
// connections (one per concurrent request, since a Database belongs to one
// thread at a time) and the audit log. Internal to the web shell.
//
// Thread-safety: App is shared by the server's worker threads; db() hands
// each caller a connection no other thread is using.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "access/sign_in_rules.h"
#include "access/users.h"
#include "audit/audit_log.h"
#include "store/database.h"
#include "web/http.h"
#include "web/server.h"

namespace kith::web {

class App {
 public:
  App(ServerOptions options, audit::AuditLog log)
      : options_(std::move(options)), log_(std::move(log)),
        throttle_(options_.sign_in.attempts_per_minute, options_.sign_in.attempt_burst) {}

  // A connection borrowed from the pool; returned when the lease ends.
  class Lease {
   public:
    Lease(App& app, std::unique_ptr<store::Database> db) : app_(&app), db_(std::move(db)) {}
    Lease(Lease&&) = default;
    ~Lease();
    store::Database& operator*() { return *db_; }
    store::Database* operator->() { return db_.get(); }

   private:
    App* app_;
    std::unique_ptr<store::Database> db_;
  };

  Result<Lease> db();
  // Opens n connections into the pool, so the first requests after a start do
  // not each pay for opening one (on PostgreSQL a connection and its session
  // set-up are several round trips and a new server process).
  Status open_connections(std::size_t n);
  const ServerOptions& options() const { return options_; }
  const audit::AuditLog& audit() const { return log_; }
  Date today() const;
  access::SignInThrottle& throttle() { return throttle_; }  // sign-in attempts per client address

 private:
  ServerOptions options_;
  audit::AuditLog log_;
  std::mutex mu_;
  std::vector<std::unique_ptr<store::Database>> idle_;
  access::SignInThrottle throttle_;
};

// What a handler for a signed-in user gets.
struct Ctx {
  App& app;
  const Request& req;
  store::Database& db;
  const access::Session& session;
  const access::Viewer& viewer() const { return session.viewer; }
};

using Handler = std::function<Response(App&, const Request&)>;
using SignedInHandler = std::function<Response(Ctx&)>;

struct Route {
  std::string method;   // GET | POST | DELETE
  std::string pattern;  // a regular expression over the path; groups become Request::captures
  Handler handler;
};

// Each file adds its routes: session.cpp, pages_*.cpp, api.cpp.
std::vector<Route> session_routes();
std::vector<Route> work_routes();
std::vector<Route> child_routes();
std::vector<Route> locality_routes();
std::vector<Route> planning_routes();
std::vector<Route> dashboard_routes();
std::vector<Route> api_routes();
std::vector<Route> front_door_routes();
std::vector<Route> directory_routes();
std::vector<Route> statutory_routes();
std::vector<Route> totp_routes();
std::vector<Route> placement_routes();  // pages_placements.cpp
std::vector<Route> partner_routes();    // pages_partner.cpp
std::vector<Route> send_routes();       // pages_send.cpp (registered before statutory_routes: it names its forms)
std::vector<Route> consent_routes();    // pages_consent.cpp
std::vector<Route> allocation_routes();  // pages_allocation.cpp
std::vector<Route> data_quality_routes();  // pages_data_quality.cpp
std::vector<Route> settings_routes();  // pages_settings.cpp: /admin/settings and its JSON (administrators)

// Wraps a page handler: sends visitors who are not signed in to the sign-in
// page, and a database failure to the 500 page. POSTs must carry the
// session's CSRF token.
Handler signed_in_page(SignedInHandler h);
// The same for the JSON API: 401 JSON when not signed in; writes need the
// X-CSRF-Token header.
Handler signed_in_api(SignedInHandler h);

// Wraps a sign-in handler (page or API): 429 with Retry-After when the
// client address has used up its sign-in attempts (access::SignInThrottle).
Handler sign_in_limited(Handler h);
// Like signed_in_page, but for the pages of an unfinished sign-in: only a
// session at one of `stages` gets in (others go to their next step or home).
Handler unfinished_sign_in_page(std::vector<access::SessionStage> stages, SignedInHandler h);

// "Today" as the local civil date.
Date local_today();

}  // namespace kith::web
