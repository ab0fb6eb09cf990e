// EventDecoder: what the ingest kernel (core/ingest.h) needs of a message codec: bytes in, an
// Event or the reason the bytes are bad out. The codec itself (JSON: io/codec/message_decoder.h)
// lives at the edge, so the core names no wire format.
//
// Thread-safety: none; the kernel holds one decoder per source, so that each source's decoded
// head stays valid while the other sources decode theirs.
#ifndef TRIPLINE_CORE_EVENT_DECODER_H_
#define TRIPLINE_CORE_EVENT_DECODER_H_

#include <string_view>

#include "core/dead_letter.h"
#include "core/events.h"

namespace tripline {

class EventDecoder {
 public:
  virtual ~EventDecoder() = default;
  // Decodes `bytes` as an event of `kind` into `*out`. `padded`: the bytes are followed by the
  // codec's padding and are parsed in place (the views of `*out` may then point into them).
  // The views are valid until the next Decode (and while padded bytes are). On failure returns
  // false and sets `failure->code` (stable, "missing_field:price") and `failure->message`
  // (naming the field); `*out` must not be used then.
  virtual bool Decode(EventKind kind, std::string_view bytes, bool padded, Event* out,
                      DeadLetter* failure) = 0;
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_EVENT_DECODER_H_
