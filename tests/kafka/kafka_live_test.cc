// The live engine (`tripline run`) against a real Kafka broker: the sample scenario end to end
// exactly once, dead letters with nothing lost, an aborted batch evaluated again on rebuilt
// state, an idle engine that stays in its group, SIGTERM and restart without duplicates, and an
// invalid rule reload that keeps the old rules. (The recorder's and the router's tests are in
// tests/cli/record_command_test.cc and route_command_test.cc, on the same fixture.)
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/io/jsonl_lines.h"
#include "tests/kafka/kafka_live_fixture.h"

namespace tripline::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;

const std::string kSource = TRIPLINE_SOURCE_DIR;

TEST_F(KafkaLiveTest, SampleScenarioSignalsExactlyOnceAsTheBacktest) {
  Topics t = NewTopics("e2e");
  ASSERT_TRUE(CreateTopics(bootstrap_, {t.headlines, t.prices, t.signals, t.dlq}).ok());
  std::vector<std::string> expected = BacktestSignalIds(kHeadlines, kPrices);
  ASSERT_FALSE(expected.empty()) << "the sample day should fire at least one signal";

  ASSERT_TRUE(Produce(bootstrap_, SampleRecords(t)).ok());
  ChildProcess engine;
  StartEngine(&engine, WriteConfig(t), "engine.log");
  ASSERT_TRUE(WaitCommittedToEnd(t, seconds(60))) << "the engine did not consume every input";
  StopEngine(&engine);

  std::vector<Record> signals = ReadSignals(t, expected.size());
  EXPECT_THAT(SignalIds(signals), ::testing::UnorderedElementsAreArray(expected));
  for (const Record& r : signals) {
    EXPECT_EQ(r.key, JsonField(r.value, "instrument")) << "signals are keyed by instrument";
  }
  // Nothing was ever written to the dead-letter topic (not even in an aborted transaction).
  auto dlq_end = EndOffset(bootstrap_, t.dlq);
  ASSERT_TRUE(dlq_end.ok()) << dlq_end.status();
  EXPECT_EQ(*dlq_end, 0);
}

// A story fires, then a later headline walks it back: the committed signals topic holds the
// signal and then a retraction naming its signal_id, the same bytes `tripline backtest` writes
// for the same input.
TEST_F(KafkaLiveTest, RetractionReachesTheSignalsTopicAsTheBacktestWritesIt) {
  // The story's pack and input, shared with tests/rules/retraction_backtest_test.cc.
  const std::string story = kSource + "/tests/data/retraction/";
  const std::string pack = story + "pack.yaml";
  const std::string headlines = story + "headlines.jsonl";
  const std::string prices = story + "prices.jsonl";
  const std::string backtest_out = (dir_ / "backtest.signals.jsonl").string();
  const std::string cmd = std::string(TRIPLINE_BINARY) + " backtest --quiet --rules " + pack +
                          " --headlines " + headlines + " --prices " + prices + " --out " +
                          backtest_out;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const std::vector<std::string> expected = ReadLines({backtest_out});
  ASSERT_EQ(expected.size(), 2u) << "the backtest should emit the signal and its retraction";
  const std::string original = JsonField(expected[0], "signal_id");
  ASSERT_FALSE(original.empty());
  ASSERT_EQ(JsonField(expected[1], "retracts"), original) << expected[1];

  Topics t = NewTopics("retraction");
  ASSERT_TRUE(CreateTopics(bootstrap_, {t.headlines, t.prices, t.signals, t.dlq}).ok());
  ASSERT_TRUE(Produce(bootstrap_, SampleRecords(t, headlines, prices)).ok());
  ChildProcess engine;
  StartEngine(&engine, WriteConfig(t, "", pack), "engine.log");
  ASSERT_TRUE(WaitCommittedToEnd(t, seconds(60))) << "the engine did not consume every input";
  StopEngine(&engine);

  // Both signals are for NVDA: one key, one partition, in emission order.
  std::vector<Record> signals = ReadSignals(t, expected.size());
  std::vector<std::string> live;
  for (const Record& r : signals) live.push_back(r.value);
  EXPECT_THAT(live, ::testing::ElementsAreArray(expected));
  ASSERT_EQ(live.size(), 2u);
  EXPECT_EQ(JsonField(live[1], "retracts"), JsonField(live[0], "signal_id"));
}

