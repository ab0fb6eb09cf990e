#include "io/codec/decode_error.h"

#include <gtest/gtest.h>

namespace tripline {
namespace {

TEST(DecodeErrorTest, CodesAreStable) {
  EXPECT_EQ((DecodeError{}).Code(), "");
  EXPECT_TRUE((DecodeError{}).ok());
  EXPECT_EQ((DecodeError{DecodeErrorKind::kNotJson, nullptr}).Code(), "not_json");
  EXPECT_EQ((DecodeError{DecodeErrorKind::kNotObject, nullptr}).Code(), "not_object");
  EXPECT_EQ((DecodeError{DecodeErrorKind::kTooLarge, nullptr}).Code(), "too_large");
  EXPECT_EQ((DecodeError{DecodeErrorKind::kMissingField, "price"}).Code(), "missing_field:price");
  EXPECT_EQ((DecodeError{DecodeErrorKind::kBadType, "ts"}).Code(), "bad_type:ts");
  EXPECT_EQ((DecodeError{DecodeErrorKind::kOutOfRange, "price"}).Code(), "out_of_range:price");
  EXPECT_EQ((DecodeError{DecodeErrorKind::kInvalidUtf8, "headline"}).Code(),
            "invalid_utf8:headline");
  EXPECT_EQ((DecodeError{DecodeErrorKind::kInvalidUtf8, nullptr}).Code(), "invalid_utf8");
  EXPECT_EQ((DecodeError{DecodeErrorKind::kDuplicateField, "id"}).Code(), "duplicate_field:id");
  EXPECT_FALSE((DecodeError{DecodeErrorKind::kNotJson, nullptr}).ok());
}

TEST(DecodeErrorTest, MessagesSayWhatWasExpected) {
  const std::string missing = (DecodeError{DecodeErrorKind::kMissingField, "price"}).Message();
  EXPECT_EQ(missing, "missing required field 'price' (expected a finite number > 0)");
  const std::string type = (DecodeError{DecodeErrorKind::kBadType, "ts"}).Message();
  EXPECT_NE(type.find("'ts'"), std::string::npos);
  EXPECT_NE(type.find("RFC 3339"), std::string::npos);
  const std::string range = (DecodeError{DecodeErrorKind::kOutOfRange, "id"}).Message();
  EXPECT_NE(range.find("1..128 bytes"), std::string::npos) << range;
  const std::string kind = (DecodeError{DecodeErrorKind::kOutOfRange, "kind"}).Message();
  EXPECT_NE(kind.find("\"close\""), std::string::npos) << kind;
  EXPECT_EQ((DecodeError{DecodeErrorKind::kDuplicateField, "sym"}).Message(),
            "field 'sym' appears more than once");
}

}  // namespace
}  // namespace tripline
