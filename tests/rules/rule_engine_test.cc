#include "rules/rule_engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <thread>
#include <variant>

#include "rules/rule_loader.h"
#include "tests/rules/engine_test_util.h"

namespace tripline {
namespace {

using testing::EventFactory;
using testing::RecordingSink;
using testing::Serialize;

constexpr const char* kPack = R"(sources: {Bloomberg: 1.0, default: 0.5}
negation_cues: [denies]
entities:
  nvidia: {instruments: [NVDA], names: [Nvidia, H20]}
  amd: {instruments: [AMD], names: [AMD]}
lists:
  gov: [Beijing]
  guidance: [urges, informal guidance]
rules:
  - id: guidance
    headline: any(gov) and any(guidance) and (mentions(nvidia) or mentions(amd))
    price: move(mentioned, 60m) <= -3%
    window: 60m
    cooldown: 4h
    score: 0.35 + 6 * abs(move) + 0.2 * source_weight + 0.05 * confirmations
    emit: {instrument: mentioned, direction: short, severity: high}
  - id: headline_only
    headline: '"export curbs"'
    cooldown: 30m
    emit: {instrument: NVDA, direction: watch}
  - id: unexplained
    price: move(AMD, 10m) <= -5%
    cooldown: 1h
    emit: {instrument: AMD, direction: watch}
)";

constexpr EventTime kT0 = 1754996400LL * kNanosPerSecond;  // 2025-08-12T11:00:00Z
constexpr EventTime kMin = kNanosPerMinute;

std::shared_ptr<const CompiledRules> Load(const std::string& yaml = kPack) {
  auto r = LoadRulesFromString(yaml, "pack.yaml");
  EXPECT_TRUE(r.ok()) << r.status();
  return *r;
}

// An event of a scenario, replayed in any order.
using Ev = std::variant<Headline, PriceTick>;

std::vector<Signal> Replay(const std::vector<Ev>& events, RuleEngine* engine = nullptr) {
  RuleEngine own(Load());
  RuleEngine& e = engine != nullptr ? *engine : own;
  RecordingSink sink;
  for (const Ev& ev : events) {
    if (const auto* h = std::get_if<Headline>(&ev)) {
      e.OnHeadline(*h, sink);
    } else {
      e.OnPrice(std::get<PriceTick>(ev), sink);
    }
  }
  e.Finish(sink);
  return sink.signals;
}

std::string Bytes(const std::vector<Signal>& signals) {
  std::string out;
  for (const Signal& s : signals) out += Serialize(s);
  return out;
}

class RuleEngineTest : public ::testing::Test {
 protected:
  // NVDA at 180, then down 3.9% 30 minutes after the headline.
  std::vector<Ev> Ticks() {
    return {f_.P("NVDA", kT0 - 10 * kMin, 180.0), f_.P("NVDA", kT0 + 10 * kMin, 178.0),
            f_.P("NVDA", kT0 + 30 * kMin, 172.98), f_.P("NVDA", kT0 + 40 * kMin, 173.5)};
  }
  Headline Key() {
    return f_.H("h-007", kT0, "Bloomberg",
                "Beijing urges firms to avoid Nvidia H20 chips in informal guidance");
  }
  EventFactory f_;
};

TEST_F(RuleEngineTest, HeadlineThenPriceFiresWhenTheMoveConfirms) {
  std::vector<Ev> events = {f_.P("NVDA", kT0 - 10 * kMin, 180.0), Key(),
                            f_.P("NVDA", kT0 + 10 * kMin, 178.0)};
  RuleEngine engine(Load());
  EXPECT_TRUE(Replay(events, &engine).empty());  // -1.1% is not enough
  RecordingSink sink;
  engine.OnPrice(f_.P("NVDA", kT0 + 30 * kMin, 172.98), sink);
  ASSERT_EQ(sink.signals.size(), 1u);
  const Signal& s = sink.signals[0];
  EXPECT_EQ(std::tie(s.rule, s.instrument, s.direction, s.severity),
            std::make_tuple(std::string("guidance"), std::string("NVDA"), Direction::kShort,
                            std::string("high")));
  EXPECT_EQ(s.ts, kT0 + 30 * kMin);
  EXPECT_EQ(s.rule_file, "pack.yaml");
  EXPECT_EQ(s.rule_hash, HexHash128(kPack));
  EXPECT_EQ(s.signal_id.size(), 32u);
  ASSERT_EQ(s.headlines.size(), 1u);
  EXPECT_EQ(s.headlines[0].id, "h-007");
  EXPECT_EQ(s.headlines[0].phrases,
            (std::vector<std::string>{"Beijing", "urges", "Nvidia", "H20", "informal guidance"}));
  ASSERT_TRUE(s.price.has_value());
  EXPECT_EQ(s.price->window, "60m");
  EXPECT_EQ(s.price->from_price, 180.0);
  EXPECT_EQ(s.price->from_ts, kT0 - 10 * kMin);
  EXPECT_EQ(s.price->to_price, 172.98);
  EXPECT_NEAR(s.price->move, -0.039, 1e-9);
  EXPECT_NEAR(s.score, 0.35 + 6 * 0.039 + 0.2, 1e-9);
  EXPECT_GE(s.score, 0.7);
  EXPECT_NE(s.explanation.find("NVDA -3.90% within 60m"), std::string::npos) << s.explanation;
}

TEST_F(RuleEngineTest, PriceThenHeadlineGivesTheSameSignal) {
  std::vector<Ev> headline_first = Ticks();
  headline_first.insert(headline_first.begin() + 1, Key());
  std::vector<Ev> price_first = Ticks();
  price_first.push_back(Key());  // arrives after every tick, same event time
  auto a = Replay(headline_first);
  auto b = Replay(price_first);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].ts, kT0 + 30 * kMin);
  EXPECT_EQ(Bytes(a), Bytes(b));
}

