// kith audit verify: re-computes the audit chain of a database.
#include <fmt/core.h>

#include "audit/audit_log.h"
#include "commands.h"
#include "store/database.h"

namespace kith::cli {
namespace {

int exit_code_for(const Status& s) {
  return s.code() == Status::Code::kInvalid ? kBadInput : kEnvironment;
}

int verify(const std::string& db_path, const std::string& key_path) {
  auto db = store::Database::open(db_path, {.create = false, .read_only = true});
  if (!db) {
    fmt::print(stderr, "kith audit verify: {}\n", db.status().message());
    return exit_code_for(db.status());
  }
  auto log = audit::AuditLog::open(key_path.empty() ? audit::AuditLog::key_path_for(db_path) : key_path, false);
  if (!log) {
    fmt::print(stderr, "kith audit verify: {}\n", log.status().message());
    return kEnvironment;
  }
  auto report = log->verify(**db);
  if (!report) {
    fmt::print(stderr, "kith audit verify: {}: {}\n", db_path, report.status().message());
    return kEnvironment;
  }
  if (report->ok()) {
    fmt::print("audit chain verified: {} entries, none altered or deleted\n", report->entries);
    return kOk;
  }
  fmt::print("audit chain BROKEN in {} ({} entries read):\n", db_path, report->entries);
  for (const auto& p : report->problems) fmt::print("  - {}\n", p);
  return kFindings;
}

}  // namespace

void add_audit_command(CLI::App& app) {
  auto* audit = app.add_subcommand("audit", "Inspect the audit log")->require_subcommand(1);
  auto* v = audit->add_subcommand("verify", "Check that no audit entry was altered or deleted (exit 1 if one was)");
  auto db = std::make_shared<std::string>();
  auto key = std::make_shared<std::string>();
  v->add_option("--db", *db, "Database file")->required();
  v->add_option("--key", *key, "Audit key file (default: DB.audit-key)");
  v->callback([db, key] {
    int code = verify(*db, *key);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace kith::cli
