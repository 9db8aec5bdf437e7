// kith serve: runs the web shell until SIGINT or SIGTERM.
#include <fmt/core.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <optional>
#include <thread>

#include "commands.h"
#include "store/postgres_database.h"
#include "web/server.h"

namespace kith::cli {
namespace {

namespace fs = std::filesystem;

struct ServeArgs {
  std::string db;
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string assets;
  bool secure_cookies = false;
  std::string audit_key;
  std::string today;  // --today: a fixed civil date, empty for the system date
};

// The audit key file: --audit-key, else KITH_AUDIT_KEY, else beside an SQLite
// file. A PostgreSQL URL has no folder beside it, so the key must be named.
Status choose_audit_key(const std::string& db, const std::string& audit_key) {
  if (!audit_key.empty()) {
    setenv("KITH_AUDIT_KEY", audit_key.c_str(), 1);  // read by audit::AuditLog::key_path_for
    return Status::ok();
  }
  const char* env = std::getenv("KITH_AUDIT_KEY");
  if (store::is_postgres_url(db) && !(env && *env))
    return Status::invalid("--db is a PostgreSQL URL: name the audit key file with --audit-key FILE (or KITH_AUDIT_KEY)");
  return Status::ok();
}

// The source tree's web/ folder, holding node_modules (npm install) and static/.
// Build folders live inside the source tree, so walking up from the current
// folder or from the executable finds it without configuration.
std::string find_assets() {
  std::error_code ec;
  std::vector<fs::path> starts = {fs::current_path(ec), fs::read_symlink("/proc/self/exe", ec).parent_path()};
  for (fs::path dir : starts) {
    for (int up = 0; up < 5 && !dir.empty(); ++up, dir = dir.parent_path()) {
      if (fs::exists(dir / "web/node_modules/govuk-frontend", ec)) return (dir / "web").string();
      if (dir == dir.root_path()) break;
    }
  }
  return "";
}

// Waits for SIGINT or SIGTERM on its own thread (the signals are blocked in
// every other thread) and stops the server; returns once `done` is set.
void watch_signals(const sigset_t& signals, web::WebServer& server, const std::atomic<bool>& done) {
  const timespec tick{0, 200'000'000};
  while (!done) {
    if (sigtimedwait(&signals, nullptr, &tick) > 0) {
      fmt::print("Stopping Kith...\n");
      server.stop();
      return;
    }
  }
}

// --today: a fixed "today" for due dates, ages and the dates forms suggest, so a
// training session, a demo or a browser test sees the same deadlines whatever the
// real date. Empty means the system date. Refuses anything but a real ISO date.
Result<std::optional<Date>> fixed_today(const std::string& text) {
  if (text.empty()) return std::optional<Date>();
  auto d = Date::parse_iso(text);
  if (!d) return Status::invalid("--today \"" + text + "\" is not a real date: give it as YYYY-MM-DD, like 2025-12-19");
  return std::optional<Date>(*d);
}

int serve(const ServeArgs& args) {
  if (Status s = choose_audit_key(args.db, args.audit_key); !s) {
    fmt::print(stderr, "kith serve: {}\n", s.message());
    return kBadInput;
  }
  auto today = fixed_today(args.today);
  if (!today) {
    fmt::print(stderr, "kith serve: {}\n", today.status().message());
    return kBadInput;
  }
  web::ServerOptions options{.db = args.db,
                             .host = args.host,
                             .port = args.port,
                             .assets_dir = args.assets.empty() ? find_assets() : args.assets,
                             .secure_cookies = args.secure_cookies};
  if (*today) options.today = [d = **today] { return d; };
  // Block the signals before the server starts its threads, so they inherit the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  web::WebServer server(options);
  if (Status s = server.start(); !s) {
    fmt::print(stderr, "kith serve: {}\n", s.message());
    return kEnvironment;
  }
  spdlog::set_level(spdlog::level::info);  // the access log: method, route, status, duration
  fmt::print("Kith is running on http://{}:{}\nPress Ctrl+C to stop.\n", args.host, server.port());
  // Said on stdout and in the log, so nobody mistakes a fixed clock for the real one.
  if (*today) {
    fmt::print("The clock is fixed: today is {} ({}) for every page and form (--today).\n", (*today)->display(), (*today)->iso());
    spdlog::warn("the clock is fixed by --today: every page and form uses {} as today", (*today)->iso());
  }
  std::fflush(stdout);
  std::atomic<bool> done{false};
  std::thread watcher(watch_signals, std::cref(signals), std::ref(server), std::cref(done));
  Status ended = server.listen();
  done = true;
  watcher.join();
  if (!ended) {
    fmt::print(stderr, "kith serve: {}\n", ended.message());
    return kEnvironment;
  }
  fmt::print("Kith has stopped.\n");
  return kOk;
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = app.add_subcommand("serve", "Run the web pages and the JSON API over a database");
  cmd->add_option("--db", args->db, "Database file (e.g. one made by kith synth) or postgresql:// URL")->required();
  cmd->add_option("--audit-key", args->audit_key,
                  "Audit key file (default: KITH_AUDIT_KEY, else DB.audit-key beside a database file; required for a URL)");
  cmd->add_option("--port", args->port, "Port to listen on (0 picks a free one)")->capture_default_str()->check(CLI::Range(0, 65535));
  cmd->add_option("--host", args->host, "Address to listen on")->capture_default_str();
  cmd->add_option("--assets", args->assets,
                  "The web/ folder of the Kith source tree (default: found by walking up from the current folder "
                  "or from the kith executable)");
  cmd->add_option("--today", args->today,
                  "A fixed date, YYYY-MM-DD, used as today by the whole server (training, demos, tests); default: the system date");
  cmd->add_flag("--secure-cookies", args->secure_cookies, "Mark cookies Secure and send HSTS: use behind TLS");
  cmd->callback([args] {
    int code = serve(*args);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace kith::cli
