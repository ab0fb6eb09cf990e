// Faults against the real broker, one engine: SIGKILL at random points and restart, the broker
// stopped and restarted mid-stream, poison input in the middle of a partition. Each test states
// its invariant and counts inputs, signals and dead letters by offsets.
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/faults/engine_fixture.h"

namespace tripline::faults {
namespace {

class EngineFaultsTest : public EngineFixture {};

// Invariant: an engine that was not disturbed emits, in the committed signals topic, exactly
// the reference signals (same ids, byte-identical JSON), each once, keyed by instrument; every
// input offset is committed. The fault tests below compare against the same reference.
TEST_F(EngineFaultsTest, UndisturbedRunEmitsTheReferenceSignalsByteForByte) {
  Streams s = NewStreams("undisturbed", 3);
  ASSERT_TRUE(Setup(s));
  ChildProcess engine;
  StartEngine(&engine, WriteConfig(s, "engine-0"), "engine.log");
  ASSERT_TRUE(WaitConsumedAll(s, seconds(90))) << "the engine did not consume every input";
  StopEngine(&engine);
  ExpectOutputEqualsReference(s);
}

// Invariant: SIGKILL at seeded random points of the stream, each restart resuming from the
// committed offsets and rebuilding its window state, then a clean stop: the committed signals
// are exactly the undisturbed run's (none lost, none doubled, byte-identical) and every input
// offset is committed.
//
// The input arrives in phases so that a kill lands exactly at its point: the engine consumes a
// phase to its end (committed), is killed idle (its window state exists only in memory), and
// a restart must rebuild it. One point is fixed between the sample's triggering headline and
// the price move that completes its signal (an open correlation window). The last kill is
// mid-batch, with a transaction open, while the engine works through the rest of the input.
TEST_F(EngineFaultsTest, SigkillAtRandomPointsAndRestartLosesAndDoublesNothing) {
  Streams s = NewStreams("sigkill", 3);
  const size_t total = s.inputs.size();
  // Where the sample's signal opens and completes: the headline s-001, the NVDA tick at 15:36.
  size_t opened = 0, completed = 0;
  for (size_t i = 0; i < total; ++i) {
    if (s.inputs[i].key == "s-001") opened = i + 1;
    if (s.inputs[i].key == "NVDA" && s.inputs[i].value.find("15:36:00Z") != std::string::npos) {
      completed = i;
    }
  }
  ASSERT_TRUE(opened > 0 && completed > opened) << "the sample changed: find its signal again";
  std::mt19937 rng(20261128);
  std::uniform_int_distribution<size_t> at(total / 10, total * 8 / 10);
  std::vector<size_t> points = {at(rng), at(rng), (opened + completed) / 2};
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());

