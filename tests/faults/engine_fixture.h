// The fault tests' fixture: a test's own topics and group on the real broker, the sample input
// produced into them, `tripline run` engines as child processes with a config of their own, and
// the checks every fault test ends with (the committed output against the reference).
//
// Thread-safety: test thread.
#ifndef TRIPLINE_TESTS_FAULTS_ENGINE_FIXTURE_H_
#define TRIPLINE_TESTS_FAULTS_ENGINE_FIXTURE_H_

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/faults/fault_harness.h"
#include "tests/faults/sample_stream.h"

namespace tripline::faults {

struct Streams {
  std::string headlines, prices, signals, dlq, group;
  int partitions = 1;  // of the headline and price topics alike (co-partitioned)
  // Scale-out topology when set: `headlines` (one partition, a news feed) goes through
  // `tripline route` to `routed`, co-partitioned with prices, which the engines consume.
  std::string routed;
  std::vector<InputRecord> inputs;
  std::vector<Placed> placed;  // where each input landed, same order
};

class EngineFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Fresh topics and group named after `test`, holding the sample input once produced.
  Streams NewStreams(const std::string& test, int partitions, bool routed = false);
  // Creates the topics (inputs with s.partitions, outputs with one) and produces the first
  // `produce` of s.inputs (all by default). False (with a test failure) when that failed.
  bool Setup(Streams& s, size_t produce = SIZE_MAX);
  // Produces s.inputs[s.placed.size(), end) (end clamped to the input's size). Routed: the
  // slice's headlines first, then, once a running router has routed them (`wait_for_router`),
  // its prices.
  bool ProduceUpTo(Streams& s, size_t end, bool wait_for_router = true);

  // A config for one engine `instance` of the group (its own transactional.id and, when
  // `static_member`, its own group.instance.id); `extra` lines are appended.
  std::string WriteConfig(const Streams& s, const std::string& instance,
                          const std::string& extra = "", bool static_member = true);
  void StartEngine(ChildProcess* child, const std::string& config, const std::string& log);
  // `tripline route` with the engines' config (its own group and transactional.id).
  void StartRouter(ChildProcess* child, const Streams& s, const std::string& config,
                   const std::string& log);
  // SIGTERM and a clean exit (0) within 30 s.
  void StopEngine(ChildProcess* child);

  // The group committed at least `n` input offsets (summed over every input partition).
  bool WaitCommittedAtLeast(const Streams& s, int64_t n, std::chrono::seconds timeout);
  // The group committed every input partition up to its end offset (in the routed topology:
  // the router every headline, then the engines every routed headline and price).
  bool WaitConsumedAll(const Streams& s, std::chrono::seconds timeout);

  // The committed signals are exactly the reference (each id once, byte-identical, keyed by
  // instrument) and nothing was dead-lettered.
  void ExpectOutputEqualsReference(const Streams& s);
  void ExpectSignalsEqualReference(const Streams& s);

  static std::string Origin(const Placed& p);
  // The engine (by its config's instance name, which is its client.id) that owns `partition`
  // of the prices topic, once the group's assignment settled.
  std::string OwnerOf(const Streams& s, int32_t partition, std::chrono::seconds timeout);

  std::string bootstrap_;
  std::filesystem::path dir_;
  bool router_started_ = false;
  std::string rules_ = kSampleRules;  // the pack the engines and the reference use  // ProduceUpTo
                                      // then waits for the router per phase
};

}  // namespace tripline::faults

#endif  // TRIPLINE_TESTS_FAULTS_ENGINE_FIXTURE_H_
