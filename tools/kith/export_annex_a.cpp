// kith export annex-a: the Ofsted ILACS Annex A lists 1-11 for an inspection
// date, projected from the case record (src/returns/annex_a/annex_a.h), as one
// XLSX workbook. The workbook holds child identifiers: it is written only to --out.
#include <fmt/core.h>

#include <filesystem>

#include "commands.h"
#include "lifecycle/sealed_file.h"
#include "output.h"
#include "returns/annex_a/annex_a.h"
#include "store/database.h"

namespace kith::cli {
namespace {

struct ExportAnnexAArgs {
  std::string db, as_of, la, out, encrypt_to;
};

int fail(int code, const std::string& message) { return cli::fail("export annex-a", code, message); }

int export_annex_a(const ExportAnnexAArgs& a) {
  auto as_of = Date::parse_iso(a.as_of);
  if (!as_of) return fail(kBadInput, "--as-of must be the inspection date as YYYY-MM-DD (got '" + a.as_of + "')");
  if (a.out.size() < 5 || a.out.substr(a.out.size() - 5) != ".xlsx") return fail(kBadInput, "--out must name an .xlsx file");
  // The recipient's key is checked before anything is written, so a wrong path leaves no plaintext behind.
  if (std::error_code ec; !a.encrypt_to.empty() && !std::filesystem::is_regular_file(a.encrypt_to, ec))
    return fail(kBadInput, "--encrypt-to " + a.encrypt_to + ": no such key file (the recipient's key, as `kith decrypt --key` takes)");
  auto db = store::Database::open(a.db, {.create = false});
  if (!db) return fail(kEnvironment, db.status().message());
  auto annex = returns::annex_a::project_annex_a(**db, *as_of, a.la);
  if (!annex) return fail(annex.status().code() == Status::Code::kInvalid ? kBadInput : kEnvironment, annex.status().message());
  if (Status s = returns::annex_a::write_annex_a_xlsx(*annex, a.out); !s) return fail(kEnvironment, s.message());
  std::string written = a.out;
  if (!a.encrypt_to.empty()) {  // child identifiers: the workbook becomes FILE.xlsx.kse for the recipient, the plaintext removed
    auto sealed = lifecycle::seal_export(a.out, a.encrypt_to, "annex-a");
    if (!sealed) return fail(kEnvironment, sealed.status().message());
    written = sealed->front();
  }
  fmt::print("Annex A for an inspection on {} (lookback from {}) written to {}:\n", as_of->iso(), annex->from.iso(), written);
  for (const auto& list : annex->lists) fmt::print("  {:<26} {} rows\n", list.sheet, list.rows.size());
  return kOk;
}

}  // namespace

void add_export_annex_a_command(CLI::App& export_cmd) {
  auto* cmd = export_cmd.add_subcommand("annex-a", "Ofsted ILACS Annex A lists 1-11 as an XLSX workbook (holds child identifiers)");
  auto args = std::make_shared<ExportAnnexAArgs>();
  cmd->add_option("--db", args->db, "Case-record database")->required();
  cmd->add_option("--as-of", args->as_of, "Inspection date, YYYY-MM-DD (the lists look back 6 or 12 months from it)")->required();
  cmd->add_option("--out", args->out, "XLSX file to write")->required();
  cmd->add_option("--la", args->la, "The council (3-digit or E-code) when the database holds several");
  cmd->add_option("--encrypt-to", args->encrypt_to, "Encrypt the workbook to this recipient's key file (they run kith decrypt)");
  cmd->callback([args] {
    int code = export_annex_a(*args);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace kith::cli
