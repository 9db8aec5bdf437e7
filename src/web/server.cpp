// The one file that talks to cpp-httplib: routes, static files, security
// headers, error pages for everything the routes do not answer, and the
// access log.
#include "web/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "web/app.h"
#include "web/checkpointer.h"
#include "web/httplib_abi.h"
#include "web/responses.h"

namespace kith::web {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr size_t kMaxBody = 64 * 1024;  // forms and JSON are small; anything larger is refused with 413

// What the access log may say about a request: the route's pattern, never the
// path itself, which can hold a child's id.
struct Trace {
  Clock::time_point start;
  std::string pattern;
  double wait_ms = 0;  // waiting for a handler slot (RequestSlots), part of the server time
};
thread_local Trace trace;

// Requests handled at once, apart from the threads that hold connections. cpp-httplib keeps a
// kept-alive connection on one pool thread while it waits for the next request, so the pool must
// hold a thread per open connection or idle browsers starve the rest (200 sessions pausing 1 s
// between clicks on 8 threads: client p50 9.7 s, server p50 1.8 ms). Handling is CPU and the
// database, so it takes one of a few slots; a request waiting for a slot counts in its server time.
class RequestSlots {
 public:
  explicit RequestSlots(std::size_t n) : free_(std::ptrdiff_t(n)) {}
  void acquire() {
    std::unique_lock lock(mu_);
    freed_.wait(lock, [this] { return free_ > 0; });
    --free_;
  }
  void release() {
    { std::lock_guard lock(mu_); ++free_; }
    freed_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable freed_;
  std::ptrdiff_t free_;
};

struct Mount {
  const char* url;
  const char* dir;  // under assets_dir
};
constexpr Mount kMounts[] = {
    {"/assets", "node_modules/govuk-frontend/dist/govuk/assets"},
    {"/govuk", "node_modules/govuk-frontend/dist/govuk"},
    {"/vendor", "node_modules/htmx.org/dist"},
    {"/static", "static"},
};

std::string static_pattern(const std::string& path) {
  for (const Mount& m : kMounts)
    if (path.rfind(std::string(m.url) + "/", 0) == 0) return std::string(m.url) + "/*";
  return "(no route)";
}

bool is_static(const std::string& path) { return static_pattern(path) != "(no route)"; }

httplib::Headers security_headers(const ServerOptions& o) {
  httplib::Headers h = {
      // Scripts and styles only from files Kith serves: no inline script, no eval.
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "same-origin"},
      {"X-Frame-Options", "DENY"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
  };
  if (o.secure_cookies) h.emplace("Strict-Transport-Security", "max-age=31536000");
  return h;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

Request to_request(const httplib::Request& r) {
  Request out;
  out.method = r.method;
  out.path = r.path;
  out.body = r.body;
  for (const auto& [k, v] : r.params) out.params.emplace(k, v);
  for (const auto& [k, v] : r.headers) out.headers.emplace(lower(k), v);
  out.cookies = parse_cookies(out.header("cookie"));
  for (size_t i = 1; i < r.matches.size(); ++i) out.captures.push_back(r.matches[i].str());
  out.remote_addr = r.remote_addr;
  return out;
}

void send(const Response& in, httplib::Response& out) {
  out.status = in.status;
  for (const auto& [k, v] : in.headers) out.set_header(k, v);
  out.set_content(in.body, in.content_type);
}

httplib::Server::Handler adapt(App& app, RequestSlots& slots, const Route& route) {
  return [&app, &slots, pattern = route.pattern, handler = route.handler](const httplib::Request& req, httplib::Response& res) {
    trace.pattern = pattern;
    auto queued = Clock::now();
    slots.acquire();
    trace.wait_ms = std::chrono::duration<double, std::milli>(Clock::now() - queued).count();
    struct Release {
      RequestSlots& slots;
      ~Release() { slots.release(); }
    } release{slots};
    send(handler(app, to_request(req)), res);
  };
}

bool is_api(const std::string& path) { return path.rfind("/api/", 0) == 0; }

// Answers what no route did: unknown paths, bad requests, bodies too large.
httplib::Server::HandlerResponse on_error(const httplib::Request& req, httplib::Response& res) {
  if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // a route already wrote its own error
  if (is_api(req.path))
    send(json_error(res.status, res.status == 404 ? "There is no such API endpoint" : "The request could not be handled"), res);
  else
    send(error_page(res.status, nullptr), res);
  return httplib::Server::HandlerResponse::Handled;
}

void on_exception(const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
  spdlog::error("unexpected exception in {} {}", req.method, trace.pattern);
  send(is_api(req.path) ? json_error(500, "Sorry, there is a problem with the service; nothing was saved") : error_page(500, nullptr),
       res);
}

void log_request(const httplib::Request& req, const httplib::Response& res) {
  // Requests refused while being read (too large, malformed) never reach routing, so have no trace.
  if (trace.pattern.empty()) {
    spdlog::info("{} (refused before routing) {}", req.method, res.status);
    return;
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - trace.start).count();
  spdlog::info("{} {} {} {}ms", req.method, trace.pattern, res.status, ms);
  trace = {};
}

// A positive whole number from the environment variable `name` (at most 1024), else `fallback`.
std::size_t env_count(const char* name, std::size_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  unsigned long n = std::strtoul(v, &end, 10);
  if (*end || n < 1 || n > 1024) {
    spdlog::warn("{}={} is not a number from 1 to 1024; using {}", name, v, fallback);
    return fallback;
  }
  return std::size_t(n);
}

// Connections served at once (KITH_HTTP_THREADS): a thread each, mostly waiting on an idle
// kept-alive socket, so cheap; behind a reverse proxy (docs/OPERATIONS.md) it is the proxy's
// upstream connections. Requests handled at once (KITH_HTTP_SLOTS): two per core. Handling is
// CPU work here and in the database; with more at once they only take turns on the cores and
// each is slower (on 2 cores with PostgreSQL beside: child record p99 14 ms with 4 slots, 19 ms
// with 8, 23 ms with 16, the same throughput; docs/PERFORMANCE.md, "Batched reads").
constexpr std::size_t kHttpThreads = 256;
std::size_t default_request_slots() {
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 4 : 2 * std::size_t(cores);
}

// The audit key is created only for a database with no audit entries yet: a
// missing key for an existing log means the log could no longer be verified.
Result<audit::AuditLog> open_audit(store::Database& db, const std::string& location) {
  auto entries = db.scalar("SELECT count(*) FROM audit_entry");
  if (!entries) return entries.status();
  return audit::AuditLog::open(audit::AuditLog::key_path_for(location), *entries == 0);
}

Status check_assets(const std::string& dir) {
  std::error_code ec;
  if (dir.empty()) return Status::invalid("no assets folder given: pass the web/ folder of the Kith source tree");
  if (!fs::exists(fs::path(dir) / "node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css", ec))
    return Status::not_found("GOV.UK Frontend is not installed under '" + dir + "/node_modules': run npm install in '" + dir + "'");
  return Status::ok();
}

}  // namespace

struct WebServer::Impl {
  ServerOptions options;
  std::unique_ptr<App> app;
  std::unique_ptr<Checkpointer> checkpointer;  // SQLite: the log is copied into the file here, not in a request's commit
  std::unique_ptr<RequestSlots> slots;
  httplib::Server http;
  int port = 0;
  std::atomic<bool> listening{false};
  std::vector<std::pair<std::string, std::string>> registered;  // {method, pattern}

