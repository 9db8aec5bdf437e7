// The quarterly report end to end on a small synthetic council: `kith report
// quarterly` in each format, then every output read back as a reader would (HTML
// text, the XLSX's sheet XML, the PDF's content streams) to check that no count
// of 1-5 children survives and no table total can be differenced to recover one.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

#include "fixtures/kith_cli.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "report/quarterly_report.h"
#include "report/render.h"
#include "store/database.h"
#include "synth/synth.h"

namespace kith::report {
namespace {

using kith::testing::run_command;
using kith::testing::run_kith;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void spit(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

// A whole cell or text that is a count of 1 to 5 (thousands separators allowed).
bool small_count(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  static const std::regex kInt("\\s*[1-5]\\s*");
  return std::regex_match(s, kInt);
}

// Reading a row of a one-way table (parts then total) as an attacker would: when the total is
// shown, total - shown parts = the sum of the hidden ones. One hidden part is then revealed,
// and so is every hidden part when that sum equals their number (each is at least 1: zeros are shown).
void expect_not_differencable(const std::vector<std::string>& parts, const std::string& total, const std::string& where) {
  if (total == "c") return;
  long rest = std::stol(total);
  int hidden = 0;
  for (const auto& p : parts) {
    if (p == "c") ++hidden;
    else rest -= std::stol(p);
  }
  EXPECT_NE(hidden, 1) << where << ": a single hidden cell is the total minus the others";
  if (hidden > 1) {
    EXPECT_GT(rest, hidden) << where << ": the hidden cells' sum pins each of them down";
  }
}

std::string strip_commas(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ','), s.end());
  return s;
}

// The synthetic council, its outputs and the model built in-process, once for the suite.
class SyntheticCouncilReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new kith::testing::TempDir;
    // Generated in-process so the suppression tests need only the library; the CLI tests
    // below run the kith binary over the same store.
    {
      auto created = store::Database::open(db(), {.create = true});
      ASSERT_TRUE(created.is_ok()) << created.status().message();
      auto stats = synth::generate(**created, council());
      ASSERT_TRUE(stats.is_ok()) << stats.status().message();
    }
    spit(dir_->file("targets.csv"), "indicator,target,direction,amber_tolerance\nre_referrals_pct,20,lower_is_better,2\n"
                                    "assessments_45wd_pct,85,higher_is_better,5\nagency_rate_pct,15,lower_is_better,3\n");
    spit(dir_->file("commentary.md"), "# Q3\n## overall\nDemand is steady.\n## cla_per_10k\nEntries to care fell.\n");
    auto opened = store::Database::open(db(), {.create = false, .read_only = true});
    ASSERT_TRUE(opened.is_ok());
    ReportOptions o;
    o.data_dir = std::string(KITH_SOURCE_DIR) + "/data";
    o.targets = *read_targets(dir_->file("targets.csv"), report_measure_ids());
    o.commentary = *read_commentary(dir_->file("commentary.md"), commentary_keys());
    auto built = build_quarterly_report(**opened, *insight::parse_period("2025Q3"), o);
    ASSERT_TRUE(built.is_ok()) << built.status().message();
    model_ = new QuarterlyReport(*built);
    spit(dir_->file("q3.html"), render_html(*model_, "1 January 2026"));
    ASSERT_TRUE(write_xlsx(*model_, "1 January 2026", dir_->file("q3.xlsx")).is_ok());
    ASSERT_TRUE(write_pdf(*model_, "1 January 2026", dir_->file("plain.pdf"), {.compress = false}).is_ok());
  }
  // A small synthetic council (seed 11, a twentieth of its size, two years to December 2025).
  static synth::Options council() {
    synth::Options o;
    o.seed = 11;
    o.scale = 0.05;
    o.years = 2;
    o.until = Date::ymd(2025, 12, 31);
    o.demo_users = false;
    o.data_dir = std::string(KITH_SOURCE_DIR) + "/data";
    return o;
  }
  static void TearDownTestSuite() {
    delete model_;
    delete dir_;
  }
  static std::string db() { return dir_->file("synth.db"); }

  static kith::testing::TempDir* dir_;
  static QuarterlyReport* model_;
};
kith::testing::TempDir* SyntheticCouncilReport::dir_ = nullptr;
QuarterlyReport* SyntheticCouncilReport::model_ = nullptr;

