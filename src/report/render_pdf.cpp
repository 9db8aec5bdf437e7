// The PDF report with libharu: committee papers are PDFs. A4 landscape, the
// built-in Helvetica (WinAnsi encoding, so text is converted from UTF-8), vector
// line charts drawn with path operations.
#include <fmt/core.h>
#include <hpdf.h>

#include <memory>

#include "report/format.h"
#include "report/render.h"

namespace kith::report {
namespace {

constexpr float kWidth = 841.89f, kHeight = 595.28f, kMargin = 40;

// UTF-8 to Windows-1252 (WinAnsi): Latin-1 maps straight, a few punctuation marks
// have their own bytes, anything else becomes '?'.
std::string winansi(std::string_view utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    unsigned char c = utf8[i];
    unsigned cp = c;
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    if (len > 1) {
      cp = c & (0x3f >> (len - 1));
      for (int k = 1; k < len && i + k < utf8.size(); ++k) cp = (cp << 6) | (utf8[i + k] & 0x3f);
    }
    i += len;
    if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff)) out += char(cp);
    else if (cp == 0x20ac) out += '\x80';
    else if (cp == 0x2018) out += '\x91';
    else if (cp == 0x2019) out += '\x92';
    else if (cp == 0x201c) out += '\x93';
    else if (cp == 0x201d) out += '\x94';
    else if (cp == 0x2022) out += '\x95';
    else if (cp == 0x2013) out += '\x96';
    else if (cp == 0x2014) out += '\x97';
    else out += '?';
  }
  return out;
}

struct Rgb {
  float r, g, b;
};
constexpr Rgb kBlack{0.04f, 0.05f, 0.05f}, kGrey{0.69f, 0.71f, 0.71f}, kLight{0.95f, 0.95f, 0.95f}, kBlue{0.11f, 0.44f, 0.72f},
    kGreen{0, 0.44f, 0.24f}, kAmber{1, 0.87f, 0}, kRed{0.83f, 0.21f, 0.11f}, kWhite{1, 1, 1};

void on_error(HPDF_STATUS error, HPDF_STATUS detail, void* user) {
  auto* first = static_cast<HPDF_STATUS*>(user);
  if (!*first) *first = error;
}

enum class Align { kLeft, kRight, kCentre };

class Writer {
 public:
  Writer(HPDF_Doc pdf, const QuarterlyReport& r) : pdf_(pdf), report_(r) {
    regular_ = HPDF_GetFont(pdf, "Helvetica", "WinAnsiEncoding");
    bold_ = HPDF_GetFont(pdf, "Helvetica-Bold", "WinAnsiEncoding");
  }

  HPDF_Page new_page() {
    page_ = HPDF_AddPage(pdf_);
    HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_A4, HPDF_PAGE_LANDSCAPE);
    pages_.push_back(page_);
    return page_;
  }

  void text(float x, float y, std::string_view s, float size, bool bold = false, Align align = Align::kLeft, Rgb colour = kBlack) {
    std::string t = winansi(s);
    HPDF_Page_SetFontAndSize(page_, bold ? bold_ : regular_, size);
    float w = HPDF_Page_TextWidth(page_, t.c_str());
    if (align == Align::kRight) x -= w;
    if (align == Align::kCentre) x -= w / 2;
    HPDF_Page_SetRGBFill(page_, colour.r, colour.g, colour.b);
    HPDF_Page_BeginText(page_);
    HPDF_Page_TextOut(page_, x, y, t.c_str());
    HPDF_Page_EndText(page_);
  }

  // Greedy word wrap to width; returns the y below the last line.
  float paragraph(float x, float y, float width, std::string_view s, float size, bool bold = false) {
    HPDF_Page_SetFontAndSize(page_, bold ? bold_ : regular_, size);
    std::string line, word;
    auto flush = [&] {
      if (line.empty()) return;
      if (y < kMargin + 20) {  // continue on a new page
        new_page();
        y = kHeight - kMargin;
      }
      text(x, y, line, size, bold);
      y -= size * 1.35f;
      line.clear();
    };
    std::string all(s);
    for (std::size_t i = 0; i <= all.size(); ++i) {
      if (i < all.size() && all[i] != ' ') {
        word += all[i];
        continue;
      }
      if (word.empty()) continue;
      std::string candidate = line.empty() ? word : line + " " + word;
      HPDF_Page_SetFontAndSize(page_, bold ? bold_ : regular_, size);
      if (!line.empty() && HPDF_Page_TextWidth(page_, winansi(candidate).c_str()) > width) {
        flush();
        line = word;
      } else {
        line = candidate;
      }
      word.clear();
    }
    flush();
    return y;
  }

  void rect(float x, float y, float w, float h, Rgb fill) {
    HPDF_Page_SetRGBFill(page_, fill.r, fill.g, fill.b);
    HPDF_Page_Rectangle(page_, x, y, w, h);
    HPDF_Page_Fill(page_);
  }

  void line(float x1, float y1, float x2, float y2, Rgb colour, float width = 0.5f) {
    HPDF_Page_SetRGBStroke(page_, colour.r, colour.g, colour.b);
    HPDF_Page_SetLineWidth(page_, width);
    HPDF_Page_MoveTo(page_, x1, y1);
    HPDF_Page_LineTo(page_, x2, y2);
    HPDF_Page_Stroke(page_);
  }

  // "Page n of N" with the council and quarter, once every page exists.
  void footers() {
    std::string left = report_.council_name + " - children's services quarterly report - " + quarter_label(report_.period);
    for (std::size_t i = 0; i < pages_.size(); ++i) {
      page_ = pages_[i];
      line(kMargin, 32, kWidth - kMargin, 32, kGrey);
      text(kMargin, 20, left, 8);
      text(kWidth - kMargin, 20, fmt::format("Page {} of {}", i + 1, pages_.size()), 8, false, Align::kRight);
    }
  }

  HPDF_Page page() const { return page_; }

 private:
  HPDF_Doc pdf_;
  const QuarterlyReport& report_;
  HPDF_Font regular_ = nullptr, bold_ = nullptr;
  HPDF_Page page_ = nullptr;
  std::vector<HPDF_Page> pages_;
};

