// core/json_text: the one JSON string escaper. Every output must parse as JSON (checked with
// simdjson, which rejects invalid UTF-8) and read back as the input, or as the input with
// U+FFFD in place of each byte that does not start valid UTF-8.
#include "core/json_text.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <string_view>

namespace tripline {
namespace {

std::string Escaped(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

// Whether `json` is a valid JSON string that a parser reads back as `expected`.
::testing::AssertionResult ReadsBackAs(const std::string& json, std::string_view expected) {
  simdjson::dom::parser parser;
  std::string_view value;
  if (const auto error = parser.parse(json).get(value); error) {
    return ::testing::AssertionFailure() << json << " is not a JSON string: " << error;
  }
  if (value != expected) {
    return ::testing::AssertionFailure() << json << " reads back as '" << value << "'";
  }
  return ::testing::AssertionSuccess();
}

struct Case {
  std::string_view in;
  std::string_view escaped;
  std::string_view read_back;  // what a parser reads from `escaped`
};

constexpr std::string_view kFffd = "\xef\xbf\xbd";

void ExpectCases(std::initializer_list<Case> cases) {
  for (const Case& c : cases) {
    const std::string out = Escaped(c.in);
    EXPECT_EQ(out, c.escaped);
    EXPECT_TRUE(ReadsBackAs(out, c.read_back));
  }
}

TEST(JsonTextTest, EscapesQuotesBackslashesAndControlCharacters) {
  ExpectCases({
      {"plain ascii text", R"("plain ascii text")", "plain ascii text"},
      {"", R"("")", ""},
      {"a\"b\\c", R"("a\"b\\c")", "a\"b\\c"},
      {"\"", R"("\"")", "\""},
      {"\n\r\t\b\f", R"("\n\r\t\b\f")", "\n\r\t\b\f"},
      {std::string_view("\x00\x01\x1f", 3), R"("\u0000\u0001\u001f")",
       std::string_view("\x00\x01\x1f", 3)},
      {"/ \x7f", "\"/ \x7f\"", "/ \x7f"},
  });
}

TEST(JsonTextTest, ValidMultiByteUtf8PassesThroughUnchanged) {
  for (std::string_view s :
       {"\xc3\xa9", "\xe5\x8c\x97\xe4\xba\xac", "\xf0\x9f\x93\x88 up", "\xef\xbf\xbd",
        "\xf4\x8f\xbf\xbf", "\xed\x9f\xbf", "\xee\x80\x80", "\xc2\x80", "\xe0\xa0\x80",
        "\xf0\x90\x80\x80", "\xe5\x8c\x97 \xf0\x9f\x93\x88"}) {
    const std::string out = Escaped(s);
    EXPECT_EQ(out, "\"" + std::string(s) + "\"");
    EXPECT_TRUE(ReadsBackAs(out, s));
  }
}

TEST(JsonTextTest, ReplacesEachByteThatStartsNoValidSequence) {
  const std::string f = std::string(kFffd);
  ExpectCases({
      {"a\xff"
       "b",
       R"("a\ufffdb")", "a" + f + "b"},
      {"\x80", R"("\ufffd")", f},                              // lone continuation byte
      {"\xc0\xaf", R"("\ufffd\ufffd")", f + f},                // overlong '/'
      {"\xe0\x80\xaf", R"("\ufffd\ufffd\ufffd")", f + f + f},  // overlong, three bytes
      {"\xf0\x80\x80\xaf", R"("\ufffd\ufffd\ufffd\ufffd")", f + f + f + f},  // four bytes
      {"\xed\xa0\x80", R"("\ufffd\ufffd\ufffd")", f + f + f},                // encoded surrogate
      {"\xf4\x90\x80\x80", R"("\ufffd\ufffd\ufffd\ufffd")", f + f + f + f},  // > U+10FFFF
      {"\xe5\x8c", R"("\ufffd\ufffd")", f + f},                              // truncated at the end
      {"\xe5\x8c"
       "x",
       R"("\ufffd\ufffdx")", f + f + "x"},  // truncated in the middle
      {"ok \xc3\xa9 \xc3", "\"ok \xc3\xa9 \\ufffd\"", "ok \xc3\xa9 " + f},
  });
}

TEST(JsonTextTest, AppendsToWhatTheBufferHolds) {
  std::string out = "{\"k\":";
  AppendJsonString("v", &out);
  EXPECT_EQ(out, R"({"k":"v")");
}

}  // namespace
}  // namespace tripline
