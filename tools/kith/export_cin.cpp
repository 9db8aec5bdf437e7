// kith export cin: the CIN census XML of a collection year, projected from the
// case record (src/returns/projection/project_cin.h). The XML is checked
// against the year's XSD first: an invalid file is never written.
#include <fmt/core.h>

#include "commands.h"
#include "lifecycle/sealed_file.h"
#include "output.h"
#include "returns/cin/cin_reader.h"
#include "returns/cin/cin_validate.h"
#include "returns/projection/project_cin.h"
#include "store/database.h"

namespace kith::cli {
namespace {

namespace proj = returns::projection;
namespace cin = returns::cin;

struct ExportCinArgs {
  std::string db, year, la, out, data_dir, encrypt_to;
};

int fail(int code, const std::string& message) { return cli::fail("export cin", code, message); }

int export_cin(const ExportCinArgs& a) {
  auto year = proj::CollectionYear::parse(a.year);
  auto census_year = cin::collection_year(a.year);
  if (!year || !census_year) return fail(kBadInput, "--year " + a.year + ": Kith writes the 2024/25 and 2025/26 CIN censuses");
  std::string spec = cin::find_cin_spec_dir(a.data_dir);
  if (spec.empty()) return fail(kEnvironment, "cannot find Kith's CIN spec folder (use --data-dir or KITH_DATA_DIR)");
  // Opened for writing only so that an older database gets the returns tables (migration 0006).
  auto db = store::Database::open(a.db, {.create = false});
  if (!db) return fail(kEnvironment, db.status().message());
  auto census = proj::project_cin(**db, *year, a.la);
  if (!census) return fail(census.status().code() == Status::Code::kInvalid ? kBadInput : kEnvironment, census.status().message());
  auto checked = cin::parse_cin_xml(census->xml, a.out, spec + "/" + census_year->schema_file);
  if (!checked) return fail(kEnvironment, "the projected census cannot be read back: " + checked.status().message());
  if (!checked->schema_errors.empty()) {
    for (const auto& e : checked->schema_errors) fmt::print(stderr, "schema: {}\n", e);
    return fail(kFindings, fmt::format("the projected census breaks the {} XSD ({} errors); nothing written",
                                       census_year->label, checked->schema_errors.size()));
  }
  if (!a.encrypt_to.empty()) {  // personal data: sealed in memory, never written in the clear (docs/OPERATIONS.md 10)
    Status sealed = lifecycle::seal_to_file(census->xml, a.out, "export:cin", {a.encrypt_to, "", false});
    if (!sealed) return fail(sealed.code() == Status::Code::kIo ? kEnvironment : kBadInput, sealed.message());
  } else if (int written = write_output("export cin", census->xml, a.out); written != kOk) {
    return written;
  }
  fmt::print("CIN census {}: {} children, {} CIN episodes written to {}\n", year->label(), census->children, census->episodes, a.out);
  return kOk;
}

}  // namespace

void add_export_cin_command(CLI::App& export_cmd) {
  auto* cmd = export_cmd.add_subcommand("cin", "CIN census XML of a collection year (validated against the XSD)");
  auto args = std::make_shared<ExportCinArgs>();
  cmd->add_option("--db", args->db, "Case-record database")->required();
  cmd->add_option("--year", args->year, "Collection year, e.g. 2025/26")->required();
  cmd->add_option("--out", args->out, "XML file to write")->required();
  cmd->add_option("--la", args->la, "The council (3-digit or E-code) when the database holds several");
  cmd->add_option("--data-dir", args->data_dir, "Reference data folder (default: the shipped data/)");
  cmd->add_option("--encrypt-to", args->encrypt_to, "Encrypt the file to this recipient's key file (they run kith decrypt)");
  cmd->callback([args] {
    int code = export_cin(*args);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace kith::cli
