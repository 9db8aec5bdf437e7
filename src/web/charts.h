// Accessible inline SVG charts: a line chart of one measure over time, with
// an optional target (a line or a band). Each chart is an <svg role="img">
// with a <title> and <desc> saying what it shows, and is meant to be followed
// by data_table(): the same numbers in a table inside a GOV.UK details
// element ("Show the data as a table").
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "web/html.h"

namespace kith::web::charts {

struct Point {
  std::string label;            // the x axis label, e.g. "Mar 2025"
  std::optional<double> value;  // none: not shown (suppressed or not computable)
  std::string shown;            // the value as the table shows it ("12.5", "c", "")
};

struct LineChart {
  std::string id;       // unique on the page: ids of the title and description derive from it
  std::string title;    // what is plotted, e.g. "Re-referrals within 12 months, by quarter"
  std::string y_label;  // the unit, e.g. "%"
  std::vector<Point> points;
  std::optional<double> target_low, target_high;  // a target line (low only) or band
};

// The SVG. The description gives the first and last values shown and the
// target, so a screen reader user hears the trend without the table.
html::Html line_chart(const LineChart& chart);

// The chart's numbers in a table, inside a details element.
html::Html data_table(const LineChart& chart, const std::string& value_heading);

}  // namespace kith::web::charts
