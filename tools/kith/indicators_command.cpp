// kith indicators: the indicator set for a period, optionally sliced, as
// published (suppressed, no child identifiers) in CSV, JSON or XLSX.
#include <fmt/core.h>

#include <fstream>

#include "commands.h"
#include "output.h"
#include "insight/indicators.h"
#include "insight/publish.h"
#include "returns/ssda903/postcodes.h"
#include "store/database.h"
#include "synth/synth.h"

namespace kith::cli {
namespace {

struct IndicatorsArgs {
  std::string db, period, by, format = "csv", out, data_dir, council;
};

int fail(int code, const std::string& message) { return cli::fail("indicators", code, message); }

// One council's rows from a store of several (the national synthetic store): the
// record is split by council and only that council's rows are kept.
Result<std::vector<insight::IndicatorRow>> council_rows(store::Database& db, const insight::Period& period, const insight::IndicatorOptions& o,
                                                        const std::string& data_dir, const std::string& code) {
  auto records = insight::load_council_records(db, period.end);
  if (!records) return records.status();
  std::vector<const insight::CaseRecord*> chosen;
  for (const auto& c : records->councils)
    if (c.council != 0 && c.la_code == code) chosen.push_back(&c.record);
  if (chosen.empty()) return Status::invalid("--council: the database holds no council with DfE code '" + code + "'");
  std::optional<returns::ssda903::PostcodeIndex> postcodes;
  if (!data_dir.empty()) {
    auto index = insight::load_mentioned_postcodes(chosen, data_dir);
    if (!index) return index.status();
    postcodes = std::move(*index);
  }
  auto computed = insight::compute_by_council(*records, period, o, postcodes ? &*postcodes : nullptr);
  if (!computed) return computed.status();
  for (auto& c : computed->councils)
    if (c.la_code == code) return std::move(c.rows);
  return Status::invalid("--council: the database holds no council with DfE code '" + code + "'");
}

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
  auto rows = a.council.empty() ? insight::compute_indicators(**db, *period, options, synth::find_data_dir(a.data_dir))
                                : council_rows(**db, *period, options, synth::find_data_dir(a.data_dir), a.council);
  if (!rows) return fail(rows.status().code() == Status::Code::kInvalid ? kBadInput : kEnvironment, rows.status().message());
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
  cmd->add_option("--council", args->council, "One council's rows, by DfE code (default: the whole store, e.g. England for a national store)");
  cmd->callback([args] {
    int code = run(*args);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace kith::cli
