// HeadlineRouter (broker-free): which instruments' engines a headline must reach, and Kafka's
// default partitioner for the co-partitioned topics.
#include "io/kafka/headline_router.h"

#include <map>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/pipeline.h"
#include "io/codec/message_decoder.h"
#include "io/codec/signal_encoder.h"
#include "io/files/jsonl_reader.h"
#include "rules/rule_engine.h"
#include "rules/rule_loader.h"
#include "tests/faults/sample_stream.h"

namespace tripline {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::shared_ptr<const CompiledRules> SampleRules() {
  auto rules = LoadRules(faults::kSampleRules);
  EXPECT_TRUE(rules.ok()) << rules.status();
  return rules.ok() ? *rules : nullptr;
}

std::vector<std::string> Route(HeadlineRouter& router, std::string_view text,
                               std::string_view source = "Reuters") {
  Headline h;
  h.id = "t";
  h.source = source;
  h.headline = text;
  std::vector<std::string_view> targets;
  router.Targets(h, &targets);
  return {targets.begin(), targets.end()};
}

TEST(HeadlineRouterTest, RoutesToTheReachOfTheMatchingRules) {
  auto rules = SampleRules();
  ASSERT_NE(rules, nullptr);
  HeadlineRouter router(rules);
  // cn_guidance_against_us_ai_chips emits for the five US chip firms: all their engines see its
  // stories, whichever firm the headline names (novelty compares them across instruments).
  EXPECT_THAT(
      Route(router, "Beijing urges local firms to avoid Nvidia H20 chips in informal guidance"),
      ElementsAre("AMD", "INTC", "MU", "NVDA", "QCOM"));
  EXPECT_THAT(
      Route(router, "Chinese regulators discourage companies from buying AMD MI308 accelerators"),
      ElementsAre("AMD", "INTC", "MU", "NVDA", "QCOM"));
  EXPECT_THAT(
      Route(router,
            "Chinese regulators discourage companies from buying Nvidia H20 and AMD MI308 chips"),
      ElementsAre("AMD", "INTC", "MU", "NVDA", "QCOM"));
  // The probe rule emits for five firms.
  EXPECT_THAT(Route(router,
                    "China's cyberspace regulator summons Micron over security risks in antitrust "
                    "probe"),
              ElementsAre("AMD", "INTC", "MU", "NVDA", "QCOM"));
  // The market-confirmed fallback emits for any tracked firm: a headline only it can take
  // reaches every engine; one a specific rule takes does not reach the fallback's engines.
  EXPECT_THAT(Route(router, "Beijing mandates new reporting rules for Nvidia H20 buyers"),
              ElementsAre("0981.HK", "688041.SS", "688256.SS", "688981.SS", "AMD", "INTC", "MU",
                          "NVDA", "QCOM"));
  EXPECT_THAT(Route(router, "Beijing bars Nvidia chips from state data centres"),
              ElementsAre("AMD", "INTC", "MU", "NVDA", "QCOM"));
  // us_export_controls_china_chips: a fixed price instrument, whatever the text names.
  EXPECT_THAT(Route(router, "US tightens export controls on AI chips to China"),
              ElementsAre("NVDA"));
}

TEST(HeadlineRouterTest, HeadlinesNoRuleMatchesGoNowhere) {
  auto rules = SampleRules();
  ASSERT_NE(rules, nullptr);
  HeadlineRouter router(rules);
  EXPECT_THAT(Route(router, "Apple shares edge higher ahead of product event"), IsEmpty());
  // The water/hydrogen exception: no rule matches, so no engine needs it.
  EXPECT_THAT(
      Route(router, "Beijing urges cities to cut H20 use as drinking water shortage worsens"),
      IsEmpty());
}

TEST(HeadlineRouterTest, DenialsReachTheEnginesOfTheStoriesTheyMayRetract) {
  auto rules = SampleRules();
  ASSERT_NE(rules, nullptr);
  HeadlineRouter router(rules);
  // No rule takes a denial, but it retracts a story its rule fired on (RuleEngine::Retract): the
  // engines holding the guidance rule's stories must see it.
  EXPECT_THAT(Route(router, "Beijing denies urging firms to avoid Nvidia chips"),
              ElementsAre("AMD", "INTC", "MU", "NVDA", "QCOM"));
  EXPECT_THAT(Route(router, "Nvidia denies its quarterly results were late"), IsEmpty());
}

// The property the topology rests on: every headline that contributes to a signal of the
// sample day reaches the engine owning that signal's price instrument.
TEST(HeadlineRouterTest, EverySignalsHeadlinesReachItsInstrumentsEngine) {
  auto rules = SampleRules();
  ASSERT_NE(rules, nullptr);
  class Collect final : public SignalSink {
   public:
    void Emit(const Signal& s) override { signals.push_back(s); }
    std::vector<Signal> signals;
  } sink;
  RuleEngine engine(rules);
  Pipeline pipeline(&engine, &sink);
  HeadlineRouter router(rules);
  std::map<std::string, std::set<std::string>> routed;  // headline id -> instruments
  MessageDecoder decoder;
  Event event;
  std::vector<std::string_view> targets;
  auto inputs = faults::SampleInputs("h", "p");
  ASSERT_GT(inputs.size(), 1000u);
  for (const auto& r : inputs) {
    if (r.topic == "h") {
      event.kind = EventKind::kHeadline;
      ASSERT_TRUE(decoder.DecodeHeadline(r.value, &event.headline).ok());
      router.Targets(event.headline, &targets);
      for (auto t : targets) routed[std::string(event.headline.id)].insert(std::string(t));
    } else {
      event.kind = EventKind::kPrice;
      ASSERT_TRUE(decoder.DecodePrice(r.value, &event.price).ok());
    }
    pipeline.Process(event);
  }
  pipeline.Finish();
  ASSERT_FALSE(sink.signals.empty());
  size_t checked = 0;
  for (const Signal& s : sink.signals) {
    const std::string& where = CorrelatedInstrument(s);
    for (const HeadlineEvidence& h : s.headlines) {
      EXPECT_TRUE(routed[h.id].count(where))
          << h.id << " of " << s.rule << " not routed to " << where;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0u) << "no signal carried a headline to check";
}

// Scale-out's semantic claim, without a broker: each engine sees the headlines routed to its
// price partitions and its own prices, in the backtest's order, and keeps the signals whose
// correlating instrument it owns; the engines' signals together are the one-engine backtest's,
// byte for byte. On the generated day with the 200-rule pack: many rules, stories and
// instruments across partitions.
TEST(HeadlineRouterTest, EnginesSplittingTheGeneratedDayEmitTheBacktestsSignals) {
  auto rules = LoadRules(faults::kBenchRules);
  ASSERT_TRUE(rules.ok()) << rules.status();
  const auto inputs = faults::GeneratedInputs("h", "p", 200000);
  ASSERT_GT(inputs.size(), 100000u);
  auto reference = faults::ReferenceSignals(inputs, "h", "p", faults::kBenchRules);
  ASSERT_TRUE(reference.ok()) << reference.status();
  ASSERT_GE(reference->size(), 20u);

  class Collect final : public SignalSink {
   public:
    void Emit(const Signal& s) override {
      std::string json;
      AppendSignalJson(s, &json);
      all[s.signal_id] = std::move(json);
      where.push_back(CorrelatedInstrument(s));
      ids.push_back(s.signal_id);
    }
    std::map<std::string, std::string> all;
    std::vector<std::string> where, ids;
  };
  constexpr int32_t kPartitions = 4;
  for (const std::vector<std::set<int32_t>>& split :
       {std::vector<std::set<int32_t>>{{0, 1}, {2, 3}}, {{0}, {1, 2}, {3}}}) {
    faults::SignalsById got;
    for (const std::set<int32_t>& owned : split) {
      Collect sink;
      RuleEngine engine(*rules);
      Pipeline pipeline(&engine, &sink);
      HeadlineRouter router(*rules);
      MessageDecoder decoder;
      Event event;
      std::vector<std::string_view> targets;
      for (const auto& r : inputs) {
        if (r.topic == "h") {
          event.kind = EventKind::kHeadline;
          ASSERT_TRUE(decoder.DecodeHeadline(r.value, &event.headline).ok());
          router.Targets(event.headline, &targets);
          bool mine = false;
          for (auto t : targets) mine |= owned.count(PartitionFor(t, kPartitions)) > 0;
          if (!mine) continue;
        } else {
          event.kind = EventKind::kPrice;
          ASSERT_TRUE(decoder.DecodePrice(r.value, &event.price).ok());
          if (!owned.count(PartitionFor(event.price.sym, kPartitions))) continue;
        }
        pipeline.Process(event);
      }
      pipeline.Finish();
      for (size_t i = 0; i < sink.ids.size(); ++i) {
        if (owned.count(PartitionFor(sink.where[i], kPartitions))) {
          got[sink.ids[i]] = sink.all[sink.ids[i]];
        }
      }
    }
    for (const auto& [id, json] : *reference) {
      auto it = got.find(id);
      if (it == got.end()) {
        ADD_FAILURE() << split.size() << " engines lost " << json;
      } else {
        EXPECT_EQ(it->second, json) << split.size() << " engines";
      }
    }
    for (const auto& [id, json] : got) {
      EXPECT_TRUE(reference->count(id)) << split.size() << " engines: extra " << json;
    }
  }
}

TEST(PartitionForTest, IsKafkasDefaultMurmur2Partitioner) {
  // Kafka's own test vectors for Utils.murmur2 (UtilsTest), taken positive: the partition among
  // INT32_MAX partitions is the positive hash itself.
  EXPECT_EQ(PartitionFor("21", INT32_MAX), -973932308 & 0x7fffffff);
  EXPECT_EQ(PartitionFor("foobar", INT32_MAX), -790332482 & 0x7fffffff);
  EXPECT_EQ(PartitionFor("a-little-bit-long-string", INT32_MAX), -985981536 & 0x7fffffff);
  EXPECT_EQ(PartitionFor("abc", INT32_MAX), 479470107);
  // With n partitions: the positive hash modulo n, as Java's DefaultPartitioner.
  const int32_t hash = PartitionFor("NVDA", INT32_MAX);
  for (int32_t n : {1, 3, 12}) EXPECT_EQ(PartitionFor("NVDA", n), hash % n) << n;
}

}  // namespace
}  // namespace tripline