TEST_F(KafkaLiveTest, BadInputGoesToTheDeadLetterTopicAndNothingIsLost) {
  Topics t = NewTopics("dlq");
  ASSERT_TRUE(CreateTopics(bootstrap_, {t.headlines, t.prices, t.signals, t.dlq}).ok());
  std::vector<OutRecord> records = SampleRecords(t);
  // Bad messages at known positions: offsets are counted per topic as we insert.
  records.insert(records.begin() + 3, {t.prices, "", "{not json"});
  records.insert(records.begin() + 10,
                 {t.prices, "", R"({"sym":"NVDA","ts":"2025-08-12T13:00:00Z"})"});
  records.insert(records.begin() + 20, {t.headlines, "", R"({"id":"x1","source":"Reuters"})"});
  std::map<std::string, std::set<int64_t>> bad_offsets;
  std::map<std::string, int64_t> next;
  for (size_t i = 0; i < records.size(); ++i) {
    int64_t offset = next[records[i].topic]++;
    if (i == 3 || i == 10 || i == 20) bad_offsets[records[i].topic].insert(offset);
  }
  ASSERT_TRUE(Produce(bootstrap_, records).ok());

  ChildProcess engine;
  StartEngine(&engine, WriteConfig(t), "engine.log");
  ASSERT_TRUE(WaitCommittedToEnd(t, seconds(60)));
  StopEngine(&engine);

  std::vector<Record> letters = ReadTopic(bootstrap_, t.dlq, 3, milliseconds(1500), seconds(20));
  ASSERT_EQ(letters.size(), 3u);
  std::map<std::string, std::set<int64_t>> dead_offsets;
  std::vector<std::string> codes;
  for (const Record& r : letters) {
    std::string origin = JsonField(r.value, "origin");
    EXPECT_EQ(r.key, origin);
    // origin = topic/partition/offset
    size_t last = origin.rfind('/');
    size_t mid = origin.rfind('/', last - 1);
    ASSERT_NE(mid, std::string::npos) << origin;
    dead_offsets[origin.substr(0, mid)].insert(std::stoll(origin.substr(last + 1)));
    codes.push_back(JsonField(r.value, "code"));
  }
  // Every input is accounted for: the committed offsets reached the end (all consumed) and
  // exactly the bad offsets were dead-lettered; the rest were decoded.
  EXPECT_EQ(dead_offsets, bad_offsets);
  EXPECT_THAT(codes, ::testing::UnorderedElementsAre("not_json", "missing_field:price",
                                                     ::testing::StartsWith("missing_field:")));
  // The good input still produced the sample's signals.
  EXPECT_THAT(SignalIds(ReadTopic(bootstrap_, t.signals, 1, milliseconds(1000), seconds(20))),
              ::testing::UnorderedElementsAreArray(BacktestSignalIds(kHeadlines, kPrices)));
}

// An abortable transaction error (here: the signals topic refuses the signal as too large)
// aborts the batch; the engine must rebuild its state and evaluate the batch again from
// scratch, so that once the topic takes the signal it is committed -- exactly once. Evaluated
// on top of its own effects, the retried batch would find the story already fired and lose it.
TEST_F(KafkaLiveTest, AbortedBatchIsEvaluatedAgainOnRebuiltStateAndItsSignalCommitsOnce) {
  Topics t = NewTopics("abort");
  ASSERT_TRUE(CreateTopics(bootstrap_, {t.headlines, t.prices, t.signals, t.dlq}).ok());
  ASSERT_TRUE(SetTopicConfig(bootstrap_, t.signals, "max.message.bytes", "200").ok());
  std::vector<std::string> expected = BacktestSignalIds(kHeadlines, kPrices);
  ASSERT_FALSE(expected.empty());
  ASSERT_TRUE(Produce(bootstrap_, SampleRecords(t)).ok());

  ChildProcess engine;
  StartEngine(&engine, WriteConfig(t), "engine.log");
  const fs::path log = dir_ / "engine.log";
  auto deadline = std::chrono::steady_clock::now() + seconds(60);
  while (ReadFile(log.string()).find("reading the batch again") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(100));
  }
  ASSERT_NE(ReadFile(log.string()).find("reading the batch again"), std::string::npos)
      << "the oversized signal did not abort a transaction";
  ASSERT_TRUE(SetTopicConfig(bootstrap_, t.signals, "max.message.bytes", "1048588").ok());
  ASSERT_TRUE(WaitCommittedToEnd(t, seconds(60))) << "the engine did not consume every input";
  StopEngine(&engine);

  std::vector<Record> signals = ReadSignals(t, expected.size());
  EXPECT_THAT(SignalIds(signals), ::testing::UnorderedElementsAreArray(expected));
}

