// Test helper: recorded headline and price lines in the order a replay hands them over --
// availability time (recv_ts, else ts), headlines before prices on ties, each stream's own order
// kept, as the backtest's merge and the live loop order them -- for the Kafka tests that
// produce a recorded day to topics (tests/kafka/kafka_live_fixture.cc, tests/faults).
//
// Thread-safety: free function; test-thread only.
#ifndef TRIPLINE_TESTS_KAFKA_REPLAY_ORDER_H_
#define TRIPLINE_TESTS_KAFKA_REPLAY_ORDER_H_

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "core/event_time.h"
#include "core/events.h"
#include "io/codec/message_decoder.h"

namespace tripline::testing {

struct ReplayLine {
  bool headline = false;
  std::string_view line;  // borrowed from the input
  EventTime available = 0;
  std::string key;  // the headline's id or the price's symbol
};

// Lines that do not decode are left out.
inline std::vector<ReplayLine> InReplayOrder(const std::vector<std::string_view>& headlines,
                                             const std::vector<std::string_view>& prices) {
  std::vector<ReplayLine> lines;
  MessageDecoder decoder;
  Headline h;
  PriceTick p;
  for (std::string_view line : headlines) {
    if (decoder.DecodeHeadline(line, &h).ok()) {
      lines.push_back({true, line, OrderTime(h.ts, h.recv_ts), std::string(h.id)});
    }
  }
  for (std::string_view line : prices) {
    if (decoder.DecodePrice(line, &p).ok()) {
      lines.push_back({false, line, OrderTime(p.ts, p.recv_ts), std::string(p.sym)});
    }
  }
  std::stable_sort(lines.begin(), lines.end(), [](const ReplayLine& a, const ReplayLine& b) {
    return a.available != b.available ? a.available < b.available : a.headline > b.headline;
  });
  return lines;
}

}  // namespace tripline::testing

#endif  // TRIPLINE_TESTS_KAFKA_REPLAY_ORDER_H_
