// The SSDA903 XML form: reading it into the CSV reader's tables (xml_reader.h),
// refusing bombs, truncated and malformed files, reporting XSD violations with
// file and line, and writing the tables back (xml_writer.h). Expected values are
// read off the hand-written files below.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "returns/ssda903/reader.h"
#include "returns/ssda903/xml_reader.h"
#include "returns/ssda903/xml_writer.h"

namespace {

namespace s903 = kith::returns::ssda903;

const std::string kXsd = std::string(KITH_SOURCE_DIR) + "/data/spec/ssda903/ssda903_xml_schema_2021.xsd";

// Line numbers matter: the schema test below names line 9.
const char* kReturn = R"(<?xml version="1.0" encoding="UTF-8"?>
<EXPSSDA903>
  <CHILD>
    <HEADER>
      <CHILDID>c1001</CHILDID>
      <UPN>A123456789012</UPN>
      <SEX>F</SEX>
      <DOB>01/06/2008</DOB>
      <ETHNIC>WBRI</ETHNIC>
      <UASC>1</UASC>
      <DUC>01/06/2026</DUC>
      <IN_TOUCH>yes</IN_TOUCH>
      <ACTIV>F2</ACTIV>
      <ACCOM>S</ACCOM>
      <AMISSING>
        <MISSING>M</MISSING>
        <MIS_START>02/05/2025</MIS_START>
        <MIS_END>03/05/2025</MIS_END>
      </AMISSING>
      <AMISSING>
        <MISSING>A</MISSING>
        <MIS_START>07/07/2025</MIS_START>
      </AMISSING>
      <AREVIEW>
        <REVIEW>10/10/2025</REVIEW>
        <REVIEW_CODE>PN1</REVIEW_CODE>
      </AREVIEW>
      <MOTHER>0</MOTHER>
      <PERMANENCE>
        <PREV_PERM>Z1</PREV_PERM>
      </PERMANENCE>
      <OC2>
        <SDQ_SCORE>12</SDQ_SCORE>
        <HEALTH_CHECK>1</HEALTH_CHECK>
      </OC2>
    </HEADER>
    <EPISODE>
      <DECOM>01/04/2025</DECOM>
      <RNE>S</RNE>
      <LS>C2</LS>
      <CIN>N1</CIN>
      <PL>U1</PL>
      <PL_POST>TF1 1AA</PL_POST>
      <HOME_POST>TF2 2BB</HOME_POST>
      <PLACE_PROVIDER>PR1</PLACE_PROVIDER>
      <DEC>30/09/2025</DEC>
      <REC>X1</REC>
    </EPISODE>
    <EPISODE>
      <DECOM>30/09/2025</DECOM>
      <RNE>P</RNE>
      <LS>C2</LS>
      <CIN>N1</CIN>
      <PL>K2</PL>
      <DEC></DEC>
      <REC></REC>
    </EPISODE>
  </CHILD>
  <CHILD>
    <HEADER>
      <CHILDID>2002</CHILDID>
      <UPN></UPN>
      <SEX>M</SEX>
      <DOB>15/01/2015</DOB>
      <ETHNIC>MWBC</ETHNIC>
      <UASC>0</UASC>
      <DATE_INT>01/02/2025</DATE_INT>
      <DATE_MATCH>01/03/2025</DATE_MATCH>
      <FOSTER_CARE>0</FOSTER_CARE>
      <NB_ADOPTR>1</NB_ADOPTR>
      <SEX_ADOPTR>M1</SEX_ADOPTR>
      <LS_ADOPTR>L0</LS_ADOPTR>
      <AD_PLACED>
        <DATE_PLACED>05/03/2025</DATE_PLACED>
        <REASON_PLACED_CEASED>E11</REASON_PLACED_CEASED>
      </AD_PLACED>
    </HEADER>
  </CHILD>
</EXPSSDA903>
)";

std::string cell(const s903::Return903& r, const std::string& table, const std::string& column, std::size_t row) {
  const s903::Table* t = r.table(table);
  if (!t || !t->column(column) || row >= t->rows()) return "<absent>";
  return std::string((*t->column(column))[row]);
}

