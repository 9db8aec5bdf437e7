// kith export cin: the CIN census XML of a collection year, projected from the
// case record (src/returns/projection/project_cin.h). The XML is checked
// against the year's XSD first: an invalid file is never written. Neither the
// XML nor a libxml2 tree of it is held whole: it is streamed to FILE.partial
// beside the output, checked there by libxml2's streaming validator, and
// renamed into place only when valid (docs/PERFORMANCE.md, "Returns export").
#include <fcntl.h>
#include <fmt/core.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "commands.h"
#include "lifecycle/sealed_file.h"
#include "output.h"
#include "returns/cin/cin_reader.h"
#include "returns/cin/cin_validate.h"
#include "returns/projection/project_cin.h"
#include "returns/untrusted_xml.h"
#include "store/database.h"

namespace kith::cli {
namespace {

namespace proj = returns::projection;
namespace cin = returns::cin;

struct ExportCinArgs {
  std::string db, year, la, out, data_dir, encrypt_to;
};

int fail(int code, const std::string& message) { return cli::fail("export cin", code, message); }

int exit_for(const Status& s) {
  return s.code() == Status::Code::kInvalid ? kBadInput : s.code() == Status::Code::kConflict ? kFindings : kEnvironment;
}

// Schema violations are printed; the result is a kConflict status (exit 1, findings) saying nothing was written.
Status refuse(const std::vector<std::string>& violations, const std::string& year_label) {
  for (const auto& e : violations) fmt::print(stderr, "schema: {}\n", e);
  return Status::conflict(fmt::format("the projected census breaks the {} XSD ({} errors); nothing written", year_label, violations.size()));
}

// Written to <out>.partial (0600), checked by the streaming validator, renamed into place when valid.
Result<proj::CinExport> stream_census(store::Database& db, proj::CollectionYear year, const std::string& la, const std::string& out,
                                      const std::string& schema) {
  namespace fs = std::filesystem;
  std::string partial = out + ".partial";
  std::error_code ec;
  std::ofstream file(partial, std::ios::binary | std::ios::trunc);
  if (!file) return Status::io("cannot write " + partial);
  fs::permissions(partial, fs::perms::owner_read | fs::perms::owner_write, ec);  // personal data: before any byte of it
  auto census = proj::write_cin(db, year, la, file);
  file.close();
  if (!census || !file) {
    fs::remove(partial, ec);
    return census ? Status::io("cannot write " + partial) : census.status();
  }
  auto violations = returns::validate_file_streaming(partial, out, schema, "CIN census");
  if (!violations || !violations->empty()) {
    fs::remove(partial, ec);
    return violations ? refuse(*violations, year.label()) : violations.status();
  }
  if (int fd = ::open(partial.c_str(), O_RDONLY); fd >= 0) ::fsync(fd), ::close(fd);  // on disk before the rename makes it the export
  fs::rename(partial, out, ec);
  if (ec) {
    fs::remove(partial, ec);
    return Status::io("cannot rename " + partial + " to " + out + ": " + ec.message());
  }
  return census;
}

// For a recipient: the XML is built in memory, checked there without a tree, and sealed: never written in the clear.
Result<proj::CinExport> seal_census(store::Database& db, proj::CollectionYear year, const std::string& la, const std::string& out,
                                    const std::string& schema, const std::string& key) {
  auto census = proj::project_cin(db, year, la);
  if (!census) return census.status();
  auto violations = returns::validate_text_streaming(census->xml, out, schema, "CIN census");
  if (!violations) return violations.status();
  if (!violations->empty()) return refuse(*violations, year.label());
  Status sealed = lifecycle::seal_to_file(census->xml, out, "export:cin", {key, "", false});
  if (!sealed) return sealed.code() == Status::Code::kIo ? sealed : Status::invalid(sealed.message());
  census->xml.clear();
  return census;
}

int export_cin(const ExportCinArgs& a) {
  auto year = proj::CollectionYear::parse(a.year);
  auto census_year = cin::collection_year(a.year);
  if (!year || !census_year) return fail(kBadInput, "--year " + a.year + ": Kith writes the 2024/25 and 2025/26 CIN censuses");
  std::string spec = cin::find_cin_spec_dir(a.data_dir);
  if (spec.empty()) return fail(kEnvironment, "cannot find Kith's CIN spec folder (use --data-dir or KITH_DATA_DIR)");
  // Opened for writing only so that an older database gets the returns tables (migration 0006).
  auto db = store::Database::open(a.db, {.create = false});
  if (!db) return fail(kEnvironment, db.status().message());
  std::string schema = spec + "/" + census_year->schema_file;
  auto census = a.encrypt_to.empty() ? stream_census(**db, *year, a.la, a.out, schema) : seal_census(**db, *year, a.la, a.out, schema, a.encrypt_to);
  if (!census) return fail(exit_for(census.status()), census.status().message());
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
