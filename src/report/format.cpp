#include "report/format.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace kith::report::format {

const char* const kSuppressionNote =
    "Counts of 1 to 5 children are shown as c, and one more figure is hidden where a total could otherwise reveal them, as the "
    "Department for Education publishes. Rates and percentages worked out from a hidden count are also c. No child or worker "
    "is named or identified in this report.";
const char* const kAttribution = "Contains public sector information licensed under the Open Government Licence v3.0.";

std::optional<double> number(std::string_view published) {
  std::string s(published);
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (*end != '\0') return std::nullopt;
  return v;
}

namespace {

// "1234567.8" -> "1,234,567.8"
std::string grouped(const std::string& digits) {
  std::size_t start = digits[0] == '-' ? 1 : 0;
  std::size_t point = digits.find('.');
  std::size_t int_end = point == std::string::npos ? digits.size() : point;
  std::string out = digits.substr(0, start);
  for (std::size_t i = start; i < int_end; ++i) {
    if (i > start && (int_end - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out + digits.substr(int_end);
}

const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                         "July",    "August",   "September", "October", "November", "December"};

}  // namespace

std::string value(std::string_view published, insight::Unit unit) {
  if (published == "c") return "c";
  auto v = number(published);
  if (!v) return published.empty() ? "n/a" : std::string(published);
  switch (unit) {
    case insight::Unit::kPercent: return std::string(published) + "%";
    case insight::Unit::kPounds: return "£" + grouped(fmt::format("{:.0f}", *v));
    case insight::Unit::kCount: return grouped(std::string(published));
    default: return std::string(published);  // rates per 10,000 and ratios: as published
  }
}

std::string count(std::string_view published) {
  if (published == "c" || published.empty()) return published.empty() ? "n/a" : "c";
  return grouped(std::string(published));
}

Axis axis(const std::vector<TrendPoint>& points) {
  double top = 0;
  for (const auto& p : points)
    if (auto v = number(p.value)) top = std::max(top, *v);
  if (top <= 0) top = 1;
  // A round step (1, 2 or 5 x 10^n) giving four or five intervals.
  double raw = top / 4, mag = std::pow(10, std::floor(std::log10(raw)));
  double step = raw <= mag ? mag : raw <= 2 * mag ? 2 * mag : raw <= 5 * mag ? 5 * mag : 10 * mag;
  Axis a;
  a.max = step * std::ceil(top / step);
  for (double t = 0; t <= a.max + step / 2; t += step) a.ticks.push_back(t);
  return a;
}

std::string tick(double v, insight::Unit unit) {
  switch (unit) {
    case insight::Unit::kPercent: return fmt::format("{:g}%", v);
    case insight::Unit::kPounds:
      return v >= 1e6 ? fmt::format("£{:g}m", v / 1e6) : v >= 1e3 ? fmt::format("£{:g}k", v / 1e3) : fmt::format("£{:g}", v);
    case insight::Unit::kRatio: return fmt::format("{:.2f}", v);
    default: return fmt::format("{:.1f}", v);
  }
}

std::string trend_sentence(const Measure& m) {
  const auto& first = m.trend.front();
  const auto& last = m.trend.back();
  std::string s = std::string(m.def->label) + ": " + value(last.value, m.def->unit) + " in " + last.quarter + ", compared with " +
                  value(first.value, m.def->unit) + " in " + first.quarter + ".";
  auto a = number(first.value), b = number(last.value);
  if (a && b) s += *b > *a ? " Up on the same quarter last year." : *b < *a ? " Down on the same quarter last year." : " The same as last year.";
  return s + " Suppressed quarters (c) are left out of the line.";
}

std::string months(const insight::Period& p) {
  return std::string(kMonths[p.start.month() - 1]) + " to " + kMonths[p.end.month() - 1] + " " + std::to_string(p.end.year());
}

std::string end_day(const insight::Period& p) {
  return "at " + std::to_string(p.end.day()) + " " + kMonths[p.end.month() - 1] + " " + std::to_string(p.end.year());
}

std::string benchmark_when(const Measure& m) {
  if (!m.benchmark.time_period) return "";
  bool workforce = m.def->lait_code.rfind("Work_Force", 0) == 0;  // CSWW: social workers at 30 September
  return (workforce ? "at 30 September " : "year to 31 March ") + std::to_string(m.benchmark.time_period);
}

std::string_view direction(Direction d) { return d == Direction::kHigherIsBetter ? "higher is better" : "lower is better"; }

}  // namespace kith::report::format