std::vector<std::string> all_matches(const std::string& text, const std::regex& re, int group = 1) {
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) out.push_back((*it)[group]);
  return out;
}

TEST_F(SyntheticCouncilReport, TheModelHasRealNumbersAndSomeSuppression) {
  // Guards the tests below: a council where nothing is shown, or nothing hidden, would prove little.
  int shown = 0, hidden = 0;
  for (const auto& u : model_->users)
    for (const auto& c : u.by_locality) (c == "c" ? hidden : shown) += c != "0";
  EXPECT_GT(shown, 5);
  EXPECT_GT(hidden, 0);
  EXPECT_GE(model_->localities.size(), 2u);
}

TEST_F(SyntheticCouncilReport, HtmlShowsNoSmallCountAndNoDifferencableTotal) {
  std::string html = slurp(dir_->file("q3.html"));
  ASSERT_NE(html.find("<!DOCTYPE html>"), std::string::npos);
  // Every count cell (marked data-count) is c, 0 or over 5, and there are as many as the model has counts.
  auto counts = all_matches(html, std::regex("data-count>([^<]*)<"));
  std::size_t counting = 0;
  for (const auto& m : model_->measures) counting += m.def->counts_children ? 2 : 0;
  EXPECT_EQ(counts.size(), model_->users.size() * (model_->localities.size() + 1 + model_->quarters.size()) + counting);
  for (const auto& c : counts) EXPECT_FALSE(small_count(c)) << "count cell " << c;
  // No text anywhere (tables, chart labels, headings) is a bare 1-5.
  for (const auto& t : all_matches(html, std::regex(">([^<]+)<"))) EXPECT_FALSE(small_count(t)) << "text node '" << t << "'";
  // The by-locality table, row by row, cannot be differenced.
  auto table = html.substr(html.find("id=\"users-by-locality\""));
  table = table.substr(0, table.find("</table>"));
  int rows = 0;
  for (const auto& row : all_matches(table, std::regex("<tr><th scope=\"row\">(.*?)</tr>"))) {
    auto cells = all_matches(row, std::regex("data-count>([^<]*)<"));
    for (auto& c : cells) c = strip_commas(c);
    ASSERT_EQ(cells.size(), model_->localities.size() + 1);
    expect_not_differencable({cells.begin(), cells.end() - 1}, cells.back(), "HTML row " + row.substr(0, 40));
    ++rows;
  }
  EXPECT_EQ(rows, int(model_->users.size()));
  // Accessible charts: one SVG per measure, each with a title and a description.
  EXPECT_EQ(all_matches(html, std::regex("<svg role=\"img\"()")).size(), model_->measures.size());
  EXPECT_EQ(all_matches(html, std::regex("<desc id=\"d-()")).size(), model_->measures.size());
  EXPECT_NE(html.find("Entries to care fell."), std::string::npos);
}

// Values derived from a hidden count are hidden (a shown rate and denominator would give the count back).
TEST_F(SyntheticCouncilReport, ModelHidesValuesOfHiddenCounts) {
  for (const auto& m : model_->measures) {
    if (m.numerator == "c" || m.denominator == "c") {
      EXPECT_EQ(m.value, "c") << m.def->id;
    }
    EXPECT_FALSE(small_count(m.numerator)) << m.def->id;
    EXPECT_FALSE(small_count(m.denominator)) << m.def->id;
  }
  // The CLA count in user numbers and the CLA rate's numerator are the same published cell.
  for (const auto& u : model_->users)
    if (u.id == "cla")
      for (const auto& m : model_->measures)
        if (m.def->id == "cla_per_10k") {
          EXPECT_EQ(u.total, m.numerator);
        }
}

struct Xlsx {
  std::vector<std::string> strings;
  std::string file;
  std::string part(const std::string& name) const { return run_command("unzip -p " + file + " " + name).output; }
  // Cells of a sheet: reference -> (is number, text).
  std::map<std::string, std::pair<bool, std::string>> cells(const std::string& sheet_xml) const {
    std::map<std::string, std::pair<bool, std::string>> out;
    static const std::regex kCell("<c r=\"([A-Z]+[0-9]+)\"([^>]*)>(?:<f>[^<]*</f>)?<v>([^<]*)</v></c>");
    for (auto it = std::sregex_iterator(sheet_xml.begin(), sheet_xml.end(), kCell); it != std::sregex_iterator(); ++it) {
      bool shared = std::string((*it)[2]).find("t=\"s\"") != std::string::npos;
      out[(*it)[1]] = shared ? std::make_pair(false, strings.at(std::stoul((*it)[3]))) : std::make_pair(true, std::string((*it)[3]));
    }
    return out;
  }
};

