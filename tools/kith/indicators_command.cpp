// kith indicators: the indicator set for a period, optionally sliced, as
// published (suppressed, no child identifiers) in CSV, JSON or XLSX.
#include <fmt/core.h>

#include <fstream>

#include "commands.h"
#include "output.h"
#include "insight/indicators.h"
#include "insight/publish.h"
#include "store/database.h"
#include "synth/synth.h"

namespace kith::cli {
namespace {

struct IndicatorsArgs {
  std::string db, period, by, format = "csv", out, data_dir;
};

int fail(int code, const std::string& message) { return cli::fail("indicators", code, message); }


int run(const IndicatorsArgs& a) {
  auto period = insight::parse_period(a.period);
  if (!period) return fail(kBadInput, period.status().message());
  insight::IndicatorOptions options;
  if (!a.by.empty()) {
    auto slice = insight::parse_slice(a.by);
    if (!slice) return fail(kBadInput, slice.status().message());
    options.by = *slice;
  }
  if (a.format == "xlsx" && a.out.empty()) return fail(kBadInput, "--format xlsx needs --out FILE");
  auto db = store::Database::open(a.db, {.create = false, .read_only = true});
  if (!db) return fail(db.status().code() == Status::Code::kInvalid ? kBadInput : kEnvironment, db.status().message());
  // Without the postcode data the distance indicator is reported as unknown, not as 0.
  auto rows = insight::compute_indicators(**db, *period, options, synth::find_data_dir(a.data_dir));
  if (!rows) return fail(kEnvironment, rows.status().message());
  auto published = insight::publish(*rows);
  if (a.format == "xlsx") {
    Status s = insight::write_xlsx(published, *period, options.by, a.out);
    return s ? kOk : fail(kEnvironment, s.message());
  }
  return write_output("indicators",
                      a.format == "json" ? insight::to_json(published, *period, options.by) : insight::to_csv(published, *period, options.by),
                      a.out);
}

}  // namespace

void add_indicators_command(CLI::App& app) {
  auto args = std::make_shared<IndicatorsArgs>();
  auto* cmd = app.add_subcommand("indicators", "Compute the indicator set for a period (published: counts 1-5 suppressed)");
  cmd->add_option("--db", args->db, "Database file")->required();
  cmd->add_option("--period", args->period, "2025-11 (month), 2025Q3 or 2025-26Q3 (financial quarter), 2025-26 (financial year)")->required();
  cmd->add_option("--by", args->by, "Slice: locality|hub|team|age_band|sex|ethnicity|legal_status|placement_type");
  cmd->add_option("--format", args->format, "csv|json|xlsx (default csv)")->check(CLI::IsMember({"csv", "json", "xlsx"}));
  cmd->add_option("--out", args->out, "Output file (default: standard output; required for xlsx)");
  cmd->add_option("--data-dir", args->data_dir, "Folder holding postcodes/ (default: the shipped data/)");
  cmd->callback([args] {
    int code = run(*args);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace kith::cli
