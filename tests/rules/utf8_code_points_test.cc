#include "rules/utf8_code_points.h"

#include <gtest/gtest.h>

#include <vector>

namespace tripline {
namespace {

TEST(Utf8CodePoints, DecodesOneToFourByteSequences) {
  EXPECT_EQ(Utf8CodePoints("a\xC3\xA9\xE8\xBC\x9D\xF0\x9F\x98\x80"),
            (std::vector<uint32_t>{'a', 0xE9, 0x8F1D, 0x1F600}));  // a é 輝 😀
  EXPECT_TRUE(Utf8CodePoints("").empty());
}

TEST(Utf8CodePoints, MalformedInputGivesNothing) {
  EXPECT_TRUE(Utf8CodePoints("\xE8\xBC").empty());              // truncated
  EXPECT_TRUE(Utf8CodePoints("ab\x9D").empty());                // stray continuation byte
  EXPECT_TRUE(Utf8CodePoints("\xE8\x41\x9D").empty());          // continuation expected
  EXPECT_TRUE(Utf8CodePoints("\xF8\x88\x80\x80\x80").empty());  // no five-byte forms
}

}  // namespace
}  // namespace tripline
