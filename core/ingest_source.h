// IngestSource: one ordered source of raw messages for the ingest kernel (core/ingest.h): a
// recorded file (io/files/recorded_stream.h) or a Kafka partition (io/kafka/live_core.h). A
// source only hands out bytes in its own order and says whether more may come; the kernel
// decodes, dead-letters, counts and merges.
//
// A file is a source that has always ended once read to its end; a Kafka partition is a source
// that waits: while it is not known to be at its end, a message it has not received yet may
// have to go first, so the merge waits for it.
//
// Thread-safety: the kernel's thread calls everything.
#ifndef TRIPLINE_CORE_INGEST_SOURCE_H_
#define TRIPLINE_CORE_INGEST_SOURCE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/events.h"

namespace tripline {

// What a source has at its front right now.
enum class SourceFront : uint8_t {
  kMessage,  // a message (filled in)
  kWait,     // none yet, and the next one may merge first: the merge must wait
  kEnded,    // none now, and the merge may pass this source by
};

struct SourceMessage {
  std::string_view bytes;
  EventKind kind = EventKind::kPrice;
  // The bytes are followed by the codec's padding and may be decoded in place.
  bool padded = false;
  // A progress marker (the router's): no event; it merges at `order_ts`.
  bool marker = false;
  EventTime order_ts = 0;  // markers only: a data message's order time is in its bytes
};

class IngestSource {
 public:
  virtual ~IngestSource() = default;
  // The front message, if any: on kMessage `*message` is filled and its bytes stay valid until
  // Pop(). Called again (and must answer the same) until Pop().
  virtual SourceFront Front(SourceMessage* message) = 0;
  // The kernel is done with the front message.
  virtual void Pop() = 0;
  // Appends where the front message came from ("file:line", "topic/partition/offset"): the
  // origin of its dead letter.
  virtual void AppendOrigin(std::string* out) const = 0;
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_INGEST_SOURCE_H_