void title_page(Writer& w, const QuarterlyReport& r, const std::string& generated_on) {
  w.new_page();
  float y = kHeight - 110;
  w.text(kMargin, y, r.council_name, 16, true);
  y = w.paragraph(kMargin, y - 40, kWidth - 2 * kMargin, "Children's services quarterly performance report", 28, true);
  w.text(kMargin, y - 10, quarter_label(r.period) + ": " + format::months(r.period), 18);
  w.text(kMargin, y - 36, "Produced " + generated_on + " from the case record, for Cabinet and scrutiny.", 11);
  y -= 80;
  w.text(kMargin, y, "Summary", 14, true);
  y = w.paragraph(kMargin, y - 20, kWidth - 2 * kMargin,
                  r.overall_commentary.empty() ? "No overall commentary was supplied for this quarter." : r.overall_commentary, 11);
  y = w.paragraph(kMargin, y - 12, kWidth - 2 * kMargin, format::kSuppressionNote, 9);
  w.paragraph(kMargin, y - 6, kWidth - 2 * kMargin, format::kAttribution, 9);
}

// A table row of cells; the first column left-aligned, the rest right-aligned.
void row(Writer& w, float y, const std::vector<float>& xs, const std::vector<std::string>& cells, float size, bool bold) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i == 0) w.text(xs[0], y, cells[0], size, bold);
    else w.text(xs[i + 1] - 6, y, cells[i], size, bold, Align::kRight);
  }
}

std::vector<float> columns(float first_width, std::size_t others) {
  std::vector<float> xs = {kMargin, kMargin + first_width};
  float rest = (kWidth - 2 * kMargin - first_width) / float(std::max<std::size_t>(others, 1));
  for (std::size_t i = 1; i <= others; ++i) xs.push_back(kMargin + first_width + rest * float(i));
  return xs;
}

void user_numbers_page(Writer& w, const QuarterlyReport& r) {
  w.new_page();
  float y = kHeight - kMargin - 10;
  w.text(kMargin, y, "User numbers", 18, true);
  w.text(kMargin, y - 20, "Children supported " + format::end_day(r.period) + " (contacts and referrals: during the quarter), by home locality", 10);
  float size = r.localities.size() > 8 ? 7.5f : 9;
  auto xs = columns(200, r.localities.size() + 1);
  y -= 48;
  std::vector<std::string> head = {"Stage"};
  for (const auto& l : r.localities) head.push_back(l);
  head.push_back("Total");
  row(w, y, xs, head, size, true);
  w.line(kMargin, y - 5, kWidth - kMargin, y - 5, kBlack);
  for (const auto& u : r.users) {
    y -= 18;
    std::vector<std::string> cells = {u.label};
    for (const auto& c : u.by_locality) cells.push_back(format::count(c));
    cells.push_back(format::count(u.total));
    row(w, y, xs, cells, size, false);
    w.line(kMargin, y - 5, kWidth - kMargin, y - 5, kGrey);
  }
  y -= 46;
  w.text(kMargin, y, "Over five quarters (the first is the same quarter last year)", 12, true);
  xs = columns(200, r.quarters.size());
  y -= 22;
  head = {"Stage"};
  for (const auto& q : r.quarters) head.push_back(q);
  row(w, y, xs, head, 9, true);
  w.line(kMargin, y - 5, kWidth - kMargin, y - 5, kBlack);
  for (const auto& u : r.users) {
    y -= 18;
    std::vector<std::string> cells = {u.label};
    for (const auto& p : u.trend) cells.push_back(format::count(p.value));
    row(w, y, xs, cells, 9, false);
    w.line(kMargin, y - 5, kWidth - kMargin, y - 5, kGrey);
  }
  if (!r.user_numbers_commentary.empty()) w.paragraph(kMargin, y - 30, kWidth - 2 * kMargin, r.user_numbers_commentary, 10);
}

