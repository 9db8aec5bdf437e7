// kith synth: generates synthetic councils into a new database.
//
// The database is built under a temporary name beside the target and moved
// into place only when generation succeeds, so a failed or interrupted run
// never leaves a database that looks complete. A PostgreSQL URL (server
// mode) is written in place: it must name an existing, empty database, and a
// failed run says the database must be dropped and created again.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "store/database.h"
#include "store/postgres_database.h"
#include "synth/synth.h"

namespace kith::cli {
namespace {

namespace fs = std::filesystem;

struct SynthArgs {
  std::uint64_t seed = 1;
  std::string db;
  std::string councils;
  double errors = 0.0;
  std::string until;
  int years = 6;
  double scale = 1.0;
  bool force = false;
  bool no_demo_users = false;
  std::string data_dir;
  std::string audit_key;
};

Date today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return Date::ymd(tm.tm_year + 1900, unsigned(tm.tm_mon + 1), unsigned(tm.tm_mday));
}

std::vector<std::string> split_codes(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string code; std::getline(in, code, ',');)
    if (!code.empty()) out.push_back(code);
  return out;
}

// A text bar on a terminal; one line per stage otherwise (logs, CI).
class ProgressBar {
 public:
  ProgressBar() : tty_(isatty(STDERR_FILENO) != 0) {}
  ~ProgressBar() {
    if (tty_ && drawn_) std::cerr << '\n';
  }
  void operator()(std::string_view stage, double fraction) {
    if (tty_) {
      int filled = int(fraction * 30);
      std::fprintf(stderr, "\r[%-30s] %3d%% %-40.40s", std::string(std::size_t(filled), '#').c_str(), int(fraction * 100),
                   std::string(stage).c_str());
      std::fflush(stderr);
      drawn_ = true;
    } else if (stage != last_) {
      std::fprintf(stderr, "synth: %s (%d%%)\n", std::string(stage).c_str(), int(fraction * 100));
    }
    last_ = std::string(stage);
  }

 private:
  bool tty_;
  bool drawn_ = false;
  std::string last_;
};

void remove_database(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal", ".audit-key"}) fs::remove(path + suffix, ec);
}

bool non_empty(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec) && (fs::is_directory(path, ec) || fs::file_size(path, ec) > 0);
}

void print_summary(const synth::Stats& s, bool demo_users) {
  std::printf("Generated %lld council(s): %lld children aged 0-17, %lld rows in %.1f s (%.0f rows/s)\n", (long long)s.councils,
              (long long)s.children, (long long)s.rows, s.seconds, s.seconds > 0 ? double(s.rows) / s.seconds : 0.0);
  if (!demo_users) return;
  std::printf("\nDemo sign-ins (synthetic data only):\n  %-22s %-22s %s\n", "username", "role", "password");
  for (const auto& d : synth::demo_sign_ins())
    std::printf("  %-22s %-22s %s\n", d.username.c_str(), std::string(role_label(d.role)).c_str(), d.password.c_str());
}

// Generates into an existing PostgreSQL database, which must hold no case
// record yet (there is no file to build aside and move into place).
int run_synth_postgres(const SynthArgs& a, const synth::Options& o) {
  std::string where = store::redact_url(a.db);
  if (a.force)
    return std::fprintf(stderr, "kith synth: --force is for database files; to replace '%s', drop and create the database\n",
                        where.c_str()), kBadInput;
  const char* env = std::getenv("KITH_AUDIT_KEY");
  if (!a.audit_key.empty()) setenv("KITH_AUDIT_KEY", a.audit_key.c_str(), 1);  // read by audit::AuditLog::key_path_for
  else if (!(env && *env))
    return std::fprintf(stderr, "kith synth: --db is a PostgreSQL URL: name the audit key file with --audit-key FILE (or KITH_AUDIT_KEY)\n"),
           kBadInput;
  auto db = store::Database::open(a.db, {});
  if (!db) return std::fprintf(stderr, "kith synth: %s\n", db.status().message().c_str()), kEnvironment;
  auto existing = (*db)->scalar("SELECT (SELECT count(*) FROM council) + (SELECT count(*) FROM audit_entry)");
  if (!existing) return std::fprintf(stderr, "kith synth: %s\n", existing.status().message().c_str()), kEnvironment;
  if (*existing > 0)
    return std::fprintf(stderr, "kith synth: '%s' already holds a case record; synth only writes into an empty database\n", where.c_str()),
           kBadInput;
  ProgressBar bar;
  auto stats = synth::generate(**db, o, [&](std::string_view stage, double f) { bar(stage, f); });
  if (!stats) {
    std::fprintf(stderr, "kith synth: generation failed: %s\n'%s' may hold part of a council: drop and create it before trying again\n",
                 stats.status().message().c_str(), where.c_str());
    return stats.status().code() == Status::Code::kInvalid ? kBadInput : kEnvironment;
  }
  print_summary(*stats, o.demo_users);
  return kOk;
}

