// Planning: the baseline forecast of children looked after from the case
// record (a fan chart and the same numbers as a table), the saved scenarios
// side by side and the workforce summary; GET /api/v1/planning/forecast
// gives the forecast as JSON. Aggregates only: no child is named.
//
// Who: team and locality managers, performance analysts and councillors.
// Practitioners, partners and administrators get a 403.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "casework/child_record.h"
#include "planning/forecast.h"
#include "planning/scenario.h"
#include "planning/workforce.h"
#include "web/app.h"
#include "web/responses.h"

namespace kith::web {
namespace {

using html::Html;
namespace pl = kith::planning;

constexpr int kHorizonMonths = 24;
constexpr int kRuns = 200;  // bands steady to a child or two, and quick enough to run on every request

bool may_plan(Role r) {
  return r == Role::kTeamManager || r == Role::kLocalityManager || r == Role::kPerformanceAnalyst || r == Role::kCouncillor;
}

struct MonthEnd {
  Date date;
  double expected = 0;
  pl::Band band;
};

struct Planning {
  pl::Period reference;
  double children_now = 0;
  std::vector<MonthEnd> months;
  std::vector<pl::ScenarioOutcome> scenarios;
  pl::WorkforceInput staff;
  pl::WorkforcePlan workforce;  // at the start and the horizon
};

std::vector<MonthEnd> month_ends_of(const pl::Forecast& f) {
  std::vector<MonthEnd> out;
  for (std::size_t i = 0; i < f.dates.size(); ++i)
    out.push_back({f.dates[i], pl::total(f.projection.on(f.dates[i])), f.simulation.bands[i][pl::kCareStates]});
  return out;
}

Status add_scenarios(store::Database& db, const pl::CleanEpisodes& e, const pl::Forecast& f, Planning& p) {
  auto saved = pl::list_scenarios(db);
  if (!saved) return saved.status();
  pl::Baseline base{f.rates, pl::mix_from(e, p.reference), f.start_stock, p.reference.to,
                    f.projection.last() - p.reference.to, pl::default_unit_costs()};
  for (const pl::Scenario& s : *saved) p.scenarios.push_back(pl::run_scenario(s, base));
  return Status::ok();
}

// Everything the page shows, computed afresh: a request reads the record once and runs kRuns simulations.
Result<Planning> load_planning(store::Database& db, bool with_scenarios_and_staff) {
  auto input = pl::read_case_record(db);
  if (!input) return input.status();
  pl::CleanEpisodes e = pl::clean_episodes(*input);
  auto reference = pl::default_reference(e);
  if (!reference) return reference.status();
  auto f = pl::run_forecast(e, {*reference, kHorizonMonths, pl::Estimator::kChildDays, {.runs = kRuns, .seed = 1}});
  if (!f) return f.status();
  Planning p{*reference, pl::total(f->start_stock), month_ends_of(*f), {}, {}, {}};
  if (!with_scenarios_and_staff) return p;
  KITH_RETURN_IF_ERROR(add_scenarios(db, e, *f, p));
  auto staff = pl::read_workforce(db, reference->to);
  if (!staff) return staff.status();
  p.staff = *staff;
  p.workforce = pl::plan_workforce(p.staff, f->projection, {reference->to, f->projection.last()}, pl::WorkforceNorms{}, std::nullopt);
  return p;
}

std::string whole(double v) { return fmt::format("{:.0f}", v); }

std::string pounds(double v) {
  std::string digits = fmt::format("{:.0f}", std::abs(v)), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < -0.5 ? "-£" : "£") + out;
}

std::string month_label(Date d) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{} {}", kMonths[d.month() - 1], d.year());
}

// A step of 1, 2 or 5 times a power of ten giving about five gridlines up to max.
double tick_step(double max) {
  double raw = std::max(max, 1.0) / 5, magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (raw <= m * magnitude) return m * magnitude;
  return 10 * magnitude;
}

