// kith export 903: the SSDA903 CSV files of a collection year, projected from
// the case record (src/returns/projection/project_903.h).
#include <fmt/core.h>

#include <regex>

#include "commands.h"
#include "lifecycle/sealed_file.h"
#include "output.h"
#include "returns/projection/project_903.h"
#include "store/database.h"

namespace kith::cli {
namespace {

namespace proj = returns::projection;

struct Export903Args {
  std::string db, year, la, out, encrypt_to;
};

int fail(int code, const std::string& message) { return cli::fail("export 903", code, message); }

int export_903(const Export903Args& a) {
  auto year = proj::CollectionYear::parse(a.year);
  if (!year) return fail(kBadInput, "--year must look like 2025/26 (got '" + a.year + "')");
  if (!std::regex_match(a.la, std::regex("E[0-9]{8}"))) return fail(kBadInput, "--la must be the council's E-code, e.g. E06000020 (got '" + a.la + "')");
  // Opened for writing only so that an older database gets the returns tables (migration 0006).
  auto db = store::Database::open(a.db, {.create = false});
  if (!db) return fail(kEnvironment, db.status().message());
  auto files = proj::project_903(**db, *year, a.la);
  if (!files) return fail(files.status().code() == Status::Code::kInvalid ? kBadInput : kEnvironment, files.status().message());
  Status written = proj::write_903(*files, a.out);
  if (!written) return fail(kEnvironment, written.message());
  if (!a.encrypt_to.empty()) {  // personal data: each CSV becomes FILE.csv.kse for the recipient (docs/OPERATIONS.md 10)
    auto sealed = lifecycle::seal_export(a.out, a.encrypt_to, "903");
    if (!sealed) return fail(kEnvironment, sealed.status().message());
  }
  for (const auto& t : files->tables) fmt::print("{:<15} {:>7} rows\n", t.name, t.rows.size());
  fmt::print("SSDA903 {} written to {}\n", year->label(), a.out);
  return kOk;
}

}  // namespace

void add_export_903_command(CLI::App& export_cmd) {
  auto* cmd = export_cmd.add_subcommand("903", "SSDA903 CSV files of a collection year");
  auto args = std::make_shared<Export903Args>();
  cmd->add_option("--db", args->db, "Case-record database")->required();
  cmd->add_option("--year", args->year, "Collection year, e.g. 2025/26")->required();
  cmd->add_option("--la", args->la, "The council's E-code, e.g. E06000020")->required();
  cmd->add_option("--out", args->out, "Folder to write the CSV files to (created if missing)")->required();
  cmd->add_option("--encrypt-to", args->encrypt_to, "Encrypt each file to this recipient's key file (they run kith decrypt)");
  cmd->callback([args] {
    int code = export_903(*args);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace kith::cli
