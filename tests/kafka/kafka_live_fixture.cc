#include "tests/kafka/kafka_live_fixture.h"

#include <signal.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <thread>

#include "core/pipeline.h"
#include "io/files/jsonl_reader.h"
#include "io/files/recorded_input.h"
#include "rules/rule_engine.h"
#include "rules/rule_loader.h"
#include "tests/kafka/replay_order.h"

namespace tripline::testing {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;

const std::string kHeadlines =
    std::string(TRIPLINE_SOURCE_DIR) + "/examples/h20-guidance/headlines.jsonl";
const std::string kPrices =
    std::string(TRIPLINE_SOURCE_DIR) + "/examples/h20-guidance/prices.jsonl";
const std::string kRules = std::string(TRIPLINE_SOURCE_DIR) + "/rules/packs/china-ai-chips";

namespace {

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

}  // namespace

Topics NewTopics(const std::string& test) {
  std::string p = UniqueName(test);
  return {p + ".headlines", p + ".prices", p + ".signals", p + ".dlq", p + ".group"};
}

std::vector<OutRecord> SampleRecords(const Topics& t, const std::string& headlines,
                                     const std::string& prices) {
  std::vector<std::string> files[2];
  std::vector<std::string_view> lines[2];
  for (int stream = 0; stream < 2; ++stream) {
    auto reader = JsonlReader::Open(stream == 0 ? headlines : prices);
    EXPECT_TRUE(reader.ok()) << reader.status();
    if (!reader.ok()) return {};
    std::string_view line;
    while ((*reader)->NextLine(&line)) files[stream].emplace_back(line);
    lines[stream].assign(files[stream].begin(), files[stream].end());
  }
  std::vector<OutRecord> out;
  // The message timestamp is the availability time, as a publisher stamps it live.
  for (const ReplayLine& l : InReplayOrder(lines[0], lines[1])) {
    out.push_back(
        {l.headline ? t.headlines : t.prices, "", std::string(l.line), l.available / 1'000'000});
  }
  return out;
}

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

std::vector<std::string> SignalIds(const std::vector<Record>& records) {
  std::vector<std::string> ids;
  for (const auto& r : records) ids.push_back(JsonField(r.value, "signal_id"));
  return ids;
}

void KafkaLiveTest::SetUp() {
  auto b = KafkaBootstrap();
  ASSERT_TRUE(b.ok()) << b.status();
  bootstrap_ = *b;
  dir_ = fs::temp_directory_path() / UniqueName("tripline-kafka-test");
  fs::create_directories(dir_);
}

void KafkaLiveTest::TearDown() {
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

std::vector<Record> KafkaLiveTest::ReadSignals(const Topics& t, size_t count) {
  return ReadTopic(bootstrap_, t.signals, count, milliseconds(1500), seconds(20));
}

std::string KafkaLiveTest::WriteConfig(const Topics& t, const std::string& extra,
                                       const std::string& rules) {
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

void KafkaLiveTest::StartEngine(ChildProcess* child, const std::string& config,
                                const std::string& log) {
  ASSERT_TRUE(
      child->Start({TRIPLINE_LIVE_DRIVER, "run", "--config", config}, (dir_ / log).string()).ok());
}

bool KafkaLiveTest::WaitCommittedToEnd(const Topics& t, std::chrono::seconds timeout) {
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

void KafkaLiveTest::StopEngine(ChildProcess* child) {
  child->Signal(SIGTERM);
  auto code = child->Wait(seconds(30));
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 0) << "the engine did not stop cleanly on SIGTERM";
}

}  // namespace tripline::testing
