// What the evaluation's tests share: a fixed signal time, signals and ticks written in one line,
// and horizons and times from their text form.
//
// Thread-safety: free functions; test-thread only.
#ifndef TRIPLINE_TESTS_EVALUATION_TRACKED_SIGNALS_H_
#define TRIPLINE_TESTS_EVALUATION_TRACKED_SIGNALS_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/evaluation/forward_returns.h"
#include "core/event_time.h"
#include "core/events.h"
#include "core/signal.h"

namespace tripline::evaluation {

// 2025-08-12T14:00:00Z
inline constexpr EventTime kT0 = 1755007200LL * kNanosPerSecond;
inline constexpr EventTime kMin = kNanosPerMinute;

// Horizons from their --horizons text ("1m,5m,close").
inline std::vector<Horizon> H(const char* list) {
  auto h = ParseHorizons(list);
  EXPECT_TRUE(h.ok()) << h.status();
  return *h;
}

inline Signal MakeSignal(const std::string& rule, const std::string& sym, Direction d, EventTime ts,
                         const std::string& headline_id = "n-1", double score = 0.8) {
  Signal s;
  s.signal_id = rule + sym + std::to_string(ts);
  s.rule = rule;
  s.instrument = sym;
  s.direction = d;
  s.ts = ts;
  s.score = score;
  s.headlines.push_back(
      HeadlineEvidence{headline_id, "Reuters", "text", ts - 30 * kNanosPerSecond, {}});
  return s;
}

inline void Tick(ForwardReturnTracker& t, const std::string& sym, EventTime ts, double price) {
  PriceTick p;
  p.sym = sym;
  p.ts = ts;
  p.price = price;
  t.OnPrice(p);
}

// One short of `rule` on NVDA at kT0, entered at 100; 98.5 two minutes later, then the end.
inline void TrackOneShort(ForwardReturnTracker& t, const std::string& rule) {
  t.AddSignal(MakeSignal(rule, "NVDA", Direction::kShort, kT0), 0);
  Tick(t, "NVDA", kT0, 100);
  Tick(t, "NVDA", kT0 + 2 * kMin, 98.5);
  t.Finish();
}

// The event time of an RFC 3339 UTC time, for readable expectations.
inline EventTime Utc(const char* rfc3339) {
  EventTime t = 0;
  EXPECT_TRUE(ParseRfc3339(rfc3339, &t)) << rfc3339;
  return t;
}

}  // namespace tripline::evaluation

#endif  // TRIPLINE_TESTS_EVALUATION_TRACKED_SIGNALS_H_
