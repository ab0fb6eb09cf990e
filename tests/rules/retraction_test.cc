// Retractions: a later headline that denies or walks back a story that already fired emits a
// signal naming the original signal_id.
#include <gtest/gtest.h>

#include "rules/rule_engine.h"
#include "rules/rule_loader.h"
#include "tests/rules/engine_test_util.h"

namespace tripline {
namespace {

constexpr const char* kPack = R"(negation_cues: [deny]
retraction_cues: [reverse, "lift ~2 ban"]
entities:
  nvidia: {instruments: [NVDA], names: [Nvidia]}
  amd: {instruments: [AMD], names: [AMD]}
lists:
  gov: [Beijing, China]
  act: [urge, ban]
rules:
  - id: guidance
    headline: any(gov) and any(act) and (mentions(nvidia) or mentions(amd))
    price: move(mentioned, 60m) <= -3%
    novelty: {window: 6h, similarity: 0.5}
    emit: {instrument: mentioned, direction: short, severity: high}
)";

class RetractionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = LoadRulesFromString(kPack, "p.yaml");
    ASSERT_TRUE(r.ok()) << r.status();
    engine_ = std::make_unique<RuleEngine>(*r);
  }
  // A story on Nvidia that fires at t0 + 10m.
  void Fire() {
    engine_->OnPrice(f_.P("NVDA", t0_, 100), sink_);
    engine_->OnHeadline(f_.H("h1", t0_ + m_, "Reuters", "Beijing urges firms to avoid Nvidia"),
                        sink_);
    engine_->OnPrice(f_.P("NVDA", t0_ + 10 * m_, 96), sink_);
    ASSERT_EQ(sink_.signals.size(), 1u);
    ASSERT_TRUE(sink_.signals[0].retracts.empty());
  }
  void Headline(const std::string& id, EventTime ts, const std::string& text) {
    engine_->OnHeadline(f_.H(id, ts, "Bloomberg", text), sink_);
  }

  testing::EventFactory f_;
  testing::RecordingSink sink_;
  std::unique_ptr<RuleEngine> engine_;
  const EventTime t0_ = 1'700'000'000LL * kNanosPerSecond;
  const EventTime m_ = kNanosPerMinute;
};

TEST_F(RetractionTest, DenialOfAFiredStoryRetractsItsSignal) {
  Fire();
  const std::string original = sink_.signals[0].signal_id;
  Headline("h2", t0_ + 30 * m_, "China denies urging firms to avoid Nvidia chips");
  ASSERT_EQ(sink_.signals.size(), 2u);
  const Signal& r = sink_.signals[1];
  EXPECT_EQ(r.retracts, original);
  EXPECT_EQ(r.rule, "guidance");
  EXPECT_EQ(r.instrument, "NVDA");
  EXPECT_EQ(r.direction, Direction::kShort);
  EXPECT_FALSE(r.price.has_value());
  ASSERT_EQ(r.headlines.size(), 1u);
  EXPECT_EQ(r.headlines[0].id, "h2");
  EXPECT_NE(r.signal_id, original);
  EXPECT_EQ(engine_->stats().retractions, 1u);
  // At most once per signal.
  Headline("h3", t0_ + 40 * m_, "Beijing again denies urging firms to shun Nvidia");
  EXPECT_EQ(sink_.signals.size(), 2u);
}

TEST_F(RetractionTest, RetractionCueWalksBack) {
  Fire();
  Headline("h2", t0_ + 2 * 60 * m_, "China lifts the ban on Nvidia chips");
  ASSERT_EQ(sink_.signals.size(), 2u);
  EXPECT_EQ(sink_.signals[1].retracts, sink_.signals[0].signal_id);
}

TEST_F(RetractionTest, OtherInstrumentUnrelatedOrLateDenialsRetractNothing) {
  Fire();
  Headline("h2", t0_ + 30 * m_, "China denies urging firms to avoid AMD chips");
  Headline("h3", t0_ + 31 * m_, "Nvidia denies report on gaming chip delays");
  Headline("h4", t0_ + 7 * 60 * m_, "China denies urging firms to avoid Nvidia chips");
  EXPECT_EQ(sink_.signals.size(), 1u);
  EXPECT_EQ(engine_->stats().retractions, 0u);
}

TEST_F(RetractionTest, DenialBeforeAnythingFiredEmitsNothing) {
  engine_->OnPrice(f_.P("NVDA", t0_, 100), sink_);
  Headline("h1", t0_ + m_, "China denies urging firms to avoid Nvidia chips");
  engine_->OnPrice(f_.P("NVDA", t0_ + 10 * m_, 96), sink_);
  EXPECT_TRUE(sink_.signals.empty());
}

// Skewed inputs: a denial handled before the story's signal fired, but later than the signal
// in event time, withdraws it when it fires -- the same signals as in event order. A denial
// earlier in event time than the signal withdraws nothing, in either order.
TEST(RetractionSkew, ADenialHandledBeforeTheSignalFiresRetractsItAsInEventOrder) {
  const char* pack = R"(entities:
  nvidia: {instruments: [NVDA], names: [Nvidia]}
negation_cues: [deny]
lists:
  gov: [Beijing]
  ban: [ban]
rules:
  - id: r
    headline: any(gov) and any(ban) and mentions(nvidia)
    price: move(NVDA, 60m) <= -3%
    emit: {instrument: NVDA, direction: short}
)";
  auto rules = LoadRulesFromString(pack, "p.yaml");
  ASSERT_TRUE(rules.ok()) << rules.status();
  constexpr EventTime kT0 = 1754996400LL * kNanosPerSecond;
  constexpr EventTime kMin = kNanosPerMinute;
  for (const EventTime denial_at : {40 * kMin, 20 * kMin}) {
    SCOPED_TRACE(denial_at / kMin);
    testing::EventFactory f;
    const Headline story = f.H("s", kT0 + kMin, "Reuters", "Beijing to ban Nvidia chips");
    const Headline denial = f.H("d", kT0 + denial_at, "Xinhua", "Beijing denies Nvidia ban");
    const PriceTick open = f.P("NVDA", kT0, 100), drop = f.P("NVDA", kT0 + 30 * kMin, 96);
    // Event order.
    RuleEngine in_order(*rules);
    testing::RecordingSink a;
    in_order.OnPrice(open, a);
    in_order.OnHeadline(story, a);
    if (denial_at < 30 * kMin) in_order.OnHeadline(denial, a);
    in_order.OnPrice(drop, a);
    if (denial_at > 30 * kMin) in_order.OnHeadline(denial, a);
    // The headline topic handled whole before the prices.
    RuleEngine skewed(*rules);
    testing::RecordingSink b;
    skewed.OnHeadline(story, b);
    skewed.OnHeadline(denial, b);
    skewed.OnPrice(open, b);
    skewed.OnPrice(drop, b);
    ASSERT_EQ(a.signals.size(), denial_at > 30 * kMin ? 2u : 1u);
    if (a.signals.size() == 2) {
      EXPECT_EQ(a.signals[1].retracts, a.signals[0].signal_id);
    }
    ASSERT_EQ(b.signals.size(), a.signals.size());
    for (size_t i = 0; i < a.signals.size(); ++i) {
      EXPECT_EQ(testing::Serialize(b.signals[i]), testing::Serialize(a.signals[i]));
      EXPECT_EQ(b.signals[i].retracts, a.signals[i].retracts);
    }
  }
}

}  // namespace
}  // namespace tripline
