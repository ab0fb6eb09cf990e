// Scale-out on the real broker: `tripline route` republishes headlines keyed by instrument to a
// topic co-partitioned with prices; several `tripline run` engines in one group (range
// assignor) each own a share of the instruments. Engines join, are SIGKILLed, their partitions
// move and their window state is rebuilt on the new owner. Each test states its invariant and
// counts inputs and signals by offsets.
#include <signal.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/kafka/headline_router.h"
#include "tests/faults/engine_fixture.h"

namespace tripline::faults {
namespace {

class ScaleOutFaultsTest : public EngineFixture {
 protected:
  // Engine `name` with its own config, not yet started when `start` is false.
  ChildProcess* Engine(const Streams& s, const std::string& name, bool start = true) {
    auto& child = engines_[name];
    if (!child) child = std::make_unique<ChildProcess>();
    // Dynamic membership: a killed engine's partitions move to the survivors.
    if (start) {
      StartEngine(child.get(), WriteConfig(s, name, engine_config_, /*static_member=*/false),
                  name + ".log");
    }
    return child.get();
  }
  void StopAll() {
    for (auto& [name, child] : engines_) {
      if (child->running()) StopEngine(child.get());
    }
    if (router_.running()) StopEngine(&router_);
  }
  // Inputs the engines' group has committed on the prices topic.
  int64_t PricesCommitted(const Streams& s) {
    return CommittedTotal(bootstrap_, s.group, {s.prices});
  }
  // The generated market day (200,000 events, 60 instruments, 4 partitions) with the 200-rule
  // benchmark pack and a commit per 100 ms; `*prices` is set to how many inputs are prices.
  Streams GeneratedDay(const std::string& name, int64_t* prices) {
    Streams s = NewStreams(name, 4, /*routed=*/true);
    s.inputs = GeneratedInputs(s.headlines, s.prices, 200000);
    rules_ = kBenchRules;
    engine_config_ = "commit.interval.ms = 100\nbatch.max = 1000\n";
    *prices = static_cast<int64_t>(
        std::count_if(s.inputs.begin(), s.inputs.end(),
                      [&](const InputRecord& r) { return r.topic == s.prices; }));
    return s;
  }
  // Waits (at most 120 s) until the engines' group has committed `n` prices; false if not.
  bool WaitPricesCommitted(const Streams& s, int64_t n) {
    auto deadline = std::chrono::steady_clock::now() + seconds(120);
    while (PricesCommitted(s) < n) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(milliseconds(20));
    }
    return true;
  }
  // Index just past the input with key `key` (and value containing `has`), or 0.
  static size_t After(const Streams& s, const std::string& key, const std::string& has = "") {
    for (size_t i = 0; i < s.inputs.size(); ++i) {
      if (s.inputs[i].key == key && s.inputs[i].value.find(has) != std::string::npos) return i + 1;
    }
    return 0;
  }

  // The group has `n` members, each owning at least one price partition.
  bool WaitMembersOwning(const Streams& s, size_t n, std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      auto a = GroupAssignment(bootstrap_, s.group, s.prices);
      size_t owning = 0;
      if (a.ok()) {
        for (const auto& [client, parts] : *a) owning += parts.empty() ? 0 : 1;
      }
      if (owning == n) return true;
      std::this_thread::sleep_for(milliseconds(200));
    }
    return false;
  }

  // The client id of the router that owns the raw headline partition ("" when none does within
  // `timeout`).
  std::string RouterOwning(const Streams& s, std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      auto a = GroupAssignment(bootstrap_, s.group + ".route", s.headlines);
      if (a.ok()) {
        for (const auto& [client, parts] : *a) {
          if (!parts.empty()) return client;
        }
      }
      std::this_thread::sleep_for(milliseconds(200));
    }
    return "";
  }

  std::map<std::string, std::unique_ptr<ChildProcess>> engines_;
  ChildProcess router_;
  // Extra config lines for the engines (the fixture's default: a transaction per 25 inputs).
  std::string engine_config_;
};

