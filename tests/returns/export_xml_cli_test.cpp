// `kith export 903 --format xml`, `kith validate|import 903 FILE.xml`, the
// encrypted Annex A / API exports and the streamed CIN export, as a council would
// run them on a generated council. The XML and CSV forms of the same return must
// read back to the same tables and give the same findings; an encrypted export
// must decrypt to the bytes of the plain one and be unreadable without the key.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <tuple>

#include "fixtures/files.h"
#include "fixtures/kith_cli.h"
#include "fixtures/tiny_council.h"
#include "returns/ssda903/reader.h"
#include "returns/ssda903/xml_reader.h"
#include "returns/ssda903/xml_writer.h"

namespace {

namespace fs = std::filesystem;
namespace s903 = kith::returns::ssda903;
using kith::testing::run_kith;
using kith::testing::read_file;
using kith::testing::lines_of;

const std::string kXsd = std::string(KITH_SOURCE_DIR) + "/data/spec/ssda903/ssda903_xml_schema_2021.xsd";

// A recipient's key file in the format `kith decrypt --key` takes (32 bytes as hex).
void write_key(const std::string& path, char digit) {
  std::ofstream(path) << "kith-file-key-v1:" << std::string(64, digit) << "\n";
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
}

// A copy of a CSV folder without one table's file.
std::string without(const std::string& dir, const std::string& file, const std::string& copy) {
  fs::create_directories(copy);
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename() != file) fs::copy_file(e.path(), copy + "/" + e.path().filename().string(), fs::copy_options::overwrite_existing);
  return copy;
}

// Two councils generated once for this file: clean, and with 5% seeded faults (so
// the findings compared below are not all empty).
class XmlExports : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new kith::testing::TempDir();
    for (auto [name, errors] : {std::pair{"clean", "0"}, {"faulty", "0.05"}}) {
      auto r = run_kith("synth --seed 2 --scale 0.15 --until 2026-06-30 --no-demo-users --errors " + std::string(errors) + " --db " +
                        dir_->file(std::string(name) + ".db"));
      ASSERT_EQ(r.code, 0) << r.output;
    }
    write_key(dir_->file("recipient.key"), 'a');
    write_key(dir_->file("other.key"), 'b');
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string file(const std::string& name) { return dir_->file(name); }
  static std::string db(const std::string& name) { return file(name + ".db"); }
  static kith::testing::TempDir* dir_;
};
kith::testing::TempDir* XmlExports::dir_ = nullptr;

void expect_same_tables(const s903::Return903& csv, const s903::Return903& xml, const std::string& suffix) {
  for (std::string_view t : s903::xml_tables()) {
    std::string name = std::string(t) + suffix;
    const s903::Table* a = csv.table(name);
    const s903::Table* b = xml.table(name);
    ASSERT_NE(a, nullptr) << name;
    ASSERT_NE(b, nullptr) << name;
    // The XML Header also keeps HEADER/UASC as given (the CSV form derives it later).
    auto xml_columns = a->column_names();
    if (t == "Header") xml_columns.push_back("UASC");
    ASSERT_EQ(xml_columns, b->column_names()) << name;
    ASSERT_EQ(a->rows(), b->rows()) << name;
    for (const auto& c : a->column_names())
      for (std::size_t row = 0; row < a->rows(); ++row)
        ASSERT_EQ((*a->column(c))[row], (*b->column(c))[row]) << name << "." << c << " data row " << row + 1;
  }
}

TEST_F(XmlExports, CsvAndXmlOfTheSameReturnReadBackToTheSameTables) {
  for (const char* council : {"clean"}) {
    std::string csv = file(std::string(council) + "_csv"), xml = file(std::string(council) + ".xml");
    auto c = run_kith("export 903 --db " + db(council) + " --year 2025/26 --la E06000020 --out " + csv);
    ASSERT_EQ(c.code, 0) << c.output;
    auto x = run_kith("export 903 --format xml --db " + db(council) + " --year 2025/26 --la E06000020 --out " + xml);
    ASSERT_EQ(x.code, 0) << x.output;
    // The 2021 form has no social-worker episodes: the export says what it left out.
    EXPECT_NE(x.output.find("left out of the XML form: SWEpisodes"), std::string::npos) << x.output;
    EXPECT_EQ(fs::status(xml).permissions() & fs::perms::others_read, fs::perms::none) << "personal data is written 0600";

    s903::Return903 from_csv, from_xml;
    std::vector<std::string> warnings;
    ASSERT_TRUE(s903::add_folder(csv, 2026, "", from_csv, warnings));
    auto errors = s903::add_xml_file(xml, kXsd, "", from_xml);
    ASSERT_TRUE(errors) << errors.status().message();
    EXPECT_TRUE(errors->empty()) << (*errors)[0];
    ASSERT_GT(from_csv.table("Header")->rows(), 20u) << "a council of some size";
    ASSERT_GT(from_csv.table("Episodes")->rows(), from_csv.table("Header")->rows() / 2);
    expect_same_tables(from_csv, from_xml, "");
  }
}