Xlsx open_xlsx(const std::string& file) {
  Xlsx x{{}, file};
  std::string shared = x.part("xl/sharedStrings.xml");
  for (const auto& s : all_matches(shared, std::regex("<si><t[^>]*>([^<]*)</t></si>"))) x.strings.push_back(s);
  return x;
}

std::string column_letter(std::size_t c) { return c < 26 ? std::string(1, char('A' + c)) : std::string(1, char('A' + c / 26 - 1)) + char('A' + c % 26); }

TEST_F(SyntheticCouncilReport, XlsxHasTheSheetsAChartAndNoSmallCount) {
  auto x = open_xlsx(dir_->file("q3.xlsx"));
  std::string book = x.part("xl/workbook.xml");
  EXPECT_EQ(all_matches(book, std::regex("<sheet name=\"([^\"]+)\"")), (std::vector<std::string>{"Summary", "User numbers", "Trends", "Notes"}));
  EXPECT_NE(x.part("xl/charts/chart1.xml").find("<c:lineChart>"), std::string::npos);
  // "User numbers" (sheet2): every number is a count of children.
  auto users = x.cells(x.part("xl/worksheets/sheet2.xml"));
  int numbers = 0, hidden = 0;
  for (const auto& [ref, cell] : users) {
    if (cell.first) {
      ++numbers;
      EXPECT_FALSE(small_count(cell.second)) << ref << " = " << cell.second;
    }
    hidden += cell.second == "c";
  }
  EXPECT_GT(numbers, 10);
  EXPECT_GT(hidden, 0);
  // Rows 4.. hold the stages: localities in B.., then the total.
  std::size_t L = model_->localities.size();
  for (std::size_t r = 0; r < model_->users.size(); ++r) {
    std::vector<std::string> parts;
    auto text = [&](std::size_t col) {
      auto it = users.find(column_letter(col) + std::to_string(4 + r));
      return it == users.end() ? std::string("0") : it->second.second;
    };
    for (std::size_t c = 1; c <= L; ++c) parts.push_back(text(c));
    expect_not_differencable(parts, text(L + 1), "XLSX row " + std::to_string(4 + r));
    EXPECT_EQ(text(L + 1), model_->users[r].total);
  }
  // Summary (sheet1): numerators and denominators (columns J, K) are counts; values are numbers or "c".
  auto summary = x.cells(x.part("xl/worksheets/sheet1.xml"));
  for (std::size_t r = 0; r < model_->measures.size(); ++r) {
    const auto& m = model_->measures[r];
    std::string row = std::to_string(7 + r);
    for (const char* col : {"J", "K"})
      if (auto it = summary.find(col + row); it != summary.end()) {
        EXPECT_FALSE(small_count(it->second.second)) << col << row;
      }
    if (auto it = summary.find("D" + row); it != summary.end()) {
      EXPECT_EQ(it->second.first, m.value != "c") << "D" << row << ": numbers as numbers, c as text";
    }
  }
}

int pdf_pages(const std::string& pdf);

// The text a PDF shows: the strings of its Tj operators (uncompressed content streams).
std::vector<std::string> pdf_strings(const std::string& pdf) {
  std::vector<std::string> out;
  for (std::size_t at = pdf.find('('); at != std::string::npos; at = pdf.find('(', at + 1)) {
    std::string s;
    std::size_t i = at + 1;
    for (; i < pdf.size() && pdf[i] != ')'; ++i) {
      if (pdf[i] == '\\' && i + 1 < pdf.size()) {
        ++i;
        if (std::isdigit(static_cast<unsigned char>(pdf[i]))) {
          s += char(std::stoi(pdf.substr(i, 3), nullptr, 8));
          i += 2;
        } else {
          s += pdf[i];
        }
      } else {
        s += pdf[i];
      }
    }
    if (pdf.compare(i, 4, ") Tj") == 0) out.push_back(s);
    at = i;
  }
  return out;
}