Rgb rag_colour(Rag r) { return r == Rag::kGreen ? kGreen : r == Rag::kAmber ? kAmber : r == Rag::kRed ? kRed : kLight; }

void measures_page(Writer& w, const QuarterlyReport& r) {
  w.new_page();
  float y = kHeight - kMargin - 10;
  w.text(kMargin, y, "Key measures", 18, true);
  w.text(kMargin, y - 20, quarter_label(r.period) + " against the council's targets and the latest published benchmarks (rank 1 is the best in England)", 10);
  // Measure | This quarter | Last year | Target | RAG | Neighbours | England | Rank | Quartile
  std::vector<float> xs = {kMargin, 270, 345, 420, 540, 610, 680, 740, 790, kWidth - kMargin};
  y -= 52;
  const char* head[] = {"Measure", "This quarter", "Last year", "Target", "RAG", "Neighbours", "England", "Rank", "Quartile"};
  for (int i = 0; i < 9; ++i) w.text(i == 0 || i == 3 || i == 4 || i >= 7 ? xs[i] : xs[i + 1] - 6, y, head[i], 8.5f, true,
                                     i == 0 || i == 3 || i == 4 || i >= 7 ? Align::kLeft : Align::kRight);
  w.line(kMargin, y - 6, kWidth - kMargin, y - 6, kBlack);
  for (const auto& m : r.measures) {
    y -= 34;
    auto u = m.def->unit;
    const auto& b = m.benchmark;
    w.paragraph(xs[0], y + 8, xs[1] - xs[0] - 10, std::string(m.def->label), 8.5f);
    w.text(xs[2] - 6, y, format::value(m.value, u), 9, true, Align::kRight);
    w.text(xs[3] - 6, y, format::value(m.trend.front().value, u), 9, false, Align::kRight);
    std::string target = m.target ? format::value(fmt::format("{:g}", m.target->target), u) + (m.target->direction == Direction::kHigherIsBetter ? " or more" : " or less") : "None set";
    w.text(xs[3], y, target, 8.5f);
    w.rect(xs[4], y - 5, 62, 16, rag_colour(m.rag));
    w.text(xs[4] + 31, y, std::string(rag_label(m.rag)), 8, true, Align::kCentre, m.rag == Rag::kGreen || m.rag == Rag::kRed ? kWhite : kBlack);
    w.text(xs[6] - 6, y, b.time_period ? format::value(b.neighbours_mean, u) : "n/a", 9, false, Align::kRight);
    w.text(xs[7] - 6, y, b.time_period ? format::value(b.england, u) : "n/a", 9, false, Align::kRight);
    w.text(xs[7], y, b.rank.empty() ? "n/a" : b.rank, 8.5f);
    w.text(xs[8], y, b.quartile.empty() ? "n/a" : b.quartile, 8.5f);
    w.line(kMargin, y - 12, kWidth - kMargin, y - 12, kGrey);
  }
  w.paragraph(kMargin, y - 30, kWidth - 2 * kMargin,
              "Benchmarks: the latest year the Department for Education has published for the council (see each chart); neighbours are the "
              "mean of the council's ten statistical neighbours (May 2025 model). Counts behind each measure are in the HTML and XLSX versions.",
              8.5f);
}

