// The signal that the encoder's golden test and the decoder's round-trip tests share: every
// field set, a headline with quotes to escape, price evidence.
#ifndef TRIPLINE_TESTS_CONNECTORS_SAMPLE_SIGNAL_H_
#define TRIPLINE_TESTS_CONNECTORS_SAMPLE_SIGNAL_H_

#include "core/event_time.h"
#include "core/signal.h"

namespace tripline::testing {

inline constexpr EventTime kSampleTs = 1727445900LL * kNanosPerSecond;  // 2024-09-27T14:05:00Z

inline Signal SampleSignal() {
  Signal s;
  s.signal_id = "9f2c41d0a7b3e5f1";
  s.rule = "china-chip-guidance";
  s.rule_hash = "3c1d";
  s.rule_file = "rules/china.yaml";
  s.instrument = "NVDA";
  s.direction = Direction::kShort;
  s.score = 0.85;
  s.severity = "high";
  s.ts = kSampleTs + 60 * kNanosPerSecond;
  s.count = 2;
  s.headlines.push_back(
      {"n-1", "wire", "Beijing guides firms off \"H20\"", kSampleTs, {"Beijing", "H20"}});
  s.price = PriceEvidence{
      "NVDA", "60m", kSampleTs - 3600 * kNanosPerSecond, 121.5, kSampleTs + 60 * kNanosPerSecond,
      116.76, -0.039};
  s.explanation = "NVDA -3.9% in 60m after headline n-1";
  return s;
}

}  // namespace tripline::testing

#endif  // TRIPLINE_TESTS_CONNECTORS_SAMPLE_SIGNAL_H_
