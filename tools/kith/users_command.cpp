// kith users reset-totp USER: an administrator's reset of a user's one-time
// code after a lost phone (the user has no recovery codes left). Removes the
// TOTP secret and the recovery codes in one audited transaction; the user's
// next sign-in asks them to set a code up again when their role must have one.
#include <fmt/core.h>

#include <cstdlib>
#include <memory>

#include "access/totp.h"
#include "audit/audit_log.h"
#include "audit_key.h"
#include "commands.h"
#include "output.h"
#include "store/audited_write.h"
#include "store/database.h"

namespace kith::cli {
namespace {

constexpr const char* kCommand = "users reset-totp";

int code_for(const Status& s) {
  switch (s.code()) {
    case Status::Code::kInvalid:
    case Status::Code::kNotFound: return kBadInput;
    default: return kEnvironment;
  }
}

// The user's id by username; not_found names the user typed.
Result<std::int64_t> user_id(store::Database& db, const std::string& username) {
  std::int64_t id = 0;
  KITH_RETURN_IF_ERROR(db.run("SELECT id FROM app_user WHERE username = ?", {username}, [&](const store::Statement& s) { id = s.int64(0); }));
  if (id == 0) return Status::not_found("there is no user called '" + username + "'");
  return id;
}

int reset_totp(const std::string& db_path, const std::string& username, const std::string& audit_key) {
  auto key = audit_key_file(db_path, audit_key);
  if (!key) return fail(kCommand, kBadInput, key.status().message());
  auto db = store::Database::open(db_path, {.create = false});
  if (!db) return fail(kCommand, code_for(db.status()), db.status().message());
  auto log = audit::AuditLog::open(*key, false);
  if (!log) return fail(kCommand, kEnvironment, log.status().message());
  auto id = user_id(**db, username);
  if (!id) return fail(kCommand, code_for(id.status()), id.status().message());
  const char* who = std::getenv("USER");
  store::WriteContext ctx{*log, std::string("cli:") + (who ? who : "unknown"), "one-time code reset by an administrator"};
  Status s = store::audited_write(**db, ctx, "totp_reset", "user", [&] { return access::reset_totp(**db, *id); },
                                  [&] { return std::to_string(*id); });
  if (!s) return fail(kCommand, code_for(s), username + ": " + s.message());
  fmt::print("one-time code and recovery codes of '{}' removed; they will set a new code up at their next sign-in\n", username);
  return kOk;
}

}  // namespace

void add_users_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("users", "Administer sign-ins");
  cmd->require_subcommand(1);
  auto db = std::make_shared<std::string>();
  auto username = std::make_shared<std::string>();
  auto audit_key = std::make_shared<std::string>();
  auto* r = cmd->add_subcommand("reset-totp", "Remove a user's one-time code and recovery codes (a lost phone); audited");
  r->add_option("user", *username, "The username")->required();
  r->add_option("--db", *db, "Database file or postgresql:// URL")->required();
  r->add_option("--audit-key", *audit_key, "Audit key file (default: KITH_AUDIT_KEY, else DB.audit-key; required for a URL)");
  r->callback([db, username, audit_key] {
    if (int rc = reset_totp(*db, *username, *audit_key); rc != kOk) throw CLI::RuntimeError(rc);
  });
}

}  // namespace kith::cli
