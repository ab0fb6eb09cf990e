// app/api/backtest_run.cc: the backtest's replay that the CLI and the Python module share: the
// sample day's signals and counts, bad lines dead-lettered and counted, the open error.
#include "app/api/backtest_run.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "core/dead_letter_tally.h"
#include "rules/rule_loader.h"
#include "tests/testing/files.h"

namespace tripline::api {
namespace {

const std::string kExample = std::string(TRIPLINE_SOURCE_DIR) + "/examples/h20-guidance/";
const std::string kPack = std::string(TRIPLINE_SOURCE_DIR) + "/rules/packs/china-ai-chips";

class CollectSignals final : public SignalSink {
 public:
  void Emit(const Signal& s) override { ids.push_back(s.signal_id); }
  std::vector<std::string> ids;
};

std::shared_ptr<const CompiledRules> DefaultPack() {
  auto rules = LoadRules(kPack);
  EXPECT_TRUE(rules.ok()) << rules.status();
  return rules.ok() ? *rules : nullptr;
}

TEST(BacktestRunTest, SampleDayGivesTheTwoGuidanceSignalsAndCountsEveryMessage) {
  CollectSignals signals;
  DeadLetterTally dead_letters(nullptr, 0);
  auto run = ReplayBacktest({kExample + "headlines.jsonl"}, {kExample + "prices.jsonl"},
                            DefaultPack(), &signals, &dead_letters, false);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_TRUE(run->read_status.ok()) << run->read_status;
  EXPECT_EQ(run->messages, 1043u);
  EXPECT_EQ(run->stats.headlines, 20u);
  EXPECT_EQ(run->stats.prices, 1023u);
  EXPECT_EQ(run->stats.signals, 2u);
  EXPECT_EQ(run->stats.signals_by_rule,
            (std::map<std::string, uint64_t>{{"cn_guidance_against_us_ai_chips", 2}}));
  // The same ids `tripline backtest` writes for the sample day (a signal id hashes its rule
  // file, so an edit of the pack changes them).
  EXPECT_EQ(signals.ids, (std::vector<std::string>{"ee79191f1f39b6c90736674eac0a5236",
                                                   "9bea2c3f9d536147abb500355449669c"}));
  EXPECT_EQ(dead_letters.total(), 0u);
}

TEST(BacktestRunTest, BadLinesAreDeadLetteredAndCountedAsMessages) {
  const std::string dir = testing::FreshTempDir("backtest_run", "bad");
  std::ofstream(dir + "/prices.jsonl") << R"({"sym":"NVDA","ts":"2025-08-12T15:00:00Z","price":1})"
                                       << "\nnot json\n";
  CollectSignals signals;
  DeadLetterTally dead_letters(nullptr, 0);
  auto run =
      ReplayBacktest({}, {dir + "/prices.jsonl"}, DefaultPack(), &signals, &dead_letters, false);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->messages, 2u);
  EXPECT_EQ(run->stats.prices, 1u);
  EXPECT_EQ(dead_letters.total(), 1u);
  EXPECT_TRUE(signals.ids.empty());
}

TEST(BacktestRunTest, AnInputThatCannotBeOpenedReplaysNothing) {
  CollectSignals signals;
  const std::string missing = ::testing::TempDir() + "/backtest_run_no_such.jsonl";
  auto run = ReplayBacktest({kExample + "headlines.jsonl"}, {missing}, DefaultPack(), &signals,
                            nullptr, false);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(run.status().message(), missing + ": cannot open: No such file or directory");
  EXPECT_TRUE(signals.ids.empty());
}

}  // namespace
}  // namespace tripline::api