// An engine with nothing to read still polls its consumer (the live loop's one-second
// keepalive): librdkafka otherwise leaves the group once max.poll.interval.ms passes without a
// poll, and the partitions go through a rebalance when input finally arrives. The interval is
// set to the broker's floor (6 s) and the topics stay quiet for 15 s.
TEST_F(KafkaLiveTest, IdleEngineStaysInItsGroupThenServesInputThatArrivesLate) {
  Topics t = NewTopics("idle");
  ASSERT_TRUE(CreateTopics(bootstrap_, {t.headlines, t.prices, t.signals, t.dlq}).ok());
  std::vector<std::string> expected = BacktestSignalIds(kHeadlines, kPrices);
  ASSERT_FALSE(expected.empty());

  ChildProcess engine;
  StartEngine(&engine,
              WriteConfig(t,
                          "consumer.session.timeout.ms = 6000\n"
                          "consumer.max.poll.interval.ms = 6000\n"),
              "engine.log");
  std::this_thread::sleep_for(seconds(15));
  ASSERT_TRUE(Produce(bootstrap_, SampleRecords(t)).ok());
  ASSERT_TRUE(WaitCommittedToEnd(t, seconds(60))) << "the engine did not consume every input";
  StopEngine(&engine);

  const std::string log = ReadFile((dir_ / "engine.log").string());
  EXPECT_EQ(log.find("maximum poll interval"), std::string::npos) << log;
  std::vector<Record> signals = ReadSignals(t, expected.size());
  EXPECT_THAT(SignalIds(signals), ::testing::UnorderedElementsAreArray(expected));
}

TEST_F(KafkaLiveTest, SigtermMidStreamThenRestartEmitsNoDuplicateAndLosesNoInput) {
  Topics t = NewTopics("restart");
  ASSERT_TRUE(CreateTopics(bootstrap_, {t.headlines, t.prices, t.signals, t.dlq}).ok());
  std::vector<OutRecord> records = SampleRecords(t);
  ASSERT_TRUE(Produce(bootstrap_, records).ok());
  // Small transactions (a commit every 10 messages, not every 100 ms), so that a SIGTERM
  // lands mid-stream.
  std::string config = WriteConfig(t, "batch.max = 10\ncommit.interval.ms = 0\n");

  ChildProcess first;
  StartEngine(&first, config, "first.log");
  auto pend = EndOffset(bootstrap_, t.prices);
  ASSERT_TRUE(pend.ok());
  // Wait for some progress, then stop.
  auto deadline = std::chrono::steady_clock::now() + seconds(60);
  int64_t committed_prices = -1;
  while (std::chrono::steady_clock::now() < deadline) {
    auto c = CommittedOffsets(bootstrap_, t.group, {t.prices});
    if (c.ok() && (*c)[0] > 0) {
      committed_prices = (*c)[0];
      break;
    }
    std::this_thread::sleep_for(milliseconds(20));
  }
  ASSERT_GT(committed_prices, 0) << "the first engine made no progress";
  StopEngine(&first);
  auto after_stop = CommittedOffsets(bootstrap_, t.group, {t.headlines, t.prices});
  ASSERT_TRUE(after_stop.ok());

  ChildProcess second;
  StartEngine(&second, config, "second.log");
  ASSERT_TRUE(WaitCommittedToEnd(t, seconds(60)));
  StopEngine(&second);

  std::vector<std::string> expected = BacktestSignalIds(kHeadlines, kPrices);
  std::vector<std::string> got = SignalIds(ReadSignals(t, expected.size()));
  std::set<std::string> unique(got.begin(), got.end());
  EXPECT_EQ(unique.size(), got.size()) << "a signal was emitted twice";
  EXPECT_THAT(got, ::testing::UnorderedElementsAreArray(expected));
}

