#include "report/quarterly_report.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "insight/publish.h"
#include "insight/suppression.h"

namespace kith::report {
namespace {

using insight::IndicatorRow;
using insight::Period;
using insight::PublishedRow;

// The engine's slice value for children without a home locality (insight context.cpp).
constexpr const char* kNoLocality = "No locality";

// The stages councillors asked for (minutes: "user numbers ... in the quarterly report
// produced for Cabinet"), with the engine indicator whose numerator counts them.
struct Stage {
  const char* id;
  const char* label;
  const char* indicator;  // "" when counted here (early help, care leavers)
  bool at_end;
};
const Stage kStages[] = {
    {"contacts", "Contacts received", "contacts", false},
    {"referrals", "Referrals", "referrals_per_10k", false},
    {"early_help", "Children in families receiving early help", "", true},
    {"cin", "Children in need (including CP and CLA)", "cin_per_10k", true},
    {"cp", "Children on a child protection plan", "cp_plans_per_10k", true},
    {"cla", "Children looked after", "cla_per_10k", true},
    {"care_leavers", "Care leavers aged 18 to 21", "", true},
};

bool is_child(const insight::ChildRow& c, Date day) {
  bool alive = !c.death || *c.death > day;
  return alive && c.birth && *c.birth <= day && day.years_since(*c.birth) < 18;
}

std::string locality_of(const insight::CaseRecord& r, const insight::ChildRow& c) {
  auto it = c.locality ? r.localities.find(*c.locality) : r.localities.end();
  return it == r.localities.end() ? kNoLocality : it->second;
}

// Children 0-17 whose family (their latest family membership) has early help open on the day.
std::map<std::string, std::int64_t> early_help_children(const insight::CaseRecord& r, Date day) {
  std::set<Id> families;
  for (const auto& e : r.early_help)
    if (e.start <= day && (!e.end || *e.end > day)) families.insert(e.family);
  std::map<std::string, std::int64_t> out;
  for (const auto& [id, c] : r.people)
    if (c.family && families.count(*c.family) && is_child(c, day)) ++out[locality_of(r, c)];
  return out;
}

// Care leavers aged 18 to 21 on the day (the ages the leaving care duties of the
// Children (Leaving Care) Act 2000 cover without a request to 25), alive.
std::map<std::string, std::int64_t> care_leavers(const insight::CaseRecord& r, const std::vector<Id>& ids, Date day) {
  std::map<std::string, std::int64_t> out;
  for (Id id : std::set<Id>(ids.begin(), ids.end())) {
    auto it = r.people.find(id);
    if (it == r.people.end() || !it->second.birth || (it->second.death && *it->second.death <= day)) continue;
    int age = day.years_since(*it->second.birth);
    if (age >= 18 && age <= 21) ++out[locality_of(r, it->second)];
  }
  return out;
}

// One quarter, published: the engine's rows sliced by locality, and the two stages counted here.
struct PublishedQuarter {
  Period period;
  std::vector<PublishedRow> rows;      // sliced by locality: the user numbers' table
  std::vector<PublishedRow> headline;  // the "All" rows alone, suppressed on their own
  std::map<std::string, insight::SuppressedTable> own;  // early_help, care_leavers
  std::vector<std::string> own_order;                   // part names of `own` tables
};

const PublishedRow* find(const std::vector<PublishedRow>& rows, std::string_view id, std::string_view slice) {
  for (const auto& r : rows)
    if (r.def->id == id && r.slice_value == slice) return &r;
  return nullptr;
}

PublishedQuarter publish_quarter(const insight::CaseRecord& record, const Period& q, const std::vector<std::string>& localities,
                                 const ReportInputs& in) {
  PublishedQuarter out{q, {}, {}, {}, localities};
  insight::IndicatorOptions options;
  options.by = insight::Slice::kLocality;
  // Suppressed over the locality table, so the "All" figures and the locality
  // columns are cells of one published table and cannot be differenced.
  auto computed = insight::compute_indicators(record, q, options, nullptr);
  out.rows = insight::publish(computed);
  // Measures whose locality cells the report never shows are published from their "All"
  // row alone: secondary suppression over localities would hide a headline with nothing to
  // protect (three localities of 3 would hide a total of 9).
  std::erase_if(computed, [](const IndicatorRow& r) { return r.slice_value != "All"; });
  out.headline = insight::publish(computed);
  auto table = [&](const std::map<std::string, std::int64_t>& counts) {
    std::vector<std::int64_t> parts;
    std::int64_t total = 0;
    for (const auto& l : localities) {
      auto it = counts.find(l);
      parts.push_back(it == counts.end() ? 0 : it->second);
      total += parts.back();
    }
    return insight::suppress(parts, total);
  };
  out.own["early_help"] = table(early_help_children(record, q.end));
  out.own["care_leavers"] = table(care_leavers(record, in.care_leavers, q.end));
  return out;
}

// A quarter's Period from its first day.
Period quarter_from(Date start) {
  int fy = start.month() >= 4 ? start.year() : start.year() - 1;
  int q = int((start.month() + 8) % 12) / 3 + 1;  // April -> 1 ... January -> 4
  return *insight::parse_period(fmt::format("{}Q{}", fy, q));
}

UserNumber user_number(const Stage& s, const std::vector<PublishedQuarter>& quarters, const std::vector<std::string>& localities) {
  UserNumber u{s.id, s.label, s.at_end, {}, {}, {}};
  auto total_in = [&](const PublishedQuarter& q) -> std::string {
    if (!*s.indicator) return q.own.at(s.id).total;
    const PublishedRow* all = find(q.rows, s.indicator, "All");
    return all ? all->numerator : "";
  };
  for (const auto& q : quarters) u.trend.push_back({quarter_label(q.period), total_in(q)});
  const auto& now = quarters.back();
  u.total = total_in(now);
  for (std::size_t i = 0; i < localities.size(); ++i) {
    if (!*s.indicator) {
      u.by_locality.push_back(now.own.at(s.id).parts[i]);
    } else {
      const PublishedRow* r = find(now.rows, s.indicator, localities[i]);
      u.by_locality.push_back(r ? r->numerator : "0");  // no row: nobody in that locality
    }
  }
  return u;
}

int decimals_for(insight::Unit u) {
  return u == insight::Unit::kRatio ? 2 : (u == insight::Unit::kPer10k || u == insight::Unit::kPercent) ? 1 : 0;
}

std::string ees_text(const insight::EesValue& v, int decimals) {
  if (v.number) return fmt::format("{:.{}f}", *v.number, decimals);
  return v.missing == insight::Missing::kSuppressed ? "c" : "";
}

// Neutral measures (e.g. the CLA rate) are ranked lowest first with no best or worst.
std::string ordinal_quartile(int q, insight::Polarity p) {
  bool judged = p != insight::Polarity::kNeutral;
  switch (q) {
    case 1: return judged ? "1st (best)" : "1st (lowest)";
    case 2: return "2nd";
    case 3: return "3rd";
    default: return judged ? "4th (worst)" : "4th (highest)";
  }
}

BenchmarkPosition benchmark(const insight::IndicatorDef& def, const Period& quarter, const ReportInputs& in) {
  BenchmarkPosition b;
  const auto& measures = insight::benchmark_measures();
  auto m = std::find_if(measures.begin(), measures.end(), [&](const auto& bm) { return bm.indicator == def.id; });
  if (!in.benchmarks) {
    b.note = "Benchmarks not loaded";
    return b;
  }
  if (m == measures.end()) {
    b.note = "DfE publishes no comparable council figure";
    return b;
  }
  // The latest year DfE has published, looking back from the quarter's own year.
  for (int tp = quarter.dfe_time_period(); tp >= quarter.dfe_time_period() - 4; --tp) {
    auto c = in.benchmarks->compare(def.id, in.la_code, tp, insight::NeighbourModel::k2025);
    if (!c) continue;
    int d = decimals_for(def.unit);
    b.time_period = tp;
    b.source = std::string(m->source);
    b.council = ees_text(c->council.value, d);
    if (c->neighbours_mean) b.neighbours_mean = fmt::format("{:.{}f}", *c->neighbours_mean, d);
    if (c->england) b.england = fmt::format("{:.{}f}", *c->england, d);
    if (c->rank) b.rank = fmt::format("{} of {}", *c->rank, c->ranked);
    if (c->quartile) b.quartile = ordinal_quartile(*c->quartile, def.polarity);
    return b;
  }
  b.note = "No published figure for council " + in.la_code;
  return b;
}

// A measure counting the same children as a stage of the user numbers is that table's cell
// (so it cannot be shown in one place and hidden in the other); the others stand alone.
bool is_stage(std::string_view id) {
  for (const auto& s : kStages)
    if (s.indicator == id) return true;
  return false;
}

// Measures whose denominator is a stage's total: hidden with it.
std::string_view denominator_stage(std::string_view id) {
  if (id == "re_referrals_pct") return "referrals_per_10k";
  if (id == "cla_3plus_placements_pct") return "cla_per_10k";
  return "";
}

PublishedRow published_measure(const insight::IndicatorDef& def, const PublishedQuarter& q) {
  const PublishedRow* row = find(is_stage(def.id) ? q.rows : q.headline, def.id, "All");
  if (!row) return {&def, "All", "", "", "", ""};
  PublishedRow out = *row;
  if (auto stage = denominator_stage(def.id); !stage.empty())
    if (const PublishedRow* total = find(q.rows, stage, "All"); total && total->numerator == "c") {
      out.denominator = "c";
      if (!out.value.empty()) out.value = "c";
    }
  return out;
}

Measure measure(const insight::IndicatorDef& def, const std::vector<PublishedQuarter>& quarters, const Period& quarter, const ReportInputs& in) {
  Measure m;
  m.def = &def;
  for (const auto& q : quarters) m.trend.push_back({quarter_label(q.period), published_measure(def, q).value});
  {
    PublishedRow row = published_measure(def, quarters.back());
    const PublishedRow* now = &row;
    m.value = now->value;
    // Workforce FTE and money are not counts of children; the report shows their value only.
    if (def.counts_children) {
      m.numerator = now->numerator;
      m.denominator = now->denominator;
    }
  }
  m.benchmark = benchmark(def, quarter, in);
  if (auto t = in.targets.find(std::string(def.id)); t != in.targets.end()) m.target = t->second;
  m.rag = rate(m.value, m.target);
  if (auto c = in.commentary.find(std::string(def.id)); c != in.commentary.end()) m.commentary = c->second;
  return m;
}

const insight::IndicatorDef* definition(std::string_view id) {
  for (const auto& d : insight::indicator_catalogue())
    if (d.id == id) return &d;
  return nullptr;
}

std::vector<std::string> locality_columns(const insight::CaseRecord& r) {
  std::vector<std::string> out;
  for (const auto& [id, name] : r.localities) out.push_back(name);
  std::sort(out.begin(), out.end());
  out.push_back(kNoLocality);  // children without a home locality still count in the total
  return out;
}

}  // namespace

const std::vector<std::string>& report_measure_ids() {
  static const std::vector<std::string> kIds = {
      "referrals_per_10k",  "re_referrals_pct",         "assessments_45wd_pct",  "cp_second_plan_pct", "cla_per_10k",
      "cla_3plus_placements_pct", "hand_offs_per_episode", "caseload_per_fte", "agency_rate_pct",    "placement_spend_pounds"};
  return kIds;
}

std::vector<std::string> commentary_keys() {
  auto out = report_measure_ids();
  out.push_back("overall");
  out.push_back("user_numbers");
  return out;
}

std::string quarter_label(const Period& q) {
  // Canonical label "2025-26Q3" -> "Q3 2025-26".
  auto at = q.label.find('Q');
  return at == std::string::npos ? q.label : q.label.substr(at) + " " + q.label.substr(0, at);
}

Result<QuarterlyReport> build_quarterly_report(const insight::CaseRecord& record, const Period& quarter, const ReportInputs& inputs) {
  if (quarter.kind != Period::Kind::kQuarter)
    return Status::invalid("the quarterly report needs a financial quarter such as 2025Q3, not '" + quarter.label + "'");
  QuarterlyReport report;
  report.council_name = inputs.council_name;
  report.la_code = inputs.la_code;
  report.period = quarter;
  report.localities = locality_columns(record);
  std::vector<PublishedQuarter> quarters;
  for (int back = 4; back >= 0; --back) {
    Period q = quarter_from(quarter.start.plus_months(-3 * back));
    report.quarters.push_back(quarter_label(q));
    quarters.push_back(publish_quarter(record, q, report.localities, inputs));
  }
  for (const auto& s : kStages) report.users.push_back(user_number(s, quarters, report.localities));
  // The "No home locality" column is dropped when nobody is in it in the quarter.
  bool anyone_without = std::any_of(report.users.begin(), report.users.end(), [](const UserNumber& u) { return u.by_locality.back() != "0"; });
  if (!anyone_without) {
    report.localities.pop_back();
    for (auto& u : report.users) u.by_locality.pop_back();
  }
  for (const auto& id : report_measure_ids())
    if (const auto* def = definition(id)) report.measures.push_back(measure(*def, quarters, quarter, inputs));
  if (auto c = inputs.commentary.find("overall"); c != inputs.commentary.end()) report.overall_commentary = c->second;
  if (auto c = inputs.commentary.find("user_numbers"); c != inputs.commentary.end()) report.user_numbers_commentary = c->second;
  return report;
}

Result<QuarterlyReport> build_quarterly_report(store::Database& db, const Period& quarter, const ReportOptions& options) {
  if (quarter.kind != Period::Kind::kQuarter)
    return Status::invalid("the quarterly report needs a financial quarter such as 2025Q3, not '" + quarter.label + "'");
  ReportInputs in;
  in.targets = options.targets;
  in.commentary = options.commentary;
  std::vector<std::pair<std::string, std::string>> councils;
  KITH_RETURN_IF_ERROR(db.run("SELECT name, la_code FROM council ORDER BY id", {},
                              [&](const store::Statement& s) { councils.emplace_back(s.text(0), s.text(1)); }));
  if (councils.empty()) return Status::invalid(db.location() + ": no council in the store");
  // A store holding several councils reports on all of them together; the first is benchmarked.
  for (const auto& [name, code] : councils) in.council_name += (in.council_name.empty() ? "" : ", ") + name;
  in.la_code = councils.front().second;
  KITH_RETURN_IF_ERROR(db.run("SELECT person_id FROM care_leaver", {}, [&](const store::Statement& s) { in.care_leavers.push_back(s.int64(0)); }));
  auto record = insight::load_case_record(db);
  if (!record) return record.status();
  std::optional<insight::Benchmarks> benchmarks;
  if (!options.data_dir.empty()) {
    auto loaded = insight::Benchmarks::load(options.data_dir);
    if (!loaded) return loaded.status();
    benchmarks = std::move(*loaded);
    in.benchmarks = &*benchmarks;
  }
  return build_quarterly_report(*record, quarter, in);
}

}  // namespace kith::report
