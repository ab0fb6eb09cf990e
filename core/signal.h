// A signal: what Tripline emits to trading desks (topic `signals`, key = instrument, or one
// line of a backtest's JSONL output). docs/messages.md defines its JSON form; the encoder in
// io/ writes it.
//
// Ownership: a Signal owns all its strings; it outlives the events that caused it.
// Thread-safety: plain value.
#ifndef TRIPLINE_CORE_SIGNAL_H_
#define TRIPLINE_CORE_SIGNAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event_time.h"

namespace tripline {

enum class Direction : uint8_t { kLong, kShort, kWatch };
std::string_view DirectionName(Direction d);
// The inverse of DirectionName: false (and `*out` unchanged) for anything but long, short, watch.
bool ParseDirection(std::string_view name, Direction* out);

// One headline that contributed to a signal.
struct HeadlineEvidence {
  std::string id;
  std::string source;
  std::string text;
  EventTime ts = 0;
  std::vector<std::string> phrases;  // the phrases of the rule that matched, in text order
};

// The price move that satisfied a rule's price condition, with both ends.
struct PriceEvidence {
  std::string instrument;
  std::string window;  // "60m" or "prev_close"
  EventTime from_ts = 0;
  double from_price = 0;
  EventTime to_ts = 0;
  double to_price = 0;
  double move = 0;  // fraction: -0.039 is -3.9%
  // An abnormal_move test: the benchmark (empty when the instrument has none), its move the
  // same way over the same window, and the move beyond it (what the rule tested).
  bool abnormal = false;
  std::string benchmark = {};
  double benchmark_move = 0;
  double abnormal_move = 0;
};

struct Signal {
  std::string signal_id;  // deterministic: hash of rule, instrument and triggering evidence
  std::string rule;
  std::string rule_hash;  // content hash of the rule file
  std::string rule_file;
  std::string instrument;
  Direction direction = Direction::kWatch;
  double score = 0;
  std::string severity;
  EventTime ts = 0;    // event time at which the rule's conditions first all held
  uint32_t count = 1;  // matching inputs folded into this signal (confirmations, flood control)
  std::vector<HeadlineEvidence> headlines;
  std::optional<PriceEvidence> price;
  std::string explanation;  // one human line: why it fired
  // Set on a retraction: the signal_id of the earlier signal that a later headline denied or
  // walked back ("China denies ...", "US reverses ..."). Empty on every other signal.
  std::string retracts;
};

// Where a signal correlates, which decides the engine that owns it in scale-out: its price
// evidence's instrument, else its own.
inline const std::string& CorrelatedInstrument(const Signal& s) {
  return s.price ? s.price->instrument : s.instrument;
}

}  // namespace tripline

#endif  // TRIPLINE_CORE_SIGNAL_H_