// Invariant: two engines, then a third joining (a rebalance), then one of the three SIGKILLed
// while busy (its partitions move to the survivors, who rebuild their window state): the
// committed signals are exactly the reference (what one undisturbed engine emits), each once,
// byte-identical; every headline is routed once (router offsets committed to the end) and
// every routed headline and price is committed by the engines' group.
TEST_F(ScaleOutFaultsTest, TwoThenThreeEnginesOneKilledEmitExactlyWhatOneEngineEmits) {
  Streams s = NewStreams("scale", 3, /*routed=*/true);
  const size_t total = s.inputs.size();
  ASSERT_TRUE(Setup(s, 0));
  StartRouter(&router_, s, WriteConfig(s, "router", "", false), "router.log");
  ASSERT_TRUE(ProduceUpTo(s, total * 4 / 10));
  Engine(s, "engine-a");
  Engine(s, "engine-b");
  ASSERT_TRUE(WaitConsumedAll(s, seconds(120))) << "two engines did not consume the first phase";

  Engine(s, "engine-c");
  // The third engine joined (a rebalance) and each of the three owns a price partition.
  ASSERT_TRUE(WaitMembersOwning(s, 3, seconds(60))) << "the third engine did not join";
  ASSERT_TRUE(ProduceUpTo(s, total * 7 / 10));
  ASSERT_TRUE(WaitConsumedAll(s, seconds(120))) << "three engines did not consume the second phase";

  // The rest, and a seeded choice of engine killed while it works through it.
  ASSERT_TRUE(ProduceUpTo(s, total));
  std::mt19937 rng(20261128);
  const std::string victim =
      std::vector<std::string>{"engine-a", "engine-b", "engine-c"}[rng() % 3];
  int64_t before = PricesCommitted(s);
  auto deadline = std::chrono::steady_clock::now() + seconds(60);
  while (PricesCommitted(s) == before && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  engines_[victim]->Signal(SIGKILL);
  ASSERT_TRUE(engines_[victim]->Wait(seconds(10)).ok());
  std::cerr << "killed " << victim << " at " << PricesCommitted(s) << " committed prices\n";

  ASSERT_TRUE(WaitConsumedAll(s, seconds(120))) << "the survivors did not take over";
  StopAll();
  ExpectOutputEqualsReference(s);
}

// Invariant: two routers run, active and standby: they share a consumer group and the raw
// headline topic has one partition, so one owns it and the other waits. On the generated
// market day's backlog the active router is SIGKILLed a third of the way through its headlines,
// mid-stream; the standby takes the partition when the group drops the dead member and routes
// again from the committed offset. The routers share a transactional.id (per input
// assignment), initialised when the input is assigned: the standby's fences the dead router's
// producer and aborts its open transaction at once, so engines reading committed data never
// see its copies and do not wait for the broker's transaction timeout. The engine's committed
// signals equal the backtest's byte for byte: nothing lost, doubled or changed.
TEST_F(ScaleOutFaultsTest, TwoRoutersTheActiveKilledMidStreamEmitTheBacktestsSignals) {
  int64_t prices = 0;
  Streams s = GeneratedDay("two-routers", &prices);
  ASSERT_TRUE(Setup(s));
  auto end = EndOffsets(bootstrap_, s.headlines);
  ASSERT_TRUE(end.ok() && end->size() == 1u);
  const int64_t headlines = end->begin()->second;
  ASSERT_GT(headlines, 300);
  StartRouter(&router_, s, WriteConfig(s, "router-a", "", false), "router-a.log");
  ASSERT_EQ(RouterOwning(s, seconds(60)), "router-a") << "the first router did not take the input";
  ChildProcess standby;
  StartRouter(&standby, s, WriteConfig(s, "router-b", "", false), "router-b.log");
  Engine(s, "engine-a");
  // The active router dies a third of the way through the headlines.
  auto deadline = std::chrono::steady_clock::now() + seconds(120);
  int64_t routed = 0;
  while (routed < headlines / 3 && std::chrono::steady_clock::now() < deadline) {
    auto c = CommittedOffsets(bootstrap_, s.group + ".route", s.headlines);
    if (c.ok() && !c->empty()) routed = c->begin()->second;
    std::this_thread::sleep_for(milliseconds(10));
  }
  router_.Signal(SIGKILL);
  ASSERT_TRUE(router_.Wait(seconds(10)).ok());
  std::cerr << "killed the active router with " << routed << " of " << headlines
            << " headlines routed and committed\n";
  ASSERT_GE(routed, headlines / 3) << "the first router did not get a third through";
  EXPECT_LT(routed, headlines) << "the kill came after the end of the backlog";
  ASSERT_TRUE(WaitConsumedAll(s, seconds(300))) << "the standby router did not take over";
  EXPECT_EQ(RouterOwning(s, seconds(10)), "router-b");
  StopEngine(&standby);
  StopAll();
  ExpectOutputEqualsReference(s);
}

// Invariant: with two routers, the active SIGKILLed while caught up and idle, and the rest of
// the input (its headlines, then its prices) produced at once, before the standby takes the
// input over (the group's session timeout): the engine takes none of those prices before the
// headlines that precede them, which only the standby routes. A caught-up marker covers the
// prices appended before the router wrote it (RouterCoverage), never those appended after, so
// the dead router's last marker holds them back. The committed signals equal the backtest's
// byte for byte. (When engines believed the last caught-up marker for a few seconds of clock
// time, they took those prices first.)
TEST_F(ScaleOutFaultsTest, TwoRoutersTheActiveKilledIdleThenInputArrivesEmitsTheBacktestsSignals) {
  Streams s = NewStreams("two-routers-idle", 3, /*routed=*/true);
  const size_t total = s.inputs.size();
  ASSERT_TRUE(Setup(s, 0));
  StartRouter(&router_, s, WriteConfig(s, "router-a", "", false), "router-a.log");
  ASSERT_EQ(RouterOwning(s, seconds(60)), "router-a") << "the first router did not take the input";
  ChildProcess standby;
  StartRouter(&standby, s, WriteConfig(s, "router-b", "", false), "router-b.log");
  ASSERT_TRUE(ProduceUpTo(s, total / 3));
  Engine(s, "engine-a");
  ASSERT_TRUE(WaitConsumedAll(s, seconds(120))) << "the engine did not consume the first third";
  router_.Signal(SIGKILL);
  ASSERT_TRUE(router_.Wait(seconds(10)).ok());
  ASSERT_TRUE(ProduceUpTo(s, total, /*wait_for_router=*/false));
  ASSERT_TRUE(WaitConsumedAll(s, seconds(120))) << "the standby router did not take over";
  EXPECT_EQ(RouterOwning(s, seconds(10)), "router-b");
  StopEngine(&standby);
  StopAll();
  // The rest fires signals of its own: the test would see prices overtake their headlines.
  auto reference = ReferenceSignals(s.inputs, s.headlines, s.prices, rules_);
  auto first = ReferenceSignals({s.inputs.begin(), s.inputs.begin() + total / 3}, s.headlines,
                                s.prices, rules_);
  ASSERT_TRUE(reference.ok() && first.ok());
  EXPECT_GT(reference->size(), first->size());
  ExpectOutputEqualsReference(s);
}

// Invariant: the router's progress markers keep a routed engine in the backtest's order on a
// real backlog: the generated market day (200,000 events, 60 instruments, the 200-rule
// benchmark pack, 4 price partitions) is produced before the router and the engine start, so
// the price partitions are far ahead of the routed headlines all along; the engine is
// SIGKILLed in the middle and restarted. The committed signals equal the backtest's byte for
// byte. (Without the markers nothing held a price back from overtaking a headline that the
// router had not routed yet: an empty routed partition at its end counted as ended.)
TEST_F(ScaleOutFaultsTest, GeneratedDayBacklogThroughTheRouterEmitsTheBacktestsSignals) {
  int64_t prices = 0;
  Streams s = GeneratedDay("scale-day", &prices);
  ASSERT_GT(prices, 150000);
  ASSERT_TRUE(Setup(s));
  StartRouter(&router_, s, WriteConfig(s, "router", "", false), "router.log");
  ChildProcess* engine = Engine(s, "engine-a");
  ASSERT_TRUE(WaitPricesCommitted(s, prices / 3)) << "the engine did not get a third through";
  engine->Signal(SIGKILL);
  ASSERT_TRUE(engine->Wait(seconds(10)).ok());
  const int64_t at = PricesCommitted(s);
  std::cerr << "killed at " << at << " of " << prices << " prices committed\n";
  EXPECT_LT(at, prices) << "the kill came after the end of the backlog";
  Engine(s, "engine-a");
  ASSERT_TRUE(WaitConsumedAll(s, seconds(300)));
  StopAll();
  auto reference = ReferenceSignals(s.inputs, s.headlines, s.prices, rules_);
  ASSERT_TRUE(reference.ok()) << reference.status();
  EXPECT_GE(reference->size(), 20u) << "the generated day should fire many signals";
  ExpectOutputEqualsReference(s);
}

// Invariant: on the generated market day's backlog through the router, a second engine joins
// a third of the way through (a rebalance: both rebuild their state from the input), one of the
// two is SIGKILLed two thirds of the way through (its partitions move to the survivor) and
// restarted (a third rebalance); the committed signals equal the backtest's byte for byte.
TEST_F(ScaleOutFaultsTest, GeneratedDayBacklogAcrossJoinKillAndRestartEmitsTheBacktestsSignals) {
  int64_t prices = 0;
  Streams s = GeneratedDay("scale-day2", &prices);
  ASSERT_TRUE(Setup(s));
  StartRouter(&router_, s, WriteConfig(s, "router", "", false), "router.log");
  Engine(s, "engine-a");
  ASSERT_TRUE(WaitPricesCommitted(s, prices / 3)) << "the engine did not get a third through";
  Engine(s, "engine-b");
  ASSERT_TRUE(WaitMembersOwning(s, 2, seconds(60))) << "the second engine did not join";
  std::cerr << "joined at " << PricesCommitted(s) << " of " << prices << " prices committed\n";
  ASSERT_TRUE(WaitPricesCommitted(s, prices * 2 / 3))
      << "the engines did not get two thirds through";
  std::mt19937 rng(20261129);
  const std::string victim = rng() % 2 == 0 ? "engine-a" : "engine-b";
  engines_[victim]->Signal(SIGKILL);
  ASSERT_TRUE(engines_[victim]->Wait(seconds(10)).ok());
  const int64_t at = PricesCommitted(s);
  std::cerr << "killed " << victim << " at " << at << " of " << prices << " prices committed\n";
  EXPECT_LT(at, prices) << "the kill came after the end of the backlog";
  Engine(s, victim);
  ASSERT_TRUE(WaitConsumedAll(s, seconds(300)));
  StopAll();
  ExpectOutputEqualsReference(s);
}

// Invariant: the engine owning NVDA (the sample signal's instrument) has seen the triggering
// headline but not yet the price move that completes the signal when it is SIGKILLed; its
// partitions move to the survivor, which rebuilds the open window from the input by time and
// fires the signal exactly once (byte-identical to the reference); nothing else is emitted.
TEST_F(ScaleOutFaultsTest, RebalanceInsideAnOpenCorrelationWindowFiresOnceOnTheNewOwner) {
  Streams s = NewStreams("open-window", 3, /*routed=*/true);
  const size_t opened = After(s, "s-001");
  const size_t completed = After(s, "NVDA", "15:36:00Z");
  ASSERT_TRUE(opened > 0 && completed > opened) << "the sample changed: find its signal again";
  ASSERT_TRUE(Setup(s, 0));
  StartRouter(&router_, s, WriteConfig(s, "router", "", false), "router.log");
  ASSERT_TRUE(ProduceUpTo(s, (opened + completed) / 2));
  Engine(s, "engine-a");
  Engine(s, "engine-b");
  ASSERT_TRUE(WaitConsumedAll(s, seconds(120)));
  auto partial = ReadCommitted(bootstrap_, s.signals, seconds(30));
  ASSERT_TRUE(partial.ok()) << partial.status();
  EXPECT_TRUE(partial->empty()) << "the window is open: no signal yet";

  const int32_t nvda = PartitionFor("NVDA", s.partitions);
  std::string owner = OwnerOf(s, nvda, seconds(30));
  ASSERT_TRUE(owner == "engine-a" || owner == "engine-b") << "owner '" << owner << "'";
  engines_[owner]->Signal(SIGKILL);
  ASSERT_TRUE(engines_[owner]->Wait(seconds(10)).ok());
  const std::string survivor = owner == "engine-a" ? "engine-b" : "engine-a";

  ASSERT_TRUE(ProduceUpTo(s, s.inputs.size()));
  ASSERT_TRUE(WaitConsumedAll(s, seconds(120))) << "the survivor did not take over";
  EXPECT_EQ(OwnerOf(s, nvda, seconds(30)), survivor) << "NVDA's partition moved";
  StopAll();
  ExpectOutputEqualsReference(s);
}

// Invariant: headlines read directly (no router), one partition of each input topic, two
// engines: the range assignor gives both partitions to one engine and the other owns nothing
// (a hot standby). The owner is SIGKILLed while input is still being produced; the standby
// takes both partitions over, rebuilds the state from the input and commits exactly the
// reference, each signal once, byte-identical (bench/failover measures how long it takes).
TEST_F(ScaleOutFaultsTest, HotStandbyTakesOverFromAKilledOwnerAndEmitsTheReference) {
  Streams s = NewStreams("standby", 1);
  const size_t total = s.inputs.size();
  ASSERT_TRUE(Setup(s, 0));
  Engine(s, "engine-a");
  Engine(s, "engine-b");
  ASSERT_TRUE(ProduceUpTo(s, total / 3));
  ASSERT_TRUE(WaitConsumedAll(s, seconds(120)));
  const std::string owner = OwnerOf(s, 0, seconds(30));
  ASSERT_TRUE(owner == "engine-a" || owner == "engine-b") << "owner '" << owner << "'";
  const std::string standby = owner == "engine-a" ? "engine-b" : "engine-a";
  auto headlines = GroupAssignment(bootstrap_, s.group, s.headlines);
  ASSERT_TRUE(headlines.ok()) << headlines.status();
  EXPECT_THAT((*headlines)[owner], ::testing::ElementsAre(0)) << "co-partitioned on the owner";
  EXPECT_TRUE((*headlines)[standby].empty()) << "the standby owns nothing";

  // Killed in the middle of the second third, input still arriving after.
  ASSERT_TRUE(ProduceUpTo(s, total / 2));
  engines_[owner]->Signal(SIGKILL);
  ASSERT_TRUE(engines_[owner]->Wait(seconds(10)).ok());
  ASSERT_TRUE(ProduceUpTo(s, total));
  ASSERT_TRUE(WaitConsumedAll(s, seconds(120))) << "the standby did not take over";
  EXPECT_EQ(OwnerOf(s, 0, seconds(30)), standby);
  StopAll();
  ExpectOutputEqualsReference(s);
}

// Invariant: headlines read directly from one partition, prices in two, two engines: the range
// assignor gives one engine a price partition without the headline partition, so no signal
// of its instruments can fire there; that engine says so in an error log line naming the
// topics, the other does not.
TEST_F(ScaleOutFaultsTest, AnEngineWithPricesButNoHeadlinePartitionSaysSo) {
  Streams s = NewStreams("no-headlines", 2);
  ASSERT_TRUE(CreateTopics(bootstrap_, {s.headlines, s.signals, s.dlq}, 1).ok());
  ASSERT_TRUE(CreateTopics(bootstrap_, {s.prices}, 2).ok());
  Engine(s, "engine-a");
  Engine(s, "engine-b");
  ASSERT_TRUE(WaitMembersOwning(s, 2, seconds(60)));
  auto headlines = GroupAssignment(bootstrap_, s.group, s.headlines);
  ASSERT_TRUE(headlines.ok()) << headlines.status();
  const std::string reader = (*headlines)["engine-a"].empty() ? "engine-b" : "engine-a";
  const std::string other = reader == "engine-a" ? "engine-b" : "engine-a";
  const std::string error = "but none of " + s.headlines;
  auto deadline = std::chrono::steady_clock::now() + seconds(30);
  while (ReadFile((dir_ / (other + ".log")).string()).find(error) == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(100));
  }
  StopAll();
  EXPECT_THAT(ReadFile((dir_ / (other + ".log")).string()), ::testing::HasSubstr(error));
  EXPECT_THAT(ReadFile((dir_ / (reader + ".log")).string()),
              ::testing::Not(::testing::HasSubstr(error)));
}