TEST_F(RuleEngineTest, ShuffledHeadlineArrivalWithinTheWindowSameSignals) {
  const std::string expected = Bytes(Replay([&] {
    auto e = Ticks();
    e.insert(e.begin() + 1, Key());
    return e;
  }()));
  ASSERT_FALSE(expected.empty());
  for (size_t pos = 0; pos <= Ticks().size(); ++pos) {
    auto e = Ticks();
    e.insert(e.begin() + static_cast<long>(pos), Key());
    EXPECT_EQ(Bytes(Replay(e)), expected) << "headline at position " << pos;
  }
}

TEST_F(RuleEngineTest, TwoRunsAreByteIdentical) {
  auto events = Ticks();
  events.insert(events.begin() + 1, Key());
  events.push_back(f_.H("h-9", kT0 + 41 * kMin, "Reuters", "US weighs export curbs on chips"));
  events.push_back(f_.P("AMD", kT0 + 42 * kMin, 100));
  events.push_back(f_.P("AMD", kT0 + 45 * kMin, 94));
  const std::string a = Bytes(Replay(events));
  const std::string b = Bytes(Replay(events));
  EXPECT_EQ(a, b);
  EXPECT_EQ(std::count(a.begin(), a.end(), '\n'), 3);
}

// |t_h - t_p| <= window is inside; one nanosecond more is outside; in both orders.
TEST_F(RuleEngineTest, WindowEdges) {
  const EventTime w = 60 * kMin;
  for (bool headline_first : {true, false}) {
    for (EventTime extra : {EventTime{0}, EventTime{1}}) {
      const EventTime tp = headline_first ? kT0 + w + extra : kT0 - w - extra;
      std::vector<Ev> ticks = {f_.P("NVDA", tp - 5 * kMin, 180.0), f_.P("NVDA", tp, 170.0),
                               f_.P("NVDA", tp + 5 * kMin, 180.0)};  // recovers: no longer held
      std::vector<Ev> events;
      if (headline_first) {
        events.push_back(Key());
        events.insert(events.end(), ticks.begin(), ticks.end());
      } else {
        events = ticks;
        events.push_back(Key());
      }
      auto signals = Replay(events);
      EXPECT_EQ(signals.size(), extra == 0 ? 1u : 0u)
          << "headline_first=" << headline_first << " extra=" << extra;
    }
  }
}

