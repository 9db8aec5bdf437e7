// Line charts as inline SVG; no script, no inline style (the page's CSP forbids both).
#include "web/charts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kith::web::charts {
namespace {

using html::Html;

constexpr double kWidth = 640, kHeight = 260, kLeft = 64, kRight = 16, kTop = 16, kBottom = 40;

// A step of 1, 2 or 5 times a power of ten giving about five gridlines up to max.
double tick_step(double max) {
  double raw = std::max(max, 1e-9) / 5, magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (raw <= m * magnitude) return m * magnitude;
  return 10 * magnitude;
}

std::string tick_text(double v, double step) { return step < 1 ? fmt::format("{:.{}f}", v, step < 0.1 ? 2 : 1) : fmt::format("{:.0f}", v); }

struct Frame {
  double top = 1;
  std::size_t n = 1;
  double x(std::size_t i) const { return n < 2 ? (kLeft + kWidth - kRight) / 2 : kLeft + (kWidth - kLeft - kRight) * double(i) / double(n - 1); }
  double y(double v) const { return kTop + (kHeight - kTop - kBottom) * (1 - v / top); }
};

Frame frame_for(const LineChart& c, double& step) {
  double max = 0;
  for (const Point& p : c.points)
    if (p.value) max = std::max(max, *p.value);
  if (c.target_low) max = std::max(max, *c.target_low);
  if (c.target_high) max = std::max(max, *c.target_high);
  step = tick_step(max <= 0 ? 1 : max);
  Frame f;
  f.top = step * std::max(1.0, std::ceil(max / step));
  f.n = c.points.size();
  return f;
}

Html axes(const LineChart& c, const Frame& f, double step) {
  std::string out;
  for (double v = 0; v <= f.top + step / 2; v += step)
    out += fmt::format(R"(<line x1="{0}" x2="{1}" y1="{2:.1f}" y2="{2:.1f}" stroke="#b1b4b6" stroke-width="1"/>)"
                       R"(<text x="{3}" y="{4:.1f}" text-anchor="end" font-size="12" fill="#0b0c0c">{5}</text>)",
                       kLeft, kWidth - kRight, f.y(v), kLeft - 6, f.y(v) + 4, html::escape(tick_text(v, step)));
  std::size_t every = c.points.size() > 8 ? 2 : 1;
  for (std::size_t i = 0; i < c.points.size(); i += every)
    out += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle" font-size="12" fill="#0b0c0c">{}</text>)", f.x(i), kHeight - kBottom + 18,
                       html::escape(c.points[i].label));
  out += fmt::format(R"svg(<text x="14" y="{0}" text-anchor="middle" font-size="12" fill="#0b0c0c" transform="rotate(-90 14 {0})">{1}</text>)svg",
                     (kHeight - kBottom) / 2, html::escape(c.y_label));
  return Html::raw(out);
}

// The target as a dashed line, or a shaded band for a range.
Html target(const LineChart& c, const Frame& f) {
  if (!c.target_low) return {};
  if (c.target_high)
    return Html::raw(fmt::format(R"(<rect x="{}" width="{}" y="{:.1f}" height="{:.1f}" fill="#00703c" fill-opacity="0.15"/>)", kLeft,
                                 kWidth - kLeft - kRight, f.y(*c.target_high), f.y(*c.target_low) - f.y(*c.target_high)));
  return Html::raw(fmt::format(R"(<line x1="{0}" x2="{1}" y1="{2:.1f}" y2="{2:.1f}" stroke="#00703c" stroke-width="2" stroke-dasharray="6 4"/>)",
                               kLeft, kWidth - kRight, f.y(*c.target_low)));
}

// The line through the points with values (broken where a value is missing), and a dot on each.
Html series(const LineChart& c, const Frame& f) {
  std::string out, run;
  auto flush = [&] {
    if (!run.empty()) out += fmt::format(R"(<polyline points="{}" fill="none" stroke="#1d70b8" stroke-width="3"/>)", run);
    run.clear();
  };
  for (std::size_t i = 0; i < c.points.size(); ++i) {
    if (!c.points[i].value) {
      flush();
      continue;
    }
    run += fmt::format("{:.1f},{:.1f} ", f.x(i), f.y(*c.points[i].value));
    out += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="4" fill="#1d70b8"/>)", f.x(i), f.y(*c.points[i].value));
  }
  flush();
  return Html::raw(out);
}

std::string description(const LineChart& c) {
  const Point *first = nullptr, *last = nullptr;
  for (const Point& p : c.points)
    if (p.value) {
      if (!first) first = &p;
      last = &p;
    }
  std::string d = !first ? "No values can be shown for this period." :
                  fmt::format("From {} in {} to {} in {}.", first->shown, first->label, last->shown, last->label);
  if (c.target_low && c.target_high) d += fmt::format(" The shaded band is the target, {:.1f} to {:.1f}.", *c.target_low, *c.target_high);
  else if (c.target_low) d += fmt::format(" The dashed line is the target, {:.1f}.", *c.target_low);
  return d + " The table below the chart gives every value.";
}

}  // namespace

Html line_chart(const LineChart& c) {
  double step = 1;
  Frame f = frame_for(c, step);
  Html svg = Html::raw(fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" class="kith-chart" viewBox="0 0 {0} {1}" width="100%" role="img" )"
                                   R"(aria-labelledby="{2}-title {2}-desc" focusable="false"><title id="{2}-title">{3}</title>)"
                                   R"(<desc id="{2}-desc">{4}</desc>)",
                                   kWidth, kHeight, html::escape(c.id), html::escape(c.title), html::escape(description(c))));
  return svg + axes(c, f, step) + target(c, f) + series(c, f) + Html::raw("</svg>");
}

Html data_table(const LineChart& c, const std::string& value_heading) {
  html::Table t{.caption = c.title, .headers = {"Period", value_heading}, .numeric = {false, true}, .id = c.id + "-table"};
  for (const Point& p : c.points) t.rows.push_back({html::text(p.label), html::text(p.shown.empty() ? "Not available" : p.shown)});
  if (c.target_low)
    t.rows.push_back({html::text("Target"), html::text(c.target_high ? fmt::format("{:.1f} to {:.1f}", *c.target_low, *c.target_high)
                                                                     : fmt::format("{:.1f}", *c.target_low))});
  return Html::raw(R"(<details class="govuk-details"><summary class="govuk-details__summary"><span class="govuk-details__summary-text">)"
                   "Show the data as a table</span></summary><div class=\"govuk-details__text\">") +
         html::table(t) + Html::raw("</div></details>");
}

}  // namespace kith::web::charts
