#include "io/codec/decode_error.h"

#include <cstring>

namespace tripline {
namespace {

// What each field must hold, in the words of docs/messages.md.
const char* Expectation(const char* field) {
  struct Entry {
    const char* field;
    const char* expected;
  };
  static constexpr Entry kEntries[] = {
      {"id", "a string of 1..128 bytes"},
      {"ts",
       "an integer of nanoseconds since the Unix epoch (>= 0) or an RFC 3339 string "
       "from 1970 to 2261"},
      {"recv_ts",
       "an integer of nanoseconds since the Unix epoch (>= 0) or an RFC 3339 string "
       "from 1970 to 2261"},
      {"source", "a non-empty string"},
      {"headline", "a string of 1..2048 bytes of valid UTF-8"},
      {"body", "a string of at most 65536 bytes"},
      {"lang", "a string"},
      {"url", "a string"},
      {"tickers", "an array of at most 32 strings"},
      {"sym", "a non-empty string"},
      {"price", "a finite number > 0"},
      {"size", "a finite number >= 0"},
      {"kind", "one of \"trade\", \"quote\", \"close\""},
  };
  for (const Entry& e : kEntries) {
    if (std::strcmp(e.field, field) == 0) return e.expected;
  }
  return "a valid value";
}

}  // namespace

const char* DecodeErrorKindName(DecodeErrorKind kind) {
  switch (kind) {
    case DecodeErrorKind::kNone:
      return "";
    case DecodeErrorKind::kNotJson:
      return "not_json";
    case DecodeErrorKind::kNotObject:
      return "not_object";
    case DecodeErrorKind::kTooLarge:
      return "too_large";
    case DecodeErrorKind::kMissingField:
      return "missing_field";
    case DecodeErrorKind::kBadType:
      return "bad_type";
    case DecodeErrorKind::kOutOfRange:
      return "out_of_range";
    case DecodeErrorKind::kInvalidUtf8:
      return "invalid_utf8";
    case DecodeErrorKind::kDuplicateField:
      return "duplicate_field";
  }
  return "unknown";
}

std::string DecodeError::Code() const {
  std::string code = DecodeErrorKindName(kind);
  if (field != nullptr && kind != DecodeErrorKind::kNone) {
    code += ':';
    code += field;
  }
  return code;
}

std::string DecodeError::Message() const {
  const std::string name = field != nullptr ? std::string("field '") + field + "'" : "";
  switch (kind) {
    case DecodeErrorKind::kNone:
      return "ok";
    case DecodeErrorKind::kNotJson:
      return "message is not valid JSON (expected exactly one JSON object and nothing after it)";
    case DecodeErrorKind::kNotObject:
      return "message is JSON but not an object";
    case DecodeErrorKind::kTooLarge:
      return "message is larger than the maximum message size";
    case DecodeErrorKind::kMissingField:
      return "missing required " + name + " (expected " + Expectation(field) + ")";
    case DecodeErrorKind::kBadType:
      return name + " has the wrong type or format: expected " + Expectation(field);
    case DecodeErrorKind::kOutOfRange:
      return name + " is out of range: expected " + Expectation(field);
    case DecodeErrorKind::kInvalidUtf8:
      if (field == nullptr) return "message is not valid UTF-8";
      return name + " is not valid UTF-8 (an escape forms a lone or reversed surrogate)";
    case DecodeErrorKind::kDuplicateField:
      return name + " appears more than once";
  }
  return "unknown decode error";
}

}  // namespace tripline