TEST_F(RuleEngineTest, NearDuplicatesConfirmInsteadOfFiringAgain) {
  std::vector<Ev> events = {
      f_.P("NVDA", kT0 - 10 * kMin, 180.0), Key(),
      f_.H("r-1", kT0 + 2 * kMin, "Reuters",
           "Beijing urges firms to avoid Nvidia's H20 chips, informal guidance says"),
      f_.H("c-1", kT0 + 3 * kMin, "CNBC", "BEIJING URGES FIRMS TO AVOID NVIDIA H20 CHIPS"),
      f_.P("NVDA", kT0 + 30 * kMin, 172.98),
      // After firing, a repeat is folded, never a second signal.
      f_.H("x-1", kT0 + 31 * kMin, "Other", "Beijing urges firms to avoid Nvidia H20 chips")};
  RuleEngine engine(Load());
  auto signals = Replay(events, &engine);
  ASSERT_EQ(signals.size(), 1u);
  EXPECT_EQ(signals[0].count, 3u);
  ASSERT_EQ(signals[0].headlines.size(), 3u);
  EXPECT_EQ(signals[0].headlines[1].id, "r-1");
  EXPECT_EQ(signals[0].headlines[2].id, "c-1");
  EXPECT_NEAR(signals[0].score, 0.35 + 6 * 0.039 + 0.2 + 0.1, 1e-9);
  EXPECT_EQ(engine.stats().confirmations, 2u);
  EXPECT_EQ(engine.stats().folded, 1u);
}

TEST_F(RuleEngineTest, DifferentStoryIsNotADuplicateButCooldownFolds) {
  std::vector<Ev> events = {
      f_.P("NVDA", kT0 - 10 * kMin, 180.0),
      Key(),
      f_.P("NVDA", kT0 + 30 * kMin, 172.98),
      f_.H("h-8", kT0 + 50 * kMin, "Reuters",
           "Beijing urges state telecom carriers to drop AMD and Nvidia accelerators"),
      f_.P("AMD", kT0 + 40 * kMin, 100.0),
      f_.P("AMD", kT0 + 55 * kMin, 96.0)};
  RuleEngine engine(Load());
  auto signals = Replay(events, &engine);
  // NVDA folded (4h cooldown), AMD fires: cooldown is per rule and instrument.
  ASSERT_EQ(signals.size(), 2u);
  EXPECT_EQ(signals[0].instrument, "NVDA");
  EXPECT_EQ(signals[1].instrument, "AMD");
  EXPECT_EQ(signals[1].headlines[0].id, "h-8");
  EXPECT_EQ(engine.stats().folded, 1u);
}

TEST_F(RuleEngineTest, FloodOfHeadlinesYieldsOneSignalPerCooldown) {
  std::vector<Ev> events;
  for (int i = 0; i < 20; ++i) {
    events.push_back(f_.H("f-" + std::to_string(i), kT0 + i * kMin, "Wire",
                          "Wire story " + std::to_string(i * 7919) +
                              " fresh export curbs variant alpha bravo " +
                              std::string(1, static_cast<char>('a' + i))));
  }
  events.push_back(
      f_.H("late", kT0 + 45 * kMin, "Wire", "Washington widens chip export curbs list"));
  RuleEngine engine(Load());
  auto signals = Replay(events, &engine);
  ASSERT_EQ(signals.size(), 2u);
  EXPECT_EQ(signals[0].headlines[0].id, "f-0");
  EXPECT_FALSE(signals[0].price.has_value());
  EXPECT_EQ(signals[1].headlines[0].id, "late");
  EXPECT_EQ(engine.stats().folded + engine.stats().confirmations, 19u);
}

TEST_F(RuleEngineTest, NegatedHeadlineDoesNotFire) {
  auto events = Ticks();
  events.insert(events.begin() + 1,
                f_.H("d", kT0, "Bloomberg", "Beijing denies it urges firms to avoid Nvidia"));
  EXPECT_TRUE(Replay(events).empty());
}

