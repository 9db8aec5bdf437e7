// kith audit verify: re-computes the audit chain of a database.
// kith audit list: an auditor's view of who did what to which record, and when.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "audit/audit_listing.h"
#include "audit/audit_log.h"
#include "audit_key.h"
#include "commands.h"
#include "output.h"
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
  auto key = audit_key_file(db_path, key_path);
  if (!key) {
    fmt::print(stderr, "kith audit verify: {}\n", key.status().message());
    return kBadInput;
  }
  auto log = audit::AuditLog::open(*key, false);
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

struct ListArgs {
  std::string db;
  std::int64_t person = 0;  // 0: every record
  std::string since;
  std::string format = "table";
};

std::string as_table(const std::vector<audit::ListedEntry>& entries) {
  std::string out = fmt::format("{:>8}  {:<20}  {:<20}  {:<12}  {:<22}  {:>8}  {}\n", "seq", "when (UTC)", "user", "action", "record", "id", "purpose");
  for (const auto& e : entries)
    out += fmt::format("{:>8}  {:<20}  {:<20}  {:<12}  {:<22}  {:>8}  {}\n", e.seq, e.at, e.actor, e.action, e.entity, e.entity_id, e.purpose);
  out += fmt::format("{} {}\n", entries.size(), entries.size() == 1 ? "entry" : "entries");
  return out;
}

std::string as_json(const std::vector<audit::ListedEntry>& entries) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& e : entries)
    list.push_back({{"seq", e.seq}, {"at", e.at}, {"user", e.actor}, {"action", e.action}, {"record", e.entity},
                    {"record_id", e.entity_id}, {"purpose", e.purpose}});
  return nlohmann::json{{"entries", list}}.dump(2) + "\n";
}

// Prints user names, actions, kinds of record and their ids only: never a
// child's name, nor the free text of a reason (audit_listing.h).
int list(const ListArgs& args) {
  if (args.format != "table" && args.format != "json")
    return fail("audit list", kBadInput, "--format \"" + args.format + "\" is not known: use table or json");
  audit::ListFilter filter;
  if (args.person > 0) filter.person_id = args.person;
  if (!args.since.empty()) {
    filter.since = Date::parse_iso(args.since);
    if (!filter.since) return fail("audit list", kBadInput, "--since \"" + args.since + "\" is not a real date: give it as YYYY-MM-DD");
  }
  auto db = store::Database::open(args.db, {.create = false, .read_only = true});
  if (!db) return fail("audit list", exit_code_for(db.status()), db.status().message());
  auto entries = audit::list_entries(**db, filter);
  if (!entries) return fail("audit list", kEnvironment, args.db + ": " + entries.status().message());
  fmt::print("{}", args.format == "json" ? as_json(*entries) : as_table(*entries));
  return kOk;
}

}  // namespace

void add_audit_command(CLI::App& app) {
  auto* audit = app.add_subcommand("audit", "Inspect the audit log")->require_subcommand(1);
  auto* v = audit->add_subcommand("verify", "Check that no audit entry was altered or deleted (exit 1 if one was)");
  auto db = std::make_shared<std::string>();
  auto key = std::make_shared<std::string>();
  v->add_option("--db", *db, "Database file or postgresql:// URL")->required();
  v->add_option("--key", *key, "Audit key file (default: KITH_AUDIT_KEY, else DB.audit-key; required for a URL)");
  v->callback([db, key] {
    int code = verify(*db, *key);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
  auto args = std::make_shared<ListArgs>();
  auto* l = audit->add_subcommand("list", "List who did what to which record and when (user names and record ids only)");
  l->add_option("--db", args->db, "Database file or postgresql:// URL")->required();
  l->add_option("--person", args->person, "Only entries about this child's record id: their person record and everything that belongs to it")
      ->check(CLI::PositiveNumber);
  l->add_option("--since", args->since, "Only entries from this UTC date on (YYYY-MM-DD)");
  l->add_option("--format", args->format, "table or json")->capture_default_str();
  l->callback([args] {
    int code = list(*args);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace kith::cli