TEST(Ssda903Xml, MapsEveryHeaderPartIntoItsTable) {
  s903::Return903 r;
  auto errors = s903::add_xml(kReturn, "return.xml", kXsd, "", r);
  ASSERT_TRUE(errors) << errors.status().message();
  EXPECT_TRUE(errors->empty()) << (*errors)[0];
  // Row counts from the file above: 2 children; child 1 is UASC, has OC3 fields, 2 missing
  // episodes, 1 review, a PERMANENCE, an OC2 and 2 episodes; child 2 has AD1 fields and 1 AD_PLACED.
  const std::vector<std::pair<std::string, std::size_t>> rows = {{"Header", 2}, {"Episodes", 2}, {"Reviews", 1},   {"UASC", 1},
                                                                 {"OC2", 1},    {"OC3", 1},      {"AD1", 1},       {"PlacedAdoption", 1},
                                                                 {"PrevPerm", 1}, {"Missing", 2}};
  for (const auto& [table, n] : rows) {
    ASSERT_NE(r.table(table), nullptr) << table;
    EXPECT_EQ(r.table(table)->rows(), n) << table;
  }
  EXPECT_EQ(r.table("SWEpisodes"), nullptr);  // not in the 2021 form
  EXPECT_EQ(cell(r, "Header", "CHILD", 0), "C1001");  // upper-cased, as the CSV reader does
  EXPECT_EQ(cell(r, "Header", "UPN", 1), "");          // empty element -> null
  EXPECT_EQ(cell(r, "Header", "MOTHER", 0), "0");
  EXPECT_EQ(cell(r, "UASC", "DUC", 0), "01/06/2026");
  EXPECT_EQ(cell(r, "UASC", "SEX", 0), "F");
  EXPECT_EQ(cell(r, "OC3", "IN_TOUCH", 0), "YES");
  EXPECT_EQ(cell(r, "OC3", "DOB", 0), "01/06/2008");
  EXPECT_EQ(cell(r, "Missing", "MIS_END", 0), "03/05/2025");
  EXPECT_EQ(cell(r, "Missing", "MIS_END", 1), "");
  EXPECT_EQ(cell(r, "Missing", "MISSING", 1), "A");
  EXPECT_EQ(cell(r, "Reviews", "REVIEW_CODE", 0), "PN1");
  EXPECT_EQ(cell(r, "PrevPerm", "PREV_PERM", 0), "Z1");
  EXPECT_EQ(cell(r, "PrevPerm", "LA_PERM", 0), "");
  EXPECT_EQ(cell(r, "OC2", "SDQ_SCORE", 0), "12");
  EXPECT_EQ(cell(r, "OC2", "CHILD", 0), "C1001");
  EXPECT_EQ(cell(r, "Episodes", "PLACE", 0), "U1");  // from <PL>
  EXPECT_EQ(cell(r, "Episodes", "PLACE", 1), "K2");
  EXPECT_EQ(cell(r, "Episodes", "CHILD", 1), "C1001");
  EXPECT_EQ(cell(r, "Episodes", "DEC", 1), "");
  EXPECT_EQ(cell(r, "Episodes", "PL_POST", 0), "TF1 1AA");
  EXPECT_EQ(cell(r, "AD1", "CHILD", 0), "2002");
  EXPECT_EQ(cell(r, "AD1", "LS_ADOPTR", 0), "L0");
  EXPECT_EQ(cell(r, "PlacedAdoption", "REASON_PLACED_CEASED", 0), "E11");
  EXPECT_EQ(cell(r, "PlacedAdoption", "DATE_PLACED_CEASED", 0), "");
  // Rows remember the line of the element they came from (the second EPISODE starts on line 49).
  EXPECT_EQ(r.table("Episodes")->line(1), 49);
  // Columns in the CSV form's order, so the rules see the same tables.
  EXPECT_EQ(r.table("Episodes")->column_names().front(), "CHILD");
  EXPECT_EQ(r.table("Episodes")->column_names().size(), 13u);
}

TEST(Ssda903Xml, PreviousYearTablesTakeTheSuffix) {
  s903::Return903 r;
  ASSERT_TRUE(s903::add_xml(kReturn, "last.xml", kXsd, "_last", r));
  ASSERT_NE(r.table("Episodes_last"), nullptr);
  EXPECT_EQ(r.table("Episodes_last")->rows(), 2u);
  EXPECT_EQ(r.table("Episodes"), nullptr);
  auto again = s903::add_xml(kReturn, "again.xml", kXsd, "_last", r);
  ASSERT_FALSE(again);
  EXPECT_NE(again.status().message().find("a second source for table"), std::string::npos) << again.status().message();
}

TEST(Ssda903Xml, SchemaViolationsNameFileAndLineAndTheRestIsStillRead) {
  std::string bad = kReturn;
  bad.replace(bad.find("<SEX>F</SEX>"), 12, "<SEX>FF</SEX>");  // line 7: SEX has length 1
  s903::Return903 r;
  auto errors = s903::add_xml(bad, "bad.xml", kXsd, "", r);
  ASSERT_TRUE(errors) << errors.status().message();
  ASSERT_EQ(errors->size(), 1u);
  EXPECT_EQ((*errors)[0].rfind("bad.xml line 7: ", 0), 0u) << (*errors)[0];
  EXPECT_NE((*errors)[0].find("SEX"), std::string::npos) << (*errors)[0];
  EXPECT_EQ(r.table("Header")->rows(), 2u);
  EXPECT_EQ(cell(r, "Header", "SEX", 0), "FF");
}

