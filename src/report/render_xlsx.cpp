// The XLSX report with libxlsxwriter, for analysts: numbers as numbers (so they
// can be charted and compared), suppressed cells as the text "c".
#include <fmt/core.h>
#include <xlsxwriter.h>

#include "insight/indicators.h"
#include "report/format.h"
#include "report/render.h"

namespace kith::report {
namespace {

struct Sheet {
  lxw_worksheet* ws;
  lxw_format* bold;

  void text(lxw_row_t r, lxw_col_t c, const std::string& s, bool strong = false) {
    worksheet_write_string(ws, r, c, s.c_str(), strong ? bold : nullptr);
  }
  // A published cell: a number when it is one, "c" as text, empty left blank.
  void cell(lxw_row_t r, lxw_col_t c, const std::string& published) {
    if (auto v = format::number(published)) worksheet_write_number(ws, r, c, *v, nullptr);
    else if (!published.empty()) text(r, c, published);
  }
};

void summary_sheet(Sheet s, const QuarterlyReport& r, const std::string& generated_on) {
  s.text(0, 0, r.council_name, true);
  s.text(1, 0, "Children's services quarterly performance report, " + quarter_label(r.period) + " (" + format::months(r.period) + ")", true);
  s.text(2, 0, "Produced " + generated_on + " from the case record. " + format::kSuppressionNote);
  s.text(3, 0, "Overall commentary");
  s.text(3, 1, r.overall_commentary);
  const char* head[] = {"Measure", "Indicator", "Unit", "This quarter", "Same quarter last year", "Target", "Direction", "Amber tolerance", "RAG",
                        "Numerator", "Denominator", "Benchmark year", "Council (published)", "Statistical neighbours", "England", "Rank",
                        "Quartile", "Benchmark source", "Commentary"};
  for (lxw_col_t c = 0; c < 19; ++c) s.text(5, c, head[c], true);
  lxw_row_t row = 6;
  for (const auto& m : r.measures) {
    const auto& b = m.benchmark;
    s.text(row, 0, std::string(m.def->label));
    s.text(row, 1, std::string(m.def->id));
    s.text(row, 2, std::string(insight::unit_name(m.def->unit)));
    s.cell(row, 3, m.value);
    s.cell(row, 4, m.trend.front().value);
    if (m.target) {
      worksheet_write_number(s.ws, row, 5, m.target->target, nullptr);
      s.text(row, 6, std::string(format::direction(m.target->direction)));
      worksheet_write_number(s.ws, row, 7, m.target->amber_tolerance, nullptr);
    }
    s.text(row, 8, std::string(rag_label(m.rag)));
    s.cell(row, 9, m.numerator);
    s.cell(row, 10, m.denominator);
    if (b.time_period) {
      s.text(row, 11, format::benchmark_when(m));
      s.cell(row, 12, b.council);
      s.cell(row, 13, b.neighbours_mean);
      s.cell(row, 14, b.england);
      s.text(row, 15, b.rank);
      s.text(row, 16, b.quartile);
      s.text(row, 17, b.source);
    } else {
      s.text(row, 17, b.note);
    }
    s.text(row, 18, m.commentary);
    ++row;
  }
  worksheet_set_column(s.ws, 0, 0, 45, nullptr);
  worksheet_set_column(s.ws, 1, 17, 14, nullptr);
  worksheet_set_column(s.ws, 18, 18, 60, nullptr);
}

// Every number on this sheet is a count of children (the suppression tests rely on it).
void user_numbers_sheet(Sheet s, const QuarterlyReport& r) {
  s.text(0, 0, "Children supported " + format::end_day(r.period) + " (contacts and referrals: during the quarter), by home locality, and the total over five quarters", true);
  s.text(2, 0, "Stage", true);
  lxw_col_t c = 1;
  for (const auto& l : r.localities) s.text(2, c++, l, true);
  s.text(2, c++, "Total " + quarter_label(r.period), true);
  lxw_col_t trend_col = c + 1;
  for (std::size_t q = 0; q < r.quarters.size(); ++q) s.text(2, lxw_col_t(trend_col + q), "Total " + r.quarters[q], true);
  lxw_row_t row = 3;
  for (const auto& u : r.users) {
    s.text(row, 0, u.label);
    for (std::size_t i = 0; i < u.by_locality.size(); ++i) s.cell(row, lxw_col_t(1 + i), u.by_locality[i]);
    s.cell(row, lxw_col_t(1 + u.by_locality.size()), u.total);
    for (std::size_t q = 0; q < u.trend.size(); ++q) s.cell(row, lxw_col_t(trend_col + q), u.trend[q].value);
    ++row;
  }
  if (!r.user_numbers_commentary.empty()) s.text(row + 1, 0, r.user_numbers_commentary);
  worksheet_set_column(s.ws, 0, 0, 45, nullptr);
  worksheet_set_column(s.ws, 1, lxw_col_t(trend_col + r.quarters.size()), 14, nullptr);
}

void trends_sheet(lxw_workbook* book, Sheet s, const QuarterlyReport& r) {
  s.text(0, 0, "Measure", true);
  s.text(0, 1, "Indicator", true);
  s.text(0, 2, "Unit", true);
  for (std::size_t q = 0; q < r.quarters.size(); ++q) s.text(0, lxw_col_t(3 + q), r.quarters[q], true);
  lxw_row_t row = 1;
  for (const auto& m : r.measures) {
    s.text(row, 0, std::string(m.def->label));
    s.text(row, 1, std::string(m.def->id));
    s.text(row, 2, std::string(insight::unit_name(m.def->unit)));
    for (std::size_t q = 0; q < m.trend.size(); ++q) s.cell(row, lxw_col_t(3 + q), m.trend[q].value);
    ++row;
  }
  // The chart reads a copy of the percentages with suppressed quarters blank:
  // Excel would plot the text "c" as 0.
  lxw_row_t data = row + 2;
  s.text(data, 0, "Chart data: the percentages above, suppressed quarters left blank", true);
  for (std::size_t q = 0; q < r.quarters.size(); ++q) s.text(data + 1, lxw_col_t(3 + q), r.quarters[q], true);
  lxw_row_t first = data + 2, last = first;
  for (const auto& m : r.measures) {
    if (m.def->unit != insight::Unit::kPercent) continue;
    s.text(last, 0, std::string(m.def->label));
    for (std::size_t q = 0; q < m.trend.size(); ++q)
      if (auto v = format::number(m.trend[q].value)) worksheet_write_number(s.ws, last, lxw_col_t(3 + q), *v, nullptr);
    ++last;
  }
  lxw_chart* chart = workbook_add_chart(book, LXW_CHART_LINE);
  chart_title_set_name(chart, "Key percentages over five quarters");
  chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
  lxw_col_t end_col = lxw_col_t(3 + r.quarters.size() - 1);
  for (lxw_row_t i = first; i < last; ++i) {
    lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(series, "Trends", data + 1, 3, data + 1, end_col);
    chart_series_set_values(series, "Trends", i, 3, i, end_col);
    chart_series_set_name_range(series, "Trends", i, 0);
  }
  chart_axis_set_name(chart->y_axis, "%");
  worksheet_insert_chart(s.ws, last + 2, 0, chart);
  worksheet_set_column(s.ws, 0, 0, 45, nullptr);
  worksheet_set_column(s.ws, 1, 8, 14, nullptr);
}

void notes_sheet(Sheet s, const QuarterlyReport& r) {
  s.text(0, 0, "Indicator", true);
  s.text(0, 1, "Measure", true);
  s.text(0, 2, "LAIT code", true);
  s.text(0, 3, "Definition", true);
  lxw_row_t row = 1;
  for (const auto& m : r.measures) {
    s.text(row, 0, std::string(m.def->id));
    s.text(row, 1, std::string(m.def->label));
    s.text(row, 2, std::string(m.def->lait_code));
    s.text(row, 3, std::string(m.def->definition));
    ++row;
  }
  s.text(row + 1, 0, format::kSuppressionNote);
  s.text(row + 2, 0, format::kAttribution);
  worksheet_set_column(s.ws, 0, 2, 24, nullptr);
  worksheet_set_column(s.ws, 3, 3, 100, nullptr);
}

}  // namespace

Status write_xlsx(const QuarterlyReport& r, const std::string& generated_on, const std::string& path) {
  lxw_workbook* book = workbook_new(path.c_str());
  if (!book) return Status::io("cannot create " + path);
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  summary_sheet({workbook_add_worksheet(book, "Summary"), bold}, r, generated_on);
  user_numbers_sheet({workbook_add_worksheet(book, "User numbers"), bold}, r);
  trends_sheet(book, {workbook_add_worksheet(book, "Trends"), bold}, r);
  notes_sheet({workbook_add_worksheet(book, "Notes"), bold}, r);
  return workbook_close(book) == LXW_NO_ERROR ? Status::ok() : Status::io("cannot write " + path);
}

}  // namespace kith::report