// The seeded faults include blank LS and PLACE, which the XSD rejects: the export refuses to write
// such a return (the CSV form carries it).
TEST_F(XmlExports, AReturnBreakingTheXsdIsNotWritten) {
  auto x = run_kith("export 903 --format xml --db " + db("faulty") + " --year 2025/26 --la E06000020 --out " + file("refused.xml"));
  EXPECT_EQ(x.code, 1) << x.output;
  EXPECT_NE(x.output.find("schema: " + file("refused.xml") + " line "), std::string::npos) << x.output;
  EXPECT_NE(x.output.find("breaks the SSDA903 XML schema"), std::string::npos) << x.output;
  EXPECT_NE(x.output.find("nothing written"), std::string::npos) << x.output;
  EXPECT_FALSE(fs::exists(file("refused.xml")));
}

// The faulty council's CSV tables, written in the XML form by the library (the command would refuse
// them, above): `kith validate 903` reports the schema errors and still runs every rule, and the
// findings are those of the CSV files.
TEST_F(XmlExports, CsvAndXmlOfTheSameReturnGiveTheSameFindings) {
  // Both years, for the rules that compare with the previous return.
  for (auto [year, name, end] : {std::tuple{"2025/26", "cur", 2026}, {"2024/25", "prev", 2025}}) {
    std::string csv = file(std::string("f_") + name);
    ASSERT_EQ(run_kith("export 903 --db " + db("faulty") + " --year " + year + " --la E06000020 --out " + csv).code, 0);
    s903::Return903 tables;
    std::vector<std::string> warnings;
    ASSERT_TRUE(s903::add_folder(csv, end, "", tables, warnings));
    auto xml = s903::to_xml(tables);
    ASSERT_TRUE(xml) << xml.status().message();
    std::ofstream(csv + ".xml") << xml->xml;
  }
  // The XML form carries no SWEpisodes, so the CSV side is validated without that table too.
  std::string cur = without(file("f_cur"), "SWEpisodes.csv", file("f_cur_nosw")), prev = without(file("f_prev"), "SWEpisodes.csv", file("f_prev_nosw"));
  auto vc = run_kith("validate 903 " + cur + " --previous " + prev + " --year 2025/26 --la E06000020 --format csv --out " + file("fc.csv"));
  auto vx = run_kith("validate 903 " + file("f_cur.xml") + " --previous " + file("f_prev.xml") +
                     " --year 2025/26 --la E06000020 --format csv --out " + file("fx.csv"));
  EXPECT_EQ(vc.code, 1) << vc.output;  // the seeded faults are errors
  EXPECT_EQ(vx.code, 2) << vx.output;  // ... and the blank LS/PLACE break the XSD
  EXPECT_NE(vx.output.find("does not match its schema"), std::string::npos) << vx.output;
  auto csv_findings = lines_of(read_file(file("fc.csv"))), xml_findings = lines_of(read_file(file("fx.csv")));
  EXPECT_GT(csv_findings.size(), 10u);
  EXPECT_EQ(csv_findings, xml_findings);
}

TEST_F(XmlExports, AnXmlFileBreakingTheSchemaIsReportedAndTheRulesStillRun) {
  ASSERT_EQ(run_kith("export 903 --format xml --db " + db("clean") + " --year 2025/26 --la E06000020 --out " + file("s.xml")).code, 0);
  std::string text = read_file(file("s.xml"));
  std::size_t at = text.find("<ETHNIC>");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 8, "<ETHNIC>TOOLONG");  // ETHNIC has length 4
  std::size_t line = std::count(text.begin(), text.begin() + at, '\n') + 1;
  std::ofstream(file("broken.xml")) << text;
  auto v = run_kith("validate 903 " + file("broken.xml") + " --year 2025/26 --la E06000020 --format csv --out " + file("b.csv"));
  EXPECT_EQ(v.code, 2) << v.output;
  EXPECT_NE(v.output.find("schema: " + file("broken.xml") + " line " + std::to_string(line) + ":"), std::string::npos) << v.output;
  EXPECT_NE(v.output.find("does not match its schema (1 errors)"), std::string::npos) << v.output;
  EXPECT_TRUE(fs::exists(file("b.csv"))) << "the findings are still written";
  // The import refuses it whole.
  auto i = run_kith("import 903 " + file("broken.xml") + " --year 2025/26 --db " + file("broken_import.db"));
  EXPECT_EQ(i.code, 2) << i.output;
  EXPECT_NE(i.output.find("does not match the SSDA903 XML schema"), std::string::npos) << i.output;
}

