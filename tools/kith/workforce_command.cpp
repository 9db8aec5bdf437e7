// kith workforce: case-holding staff needed at each month end from caseload
// norms and the demand forecast, staff in post, the agency uplift, vacancies
// and turnover, and what converting agency workers or recruiting saves.
#include <fmt/core.h>

#include <fstream>
#include <sstream>

#include "commands.h"
#include "planning/forecast.h"
#include "planning/workforce.h"

namespace kith::cli {
namespace {

struct WorkforceArgs {
  std::string db, norms, reference, horizon = "24m", from, out, format = "csv";
  double convert = 0, recruit = 0;
};

int fail(const Status& s) {
  fmt::print(stderr, "kith workforce: {}\n", s.message());
  return s.code() == Status::Code::kInvalid || s.code() == Status::Code::kNotFound ? kBadInput : kEnvironment;
}

Result<planning::WorkforceNorms> read_norms(const std::string& path) {
  if (path.empty()) return planning::WorkforceNorms{};
  std::ifstream f(path);
  if (!f) return Status::io(path + ": cannot be read");
  std::stringstream text;
  text << f.rdbuf();
  return planning::parse_norms(text.str());
}

Result<std::optional<planning::WorkforceChange>> read_change(const WorkforceArgs& a) {
  if (a.convert < 0 || a.recruit < 0) return Status::invalid("--convert and --recruit must not be negative");
  if (a.convert == 0 && a.recruit == 0) {
    if (!a.from.empty()) return Status::invalid("--from needs --convert N or --recruit N");
    return std::optional<planning::WorkforceChange>();
  }
  auto from = Date::parse_iso(a.from);
  if (!from) return Status::invalid("--convert and --recruit need --from DATE (YYYY-MM-DD)");
  return std::optional<planning::WorkforceChange>(planning::WorkforceChange{a.convert, a.recruit, *from});
}

// The reference period given, or the two years ending on the data's last day.
Result<planning::Period> reference_for(const WorkforceArgs& a, const planning::CleanEpisodes& e) {
  return a.reference.empty() ? planning::default_reference(e) : planning::parse_period(a.reference);
}

int run(const WorkforceArgs& a) {
  auto format = planning::parse_format(a.format);
  auto months = planning::parse_horizon(a.horizon);
  auto norms = read_norms(a.norms);
  auto change = read_change(a);
  for (const Status* s : {&format.status(), &months.status(), &norms.status(), &change.status()})
    if (!s->is_ok()) return fail(*s);
  auto db = store::Database::open(a.db, {.create = false, .read_only = true});
  if (!db) return fail(db.status());
  auto input = planning::read_case_record(**db);
  if (!input) return fail(input.status());
  planning::CleanEpisodes episodes = planning::clean_episodes(*input);
  auto reference = reference_for(a, episodes);
  if (!reference) return fail(reference.status());
  auto forecast = planning::run_forecast(episodes, {*reference, *months, planning::Estimator::kChildDays, {.runs = 0}});
  if (!forecast) return fail(forecast.status());
  auto staff = planning::read_workforce(**db, reference->to);
  if (!staff) return fail(staff.status());
  std::vector<Date> dates{reference->to};
  dates.insert(dates.end(), forecast->dates.begin(), forecast->dates.end());
  auto plan = planning::plan_workforce(*staff, forecast->projection, dates, *norms, *change);
  std::vector<planning::Table> tables{planning::workforce_table(plan), planning::uplift_table(plan),
                                      planning::staff_summary_table(*staff, *norms)};
  if (Status s = planning::write_tables(tables, a.out, *format); !s) return fail(s);
  double saved = 0;
  for (const auto& y : plan.years) saved += y.saved();
  fmt::print(stderr, "staff on {}: {:.1f} permanent FTE, {:.1f} agency FTE; uplift saved over the horizon: £{:.0f}; written to {}\n",
             reference->to.iso(), planning::sum(staff->staff.permanent_fte), planning::sum(staff->staff.agency_fte), saved, a.out);
  return kOk;
}

}  // namespace

void add_workforce_command(CLI::App& app) {
  auto a = std::make_shared<WorkforceArgs>();
  auto* c = app.add_subcommand("workforce", "Social workers needed from caseload norms and the forecast; agency uplift, vacancies, turnover");
  c->add_option("--db", a->db, "Case-record database")->required();
  c->add_option("--norms", a->norms, "Caseload norms and agency uplift (JSON); default: built-in editable defaults");
  c->add_option("--reference", a->reference, "Reference period for the care forecast, FROM..TO; default: the two years to the data's last day");
  c->add_option("--horizon", a->horizon, "How far to project: 24m or 2y, at most 5 years")->capture_default_str();
  c->add_option("--convert", a->convert, "Agency workers (FTE) made permanent from --from");
  c->add_option("--recruit", a->recruit, "New permanent workers (FTE) from --from");
  c->add_option("--from", a->from, "The day conversions and recruits start (YYYY-MM-DD)");
  c->add_option("--out", a->out, "Workforce file: date,team_type,children,needed_fte,permanent_fte,agency_fte,shortfall_fte")->required();
  c->add_option("--format", a->format, "csv, json or xlsx")->capture_default_str();
  c->callback([a] {
    int code = run(*a);
    if (code != kOk) throw CLI::RuntimeError(code);
  });
}

}  // namespace kith::cli
