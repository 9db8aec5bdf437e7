#include "planning/workforce.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "planning/costs.h"

namespace kith::planning {
namespace {

constexpr std::array<std::string_view, kTeamTypes> kLabels = {"child_in_need", "child_protection", "looked_after",
                                                               "leaving_care", "early_help"};

// The roles that hold cases; managers and partners do not count against a caseload norm.
constexpr const char* kCaseHolding =
    "w.agency = 'council' AND w.role IN ('social_worker', 'senior_practitioner', 'personal_adviser', 'family_support_worker')";

// Children with an open record of each kind on a day (the day given for every ?).
constexpr const char* kCinSql =
    "SELECT count(DISTINCT c.person_id) FROM cin_episode c WHERE c.referral_date <= ? AND (c.close_date IS NULL OR c.close_date > ?) "
    "AND NOT EXISTS (SELECT 1 FROM cp_plan x WHERE x.person_id = c.person_id AND x.start_date <= ? AND (x.end_date IS NULL OR x.end_date > ?)) "
    "AND NOT EXISTS (SELECT 1 FROM cla_period x WHERE x.person_id = c.person_id AND x.start_date <= ? AND (x.end_date IS NULL OR x.end_date > ?))";
constexpr const char* kCpSql =
    "SELECT count(DISTINCT person_id) FROM cp_plan WHERE start_date <= ? AND (end_date IS NULL OR end_date > ?)";
constexpr const char* kClaSql =
    "SELECT count(DISTINCT person_id) FROM cla_period WHERE start_date <= ? AND (end_date IS NULL OR end_date > ?)";
constexpr const char* kEarlyHelpSql =
    "SELECT count(DISTINCT m.person_id) FROM early_help_episode e JOIN family_member m ON m.family_id = e.family_id "
    "AND m.role = 'child' AND m.start_date <= ? AND (m.end_date IS NULL OR m.end_date > ?) "
    "WHERE e.start_date <= ? AND (e.end_date IS NULL OR e.end_date > ?)";

Result<double> count_on(store::Database& db, const char* sql, int params, Date on) {
  auto n = db.scalar(sql, std::vector<store::Value>(std::size_t(params), store::date(on)));
  if (!n) return n.status();
  return double(*n);
}

Result<double> care_leavers_on(store::Database& db, Date on) {
  double n = 0;
  KITH_RETURN_IF_ERROR(db.run("SELECT DISTINCT p.id, p.birth_date FROM care_leaver c JOIN person p ON p.id = c.person_id", {},
                              [&](const store::Statement& s) {
                                auto dob = s.date(1);
                                if (dob && birthday(*dob, 18) <= on && on < birthday(*dob, 25)) ++n;
                              }));
  return n;
}

Result<TeamCounts> open_cases(store::Database& db, Date on) {
  TeamCounts c{};
  const std::pair<const char*, int> queries[] = {{kCinSql, 6}, {kCpSql, 2}, {kClaSql, 2}};
  for (int t = 0; t < 3; ++t) {
    auto n = count_on(db, queries[t].first, queries[t].second, on);
    if (!n) return n.status();
    c[t] = *n;
  }
  auto leavers = care_leavers_on(db, on);
  auto early_help = count_on(db, kEarlyHelpSql, 4, on);
  if (!leavers) return leavers.status();
  if (!early_help) return early_help.status();
  c[int(TeamType::kLeavingCare)] = *leavers;
  c[int(TeamType::kEarlyHelp)] = *early_help;
  return c;
}

Result<StaffInPost> staff_on(store::Database& db, Date on) {
  StaffInPost s;
  Status st = db.run(std::string("SELECT t.team_type, w.contract, w.fte FROM worker w JOIN team t ON t.id = w.team_id WHERE ") +
                         kCaseHolding + " AND w.start_date <= ? AND (w.leave_date IS NULL OR w.leave_date > ?)",
                     {store::date(on), store::date(on)}, [&](const store::Statement& row) {
                       auto type = team_type_of(row.text(0));
                       if (!type) return;  // a team type with no caseload norm (none today)
                       bool agency = row.text(1) == "agency";
                       (agency ? s.agency_fte : s.permanent_fte)[int(*type)] += row.real(2);
                       ++(agency ? s.agency_headcount : s.permanent_headcount);
                     });
  if (!st) return st;
  return s;
}

Result<Turnover> turnover_to(store::Database& db, Date on) {
  Date year_ago = on.plus_months(-12);
  auto now = staff_on(db, on), then = staff_on(db, year_ago);
  if (!now) return now.status();
  if (!then) return then.status();
  auto leavers = db.scalar(std::string("SELECT count(*) FROM worker w WHERE ") + kCaseHolding +
                               " AND w.contract = 'permanent' AND w.leave_date > ? AND w.leave_date <= ?",
                           {store::date(year_ago), store::date(on)});
  if (!leavers) return leavers.status();
  return Turnover{int(*leavers), (now->permanent_headcount + then->permanent_headcount) / 2.0};
}

// Staff on a day of the plan: the change moves agency FTE to permanent and adds recruits from its day.
void apply_change(const WorkforceChange& change, const TeamCounts& needed, WorkforceMonth& m) {
  double agency = sum(m.agency), need = sum(needed);
  double converted_share = agency > 0 ? std::min(change.convert, agency) / agency : 0;
  for (int t = 0; t < kTeamTypes; ++t) {
    double moved = m.agency[t] * converted_share;
    m.agency[t] -= moved;
    m.permanent[t] += moved + (need > 0 ? change.recruit * needed[t] / need : 0);
  }
}

std::vector<UpliftYear> uplift_by_year(const WorkforceInput& in, const Projection& cla, const WorkforceNorms& norms,
                                       const std::optional<WorkforceChange>& change) {
  std::vector<UpliftYear> years;
  const double agency = sum(in.staff.agency_fte), daily = norms.agency_uplift / 365.0;
  const double converted = change ? std::min(change->convert, agency) : 0;
  for (Date d = cla.start.plus_days(1); d <= cla.last(); d = d.plus_days(1)) {
    std::string year = financial_year(d);
    if (years.empty() || years.back().year != year) years.push_back({year});
    years.back().baseline += agency * daily;
    years.back().with_change += (change && d >= change->from ? agency - converted : agency) * daily;
  }
  return years;
}

TeamCounts needed_for(const TeamCounts& children, const WorkforceNorms& norms) {
  TeamCounts n{};
  for (int t = 0; t < kTeamTypes; ++t) n[t] = children[t] / norms.children_per_fte[t];
  return n;
}

}  // namespace

std::string_view label(TeamType t) { return kLabels[int(t)]; }

std::optional<TeamType> team_type_of(std::string_view column) {
  if (column == "front_door" || column == "assessment" || column == "disability") return TeamType::kChildInNeed;
  if (column == "safeguarding") return TeamType::kChildProtection;
  if (column == "children_in_care") return TeamType::kLookedAfter;
  if (column == "leaving_care") return TeamType::kLeavingCare;
  if (column == "early_help") return TeamType::kEarlyHelp;
  return std::nullopt;
}

double sum(const TeamCounts& c) {
  double s = 0;
  for (double v : c) s += v;
  return s;
}

Result<Period> default_reference(const CleanEpisodes& e) {
  if (!e.last_date) return Status::invalid("the data hold no children looked after to forecast from");
  return Period{e.last_date->plus_months(-24).plus_days(1), *e.last_date};
}

Result<WorkforceNorms> parse_norms(const std::string& text) {
  WorkforceNorms n;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::invalid("workforce norms: not a JSON object");
  if (j.contains("agency_uplift")) {
    if (!j["agency_uplift"].is_number() || j["agency_uplift"].get<double>() < 0)
      return Status::invalid("workforce norms: agency_uplift must be pounds a year, such as 13600");
    n.agency_uplift = j["agency_uplift"].get<double>();
  }
  if (!j.contains("children_per_fte")) return n;
  if (!j["children_per_fte"].is_object()) return Status::invalid("workforce norms: children_per_fte must be an object of team type: children");
  for (const auto& [name, value] : j["children_per_fte"].items()) {
    auto t = std::find(kLabels.begin(), kLabels.end(), name);
    if (t == kLabels.end()) return Status::invalid("workforce norms: unknown team type '" + name + "'");
    if (!value.is_number() || value.get<double>() <= 0)
      return Status::invalid("workforce norms: " + name + " must be a positive number of children per FTE");
    n.children_per_fte[t - kLabels.begin()] = value.get<double>();
  }
  return n;
}

std::string norms_json(const WorkforceNorms& n) {
  nlohmann::ordered_json j;
  for (int t = 0; t < kTeamTypes; ++t) j["children_per_fte"][std::string(kLabels[t])] = n.children_per_fte[t];
  j["agency_uplift"] = n.agency_uplift;
  return j.dump(2) + "\n";
}

Result<WorkforceInput> read_workforce(store::Database& db, Date on) {
  auto cases = open_cases(db, on);
  auto staff = staff_on(db, on);
  auto turnover = turnover_to(db, on);
  for (const Status* s : {&cases.status(), &staff.status(), &turnover.status()}) KITH_RETURN_IF_ERROR(*s);
  return WorkforceInput{on, *cases, *staff, *turnover};
}

WorkforcePlan plan_workforce(const WorkforceInput& in, const Projection& cla, const std::vector<Date>& dates,
                             const WorkforceNorms& norms, const std::optional<WorkforceChange>& change) {
  WorkforcePlan plan;
  for (Date d : dates) {
    WorkforceMonth m{d, in.open_cases, {}, in.staff.permanent_fte, in.staff.agency_fte};
    m.children[int(TeamType::kLookedAfter)] = total(cla.on(d));
    m.needed = needed_for(m.children, norms);
    if (change && d >= change->from) apply_change(*change, m.needed, m);
    plan.months.push_back(m);
  }
  plan.years = uplift_by_year(in, cla, norms, change);
  return plan;
}

Table workforce_table(const WorkforcePlan& p) {
  Table t{"workforce", {"date", "team_type", "children", "needed_fte", "permanent_fte", "agency_fte", "shortfall_fte"}, {}};
  auto row = [&](Date d, std::string type, double children, double needed, double permanent, double agency) {
    t.rows.push_back({d.iso(), std::move(type), children, needed, permanent, agency, needed - permanent - agency});
  };
  for (const auto& m : p.months) {
    for (int k = 0; k < kTeamTypes; ++k)
      row(m.date, std::string(kLabels[k]), m.children[k], m.needed[k], m.permanent[k], m.agency[k]);
    row(m.date, "all", sum(m.children), sum(m.needed), sum(m.permanent), sum(m.agency));
  }
  return t;
}

Table uplift_table(const WorkforcePlan& p) {
  Table t{"uplift", {"year", "baseline_uplift", "uplift", "saved"}, {}};
  for (const auto& y : p.years) t.rows.push_back({y.year, y.baseline, y.with_change, y.saved()});
  return t;
}

Table staff_summary_table(const WorkforceInput& in, const WorkforceNorms& norms) {
  Table t{"staff", {"measure", "value"}, {}};
  TeamCounts needed = needed_for(in.open_cases, norms);
  double permanent = sum(in.staff.permanent_fte), agency = sum(in.staff.agency_fte), vacancies = 0;
  for (int k = 0; k < kTeamTypes; ++k) vacancies += std::max(0.0, needed[k] - in.staff.permanent_fte[k]);
  auto add = [&](const char* measure, double value) { t.rows.push_back({std::string(measure), value}); };
  add("permanent_headcount", in.staff.permanent_headcount);
  add("agency_headcount", in.staff.agency_headcount);
  add("permanent_fte", permanent);
  add("agency_fte", agency);
  add("agency_share", permanent + agency > 0 ? agency / (permanent + agency) : 0);
  add("agency_uplift_a_year", agency * norms.agency_uplift);
  add("needed_fte", sum(needed));
  add("vacancies_fte", vacancies);  // posts the need calls for that no permanent worker fills
  add("vacancy_rate", sum(needed) > 0 ? vacancies / sum(needed) : 0);
  add("leavers_12_months", in.turnover.leavers);
  add("average_headcount", in.turnover.average_headcount);
  add("turnover", in.turnover.rate());
  return t;
}

}  // namespace kith::planning