  void route_all();
  void mount_static();
};

void WebServer::Impl::route_all() {
  for (auto routes : {session_routes(), work_routes(), child_routes(), locality_routes(), planning_routes(), dashboard_routes(), api_routes(), front_door_routes(), directory_routes(), totp_routes(), placement_routes(), partner_routes(), send_routes(), consent_routes(), statutory_routes(), allocation_routes(), data_quality_routes(), settings_routes()}) {
    for (const Route& r : routes) {
      registered.emplace_back(r.method, r.pattern);
      if (r.method == "GET") http.Get(r.pattern, adapt(*app, *slots, r));
      else if (r.method == "POST") http.Post(r.pattern, adapt(*app, *slots, r));
      else if (r.method == "DELETE") http.Delete(r.pattern, adapt(*app, *slots, r));
    }
  }
}

void WebServer::Impl::mount_static() {
  for (const Mount& m : kMounts) http.set_mount_point(m.url, (fs::path(options.assets_dir) / m.dir).string());
}

WebServer::WebServer(ServerOptions options) : impl_(std::make_unique<Impl>()) { impl_->options = std::move(options); }

WebServer::~WebServer() { stop(); }

Status WebServer::start() {
  Impl& s = *impl_;
  KITH_RETURN_IF_ERROR(check_assets(s.options.assets_dir));
  auto db = store::Database::open(s.options.db, {});
  if (!db) return db.status();
  auto log = open_audit(**db, s.options.db);
  if (!log) return log.status();
  auto checkpointer = Checkpointer::start(s.options.db);
  if (!checkpointer) return checkpointer.status();
  s.checkpointer = std::move(*checkpointer);
  s.app = std::make_unique<App>(s.options, std::move(*log));
  const std::size_t slots = env_count("KITH_HTTP_SLOTS", default_request_slots());
  s.slots = std::make_unique<RequestSlots>(slots);
  KITH_RETURN_IF_ERROR(s.app->open_connections(slots));  // one per slot: as many as can be busy at once
  s.route_all();
  s.mount_static();
  s.http.set_default_headers(security_headers(s.options));
  s.http.set_payload_max_length(kMaxBody);
  s.http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
    trace = {Clock::now(), static_pattern(req.path)};
    return httplib::Server::HandlerResponse::Unhandled;
  });
  s.http.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    // Pages and API answers hold personal data: never cache them. Library files may be cached.
    if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", is_static(req.path) ? "max-age=3600" : "no-store");
    // Server time (routing to response ready, waiting for a handler slot included; "wait" is that
    // wait alone) for load tests and operators; durations only, no data.
    if (!trace.pattern.empty())
      res.set_header("Server-Timing", "app;dur=" + std::to_string(std::chrono::duration<double, std::milli>(Clock::now() - trace.start).count()) +
                                          ", wait;dur=" + std::to_string(trace.wait_ms));
  });
  s.http.set_error_handler(httplib::Server::HandlerWithResponse(on_error));
  s.http.set_exception_handler(on_exception);
  s.http.set_logger(log_request);
  const std::size_t threads = env_count("KITH_HTTP_THREADS", kHttpThreads);
  s.http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };

  // Headers and body go out as separate writes; with Nagle's algorithm the second waited for the
  // client's delayed ACK (40 ms on Linux). Browsers set TCP_NODELAY on their side for the same reason.
  s.http.set_tcp_nodelay(true);
  // cpp-httplib's defaults, stated: a kept-alive connection serves 5 requests (then "Connection: close")
  // and is closed after 5 s idle. A request a client sends
  // just as that idle close happens is never read; browsers send it again on a new connection, and so
  // does bench/load/load_client.cpp (counted, and checked against this access log by run_load.sh).
  s.http.set_keep_alive_max_count(5);
  s.http.set_keep_alive_timeout(5);
  s.port = s.options.port == 0 ? s.http.bind_to_any_port(s.options.host)
                               : (s.http.bind_to_port(s.options.host, s.options.port) ? s.options.port : -1);
  if (s.port <= 0)
    return Status::io("cannot listen on " + s.options.host + ":" + std::to_string(s.options.port) +
                      " (is another program using the port?)");
  return Status::ok();
}

Status WebServer::listen() {
  if (!impl_->app) return Status::invalid("start() the server before listen()");
  impl_->listening = true;
  bool ok = impl_->http.listen_after_bind();
  impl_->listening = false;
  if (!ok) return Status::io("the web server stopped with a socket error");
  return Status::ok();
}

void WebServer::stop() {
  // httplib ignores stop() until its accept loop runs, so wait for a listen() that is just starting.
  for (int i = 0; i < 1000 && impl_->listening && !impl_->http.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  impl_->http.stop();
}

int WebServer::port() const { return impl_->port; }

std::vector<std::pair<std::string, std::string>> WebServer::routes() const { return impl_->registered; }

}  // namespace kith::web
