#include "io/codec/dead_letter_encoder.h"

#include <gtest/gtest.h>

namespace tripline {
namespace {

TEST(DeadLetterEncoderTest, Utf8PayloadAsString) {
  DeadLetter d;
  d.code = "out_of_range:price";
  d.message = "field 'price' is out of range";
  d.origin = "prices.jsonl:12";
  d.payload = R"({"sym":"A","price":-1})";
  std::string out;
  AppendDeadLetterJson(d, &out);
  EXPECT_EQ(out, R"({"code":"out_of_range:price","message":"field 'price' is out of range",)"
                 R"("origin":"prices.jsonl:12","payload":"{\"sym\":\"A\",\"price\":-1}"})");
}

TEST(DeadLetterEncoderTest, NonUtf8PayloadAsBase64) {
  DeadLetter d;
  d.code = "invalid_utf8";
  d.message = "message is not valid UTF-8";
  d.origin = "market.prices/3/1042";
  const char bytes[] = {'{', '\xff', '\x00', '}'};
  d.payload = std::string_view(bytes, sizeof bytes);
  std::string out;
  AppendDeadLetterJson(d, &out);
  EXPECT_EQ(out, R"({"code":"invalid_utf8","message":"message is not valid UTF-8",)"
                 R"("origin":"market.prices/3/1042","payload_base64":"e/8AfQ=="})");
}

TEST(DeadLetterEncoderTest, EmptyPayloadAndControlCharacters) {
  DeadLetter d;
  d.code = "not_json";
  d.origin = "f:1";
  d.payload = std::string_view("a\tb\0", 4);
  std::string out;
  AppendDeadLetterJson(d, &out);
  EXPECT_EQ(out, R"({"code":"not_json","message":"","origin":"f:1","payload":"a\tb\u0000"})");
}

}  // namespace
}  // namespace tripline