// Invariant: with a headline-only rule that emits for every firm a headline names, a headline
// naming NVDA and AMD is routed to both of their engines (different partitions); each engine
// emits only the signals of the instruments whose prices it owns, so the committed signals are
// exactly one engine's, none doubled.
TEST_F(ScaleOutFaultsTest, AHeadlineRoutedToTwoEnginesFiresEachSignalOnce) {
  rules_ = (dir_ / "pack.yaml").string();
  std::ofstream(rules_) << R"(entities:
  nvidia: {instruments: [NVDA], names: [Nvidia, H20]}
  amd: {instruments: [AMD], names: [AMD, MI308]}
rules:
  - id: chip_firms_named
    description: A watch signal for every chip firm a headline names.
    headline: mentions(nvidia) or mentions(amd)
    score: 0.5
    emit: {instrument: mentioned, direction: watch, severity: low}
)";
  Streams s = NewStreams("shared-headline", 3, /*routed=*/true);
  // A headline naming both, in the middle of the day.
  InputRecord both{s.headlines, "both-1",
                   R"({"id":"both-1","ts":"2025-08-12T16:00:00Z","source":"Reuters",)"
                   R"("headline":"Beijing tells firms to avoid Nvidia H20 and AMD MI308 chips"})",
                   0};
  for (size_t i = 0; i < s.inputs.size(); ++i) {
    if (s.inputs[i].value.find("16:00:00Z") != std::string::npos) {
      both.timestamp_ms = s.inputs[i].timestamp_ms;
      s.inputs.insert(s.inputs.begin() + i, both);
      break;
    }
  }
  ASSERT_NE(both.timestamp_ms, 0);
  ASSERT_NE(PartitionFor("NVDA", 3), PartitionFor("AMD", 3)) << "the test needs them apart";
  ASSERT_TRUE(Setup(s, 0));
  StartRouter(&router_, s, WriteConfig(s, "router", "", false), "router.log");
  Engine(s, "engine-a");
  Engine(s, "engine-b");
  ASSERT_TRUE(WaitMembersOwning(s, 2, seconds(60)));
  ASSERT_TRUE(ProduceUpTo(s, s.inputs.size()));
  ASSERT_TRUE(WaitConsumedAll(s, seconds(120)));
  std::string nvda = OwnerOf(s, PartitionFor("NVDA", 3), seconds(10));
  std::string amd = OwnerOf(s, PartitionFor("AMD", 3), seconds(10));
  StopAll();
  ExpectOutputEqualsReference(s);
  EXPECT_NE(nvda, amd) << "NVDA and AMD should be on different engines for this test to bite";
}

}  // namespace
}  // namespace tripline::faults