struct ChartFrame {
  static constexpr double kWidth = 640, kHeight = 320, kLeft = 64, kRight = 16, kTop = 16, kBottom = 56;
  double top_value = 1;
  std::size_t points = 1;
  double x(std::size_t i) const {
    return points < 2 ? kLeft : kLeft + (kWidth - kLeft - kRight) * double(i) / double(points - 1);
  }
  double y(double v) const { return kTop + (kHeight - kTop - kBottom) * (1 - v / top_value); }
};

Html chart_axes(const ChartFrame& f, double step, const std::vector<MonthEnd>& months) {
  std::string out;
  for (double v = 0; v <= f.top_value + step / 2; v += step)
    out += fmt::format(R"(<line x1="{0}" x2="{1}" y1="{2:.1f}" y2="{2:.1f}" stroke="#b1b4b6" stroke-width="1"/>)"
                       R"(<text x="{3}" y="{4:.1f}" text-anchor="end" font-size="12" fill="#0b0c0c">{5}</text>)",
                       ChartFrame::kLeft, ChartFrame::kWidth - ChartFrame::kRight, f.y(v), ChartFrame::kLeft - 6, f.y(v) + 4,
                       html::escape(whole(v)));
  for (std::size_t i = 0; i < months.size(); i += 6)
    out += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle" font-size="12" fill="#0b0c0c">{}</text>)", f.x(i),
                       ChartFrame::kHeight - ChartFrame::kBottom + 18, html::escape(month_label(months[i].date)));
  out += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" font-size="14" fill="#0b0c0c">Month end</text>)"
                     R"svg(<text x="16" y="{}" text-anchor="middle" font-size="14" fill="#0b0c0c" transform="rotate(-90 16 {})">Children looked after</text>)svg",
                     (ChartFrame::kLeft + ChartFrame::kWidth) / 2, ChartFrame::kHeight - 12, ChartFrame::kHeight / 2 - 20,
                     ChartFrame::kHeight / 2 - 20);
  return Html::raw(out);
}

// The p10-p90 band as a polygon and the median as a line; numbers only, so nothing to escape.
Html chart_series(const ChartFrame& f, const std::vector<MonthEnd>& months) {
  std::string band, median;
  for (std::size_t i = 0; i < months.size(); ++i) {
    band += fmt::format("{:.1f},{:.1f} ", f.x(i), f.y(months[i].band.p90));
    median += fmt::format("{:.1f},{:.1f} ", f.x(i), f.y(months[i].band.p50));
  }
  for (std::size_t i = months.size(); i-- > 0;) band += fmt::format("{:.1f},{:.1f} ", f.x(i), f.y(months[i].band.p10));
  return Html::raw(fmt::format(R"(<polygon points="{}" fill="#1d70b8" fill-opacity="0.25"/>)"
                               R"(<polyline points="{}" fill="none" stroke="#1d70b8" stroke-width="3"/>)",
                               band, median));
}

Html fan_chart(const std::vector<MonthEnd>& months) {
  ChartFrame f;
  f.points = months.size();
  double max = 0;
  for (const MonthEnd& m : months) max = std::max(max, m.band.p90);
  double step = tick_step(max);
  f.top_value = step * std::max(1.0, std::ceil(max / step));
  const MonthEnd &first = months.front(), &last = months.back();
  std::string title = "Children looked after: forecast to " + last.date.display();
  std::string desc = fmt::format(
      "Median forecast from {} at the end of {} to {} at the end of {}. In 8 of 10 simulated futures the number at the end of {} is "
      "between {} and {}. The table below gives every month end.",
      whole(first.band.p50), month_label(first.date), whole(last.band.p50), month_label(last.date), month_label(last.date),
      whole(last.band.p10), whole(last.band.p90));
  Html svg = Html::raw(fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" role="img" )"
                                   R"(aria-labelledby="fan-title fan-desc" focusable="false"><title id="fan-title">{}</title>)"
                                   R"(<desc id="fan-desc">{}</desc>)",
                                   ChartFrame::kWidth, ChartFrame::kHeight, html::escape(title), html::escape(desc)));
  svg += chart_axes(f, step, months) + chart_series(f, months) + Html::raw("</svg>");
  return svg + html::paragraph("The shaded band holds 8 in 10 simulated futures (10th to 90th percentile); the line is the median.");
}