  ASSERT_TRUE(Setup(s, points[0]));
  std::string config = WriteConfig(s, "engine-0");
  int kills = 0;
  for (size_t point : points) {
    ASSERT_TRUE(ProduceUpTo(s, point));
    ChildProcess engine;
    StartEngine(&engine, config, "engine.log");
    ASSERT_TRUE(WaitCommittedAtLeast(s, point, seconds(90)))
        << "the engine never consumed the first " << point << " inputs";
    engine.Signal(SIGKILL);
    auto code = engine.Wait(seconds(10));
    ASSERT_TRUE(code.ok()) << code.status();
    EXPECT_EQ(*code, -SIGKILL);
    EXPECT_EQ(CommittedTotal(bootstrap_, s.group, {s.headlines, s.prices}),
              static_cast<int64_t>(point))
        << "idle kill " << kills << ": exactly the phase's inputs are committed";
    ++kills;
  }
  // The rest of the input, and a kill while the engine is working through it.
  ASSERT_TRUE(ProduceUpTo(s, total));
  {
    ChildProcess engine;
    StartEngine(&engine, config, "engine.log");
    int64_t resume = CommittedTotal(bootstrap_, s.group, {s.headlines, s.prices});
    ASSERT_TRUE(WaitCommittedAtLeast(s, resume + 1, seconds(90)));
    engine.Signal(SIGKILL);
    ASSERT_TRUE(engine.Wait(seconds(10)).ok());
    ++kills;
    std::cerr << "busy kill at " << CommittedTotal(bootstrap_, s.group, {s.headlines, s.prices})
              << " of " << total << " committed inputs\n";
  }
  EXPECT_EQ(kills, static_cast<int>(points.size()) + 1);
  ChildProcess engine;
  StartEngine(&engine, config, "engine.log");
  ASSERT_TRUE(WaitConsumedAll(s, seconds(90)));
  StopEngine(&engine);
  ExpectOutputEqualsReference(s);
}

// Invariant: the broker stopped (gracefully) and restarted on the same address while the engine
// is mid-stream: the engine waits, reconnects and resumes; the committed signals are exactly
// the undisturbed run's, and every input offset is committed.
TEST_F(EngineFaultsTest, BrokerStopAndRestartMidStreamLosesAndDoublesNothing) {
  DedicatedBroker broker((dir_ / "broker").string());
  absl::Status started = broker.Start();
  ASSERT_TRUE(started.ok()) << started;
  bootstrap_ = broker.bootstrap();

  Streams s = NewStreams("broker-restart", 3);
  ASSERT_TRUE(Setup(s));
  ChildProcess engine;
  // Dynamic membership: librdkafka 2.0 takes the broker's restart as a fencing of a static
  // member (a fatal consumer error), see docs/operations.md.
  StartEngine(&engine, WriteConfig(s, "engine-0", "", /*static_member=*/false), "engine.log");
  const int64_t total = static_cast<int64_t>(s.inputs.size());
  ASSERT_TRUE(WaitCommittedAtLeast(s, total / 3, seconds(90)));
  absl::Status stopped = broker.Stop();
  ASSERT_TRUE(stopped.ok()) << stopped;
  std::this_thread::sleep_for(seconds(3));
  ASSERT_TRUE(engine.running());
  absl::Status restarted = broker.Restart();
  ASSERT_TRUE(restarted.ok()) << restarted;
  ASSERT_EQ(broker.bootstrap(), bootstrap_) << "the broker came back on another address";

  ASSERT_TRUE(WaitConsumedAll(s, seconds(120))) << "the engine did not resume after the restart";
  StopEngine(&engine);
  ExpectOutputEqualsReference(s);
}

// Invariant: malformed messages in the middle of a price partition are dead-lettered, each
// once, with origin topic/partition/offset equal to where they were produced; the input after
// them in the same partition is still consumed (every offset committed) and the signals are
// exactly the reference signals of the good input.
TEST_F(EngineFaultsTest, PoisonInputMidPartitionIsDeadLetteredAndThePartitionKeepsFlowing) {
  Streams s = NewStreams("poison", 3);
  // Three poison messages keyed NVDA (so all in NVDA's partition), in the middle of its ticks,
  // and one in the headlines.
  std::vector<InputRecord> poisoned;
  int nvda_seen = 0;
  for (const InputRecord& r : s.inputs) {
    poisoned.push_back(r);
    if (r.topic == s.prices && r.key == "NVDA") {
      ++nvda_seen;
      if (nvda_seen == 100 || nvda_seen == 200) {
        poisoned.push_back({s.prices, "NVDA", "{not json", r.timestamp_ms});
      }
      if (nvda_seen == 150) {
        poisoned.push_back(
            {s.prices, "NVDA", R"({"sym":"NVDA","ts":"2025-08-12T13:00:00Z"})", r.timestamp_ms});
      }
    }
    if (r.topic == s.headlines && r.key == "n-003") {
      poisoned.push_back(
          {s.headlines, "bad", R"({"id":"bad","source":"Reuters"})", r.timestamp_ms});
    }
  }
  ASSERT_EQ(poisoned.size(), s.inputs.size() + 4);
  s.inputs = poisoned;
  ASSERT_TRUE(Setup(s));
  std::set<std::string> poison_origins;
  for (size_t i = 0; i < s.inputs.size(); ++i) {
    const InputRecord& r = s.inputs[i];
    if (r.value.find("\"price\"") == std::string::npos && r.topic == s.prices) {
      poison_origins.insert(Origin(s.placed[i]));
    }
    if (r.key == "bad") poison_origins.insert(Origin(s.placed[i]));
  }
  ASSERT_EQ(poison_origins.size(), 4u);

  ChildProcess engine;
  StartEngine(&engine, WriteConfig(s, "engine-0"), "engine.log");
  ASSERT_TRUE(WaitConsumedAll(s, seconds(90)));
  StopEngine(&engine);

  auto letters = ReadCommitted(bootstrap_, s.dlq, seconds(30));
  ASSERT_TRUE(letters.ok()) << letters.status();
  std::multiset<std::string> origins;
  for (const OutputRecord& r : *letters) origins.insert(JsonField(r.value, "origin"));
  EXPECT_THAT(origins, ::testing::UnorderedElementsAreArray(poison_origins))
      << "each poison message dead-lettered exactly once, nothing else";
  ExpectSignalsEqualReference(s);
}

}  // namespace
}  // namespace tripline::faults
