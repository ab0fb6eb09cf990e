// `tripline record` (app/cli/record_command.cc) against a real Kafka broker: a recording
// backtests to the signals the live engine emitted, and a recorder killed and restarted
// records every message exactly once, in order.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/io/jsonl_lines.h"
#include "tests/kafka/kafka_live_fixture.h"

namespace tripline::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;

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
    for (const std::string& line : ReadLines(segments)) got.push_back(Unstamped(line));
    EXPECT_EQ(got.size(), want.size()) << input;
    EXPECT_TRUE(got == want) << input << ": not every message exactly once, in order";
  }
  EXPECT_THAT(BacktestSignalIds(Segments(out, "headlines"), Segments(out, "prices")),
              ::testing::UnorderedElementsAreArray(BacktestSignalIds(kHeadlines, kPrices)));
}

}  // namespace
}  // namespace tripline::testing