Html forecast_table(const std::vector<MonthEnd>& months) {
  html::Table t{.caption = "Children looked after at each month end (forecast)",
                .headers = {"Month end", "Lower (10th percentile)", "Median", "Upper (90th percentile)"},
                .numeric = {false, true, true, true},
                .id = "forecast"};
  for (const MonthEnd& m : months)
    t.rows.push_back({html::text(m.date.iso()), html::text(whole(m.band.p10)), html::text(whole(m.band.p50)), html::text(whole(m.band.p90))});
  return html::table(t);
}

Html scenarios_section(const Planning& p) {
  Html out = html::section_heading("Saved scenarios", "scenarios");
  if (p.scenarios.empty())
    return out + html::paragraph("No scenarios are saved yet. Analysts save them with kith scenario save.");
  double baseline_children = p.months.back().expected;
  html::Table t{.caption = "Scenarios compared with the baseline over " + std::to_string(kHorizonMonths) + " months",
                .headers = {"Scenario", "Children looked after at the horizon", "Spend", "Savings", "Reinvested", "Target met"},
                .numeric = {false, true, true, true, true, false},
                .id = "scenario-table"};
  for (const pl::ScenarioOutcome& o : p.scenarios) {
    double savings = 0, reinvested = 0;
    for (const pl::YearComparison& y : o.years) {
      savings += y.savings;
      reinvested += y.reinvested;
    }
    std::string target = !o.scenario.target ? "No target" : o.target_met ? o.target_met->display() : "Not within the horizon";
    t.rows.push_back({html::text(o.scenario.name), html::text(whole(pl::total(o.projection.stock.back()))), html::text(pounds(o.spend.total)),
                      html::text(pounds(savings)), html::text(pounds(reinvested)), html::text(target)});
  }
  return out + html::paragraph("The baseline has " + whole(baseline_children) + " children looked after at the horizon.") + html::table(t);
}

constexpr const char* kTeamLabels[] = {"Children in need", "Child protection", "Looked after", "Leaving care", "Early help"};

Html workforce_table(const Planning& p, bool suppress) {
  const pl::WorkforceMonth &now = p.workforce.months.front(), &later = p.workforce.months.back();
  html::Table t{.caption = "Case-holding staff against caseload norms",
                .headers = {"Team type", "Children now", "FTE needed now", "FTE needed on " + later.date.display(), "Permanent FTE", "Agency FTE"},
                .numeric = {false, true, true, true, true, true},
                .id = "workforce"};
  auto row = [&](std::string_view label, double children, double needed, double needed_later, double permanent, double agency) {
    t.rows.push_back({html::text(label), html::text(casework::published_count(int(std::lround(children)), suppress)),
                      html::text(fmt::format("{:.1f}", needed)), html::text(fmt::format("{:.1f}", needed_later)),
                      html::text(fmt::format("{:.1f}", permanent)), html::text(fmt::format("{:.1f}", agency))});
  };
  for (int k = 0; k < pl::kTeamTypes; ++k)
    row(kTeamLabels[k], now.children[k], now.needed[k], later.needed[k], now.permanent[k], now.agency[k]);
  row("All", pl::sum(now.children), pl::sum(now.needed), pl::sum(later.needed), pl::sum(now.permanent), pl::sum(now.agency));
  return html::table(t);
}

