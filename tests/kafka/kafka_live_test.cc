// The live engine against a real Kafka broker: the sample scenario end to end exactly once,
// dead letters with nothing lost, an aborted batch evaluated again on rebuilt state, an idle
// engine that stays in its group, SIGTERM and restart without duplicates, an invalid rule
// reload that keeps the old rules, and a recording that backtests to the live signals.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/pipeline.h"
#include "io/codec/message_decoder.h"
#include "io/files/jsonl_reader.h"
#include "io/files/recorded_input.h"
#include "rules/rule_engine.h"
#include "rules/rule_loader.h"
#include "tests/kafka/kafka_test_env.h"

namespace tripline::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;

const std::string kSource = TRIPLINE_SOURCE_DIR;
const std::string kHeadlines = kSource + "/examples/h20-guidance/headlines.jsonl";
const std::string kPrices = kSource + "/examples/h20-guidance/prices.jsonl";
const std::string kRules = kSource + "/rules/packs/china-ai-chips";

struct Topics {
  std::string headlines, prices, signals, dlq, group;
};

Topics NewTopics(const std::string& test) {
  std::string p = UniqueName(test);
  return {p + ".headlines", p + ".prices", p + ".signals", p + ".dlq", p + ".group"};
}

// The sample streams (or the given files) in replay order (availability time; headlines first on
// ties, as the backtest's merge orders them), each as a record for its topic.
std::vector<OutRecord> SampleRecords(const Topics& t, const std::string& headlines = kHeadlines,
                                     const std::string& prices = kPrices) {
  struct Line {
    EventTime ts;
    int stream;
    OutRecord record;
  };
  std::vector<Line> lines;
  MessageDecoder decoder;
  for (int stream = 0; stream < 2; ++stream) {
    auto reader = JsonlReader::Open(stream == 0 ? headlines : prices);
    EXPECT_TRUE(reader.ok()) << reader.status();
    if (!reader.ok()) return {};
    std::string_view line;
    Headline h;
    PriceTick p;
    while ((*reader)->NextLine(&line)) {
      EventTime ts = 0;
      if (stream == 0 && decoder.DecodeHeadline(line, &h).ok()) ts = OrderTime(h.ts, h.recv_ts);
      if (stream == 1 && decoder.DecodePrice(line, &p).ok()) ts = OrderTime(p.ts, p.recv_ts);
      // The message timestamp is the availability time, as a publisher stamps it live.
      lines.push_back(
          {ts,
           stream,
           {stream == 0 ? t.headlines : t.prices, "", std::string(line), ts / 1'000'000}});
    }
  }
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
    return a.ts != b.ts ? a.ts < b.ts : a.stream < b.stream;
  });
  std::vector<OutRecord> out;
  for (auto& l : lines) out.push_back(std::move(l.record));
  return out;
}

class CollectSignals final : public SignalSink {
 public:
  void Emit(const Signal& s) override { ids.push_back(s.signal_id); }
  std::vector<std::string> ids;
};
class CountDeadLetters final : public DeadLetterSink {
 public:
  void Put(const DeadLetter&) override { ++count; }
  int count = 0;
};

// What the backtest of two recorded files emits: the reference for the live run.
// The backtest of recorded files, each list replayed in order (as `tripline backtest
// --headlines H... --prices P...`).
std::vector<std::string> BacktestSignalIds(const std::vector<std::string>& headlines,
                                           const std::vector<std::string>& prices) {
  auto rules = LoadRules(kRules);
  EXPECT_TRUE(rules.ok()) << rules.status();
  if (!rules.ok()) return {};
  RuleEngine engine(*rules);
  CountDeadLetters dlq;
  auto input = RecordedInput::Open(headlines, prices, &dlq);
  EXPECT_TRUE(input.ok()) << input.status();
  if (!input.ok()) return {};
  CollectSignals sink;
  Pipeline pipeline(&engine, &sink);
  EXPECT_TRUE((*input)->Replay([&pipeline](const Event& e) { pipeline.Process(e); }).ok());
  pipeline.Finish();
  // A comparison with a backtest that fired nothing would prove nothing.
  EXPECT_FALSE(sink.ids.empty()) << "the backtest of " << headlines.size()
                                 << " headline files fired no signal";
  return sink.ids;
}

