// What the tests of the live commands against a real Kafka broker share (`tripline run` in
// kafka_live_test.cc, `record` and `route` in tests/cli): fresh topics, the sample day as
// records in replay order, the backtest's signals as the reference, a config file, and the
// engine as a child process (tests/kafka/live_driver.cc).
//
// A test FAILS (never skips) when TRIPLINE_KAFKA_BOOTSTRAP is unset or the broker does not
// answer. Thread-safety: test-thread only.
#ifndef TRIPLINE_TESTS_KAFKA_KAFKA_LIVE_FIXTURE_H_
#define TRIPLINE_TESTS_KAFKA_KAFKA_LIVE_FIXTURE_H_

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/kafka/kafka_test_env.h"

namespace tripline::testing {

// The sample day and the default pack.
extern const std::string kHeadlines;
extern const std::string kPrices;
extern const std::string kRules;

struct Topics {
  std::string headlines, prices, signals, dlq, group;
};

// Topic and group names no other test uses, prefixed with `test`.
Topics NewTopics(const std::string& test);

// The sample streams (or the given files) in replay order (availability time; headlines first on
// ties, as the backtest's merge orders them), each as a record for its topic.
std::vector<OutRecord> SampleRecords(const Topics& t, const std::string& headlines = kHeadlines,
                                     const std::string& prices = kPrices);

// The backtest of recorded files, each list replayed in order (as `tripline backtest
// --headlines H... --prices P...`) with the default pack: the reference for a live run.
std::vector<std::string> BacktestSignalIds(const std::vector<std::string>& headlines,
                                           const std::vector<std::string>& prices);
std::vector<std::string> BacktestSignalIds(const std::string& headlines, const std::string& prices);

// The signal_id of each record.
std::vector<std::string> SignalIds(const std::vector<Record>& records);

class KafkaLiveTest : public ::testing::Test {
 protected:
  void SetUp() override;
  // Prints the children's logs when the test failed, then removes the directory.
  void TearDown() override;

  // t's signals, read committed: at least `count`, then whatever else comes within 1.5 s (so
  // a duplicate shows), 20 s at most.
  std::vector<Record> ReadSignals(const Topics& t, size_t count);

  // A config file for t's topics and group, `rules` as the pack, no admin server unless `extra`
  // says otherwise.
  std::string WriteConfig(const Topics& t, const std::string& extra = "",
                          const std::string& rules = kRules);

  // `tripline run --config config`, its stderr to `log` in the test's directory.
  void StartEngine(ChildProcess* child, const std::string& config, const std::string& log);

  // Waits until the group committed every input offset.
  bool WaitCommittedToEnd(const Topics& t, std::chrono::seconds timeout);

  // SIGTERM, then expects a clean exit within 30 s.
  void StopEngine(ChildProcess* child);

  std::string bootstrap_;
  std::filesystem::path dir_;
};

}  // namespace tripline::testing

#endif  // TRIPLINE_TESTS_KAFKA_KAFKA_LIVE_FIXTURE_H_
