#include "planning/forecast.h"

#include <charconv>
#include <map>

namespace kith::planning {
namespace {

Cell text(std::string_view s) { return std::string(s); }

}  // namespace

Result<Forecast> run_forecast(const CleanEpisodes& e, const ForecastRequest& req) {
  auto rates = estimate_rates(e, req.reference, req.estimator);
  if (!rates) return rates.status();
  Forecast f;
  f.rates = *rates;
  const Date start = req.reference.to;
  f.start_stock = stock_on(e, start);
  const Date until = start.plus_months(req.horizon_months);
  f.projection = project(f.rates, f.start_stock, start, until - start);
  f.dates = month_ends(start, until);
  f.simulation = simulate(f.rates, f.start_stock, start, f.dates, req.simulation);
  return f;
}

Result<Period> parse_period(const std::string& s) {
  auto dots = s.find("..");
  auto bad = Status::invalid("reference period '" + s + "' must be FROM..TO, e.g. 2023-04-01..2025-03-31");
  if (dots == std::string::npos) return bad;
  auto from = Date::parse_iso(s.substr(0, dots)), to = Date::parse_iso(s.substr(dots + 2));
  if (!from || !to) return bad;
  if (*to < *from) return Status::invalid("reference period '" + s + "' ends before it starts");
  return Period{*from, *to};
}

Result<int> parse_horizon(const std::string& s) {
  int n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  std::string unit(end, s.data() + s.size());
  if (ec == std::errc() && unit == "y") n *= 12;
  else if (ec != std::errc() || unit != "m") n = 0;
  if (n < 1 || n > 60) return Status::invalid("horizon '" + s + "' must be months (24m) or years (2y), at most 5 years");
  return n;
}

Table forecast_table(const Forecast& f) {
  Table t{"forecast", {"date", "age_band", "placement", "children", "p10", "p90"}, {}};
  bool bands = !f.simulation.bands.empty();
  for (std::size_t d = 0; d < f.dates.size(); ++d) {
    const Stock& stock = f.projection.on(f.dates[d]);
    for (int s = 0; s <= kCareStates; ++s) {
      bool all = s == kCareStates;
      std::vector<Cell> row{f.dates[d].iso(), text(all ? "all" : label(band_of_state(s))),
                            text(all ? "all" : label(placement_of_state(s))), all ? total(stock) : stock[s]};
      row.push_back(bands ? Cell(f.simulation.bands[d][s].p10) : Cell());
      row.push_back(bands ? Cell(f.simulation.bands[d][s].p90) : Cell());
      t.rows.push_back(std::move(row));
    }
  }
  return t;
}

Table rates_table(const Rates& r) {
  Table t{"rates", {"from", "to", "per_year", "events", "child_years"}, {}};
  for (const auto& line : rates_per_year(r))
    t.rows.push_back({line.from, line.to, line.per_year, double(line.events), line.child_years > 0 ? Cell(line.child_years) : Cell()});
  return t;
}

Table spend_table(const Spend& s) {
  Table t{"spend", {"period", "from", "to", "fostering", "residential", "supported", "other", "total"}, {}};
  for (const auto* lines : {&s.quarters, &s.years})
    for (const auto& l : *lines)
      t.rows.push_back({l.period, l.from.iso(), l.to.iso(), l.by_placement[0], l.by_placement[1], l.by_placement[2],
                        l.by_placement[3], l.pounds});
  return t;
}

std::string describe(const CleaningReport& r, std::size_t rows_read, int examples) {
  std::string out = std::to_string(rows_read) + " rows read, " + std::to_string(r.excluded.size()) +
                    " excluded.\n";
  std::map<std::string, std::vector<const Exclusion*>> by_reason;
  for (const auto& x : r.excluded) by_reason[x.kind].push_back(&x);
  for (const auto& [kind, rows] : by_reason) {
    out += "  excluded " + std::to_string(rows.size()) + " row(s): " + kind + "\n";
    for (std::size_t i = 0; i < rows.size() && int(i) < examples; ++i)
      out += "    " + rows[i]->where + (rows[i]->child.empty() ? "" : " (child " + rows[i]->child + ")") + ": " + rows[i]->reason + "\n";
    if (rows.size() > std::size_t(examples)) out += "    ... and " + std::to_string(rows.size() - examples) + " more\n";
  }
  auto rule = [&](int n, const char* what) {
    if (n > 0) out += "  " + std::to_string(n) + " " + what + "\n";
  };
  rule(r.duplicate_starts, "duplicate (child, start) row(s) dropped, keeping the one ending latest");
  rule(r.duplicate_ends, "duplicate (child, end) row(s) dropped, keeping the longer");
  rule(r.ends_moved, "open or overlapping episode(s) ended at the next one's start");
  rule(r.merged, "L/T/U episode(s) merged into the episode they continue");
  rule(r.splits, "split(s) at age-band birthdays");
  rule(r.ended_at_18, "episode(s) ended at the 18th birthday");
  return out;
}

}  // namespace kith::planning
