// The decoded input events: a headline and a price tick. These are the engine's vocabulary;
// connectors decode bytes into them, rules evaluate them.
//
// Ownership: string views borrow from the decoder that produced the event (simdjson's string
// buffer or the input bytes) and stay valid only until that decoder decodes its next message.
// Copy what you keep. Thread-safety: plain values; no shared state.
#ifndef TRIPLINE_CORE_EVENTS_H_
#define TRIPLINE_CORE_EVENTS_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "core/event_time.h"

namespace tripline {

// Limits from docs/messages.md, shared by the decoders and the schema.
inline constexpr size_t kMaxIdBytes = 128;
inline constexpr size_t kMaxHeadlineBytes = 2048;
inline constexpr size_t kMaxBodyBytes = 64 * 1024;
inline constexpr size_t kMaxTickers = 32;
// Largest accepted message; larger ones are dead-lettered as `too_large`.
inline constexpr size_t kMaxMessageBytes = 128 * 1024;

struct Headline {
  std::string_view id;
  EventTime ts = 0;
  // Availability time (when the engine could first see it); kNoTime when the input had none.
  EventTime recv_ts = kNoTime;
  std::string_view source;
  std::string_view headline;
  std::string_view body;  // empty when absent
  std::string_view lang;  // empty when absent
  std::string_view url;   // empty when absent
  std::array<std::string_view, kMaxTickers> tickers;
  uint32_t ticker_count = 0;
};

enum class PriceKind : uint8_t {
  kTrade,
  kQuote,
  // The official close of the previous session: the reference for "move since previous close".
  kClose,
};

std::string_view PriceKindName(PriceKind kind);

struct PriceTick {
  std::string_view sym;
  EventTime ts = 0;
  EventTime recv_ts = kNoTime;
  double price = 0;
  double size = 0;
  PriceKind kind = PriceKind::kTrade;
  // The best bid and ask as of this event, when the message records them (0: not recorded);
  // the evaluation's cost per side is half their spread where present.
  double bid = 0;
  double ask = 0;
};

// The time by which replay orders an event: availability time when known, else event time, so
// a backtest never acts on news before it was available.
inline EventTime OrderTime(EventTime ts, EventTime recv_ts) {
  return recv_ts != kNoTime ? recv_ts : ts;
}

enum class EventKind : uint8_t { kHeadline, kPrice };

// One decoded event. Only the member named by `kind` is meaningful; its views borrow from the
// decoder that produced it (core/event_decoder.h) until that decoder's next decode.
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

}  // namespace tripline

#endif  // TRIPLINE_CORE_EVENTS_H_
