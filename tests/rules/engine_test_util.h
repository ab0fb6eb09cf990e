// Test helpers for the rule engine: events that own their strings, a recording sink, and a
// byte-exact serialisation of signals for determinism checks.
#ifndef TRIPLINE_TESTS_RULES_ENGINE_TEST_UTIL_H_
#define TRIPLINE_TESTS_RULES_ENGINE_TEST_UTIL_H_

#include <deque>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/events.h"
#include "core/signal_sink.h"

namespace tripline::testing {

// Owns the strings events borrow; deque keeps addresses stable.
class EventFactory {
 public:
  Headline H(const std::string& id, EventTime ts, const std::string& source,
             const std::string& text) {
    Headline h;
    h.id = Keep(id);
    h.ts = ts;
    h.source = Keep(source);
    h.headline = Keep(text);
    return h;
  }
  PriceTick P(const std::string& sym, EventTime ts, double price,
              PriceKind kind = PriceKind::kTrade) {
    PriceTick p;
    p.sym = Keep(sym);
    p.ts = ts;
    p.price = price;
    p.kind = kind;
    return p;
  }

 private:
  std::string_view Keep(const std::string& s) { return store_.emplace_back(s); }
  std::deque<std::string> store_;
};

class RecordingSink : public SignalSink {
 public:
  void Emit(const Signal& s) override { signals.push_back(s); }
  std::vector<Signal> signals;
};

inline std::string Serialize(const Signal& s) {
  std::string out = absl::StrCat(s.signal_id, "|", s.rule, "|", s.rule_hash, "|", s.rule_file, "|",
                                 s.instrument, "|", std::string(DirectionName(s.direction)), "|",
                                 s.score, "|", s.severity, "|", s.ts, "|", s.count, "|");
  for (const auto& h : s.headlines) {
    absl::StrAppend(&out, h.id, ",", h.source, ",", h.text, ",", h.ts, ",");
    for (const auto& p : h.phrases) absl::StrAppend(&out, p, ";");
  }
  if (s.price) {
    absl::StrAppend(&out, "|", s.price->instrument, ",", s.price->window, ",", s.price->from_ts,
                    ",", s.price->from_price, ",", s.price->to_ts, ",", s.price->to_price, ",",
                    s.price->move);
  }
  absl::StrAppend(&out, "|", s.explanation, "\n");
  return out;
}

}  // namespace tripline::testing

#endif  // TRIPLINE_TESTS_RULES_ENGINE_TEST_UTIL_H_