int run_synth(const SynthArgs& a) {
  synth::Options o;
  o.seed = a.seed;
  o.councils = split_codes(a.councils);
  o.errors = a.errors;
  o.years = a.years;
  o.scale = a.scale;
  o.demo_users = !a.no_demo_users;
  o.data_dir = a.data_dir;
  if (a.until.empty()) o.until = today();
  else if (auto d = Date::parse_iso(a.until)) o.until = *d;
  else return std::fprintf(stderr, "kith synth: --until '%s' is not a date (use YYYY-MM-DD)\n", a.until.c_str()), kBadInput;
  if (Status s = synth::validate(o); !s.is_ok()) return std::fprintf(stderr, "kith synth: %s\n", s.message().c_str()), kBadInput;
  if (store::is_postgres_url(a.db)) return run_synth_postgres(a, o);
  if (!a.audit_key.empty())
    return std::fprintf(stderr, "kith synth: --audit-key is for a PostgreSQL URL; a database file keeps its key beside it\n"), kBadInput;
  unsetenv("KITH_AUDIT_KEY");  // a new database file gets its key beside it, moved into place with it
  if (non_empty(a.db) && !a.force)
    return std::fprintf(stderr, "kith synth: --db '%s' already exists and is not empty; use --force to replace it\n", a.db.c_str()), kBadInput;
  fs::path parent = fs::absolute(a.db).parent_path();
  if (!fs::is_directory(parent) || access(parent.c_str(), W_OK) != 0)
    return std::fprintf(stderr, "kith synth: --db '%s': folder '%s' does not exist or is not writable\n", a.db.c_str(), parent.c_str()),
           kBadInput;
  std::string partial = a.db + ".partial";
  remove_database(partial);
  Result<synth::Stats> stats = Status::io("not run");
  {
    auto db = store::Database::open(partial, {.create = true});
    if (!db) return std::fprintf(stderr, "kith synth: --db '%s': %s\n", a.db.c_str(), db.status().message().c_str()), kEnvironment;
    ProgressBar bar;
    stats = synth::generate(**db, o, [&](std::string_view stage, double f) { bar(stage, f); });
    if (stats) (void)(*db)->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  if (!stats) {
    remove_database(partial);
    std::fprintf(stderr, "kith synth: generation failed, nothing written to '%s': %s\n", a.db.c_str(), stats.status().message().c_str());
    return stats.status().code() == Status::Code::kInvalid ? kBadInput : kEnvironment;
  }
  if (a.force) remove_database(a.db);
  std::error_code ec;
  fs::rename(partial, a.db, ec);
  if (!ec) fs::rename(partial + ".audit-key", a.db + ".audit-key", ec);
  if (ec) return std::fprintf(stderr, "kith synth: cannot move the new database into place at '%s': %s\n", a.db.c_str(), ec.message().c_str()), kEnvironment;
  remove_database(partial);
  print_summary(*stats, o.demo_users);
  return kOk;
}

}  // namespace

void add_synth_command(CLI::App& app) {
  auto args = std::make_shared<SynthArgs>();
  CLI::App* cmd = app.add_subcommand("synth", "Generate synthetic councils (real geography, England-calibrated activity) into a new database");
  cmd->add_option("--seed", args->seed, "Random seed; the same seed and options give the same data")->default_val(1);
  cmd->add_option("--db", args->db, "Database file to create, or the postgresql:// URL of an existing empty database")->required();
  cmd->add_option("--audit-key", args->audit_key, "Audit key file to create, for a postgresql:// URL (or set KITH_AUDIT_KEY)");
  cmd->add_option("--councils", args->councils, "DfE 3-digit LA codes, comma-separated, or 'all' (default: the demo council, 894)");
  cmd->add_option("--errors", args->errors, "Fraction of statutory records given a data-quality fault (0..1)")->default_val(0.0);
  cmd->add_option("--until", args->until, "Last day of generated activity, YYYY-MM-DD (default: today)");
  cmd->add_option("--years", args->years, "Years of history before --until")->default_val(6);
  cmd->add_option("--scale", args->scale, "Fraction of the real child population")->default_val(1.0);
  cmd->add_flag("--force", args->force, "Replace an existing database");
  cmd->add_flag("--no-demo-users", args->no_demo_users, "Do not create the demo sign-ins");
  cmd->add_option("--data-dir", args->data_dir, "Reference data folder (default: the shipped data/)");
  cmd->callback([args] {
    int code = run_synth(*args);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace kith::cli
