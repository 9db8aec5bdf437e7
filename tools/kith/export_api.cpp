// kith export api: the DfE children's social care API request bodies of one
// run (src/returns/dfe_api/submission.h), written as batch files to --out: no
// network. What is written is remembered in the database (api_submission) so
// that the next run sends only changes and purges; --dry-run leaves it as it was.
#include <chrono>

#include <fmt/chrono.h>
#include <fmt/core.h>

#include <filesystem>

#include "audit/audit_log.h"
#include "audit_key.h"
#include "commands.h"
#include "lifecycle/sealed_file.h"
#include "output.h"
#include "returns/dfe_api/submission.h"
#include "store/database.h"

namespace kith::cli {
namespace {

namespace api = returns::dfe_api;

struct ExportApiArgs {
  std::string db, out, la, as_of, audit_key, encrypt_to;
  bool full = false, dry_run = false;
};

int fail(int code, const std::string& message) { return cli::fail("export api", code, message); }

std::string utc_now() { return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())); }

int export_api(const ExportApiArgs& a) {
  auto today = Date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  auto run = a.as_of.empty() ? std::optional<Date>(today) : Date::parse_iso(a.as_of);
  if (!run) return fail(kBadInput, "--as-of must be the run date as YYYY-MM-DD (got '" + a.as_of + "')");
  auto key = audit_key_file(a.db, a.audit_key);  // checked first: a refused run writes no batch
  if (!a.dry_run && !key) return fail(kBadInput, key.status().message());
  // The recipient's key is checked before anything is written, so a wrong path leaves no plaintext behind.
  if (std::error_code ec; !a.encrypt_to.empty() && !std::filesystem::is_regular_file(a.encrypt_to, ec))
    return fail(kBadInput, "--encrypt-to " + a.encrypt_to + ": no such key file (the recipient's key, as `kith decrypt --key` takes)");
  auto db = store::Database::open(a.db, {.create = false});
  if (!db) return fail(kEnvironment, db.status().message());
  auto sub = api::plan_submission(**db, {*run, a.la, a.full});
  if (!sub) return fail(sub.status().code() == Status::Code::kInvalid ? kFindings : kEnvironment, sub.status().message());
  auto files = api::write_batches(*sub, a.out);
  if (!files) return fail(kEnvironment, files.status().message());
  // Personal data: each batch becomes batch_NNN.json.kse for the recipient, before the run is remembered.
  for (const auto& f : a.encrypt_to.empty() ? std::vector<std::string>{} : *files)
    if (auto sealed = lifecycle::seal_export(f, a.encrypt_to, "api"); !sealed) return fail(kEnvironment, sealed.status().message());
  if (!a.dry_run) {
    auto audit = audit::AuditLog::open(*key, /*create_key=*/true);
    if (!audit) return fail(kEnvironment, audit.status().message());
    store::WriteContext ctx{*audit, "system:export-api", "DfE CSC API payloads written"};
    if (Status s = api::record_submission(**db, ctx, *sub, utc_now()); !s) return fail(kEnvironment, s.message());
  }
  api::Window w = api::Window::for_run(*run);
  fmt::print("DfE CSC API run {} (cohort window {} to {}), {} mode{}: {} new, {} updated, {} unchanged, {} purged; "
             "{} batch files in {}\n",
             run->iso(), w.start.iso(), w.end.iso(), a.full ? "full" : "delta", a.dry_run ? " (dry run, not remembered)" : "",
             sub->new_children, sub->updated, sub->unchanged, sub->purged.size(), files->size(), a.out);
  return kOk;
}

}  // namespace

void add_export_api_command(CLI::App& export_cmd) {
  auto* cmd = export_cmd.add_subcommand("api", "DfE children's social care API payloads (batches of <= 100 children) into a folder");
  auto args = std::make_shared<ExportApiArgs>();
  cmd->add_option("--db", args->db, "Case-record database")->required();
  cmd->add_option("--out", args->out, "Folder for batch_NNN.json")->required();
  cmd->add_option("--la", args->la, "The council (3-digit or E-code) when the database holds several");
  cmd->add_option("--as-of", args->as_of, "Run date, YYYY-MM-DD (default: today); sets the cohort window");
  cmd->add_flag("--full", args->full, "Send every child's full record, not only the changes since the last run");
  cmd->add_flag("--dry-run", args->dry_run, "Write the files but do not remember them as submitted");
  cmd->add_option("--encrypt-to", args->encrypt_to, "Encrypt each batch file to this recipient's key file (they run kith decrypt)");
  cmd->add_option("--audit-key", args->audit_key, "Audit key file (default: KITH_AUDIT_KEY, else DB.audit-key; required for a URL)");
  cmd->callback([args] {
    int code = export_api(*args);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace kith::cli
