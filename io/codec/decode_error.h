// DecodeError: why a message could not be decoded, as a stable machine code and a human text.
// The code is what dead letters, metrics and tests key on, so its spelling never changes;
// docs/messages.md lists every code.
//
// A DecodeError is a plain value of two words: building one never allocates (the field name is
// a static string), so the decoders can return it on the hot path. Code() and Message()
// allocate and are meant for the (rare) reject path.
// Thread-safety: plain value.
#ifndef TRIPLINE_IO_CODEC_DECODE_ERROR_H_
#define TRIPLINE_IO_CODEC_DECODE_ERROR_H_

#include <cstdint>
#include <string>

namespace tripline {

enum class DecodeErrorKind : uint8_t {
  kNone,
  kNotJson,       // not one complete JSON value, or content after it
  kNotObject,     // valid JSON but not an object
  kTooLarge,      // longer than the decoder's maximum message size
  kMissingField,  // a required field is absent
  kBadType,       // a field has the wrong JSON type, or a time string is not RFC 3339
  kOutOfRange,    // right type, value outside the allowed range or set
  kInvalidUtf8,   // not valid UTF-8 (whole message, or a \u escape forming a lone surrogate)
  // Appended after the lead's list: a known field given twice. Rejected rather than "last one
  // wins" because different JSON readers disagree on which duplicate counts, and a price that
  // means one thing to us and another to a downstream reader is worse than a dead letter.
  kDuplicateField,
};

struct DecodeError {
  DecodeErrorKind kind = DecodeErrorKind::kNone;
  // Static string naming the field ("price"); null for whole-message errors.
  const char* field = nullptr;

  bool ok() const { return kind == DecodeErrorKind::kNone; }
  // Stable code: "missing_field:price", "bad_type:ts", "out_of_range:price",
  // "invalid_utf8:headline", "duplicate_field:id", "too_large", "not_json", "not_object",
  // "invalid_utf8". Empty for kNone.
  std::string Code() const;
  // Human text naming the field and what was expected.
  std::string Message() const;
};

// The code prefix of a kind ("missing_field"); empty for kNone.
const char* DecodeErrorKindName(DecodeErrorKind kind);

}  // namespace tripline

#endif  // TRIPLINE_IO_CODEC_DECODE_ERROR_H_