struct Refused {
  const char* name;
  std::string xml;
  std::string message;  // expected in the error
};

class Ssda903XmlRefuses : public ::testing::TestWithParam<Refused> {};

TEST_P(Ssda903XmlRefuses, WithAMessageNamingFileAndLine) {
  s903::Return903 r;
  auto result = s903::add_xml(GetParam().xml, "in.xml", kXsd, "", r);
  ASSERT_FALSE(result);
  EXPECT_NE(result.status().message().find(GetParam().message), std::string::npos) << result.status().message();
  EXPECT_TRUE(r.table_names().empty()) << "nothing is half-loaded";
}

INSTANTIATE_TEST_SUITE_P(
    BadFiles, Ssda903XmlRefuses,
    ::testing::Values(
        Refused{"billion_laughs",
                "<?xml version=\"1.0\"?>\n<!DOCTYPE EXPSSDA903 [\n <!ENTITY a \"lol\">\n <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n"
                "<EXPSSDA903><CHILD><HEADER><CHILDID>&b;</CHILDID></HEADER></CHILD></EXPSSDA903>\n",
                "in.xml line 2: a DOCTYPE is not allowed in SSDA903 files"},
        Refused{"external_entity",
                "<?xml version=\"1.0\"?>\n<!DOCTYPE x SYSTEM \"file:///etc/passwd\">\n<EXPSSDA903/>\n", "a DOCTYPE is not allowed"},
        Refused{"truncated", std::string(kReturn).substr(0, 400), "not well-formed XML"},
        Refused{"unclosed_element", "<EXPSSDA903>\n<CHILD>\n<HEADER></CHILD>\n</EXPSSDA903>\n", "in.xml line 3: not well-formed XML"},
        Refused{"wrong_root", "<?xml version=\"1.0\"?>\n<Message/>\n", "in.xml line 2: the root element is <Message>"},
        Refused{"empty", "", "not well-formed XML"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Ssda903Xml, ReadReturnTakesAnXmlFileAndRefusesOneBreakingTheSchemaUnlessAskedForTheViolations) {
  std::string dir = ::testing::TempDir() + "/ssda903_xml_read_return";
  std::filesystem::create_directories(dir);
  std::string bad = kReturn;
  bad.replace(bad.find("<SEX>F</SEX>"), 12, "<SEX>FF</SEX>");
  {
    std::ofstream(dir + "/good.xml") << kReturn;
    std::ofstream(dir + "/bad.XML") << bad;
  }
  std::vector<std::string> warnings;
  s903::ReadOptions o{dir + "/good.xml", "", std::string(KITH_SOURCE_DIR) + "/data", 2026, "E06000020"};
  auto good = s903::read_return(o, warnings);
  ASSERT_TRUE(good) << good.status().message();
  // As the HEADER gives it (the XML form keeps HEADER/UASC): the UASC child 1, the other 0.
  EXPECT_EQ(cell(*good, "Header", "UASC", 0), "1");
  EXPECT_EQ(cell(*good, "Header", "UASC", 1), "0");
  o.dir = dir + "/bad.XML";
  auto refused = s903::read_return(o, warnings);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.status().message().find("does not match the SSDA903 XML schema (1 errors)"), std::string::npos) << refused.status().message();
  std::vector<std::string> violations;
  o.schema_errors = &violations;
  auto read = s903::read_return(o, warnings);
  ASSERT_TRUE(read) << read.status().message();
  EXPECT_EQ(violations.size(), 1u);
}

// Builds the tables of a small return from rows (CHILD first), as the export hands them over.
s903::Return903 tables(const std::vector<std::pair<std::string, std::vector<std::vector<std::string>>>>& content) {
  s903::Return903 r;
  for (const auto& [name, rows] : content) {
    s903::Table& t = r.add_table(name);
    const auto& cols = rows.front();
    for (const auto& c : cols) t.add_column(c);
    for (std::size_t i = 1; i < rows.size(); ++i) t.append_row(std::vector<std::string_view>(rows[i].begin(), rows[i].end()));
  }
  return r;
}

const std::vector<std::string> kHeaderCols = {"CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"};

TEST(Ssda903XmlWriter, WritesTheFormTheReaderReadsBackAndTheXsdAccepts) {
  s903::Return903 original;
  ASSERT_TRUE(s903::add_xml(kReturn, "return.xml", kXsd, "", original));
  auto written = s903::to_xml(original);
  ASSERT_TRUE(written) << written.status().message();
  EXPECT_EQ(written->children, 2u);
  EXPECT_TRUE(written->left_out.empty());
  s903::Return903 back;
  auto errors = s903::add_xml(written->xml, "written.xml", kXsd, "", back);
  ASSERT_TRUE(errors) << errors.status().message();
  EXPECT_TRUE(errors->empty()) << (*errors)[0];
  for (std::string_view name : s903::xml_tables()) {
    const s903::Table& a = *original.table(name);
    const s903::Table& b = *back.table(name);
    ASSERT_EQ(a.rows(), b.rows()) << name;
    for (const auto& c : a.column_names())
      for (std::size_t row = 0; row < a.rows(); ++row) EXPECT_EQ((*a.column(c))[row], (*b.column(c))[row]) << name << "." << c << " row " << row;
  }
  // The second episode is open: DEC and REC are required elements, written empty.
  EXPECT_NE(written->xml.find("<DEC></DEC>"), std::string::npos);
  EXPECT_NE(written->xml.find("<PL>K2</PL>"), std::string::npos);
}

struct Unwritable {
  const char* name;
  std::vector<std::pair<std::string, std::vector<std::vector<std::string>>>> tables;
  std::string message;
};

class Ssda903XmlWriterRefuses : public ::testing::TestWithParam<Unwritable> {};

TEST_P(Ssda903XmlWriterRefuses, WhatTheFormCannotCarry) {
  auto written = s903::to_xml(tables(GetParam().tables));
  ASSERT_FALSE(written);
  EXPECT_NE(written.status().message().find(GetParam().message), std::string::npos) << written.status().message();
}

const std::vector<std::string> kHeaderRow = {"1", "M", "01/01/2010", "WBRI", "UN2", "", ""};

INSTANTIATE_TEST_SUITE_P(
    Tables, Ssda903XmlWriterRefuses,
    ::testing::Values(
        Unwritable{"child_not_in_header",
                   {{"Header", {kHeaderCols, kHeaderRow}}, {"OC3", {{"CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"}, {"9", "01/01/2010", "YES", "F1", "S"}}}},
                   "OC3 data row 1: child '9' is not in the Header"},
        Unwritable{"two_oc3_rows",
                   {{"Header", {kHeaderCols, kHeaderRow}},
                    {"OC3", {{"CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"}, {"1", "01/01/2010", "YES", "F1", "S"}, {"1", "01/01/2010", "NO", "", ""}}}},
                   "OC3 data row 2: a second OC3 row for child '1'"},
        Unwritable{"dob_differs",
                   {{"Header", {kHeaderCols, kHeaderRow}}, {"Missing", {{"CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"}, {"1", "02/01/2010", "M", "01/05/2025", ""}}}},
                   "Missing data row 1: DOB differs from the Header's"},
        Unwritable{"empty_ad1_row",
                   {{"Header", {kHeaderCols, kHeaderRow}},
                    {"AD1", {{"CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"}, {"1", "01/01/2010", "", "", "", "", "", ""}}}},
                   "AD1 data row 1: every field is blank"},
        Unwritable{"child_twice_in_header", {{"Header", {kHeaderCols, kHeaderRow, kHeaderRow}}}, "Header data row 2: child '1' is in the Header twice"},
        Unwritable{"no_header", {{"Episodes", {{"CHILD"}, {"1"}}}}, "no Header table"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Ssda903XmlWriter, CountsWhatThe2021FormLeavesOut) {
  auto r = tables({{"Header", {kHeaderCols, kHeaderRow}},
                   {"SWEpisodes", {{"CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"}, {"1", "01/01/2010", "SW1", "01/04/2025", "", ""},
                                   {"1", "01/01/2010", "SW2", "01/05/2025", "", ""}}}});
  auto written = s903::to_xml(r);
  ASSERT_TRUE(written) << written.status().message();
  ASSERT_EQ(written->left_out.size(), 1u);
  EXPECT_EQ(written->left_out[0], "SWEpisodes: 2 rows (no element in the 2021 XML form)");
  EXPECT_EQ(written->xml.find("SW1"), std::string::npos);
}

TEST(Ssda903XmlWriter, EscapesMarkupInCells) {
  auto r = tables({{"Header", {kHeaderCols, {"A&B<1>", "M", "01/01/2010", "WBRI", "UN2", "", ""}}}});
  auto written = s903::to_xml(r);
  ASSERT_TRUE(written) << written.status().message();
  EXPECT_NE(written->xml.find("<CHILDID>A&amp;B&lt;1&gt;</CHILDID>"), std::string::npos) << written->xml;
  s903::Return903 back;
  ASSERT_TRUE(s903::add_xml(written->xml, "w.xml", "", "", back));
  EXPECT_EQ(cell(back, "Header", "CHILD", 0), "A&B<1>");
}

}  // namespace
