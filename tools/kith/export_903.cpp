// kith export 903: the SSDA903 CSV files of a collection year, projected from
// the case record (src/returns/projection/project_903.h), or (--format xml) the
// same tables as one file in the XML form (src/returns/ssda903/xml_writer.h),
// checked against the XSD first: an invalid file is never written.
#include <fmt/core.h>

#include <algorithm>
#include <regex>

#include "commands.h"
#include "lifecycle/sealed_file.h"
#include "output.h"
#include "returns/projection/project_903.h"
#include "returns/ssda903/data_dir.h"
#include "returns/ssda903/xml_reader.h"
#include "returns/ssda903/xml_writer.h"
#include "returns/untrusted_xml.h"
#include "store/database.h"

namespace kith::cli {
namespace {

namespace proj = returns::projection;

struct Export903Args {
  std::string db, year, la, out, encrypt_to, format = "csv", data_dir;
};

int fail(int code, const std::string& message) { return cli::fail("export 903", code, message); }

// The projected files as the reader's in-memory tables (cells as projected; the XML reader upper-cases on the way back).
returns::ssda903::Return903 as_tables(const proj::Return903Files& files) {
  returns::ssda903::Return903 r;
  std::vector<std::string_view> cells;
  for (const auto& t : files.tables) {
    auto& table = r.add_table(t.name);
    for (const auto& c : t.columns) table.add_column(c);
    for (const auto& row : t.rows) {
      cells.assign(row.begin(), row.end());
      table.append_row(cells);
    }
  }
  return r;
}

// The XML form: written (or sealed) only when it passes the XSD.
int write_xml(const proj::Return903Files& files, const Export903Args& a) {
  std::string data_dir = returns::ssda903::find_data_dir(a.data_dir);
  if (data_dir.empty()) return fail(kEnvironment, "cannot find Kith's data folder with spec/ssda903 (use --data-dir or KITH_DATA_DIR)");
  auto xml = returns::ssda903::to_xml(as_tables(files));
  if (!xml) return fail(kBadInput, "the return cannot be written in the XML form: " + xml.status().message());
  for (const auto& w : xml->left_out) fmt::print(stderr, "warning: left out of the XML form: {}\n", w);
  auto violations = returns::validate_text_streaming(xml->xml, a.out, data_dir + "/spec/ssda903/" + returns::ssda903::kXmlSchemaFile, "SSDA903");
  if (!violations) return fail(kEnvironment, violations.status().message());
  if (!violations->empty()) {
    for (const auto& e : *violations) fmt::print(stderr, "schema: {}\n", e);
    return fail(kFindings, fmt::format("the projected return breaks the SSDA903 XML schema ({} errors); nothing written", violations->size()));
  }
  // Personal data: sealed in memory when a recipient is named, else written 0600 and renamed into place.
  Status written = a.encrypt_to.empty() ? lifecycle::write_private_file(a.out, xml->xml)
                                        : lifecycle::seal_to_file(xml->xml, a.out, "export:903:xml", {a.encrypt_to, "", false});
  if (!written) return fail(written.code() == Status::Code::kIo ? kEnvironment : kBadInput, written.message());
  fmt::print("SSDA903 XML: {} children written to {}\n", xml->children, a.out);
  return kOk;
}

int export_903(const Export903Args& a) {
  auto year = proj::CollectionYear::parse(a.year);
  if (!year) return fail(kBadInput, "--year must look like 2025/26 (got '" + a.year + "')");
  if (!std::regex_match(a.la, std::regex("E[0-9]{8}"))) return fail(kBadInput, "--la must be the council's E-code, e.g. E06000020 (got '" + a.la + "')");
  // Opened for writing only so that an older database gets the returns tables (migration 0006).
  auto db = store::Database::open(a.db, {.create = false});
  if (!db) return fail(kEnvironment, db.status().message());
  auto files = proj::project_903(**db, *year, a.la);
  if (!files) return fail(files.status().code() == Status::Code::kInvalid ? kBadInput : kEnvironment, files.status().message());
  if (a.format == "xml") {
    int code = write_xml(*files, a);
    const auto& carried = returns::ssda903::xml_tables();
    if (code == kOk)
      for (const auto& t : files->tables)
        if (std::find(carried.begin(), carried.end(), t.name) != carried.end()) fmt::print("{:<15} {:>7} rows\n", t.name, t.rows.size());
    return code;
  }
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
  auto* cmd = export_cmd.add_subcommand("903", "SSDA903 CSV files (or the XML form) of a collection year");
  auto args = std::make_shared<Export903Args>();
  cmd->add_option("--db", args->db, "Case-record database")->required();
  cmd->add_option("--year", args->year, "Collection year, e.g. 2025/26")->required();
  cmd->add_option("--la", args->la, "The council's E-code, e.g. E06000020")->required();
  cmd->add_option("--out", args->out, "Folder to write the CSV files to (created if missing); with --format xml, the XML file")->required();
  cmd->add_option("--format", args->format, "csv (a folder of tables, the default) or xml (one file, checked against the XSD)")
      ->check(CLI::IsMember({"csv", "xml"}));
  cmd->add_option("--data-dir", args->data_dir, "Reference data folder for the XSD (default: the shipped data/)");
  cmd->add_option("--encrypt-to", args->encrypt_to, "Encrypt each file to this recipient's key file (they run kith decrypt)");
  cmd->callback([args] {
    int code = export_903(*args);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace kith::cli
