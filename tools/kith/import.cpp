// kith import: loads a council's statutory returns from its previous system
// into the case record (src/returns/import/import.h), one transaction and one
// audit entry per load.
//   kith import 903 DIR|FILE.xml --db FILE --year 2025/26 [--previous DIR|FILE.xml]
//   kith import cin FILE --db FILE [--year 2025/26] [--data-dir DIR]
#include <fmt/core.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "audit/audit_log.h"
#include "audit_key.h"
#include "commands.h"
#include "output.h"
#include "returns/cin/cin_validate.h"
#include "returns/import/import.h"
#include "returns/projection/project_903.h"
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

// A private (0700) temporary folder, removed with everything in it when this goes out of scope.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "kith-import-XXXXXX").string();
    if (mkdtemp(pattern.data())) path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The SSDA903 XML form, read and XSD-checked (a file that breaks the schema is refused), as the
// folder of CSV files the 903 import loads: the import has one reader path, and the XML's
// tables are exactly what the CSV reader would build. Returns the folder.
Result<std::string> xml_as_folder(const std::string& xml, const std::string& data_dir, const std::string& name, TempFolder& temp) {
  namespace s903 = returns::ssda903;
  if (temp.path().empty()) return Status::io("cannot create a temporary folder for " + xml);
  s903::Return903 tables;
  auto schema_errors = s903::add_xml_file(xml, data_dir + "/spec/ssda903/" + s903::kXmlSchemaFile, "", tables);
  if (!schema_errors) return schema_errors.status();
  if (!schema_errors->empty())
    return Status::invalid(xml + " does not match the SSDA903 XML schema (" + std::to_string(schema_errors->size()) + " errors): " + schema_errors->front());
  std::string dir = temp.path() + "/" + name;
  std::filesystem::create_directories(dir);
  for (std::string_view t : s903::xml_tables()) {
    const s903::Table& table = *tables.table(t);
    proj::CsvTable csv{std::string(t), table.column_names(), {}};
    for (std::size_t row = 0; row < table.rows(); ++row) {
      csv.rows.emplace_back();
      for (const auto& c : table.column_names()) csv.rows.back().emplace_back((*table.column(c))[row]);
    }
    std::ofstream out(dir + "/" + std::string(t) + ".csv", std::ios::binary);
    out << proj::to_csv(csv);
    if (!out) return Status::io("cannot write a temporary copy of " + xml);
  }
  return dir;
}

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
  // The XML form of a year is converted first (before the database is opened, so a bad file changes nothing).
  // Made only for the XML form, so that a CSV import (killed or not) leaves nothing in the temporary folder.
  std::optional<TempFolder> temp;
  std::string input = a.input, previous = a.previous;
  if (a.kind == "903" && (returns::ssda903::is_xml_file(input) || returns::ssda903::is_xml_file(previous))) {
    temp.emplace();
    std::string data_dir = returns::ssda903::find_data_dir(a.data_dir);
    if (data_dir.empty()) return fail(command, kEnvironment, "cannot find Kith's data folder with spec/ssda903 (use --data-dir or KITH_DATA_DIR)");
    for (auto [path, name] : {std::pair{&input, "current"}, {&previous, "previous"}}) {
      if (!returns::ssda903::is_xml_file(*path)) continue;
      auto dir = xml_as_folder(*path, data_dir, name, *temp);
      if (!dir) return fail(command, exit_for(dir.status()), dir.status().message());
      *path = *dir;
    }
  }
  auto db = store::Database::open(a.db, {.create = true});
  if (!db) return fail(command, kEnvironment, db.status().message());
  auto audit = audit::AuditLog::open(*key, /*create_key=*/true);
  if (!audit) return fail(command, kEnvironment, audit.status().message());
  store::WriteContext ctx{*audit, "system:import", "returns imported from the council's previous system"};
  auto summary = a.kind == "903" ? imp::import_903(**db, ctx, {input, previous, *year}) : imp::import_cin(**db, ctx, a.input, schema);
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
