// MessageDecoder: decodes one JSON message (a headline or a price tick, docs/messages.md) into
// the engine's event types, validating every field it knows and ignoring (but still
// syntax-checking) fields it does not.
//
// It owns one simdjson On-Demand parser with a fixed capacity and one zero-padded input buffer,
// both allocated in the constructor and reused: decoding allocates nothing in steady state.
// Input is copied into the padded buffer, so callers may pass any bytes (librdkafka payloads)
// without padding; bytes that already carry simdjson's padding (JsonlReader lines) can be
// parsed in place instead (Input::kPadded).
//
// Ownership: the string views of a decoded Headline/PriceTick point into this decoder (the
// parser's string buffer or the padded copy), or into the input with kPadded, and are valid
// until the next Decode call or the decoder's destruction (and the input's). Copy what you keep.
// Thread-safety: none; use one decoder per thread.
#ifndef TRIPLINE_IO_CODEC_MESSAGE_DECODER_H_
#define TRIPLINE_IO_CODEC_MESSAGE_DECODER_H_

#include <simdjson.h>

#include <cstddef>
#include <memory>
#include <string_view>

#include "core/event_decoder.h"
#include "core/events.h"
#include "io/codec/decode_error.h"

namespace tripline {

class MessageDecoder final : public EventDecoder {
 public:
  // Messages longer than `max_message_bytes` are rejected as `too_large` before parsing.
  explicit MessageDecoder(size_t max_message_bytes = kMaxMessageBytes);

  MessageDecoder(const MessageDecoder&) = delete;
  MessageDecoder& operator=(const MessageDecoder&) = delete;

  // How the caller holds the input. kCopy: any bytes; they are copied into the padded buffer.
  // kPadded: the bytes are followed by at least simdjson::SIMDJSON_PADDING readable bytes of any
  // content (a JsonlReader line) and are parsed in place, saving the copy; views of the result
  // may then point into the input, valid while it is.
  enum class Input { kCopy, kPadded };

  // Decodes a headline. On error `*out` is left partly written and must not be used.
  DecodeError DecodeHeadline(std::string_view bytes, Headline* out, Input input = Input::kCopy);
  // Decodes a price tick. On error `*out` is left partly written and must not be used.
  DecodeError DecodePrice(std::string_view bytes, PriceTick* out, Input input = Input::kCopy);

  // The ingest kernel's view (core/event_decoder.h): either of the above, by kind.
  bool Decode(EventKind kind, std::string_view bytes, bool padded, Event* out,
              DeadLetter* failure) override;

  size_t max_message_bytes() const { return max_message_bytes_; }

 private:
  // Starts iterating `bytes` (copied into the padded buffer unless kPadded); on success
  // `*object` is the top-level object.
  DecodeError Start(std::string_view bytes, Input input, simdjson::ondemand::object* object);
  // After the object's fields were consumed: rejects anything that follows the object.
  DecodeError Finish();
  // The frame of every message type: Start, one walk handing each known field to
  // read(index, value), Finish, then the first required field that was missing.
  template <typename Fields, typename ReadField>
  DecodeError DecodeObject(std::string_view bytes, Input input, const Fields& fields,
                           ReadField&& read);

  const size_t max_message_bytes_;
  std::unique_ptr<char[]> buffer_;  // max_message_bytes_ + SIMDJSON_PADDING, zeroed
  simdjson::ondemand::parser parser_;
  simdjson::ondemand::document doc_;
};

}  // namespace tripline

#endif  // TRIPLINE_IO_CODEC_MESSAGE_DECODER_H_
