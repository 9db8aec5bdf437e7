// kith forecast: children in care by age band and placement at month ends,
// from SSDA903 files of several years or from the case record, with Monte
// Carlo bands, the rates per year and (with --spend) the spend.
#include <fmt/core.h>


#include "commands.h"
#include "planning/forecast.h"

namespace kith::cli {
namespace {

struct ForecastArgs {
  std::vector<std::string> from_903;
  std::string db, reference, horizon = "24m", estimator = "child-days", out, format = "csv", rates_out, costs, spend_out;
  int runs = 1000;
  std::uint64_t seed = 1;
};

int fail(const Status& s) {
  fmt::print(stderr, "kith forecast: {}\n", s.message());
  return s.code() == Status::Code::kInvalid || s.code() == Status::Code::kNotFound ? kBadInput : kEnvironment;
}

Result<planning::EpisodeInput> read_input(const ForecastArgs& a) {
  if (a.from_903.empty() == a.db.empty()) return Status::invalid("give either --from-903 DIR... or --db FILE");
  if (!a.from_903.empty()) return planning::read_903_folders(a.from_903);
  auto db = store::Database::open(a.db, {.create = false, .read_only = true});
  if (!db) return db.status();
  return planning::read_case_record(**db);
}

// Writes the spend CSV when asked: the projection costed by quarter and year.
Status write_spend(const ForecastArgs& a, const planning::CleanEpisodes& e, const planning::Forecast& f, planning::Format format) {
  if (a.spend_out.empty()) return Status::ok();
  auto costs = planning::read_unit_costs(a.costs);
  if (!costs) return costs.status();
  auto spend = planning::spend_of(f.projection, *costs, planning::mix_from(e, f.rates.reference));
  return planning::write_tables({planning::spend_table(spend)}, a.spend_out, format);
}

int run(const ForecastArgs& a) {
  auto format = planning::parse_format(a.format);
  auto estimator = planning::parse_estimator(a.estimator);
  auto reference = planning::parse_period(a.reference);
  auto months = planning::parse_horizon(a.horizon);
  for (const Status* s : {&format.status(), &estimator.status(), &reference.status(), &months.status()})
    if (!s->is_ok()) return fail(*s);
  if (a.runs < 0 || a.runs > 100000) return fail(Status::invalid("--runs must be between 0 and 100000"));
  auto input = read_input(a);
  if (!input) return fail(input.status());
  planning::CleanEpisodes episodes = planning::clean_episodes(*input);
  fmt::print(stderr, "{}", planning::describe(episodes.report, input->rows.size() + input->excluded.size()));
  planning::ForecastRequest req{*reference, *months, *estimator, {.runs = a.runs, .seed = a.seed}};
  auto f = planning::run_forecast(episodes, req);
  if (!f) return fail(f.status());
  std::vector<planning::Table> tables{planning::forecast_table(*f)};
  if (*format != planning::Format::kCsv) tables.push_back(planning::rates_table(f->rates));
  if (Status s = planning::write_tables(tables, a.out, *format); !s) return fail(s);
  if (!a.rates_out.empty())
    if (Status s = planning::write_tables({planning::rates_table(f->rates)}, a.rates_out, *format); !s) return fail(s);
  if (Status s = write_spend(a, episodes, *f, *format); !s) return fail(s);
  fmt::print(stderr, "{:.0f} children in care on {}; forecast to {} written to {}\n", planning::total(f->start_stock),
             a.reference.substr(a.reference.find("..") + 2), f->projection.last().iso(), a.out);
  return kOk;
}

}  // namespace

void add_forecast_command(CLI::App& app) {
  auto a = std::make_shared<ForecastArgs>();
  auto* c = app.add_subcommand("forecast", "Forecast children in care by age band and placement (demand model)");
  c->add_option("--from-903", a->from_903, "SSDA903 folders (Episodes and Header CSV files; a folder per year)");
  c->add_option("--db", a->db, "Case-record database (instead of --from-903)");
  c->add_option("--reference", a->reference, "Reference period for the rates, FROM..TO (ISO dates)")->required();
  c->add_option("--horizon", a->horizon, "How far to project: 24m or 2y, at most 5 years")->capture_default_str();
  c->add_option("--runs", a->runs, "Monte Carlo runs for the p10/p90 bands (0: none)")->capture_default_str();
  c->add_option("--seed", a->seed, "Seed of the Monte Carlo runs")->capture_default_str();
  c->add_option("--estimator", a->estimator, "child-days or daily-mean")->capture_default_str();
  c->add_option("--out", a->out, "Forecast file: date,age_band,placement,children,p10,p90 at month ends")->required();
  c->add_option("--format", a->format, "csv, json or xlsx")->capture_default_str();
  c->add_option("--rates", a->rates_out, "Also write the rates per year to this file");
  c->add_option("--spend", a->spend_out, "Also write the spend by quarter and year to this file");
  c->add_option("--costs", a->costs, "Weekly unit costs (JSON); default: built-in illustrative costs");
  c->callback([a] {
    int code = run(*a);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace kith::cli
