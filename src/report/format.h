// Internal to the renderers: how published values, chart axes and the
// report's fixed wording are written for people. Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/quarterly_report.h"

namespace kith::report::format {

// The number in a published cell; nullopt for "c", "" or text.
std::optional<double> number(std::string_view published);
// A published value for reading: "c" stays "c", "" is "n/a", numbers get their
// unit and thousands separators ("20.8%", "£1,234,567", "1,234").
std::string value(std::string_view published, insight::Unit unit);
// A count cell of children: thousands separators, "c" kept.
std::string count(std::string_view published);
// A chart axis from 0 to a round maximum above every value, with its ticks.
struct Axis {
  double max = 1;
  std::vector<double> ticks;
};
Axis axis(const std::vector<TrendPoint>& points);
// A tick label, never a bare small integer ("20%", "40.0", "0.25", "£12k"), so it
// cannot be mistaken for a count.
std::string tick(double v, insight::Unit unit);
// One sentence describing a trend, for screen readers and chart descriptions.
std::string trend_sentence(const Measure& m);
// "October to December 2025", "at 31 December 2025".
std::string months(const insight::Period& p);
std::string end_day(const insight::Period& p);
// The benchmark's year for people: "year to 31 March 2025" (workforce: "at 30 September 2025").
std::string benchmark_when(const Measure& m);
// Which way is better, for a target: "lower is better".
std::string_view direction(Direction d);
// The suppression note every output carries.
extern const char* const kSuppressionNote;
extern const char* const kAttribution;

}  // namespace kith::report::format