std::vector<std::string> BacktestSignalIds(const std::string& headlines,
                                           const std::string& prices) {
  return BacktestSignalIds(std::vector<std::string>{headlines}, std::vector<std::string>{prices});
}

// The segments `tripline record` wrote for one input, in replay (name) order.
std::vector<std::string> Segments(const fs::path& dir, const std::string& input) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(input + ".", 0) == 0) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every line of `files`, in order (plain or .zst).
std::vector<std::string> Lines(const std::vector<std::string>& files) {
  std::vector<std::string> lines;
  for (const std::string& file : files) {
    auto reader = JsonlReader::Open(file);
    EXPECT_TRUE(reader.ok()) << reader.status();
    if (!reader.ok()) continue;
    std::string_view line;
    while ((*reader)->NextLine(&line)) lines.emplace_back(line);
    EXPECT_TRUE((*reader)->status().ok()) << file << ": " << (*reader)->status();
  }
  return lines;
}

// A recorded line without the `recv_ts` the recorder adds to a message that had none.
std::string Unstamped(const std::string& recorded) {
  const std::string stamp = "{\"recv_ts\":\"";
  if (recorded.rfind(stamp, 0) != 0) return recorded;
  size_t end = recorded.find('"', stamp.size());
  if (end == std::string::npos) return recorded;
  size_t next = end + 1;
  if (next < recorded.size() && recorded[next] == ',') ++next;
  return "{" + recorded.substr(next);
}

std::vector<std::string> SignalIds(const std::vector<Record>& records) {
  std::vector<std::string> ids;
  for (const auto& r : records) ids.push_back(JsonField(r.value, "signal_id"));
  return ids;
}

class KafkaLiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto b = KafkaBootstrap();
    ASSERT_TRUE(b.ok()) << b.status();
    bootstrap_ = *b;
    dir_ = fs::temp_directory_path() / UniqueName("tripline-kafka-test");
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (HasFailure()) {
      for (const auto& e : fs::directory_iterator(dir_)) {
        if (e.path().extension() == ".log") {
          std::cerr << "--- " << e.path() << " ---\n" << ReadFile(e.path()) << "\n";
        }
      }
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // t's signals, read committed: at least `count`, then whatever else comes within 1.5 s (so
  // a duplicate shows), 20 s at most.
  std::vector<Record> ReadSignals(const Topics& t, size_t count) {
    return ReadTopic(bootstrap_, t.signals, count, milliseconds(1500), seconds(20));
  }

  std::string WriteConfig(const Topics& t, const std::string& extra = "",
                          const std::string& rules = kRules) {
    std::string path = (dir_ / UniqueName("live") += ".conf").string();
    std::ofstream out(path);
    out << "kafka.bootstrap.servers = " << bootstrap_ << "\n"
        << "group.id = " << t.group << "\n"
        << "transactional.id = " << t.group << "-txn\n"
        << "topics.headlines = " << t.headlines << "\n"
        << "topics.prices = " << t.prices << "\n"
        << "topics.signals = " << t.signals << "\n"
        << "topics.dlq = " << t.dlq << "\n"
        << "rules = " << rules << "\n"
        << "admin.listen = off\n"
        << "consumer.fetch.wait.max.ms = 50\n"
        << extra;
    return path;
  }

  void StartEngine(ChildProcess* child, const std::string& config, const std::string& log) {
    ASSERT_TRUE(
        child->Start({TRIPLINE_LIVE_DRIVER, "run", "--config", config}, (dir_ / log).string())
            .ok());
  }

  // Waits until the group committed every input offset.
  bool WaitCommittedToEnd(const Topics& t, std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    auto hend = EndOffset(bootstrap_, t.headlines);
    auto pend = EndOffset(bootstrap_, t.prices);
    if (!hend.ok() || !pend.ok()) return false;
    while (std::chrono::steady_clock::now() < deadline) {
      auto c = CommittedOffsets(bootstrap_, t.group, {t.headlines, t.prices});
      if (c.ok() && (*c)[0] == *hend && (*c)[1] == *pend) return true;
      std::this_thread::sleep_for(milliseconds(250));
    }
    return false;
  }

  void StopEngine(ChildProcess* child) {
    child->Signal(SIGTERM);
    auto code = child->Wait(seconds(30));
    ASSERT_TRUE(code.ok()) << code.status();
    EXPECT_EQ(*code, 0) << "the engine did not stop cleanly on SIGTERM";
  }

  std::string bootstrap_;
  fs::path dir_;
};

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
  const std::vector<std::string> expected = Lines({backtest_out});
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
  absl::StatusOr<std::string> health;
  for (int i = 0; i < 200; ++i) {
    health = HttpRequest(port, "GET", "/healthz");
    if (health.ok()) break;
    std::this_thread::sleep_for(milliseconds(100));
  }
  ASSERT_TRUE(health.ok()) << health.status();
  EXPECT_EQ(health->substr(0, 3), "200");
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