// The H20 headline arrives before the restart and the price drop that confirms it after: the
// restarted engine rebuilds its state from the recent past (without emitting again) and the
// signal fires exactly once.
TEST_F(KafkaLiveTest, SignalWhoseInputsSpanARestartFiresExactlyOnce) {
  Topics t = NewTopics("span");
  ASSERT_TRUE(CreateTopics(bootstrap_, {t.headlines, t.prices, t.signals, t.dlq}).ok());
  std::vector<OutRecord> records = SampleRecords(t);
  size_t split = 0;
  while (split < records.size() &&
         !(records[split].topic == t.headlines &&
           records[split].value.find("H20 chips in informal guidance") != std::string::npos)) {
    ++split;
  }
  ASSERT_LT(split, records.size());
  std::vector<OutRecord> before(records.begin(), records.begin() + split + 1);
  std::vector<OutRecord> after(records.begin() + split + 1, records.end());
  std::string config = WriteConfig(t);

  ASSERT_TRUE(Produce(bootstrap_, before).ok());
  ChildProcess first;
  StartEngine(&first, config, "first.log");
  ASSERT_TRUE(WaitCommittedToEnd(t, seconds(60)));
  StopEngine(&first);
  auto signals_end = EndOffset(bootstrap_, t.signals);
  ASSERT_TRUE(signals_end.ok()) << signals_end.status();
  EXPECT_EQ(*signals_end, 0) << "the confirming price move has not arrived yet";

  ASSERT_TRUE(Produce(bootstrap_, after).ok());
  ChildProcess second;
  StartEngine(&second, config, "second.log");
  ASSERT_TRUE(WaitCommittedToEnd(t, seconds(60)));
  StopEngine(&second);
  EXPECT_THAT(ReadFile((dir_ / "second.log").string()), ::testing::HasSubstr("rebuilding state"));

  EXPECT_THAT(SignalIds(ReadTopic(bootstrap_, t.signals, 1, milliseconds(1500), seconds(20))),
              ::testing::UnorderedElementsAreArray(BacktestSignalIds(kHeadlines, kPrices)));
}

TEST_F(KafkaLiveTest, InvalidRuleReloadIsRejectedAndTheOldRulesStay) {
  Topics t = NewTopics("reload");
  ASSERT_TRUE(CreateTopics(bootstrap_, {t.headlines, t.prices, t.signals, t.dlq}).ok());
  fs::path pack = dir_ / "pack";
  fs::copy(kRules, pack, fs::copy_options::recursive);
  int port = FreePort();
  ChildProcess engine;
  StartEngine(
      &engine,
      WriteConfig(t,
                  "admin.listen = 127.0.0.1:" + std::to_string(port) + "\nadmin.token = s3cret\n",
                  pack.string()),
      "engine.log");
  // Ready, not merely healthy: /healthz answers while the engine connects to Kafka, when a
  // reload is held (503) rather than rejected, which is not what this test is about.
  absl::StatusOr<std::string> ready;
  for (int i = 0; i < 600; ++i) {
    ready = HttpRequest(port, "GET", "/readyz");
    if (ready.ok() && ready->substr(0, 3) == "200") break;
    std::this_thread::sleep_for(milliseconds(100));
  }
  ASSERT_TRUE(ready.ok()) << ready.status();
  ASSERT_EQ(ready->substr(0, 3), "200") << *ready;
  EXPECT_EQ(HttpRequest(port, "GET", "/healthz")->substr(0, 3), "200");
  auto before = HttpRequest(port, "GET", "/rules");
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->substr(0, 3), "200");

  // Break the pack on disk.
  std::ofstream(pack / "broken.yaml") << "rules:\n  - id: [unclosed\n";
  auto no_token = HttpRequest(port, "POST", "/rules/reload");
  ASSERT_TRUE(no_token.ok());
  EXPECT_EQ(no_token->substr(0, 3), "403");
  auto rejected = HttpRequest(port, "POST", "/rules/reload", "Bearer s3cret");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->substr(0, 3), "422") << *rejected;
  EXPECT_THAT(*rejected, ::testing::HasSubstr("broken.yaml"));
  // SIGHUP takes the same path: rejected, the process keeps running.
  engine.Signal(SIGHUP);
  auto after = HttpRequest(port, "GET", "/rules");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(*after, *before);

  // The old rules still fire on the sample.
  ASSERT_TRUE(Produce(bootstrap_, SampleRecords(t)).ok());
  ASSERT_TRUE(WaitCommittedToEnd(t, seconds(60)));
  auto metrics = HttpRequest(port, "GET", "/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_THAT(*metrics, ::testing::HasSubstr("tripline_rule_reloads_total{result=\"rejected\"} 2"));
  EXPECT_THAT(*metrics, ::testing::HasSubstr("tripline_messages_in_total{topic=\"" + t.prices));
  // The sample's input was committed: the commit histogram counted it.
  EXPECT_THAT(*metrics, ::testing::ContainsRegex("tripline_commit_seconds_count [1-9]"));
  StopEngine(&engine);
  EXPECT_THAT(SignalIds(ReadTopic(bootstrap_, t.signals, 1, milliseconds(1000), seconds(20))),
              ::testing::UnorderedElementsAreArray(BacktestSignalIds(kHeadlines, kPrices)));
}

}  // namespace
}  // namespace tripline::testing