// One chart in the box with lower-left corner (x, y), size bw x bh.
void chart(Writer& w, const Measure& m, float x, float y, float bw, float bh) {
  w.text(x, y + bh - 12, std::string(m.def->label), 10, true);
  std::string sub = "This quarter " + format::value(m.value, m.def->unit) + (m.target ? "; target " + format::value(fmt::format("{:g}", m.target->target), m.def->unit) + " (" + std::string(rag_label(m.rag)) + ")" : "");
  w.text(x, y + bh - 26, sub, 8.5f);
  float left = x + 50, right = x + bw - 10, bottom = y + 40, top = y + bh - 40;
  auto a = format::axis(m.trend);
  auto py = [&](double v) { return bottom + float(v / a.max) * (top - bottom); };
  auto px = [&](std::size_t i) { return left + (right - left) * (float(i) + 0.5f) / float(m.trend.size()); };
  for (double t : a.ticks) {
    w.line(left, py(t), right, py(t), kLight, 0.7f);
    w.text(left - 5, py(t) - 3, format::tick(t, m.def->unit), 7.5f, false, Align::kRight);
  }
  w.line(left, bottom, right, bottom, kBlack, 0.8f);
  // Labels first: text cannot be shown while a path is being built.
  for (std::size_t i = 0; i < m.trend.size(); ++i) {
    w.text(px(i), bottom - 14, m.trend[i].quarter, 7.5f, false, Align::kCentre);
    if (!format::number(m.trend[i].value))
      w.text(px(i), bottom + 4, format::value(m.trend[i].value, m.def->unit), 7.5f, false, Align::kCentre, kGrey);
  }
  HPDF_Page p = w.page();
  HPDF_Page_SetRGBStroke(p, kBlue.r, kBlue.g, kBlue.b);
  HPDF_Page_SetLineWidth(p, 2);
  bool drawing = false;  // a suppressed quarter breaks the line
  for (std::size_t i = 0; i < m.trend.size(); ++i) {
    auto v = format::number(m.trend[i].value);
    if (!v) {
      if (drawing) HPDF_Page_Stroke(p);
      drawing = false;
      continue;
    }
    if (drawing) HPDF_Page_LineTo(p, px(i), py(*v));
    else HPDF_Page_MoveTo(p, px(i), py(*v));
    drawing = true;
  }
  if (drawing) HPDF_Page_Stroke(p);
  for (std::size_t i = 0; i < m.trend.size(); ++i)
    if (auto v = format::number(m.trend[i].value)) {
      HPDF_Page_SetRGBFill(p, kBlue.r, kBlue.g, kBlue.b);
      HPDF_Page_Circle(p, px(i), py(*v), 3);
      HPDF_Page_Fill(p);
    }
  const auto& b = m.benchmark;
  std::string bench = b.time_period ? "Benchmark " + format::benchmark_when(m) + ": neighbours " + format::value(b.neighbours_mean, m.def->unit) +
                                          ", England " + format::value(b.england, m.def->unit) + (b.rank.empty() ? "" : ", rank " + b.rank)
                                    : "Benchmark: " + b.note;
  w.text(x, y + 8, bench, 7.5f, false, Align::kLeft, kBlack);
}

void chart_pages(Writer& w, const QuarterlyReport& r) {
  const float bw = (kWidth - 2 * kMargin - 20) / 2, bh = (kHeight - 2 * kMargin - 40) / 2;
  for (std::size_t i = 0; i < r.measures.size(); ++i) {
    if (i % 4 == 0) {
      w.new_page();
      w.text(kMargin, kHeight - kMargin - 10, "Trends over five quarters", 14, true);
    }
    std::size_t slot = i % 4;
    float x = kMargin + float(slot % 2) * (bw + 20);
    float y = kHeight - kMargin - 30 - float(slot / 2 + 1) * bh;
    chart(w, r.measures[i], x, y, bw, bh);
  }
}

void commentary_pages(Writer& w, const QuarterlyReport& r) {
  bool any = false;
  for (const auto& m : r.measures) any = any || !m.commentary.empty();
  if (!any) return;
  w.new_page();
  float y = kHeight - kMargin - 10;
  w.text(kMargin, y, "Commentary", 18, true);
  y -= 30;
  for (const auto& m : r.measures) {
    if (m.commentary.empty()) continue;
    y = w.paragraph(kMargin, y, kWidth - 2 * kMargin, std::string(m.def->label), 11, true);
    y = w.paragraph(kMargin, y - 2, kWidth - 2 * kMargin, m.commentary, 10) - 10;
  }
}

}  // namespace

Status write_pdf(const QuarterlyReport& r, const std::string& generated_on, const std::string& path, const PdfOptions& options) {
  HPDF_STATUS error = 0;
  std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, void (*)(HPDF_Doc)> pdf(HPDF_New(on_error, &error), HPDF_Free);
  if (!pdf) return Status::io("cannot create a PDF document for " + path);
  if (options.compress) HPDF_SetCompressionMode(pdf.get(), HPDF_COMP_ALL);
  std::string title = winansi(r.council_name + ": children's services quarterly performance report, " + quarter_label(r.period));
  HPDF_SetInfoAttr(pdf.get(), HPDF_INFO_TITLE, title.c_str());
  HPDF_SetInfoAttr(pdf.get(), HPDF_INFO_CREATOR, "Kith");
  Writer w(pdf.get(), r);
  title_page(w, r, generated_on);
  user_numbers_page(w, r);
  measures_page(w, r);
  chart_pages(w, r);
  commentary_pages(w, r);
  w.footers();
  if (error) return Status::io(fmt::format("cannot lay out the PDF for {} (libharu error {:#x})", path, error));
  if (HPDF_SaveToFile(pdf.get(), path.c_str()) != HPDF_OK || error) return Status::io("cannot write " + path);
  return Status::ok();
}

}  // namespace kith::report
