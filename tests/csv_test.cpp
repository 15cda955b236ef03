#include "sitrep/csv.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace sitrep::csv {
namespace {

std::vector<std::vector<std::string>> fields_of(const std::vector<Record>& records) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : records) out.push_back(r.fields);
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvTest, PlainRecords) {
  auto r = parse("a,b,c\n1,2,3\n");
  ASSERT_TRUE(r) << r.status().to_string();
  EXPECT_EQ(fields_of(*r), (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
  EXPECT_EQ((*r)[0].line, 1u);
  EXPECT_EQ((*r)[1].line, 2u);
}

TEST(CsvTest, EmptyFieldsAndNoFinalLineEnd) {
  auto r = parse("a,,c,\n,,,");
  ASSERT_TRUE(r);
  EXPECT_EQ(fields_of(*r), (Rows{{"a", "", "c", ""}, {"", "", "", ""}}));
}

TEST(CsvTest, QuotedFieldsWithDelimitersAndDoubledQuotes) {
  auto r = parse("id,name\n7,\"Front of the Hills, North\"\n8,\"The \"\"Owls\"\"\"\n9,\"\"\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(fields_of(*r),
            (Rows{{"id", "name"}, {"7", "Front of the Hills, North"}, {"8", "The \"Owls\""}, {"9", ""}}));
}

TEST(CsvTest, EmbeddedLineEndsAreKeptAndCounted) {
  auto r = parse("id,name\n1,\"Union of the\nValley\"\n2,\"two\r\nlines\"\n3,x\n");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ((*r)[1].fields[1], "Union of the\nValley");
  EXPECT_EQ((*r)[2].fields[1], "two\r\nlines");
  EXPECT_EQ((*r)[1].line, 2u);
  EXPECT_EQ((*r)[2].line, 4u);  // starts after the 2-line record
  EXPECT_EQ((*r)[3].line, 6u);
}

TEST(CsvTest, CrlfRecords) {
  auto r = parse("a,b\r\n1,\"x\"\r\n2,y\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(fields_of(*r), (Rows{{"a", "b"}, {"1", "x"}, {"2", "y"}}));
}

TEST(CsvTest, ByteOrderMarkIsDropped) {
  auto r = parse(
      "\xEF\xBB\xBF"
      "ActorId,Name\n1,A\n");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[0].fields[0], "ActorId");
  auto kept = parse(
      "\xEF\xBB\xBF"
      "x\n",
      Options{',', false});
  ASSERT_TRUE(kept);
  EXPECT_EQ((*kept)[0].fields[0],
            "\xEF\xBB\xBF"
            "x");
}

TEST(CsvTest, BlankLinesAreSkipped) {
  auto r = parse("a\n\n\nb\n\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(fields_of(*r), (Rows{{"a"}, {"b"}}));
  EXPECT_EQ((*r)[1].line, 4u);
  auto empty = parse("");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(CsvTest, UnicodeIsPassedThrough) {
  auto r = parse("name\n\"Afwâj al-Muqâwma ’Union’\"\nحزب\n");
  ASSERT_TRUE(r);
  EXPECT_EQ((*r)[1].fields[0], "Afwâj al-Muqâwma ’Union’");
  EXPECT_EQ((*r)[2].fields[0], "حزب");
}

TEST(CsvTest, OtherDelimiter) {
  auto r = parse("a;\"b;c\"\n", Options{';', true});
  ASSERT_TRUE(r);
  EXPECT_EQ(fields_of(*r), (Rows{{"a", "b;c"}}));
}

TEST(CsvTest, ErrorsNameTheLine) {
  auto open = parse("a,b\n1,\"never\nclosed\n");
  ASSERT_FALSE(open);
  EXPECT_EQ(open.status().code(), ErrorCode::kParseError);
  EXPECT_NE(open.status().message().find("line 2"), std::string::npos) << open.status().message();

  auto stray = parse("a,b\n1,ab\"c\n");
  ASSERT_FALSE(stray);
  EXPECT_NE(stray.status().message().find("line 2"), std::string::npos);

  auto after = parse("a\n\"x\"y\n");
  ASSERT_FALSE(after);
  EXPECT_NE(after.status().message().find("line 2"), std::string::npos);
}

TEST(CsvTest, ColumnByName) {
  Record header{1, {"ActorId", " NameData ", "Org"}};
  EXPECT_EQ(column(header, "NameData"), 1u);
  EXPECT_EQ(column(header, "Org"), 2u);
  EXPECT_FALSE(column(header, "Missing"));
}

TEST(CsvTest, ReadFile) {
  const auto dir = std::filesystem::path(SITREP_TEST_TMP_DIR) / "csv_test";
  std::filesystem::create_directories(dir);
  const auto path = (dir / "t.csv").string();
  {
    std::ofstream(path, std::ios::binary) << "\xEF\xBB\xBF"
                                             "a,b\r\n\"1\n2\",3\r\n";
  }
  auto r = read_file(path);
  ASSERT_TRUE(r) << r.status().to_string();
  EXPECT_EQ(fields_of(*r), (Rows{{"a", "b"}, {"1\n2", "3"}}));

  { std::ofstream(path, std::ios::binary) << "a\n\"b\n"; }
  auto bad = read_file(path);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.status().message(), path + ":2: quoted field not closed before the end of the text");

  auto missing = read_file((dir / "none.csv").string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace sitrep::csv
