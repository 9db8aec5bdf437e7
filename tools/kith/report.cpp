// kith report quarterly: the quarterly performance report for Cabinet or a
// scrutiny committee (src/report), as PDF, XLSX or HTML. Published: counts of
// 1-5 children suppressed, no child identifiers or worker names.
#include <fmt/core.h>

#include <chrono>

#include "commands.h"
#include "output.h"
#include "insight/period.h"
#include "report/quarterly_report.h"
#include "report/render.h"
#include "store/database.h"
#include "synth/synth.h"

namespace kith::cli {
namespace {

struct ReportArgs {
  std::string db, period, format = "pdf", out, targets, commentary, data_dir;
};

int fail(int code, const std::string& message) { return cli::fail("report quarterly", code, message); }

// A file the council maintains: unreadable is an environment problem, a bad line is bad input.
int input_error(const Status& s) { return fail(s.code() == Status::Code::kIo ? kEnvironment : kBadInput, s.message()); }

std::string today() {
  auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date(days).display();
}

int run(const ReportArgs& a) {
  auto period = insight::parse_period(a.period);
  if (!period) return fail(kBadInput, period.status().message());
  if (period->kind != insight::Period::Kind::kQuarter)
    return fail(kBadInput, "--period must be a financial quarter such as 2025Q3 (2025-26 Q3, October to December 2025), not '" + a.period + "'");
  report::ReportOptions options;
  if (!a.targets.empty()) {
    auto t = report::read_targets(a.targets, report::report_measure_ids());
    if (!t) return input_error(t.status());
    options.targets = std::move(*t);
  }
  if (!a.commentary.empty()) {
    auto c = report::read_commentary(a.commentary, report::commentary_keys());
    if (!c) return input_error(c.status());
    options.commentary = std::move(*c);
  }
  auto db = store::Database::open(a.db, {.create = false, .read_only = true});
  if (!db) return fail(db.status().code() == Status::Code::kInvalid ? kBadInput : kEnvironment, db.status().message());
  options.data_dir = synth::find_data_dir(a.data_dir);
  auto built = report::build_quarterly_report(**db, *period, options);
  if (!built) return fail(built.status().code() == Status::Code::kInvalid ? kBadInput : kEnvironment, built.status().message());
  Status written = Status::ok();
  if (a.format == "pdf") written = report::write_pdf(*built, today(), a.out);
  else if (a.format == "xlsx") written = report::write_xlsx(*built, today(), a.out);
  else return write_output("report quarterly", report::render_html(*built, today()), a.out);
  return written ? kOk : fail(kEnvironment, written.message());
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto* report = app.add_subcommand("report", "Reports for councillors (published: counts 1-5 suppressed)");
  report->require_subcommand(1);
  auto args = std::make_shared<ReportArgs>();
  auto* cmd = report->add_subcommand("quarterly", "Quarterly performance report for Cabinet or scrutiny: user numbers, key measures, benchmarks, RAG");
  cmd->add_option("--db", args->db, "Database file")->required();
  cmd->add_option("--period", args->period, "Financial quarter: 2025Q3 or 2025-26Q3 (October to December 2025)")->required();
  cmd->add_option("--format", args->format, "pdf|xlsx|html (default pdf)")->check(CLI::IsMember({"pdf", "xlsx", "html"}));
  cmd->add_option("--out", args->out, "Output file")->required();
  cmd->add_option("--targets", args->targets, "CSV: indicator,target,direction(higher_is_better|lower_is_better),amber_tolerance");
  cmd->add_option("--commentary", args->commentary, "CSV indicator,text or markdown-ish '## indicator' sections");
  cmd->add_option("--data-dir", args->data_dir, "Folder holding dfe/ and la/ (default: the shipped data/)");
  cmd->callback([args] {
    int code = run(*args);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace kith::cli
