// MergeOrder: the one ordering rule of every merge of input streams, backtest and live alike:
// ascending availability time (order_ts), ties to the lower stream index, and within a stream
// its own order. Both the backtest (recorded files: headline files are added
// before price files) and the live core (Kafka partitions: headline partitions before price
// partitions, each by partition number) number their streams the same way, so a recording
// replays in the order the live engine handled it.
//
// Thread-safety: plain functions on values.
#ifndef TRIPLINE_CORE_MERGE_ORDER_H_
#define TRIPLINE_CORE_MERGE_ORDER_H_

#include <cstddef>
#include <cstdint>

#include "core/event_time.h"

namespace tripline {

// The head of one stream in a merge: the order time of its next event and its stream index.
struct MergeHead {
  EventTime order_ts = 0;
  uint32_t stream = 0;
};

// True when `a` is handed over before `b`. A stream's own events keep their order, so no
// position is needed: two heads never belong to the same stream.
inline bool MergesBefore(const MergeHead& a, const MergeHead& b) {
  return a.order_ts < b.order_ts || (a.order_ts == b.order_ts && a.stream < b.stream);
}

}  // namespace tripline

#endif  // TRIPLINE_CORE_MERGE_ORDER_H_