TEST_F(KafkaLiveTest, RecordingBacktestsToTheSignalsTheLiveEngineEmitted) {
  Topics t = NewTopics("record");
  ASSERT_TRUE(CreateTopics(bootstrap_, {t.headlines, t.prices, t.signals, t.dlq}).ok());
  ASSERT_TRUE(Produce(bootstrap_, SampleRecords(t)).ok());
  std::string config = WriteConfig(t);
  fs::path out = dir_ / "recording";

  ChildProcess recorder;
  ASSERT_TRUE(recorder
                  .Start({TRIPLINE_LIVE_DRIVER, "record", "--config", config, "--out", out.string(),
                          "--idle-exit", "3"},
                         (dir_ / "record.log").string())
                  .ok());
  ChildProcess engine;
  StartEngine(&engine, config, "engine.log");
  ASSERT_TRUE(WaitCommittedToEnd(t, seconds(60)));
  StopEngine(&engine);
  auto code = recorder.Wait(seconds(60));
  ASSERT_TRUE(code.ok()) << code.status();
  ASSERT_EQ(*code, 0);

  std::vector<std::string> live =
      SignalIds(ReadTopic(bootstrap_, t.signals, 1, milliseconds(1000), seconds(20)));
  ASSERT_FALSE(live.empty());
  EXPECT_THAT(BacktestSignalIds(Segments(out, "headlines"), Segments(out, "prices")),
              ::testing::UnorderedElementsAreArray(live));
}

