// A stream of decoded input events in the order of one source (a recorded file, a Kafka
// partition). Sources decode their own bytes and send bad input to their dead-letter sink, so
// a stream yields only valid events.
//
// Thread-safety: one thread drives a stream.
#ifndef TRIPLINE_CORE_EVENT_STREAM_H_
#define TRIPLINE_CORE_EVENT_STREAM_H_

#include <cstdint>

#include "absl/status/status.h"
#include "core/events.h"

namespace tripline {

enum class EventKind : uint8_t { kHeadline, kPrice };

// One decoded event. Only the member named by `kind` is meaningful; its views borrow from the
// stream's decoder until the stream's next Next().
struct Event {
  EventKind kind = EventKind::kPrice;
  Headline headline;
  PriceTick price;

  EventTime ts() const { return kind == EventKind::kHeadline ? headline.ts : price.ts; }
  EventTime recv_ts() const {
    return kind == EventKind::kHeadline ? headline.recv_ts : price.recv_ts;
  }
  // Replay order: availability time when known, else event time.
  EventTime order_ts() const { return OrderTime(ts(), recv_ts()); }
};

class EventStream {
 public:
  virtual ~EventStream() = default;
  // Advances to the next valid event, dead-lettering bad input on the way. Returns false at the
  // end of the stream or when the stream cannot be read any further (see status()).
  virtual bool Next() = 0;
  // The current event; valid after Next() returned true, until the next call to Next().
  virtual const Event& current() const = 0;
  // OK unless reading failed (I/O error, corrupt compression).
  virtual absl::Status status() const = 0;
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_EVENT_STREAM_H_
