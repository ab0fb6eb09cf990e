// SignalDecoder: reads a signal's JSON (docs/messages.md, what signal_encoder.h writes) back into
// a Signal, for the desk-side tools (`tripline tail`) and tests. It checks the fields a reader
// relies on (signal_id, rule, instrument, direction, score, ts) and takes the rest as present.
//
// Owns one simdjson parser, reused: a tail reads many signals. Not on the engine's hot path.
// Thread-safety: none; one decoder per thread.
#ifndef TRIPLINE_IO_CODEC_SIGNAL_DECODER_H_
#define TRIPLINE_IO_CODEC_SIGNAL_DECODER_H_

#include <simdjson.h>

#include <string_view>

#include "absl/status/status.h"
#include "core/signal.h"

namespace tripline {

class SignalDecoder {
 public:
  SignalDecoder() = default;
  SignalDecoder(const SignalDecoder&) = delete;
  SignalDecoder& operator=(const SignalDecoder&) = delete;

  // Fills `*out` (overwritten entirely). InvalidArgument naming the field on a message that is
  // not a signal.
  absl::Status Decode(std::string_view json, Signal* out);

 private:
  simdjson::dom::parser parser_;
};

}  // namespace tripline

#endif  // TRIPLINE_IO_CODEC_SIGNAL_DECODER_H_