Html workforce_section(const Planning& p, bool suppress) {
  const pl::WorkforceNorms norms;
  const pl::StaffInPost& s = p.staff.staff;
  double permanent = pl::sum(s.permanent_fte), agency = pl::sum(s.agency_fte), vacancies = 0, needed = 0;
  const pl::WorkforceMonth& now = p.workforce.months.front();
  for (int k = 0; k < pl::kTeamTypes; ++k) {
    vacancies += std::max(0.0, now.needed[k] - now.permanent[k]);
    needed += now.needed[k];
  }
  auto share = [](double part, double whole) { return whole > 0 ? fmt::format("{:.0f}%", 100 * part / whole) : std::string("None"); };
  Html out = html::section_heading("Workforce", "workforce-summary");
  out += html::summary_list({
      {"Agency share of case-holding FTE", html::text(share(agency, permanent + agency))},
      {"Agency uplift a year", html::text(pounds(agency * norms.agency_uplift) + " (" + pounds(norms.agency_uplift) + " per agency FTE)")},
      {"Vacancies against caseload norms", html::text(fmt::format("{:.1f} FTE ({} of the need)", vacancies, share(vacancies, needed)))},
      {"Turnover of permanent staff, last 12 months",
       html::text(fmt::format("{} ({} leavers, average headcount {:.1f})", share(p.staff.turnover.leavers, p.staff.turnover.average_headcount),
                              p.staff.turnover.leavers, p.staff.turnover.average_headcount))},
  });
  out += workforce_table(p, suppress);
  return out + html::inset(fmt::format("Children per FTE: children in need {:g}, child protection {:g}, looked after {:g}, leaving care "
                                       "{:g}, early help {:g}. These are editable defaults (kith workforce --norms).",
                                       norms.children_per_fte[0], norms.children_per_fte[1], norms.children_per_fte[2],
                                       norms.children_per_fte[3], norms.children_per_fte[4]));
}

Response planning_page(Ctx& c) {
  if (!may_plan(c.viewer().role)) return error_page(403, &c.session);
  bool suppress = c.viewer().role == Role::kCouncillor;
  auto p = load_planning(c.db, true);
  Html main = html::heading("Planning", "Transformation planning");
  if (!p && p.status().code() != Status::Code::kInvalid) return failure_page(p.status(), &c.session);
  if (!p) return html_response(200, chrome_for(c.session, "Planning", "/planning"), main + html::inset(p.status().message()));
  main += html::paragraph(fmt::format("Forecast from the case record: rates over {} to {}, {} children looked after on {}, {} simulated futures.",
                                      p->reference.from.display(), p->reference.to.display(),
                                      casework::published_count(int(std::lround(p->children_now)), suppress), p->reference.to.display(), kRuns));
  main += html::section_heading("Children looked after: baseline forecast", "forecast-chart") + fan_chart(p->months) + forecast_table(p->months);
  main += scenarios_section(*p) + workforce_section(*p, suppress);
  return html_response(200, chrome_for(c.session, "Planning", "/planning"), main);
}

Response forecast_api(Ctx& c) {
  if (!may_plan(c.viewer().role)) return json_error(403, "Your role does not give you access to planning");
  auto p = load_planning(c.db, false);
  if (!p) return json_failure(p.status());
  nlohmann::json months = nlohmann::json::array();
  for (const MonthEnd& m : p->months)
    months.push_back({{"date", m.date.iso()}, {"children", m.expected}, {"p10", m.band.p10}, {"p50", m.band.p50}, {"p90", m.band.p90}});
  long n = std::lround(p->children_now);
  bool hidden = c.viewer().role == Role::kCouncillor && n >= 1 && n <= 5;  // published-style, as on the locality API
  nlohmann::json now = hidden ? nlohmann::json("c") : nlohmann::json(p->children_now);
  return json_response(200, {{"reference", {{"from", p->reference.from.iso()}, {"to", p->reference.to.iso()}}},
                             {"children_now", now},
                             {"runs", kRuns},
                             {"month_ends", months}});
}

}  // namespace

std::vector<Route> planning_routes() {
  return {
      {"GET", "/planning", signed_in_page(planning_page)},
      {"GET", "/api/v1/planning/forecast", signed_in_api(forecast_api)},
  };
}

}  // namespace kith::web
