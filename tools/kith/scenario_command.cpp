// kith scenario: save, list and delete named scenarios, and compare them
// with the baseline (children, spend, savings, reinvestment, target date).
#include <fmt/core.h>

#include <sstream>

#include "commands.h"
#include "planning/forecast.h"
#include "planning/scenario.h"

namespace kith::cli {
namespace {

struct CompareArgs {
  std::string db, reference, horizon = "36m", costs, out, format = "csv", names;
  std::vector<std::string> from_903;
};

int fail(const Status& s) {
  fmt::print(stderr, "kith scenario: {}\n", s.message());
  return s.code() == Status::Code::kInvalid || s.code() == Status::Code::kNotFound ? kBadInput : kEnvironment;
}

Result<std::unique_ptr<store::Database>> open_db(const std::string& path, bool write) {
  return store::Database::open(path, {.create = false, .read_only = !write});
}

std::vector<std::string> split_names(const std::string& names) {
  std::vector<std::string> out;
  std::stringstream in(names);
  for (std::string n; std::getline(in, n, ',');)
    if (!n.empty()) out.push_back(n);
  return out;
}

planning::Table comparison_table(const std::vector<planning::ScenarioOutcome>& outcomes) {
  planning::Table t{"comparison", {"scenario", "year", "children", "baseline_children", "spend", "baseline_spend", "savings", "reinvested", "kept", "target_met"}, {}};
  for (const auto& o : outcomes)
    for (const auto& y : o.years)
      t.rows.push_back({o.scenario.name, y.year, y.children, y.baseline_children, y.spend, y.baseline_spend, y.savings, y.reinvested, y.kept,
                        o.target_met ? planning::Cell(o.target_met->iso()) : planning::Cell()});
  return t;
}

Result<planning::Baseline> baseline(store::Database& db, const CompareArgs& a) {
  auto reference = planning::parse_period(a.reference);
  auto months = planning::parse_horizon(a.horizon);
  auto costs = planning::read_unit_costs(a.costs);
  for (const Status* s : {&reference.status(), &months.status(), &costs.status()}) KITH_RETURN_IF_ERROR(*s);
  auto input = a.from_903.empty() ? planning::read_case_record(db) : planning::read_903_folders(a.from_903);
  if (!input) return input.status();
  planning::CleanEpisodes e = planning::clean_episodes(*input);
  fmt::print(stderr, "{}", planning::describe(e.report, input->rows.size() + input->excluded.size()));
  auto rates = planning::estimate_rates(e, *reference, planning::Estimator::kChildDays);
  if (!rates) return rates.status();
  Date start = reference->to;
  return planning::Baseline{*rates, planning::mix_from(e, *reference), planning::stock_on(e, start), start,
                            start.plus_months(*months) - start, *costs};
}

int compare(const CompareArgs& a) {
  auto format = planning::parse_format(a.format);
  if (!format) return fail(format.status());
  auto db = open_db(a.db, false);
  if (!db) return fail(db.status());
  auto base = baseline(**db, a);
  if (!base) return fail(base.status());
  std::vector<planning::ScenarioOutcome> outcomes;
  for (const auto& name : split_names(a.names)) {
    auto s = planning::load_scenario(**db, name);
    if (!s) return fail(s.status());
    outcomes.push_back(planning::run_scenario(*s, *base));
  }
  if (outcomes.empty()) return fail(Status::invalid("--names needs at least one saved scenario"));
  if (Status s = planning::write_tables({comparison_table(outcomes)}, a.out, *format); !s) return fail(s);
  for (const auto& o : outcomes)
    fmt::print(stderr, "{}: target {}\n", o.scenario.name,
               !o.scenario.target ? "not set" : o.target_met ? "met on " + o.target_met->iso() : "not met within the horizon");
  return kOk;
}

void add_save(CLI::App& parent) {
  auto s = std::make_shared<planning::Scenario>();
  auto db = std::make_shared<std::string>();
  auto target = std::make_shared<double>(-1);
  auto* c = parent.add_subcommand("save", "Save (or replace) a named scenario");
  c->add_option("--db", *db, "Database file")->required();
  c->add_option("--name", s->name, "Scenario name")->required();
  c->add_option("--description", s->description, "What the change of practice is");
  c->add_option("--entries", s->entries_factor, "Entry rate factor (0.9: a tenth fewer children come into care)");
  c->add_option("--exits", s->exits_factor, "Exit rate factor (1.1: a tenth more leave care)");
  c->add_option("--step-down", s->step_down_per_year, "Extra residential -> fostering moves per child-year");
  c->add_option("--in-house-shift", s->in_house_shift, "Share of agency fostering moved to in-house carers (0-1)");
  c->add_option("--reinvest", s->reinvest_share, "Share of savings reinvested (0-1)");
  c->add_option("--target", *target, "Children looked after to reach (e.g. 600)");
  c->callback([s, db, target] {
    if (*target >= 0) s->target = *target;
    auto d = open_db(*db, true);
    Status st = d ? planning::save_scenario(**d, *s) : d.status();
    if (!st) throw CLI::RuntimeError(fail(st));
    fmt::print("saved scenario '{}'\n", s->name);
  });
}

void add_list_and_delete(CLI::App& parent) {
  auto db = std::make_shared<std::string>();
  auto* list = parent.add_subcommand("list", "List saved scenarios");
  list->add_option("--db", *db, "Database file")->required();
  list->callback([db] {
    auto d = open_db(*db, false);
    auto all = d ? planning::list_scenarios(**d) : Result<std::vector<planning::Scenario>>(d.status());
    if (!all) throw CLI::RuntimeError(fail(all.status()));
    for (const auto& s : *all) fmt::print("{}\n", planning::to_json(s));
  });
  auto del_db = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto* del = parent.add_subcommand("delete", "Delete a saved scenario");
  del->add_option("--db", *del_db, "Database file")->required();
  del->add_option("--name", *name, "Scenario name")->required();
  del->callback([del_db, name] {
    auto d = open_db(*del_db, true);
    Status st = d ? planning::delete_scenario(**d, *name) : d.status();
    if (!st) throw CLI::RuntimeError(fail(st));
  });
}

void add_compare(CLI::App& parent) {
  auto a = std::make_shared<CompareArgs>();
  auto* c = parent.add_subcommand("compare", "Compare saved scenarios with the baseline, year by year");
  c->add_option("--db", a->db, "Database file (saved scenarios; the case record unless --from-903)")->required();
  c->add_option("--from-903", a->from_903, "SSDA903 folders to forecast from instead of the case record");
  c->add_option("--names", a->names, "Scenario names, comma-separated")->required();
  c->add_option("--reference", a->reference, "Reference period FROM..TO")->required();
  c->add_option("--horizon", a->horizon, "How far to project (36m, 3y; at most 5 years)")->capture_default_str();
  c->add_option("--costs", a->costs, "Weekly unit costs (JSON)");
  c->add_option("--out", a->out, "Comparison file")->required();
  c->add_option("--format", a->format, "csv, json or xlsx")->capture_default_str();
  c->callback([a] {
    int code = compare(*a);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace

void add_scenario_command(CLI::App& app) {
  auto* s = app.add_subcommand("scenario", "Saved transformation scenarios and their comparison with the baseline")->require_subcommand(1);
  add_save(*s);
  add_list_and_delete(*s);
  add_compare(*s);
}

}  // namespace kith::cli
