#include "io/codec/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tripline {
namespace {

std::string Dbl(double v) {
  std::string out;
  AppendJsonDouble(v, &out);
  return out;
}

std::string Fixed(double v) {
  std::string out;
  AppendJsonFixed(v, 4, &out);
  return out;
}

// AppendJsonString, the escaper, is core's and tested in tests/core/json_text_test.cc.
TEST(JsonWriterTest, ValidatesUtf8) {
  EXPECT_TRUE(IsValidUtf8("\xe5\x8c\x97"));
  EXPECT_FALSE(IsValidUtf8("\xe5\x8c"));
}

TEST(JsonWriterTest, NumbersAreShortestAndDeterministic) {
  EXPECT_EQ(Dbl(121.5), "121.5");
  EXPECT_EQ(Dbl(0.1), "0.1");
  EXPECT_EQ(Dbl(-0.039), "-0.039");
  EXPECT_EQ(Dbl(100), "100");
  EXPECT_EQ(Dbl(-0.0), "0");
  EXPECT_EQ(Dbl(1e-7), "1e-07");
  EXPECT_EQ(Dbl(std::nan("")), "null");
  EXPECT_EQ(Dbl(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(std::stod(Dbl(0.1 + 0.2)), 0.1 + 0.2);
}

TEST(JsonWriterTest, FixedDecimals) {
  EXPECT_EQ(Fixed(0.85), "0.8500");
  EXPECT_EQ(Fixed(1), "1.0000");
  EXPECT_EQ(Fixed(0.12345), "0.1235");  // 0.12345 is stored just above; rounds up
  EXPECT_EQ(Fixed(-0.00001), "0.0000");
  EXPECT_EQ(Fixed(std::nan("")), "null");
  std::string big;
  AppendJsonFixed(1e300, 4, &big);
  EXPECT_EQ(big.size(), 301u + 5u);
}

TEST(JsonWriterTest, IntsAndTimes) {
  std::string out;
  AppendJsonInt(-42, &out);
  out.push_back(' ');
  AppendJsonInt(INT64_MAX, &out);
  out.push_back(' ');
  AppendJsonTime(1727445900LL * kNanosPerSecond + 500'000'000, &out);
  EXPECT_EQ(out, "-42 9223372036854775807 \"2024-09-27T14:05:00.5Z\"");
  out.clear();
  AppendJsonKey("k\"", &out);
  EXPECT_EQ(out, R"("k\"":)");
}

}  // namespace
}  // namespace tripline
