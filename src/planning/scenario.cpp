#include "planning/scenario.h"

#include <nlohmann/json.hpp>

namespace kith::planning {
namespace {

constexpr double kDaysPerYear = 365.25;

double children_on(const Projection& p, Date d) { return total(p.on(d)); }

std::optional<Date> first_at_or_below(const Projection& p, double target) {
  for (std::size_t t = 0; t < p.stock.size(); ++t)
    if (total(p.stock[t]) <= target + 1e-9) return p.start.plus_days(int(t));
  return std::nullopt;
}

}  // namespace

Rates apply(const Scenario& s, const Rates& baseline) {
  Rates r = baseline;
  for (int i = 0; i < kCareStates; ++i) {
    r.entries[i] *= s.entries_factor;
    r.moves[i][kNotInCare] *= s.exits_factor;
    if (placement_of_state(i) == Placement::kResidential)
      r.moves[i][state_of(band_of_state(i), Placement::kFostering)] += s.step_down_per_year / kDaysPerYear;
  }
  return r;
}

SubTypeMix apply(const Scenario& s, const SubTypeMix& baseline) {
  SubTypeMix mix = baseline;
  for (auto& row : mix) {
    double moved = row[int(SubType::kAgencyFostering)] * s.in_house_shift;
    row[int(SubType::kAgencyFostering)] -= moved;
    row[int(SubType::kInHouseFostering)] += moved;
  }
  return mix;
}

Status check(const Scenario& s) {
  if (s.name.empty()) return Status::invalid("a scenario needs a name");
  if (s.entries_factor < 0 || s.exits_factor < 0) return Status::invalid("entry and exit factors cannot be negative");
  if (s.step_down_per_year < 0) return Status::invalid("step-down cannot be negative");
  for (double share : {s.in_house_shift, s.reinvest_share})
    if (share < 0 || share > 1) return Status::invalid("shares (in-house shift, reinvestment) must be between 0 and 1");
  return Status::ok();
}

ScenarioOutcome run_scenario(const Scenario& s, const Baseline& b) {
  ScenarioOutcome out;
  out.scenario = s;
  Projection base = project(b.rates, b.start_stock, b.start, b.days);
  Spend base_spend = spend_of(base, b.costs, b.mix);
  out.projection = project(apply(s, b.rates), b.start_stock, b.start, b.days);
  out.spend = spend_of(out.projection, b.costs, apply(s, b.mix));
  for (std::size_t y = 0; y < out.spend.years.size(); ++y) {
    const SpendLine& line = out.spend.years[y];
    YearComparison c;
    c.year = line.period;
    c.baseline_spend = base_spend.years[y].pounds;
    c.spend = line.pounds;
    c.savings = c.baseline_spend - c.spend;
    c.reinvested = c.savings > 0 ? c.savings * s.reinvest_share : 0;
    c.kept = c.savings - c.reinvested;
    c.baseline_children = children_on(base, line.to);
    c.children = children_on(out.projection, line.to);
    out.years.push_back(c);
  }
  if (s.target) out.target_met = first_at_or_below(out.projection, *s.target);
  return out;
}

std::string to_json(const Scenario& s) {
  nlohmann::ordered_json j;
  j["name"] = s.name;
  j["description"] = s.description;
  j["entries_factor"] = s.entries_factor;
  j["exits_factor"] = s.exits_factor;
  j["step_down_per_year"] = s.step_down_per_year;
  j["in_house_shift"] = s.in_house_shift;
  j["reinvest_share"] = s.reinvest_share;
  j["target"] = s.target ? nlohmann::ordered_json(*s.target) : nlohmann::ordered_json(nullptr);
  return j.dump();
}

Result<Scenario> scenario_from_json(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::corrupt("a saved scenario is not a JSON object");
  Scenario s;
  s.name = j.value("name", "");
  s.description = j.value("description", "");
  s.entries_factor = j.value("entries_factor", 1.0);
  s.exits_factor = j.value("exits_factor", 1.0);
  s.step_down_per_year = j.value("step_down_per_year", 0.0);
  s.in_house_shift = j.value("in_house_shift", 0.0);
  s.reinvest_share = j.value("reinvest_share", 0.0);
  if (j.contains("target") && j["target"].is_number()) s.target = j["target"].get<double>();
  return s;
}

Status save_scenario(store::Database& db, const Scenario& s) {
  KITH_RETURN_IF_ERROR(check(s));
  return db.run(
      "INSERT INTO planning_scenario (name, definition, saved_on) VALUES (?, ?, CURRENT_DATE)"
      " ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, saved_on = excluded.saved_on",
      {store::text(s.name), store::text(to_json(s))});
}

Result<Scenario> load_scenario(store::Database& db, const std::string& name) {
  std::optional<std::string> definition;
  KITH_RETURN_IF_ERROR(db.run("SELECT definition FROM planning_scenario WHERE name = ?", {store::text(name)},
                              [&](const store::Statement& st) { definition = st.text(0); }));
  if (!definition) return Status::not_found("no saved scenario named '" + name + "'");
  return scenario_from_json(*definition);
}

Result<std::vector<Scenario>> list_scenarios(store::Database& db) {
  std::vector<Scenario> out;
  Status bad;
  KITH_RETURN_IF_ERROR(db.run("SELECT definition FROM planning_scenario ORDER BY name", {}, [&](const store::Statement& st) {
    auto s = scenario_from_json(st.text(0));
    if (s) out.push_back(*s);
    else bad = s.status();
  }));
  KITH_RETURN_IF_ERROR(bad);
  return out;
}

Status delete_scenario(store::Database& db, const std::string& name) {
  auto n = db.scalar("SELECT COUNT(*) FROM planning_scenario WHERE name = ?", {store::text(name)});
  if (!n) return n.status();
  if (*n == 0) return Status::not_found("no saved scenario named '" + name + "'");
  return db.run("DELETE FROM planning_scenario WHERE name = ?", {store::text(name)});
}

}  // namespace kith::planning
