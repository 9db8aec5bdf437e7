// The HTML report: one self-contained file (no scripts, no external assets) a
// councillor can open, print or attach. Every value is escaped; charts are
// inline SVG with a title, a description and a table of the same numbers.
#include <fmt/core.h>

#include "report/format.h"
#include "report/render.h"

namespace kith::report {
namespace {

std::string esc(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

const char* kStyle = R"(
body{font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;margin:2rem;max-width:70rem;line-height:1.4}
h1{font-size:2rem;margin:.2rem 0}h2{font-size:1.5rem;margin-top:2.5rem;border-bottom:2px solid #0b0c0c}h3{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:1rem 0;width:100%}caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border-bottom:1px solid #b1b4b6;padding:.35rem .5rem;text-align:left;vertical-align:top}td.num,th.num{text-align:right}
.rag{display:inline-block;padding:.1rem .5rem;font-weight:bold;border-radius:2px}
.rag-green{background:#00703c;color:#fff}.rag-amber{background:#ffdd00;color:#0b0c0c}.rag-red{background:#d4351c;color:#fff}
.rag-none{background:#f3f2f1;color:#0b0c0c}.note{color:#505a5f;font-size:.9rem}figure{margin:1rem 0}
svg text{font-family:Arial,Helvetica,sans-serif;font-size:12px;fill:#0b0c0c}
@media print{body{margin:0;max-width:none}section.measure{break-inside:avoid}h2{break-after:avoid}a{color:inherit}}
)";

std::string rag_class(Rag r) {
  switch (r) {
    case Rag::kGreen: return "rag-green";
    case Rag::kAmber: return "rag-amber";
    case Rag::kRed: return "rag-red";
    default: return "rag-none";
  }
}

std::string rag_span(Rag r) { return "<span class=\"rag " + rag_class(r) + "\">" + esc(rag_label(r)) + "</span>"; }

// A count of children: marked so the suppression tests can find every one.
std::string count_cell(const std::string& published) { return "<td class=\"num\" data-count>" + esc(format::count(published)) + "</td>"; }

std::string user_numbers(const QuarterlyReport& r) {
  std::string h = "<h2 id=\"user-numbers\">User numbers</h2>\n";
  if (!r.user_numbers_commentary.empty()) h += "<p>" + esc(r.user_numbers_commentary) + "</p>\n";
  h += "<table id=\"users-by-locality\"><caption>Children supported in " + esc(quarter_label(r.period)) + " by home locality: " +
       "stages " + esc(format::end_day(r.period)) + ", contacts and referrals during the quarter</caption>\n<thead><tr><th scope=\"col\">Stage</th>";
  for (const auto& l : r.localities) h += "<th scope=\"col\" class=\"num\">" + esc(l) + "</th>";
  h += "<th scope=\"col\" class=\"num\">Total</th></tr></thead><tbody>\n";
  for (const auto& u : r.users) {
    h += "<tr><th scope=\"row\">" + esc(u.label) + "</th>";
    for (const auto& c : u.by_locality) h += count_cell(c);
    h += count_cell(u.total) + "</tr>\n";
  }
  h += "</tbody></table>\n<table id=\"users-trend\"><caption>User numbers over five quarters (the first is the same quarter last year)</caption>\n"
       "<thead><tr><th scope=\"col\">Stage</th>";
  for (const auto& q : r.quarters) h += "<th scope=\"col\" class=\"num\">" + esc(q) + "</th>";
  h += "</tr></thead><tbody>\n";
  for (const auto& u : r.users) {
    h += "<tr><th scope=\"row\">" + esc(u.label) + "</th>";
    for (const auto& p : u.trend) h += count_cell(p.value);
    h += "</tr>\n";
  }
  return h + "</tbody></table>\n";
}

std::string target_text(const Measure& m) {
  if (!m.target) return "None set";
  return format::value(fmt::format("{:g}", m.target->target), m.def->unit) + " (" + std::string(format::direction(m.target->direction)) + ")";
}

std::string measures_table(const QuarterlyReport& r) {
  std::string h = "<h2 id=\"key-measures\">Key measures</h2>\n<table id=\"measures\"><caption>Key measures, " + esc(quarter_label(r.period)) +
                  ", against the council's targets and the latest published benchmarks</caption>\n<thead><tr>"
                  "<th scope=\"col\">Measure</th><th scope=\"col\" class=\"num\">This quarter</th><th scope=\"col\" class=\"num\">Same quarter last year</th>"
                  "<th scope=\"col\">Target</th><th scope=\"col\">RAG</th><th scope=\"col\" class=\"num\">Statistical neighbours</th>"
                  "<th scope=\"col\" class=\"num\">England</th><th scope=\"col\">Rank</th><th scope=\"col\">Quartile</th></tr></thead><tbody>\n";
  for (const auto& m : r.measures) {
    auto u = m.def->unit;
    const auto& b = m.benchmark;
    h += "<tr><th scope=\"row\"><a href=\"#m-" + esc(m.def->id) + "\">" + esc(m.def->label) + "</a></th><td class=\"num\">" +
         esc(format::value(m.value, u)) + "</td><td class=\"num\">" + esc(format::value(m.trend.front().value, u)) + "</td><td>" +
         esc(target_text(m)) + "</td><td>" + rag_span(m.rag) + "</td><td class=\"num\">" +
         esc(b.time_period ? format::value(b.neighbours_mean, u) : "n/a") + "</td><td class=\"num\">" +
         esc(b.time_period ? format::value(b.england, u) : "n/a") + "</td><td>" + esc(b.rank.empty() ? "n/a" : b.rank) + "</td><td>" +
         esc(b.quartile.empty() ? "n/a" : b.quartile) + "</td></tr>\n";
  }
  return h + "</tbody></table>\n<p class=\"note\">Benchmarks are the latest year the Department for Education has published (shown with each "
             "measure below); statistical neighbours are the mean of the council's ten neighbours (May 2025 model). Rank 1 is the best in England; measures with no better direction (such as the CLA rate) rank the lowest first.</p>\n";
}

std::string chart(const Measure& m) {
  const double w = 560, h = 220, left = 70, right = 20, top = 15, bottom = 40;
  auto a = format::axis(m.trend);
  std::string id = std::string(m.def->id);
  std::string s = fmt::format("<svg role=\"img\" aria-labelledby=\"t-{0} d-{0}\" viewBox=\"0 0 {1} {2}\" width=\"{1}\" height=\"{2}\">", id, w, h);
  s += "<title id=\"t-" + id + "\">" + esc(std::string(m.def->label) + ", five quarters") + "</title><desc id=\"d-" + id + "\">" +
       esc(format::trend_sentence(m)) + "</desc>";
  double plot_w = w - left - right, plot_h = h - top - bottom;
  auto y = [&](double v) { return top + plot_h * (1 - v / a.max); };
  auto x = [&](std::size_t i) { return left + plot_w * (double(i) + 0.5) / double(m.trend.size()); };
  for (double t : a.ticks)
    s += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#b1b4b6\"/><text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>",
                     left, w - right, y(t), y(t), left - 6, y(t) + 4, esc(format::tick(t, m.def->unit)));
  std::string path;
  for (std::size_t i = 0; i < m.trend.size(); ++i) {
    s += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>", x(i), h - 12, esc(m.trend[i].quarter));
    auto v = format::number(m.trend[i].value);
    if (!v) {
      path += " ";  // a suppressed or missing quarter breaks the line
      continue;
    }
    path += fmt::format("{}{:.1f},{:.1f}", path.empty() || path.back() == ' ' ? "M" : " L", x(i), y(*v));
    s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"#1d70b8\"/>", x(i), y(*v));
  }
  if (path.find('M') != std::string::npos) s += "<path d=\"" + path + "\" fill=\"none\" stroke=\"#1d70b8\" stroke-width=\"2.5\"/>";
  return s + "</svg>";
}

std::string measure_section(const Measure& m) {
  auto u = m.def->unit;
  std::string id = std::string(m.def->id);
  std::string h = "<section class=\"measure\" id=\"m-" + id + "\"><h3>" + esc(m.def->label) + "</h3>\n<p class=\"note\">" + esc(m.def->definition) + "</p>\n";
  h += "<figure>" + chart(m) + "</figure>\n<table><caption>" + esc(m.def->label) + ": the numbers in the chart</caption><thead><tr><th scope=\"col\">Quarter</th>"
       "<th scope=\"col\" class=\"num\">Value</th></tr></thead><tbody>";
  for (const auto& p : m.trend) h += "<tr><th scope=\"row\">" + esc(p.quarter) + "</th><td class=\"num\">" + esc(format::value(p.value, u)) + "</td></tr>";
  h += "</tbody></table>\n<dl>";
  if (m.def->counts_children)
    h += "<dt>This quarter</dt><dd>" + esc(format::value(m.value, u)) + " (<span data-count>" + esc(format::count(m.numerator)) + "</span> of <span data-count>" +
         esc(format::count(m.denominator)) + "</span>)</dd>";
  h += "<dt>Target</dt><dd>" + esc(target_text(m)) + ": " + rag_span(m.rag) + "</dd>";
  const auto& b = m.benchmark;
  if (b.time_period)
    h += fmt::format("<dt>Benchmark, {}</dt><dd>Council as published {}; statistical neighbours {}; England {}; rank {}; quartile {}. Source: {}</dd>",
                     esc(format::benchmark_when(m)), esc(format::value(b.council, u)), esc(format::value(b.neighbours_mean, u)), esc(format::value(b.england, u)),
                     esc(b.rank.empty() ? "n/a" : b.rank), esc(b.quartile.empty() ? "n/a" : b.quartile), esc(b.source));
  else
    h += "<dt>Benchmark</dt><dd>" + esc(b.note) + "</dd>";
  h += "</dl>\n";
  if (!m.commentary.empty()) h += "<h4>Commentary</h4><p>" + esc(m.commentary) + "</p>\n";
  return h + "</section>\n";
}

}  // namespace

std::string render_html(const QuarterlyReport& r, const std::string& generated_on) {
  std::string title = "Children's services quarterly performance report, " + quarter_label(r.period);
  std::string h = "<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                  "<title>" + esc(r.council_name + ": " + title) + "</title><style>" + kStyle + "</style></head>\n<body>\n<header><p>" +
                  esc(r.council_name) + "</p><h1>" + esc(title) + "</h1><p>" + esc(format::months(r.period)) + ". Produced " + esc(generated_on) +
                  " from the case record.</p></header>\n<main>\n<nav aria-label=\"Contents\"><ul><li><a href=\"#summary\">Summary</a></li>"
                  "<li><a href=\"#user-numbers\">User numbers</a></li><li><a href=\"#key-measures\">Key measures</a></li>"
                  "<li><a href=\"#detail\">Measures in detail</a></li></ul></nav>\n<h2 id=\"summary\">Summary</h2>\n";
  h += r.overall_commentary.empty() ? "<p>No overall commentary was supplied for this quarter.</p>\n" : "<p>" + esc(r.overall_commentary) + "</p>\n";
  h += "<p class=\"note\">" + esc(format::kSuppressionNote) + "</p>\n";
  h += user_numbers(r) + measures_table(r) + "<h2 id=\"detail\">Measures in detail</h2>\n";
  for (const auto& m : r.measures) h += measure_section(m);
  h += "</main>\n<footer><p class=\"note\">" + esc(format::kAttribution) + "</p></footer>\n</body></html>\n";
  return h;
}

}  // namespace kith::report
