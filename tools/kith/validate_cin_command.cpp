// kith validate cin: checks a CIN census XML file against the year's XSD and
// the DfE rules.
//   kith validate cin FILE [--year 2025/26] [--format table|csv|json] [--out FILE] [--data-dir DIR]
// Exit 0: no errors (queries alone pass); 1: rule errors; 2: the file is not
// a readable census or breaks the schema; 3: Kith's spec data is missing.
#include <fmt/core.h>

#include <fstream>
#include <memory>

#include "commands.h"
#include "output.h"
#include "returns/cin/cin_reader.h"
#include "returns/cin/cin_validate.h"
#include "returns/finding.h"

namespace kith::cli {
namespace {

namespace cin = returns::cin;

struct ValidateCinArgs {
  std::string file, year = "2025/26", format = "table", out, data_dir;
};

int fail(int code, const std::string& message) { return cli::fail("validate cin", code, message); }


returns::Format format_of(const std::string& name) {
  if (name == "csv") return returns::Format::kCsv;
  if (name == "json") return returns::Format::kJson;
  return returns::Format::kTable;
}

int validate_cin(const ValidateCinArgs& a) {
  auto year = cin::collection_year(a.year);
  if (!year) return fail(kBadInput, "--year " + a.year + ": Kith validates the 2025/26 and 2024/25 CIN censuses");
  std::string spec = cin::find_cin_spec_dir(a.data_dir);
  if (spec.empty()) return fail(kEnvironment, "cannot find Kith's data folder with spec/cin (use --data-dir or KITH_DATA_DIR)");
  auto catalogue = cin::load_rule_catalogue(spec);
  if (!catalogue) return fail(kEnvironment, catalogue.status().message());
  auto file = cin::read_cin_file(a.file, spec + "/" + year->schema_file);
  if (!file) return fail(kBadInput, file.status().message());
  // Schema errors are reported, and the rules still run on what could be read.
  for (const auto& e : file->schema_errors) fmt::print(stderr, "schema: {}\n", e);
  auto findings = cin::validate_census(file->data, *catalogue, *year);
  int written = write_output("validate cin", returns::render_findings(findings, returns::ReturnKind::kCin, format_of(a.format)), a.out);
  if (written != kOk) return written;
  if (!file->schema_errors.empty())
    return fail(kBadInput, fmt::format("{} does not match the {} CIN census schema ({} errors)", a.file, year->label, file->schema_errors.size()));
  return returns::has_errors(findings) ? kFindings : kOk;
}

}  // namespace

void add_validate_cin_command(CLI::App& validate) {
  auto* cmd = validate.add_subcommand("cin", "Validate a CIN census XML file; exit 1 if errors are found, 2 if it is not a valid census file");
  auto args = std::make_shared<ValidateCinArgs>();
  cmd->add_option("FILE", args->file, "The CIN census XML file")->required();
  cmd->add_option("--year", args->year, "Collection year, e.g. 2025/26 (the default)");
  cmd->add_option("--format", args->format, "Findings as table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->add_option("--out", args->out, "Write findings to this file instead of standard output");
  cmd->add_option("--data-dir", args->data_dir, "Reference data folder (default: the shipped data/)");
  cmd->callback([args] {
    int code = validate_cin(*args);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace kith::cli