// The recorder SIGKILLed three times while the input is produced, restarted each time: the
// recording holds every message exactly once, in order, and backtests to the sample's signals.
TEST_F(KafkaLiveTest, RecorderKilledThreeTimesRecordsEveryMessageExactlyOnceInOrder) {
  Topics t = NewTopics("record-kill");
  ASSERT_TRUE(CreateTopics(bootstrap_, {t.headlines, t.prices, t.signals, t.dlq}).ok());
  const std::vector<OutRecord> sample = SampleRecords(t);
  ASSERT_GT(sample.size(), 1000u);
  // Static membership: a restarted recorder takes its partitions over at once, instead of
  // after the killed member's session times out (docs/operations.md, "tripline record").
  std::string config = WriteConfig(t, "consumer.group.instance.id = " + t.group + "-recorder\n" +
                                          "consumer.session.timeout.ms = 6000\n");
  fs::path out = dir_ / "recording";
  // Small zstd segments, so kills land in the middle of rotations too.
  const std::vector<std::string> record = {
      TRIPLINE_LIVE_DRIVER, "record", "--config",       config, "--out",
      out.string(),         "--zstd", "--rotate-bytes", "4000"};

  // The publisher: the sample day in small chunks over about six seconds.
  std::atomic<bool> produced{false};
  absl::Status produce_status;
  std::thread publisher([&] {
    const size_t chunk = 20;
    for (size_t i = 0; i < sample.size() && produce_status.ok(); i += chunk) {
      std::vector<OutRecord> part(sample.begin() + i,
                                  sample.begin() + std::min(sample.size(), i + chunk));
      produce_status = Produce(bootstrap_, part);
      std::this_thread::sleep_for(milliseconds(100));
    }
    produced = true;
  });
  int kills = 0;
  for (; kills < 3; ++kills) {
    ChildProcess recorder;
    ASSERT_TRUE(
        recorder.Start(record, (dir_ / ("record" + std::to_string(kills) + ".log")).string()).ok());
    std::this_thread::sleep_for(milliseconds(1200 + 300 * kills));
    recorder.Signal(SIGKILL);
    auto code = recorder.Wait(seconds(10));
    ASSERT_TRUE(code.ok()) << code.status();
    EXPECT_EQ(*code, -SIGKILL);
  }
  EXPECT_FALSE(produced) << "every kill should land while the input is being produced";
  publisher.join();
  ASSERT_TRUE(produce_status.ok()) << produce_status;
  std::vector<std::string> last = record;
  last.insert(last.end(), {"--idle-exit", "10"});
  ChildProcess recorder;
  ASSERT_TRUE(recorder.Start(last, (dir_ / "record-last.log").string()).ok());
  auto code = recorder.Wait(seconds(90));
  ASSERT_TRUE(code.ok()) << code.status();
  ASSERT_EQ(*code, 0);
  // The killed recorders did record (and were killed mid-stream): the last one had less to do.
  const std::string log = ReadFile((dir_ / "record-last.log").string());
  const size_t at = log.find(" messages recorded");
  ASSERT_NE(at, std::string::npos) << log;
  const size_t from = log.rfind(' ', at - 1) + 1;
  const uint64_t last_recorded = std::stoull(log.substr(from, at - from));
  EXPECT_GT(last_recorded, 0u);
  EXPECT_LT(last_recorded, sample.size());

  for (const auto& [input, topic] : {std::pair{std::string("headlines"), t.headlines},
                                     std::pair{std::string("prices"), t.prices}}) {
    std::vector<std::string> want;
    for (const OutRecord& r : sample) {
      if (r.topic == topic) want.push_back(r.value);
    }
    const std::vector<std::string> segments = Segments(out, input);
    if (input == "prices") {
      EXPECT_GT(segments.size(), 1u) << "rotated, a new segment per start";
    }
    std::vector<std::string> got;
    for (const std::string& line : Lines(segments)) got.push_back(Unstamped(line));
    EXPECT_EQ(got.size(), want.size()) << input;
    EXPECT_TRUE(got == want) << input << ": not every message exactly once, in order";
  }
  EXPECT_THAT(BacktestSignalIds(Segments(out, "headlines"), Segments(out, "prices")),
              ::testing::UnorderedElementsAreArray(BacktestSignalIds(kHeadlines, kPrices)));
}