TEST_F(RuleEngineTest, PriceOnlyRuleAndUnwatchedTicks) {
  RuleEngine engine(Load());
  RecordingSink sink;
  engine.OnPrice(f_.P("XYZ", kT0, 10), sink);
  engine.OnPrice(f_.P("AMD", kT0, 100), sink);
  engine.OnPrice(f_.P("AMD", kT0 + 5 * kMin, 94.9), sink);
  engine.OnPrice(f_.P("AMD", kT0 + 6 * kMin, 94.0), sink);  // same move: cooldown folds
  EXPECT_EQ(engine.stats().unwatched_prices, 1u);
  ASSERT_EQ(sink.signals.size(), 1u);
  EXPECT_EQ(sink.signals[0].rule, "unexplained");
  EXPECT_TRUE(sink.signals[0].headlines.empty());
  EXPECT_EQ(sink.signals[0].ts, kT0 + 5 * kMin);
}

// A price-only rule fires on the tick itself and holds no moves, so a price feed without any
// headline input holds nothing for it.
TEST_F(RuleEngineTest, PriceOnlyRuleHoldsNothingBeyondItsWindowWithoutHeadlines) {
  RuleEngine engine(Load(R"(rules:
  - id: unexplained
    price: move(AMD, 10m) <= -5%
    cooldown: 1h
    emit: {instrument: AMD, direction: watch}
)"));
  RecordingSink sink;
  // AMD sliding 1% a minute for 3 hours: the 10-minute drop holds on every tick after the
  // first 5 minutes; ticks every second, no headline at all.
  size_t peak = 0;
  for (int i = 0; i < 3 * 3600; ++i) {
    const EventTime t = kT0 + i * kNanosPerSecond;
    engine.OnPrice(f_.P("AMD", t, 1000.0 * std::pow(0.99, i / 60.0)), sink);
    peak = std::max(peak, engine.retained());
  }
  EXPECT_FALSE(sink.signals.empty());
  // Two 10-minute windows of one-second ticks: at most 1,200 points (a rule that also needs a
  // headline would keep them for up to a day, waiting for the headline input).
  EXPECT_LE(peak, 2u * 600 + 4);
  EXPECT_EQ(peak, 0u) << "a price-only rule holds no moves at all";
}

// A live engine's inputs can be skewed far beyond the windows: one topic's partitions fetched
// (or produced) hours of event time ahead of the other's. State is evicted by the slower
// stream's progress, so the story waits for the prices and the held move for the headline:
// the same signal, byte for byte, as in event-time order.
TEST_F(RuleEngineTest, HeadlinesHoursAheadOfThePricesStillCorrelate) {
  auto in_order = Ticks();
  in_order.insert(in_order.begin() + 1, Key());
  const std::string expected = Bytes(Replay(in_order));
  ASSERT_FALSE(expected.empty());

  // The key headline, then 20 hours of other headlines (enough events for many sweeps), and
  // only then the prices.
  std::vector<Ev> skewed = {Key()};
  for (int i = 1; i <= 2400; ++i) {
    skewed.push_back(f_.H("x" + std::to_string(i), kT0 + i * kMin / 2, "Wire",
                          "US retail sales beat forecasts " + std::to_string(i)));
  }
  for (const Ev& e : Ticks()) skewed.push_back(e);
  EXPECT_EQ(Bytes(Replay(skewed)), expected);
}

TEST_F(RuleEngineTest, PricesHoursAheadOfTheHeadlinesStillCorrelate) {
  auto in_order = Ticks();
  in_order.insert(in_order.begin(), f_.H("x0", kT0 - 120 * kMin, "Wire", "US retail sales beat"));
  in_order.insert(in_order.begin() + 2, Key());
  const std::string expected = Bytes(Replay(in_order));
  ASSERT_FALSE(expected.empty());

  // The headline stream has started; then the prices run 20 hours ahead (flat after the move,
  // enough ticks for many sweeps) before the key headline arrives.
  std::vector<Ev> skewed = {f_.H("x0", kT0 - 120 * kMin, "Wire", "US retail sales beat")};
  for (const Ev& e : Ticks()) skewed.push_back(e);
  for (int i = 1; i <= 2400; ++i) {
    skewed.push_back(f_.P("NVDA", kT0 + 40 * kMin + i * kMin / 2, 173.5));
  }
  skewed.push_back(Key());
  EXPECT_EQ(Bytes(Replay(skewed)), expected);
}

TEST_F(RuleEngineTest, StateIsBoundedByTheWindows) {
  RuleEngine engine(Load());
  RecordingSink sink;
  size_t peak_after_warmup = 0;
  for (int i = 0; i < 20000; ++i) {
    const EventTime t = kT0 + i * 30 * kNanosPerSecond;
    // A price that keeps falling holds the condition on every tick.
    engine.OnPrice(f_.P("NVDA", t, 1000.0 * (1 - 0.0001 * (i % 1000))), sink);
    if (i % 20 == 0) {
      engine.OnHeadline(f_.H("h" + std::to_string(i), t, "Wire",
                             "Beijing urges firms to avoid Nvidia chips " + std::to_string(i)),
                        sink);
    }
    if (i == 5000) peak_after_warmup = engine.retained();
    if (i > 5000) {
      ASSERT_LE(engine.retained(), 2 * peak_after_warmup + 64) << i;
    }
  }
  EXPECT_GT(peak_after_warmup, 0u);
}

TEST_F(RuleEngineTest, HeldPointsAreBoundedByTheWindowNotTheTickRate) {
  RuleEngine engine(Load());
  RecordingSink sink;
  // 20 ticks a second for 2.5 hours, the price sliding 5% an hour: after the first ~40 minutes
  // the 60-minute drop holds on every tick. Held points are kept at window / 360 (10 s for
  // 60m): first and last of each slot, for two windows -> at most 4 x 360 points. The headline
  // input flows too (a headline a minute that no rule matches): held moves wait for the slower
  // input, and before any headline at all they wait up to a day for it.
  constexpr int kPerSecond = 20;
  size_t peak = 0;
  for (int i = 0; i < 150 * 60 * kPerSecond; ++i) {
    const EventTime t = kT0 + i * (kNanosPerSecond / kPerSecond);
    const double hours = static_cast<double>(t - kT0) / (60.0 * kMin);
    if (i % (60 * kPerSecond) == 0) {
      engine.OnHeadline(f_.H("x" + std::to_string(i), t, "Wire", "US retail sales beat forecasts"),
                        sink);
    }
    engine.OnPrice(f_.P("NVDA", t, 1000.0 * (1 - 0.05 * hours)), sink);
    peak = std::max(peak, engine.retained());
  }
  EXPECT_GT(peak, 2u * 360);  // the condition did hold for more than a window
  EXPECT_LE(peak, 4u * 360 + 4);
}

TEST_F(RuleEngineTest, HeadlineAfterThePricesFindsAHoldingTickAtTheWindowStart) {
  // Slots of 10 s. The condition holds at +35m+1s (before the window opens for the headline
  // below) and at +35m+5s (just inside it), both in the slot [+35m, +35m+10s), and never again.
  const EventTime q = kT0 + 35 * kMin + 3 * kNanosPerSecond;  // headline ts - 60m
  std::vector<Ev> events = {f_.P("NVDA", kT0, 100.0),
                            f_.P("NVDA", kT0 + 35 * kMin + 1 * kNanosPerSecond, 96.0),
                            f_.P("NVDA", kT0 + 35 * kMin + 5 * kNanosPerSecond, 96.5),
                            f_.P("NVDA", kT0 + 35 * kMin + 8 * kNanosPerSecond, 99.0),
                            f_.P("NVDA", kT0 + 80 * kMin, 99.5)};
  events.push_back(f_.H("h-late", q + 60 * kMin, "Bloomberg",
                        "Beijing urges firms to avoid Nvidia H20 chips in informal guidance"));
  const std::vector<Signal> signals = Replay(events);
  ASSERT_EQ(signals.size(), 1u);
  ASSERT_TRUE(signals[0].price.has_value());
  EXPECT_EQ(signals[0].price->to_ts, kT0 + 35 * kMin + 5 * kNanosPerSecond);
  EXPECT_EQ(signals[0].price->to_price, 96.5);
  EXPECT_EQ(signals[0].ts, q + 60 * kMin);
}

TEST(RuleEngineReload, EverySignalComesWhollyFromOneSetAndInvalidPacksAreRejected) {
  auto pack = [](const std::string& id, const std::string& dir) {
    return "rules:\n  - id: " + id + "\n    headline: '\"tick\"'\n    cooldown: 0\n" +
           "    score: 0.1\n    emit: {instrument: X, direction: " + dir + "}\n";
  };
  const std::string a_yaml = pack("a", "long"), b_yaml = pack("b", "short");
  auto a = LoadRulesFromString(a_yaml, "a.yaml");
  auto b = LoadRulesFromString(b_yaml, "b.yaml");
  ASSERT_TRUE(a.ok() && b.ok());
  RuleEngine engine(*a);
  RecordingSink sink;
  EventFactory f;
  std::atomic<bool> go{false};
  std::thread reloader([&] {
    while (!go.load()) std::this_thread::yield();
    for (int i = 0; i < 200; ++i) engine.Reload(i % 2 == 0 ? *b : *a);
    engine.Reload(*b);
  });
  std::vector<Headline> hs;
  for (int i = 0; i < 3000; ++i)
    hs.push_back(f.H("h" + std::to_string(i), kT0 + i, "S",
                     "tick word" + std::to_string(i) + " zed" + std::to_string(i * 7)));
  go.store(true);
  for (const Headline& h : hs) engine.OnHeadline(h, sink);
  reloader.join();
  engine.OnHeadline(f.H("last", kT0 + 5000, "S", "final marker headline tick"), sink);
  ASSERT_EQ(sink.signals.size(), 3001u);
  for (const Signal& s : sink.signals) {
    if (s.rule == "a") {
      EXPECT_EQ(s.direction, Direction::kLong);
      EXPECT_EQ(s.rule_file, "a.yaml");
      EXPECT_EQ(s.rule_hash, HexHash128(a_yaml));
    } else {
      ASSERT_EQ(s.rule, "b");
      EXPECT_EQ(s.direction, Direction::kShort);
      EXPECT_EQ(s.rule_file, "b.yaml");
      EXPECT_EQ(s.rule_hash, HexHash128(b_yaml));
    }
  }
  EXPECT_EQ(sink.signals.back().rule, "b");
  // An invalid pack never reaches the engine: the old set stays in force.
  auto bad = LoadRulesFromString("rules:\n  - id: c\n    headline: any(nope)\n", "c.yaml");
  ASSERT_FALSE(bad.ok());
  sink.signals.clear();
  engine.OnHeadline(f.H("after", kT0 + 6000, "S", "tick aftermath zulu"), sink);
  ASSERT_EQ(sink.signals.size(), 1u);
  EXPECT_EQ(sink.signals[0].rule, "b");
  EXPECT_EQ(engine.rules().rules()[0].id, "b");
}

TEST_F(RuleEngineTest, ReloadKeepsStateOfUnchangedRulesOnly) {
  for (bool same : {true, false}) {
    RuleEngine engine(Load());
    RecordingSink sink;
    engine.OnPrice(f_.P("NVDA", kT0 - 10 * kMin, 180.0), sink);
    engine.OnHeadline(Key(), sink);
    engine.Reload(Load(same ? kPack : std::string(kPack) + "# edited\n"));
    engine.OnPrice(f_.P("NVDA", kT0 + 30 * kMin, 172.98), sink);
    EXPECT_EQ(engine.stats().reloads, 1u);
    // Unchanged file: the pending headline survives and pairs with the move.
    EXPECT_EQ(sink.signals.size(), same ? 1u : 0u) << same;
  }
}

}  // namespace
}  // namespace tripline