TEST_F(XmlExports, ABombIsRefusedByValidateAndImport) {
  std::ofstream(file("bomb.xml")) << "<?xml version=\"1.0\"?>\n<!DOCTYPE EXPSSDA903 [\n<!ENTITY a \"aaaaaaaaaa\">\n"
                                     "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n<EXPSSDA903>&b;</EXPSSDA903>\n";
  auto v = run_kith("validate 903 " + file("bomb.xml") + " --year 2025/26 --la E06000020");
  EXPECT_EQ(v.code, 2) << v.output;
  EXPECT_NE(v.output.find("bomb.xml line 2: a DOCTYPE is not allowed"), std::string::npos) << v.output;
  auto i = run_kith("import 903 " + file("bomb.xml") + " --year 2025/26 --db " + file("bomb.db"));
  EXPECT_EQ(i.code, 2) << i.output;
  EXPECT_NE(i.output.find("a DOCTYPE is not allowed"), std::string::npos) << i.output;
}

// Import from the XML form, then export as CSV: the tables the XML carries come back.
TEST_F(XmlExports, ImportFromXmlThenExportGivesBackTheSameRows) {
  for (auto [year, name] : {std::pair{"2025/26", "i_cur"}, {"2024/25", "i_prev"}}) {
    ASSERT_EQ(run_kith("export 903 --db " + db("clean") + " --year " + year + " --la E06000020 --out " + file(name)).code, 0);
    ASSERT_EQ(run_kith("export 903 --format xml --db " + db("clean") + " --year " + year + " --la E06000020 --out " + file(std::string(name) + ".xml")).code, 0);
  }
  // The import's temporary copy goes under a folder of this test's own (TMPDIR), so other tests running at
  // the same time cannot be mistaken for a copy left behind.
  const std::string tmp = file("import_tmp");
  fs::create_directories(tmp);
  auto imported = kith::testing::run_command("TMPDIR=" + tmp + " " + std::string(KITH_BINARY) + " import 903 " + file("i_cur.xml") + " --previous " +
                                             file("i_prev.xml") + " --year 2025/26 --db " + file("from_xml.db"));
  ASSERT_EQ(imported.code, 0) << imported.output;
  ASSERT_EQ(run_kith("export 903 --db " + file("from_xml.db") + " --year 2025/26 --la E06000020 --out " + file("i_back")).code, 0);
  for (std::string_view t : s903::xml_tables()) {
    auto a = lines_of(read_file(file("i_cur") + "/" + std::string(t) + ".csv")), b = lines_of(read_file(file("i_back") + "/" + std::string(t) + ".csv"));
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    EXPECT_EQ(a, b) << t;
  }
  // No temporary copy is left behind.
  EXPECT_TRUE(fs::is_empty(tmp)) << fs::directory_iterator(tmp)->path();
}

TEST_F(XmlExports, AnEncrypted903XmlDecryptsToThePlainOne) {
  ASSERT_EQ(run_kith("export 903 --format xml --db " + db("clean") + " --year 2025/26 --la E06000020 --out " + file("p903.xml")).code, 0);
  auto e = run_kith("export 903 --format xml --db " + db("clean") + " --year 2025/26 --la E06000020 --out " + file("e903.xml.kse") +
                    " --encrypt-to " + file("recipient.key"));
  ASSERT_EQ(e.code, 0) << e.output;
  ASSERT_EQ(run_kith("decrypt " + file("e903.xml.kse") + " --key " + file("recipient.key") + " --out " + file("d903.xml")).code, 0);
  EXPECT_EQ(read_file(file("d903.xml")), read_file(file("p903.xml")));
  EXPECT_EQ(read_file(file("e903.xml.kse")).find("<EXPSSDA903>"), std::string::npos);
}

