// Dashboards and the transformation programme tracker: the director's key
// measures with trends and benchmark position, a locality's demand, caseloads
// and timeliness, the corporate parenting board's measures, and the programme
// with each milestone's measures against the live indicators.
//
// Every chart is an accessible SVG followed by its numbers in a table.
// Aggregates only, never a child or (for councillors) a worker: councillors
// see published figures (1-5 as "c", with secondary suppression across
// localities) through insight::publish.
//
// Who: director and corporate parenting dashboards and the programme:
// performance analysts and councillors (and locality managers for corporate
// parenting; locality and team managers for the programme). A locality's
// dashboard: analysts and councillors, and the managers of that locality.
// Editing a milestone's status, owner and due date: locality managers and
// performance analysts (may_edit_programme says why).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>

#include "casework/child_record.h"
#include "casework/record_version.h"
#include "insight/benchmarks.h"
#include "insight/programme.h"
#include "insight/publish.h"
#include "web/app.h"
#include "web/charts.h"
#include "web/forms.h"
#include "web/responses.h"
#include "web/views.h"

namespace kith::web {
namespace {

using html::Html;
namespace in = kith::insight;

constexpr int kQuarters = 8;  // two years of quarters: enough to see a trend and compare with a year earlier

bool analyst_or_councillor(Role r) { return r == Role::kPerformanceAnalyst || r == Role::kCouncillor; }
bool may_see_corporate_parenting(Role r) { return analyst_or_councillor(r) || r == Role::kLocalityManager; }
bool may_see_programme(Role r) { return may_see_corporate_parenting(r) || r == Role::kTeamManager; }
// A milestone's status is its owner's report. Locality managers are the senior managers who own
// milestones, and performance analysts keep the tracker (they load the programme, kith programme
// load), so both change status, owner and due date. Councillors scrutinise the programme and do not
// edit what they scrutinise; team managers read it; administrators (users and settings) do not see it.
bool may_edit_programme(Role r) { return r == Role::kLocalityManager || r == Role::kPerformanceAnalyst; }
bool may_see_locality(const access::Viewer& v, Id locality) {
  if (analyst_or_councillor(v.role)) return true;
  return (v.role == Role::kLocalityManager || v.role == Role::kTeamManager) && v.locality_id == locality;
}

std::string quarter_label(Date end) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{} {}", kMonths[end.month() - 1], end.year());
}

std::string format_value(in::Unit unit, double v) {
  switch (unit) {
    case in::Unit::kPercent:
    case in::Unit::kPer10k: return fmt::format("{:.1f}", v);
    case in::Unit::kRatio: return fmt::format("{:.2f}", v);
    case in::Unit::kCount:
    case in::Unit::kPounds: return fmt::format("{:.0f}", v);
  }
  return fmt::format("{}", v);
}

std::string unit_label(in::Unit unit, in::Quantity q) {
  if (q == in::Quantity::kCount) return "Children";
  switch (unit) {
    case in::Unit::kPercent: return "%";
    case in::Unit::kPer10k: return "Per 10,000 children";
    case in::Unit::kRatio: return "Ratio";
    case in::Unit::kPounds: return "Pounds";
    case in::Unit::kCount: return "Number";
  }
  return "";
}

const in::IndicatorDef* def_of(std::string_view id) {
  for (const auto& d : in::indicator_catalogue())
    if (d.id == id) return &d;
  return nullptr;
}

// What a dashboard reads: the record (loaded once per request), the last eight quarters, and,
// for councillors, the published (suppressed) rows of each quarter.
struct Board {
  in::CaseRecord record;
  in::IndicatorOptions options;
  std::unique_ptr<in::LiveIndicators> live;
  std::vector<in::Period> quarters;  // oldest first
  bool suppress = false;
  std::string slice = "All";
  std::map<std::string, std::vector<in::PublishedRow>> published;
};

Result<std::unique_ptr<Board>> load_board(store::Database& db, Date today, bool suppress, in::Slice by = in::Slice::kNone) {
  auto record = in::load_case_record(db);
  if (!record) return record.status();
  auto b = std::make_unique<Board>();
  b->record = std::move(*record);
  b->options.by = by;
  b->live = std::make_unique<in::LiveIndicators>(b->record, b->options);
  b->suppress = suppress;
  in::Period q = in::quarter_ending_by(today);
  for (int i = 0; i < kQuarters; ++i, q = in::quarter_ending_by(q.start.plus_days(-1))) b->quarters.insert(b->quarters.begin(), q);
  return b;
}

const in::PublishedRow* published_row(Board& b, const in::Period& p, std::string_view id) {
  auto it = b.published.find(p.label);
  if (it == b.published.end()) it = b.published.emplace(p.label, in::publish(b.live->rows(p))).first;
  for (const auto& r : it->second)
    if (r.def->id == id && r.slice_value == b.slice) return &r;
  return nullptr;
}

// One quarter's figure as charts and tables show it: exact for officers, published for councillors.
charts::Point point_for(Board& b, const in::Period& p, std::string_view id, in::Quantity q) {
  charts::Point out{quarter_label(p.end), std::nullopt, ""};
  const in::IndicatorRow* row = b.live->find(p, id, b.slice);
  if (!row) return out;
  if (b.suppress) {
    const in::PublishedRow* pub = published_row(b, p, id);
    if (!pub) return out;
    out.shown = q == in::Quantity::kCount ? pub->numerator : pub->value;
    if (!out.shown.empty() && out.shown != "c") out.value = in::quantity_of(*row, q);
    return out;
  }
  out.value = in::quantity_of(*row, q);
  if (out.value) out.shown = q == in::Quantity::kCount ? fmt::format("{:.0f}", *out.value) : format_value(row->def->unit, *out.value);
  return out;
}

charts::LineChart trend_chart(Board& b, const in::IndicatorDef& d, in::Quantity q, std::string id) {
  charts::LineChart c{.id = std::move(id),
                      .title = std::string(q == in::Quantity::kCount ? "Number of children: " : "") + std::string(d.label) + ", by quarter",
                      .y_label = unit_label(d.unit, q), .points = {}, .target_low = {}, .target_high = {}};
  for (const in::Period& p : b.quarters) c.points.push_back(point_for(b, p, d.id, q));
  return c;
}

// The council's published position (public DfE figures, so shown to everyone) for the latest year DfE has.
Html benchmark_sentence(const in::Benchmarks* benchmarks, const std::string& la_code, std::string_view id) {
  if (!benchmarks || la_code.empty()) return {};
  for (int year = 2025; year >= 2021; --year) {
    auto c = benchmarks->compare(id, la_code, year, in::NeighbourModel::k2025);
    if (!c || !c->council.value.number) continue;
    auto num = [](const std::optional<double>& v) { return v ? fmt::format("{:.1f}", *v) : std::string("not published"); };
    std::string s = fmt::format("Published by DfE for {} ({}): {}; England {}; statistical neighbours' average {}", c->la_name, year,
                                num(c->council.value.number), num(c->england), num(c->neighbours_mean));
    if (c->rank) s += fmt::format("; rank {} of {} councils (1 is best)", *c->rank, c->ranked);
    if (c->quartile) s += fmt::format(", quartile {}", *c->quartile);
    return html::paragraph(s + ".");
  }
  return {};
}

// A measure's section: latest value, a year earlier, the benchmark position, the chart and its table.
Html measure_section(Board& b, std::string_view id, in::Quantity q = in::Quantity::kValue, const Html& extra = {}) {
  const in::IndicatorDef* d = def_of(id);
  if (!d) return {};
  std::string chart_id = std::string(id) + (q == in::Quantity::kCount ? "-count" : "");
  std::replace(chart_id.begin(), chart_id.end(), '_', '-');
  charts::LineChart c = trend_chart(b, *d, q, chart_id);
  const charts::Point &now = c.points.back(), &year_ago = c.points[c.points.size() - 5];
  std::string heading = std::string(q == in::Quantity::kCount ? "Number of children: " : "") + std::string(d->label);
  Html out = Html::raw("<h3 class=\"govuk-heading-s\">") + html::text(heading) + Html::raw("</h3>");
  out += html::paragraph(fmt::format("Quarter to {}: {}. A year earlier: {}.", b.quarters.back().end.display(),
                                     now.shown.empty() ? "not available" : now.shown, year_ago.shown.empty() ? "not available" : year_ago.shown));
  out += extra + charts::line_chart(c) + charts::data_table(c, unit_label(d->unit, q));
  return out;
}

const in::Benchmarks* shared_benchmarks(const App& app) {
  static std::once_flag once;
  static std::unique_ptr<in::Benchmarks> loaded;
  std::call_once(once, [&] {
    const char* env = std::getenv("KITH_DATA_DIR");
    std::string dir = env ? env : app.options().assets_dir.empty() ? "" : app.options().assets_dir + "/../data";
    if (dir.empty() || !std::filesystem::exists(dir + "/dfe")) return;
    auto b = in::Benchmarks::load(dir);
    if (b) loaded = std::make_unique<in::Benchmarks>(std::move(*b));
  });
  return loaded.get();
}

std::string council_code(store::Database& db) {
  std::string code;
  (void)db.run("SELECT la_code FROM council ORDER BY id LIMIT 1", {}, [&](const store::Statement& s) { code = s.text(0); });
  return code;
}

Html suppression_note(bool suppress) {
  return suppress ? html::inset("Numbers from 1 to 5, and figures worked out from them, are shown as c so that no child can be identified.")
                  : Html{};
}

Html dashboard_links(const access::Viewer& v) {
  Html items;
  auto item = [&](std::string_view href, std::string_view label) { items += Html::raw("<li>") + html::link(href, label) + Html::raw("</li>"); };
  if (analyst_or_councillor(v.role)) item("/dashboards/director", "Director's dashboard");
  if (v.locality_id && may_see_locality(v, *v.locality_id)) item("/dashboards/locality/" + std::to_string(*v.locality_id), "My locality's dashboard");
  if (may_see_corporate_parenting(v.role)) item("/dashboards/corporate-parenting", "Corporate parenting");
  if (may_see_programme(v.role)) item("/programme", "Transformation programme");
  return Html::raw("<nav aria-label=\"Dashboards\"><ul class=\"govuk-list\">") + items + Html::raw("</ul></nav>");
}

Response dashboard_response(Ctx& c, const std::string& title, const std::string& caption, const Html& body) {
  Html main = html::heading(title, caption) + dashboard_links(c.viewer()) + body;
  return html_response(200, chrome_for(c.session, title, c.req.path), main);
}

Response director_page(Ctx& c) {
  if (!analyst_or_councillor(c.viewer().role)) return error_page(403, &c.session);
  bool suppress = c.viewer().role == Role::kCouncillor;
  auto b = load_board(c.db, c.app.today(), suppress);
  if (!b) return failure_page(b.status(), &c.session);
  const in::Benchmarks* bench = shared_benchmarks(c.app);
  std::string la = council_code(c.db);
  Html body = html::paragraph(fmt::format("Key measures for the council, computed from the case record for each financial quarter to {}. "
                                          "Rates per 10,000 and flows are for the quarter, not annualised; \"during the year\" measures use "
                                          "the 12 months to the quarter's end.",
                                          (*b)->quarters.back().end.display())) +
              suppression_note(suppress);
  body += html::section_heading("Children in care", "care") + measure_section(**b, "cla_per_10k", in::Quantity::kCount) +
          measure_section(**b, "cla_per_10k", in::Quantity::kValue, benchmark_sentence(bench, la, "cla_per_10k")) +
          measure_section(**b, "cla_3plus_placements_pct", in::Quantity::kValue, benchmark_sentence(bench, la, "cla_3plus_placements_pct"));
  body += html::section_heading("Demand and practice", "demand") + measure_section(**b, "referrals_per_10k") +
          measure_section(**b, "re_referrals_pct", in::Quantity::kValue, benchmark_sentence(bench, la, "re_referrals_pct")) +
          measure_section(**b, "cp_plans_per_10k") + measure_section(**b, "assessments_45wd_pct");
  body += html::section_heading("Workforce", "workforce") +
          measure_section(**b, "caseload_per_fte", in::Quantity::kValue, benchmark_sentence(bench, la, "caseload_per_fte")) +
          measure_section(**b, "agency_rate_pct", in::Quantity::kValue, benchmark_sentence(bench, la, "agency_rate_pct"));
  return dashboard_response(c, "Director's dashboard", "Dashboards", body);
}

Response corporate_parenting_page(Ctx& c) {
  if (!may_see_corporate_parenting(c.viewer().role)) return error_page(403, &c.session);
  bool suppress = c.viewer().role == Role::kCouncillor;
  auto b = load_board(c.db, c.app.today(), suppress);
  if (!b) return failure_page(b.status(), &c.session);
  Board& board = **b;
  Html body = html::paragraph("The council's duties as corporate parent: the health, education and stability of the children it looks "
                              "after, and how its care leavers are doing. Health checks follow DfE's cohort: children looked after on "
                              "the quarter's last day who had been looked after for at least 12 months.") +
              suppression_note(suppress);
  body += html::section_heading("Health", "health");
  for (const char* id : {"cla_health_assessment_pct", "cla_dental_check_pct", "cla_immunisations_pct", "cla_development_assessment_pct",
                         "cla_gp_registered_pct", "cla_dentist_registered_pct"})
    body += measure_section(board, id);
  body += html::section_heading("Education", "education") + measure_section(board, "cla_ehcp_pct") + measure_section(board, "care_leavers_eet_pct");
  body += html::section_heading("Placement stability", "stability");
  for (const char* id : {"cla_3plus_placements_pct", "cla_long_term_stability_pct", "cla_3plus_social_workers_pct"}) body += measure_section(board, id);
  body += html::section_heading("Care leavers", "care-leavers");
  for (const char* id : {"care_leavers_in_touch_pct", "care_leavers_suitable_accommodation_pct"}) body += measure_section(board, id);
  return dashboard_response(c, "Corporate parenting", "Dashboards", body);
}

Html caseload_table(const casework::LocalityOverview& o) {
  bool names = !o.aggregates_only;
  html::Table t{.caption = names ? "Caseloads today" : "Caseloads today (workers not named)",
                .headers = {"Team", "Contract", "FTE", "Children"},
                .numeric = {false, false, true, true},
                .id = "caseloads"};
  if (names) {
    t.headers.insert(t.headers.begin(), "Worker");
    t.numeric.insert(t.numeric.begin(), false);
  }
  for (const casework::WorkerCaseload& w : o.caseloads) {
    std::vector<Html> row;
    if (names) row.push_back(html::text(w.name));
    for (const std::string& cell : {w.team, w.contract, fmt::format("{:.1f}", w.fte), casework::published_count(w.children, o.aggregates_only)})
      row.push_back(html::text(cell));
    t.rows.push_back(std::move(row));
  }
  return t.rows.empty() ? html::paragraph("No council workers are in this locality's teams.") : html::table(t);
}

Response locality_dashboard_page(Ctx& c) {
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  if (!may_see_locality(c.viewer(), *id)) return error_page(403, &c.session);
  auto overview = casework::locality_overview(c.db, c.viewer(), *id, c.app.today());  // 404 for an unknown locality
  if (!overview) return failure_page(overview.status(), &c.session);
  bool suppress = c.viewer().role == Role::kCouncillor;
  auto b = load_board(c.db, c.app.today(), suppress, in::Slice::kLocality);
  if (!b) return failure_page(b.status(), &c.session);
  Board& board = **b;
  board.slice = overview->locality.name;
  Html body = html::paragraph("Children are counted in the locality of their home address; workers in their team's locality. Rates use "
                              "the locality's own children.") +
              suppression_note(suppress);
  body += html::section_heading("Demand", "demand");
  for (const char* m : {"contacts", "referrals_per_10k", "cin_per_10k", "cp_plans_per_10k", "cla_per_10k"}) body += measure_section(board, m);
  body += html::section_heading("Timeliness", "timeliness") + measure_section(board, "assessments_45wd_pct") + measure_section(board, "icpc_15wd_pct");
  body += html::section_heading("Caseloads", "caseloads-section") + measure_section(board, "caseload_per_fte") + caseload_table(*overview);
  return dashboard_response(c, overview->locality.name + ": locality dashboard", "Dashboards", body);
}

// --- The programme tracker ---

html::Colour status_colour(in::MilestoneStatus s) {
  switch (s) {
    case in::MilestoneStatus::kDone: return html::Colour::kGreen;
    case in::MilestoneStatus::kOnTrack: return html::Colour::kBlue;
    case in::MilestoneStatus::kAtRisk: return html::Colour::kOrange;
    case in::MilestoneStatus::kOffTrack: return html::Colour::kRed;
    case in::MilestoneStatus::kNotStarted: return html::Colour::kGrey;
  }
  return html::Colour::kGrey;
}

html::Colour verdict_colour(in::Verdict v) {
  return v == in::Verdict::kMet ? html::Colour::kGreen : v == in::Verdict::kOnTrack ? html::Colour::kBlue
                                                     : v == in::Verdict::kOffTrack ? html::Colour::kRed : html::Colour::kGrey;
}

struct MeasureView {
  const in::MilestoneMeasure& m;
  in::Progress progress;
  charts::Point baseline, current;  // as shown: "c" for councillors when suppressed
};

// Targets scaled to a live baseline are rarely whole numbers of children: one decimal then.
std::string target_number(in::Unit unit, double v) {
  return unit == in::Unit::kCount && std::abs(v - std::round(v)) > 1e-9 ? fmt::format("{:.1f}", v) : format_value(unit, v);
}

std::string target_text(const in::Target& t, in::Direction d, in::Unit unit) {
  if (t.high) return target_number(unit, t.low) + " to " + target_number(unit, *t.high);
  return std::string(d == in::Direction::kDown ? "At most " : d == in::Direction::kUp ? "At least " : "") + target_number(unit, t.low);
}

// A target scaled to a suppressed baseline would give the baseline away.
bool target_hidden(const MeasureView& v) { return v.m.reference_baseline && (v.baseline.shown == "c" || v.baseline.shown.empty()); }

Html measures_table(Board& b, const std::vector<MeasureView>& views, const std::string& id) {
  html::Table t{.caption = "Measures against their targets",
                .headers = {"Measure", "Baseline", "Now", "Target", "By", "Distance to target", "Projected by the trend", "Verdict"},
                .numeric = {false, true, true, true, false, true, true, false},
                .id = id};
  for (const MeasureView& v : views) {
    const in::IndicatorDef* d = v.progress.def;
    in::Unit unit = v.m.quantity == in::Quantity::kCount ? in::Unit::kCount : d->unit;
    bool hidden = v.current.shown == "c";
    auto shown = [&](const std::optional<double>& x) { return hidden ? std::string("c") : x ? format_value(unit, *x) : std::string("Not available"); };
    std::string label = std::string(d->label) + (v.m.quantity == in::Quantity::kCount ? " (number of children)" : "");
    t.rows.push_back({html::text(label),
                      html::text((v.baseline.shown.empty() ? "Not available" : v.baseline.shown) + " (" + quarter_label(v.progress.baseline_period.end) + ")"),
                      html::text((v.current.shown.empty() ? "Not available" : v.current.shown) + " (" + quarter_label(v.progress.current_period.end) + ")"),
                      html::text(target_hidden(v) ? std::string("c") : target_text(v.progress.target, v.m.direction, unit)),
                      html::text(v.m.target_date.display()),
                      html::text(shown(v.progress.distance)), html::text(shown(v.progress.projected)),
                      hidden ? html::text("c") : html::tag(in::verdict_label(v.progress.verdict), verdict_colour(v.progress.verdict))});
  }
  (void)b;
  return html::table(t);
}

Html measure_chart(Board& b, const MeasureView& v) {
  const in::IndicatorDef* d = v.progress.def;
  charts::LineChart c = trend_chart(b, *d, v.m.quantity, "measure-" + std::to_string(v.m.id));
  if (!target_hidden(v)) {
    c.target_low = v.progress.target.low;
    c.target_high = v.progress.target.high;
  }
  std::string note = v.m.reference_baseline
                         ? fmt::format("The target was set as {} against a baseline of {:.0f}; it is scaled to the live baseline.",
                                       target_text(v.m.target, v.m.direction, d->unit), *v.m.reference_baseline)
                         : std::string();
  return (note.empty() ? Html{} : html::paragraph(note)) + charts::line_chart(c) + charts::data_table(c, unit_label(d->unit, v.m.quantity));
}

Html milestone_section(Board& b, const in::Milestone& m, Date today, bool editable) {
  Html out = Html::raw(fmt::format("<h4 class=\"govuk-heading-s\" id=\"milestone-{}-heading\">", m.id)) + html::text(m.title) + Html::raw("</h4>");
  out += html::summary_list({{"Owner", html::text(m.owner_name.empty() ? m.owner_role : m.owner_name + ", " + m.owner_role)},
                             {"Due", html::text(m.due.display())},
                             {"Status (owner's report)", html::tag(in::status_label(m.status), status_colour(m.status))}});
  if (editable)
    out += html::paragraph(html::link(fmt::format("/programme/milestones/{}/edit", m.id), "Update the status, owner or due date of " + m.title));
  if (m.measures.empty()) return out + html::paragraph("No measures are attached to this milestone.");
  std::vector<MeasureView> views;
  for (const in::MilestoneMeasure& x : m.measures) {
    in::Progress p = in::progress_of(x, *b.live, today);
    if (!p.def) continue;
    views.push_back({x, p, point_for(b, p.baseline_period, x.indicator, x.quantity), point_for(b, p.current_period, x.indicator, x.quantity)});
  }
  out += measures_table(b, views, "milestone-" + std::to_string(m.id));
  for (const MeasureView& v : views) out += measure_chart(b, v);
  return out;
}

Response programme_page(Ctx& c) {
  if (!may_see_programme(c.viewer().role)) return error_page(403, &c.session);
  auto programmes = in::load_programmes(c.db);
  if (!programmes) return failure_page(programmes.status(), &c.session);
  bool suppress = c.viewer().role == Role::kCouncillor;
  Html body;
  if (programmes->empty()) {
    body += html::paragraph("No transformation programme is loaded. Analysts load one with kith programme load (see data/programme).");
    return dashboard_response(c, "Transformation programme", "Programme tracker", body);
  }
  auto b = load_board(c.db, c.app.today(), suppress);
  if (!b) return failure_page(b.status(), &c.session);
  if (auto saved = parse_id(c.req.param("saved")))
    if (auto m = in::load_milestone(c.db, *saved))
      body += html::notification("Success", "The milestone \"" + m->milestone.title + "\" was saved.", true);
  body += html::paragraph("Each milestone's measures against the live indicators. Baselines are computed from the case record for the "
                          "quarter ending on the baseline date. A measure is on track when the straight line through its last eight "
                          "quarters reaches the target by the target date.") +
          suppression_note(suppress);
  for (const in::Programme& p : *programmes) {
    body += html::section_heading(p.name, "programme-" + std::to_string(p.id)) + html::paragraph(p.description);
    if (!p.source.empty()) body += html::paragraph("Source: " + p.source);
    for (const in::Phase& ph : p.phases) {
      std::string dates = ph.start && ph.end ? ph.start->display() + " to " + ph.end->display() : "";
      body += Html::raw("<h3 class=\"govuk-heading-m\">") + html::text(ph.name) + Html::raw("</h3>");
      if (!dates.empty()) body += html::paragraph(dates);
      for (const in::Milestone& m : ph.milestones) body += milestone_section(**b, m, c.app.today(), may_edit_programme(c.viewer().role));
    }
  }
  return dashboard_response(c, "Transformation programme", "Programme tracker", body);
}

// --- Editing a milestone: status, owner and due date, with the version check ---

struct MilestoneFields {
  std::string status, owner_role, owner_name, due;
};

MilestoneFields fields_of(const in::Milestone& m) { return {std::string(in::status_name(m.status)), m.owner_role, m.owner_name, m.due.iso()}; }

MilestoneFields fields_from(const Request& r) { return {r.param("status"), r.param("owner_role"), r.param("owner_name"), r.param("due")}; }

std::vector<html::SummaryRow> milestone_rows(const in::Milestone& m) {
  return {{"Status", html::tag(in::status_label(m.status), status_colour(m.status))},
          {"Owner's role", html::text(m.owner_role)},
          {"Owner's name", html::text(m.owner_name.empty() ? "Not recorded" : m.owner_name)},
          {"Due", html::text(m.due.display())}};
}

std::vector<forms::Option> status_options() {
  std::vector<forms::Option> out;
  for (auto s : {in::MilestoneStatus::kNotStarted, in::MilestoneStatus::kOnTrack, in::MilestoneStatus::kAtRisk, in::MilestoneStatus::kOffTrack,
                 in::MilestoneStatus::kDone})
    out.push_back({std::string(in::status_name(s)), std::string(in::status_label(s))});
  return out;
}

// The form, fresh (200), after a mistake (400, errors) or after a conflict (409: the panel with their
// version above the fields, which keep what the person typed). `seen` is the version the save will name.
Response milestone_form(Ctx& c, int status, const in::MilestonePlace& place, const MilestoneFields& f, const forms::Errors& e,
                        const Html& conflict, const casework::SeenVersion& seen) {
  const in::Milestone& m = place.milestone;
  std::string action = fmt::format("/programme/milestones/{}", m.id);
  Html main = (conflict.empty() ? html::error_summary(e) : conflict) + html::heading(m.title, place.programme + ": " + place.phase);
  Html form = forms::form_start(action, c.session.csrf_token) + forms::version_field(seen);
  form += forms::radios("status", "Status (the owner's report)", status_options(), f.status, e);
  form += forms::input("owner_role", "Owner's role", f.owner_role, e, "For example, Head of Early Help");
  form += forms::input("owner_name", "Owner's name (optional)", f.owner_name, e);
  form += forms::input("due", "Due date", f.due, e, "For example, 2026-03-31", "10", "date");
  main += form + forms::form_end("Save milestone");
  main += html::paragraph(html::link(fmt::format("/programme#milestone-{}-heading", m.id), "Back to the programme"));
  forms::Errors for_title = conflict.empty() ? e : forms::Errors{forms::conflict_error()};
  return html_response(status, chrome_for(c.session, forms::title_with(for_title, "Update a milestone – Programme tracker"), "/programme"), main);
}

Response not_programme_editor(Ctx& c) {
  return error_page(403, &c.session, "Only locality managers and performance analysts update the programme's milestones.");
}

store::WriteContext programme_write_ctx(Ctx& c) { return {c.app.audit(), c.viewer().username, "programme tracker: milestone updated"}; }

// GET /programme/milestones/{id}/edit
Response edit_milestone_page(Ctx& c) {
  if (!may_edit_programme(c.viewer().role)) return not_programme_editor(c);
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  auto place = in::load_milestone(c.db, *id);
  if (!place) return failure_page(place.status(), &c.session);
  return milestone_form(c, 200, *place, fields_of(place->milestone), {}, {}, {*id, place->milestone.version});
}

// POST /programme/milestones/{id}
Response save_milestone(Ctx& c) {
  if (!may_edit_programme(c.viewer().role)) return not_programme_editor(c);
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  auto place = in::load_milestone(c.db, *id);
  if (!place) return failure_page(place.status(), &c.session);
  MilestoneFields f = fields_from(c.req);
  // A missing version, or another milestone's, is version 0, which never matches: a conflict, nothing saved.
  auto posted = forms::posted_version(c.req.param("version"));
  casework::SeenVersion seen = posted && posted->id == *id ? *posted : casework::SeenVersion{*id, 0};
  auto edit = in::parse_milestone_edit(f.status, f.owner_role, f.owner_name, f.due);
  if (!edit) return milestone_form(c, 400, *place, f, {forms::field_error_from(edit.status().message(), "status")}, {}, seen);
  Status saved = in::edit_milestone(c.db, programme_write_ctx(c), *id, *edit, seen.version);
  if (saved.code() == Status::Code::kConflict) {
    // Their version is the milestone as saved now; the form names it, so saving again replaces it knowingly.
    auto theirs = in::load_milestone(c.db, *id);
    if (!theirs) return failure_page(theirs.status(), &c.session);
    return milestone_form(c, 409, *theirs, f, {}, forms::conflict_panel(milestone_rows(theirs->milestone)), {*id, theirs->milestone.version});
  }
  if (!saved) return failure_page(saved, &c.session);
  return Response::redirect(fmt::format("/programme?saved={}#milestone-{}-heading", *id, *id));
}

}  // namespace

std::vector<Route> dashboard_routes() {
  return {
      {"GET", "/dashboards/director", signed_in_page(director_page)},
      {"GET", "/dashboards/corporate-parenting", signed_in_page(corporate_parenting_page)},
      {"GET", R"(/dashboards/locality/(\d+))", signed_in_page(locality_dashboard_page)},
      {"GET", "/programme", signed_in_page(programme_page)},
      {"GET", R"(/programme/milestones/(\d+)/edit)", signed_in_page(edit_milestone_page)},
      {"POST", R"(/programme/milestones/(\d+))", signed_in_page(save_milestone)},
  };
}

}  // namespace kith::web
