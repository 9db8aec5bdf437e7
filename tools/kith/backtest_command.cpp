// kith backtest: fit the demand model on data up to a date, forecast the
// next one or two years and compare with what happened, per state and in
// total, so directors know how far to trust a forecast.
#include <fmt/core.h>

#include "commands.h"
#include "planning/backtest.h"
#include "planning/forecast.h"

namespace kith::cli {
namespace {

struct BacktestArgs {
  std::vector<std::string> from_903;
  std::string db, fit_until, fit_length = "24m", horizon = "24m", estimator = "child-days", out, format = "csv";
};

int fail(const Status& s) {
  fmt::print(stderr, "kith backtest: {}\n", s.message());
  return s.code() == Status::Code::kInvalid || s.code() == Status::Code::kNotFound ? kBadInput : kEnvironment;
}

Result<planning::EpisodeInput> read_input(const BacktestArgs& a) {
  if (a.from_903.empty() == a.db.empty()) return Status::invalid("give either --from-903 DIR... or --db FILE");
  if (!a.from_903.empty()) return planning::read_903_folders(a.from_903);
  auto db = store::Database::open(a.db, {.create = false, .read_only = true});
  if (!db) return db.status();
  return planning::read_case_record(**db);
}

std::pair<std::string, std::string> state_columns(int s) {
  if (s == planning::kCareStates) return {"all", "all"};
  return {std::string(planning::label(planning::band_of_state(s))), std::string(planning::label(planning::placement_of_state(s)))};
}

// Mean absolute error per state and in total, beside the mean of what happened.
planning::Table error_table(const planning::Backtest& b) {
  planning::Table t{"errors", {"age_band", "placement", "mean_abs_error", "mean_actual"}, {}};
  for (int s = 0; s <= planning::kCareStates; ++s) {
    double actual = 0;
    for (const auto& p : b.points) actual += p.actual[s];
    auto [band, placement] = state_columns(s);
    t.rows.push_back({band, placement, b.mean_abs_error[s], actual / double(b.points.size())});
  }
  return t;
}

planning::Table points_table(const planning::Backtest& b) {
  planning::Table t{"points", {"date", "age_band", "placement", "forecast", "actual"}, {}};
  for (const auto& p : b.points)
    for (int s = 0; s <= planning::kCareStates; ++s) {
      auto [band, placement] = state_columns(s);
      t.rows.push_back({p.date.iso(), band, placement, p.forecast[s], p.actual[s]});
    }
  return t;
}

int run(const BacktestArgs& a) {
  auto format = planning::parse_format(a.format);
  auto estimator = planning::parse_estimator(a.estimator);
  auto horizon = planning::parse_horizon(a.horizon);
  auto fit_length = planning::parse_horizon(a.fit_length);
  for (const Status* s : {&format.status(), &estimator.status(), &horizon.status(), &fit_length.status()})
    if (!s->is_ok()) return fail(*s);
  auto fit_until = Date::parse_iso(a.fit_until);
  if (!fit_until) return fail(Status::invalid("--fit-until '" + a.fit_until + "' must be a date, YYYY-MM-DD"));
  auto input = read_input(a);
  if (!input) return fail(input.status());
  planning::CleanEpisodes episodes = planning::clean_episodes(*input);
  fmt::print(stderr, "{}", planning::describe(episodes.report, input->rows.size() + input->excluded.size()));
  int reference_days = *fit_until - fit_until->plus_months(-*fit_length);
  auto b = planning::backtest(episodes, *fit_until, reference_days, fit_until->plus_months(*horizon) - *fit_until, *estimator);
  if (!b) return fail(b.status());
  if (!a.out.empty())
    if (Status s = planning::write_tables({error_table(*b), points_table(*b)}, a.out, *format); !s) return fail(s);
  const auto& last = b->points.back();
  fmt::print("fitted on {}..{}; {} month ends to {}\n", b->reference.from.iso(), b->reference.to.iso(), b->points.size(), last.date.iso());
  fmt::print("total in care: mean absolute error {:.1f} children; on {} forecast {:.0f}, actual {:.0f} ({:+.1f}%)\n",
             b->mean_abs_error[planning::kCareStates], last.date.iso(), last.forecast[planning::kCareStates],
             last.actual[planning::kCareStates], 100 * b->final_total_error_share);
  return kOk;
}

}  // namespace

void add_backtest_command(CLI::App& app) {
  auto a = std::make_shared<BacktestArgs>();
  auto* c = app.add_subcommand("backtest", "Fit the demand model up to a date and compare its forecast with what happened");
  c->add_option("--from-903", a->from_903, "SSDA903 folders (Episodes and Header CSV files; a folder per year)");
  c->add_option("--db", a->db, "Case-record database (instead of --from-903)");
  c->add_option("--fit-until", a->fit_until, "Last day of the data the rates are fitted on (YYYY-MM-DD)")->required();
  c->add_option("--fit-length", a->fit_length, "Length of the fitting period ending on --fit-until (24m, 2y)")->capture_default_str();
  c->add_option("--horizon", a->horizon, "How far to forecast and compare: 12m or 24m, at most 5 years")->capture_default_str();
  c->add_option("--estimator", a->estimator, "child-days or daily-mean")->capture_default_str();
  c->add_option("--out", a->out, "Errors per state (age_band,placement,mean_abs_error,mean_actual); the month ends beside it");
  c->add_option("--format", a->format, "csv, json or xlsx")->capture_default_str();
  c->callback([a] {
    int code = run(*a);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace kith::cli
