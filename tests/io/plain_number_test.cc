#include "io/codec/plain_number.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace tripline {
namespace {

namespace od = simdjson::ondemand;

// What simdjson makes of `token` as the value of a field, and the token it reports for it.
struct Reference {
  bool int_ok = false;
  int64_t int_value = 0;
  bool double_ok = false;
  double double_value = 0;
  std::string raw;
};

Reference Simdjson(const std::string& token) {
  static od::parser parser;
  const simdjson::padded_string json("{\"v\":" + token + "}");
  Reference r;
  for (int pass = 0; pass < 2; ++pass) {
    od::document doc;
    od::object obj;
    od::value v;
    if (parser.iterate(json).get(doc) || doc.get_object().get(obj) || obj["v"].get(v)) return r;
    r.raw = std::string(v.raw_json_token());
    if (pass == 0) {
      r.int_ok = v.get_int64().get(r.int_value) == simdjson::SUCCESS;
    } else {
      r.double_ok = v.get_double().get(r.double_value) == simdjson::SUCCESS;
    }
  }
  return r;
}

// Whenever a fast path accepts a token, simdjson accepts it too and reads the same value, bit
// for bit; and the fast paths accept the common shapes.
void Check(const std::string& token, bool expect_int, bool expect_decimal) {
  SCOPED_TRACE(token);
  const Reference ref = Simdjson(token);
  ASSERT_FALSE(ref.raw.empty()) << "simdjson did not locate the value";
  int64_t i = -1;
  const bool int_ok = ParsePlainUint(ref.raw, &i);
  EXPECT_EQ(int_ok, expect_int);
  if (int_ok) {
    ASSERT_TRUE(ref.int_ok);
    EXPECT_EQ(i, ref.int_value);
  }
  double d = -1;
  const bool dec_ok = ParsePlainDecimal(ref.raw, &d);
  EXPECT_EQ(dec_ok, expect_decimal);
  if (dec_ok) {
    ASSERT_TRUE(ref.double_ok);
    EXPECT_EQ(std::memcmp(&d, &ref.double_value, sizeof d), 0) << d << " vs " << ref.double_value;
  }
}

TEST(PlainNumber, AcceptsTheCommonShapesWithSimdjsonsValues) {
  Check("0", true, true);
  Check("7", true, true);
  Check("1754998200060000000", true, false);  // 19 digits: beyond the decimal path's 15
  Check("9223372036854775807", true, false);  // INT64_MAX
  Check("183.00", false, true);
  Check("0.1", false, true);
  Check("-0.0", false, true);  // negative zero, as simdjson reads it
  Check("-12.5", false, true);
  Check("123456789012345", true, true);  // 15 digits
  Check("12345678901234.5", false, true);
  Check("701.00  ", false, true);  // whitespace before the next structural character
  Check("42\n", true, true);
}

TEST(PlainNumber, LeavesEverythingElseToSimdjson) {
  // Each row: token, whether the integer path takes it, whether the decimal path takes it.
  // Check() also requires simdjson to read the same value for every token a path takes.
  Check("9223372036854775808", false, false);  // beyond INT64_MAX; 19 digits for the decimal
  Check("12345678901234567890", false, false);
  Check("-1", false, true);  // negative: the classifying path says out_of_range for a time
  Check("1e5", false, false);
  Check("1.5E-3", false, false);
  Check("1234567890123456", true, false);  // 16 digits: an integer, but maybe not exact as a double
  Check("0.1234567890123456", false, false);
  Check("\"12\"", false, false);
  Check("true", false, false);
  Check("null", false, false);
  // Not JSON at all: simdjson rejects the message, and so do both paths, token by token.
  for (const char* token : {"01", "1.", ".5", "-", "00.1", "1_0", "12a", "0x10", "+1", ""}) {
    int64_t i;
    double d;
    EXPECT_FALSE(ParsePlainUint(token, &i)) << token;
    EXPECT_FALSE(ParsePlainDecimal(token, &d)) << token;
  }
}

TEST(PlainNumber, RandomDecimalsAndIntegersMatchSimdjsonBitForBit) {
  std::mt19937_64 rng(20261128);
  for (int n = 0; n < 20000; ++n) {
    const int int_digits = 1 + static_cast<int>(rng() % 8);
    const int frac_digits = static_cast<int>(rng() % 8);
    std::string token = (rng() % 4 == 0) ? "-" : "";
    std::string digits = std::to_string(1 + rng() % 9);
    for (int k = 1; k < int_digits; ++k) digits += static_cast<char>('0' + rng() % 10);
    if (rng() % 10 == 0) digits = "0";
    token += digits;
    if (frac_digits > 0) {
      token += '.';
      for (int k = 0; k < frac_digits; ++k) token += static_cast<char>('0' + rng() % 10);
    }
    const bool negative = token[0] == '-';
    Check(token, !negative && frac_digits == 0, true);
  }
  for (int n = 0; n < 20000; ++n) {
    char buf[32];
    const uint64_t value = rng() >> (rng() % 63);
    std::snprintf(buf, sizeof buf, "%" PRIu64, value);
    const std::string token = buf;
    Check(token, value <= static_cast<uint64_t>(INT64_MAX), token.size() <= 15);
  }
}

}  // namespace
}  // namespace tripline
