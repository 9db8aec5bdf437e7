// kith backup | restore | decrypt | retention: the data lifecycle commands
// (src/lifecycle; docs/OPERATIONS.md, "Backups", "Encrypted files", "Retention").
#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "audit/audit_log.h"
#include "audit_key.h"
#include "commands.h"
#include "lifecycle/backup.h"
#include "lifecycle/retention.h"
#include "lifecycle/sealed_file.h"
#include "store/database.h"

namespace kith::cli {
namespace {

int code_for(const Status& s) {
  switch (s.code()) {
    case Status::Code::kInvalid: return kBadInput;
    case Status::Code::kCorrupt:
    case Status::Code::kDenied: return kFindings;  // the file is damaged, altered or the key is wrong
    default: return kEnvironment;
  }
}

int fail(const char* command, const Status& s) {
  fmt::print(stderr, "kith {}: {}\n", command, s.message());
  return code_for(s);
}

struct LifecycleArgs {
  std::string db, out, in, key, rule = "never-looked-after", older_than, today, audit_key;
  bool replace = false, apply = false;
};

int run_backup(const LifecycleArgs& a) {
  auto key = lifecycle::key_source(a.key, true);
  if (!key) return fail("backup", key.status());
  auto done = lifecycle::backup_database(a.db, a.out, *key);
  if (!done) return fail("backup", done.status());
  fmt::print("backup written to {} ({}, {} bytes before encryption); the audit key is not in it: keep it separately\n", a.out,
             done->label, done->plain_bytes);
  return kOk;
}

int run_restore(const LifecycleArgs& a) {
  auto key = lifecycle::key_source(a.key, false);
  if (!key) return fail("restore", key.status());
  auto done = lifecycle::restore_database(a.in, a.db, *key, a.replace);
  if (!done) return fail("restore", done.status());
  fmt::print("restored {} into {}; check it with: kith audit verify --db {}\n", a.in, a.db, a.db);
  return kOk;
}

int run_decrypt(const LifecycleArgs& a) {
  auto key = lifecycle::key_source(a.key, false);
  if (!key) return fail("decrypt", key.status());
  auto plain = lifecycle::unseal_file(a.in, *key);
  if (!plain) return fail("decrypt", plain.status());
  Status s = lifecycle::write_private_file(a.out, plain->plain);
  if (!s) return fail("decrypt", s);
  fmt::print("decrypted {} ({}) to {}\n", a.in, plain->label, a.out);
  return kOk;
}

Date today_or(const std::string& text) {
  if (auto d = Date::parse_iso(text)) return *d;
  auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date(std::chrono::sys_days(now));
}

void print_plan(const lifecycle::RetentionPlan& plan, bool applied) {
  fmt::print("{} {} children's records ({} rows):\n", applied ? "Removed" : "Would remove", plan.children.size(), plan.total_rows());
  for (const auto& [t, n] : plan.deletions) fmt::print("  {:<28} {:>8}\n", t, n);
  for (const auto& [c, n] : plan.unlinks) fmt::print("  {:<28} {:>8} kept, link to the child cleared\n", c, n);
  if (!plan.children.empty()) {
    // Ids go to the terminal for the officer checking the list; they are never logged or audited.
    fmt::print("Children (person ids):");
    for (std::size_t i = 0; i < plan.children.size(); ++i) fmt::print("{}{}", i % 15 ? " " : "\n  ", plan.children[i]);
    fmt::print("\n");
  }
}

int run_retention(const LifecycleArgs& a) {
  auto rule = lifecycle::parse_rule(a.rule);
  if (!rule) return fail("retention", rule.status());
  std::string older = a.older_than.empty() ? (*rule == lifecycle::RetentionRule::kLookedAfter ? "75y" : "25y") : a.older_than;
  auto years = lifecycle::parse_years(older);
  if (!years) return fail("retention", years.status());
  if (!a.today.empty() && !Date::parse_iso(a.today)) return fail("retention", Status::invalid("--today '" + a.today + "' is not YYYY-MM-DD"));
  lifecycle::RetentionRequest req{*rule, *years, today_or(a.today)};
  auto db = store::Database::open(a.db, {.create = false, .read_only = !a.apply});
  if (!db) return fail("retention", db.status());
  if (!a.apply) {
    auto plan = lifecycle::plan_retention(**db, req);
    if (!plan) return fail("retention", plan.status());
    print_plan(*plan, false);
    fmt::print("Nothing was removed. Run again with --apply to remove these records.\n");
    return kOk;
  }
  auto key = audit_key_file(a.db, a.audit_key);
  if (!key) return fail("retention", key.status());
  auto log = audit::AuditLog::open(*key, false);
  if (!log) return fail("retention", log.status());
  const char* user = std::getenv("USER");
  store::WriteContext ctx{*log, std::string("system:retention:") + (user ? user : "unknown"), "retention schedule"};
  auto plan = lifecycle::apply_retention(**db, ctx, req);
  if (!plan) return fail("retention", plan.status());
  print_plan(*plan, true);
  return kOk;
}

void on_exit_code(CLI::App* cmd, std::function<int()> run) {
  cmd->callback([run = std::move(run)] {
    int code = run();
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace

void add_lifecycle_commands(CLI::App& app) {
  auto a = std::make_shared<LifecycleArgs>();
  const char* key_help = "Key file (created, mode 0600, on first backup); or set KITH_BACKUP_PASSPHRASE instead";

  auto* backup = app.add_subcommand("backup", "Write an encrypted backup of the database (SQLite file or PostgreSQL URL)");
  backup->add_option("--db", a->db, "Database file or postgresql:// URL")->required();
  backup->add_option("--out", a->out, "Backup file to write")->required();
  backup->add_option("--key", a->key, key_help);
  on_exit_code(backup, [a] { return run_backup(*a); });

  auto* restore = app.add_subcommand("restore", "Restore an encrypted backup into a new database (never half-restores)");
  restore->add_option("file", a->in, "Backup file")->required();
  restore->add_option("--db", a->db, "Database file or empty postgresql:// database to restore into")->required();
  restore->add_option("--key", a->key, "Key file the backup was written with (or KITH_BACKUP_PASSPHRASE)");
  restore->add_flag("--replace", a->replace, "Replace an existing SQLite file (stop Kith first)");
  on_exit_code(restore, [a] { return run_restore(*a); });

  auto* decrypt = app.add_subcommand("decrypt", "Decrypt a Kith encrypted export or backup file");
  decrypt->add_option("file", a->in, "Encrypted file")->required();
  decrypt->add_option("--key", a->key, "Key file (or KITH_BACKUP_PASSPHRASE)");
  decrypt->add_option("--out", a->out, "Where to write the decrypted file (mode 0600)")->required();
  on_exit_code(decrypt, [a] { return run_decrypt(*a); });

  auto* retention = app.add_subcommand("retention", "List (or with --apply remove) records past the retention schedule");
  retention->add_option("--db", a->db, "Database file or postgresql:// URL")->required();
  retention->add_option("--rule", a->rule, "never-looked-after (default 25y) or looked-after (default 75y)");
  retention->add_option("--older-than", a->older_than, "Birthday after which the record goes, e.g. 25y");
  retention->add_option("--today", a->today, "Date to apply the rule on (YYYY-MM-DD; default today)");
  retention->add_flag("--apply", a->apply, "Remove the records listed, in one audited transaction");
  retention->add_option("--audit-key", a->audit_key, "Audit key file for --apply (default: KITH_AUDIT_KEY, else DB.audit-key; required for a URL)");
  on_exit_code(retention, [a] { return run_retention(*a); });
}

}  // namespace kith::cli
