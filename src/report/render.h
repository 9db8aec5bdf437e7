// The quarterly report rendered for people: HTML (self-contained, accessible,
// printable), PDF (committee papers) and XLSX (analysts). Renderers only
// format a QuarterlyReport, which is already published (suppressed), so no
// renderer can leak a count the model does not show.
//
// Thread-safety: pure functions; the writers touch only the named file.
#pragma once

#include <string>

#include "model/result.h"
#include "report/quarterly_report.h"

namespace kith::report {

// One HTML document: headings, tables with captions, inline SVG trend charts
// (each with <title>, <desc> and a table of the same numbers), print styles.
std::string render_html(const QuarterlyReport& report, const std::string& generated_on);

struct PdfOptions {
  bool compress = true;  // tests turn it off to read the text of the content streams
};
// Writes the PDF (A4 landscape, Helvetica, WinAnsi): title page, user numbers,
// measures with RAG, line charts (four a page), commentary pages when there is
// commentary; "Page n of N", the council and the quarter on every page.
// io error naming the file when it cannot be written.
Status write_pdf(const QuarterlyReport& report, const std::string& generated_on, const std::string& path, const PdfOptions& options = {});

// Writes the workbook: "Summary" (measures, RAG, benchmarks, commentary),
// "User numbers" (by locality and five quarters), "Trends" (measures by quarter,
// with a line chart), "Notes" (definitions, suppression, attribution). Numbers
// are numbers; suppressed cells are the text "c".
Status write_xlsx(const QuarterlyReport& report, const std::string& generated_on, const std::string& path);

}  // namespace kith::report
