// kith validate: checks a statutory return against the DfE rules.
//   kith validate 903 DIR|FILE.xml --year 2025/26 --la E-CODE [--previous DIR|FILE.xml] [--format table|csv|json] [--out FILE]
// An SSDA903 XML file is checked against the XSD too: violations are printed ("schema: ..."),
// the rules still run on what was read, and the exit code is then 2 (as for the CIN census).
// The CIN census subcommand is added by add_validate_cin_command (validate_cin_command.cpp).
#include <fmt/core.h>

#include <fstream>
#include <regex>

#include "commands.h"
#include "output.h"
#include "returns/finding.h"
#include "returns/ssda903/data_dir.h"
#include "returns/ssda903/reader.h"
#include "returns/ssda903/validate.h"

namespace kith::cli {
namespace {

namespace s903 = returns::ssda903;

struct Validate903Args {
  std::string dir, previous, year, la, format = "table", out, data_dir;
};

// "2025/26" -> 2026 (the collection year ends in March of the second year).
std::optional<int> collection_year(const std::string& text) {
  std::smatch m;
  if (!std::regex_match(text, m, std::regex(R"((\d{4})/(\d{2}))"))) return std::nullopt;
  int first = std::stoi(m[1]);
  if ((first + 1) % 100 != std::stoi(m[2])) return std::nullopt;
  return first + 1;
}

int fail(int code, const std::string& message) { return cli::fail("validate 903", code, message); }


int validate_903(const Validate903Args& a) {
  auto year = collection_year(a.year);
  if (!year) return fail(kBadInput, "--year must look like 2025/26 (got '" + a.year + "')");
  auto set = s903::rule_set_for_year(*year);
  if (!set) return fail(kBadInput, "--year " + a.year + ": Kith has the 2025/26 and 2026/27 rule sets only");
  if (!std::regex_match(a.la, std::regex("E[0-9]{8}"))) return fail(kBadInput, "--la must be the council's E-code, e.g. E06000020 (got '" + a.la + "')");
  std::string data_dir = s903::find_data_dir(a.data_dir);
  if (data_dir.empty()) return fail(kEnvironment, "cannot find Kith's data folder with spec/ssda903 (use --data-dir or KITH_DATA_DIR)");
  auto catalogue = s903::Catalogue::load(data_dir + "/spec/ssda903");
  if (!catalogue) return fail(kEnvironment, catalogue.status().message());
  std::vector<std::string> warnings, schema_errors;
  auto r = s903::read_return({a.dir, a.previous, data_dir, *year, a.la, &schema_errors}, warnings);
  for (const auto& w : warnings) fmt::print(stderr, "warning: {}\n", w);
  if (!r) return fail(r.status().code() == Status::Code::kIo ? kEnvironment : kBadInput, r.status().message());
  for (const auto& e : schema_errors) fmt::print(stderr, "schema: {}\n", e);
  auto findings = s903::validate(*r, *set, *catalogue);
  returns::Format format = a.format == "csv" ? returns::Format::kCsv : a.format == "json" ? returns::Format::kJson : returns::Format::kTable;
  int written = write_output("validate 903", returns::render_findings(findings, returns::ReturnKind::kSsda903, format), a.out);
  if (written != kOk) return written;
  if (!schema_errors.empty())
    return fail(kBadInput, fmt::format("the SSDA903 XML does not match its schema ({} errors)", schema_errors.size()));
  return returns::has_errors(findings) ? kFindings : kOk;
}

void add_validate_903(CLI::App& validate) {
  auto* cmd = validate.add_subcommand("903", "Validate an SSDA903 return (a folder of CSV files or the XML form); exit 1 if errors are found, 2 if the XML breaks the XSD");
  auto args = std::make_shared<Validate903Args>();
  cmd->add_option("DIR", args->dir, "Folder of the year's SSDA903 CSV files, or the year's SSDA903 XML file (*.xml)")->required();
  cmd->add_option("--year", args->year, "Collection year, e.g. 2025/26")->required();
  cmd->add_option("--la", args->la, "The council's E-code (for the in/out-of-area rules)")->required();
  cmd->add_option("--previous", args->previous, "Folder of the previous year's CSV files, or its XML file");
  cmd->add_option("--format", args->format, "Findings as table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  cmd->add_option("--out", args->out, "Write findings to this file instead of standard output");
  cmd->add_option("--data-dir", args->data_dir, "Reference data folder (default: the shipped data/)");
  cmd->callback([args] {
    int code = validate_903(*args);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace

void add_validate_command(CLI::App& app) {
  auto* validate = app.add_subcommand("validate", "Check a statutory return against the DfE rules")->require_subcommand(1);
  add_validate_903(*validate);
  add_validate_cin_command(*validate);
}

}  // namespace kith::cli