// `tripline route` reloads its rules (POST /rules/reload and SIGHUP) as the engine does: a
// rule that reaches a new instrument gets its headlines routed without a restart.
TEST_F(KafkaLiveTest, RouterReloadsItsRulesOverHttpAndOnSighup) {
  Topics t = NewTopics("route-reload");
  const std::string routed = t.headlines + ".routed";
  ASSERT_TRUE(CreateTopics(bootstrap_, {t.headlines, t.dlq}).ok());
  ASSERT_TRUE(CreateTopics(bootstrap_, {t.prices, routed}, 2).ok());
  const std::string entities =
      "entities:\n  nvidia: {instruments: [NVDA], names: [Nvidia]}\n"
      "  amd: {instruments: [AMD], names: [AMD]}\nrules:\n";
  const std::string nvidia_rule =
      "  - id: nvidia-alpha\n    headline: '\"alpha phrase\" and mentions(nvidia)'\n"
      "    emit: {instrument: NVDA, direction: short}\n";
  const std::string amd_rule =
      "  - id: amd-beta\n    headline: '\"beta phrase\" and mentions(amd)'\n"
      "    emit: {instrument: AMD, direction: short}\n";
  const std::string pack = (dir_ / "route-pack.yaml").string();
  std::ofstream(pack) << entities << nvidia_rule;
  std::string config = WriteConfig(t, "admin.token = tok\n", pack);
  const int port = FreePort();
  ChildProcess router;
  ASSERT_TRUE(router
                  .Start({TRIPLINE_LIVE_DRIVER, "route", "--config", config, "--to", routed,
                          "--admin", "127.0.0.1:" + std::to_string(port)},
                         (dir_ / "route.log").string())
                  .ok());
  auto metrics = [&](const std::string& series) {
    auto m = HttpRequest(port, "GET", "/metrics");
    return m.ok() && m->find(series) != std::string::npos;
  };
  auto wait_for = [&](const std::string& series) {
    auto deadline = std::chrono::steady_clock::now() + seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      if (metrics(series)) return true;
      std::this_thread::sleep_for(milliseconds(200));
    }
    return false;
  };
  auto headline = [&](int n, const std::string& text) {
    return OutRecord{t.headlines, "",
                     "{\"id\":\"h" + std::to_string(n) +
                         "\",\"ts\":\"2025-08-12T12:00:00Z\",\"source\":\"Reuters\","
                         "\"headline\":\"" +
                         text + "\"}"};
  };
  ASSERT_TRUE(wait_for("tripline_rules_loaded 1\n")) << "admin endpoint and metrics";
  // The AMD headline reaches no rule yet: not routed.
  ASSERT_TRUE(Produce(bootstrap_, {headline(1, "AMD beta phrase")}).ok());
  ASSERT_TRUE(wait_for("tripline_route_unrouted_total 1\n"));

  std::ofstream(pack, std::ios::trunc) << entities << nvidia_rule << amd_rule;
  auto forbidden = HttpRequest(port, "POST", "/rules/reload", "Bearer wrong");
  ASSERT_TRUE(forbidden.ok());
  EXPECT_EQ(forbidden->substr(0, 3), "403");
  auto reloaded = HttpRequest(port, "POST", "/rules/reload", "Bearer tok");
  ASSERT_TRUE(reloaded.ok()) << reloaded.status();
  EXPECT_EQ(reloaded->substr(0, 3), "200") << *reloaded;
  EXPECT_THAT(*reloaded, ::testing::HasSubstr("reloaded 2 rules"));
  ASSERT_TRUE(Produce(bootstrap_, {headline(2, "AMD beta phrase")}).ok());
  ASSERT_TRUE(wait_for("tripline_route_copies_total 1\n"));

  // SIGHUP: a pack that now only knows Nvidia; the AMD headline is unrouted again.
  std::ofstream(pack, std::ios::trunc) << entities << nvidia_rule;
  router.Signal(SIGHUP);
  ASSERT_TRUE(wait_for("tripline_rule_reloads_total{result=\"ok\"} 2\n"));
  ASSERT_TRUE(Produce(bootstrap_, {headline(3, "AMD beta phrase")}).ok());
  ASSERT_TRUE(wait_for("tripline_route_unrouted_total 2\n"));
  // An invalid pack is rejected and the old rules stay.
  std::ofstream(pack, std::ios::trunc) << "rules:\n  - id: [oops\n";
  auto rejected = HttpRequest(port, "POST", "/rules/reload", "Bearer tok");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->substr(0, 3), "422") << *rejected;
  EXPECT_TRUE(metrics("tripline_rules_loaded 1\n"));

  router.Signal(SIGTERM);
  auto code = router.Wait(seconds(30));
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 0);
  std::vector<Record> out = ReadTopic(bootstrap_, routed, 1, milliseconds(1000), seconds(20));
  // The router's progress markers (no key, no value) are not copies.
  const size_t markers = std::count_if(
      out.begin(), out.end(), [](const Record& r) { return r.key.empty() && r.value.empty(); });
  EXPECT_GT(markers, 0u) << "the router wrote no progress marker";
  out.erase(std::remove_if(out.begin(), out.end(),
                           [](const Record& r) { return r.key.empty() && r.value.empty(); }),
            out.end());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].key, "AMD");
  EXPECT_THAT(out[0].value, ::testing::HasSubstr("\"h2\""));
}

}  // namespace
}  // namespace tripline::testing
