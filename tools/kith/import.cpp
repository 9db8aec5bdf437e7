// kith import: loads a council's statutory returns from its previous system
// into the case record (src/returns/import/import.h), one transaction and one
// audit entry per load.
//   kith import 903 DIR|FILE.xml --db FILE --year 2025/26 [--previous DIR|FILE.xml]
//   kith import cin FILE --db FILE [--year 2025/26] [--data-dir DIR]
#include <fmt/core.h>


#include "audit/audit_log.h"
#include "audit_key.h"
#include "commands.h"
#include "output.h"
#include "returns/cin/cin_validate.h"
#include "returns/import/import.h"
#include "returns/ssda903/data_dir.h"
#include "returns/ssda903/xml_reader.h"
#include "store/database.h"

namespace kith::cli {
namespace {

namespace imp = returns::import;
namespace proj = returns::projection;

struct ImportArgs {
  std::string kind, input, db, year = "2025/26", previous, data_dir, audit_key;
};

int exit_for(const Status& s) { return s.code() == Status::Code::kIo ? kEnvironment : kBadInput; }

int run_import(const ImportArgs& a) {
  const std::string command = "import " + a.kind;
  auto year = proj::CollectionYear::parse(a.year);
  if (!year) return fail(command, kBadInput, "--year must look like 2025/26 (got '" + a.year + "')");
  std::string schema;
  if (a.kind == "cin") {
    auto census_year = returns::cin::collection_year(a.year);
    std::string spec = returns::cin::find_cin_spec_dir(a.data_dir);
    if (!census_year) return fail(command, kBadInput, "--year " + a.year + ": Kith reads the 2024/25 and 2025/26 CIN censuses");
    if (spec.empty()) return fail(command, kEnvironment, "cannot find Kith's CIN spec folder (use --data-dir or KITH_DATA_DIR)");
    schema = spec + "/" + census_year->schema_file;
  }
  auto key = audit_key_file(a.db, a.audit_key);
  if (!key) return fail(command, kBadInput, key.status().message());
  // The XML form is read straight into the import's tables (checked against the XSD first).
  std::string xml_schema;
  if (a.kind == "903" && (returns::ssda903::is_xml_file(a.input) || returns::ssda903::is_xml_file(a.previous))) {
    std::string data_dir = returns::ssda903::find_data_dir(a.data_dir);
    if (data_dir.empty()) return fail(command, kEnvironment, "cannot find Kith's data folder with spec/ssda903 (use --data-dir or KITH_DATA_DIR)");
    xml_schema = data_dir + "/spec/ssda903/" + returns::ssda903::kXmlSchemaFile;
  }
  auto db = store::Database::open(a.db, {.create = true});
  if (!db) return fail(command, kEnvironment, db.status().message());
  auto audit = audit::AuditLog::open(*key, /*create_key=*/true);
  if (!audit) return fail(command, kEnvironment, audit.status().message());
  store::WriteContext ctx{*audit, "system:import", "returns imported from the council's previous system"};
  auto summary = a.kind == "903" ? imp::import_903(**db, ctx, {a.input, a.previous, *year, xml_schema}) : imp::import_cin(**db, ctx, a.input, schema);
  if (!summary) return fail(command, exit_for(summary.status()), summary.status().message());
  for (const auto& w : summary->warnings) fmt::print(stderr, "warning: {}\n", w);
  fmt::print("imported {}: {} people created, {} rows written to {}\n", a.input, summary->people, summary->records, a.db);
  return kOk;
}

void add_import(CLI::App& parent, const std::string& kind, const std::string& help, const std::string& input_help) {
  auto* cmd = parent.add_subcommand(kind, help);
  auto args = std::make_shared<ImportArgs>();
  args->kind = kind;
  cmd->add_option(kind == "903" ? "DIR" : "FILE", args->input, input_help)->required();
  cmd->add_option("--db", args->db, "Case-record database (a file, created if missing, or a postgresql:// URL)")->required();
  cmd->add_option("--audit-key", args->audit_key, "Audit key file (default: KITH_AUDIT_KEY, else DB.audit-key; required for a URL)");
  cmd->add_option("--year", args->year, "Collection year of the files, e.g. 2025/26")->capture_default_str();
  if (kind == "903") cmd->add_option("--previous", args->previous, "Folder of the previous year's 903 CSV files, or its XML file");
  cmd->add_option("--data-dir", args->data_dir, "Reference data folder (default: the shipped data/)");
  cmd->callback([args] {
    int code = run_import(*args);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace

void add_import_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("import", "Load statutory returns from a previous system into the case record")->require_subcommand(1);
  add_import(*cmd, "903", "SSDA903 CSV files (or the XML form) of a year, and optionally the year before",
             "Folder of the year's 903 CSV files, or its SSDA903 XML file (*.xml)");
  add_import(*cmd, "cin", "A CIN census XML file", "CIN census XML file");
}

}  // namespace kith::cli
