// The CIN census reader: a good file flattens into the rule tables and passes
// the XSD; bad input (schema violations, truncated or malformed XML, an
// entity bomb, a wrong root, a missing file) gets a message naming the file
// and line, and never crashes.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "fixtures/files.h"
#include "returns/cin/cin_reader.h"
#include "returns/cin/cin_validate.h"

namespace kith::returns::cin {
namespace {
using kith::testing::read_file;

const std::string kSpec = std::string(KITH_SOURCE_DIR) + "/data/spec/cin";
const std::string kSchema = kSpec + "/CIN_schema_2025_26.xsd";
const std::string kGood = std::string(KITH_TEST_DATA_DIR) + "/returns/cin/files/good_census.xml";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

TEST(CinReader, GoodFileFlattensAndPassesTheSchema) {
  auto file = read_cin_file(kGood, kSchema);
  ASSERT_TRUE(file) << file.status().message();
  EXPECT_TRUE(file->schema_errors.empty()) << file->schema_errors.front();
  const CinReturn& r = file->data;
  EXPECT_EQ(r.table("ChildIdentifiers").rows(), 1u);
  EXPECT_EQ(r.table("ChildIdentifiers").col("LAchildID").text(0), "SYN0001");
  EXPECT_EQ(r.table("CINdetails").col("CINdetailsID").text(0), "1");
  EXPECT_EQ(r.table("Assessments").col("AssessmentFactors").list(0), (std::vector<std::string>{"3A", "4B"}));
  EXPECT_EQ(r.table("AssessmentFactorsList").rows(), 2u);
  EXPECT_EQ(r.table("Reviews").rows(), 2u) << "every review date is a row, not only the first";
  EXPECT_EQ(r.table("Reviews").col("CPPID").text(1), "1");
  EXPECT_EQ(r.table("Section47").col("DateOfInitialCPC").date(0), Date::ymd(2025, 5, 20));
  EXPECT_EQ(r.reference_date(Date()), Date::ymd(2026, 3, 31));
}

TEST(CinReader, GoodFileHasNoRuleErrors) {
  auto file = read_cin_file(kGood, kSchema);
  auto catalogue = load_rule_catalogue(kSpec);
  ASSERT_TRUE(file && catalogue);
  auto findings = validate_census(file->data, *catalogue, *collection_year("2025/26"));
  for (const auto& f : findings)
    if (f.severity == Severity::kError) ADD_FAILURE() << f.rule << " " << f.table << "." << f.column << " row " << f.row.value_or(-1);
  // One child uses one disability code: the return-level query 2887Q (fewer than 8 codes) is expected.
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "2887Q");
  EXPECT_FALSE(findings[0].row.has_value());
}

TEST(CinReader, SchemaViolationNamesLineAndElement) {
  auto file = parse_cin_xml(replaced(read_file(kGood), "<Sex>F</Sex>", "<Sex>Female</Sex>"), "bad_sex.xml", kSchema);
  ASSERT_TRUE(file) << file.status().message();
  ASSERT_EQ(file->schema_errors.size(), 1u);
  EXPECT_NE(file->schema_errors[0].find("bad_sex.xml line 24"), std::string::npos) << file->schema_errors[0];
  EXPECT_NE(file->schema_errors[0].find("Sex"), std::string::npos) << file->schema_errors[0];
  EXPECT_EQ(file->data.table("ChildIdentifiers").col("Sex").text(0), "Female") << "the rules still see the file";
}

TEST(CinReader, TruncatedFileIsRefusedWithItsLine) {
  std::string text = read_file(kGood);
  auto file = parse_cin_xml(text.substr(0, text.find("<ChildCharacteristics>")), "cut.xml", kSchema);
  ASSERT_FALSE(file);
  EXPECT_NE(file.status().message().find("cut.xml line"), std::string::npos) << file.status().message();
  EXPECT_NE(file.status().message().find("not well-formed"), std::string::npos) << file.status().message();
}

TEST(CinReader, MismatchedTagNamesTheElement) {
  auto file = parse_cin_xml(replaced(read_file(kGood), "</Ethnicity>", "</Ethnic>"), "tags.xml", kSchema);
  ASSERT_FALSE(file);
  EXPECT_NE(file.status().message().find("tags.xml line 27"), std::string::npos) << file.status().message();
  EXPECT_NE(file.status().message().find("Ethnicity"), std::string::npos) << file.status().message();
}

// Billion laughs: ten levels of ten references each would expand to 10^10 characters.
std::string entity_bomb() {
  std::string out = "<?xml version=\"1.0\"?>\n<!DOCTYPE Message [\n <!ENTITY a \"lol\">\n";
  for (char level = 'b'; level <= 'k'; ++level) {
    std::string refs;
    for (int i = 0; i < 10; ++i) refs += std::string("&") + char(level - 1) + ";";
    out += std::string(" <!ENTITY ") + level + " \"" + refs + "\">\n";
  }
  return out + "]>\n<Message><Children><Child><ChildIdentifiers><LAchildID>&k;</LAchildID></ChildIdentifiers></Child></Children></Message>\n";
}

TEST(CinReader, EntityBombIsRefusedQuickly) {
  auto started = std::chrono::steady_clock::now();
  auto file = parse_cin_xml(entity_bomb(), "bomb.xml", kSchema);
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_FALSE(file);
  EXPECT_NE(file.status().message().find("bomb.xml line 2: a DOCTYPE is not allowed"), std::string::npos) << file.status().message();
  EXPECT_LT(seconds, 1.0);
}

TEST(CinReader, WrongRootIsRefused) {
  auto file = parse_cin_xml("<?xml version=\"1.0\"?>\n<Census><Children/></Census>\n", "root.xml", kSchema);
  ASSERT_FALSE(file);
  EXPECT_EQ(file.status().message(), "root.xml line 2: the root element is <Census>, a CIN census file has <Message>");
}

TEST(CinReader, MissingFileIsAnIoError) {
  auto file = read_cin_file("/nonexistent/census.xml", kSchema);
  ASSERT_FALSE(file);
  EXPECT_EQ(file.status().code(), Status::Code::kIo);
  EXPECT_EQ(file.status().message(), "cannot read /nonexistent/census.xml");
}

}  // namespace
}  // namespace kith::returns::cin
