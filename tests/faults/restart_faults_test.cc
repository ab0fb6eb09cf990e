// Restarts that change nothing, on a generated market day (the benchmark generator's day with
// the 200-rule benchmark pack) rather than the 20-headline sample: SIGKILLs during a backlog
// and during steady input, each restart rebuilding its state from the input, and the committed
// signals in the end byte-identical to the reference (what one undisturbed engine, and the
// backtest, emit for the same input).
//
// The messages carry a producer's clock as their Kafka timestamps (many messages per
// millisecond, far from the events' own times), as a fast replay of a recording does: the
// live merge must order by the events' own times to agree with the backtest.
#include <signal.h>

#include <algorithm>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/faults/engine_fixture.h"

namespace tripline::faults {
namespace {

class RestartFaultsTest : public EngineFixture {
 protected:
  Streams GeneratedStreams(const std::string& name, uint64_t events) {
    Streams s = NewStreams(name, 4);
    s.inputs = GeneratedInputs(s.headlines, s.prices, events);
    rules_ = kBenchRules;
    return s;
  }

  // Starts an engine, waits until at least `n` inputs are committed, SIGKILLs it.
  void KillAfter(const Streams& s, const std::string& config, int64_t n) {
    ChildProcess engine;
    StartEngine(&engine, config, "engine.log");
    ASSERT_TRUE(WaitCommittedAtLeast(s, n, seconds(180)))
        << "the engine never committed " << n << " inputs";
    engine.Signal(SIGKILL);
    auto code = engine.Wait(seconds(10));
    ASSERT_TRUE(code.ok()) << code.status();
    EXPECT_EQ(*code, -SIGKILL);
  }
};

// The 1,000,000-message backlog (1 headline partition, 4 price partitions); the engine
// is SIGKILLed right after its first commit, then at three seeded points, each time in the
// middle of its work (interval commits: 100 ms of input per transaction), and per-partition
// buffers far below the backlog make it pause and resume partitions all along. The committed
// signals equal the undisturbed reference byte for byte.
TEST_F(RestartFaultsTest, BacklogKilledFourTimesEmitsTheUndisturbedSignalsByteForByte) {
  Streams s = GeneratedStreams("backlog", 1000000);
  const size_t total = s.inputs.size();
  ASSERT_GT(total, 900000u);
  ASSERT_TRUE(Setup(s));
  const std::string config = WriteConfig(s, "engine-0",
                                         "commit.interval.ms = 100\n"
                                         "batch.max = 1000\n"
                                         "partition.buffer = 20000\n");
  std::mt19937 rng(20261129);
  std::uniform_int_distribution<size_t> at(total / 5, total * 4 / 5);
  std::vector<int64_t> points = {1, static_cast<int64_t>(at(rng)), static_cast<int64_t>(at(rng)),
                                 static_cast<int64_t>(at(rng))};
  std::sort(points.begin(), points.end());
  for (int64_t point : points) KillAfter(s, config, point);
  ChildProcess engine;
  StartEngine(&engine, config, "engine.log");
  ASSERT_TRUE(WaitConsumedAll(s, seconds(300)));
  StopEngine(&engine);
  auto reference = ReferenceSignals(s.inputs, s.headlines, s.prices, rules_);
  ASSERT_TRUE(reference.ok()) << reference.status();
  EXPECT_GE(reference->size(), 3u) << "the generated day should fire several signals";
  ExpectOutputEqualsReference(s);
}

// Steady input: the day is produced in ten phases while the engine runs, and the engine is
// SIGKILLed twice while input is still arriving. The merge waits up to partition.idle.ms for a
// partition that reported its end, so input that arrives a little late on one partition is
// still handled in the backtest's order.
TEST_F(RestartFaultsTest, SteadyInputKilledTwiceEmitsTheUndisturbedSignalsByteForByte) {
  Streams s = GeneratedStreams("steady", 60000);
  const size_t total = s.inputs.size();
  ASSERT_TRUE(Setup(s, total / 10));
  const std::string config =
      WriteConfig(s, "engine-0", "commit.interval.ms = 50\npartition.idle.ms = 2000\n");
  for (int kill = 0; kill < 2; ++kill) {
    ChildProcess engine;
    StartEngine(&engine, config, "engine.log");
    for (int phase = 0; phase < 4; ++phase) {
      ASSERT_TRUE(ProduceUpTo(s, s.placed.size() + total / 10));
      std::this_thread::sleep_for(milliseconds(300));
    }
    ASSERT_TRUE(WaitCommittedAtLeast(s, 1, seconds(120)));
    engine.Signal(SIGKILL);
    ASSERT_TRUE(engine.Wait(seconds(10)).ok());
  }
  ChildProcess engine;
  StartEngine(&engine, config, "engine.log");
  ASSERT_TRUE(ProduceUpTo(s, total));
  ASSERT_TRUE(WaitConsumedAll(s, seconds(300)));
  StopEngine(&engine);
  ExpectOutputEqualsReference(s);
}

}  // namespace
}  // namespace tripline::faults
