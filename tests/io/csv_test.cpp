#include <gtest/gtest.h>

#include "io/csv.h"

namespace kith::io {
namespace {

TEST(Csv, ReadsQuotedFieldsCrlfAndLineNumbers) {
  auto f = parse_csv("CHILD,NOTE\r\n1,\"a, \"\"b\"\"\"\r\n2,\"two\nlines\"\r\n3,\r\n", "t.csv");
  ASSERT_TRUE(f.is_ok()) << f.status().message();
  ASSERT_EQ(f->rows.size(), 3u);
  EXPECT_EQ(f->rows[0][1], "a, \"b\"");
  EXPECT_EQ(f->rows[1][1], "two\nlines");
  EXPECT_EQ(f->rows[2][1], "");
  EXPECT_EQ(f->lines, (std::vector<std::int64_t>{2, 3, 5}));
  EXPECT_EQ(f->column("NOTE"), 1u);
  EXPECT_FALSE(f->column("DOB"));
}

TEST(Csv, SkipsAndReportsAByteOrderMark) {
  auto f = parse_csv("\xEF\xBB\xBF" "CHILD\n7\n", "bom.csv");
  ASSERT_TRUE(f.is_ok());
  EXPECT_TRUE(f->had_bom);
  EXPECT_EQ(f->header[0], "CHILD");
}

TEST(Csv, BadInputIsNamedByFileLineAndColumn) {
  struct Case {
    std::string text, expect;
  };
  const Case cases[] = {
      {"A,B\n1,2\n3\n", "ragged.csv line 3: 1 fields, but the header has 2"},
      {"A,B\n1,\"open\n", "ragged.csv line 2, column 2: a quoted field is never closed"},
      {"A\n\"x\"y\n", "ragged.csv line 2, column 1: text after the closing quote"},
      {"A\ncaf\xE9\n", "ragged.csv line 2: the text is not UTF-8"},
      {"\xFF\xFE" "A\0\n", "the file is UTF-16"},
      {"", "the file is empty"},
  };
  for (const Case& c : cases) {
    auto f = parse_csv(c.text, "ragged.csv");
    ASSERT_FALSE(f.is_ok()) << c.expect;
    EXPECT_NE(f.status().message().find(c.expect), std::string::npos) << f.status().message();
  }
}

TEST(Csv, HugeFieldsAreRefused) {
  std::string text = "A\n" + std::string(100, 'x') + "\n";
  auto f = parse_csv(text, "big.csv", {.max_field_bytes = 50});
  ASSERT_FALSE(f.is_ok());
  EXPECT_NE(f.status().message().find("longer than 50 bytes"), std::string::npos);
}

TEST(Csv, Utf8CheckFindsTheFirstBadByte) {
  std::size_t at = 0;
  EXPECT_TRUE(is_utf8("Zoë O’Neil"));
  EXPECT_FALSE(is_utf8("ab\xC0\x80", &at));  // overlong
  EXPECT_EQ(at, 2u);
  EXPECT_FALSE(is_utf8("ab\xE2\x82", &at));  // truncated
  EXPECT_FALSE(is_utf8("\xF5\x80\x80\x80"));
}

TEST(Csv, FieldsAreQuotedOnlyWhenNeeded) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
}

}  // namespace
}  // namespace kith::io