int pdf_pages(const std::string& pdf) { return int(all_matches(pdf, std::regex("/Type /Page[^s]()")).size()); }

TEST_F(SyntheticCouncilReport, PdfTextShowsNoSmallCount) {
  std::string pdf = slurp(dir_->file("plain.pdf"));
  ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
  auto strings = pdf_strings(pdf);
  ASSERT_GT(strings.size(), 100u);
  int cs = 0;
  for (const auto& s : strings) {
    EXPECT_FALSE(small_count(s)) << "PDF text '" << s << "'";
    cs += s == "c";
  }
  int model_cs = 0;
  for (const auto& u : model_->users) {
    for (const auto& c : u.by_locality) model_cs += c == "c";
    model_cs += u.total == "c";
    for (const auto& p : u.trend) model_cs += p.value == "c";
  }
  EXPECT_GE(cs, model_cs) << "every hidden user number is drawn as c";
  // Title, user numbers, key measures, ten charts four to a page (3), commentary (cla_per_10k has some).
  EXPECT_EQ(pdf_pages(pdf), 7);
  EXPECT_NE(std::find(strings.begin(), strings.end(), "Page 7 of 7"), strings.end());
}

// Share of pixels darker than near-white in a binary greyscale PGM ("P5 W H 255\n" then bytes),
// as pdftoppm -gray writes it: a blank or failed page has no ink.
double ink_share(const std::string& pgm) {
  std::istringstream in(pgm);
  std::string magic;
  int w = 0, h = 0, max = 0;
  in >> magic >> w >> h >> max;
  in.get();
  if (magic != "P5" || w <= 0 || h <= 0) return -1;
  std::string pixels((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (pixels.size() < std::size_t(w) * std::size_t(h)) return -1;
  std::size_t dark = std::count_if(pixels.begin(), pixels.begin() + long(w) * h, [](char c) { return static_cast<unsigned char>(c) < 200; });
  return double(dark) / (double(w) * h);
}

// What a committee member gets: the PDF rendered to PNG pages by poppler (Debian's
// poppler-utils, an independent PDF reader), each page with ink on it, and the
// sections found in the text poppler extracts.
TEST_F(SyntheticCouncilReport, ThePdfRendersToPngPagesWithTheExpectedSections) {
  const std::string pdf = dir_->file("render.pdf");
  ASSERT_TRUE(write_pdf(*model_, "1 January 2026", pdf).is_ok());
  auto png = run_command("pdftoppm -r 40 -png " + pdf + " " + dir_->file("page"));
  ASSERT_EQ(png.code, 0) << "pdftoppm (poppler-utils, installed by scripts/install-deps.sh): " << png.output;
  for (int page = 1; page <= 7; ++page) {
    std::string image = slurp(dir_->file("page-" + std::to_string(page) + ".png"));
    ASSERT_GT(image.size(), 8u) << "page " << page << " was not rendered";
    EXPECT_EQ(image.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << "page " << page;
  }
  EXPECT_FALSE(std::filesystem::exists(dir_->file("page-8.png")));
  auto grey = run_command("pdftoppm -r 40 -gray " + pdf + " " + dir_->file("grey"));
  ASSERT_EQ(grey.code, 0) << grey.output;
  for (int page = 1; page <= 7; ++page) {
    double ink = ink_share(slurp(dir_->file("grey-" + std::to_string(page) + ".pgm")));
    EXPECT_GT(ink, 0.002) << "page " << page << " is blank or unreadable";
  }
  auto text = run_command("pdftotext -layout " + pdf + " -");
  ASSERT_EQ(text.code, 0) << text.output;
  for (const char* section : {"User numbers", "Key measures", "Commentary", "Entries to care fell.", "Page 1 of 7", "Page 7 of 7"})
    EXPECT_NE(text.output.find(section), std::string::npos) << section;
  EXPECT_NE(text.output.find(model_->council_name), std::string::npos);
}

// `kith report quarterly` end to end: each format, as a user runs it.
TEST_F(SyntheticCouncilReport, CliWritesEachFormat) {
  std::string common = "report quarterly --db " + db() + " --period 2025Q3 --targets " + dir_->file("targets.csv") + " --commentary " +
                       dir_->file("commentary.md");
  for (const char* f : {"html", "xlsx", "pdf"}) {
    auto r = run_kith(common + " --format " + f + " --out " + dir_->file(std::string("cli.") + f));
    ASSERT_EQ(r.code, 0) << f << ": " << r.output;
  }
  std::string pdf = slurp(dir_->file("cli.pdf"));
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(pdf_pages(pdf), 7);
  auto listing = run_command("unzip -l " + dir_->file("cli.xlsx"));
  EXPECT_EQ(listing.code, 0) << listing.output;
  for (const char* part : {"xl/workbook.xml", "xl/worksheets/sheet4.xml", "xl/charts/chart1.xml"})
    EXPECT_NE(listing.output.find(part), std::string::npos) << part;
  auto book = open_xlsx(dir_->file("cli.xlsx")).part("xl/workbook.xml");
  EXPECT_EQ(all_matches(book, std::regex("<sheet name=\"([^\"]+)\"")), (std::vector<std::string>{"Summary", "User numbers", "Trends", "Notes"}));
  std::string html = slurp(dir_->file("cli.html"));
  EXPECT_NE(html.find("Entries to care fell."), std::string::npos);
  for (const auto& c : all_matches(html, std::regex("data-count>([^<]*)<"))) EXPECT_FALSE(small_count(c)) << c;
}

TEST_F(SyntheticCouncilReport, CliRejectsBadInputWithClearMessages) {
  auto bad_period = run_kith("report quarterly --db " + db() + " --period 2025Q7 --format html --out " + dir_->file("x.html"));
  EXPECT_EQ(bad_period.code, 2) << bad_period.output;
  auto year = run_kith("report quarterly --db " + db() + " --period 2025-26 --format html --out " + dir_->file("x.html"));
  EXPECT_EQ(year.code, 2);
  EXPECT_NE(year.output.find("financial quarter"), std::string::npos) << year.output;
  auto missing = run_kith("report quarterly --db " + dir_->file("nope.db") + " --period 2025Q3 --format pdf --out " + dir_->file("x.pdf"));
  EXPECT_EQ(missing.code, 3) << missing.output;
  spit(dir_->file("bad.csv"), "indicator,target,direction,amber_tolerance\nre_referrals_pct,20,lower_is_better,2\nagency_rate_pct,15,downwards,1\n");
  auto bad_targets = run_kith("report quarterly --db " + db() + " --period 2025Q3 --format pdf --out " + dir_->file("x.pdf") + " --targets " +
                              dir_->file("bad.csv"));
  EXPECT_EQ(bad_targets.code, 2);
  EXPECT_NE(bad_targets.output.find(dir_->file("bad.csv") + " line 3: direction 'downwards'"), std::string::npos) << bad_targets.output;
  EXPECT_FALSE(std::filesystem::exists(dir_->file("x.pdf"))) << "nothing is written when the input is bad";
}

// The server mode: the same council generated into PostgreSQL gives, through
// `kith report quarterly --db postgresql://...`, the very HTML the file gives
// (whose numbers and suppression the tests above check).
TEST_F(SyntheticCouncilReport, PostgresGivesTheSameReportThroughTheCli) {
  std::string url = kith::testing::new_database(kith::testing::Backend::kPostgres, *dir_);
  {
    auto created = store::Database::open(url, {.create = true});
    ASSERT_TRUE(created.is_ok()) << created.status().message();
    setenv("KITH_AUDIT_KEY", dir_->file("pg.audit-key").c_str(), 1);  // synth keeps the key of a URL here
    auto stats = synth::generate(**created, council());
    unsetenv("KITH_AUDIT_KEY");
    ASSERT_TRUE(stats.is_ok()) << stats.status().message();
  }
  std::string common = " --period 2025Q3 --targets " + dir_->file("targets.csv") + " --commentary " + dir_->file("commentary.md") + " --format html";
  auto file = run_kith("report quarterly --db " + db() + common + " --out " + dir_->file("file.html"));
  ASSERT_EQ(file.code, 0) << file.output;
  auto server = run_kith("report quarterly --db '" + url + "'" + common + " --out " + dir_->file("server.html"));
  ASSERT_EQ(server.code, 0) << server.output;
  std::string html = slurp(dir_->file("server.html"));
  EXPECT_NE(html.find(model_->council_name), std::string::npos);
  EXPECT_EQ(html, slurp(dir_->file("file.html")));
}

}  // namespace
}  // namespace kith::report
