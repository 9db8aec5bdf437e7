#include "planning/costs.h"

#include <cmath>
#include <fstream>
#include <sstream>
#include <nlohmann/json.hpp>

namespace kith::planning {
namespace {

// The start of the financial year holding d.
int fy_start_year(Date d) { return d.month() >= 4 ? d.year() : d.year() - 1; }

int fy_quarter(Date d) { return int((d.month() + 8) % 12) / 3 + 1; }

// Sub-type shares for the states of one category, by child-days.
void normalise(std::array<double, kSubTypes>& row) {
  double sum = 0;
  for (double v : row) sum += v;
  if (sum > 0)
    for (double& v : row) v /= sum;
}

std::array<double, kSubTypes> even_split(Placement p) {
  std::array<double, kSubTypes> row{};
  for (int t = 0; t < kSubTypes; ++t) row[t] = placement_of(SubType(t)) == p ? 1.0 : 0.0;
  normalise(row);
  return row;
}

void add_line(std::vector<SpendLine>& lines, const std::string& label, Date d, double pounds, Placement p) {
  if (lines.empty() || lines.back().period != label) lines.push_back({label, d, d, 0, {}});
  lines.back().to = d;
  lines.back().pounds += pounds;
  lines.back().by_placement[int(p)] += pounds;
}

}  // namespace

double UnitCosts::weekly_on(SubType t, Date d) const {
  int years = std::max(0, fy_start_year(d) - fy_start_year(base));
  return weekly[int(t)] * std::pow(1.0 + inflation, years);
}

UnitCosts default_unit_costs() {
  UnitCosts c;
  c.weekly = {500, 1000, 350, 5000, 6500, 2000, 9000, 300};
  c.inflation = 0.03;
  return c;
}

Result<UnitCosts> parse_unit_costs(const std::string& text) {
  UnitCosts c = default_unit_costs();
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::invalid("unit costs: not a JSON object");
  if (j.contains("base")) {
    auto base = j["base"].is_string() ? Date::parse_iso(j["base"].get<std::string>()) : std::nullopt;
    if (!base) return Status::invalid("unit costs: base must be a YYYY-MM-DD date");
    c.base = *base;
  }
  if (j.contains("inflation")) {
    if (!j["inflation"].is_number()) return Status::invalid("unit costs: inflation must be a number such as 0.03");
    c.inflation = j["inflation"].get<double>();
  }
  if (j.contains("weekly")) {
    if (!j["weekly"].is_object()) return Status::invalid("unit costs: weekly must be an object of sub-type: pounds");
    for (const auto& [name, value] : j["weekly"].items()) {
      auto t = parse_subtype(name);
      if (!t) return Status::invalid("unit costs: unknown sub-type '" + name + "'");
      if (!value.is_number() || value.get<double>() < 0) return Status::invalid("unit costs: " + name + " must be pounds a week");
      c.weekly[int(*t)] = value.get<double>();
    }
  }
  return c;
}

std::string unit_costs_json(const UnitCosts& c) {
  nlohmann::ordered_json j;
  j["base"] = c.base.iso();
  j["inflation"] = c.inflation;
  for (int t = 0; t < kSubTypes; ++t) j["weekly"][std::string(label(SubType(t)))] = c.weekly[t];
  return j.dump(2) + "\n";
}

SubTypeMix mix_from(const CleanEpisodes& e, Period p) {
  SubTypeMix mix{};
  std::array<std::array<double, kSubTypes>, kPlacements> by_category{};
  for (const auto& s : e.spells) {
    Date first = std::max(s.start, p.from), last = s.end ? std::min(s.end->plus_days(-1), p.to) : p.to;
    if (last < first) continue;
    mix[s.state][int(s.subtype)] += last - first + 1;
    by_category[int(placement_of_state(s.state))][int(s.subtype)] += last - first + 1;
  }
  for (int c = 0; c < kPlacements; ++c) {
    normalise(by_category[c]);
    double sum = 0;
    for (double v : by_category[c]) sum += v;
    if (sum == 0) by_category[c] = even_split(Placement(c));
  }
  for (int s = 0; s < kCareStates; ++s) {
    normalise(mix[s]);
    double sum = 0;
    for (double v : mix[s]) sum += v;
    if (sum == 0) mix[s] = by_category[int(placement_of_state(s))];
  }
  return mix;
}

std::string financial_year(Date d) {
  int y = fy_start_year(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d/%02d", y, (y + 1) % 100);
  return buf;
}

Spend spend_of(const Projection& p, const UnitCosts& costs, const SubTypeMix& mix) {
  Spend out;
  for (std::size_t t = 1; t < p.stock.size(); ++t) {
    Date d = p.start.plus_days(int(t));
    std::string year = financial_year(d), quarter = year + " Q" + std::to_string(fy_quarter(d));
    for (int s = 0; s < kCareStates; ++s) {
      if (p.stock[t][s] == 0) continue;
      double daily = 0;
      for (int k = 0; k < kSubTypes; ++k) daily += mix[s][k] * costs.weekly_on(SubType(k), d) / 7.0;
      double pounds = p.stock[t][s] * daily;
      add_line(out.quarters, quarter, d, pounds, placement_of_state(s));
      add_line(out.years, year, d, pounds, placement_of_state(s));
      out.total += pounds;
    }
  }
  return out;
}

Result<UnitCosts> read_unit_costs(const std::string& path) {
  if (path.empty()) return default_unit_costs();
  std::ifstream f(path);
  if (!f) return Status::io(path + ": cannot be read");
  std::stringstream text;
  text << f.rdbuf();
  return parse_unit_costs(text.str());
}

}  // namespace kith::planning