// The recipient decrypts the same bytes; another key, or none, reads nothing.
void expect_sealed_copy_of(const std::string& sealed, const std::string& plain, const std::string& key, const std::string& wrong_key,
                           const std::string& out) {
  ASSERT_TRUE(fs::exists(sealed)) << sealed;
  auto d = run_kith("decrypt " + sealed + " --key " + key + " --out " + out);
  ASSERT_EQ(d.code, 0) << d.output;
  EXPECT_EQ(read_file(out), read_file(plain)) << sealed;
  auto wrong = run_kith("decrypt " + sealed + " --key " + wrong_key + " --out " + out + ".wrong");
  EXPECT_NE(wrong.code, 0) << wrong.output;
  EXPECT_FALSE(fs::exists(out + ".wrong"));
  // No plaintext in the sealed file: the first 64 bytes of the plain export do not occur in it.
  std::string head = read_file(plain).substr(0, 64);
  EXPECT_EQ(read_file(sealed).find(head), std::string::npos) << sealed;
}

TEST_F(XmlExports, AnEncryptedAnnexADecryptsToThePlainWorkbook) {
  ASSERT_EQ(run_kith("export annex-a --db " + db("clean") + " --as-of 2026-03-31 --out " + file("plain_annex.xlsx")).code, 0);
  auto e = run_kith("export annex-a --db " + db("clean") + " --as-of 2026-03-31 --out " + file("sealed_annex.xlsx") + " --encrypt-to " +
                    file("recipient.key"));
  ASSERT_EQ(e.code, 0) << e.output;
  EXPECT_NE(e.output.find("sealed_annex.xlsx.kse"), std::string::npos) << e.output;
  EXPECT_FALSE(fs::exists(file("sealed_annex.xlsx"))) << "the plaintext is removed";
  // The workbook records when it was created (docProps/core.xml, to the second): the two runs can
  // differ there only, so the workbooks are compared part by part, with that time blanked.
  auto parts = [](const std::string& xlsx) { return lines_of(kith::testing::run_command("unzip -Z1 " + xlsx).output); };
  auto part = [](const std::string& xlsx, const std::string& name) {
    std::string text = kith::testing::run_command("unzip -p " + xlsx + " " + name).output;
    return std::regex_replace(text, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"), "TIME");
  };
  ASSERT_EQ(run_kith("decrypt " + file("sealed_annex.xlsx.kse") + " --key " + file("recipient.key") + " --out " + file("decrypted_annex.xlsx")).code, 0);
  auto names = parts(file("plain_annex.xlsx"));
  ASSERT_GT(names.size(), 10u);
  ASSERT_EQ(parts(file("decrypted_annex.xlsx")), names);
  for (const auto& name : names) EXPECT_EQ(part(file("decrypted_annex.xlsx"), name), part(file("plain_annex.xlsx"), name)) << name;
  // Another key reads nothing, and the sealed file holds no zip part in the clear.
  auto wrong = run_kith("decrypt " + file("sealed_annex.xlsx.kse") + " --key " + file("other.key") + " --out " + file("wrong.xlsx"));
  EXPECT_NE(wrong.code, 0) << wrong.output;
  EXPECT_FALSE(fs::exists(file("wrong.xlsx")));
  EXPECT_EQ(read_file(file("sealed_annex.xlsx.kse")).find("[Content_Types].xml"), std::string::npos);
  // A key that does not exist is refused before anything is written.
  auto missing = run_kith("export annex-a --db " + db("clean") + " --as-of 2026-03-31 --out " + file("nokey.xlsx") + " --encrypt-to " +
                          file("no-such.key"));
  EXPECT_EQ(missing.code, 2) << missing.output;
  EXPECT_FALSE(fs::exists(file("nokey.xlsx")));
}

TEST_F(XmlExports, EncryptedApiBatchesDecryptToThePlainOnes) {
  // --dry-run: neither run is remembered, so both send the same full set.
  ASSERT_EQ(run_kith("export api --db " + db("clean") + " --as-of 2026-03-31 --dry-run --out " + file("api_plain")).code, 0);
  auto e = run_kith("export api --db " + db("clean") + " --as-of 2026-03-31 --dry-run --out " + file("api_sealed") + " --encrypt-to " +
                    file("recipient.key"));
  ASSERT_EQ(e.code, 0) << e.output;
  std::vector<std::string> plain;
  for (const auto& f : fs::directory_iterator(file("api_plain"))) plain.push_back(f.path().filename().string());
  ASSERT_FALSE(plain.empty());
  for (const auto& name : plain) {
    EXPECT_FALSE(fs::exists(file("api_sealed/" + name))) << name << " left in the clear";
    expect_sealed_copy_of(file("api_sealed/" + name + ".kse"), file("api_plain/" + name), file("recipient.key"), file("other.key"),
                          file("api_decrypted_" + name));
  }
}

// Everything but the generation time (<DateTime>, to the second) is the same.
std::string without_datetime(std::string xml) {
  std::size_t at = xml.find("<DateTime>");
  if (at != std::string::npos) xml.erase(at, xml.find("</DateTime>", at) - at);
  return xml;
}

TEST_F(XmlExports, TheStreamedCinCensusIsTheSameAsTheSealedOneAndLeavesNoPartialFile) {
  auto p = run_kith("export cin --db " + db("clean") + " --year 2025/26 --out " + file("cin.xml"));
  ASSERT_EQ(p.code, 0) << p.output;
  EXPECT_FALSE(fs::exists(file("cin.xml.partial")));
  EXPECT_EQ(fs::status(file("cin.xml")).permissions() & fs::perms::others_read, fs::perms::none) << "personal data is written 0600";
  auto e = run_kith("export cin --db " + db("clean") + " --year 2025/26 --out " + file("cin.xml.kse") + " --encrypt-to " + file("recipient.key"));
  ASSERT_EQ(e.code, 0) << e.output;
  ASSERT_EQ(run_kith("decrypt " + file("cin.xml.kse") + " --key " + file("recipient.key") + " --out " + file("cin_decrypted.xml")).code, 0);
  std::string streamed = read_file(file("cin.xml"));
  EXPECT_GT(streamed.size(), 10000u);
  EXPECT_EQ(without_datetime(streamed), without_datetime(read_file(file("cin_decrypted.xml"))));
  auto v = run_kith("validate cin " + file("cin.xml") + " --year 2025/26");
  EXPECT_NE(v.code, 2) << v.output;  // the streamed file passes the XSD
  // A census breaking the XSD (seeded bad codes) leaves neither the file nor its .partial.
  auto bad = run_kith("export cin --db " + db("faulty") + " --year 2025/26 --out " + file("bad_cin.xml"));
  EXPECT_EQ(bad.code, 1) << bad.output;
  EXPECT_NE(bad.output.find("schema: " + file("bad_cin.xml") + " line "), std::string::npos) << bad.output;
  EXPECT_FALSE(fs::exists(file("bad_cin.xml")));
  EXPECT_FALSE(fs::exists(file("bad_cin.xml.partial")));
}

// The XML form sets the return's format (Metadata::format): Header.UASC is what the LA entered,
// so rule 105 checks it and 205C reads it, as the DfE tool does for an XML return (the
// vectors' file_format "xml" cases of 105 and 205C). The same children as CSV files give
// neither finding: there the importer derives UASC from the UASC table.
TEST_F(XmlExports, ValidateReadsUascAsTheXmlFormGivesIt) {
  // Children 101-105: UASC 0, 1, blank, 2, and 0 with a date UASC ceased.
  const std::vector<std::pair<std::string, std::string>> children = {
      {"101", "0"}, {"102", "1"}, {"103", ""}, {"104", "2"}, {"105", "0"}};
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<EXPSSDA903>\n";
  for (const auto& [id, uasc] : children) {
    xml += "  <CHILD>\n    <HEADER>\n      <CHILDID>" + id + "</CHILDID>\n      <UPN>UN2</UPN>\n      <SEX>M</SEX>\n"
           "      <DOB>01/01/2010</DOB>\n      <ETHNIC>WBRI</ETHNIC>\n      <UASC>" + uasc + "</UASC>\n";
    if (id == "105") xml += "      <DUC>01/02/2026</DUC>\n";
    xml += "    </HEADER>\n  </CHILD>\n";
  }
  xml += "</EXPSSDA903>\n";
  std::ofstream(file("uasc.xml")) << xml;
  auto v = run_kith("validate 903 " + file("uasc.xml") + " --year 2025/26 --la E06000020 --format csv --out " + file("uasc_xml.csv"));
  EXPECT_EQ(v.code, 1) << v.output;  // the XSD accepts it (UASC is 0-1 characters); the rules find errors
  std::vector<std::string> wanted, got;
  for (const auto& line : lines_of(read_file(file("uasc_xml.csv"))))
    if (line.starts_with("105,") || line.starts_with("205C,")) got.push_back(line);
  // 105: the blank and the 2 (Header rows 2, 3). 205C: child 105 is UASC in neither year as given, yet
  // has a date UASC ceased (its UASC row 1, the XML's second UASC row, and its Header row 4).
  wanted = {"105,Header,2,103", "105,Header,3,104", "205C,Header,4,105", "205C,UASC,1,105"};
  EXPECT_EQ(got, wanted);

  fs::create_directories(file("uasc_csv"));
  std::ofstream(file("uasc_csv/Header.csv")) << "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n101,M,01/01/2010,WBRI,UN2,,\n"
                                                "102,M,01/01/2010,WBRI,UN2,,\n103,M,01/01/2010,WBRI,UN2,,\n104,M,01/01/2010,WBRI,UN2,,\n"
                                                "105,M,01/01/2010,WBRI,UN2,,\n";
  std::ofstream(file("uasc_csv/UASC.csv")) << "CHILD,SEX,DOB,DUC\n102,M,01/01/2010,\n105,M,01/01/2010,01/02/2026\n";
  run_kith("validate 903 " + file("uasc_csv") + " --year 2025/26 --la E06000020 --format csv --out " + file("uasc_csv.csv"));
  for (const auto& line : lines_of(read_file(file("uasc_csv.csv"))))
    EXPECT_FALSE(line.starts_with("105,") || line.starts_with("205C,")) << line;
}

// The <CHILD> elements of an SSDA903 XML text, sorted (the export orders children by person,
// and an import creates the persons anew).
std::vector<std::string> child_elements(const std::string& xml) {
  std::vector<std::string> out;
  for (std::size_t at = xml.find("<CHILD>"); at != std::string::npos; at = xml.find("<CHILD>", at + 1))
    out.push_back(xml.substr(at, xml.find("</CHILD>", at) - at));
  std::sort(out.begin(), out.end());
  return out;
}

// XML in, XML out: importing the XML form (read straight into the import's tables, no CSV copy)
// and exporting the XML form gives back the input's children element for element.
TEST_F(XmlExports, ImportFromXmlThenXmlExportGivesBackTheInput) {
  for (auto [year, name] : {std::pair{"2025/26", "rt_cur.xml"}, {"2024/25", "rt_prev.xml"}})
    ASSERT_EQ(run_kith("export 903 --format xml --db " + db("clean") + " --year " + year + " --la E06000020 --out " + file(name)).code, 0);
  auto imported = run_kith("import 903 " + file("rt_cur.xml") + " --previous " + file("rt_prev.xml") + " --year 2025/26 --db " + file("rt.db"));
  ASSERT_EQ(imported.code, 0) << imported.output;
  ASSERT_EQ(run_kith("export 903 --format xml --db " + file("rt.db") + " --year 2025/26 --la E06000020 --out " + file("rt_back.xml")).code, 0);
  std::string in = read_file(file("rt_cur.xml")), back = read_file(file("rt_back.xml"));
  auto a = child_elements(in), b = child_elements(back);
  ASSERT_GT(a.size(), 20u);
  EXPECT_EQ(a.size(), b.size());
  EXPECT_TRUE(a == b) << "first difference: "
                      << [&] {
                           auto m = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
                           return m.first == a.end() ? std::string("(more children out)") : *m.first + "\n---\n" + (m.second == b.end() ? "" : *m.second);
                         }();
  EXPECT_EQ(in.substr(0, in.find("<CHILD>")), back.substr(0, back.find("<CHILD>")));
}

// Import errors in an XML file name the file and the line of the row's element.
TEST_F(XmlExports, AnImportErrorInTheXmlFormNamesTheFileAndLine) {
  ASSERT_EQ(run_kith("export 903 --format xml --db " + db("clean") + " --year 2025/26 --la E06000020 --out " + file("err.xml")).code, 0);
  std::string text = read_file(file("err.xml"));
  std::size_t review = text.find("<AREVIEW>");
  ASSERT_NE(review, std::string::npos);
  std::size_t date = text.find("<REVIEW>", review) + 8;
  text.replace(date, 10, "01/01/1990");  // before any care of the child
  std::size_t line = std::count(text.begin(), text.begin() + review, '\n') + 1;
  std::ofstream(file("err_review.xml")) << text;
  auto i = run_kith("import 903 " + file("err_review.xml") + " --year 2025/26 --db " + file("err.db"));
  EXPECT_EQ(i.code, 2) << i.output;
  EXPECT_NE(i.output.find("err_review.xml line " + std::to_string(line) + ", column REVIEW: the child was not looked after"), std::string::npos)
      << i.output;
}

}  // namespace
