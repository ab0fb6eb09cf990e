// The engine's second half (core/pipeline.cc): events to the evaluator by kind, its signals to
// the sink, and the counts of what passed through.
#include "core/pipeline.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tripline {
namespace {

// Emits one signal per headline (rule "h") and, at Finish, one more (rule "end").
class Recorder final : public EventEvaluator {
 public:
  void OnHeadline(const Headline& h, SignalSink& out) override {
    seen.push_back("headline " + std::string(h.id));
    Signal s;
    s.rule = "h";
    out.Emit(s);
  }
  void OnPrice(const PriceTick& p, SignalSink&) override {
    seen.push_back("price " + std::string(p.sym));
  }
  void Finish(SignalSink& out) override {
    Signal s;
    s.rule = "end";
    out.Emit(s);
  }
  std::vector<std::string> seen;
};

class Collect final : public SignalSink {
 public:
  void Emit(const Signal& s) override { rules.push_back(s.rule); }
  std::vector<std::string> rules;
};

TEST(PipelineTest, RoutesEventsByKindAndCountsSignalsByRule) {
  Recorder evaluator;
  Collect sink;
  Pipeline pipeline(&evaluator, &sink);
  Event h;
  h.kind = EventKind::kHeadline;
  h.headline.id = "n-1";
  Event p;
  p.kind = EventKind::kPrice;
  p.price.sym = "NVDA";
  pipeline.Process(h);
  pipeline.Process(p);
  pipeline.Process(p);
  pipeline.Process(h);
  pipeline.Finish();
  EXPECT_EQ(evaluator.seen,
            (std::vector<std::string>{"headline n-1", "price NVDA", "price NVDA", "headline n-1"}));
  EXPECT_EQ(sink.rules, (std::vector<std::string>{"h", "h", "end"}));
  const PipelineStats& stats = pipeline.stats();
  EXPECT_EQ(stats.headlines, 2u);
  EXPECT_EQ(stats.prices, 2u);
  EXPECT_EQ(stats.signals, 3u);
  EXPECT_EQ(stats.signals_by_rule, (std::map<std::string, uint64_t>{{"end", 1}, {"h", 2}}));
}

}  // namespace
}  // namespace tripline
