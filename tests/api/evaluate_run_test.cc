// app/api/evaluate_run.cc: the evaluation's replay that the CLI and the Python module share:
// one tracker over one or two packs, the statistics, the strategy and the A/B pairing.
#include "app/api/evaluate_run.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/rule_loader.h"

namespace tripline::api {
namespace {

const std::string kExample = std::string(TRIPLINE_SOURCE_DIR) + "/examples/h20-guidance/";
const std::string kPack = std::string(TRIPLINE_SOURCE_DIR) + "/rules/packs/china-ai-chips";

EvaluationInputs SampleDay(size_t packs) {
  EvaluationInputs in;
  in.headline_files = {kExample + "headlines.jsonl"};
  in.price_files = {kExample + "prices.jsonl"};
  in.pack_paths = std::vector<std::string>(packs, kPack);
  auto horizons = evaluation::ParseHorizons("5m,1h,close");
  EXPECT_TRUE(horizons.ok());
  in.horizons = *horizons;
  return in;
}

std::vector<std::shared_ptr<const CompiledRules>> Packs(size_t n) {
  auto rules = LoadRules(kPack);
  EXPECT_TRUE(rules.ok()) << rules.status();
  return std::vector<std::shared_ptr<const CompiledRules>>(n, *rules);
}

TEST(EvaluateRunTest, OnePackOnTheSampleDay) {
  auto run = RunEvaluation(SampleDay(1), Packs(1), nullptr, false);
  ASSERT_TRUE(run.ok()) << run.status();
  const evaluation::EvaluationResult& r = (*run)->result;
  EXPECT_EQ(r.tracker, (*run)->tracker.get());
  EXPECT_EQ(r.headlines, 20u);
  EXPECT_EQ(r.prices, 1023u);
  EXPECT_EQ(r.seed, 1u);
  ASSERT_EQ(r.packs.size(), 1u);
  // The backtest's two signals: the short, and the retraction of a later one (counted only).
  EXPECT_EQ(r.packs[0].overall.signals, 1u);
  EXPECT_EQ(r.packs[0].retractions, 1u);
  ASSERT_EQ((*run)->tracker->outcomes().size(), 1u);
  const evaluation::SignalOutcome& o = (*run)->tracker->outcomes()[0];
  EXPECT_EQ(o.signal_id, "ee79191f1f39b6c90736674eac0a5236");
  EXPECT_EQ(o.instrument, "NVDA");
  EXPECT_DOUBLE_EQ(o.entry_price, 177.53);
  // The pack names NVDA's benchmark; the sample day records no SOXX price: raw.
  EXPECT_EQ(o.benchmark, "SOXX");
  EXPECT_EQ(o.model, evaluation::AbnormalModel::kRaw);
  // No --pnl-horizon: the strategy exits at 1h, the first of 1h, the longest duration, close.
  ASSERT_EQ(r.strategies.size(), 1u);
  EXPECT_EQ(r.strategies[0].horizon, "1h");
  EXPECT_FALSE(r.comparison.has_value());
  EXPECT_EQ(r.headline_files, SampleDay(1).headline_files);
}

TEST(EvaluateRunTest, TheSamePackTwiceComparesEqual) {
  auto run = RunEvaluation(SampleDay(2), Packs(2), nullptr, false);
  ASSERT_TRUE(run.ok()) << run.status();
  const evaluation::EvaluationResult& r = (*run)->result;
  ASSERT_EQ(r.packs.size(), 2u);
  ASSERT_TRUE(r.comparison.has_value());
  EXPECT_TRUE(r.comparison->only_a.empty());
  EXPECT_TRUE(r.comparison->only_b.empty());
  EXPECT_TRUE(r.comparison->changed.empty());
  EXPECT_FALSE(r.comparison->worse);
  EXPECT_EQ(r.strategies.size(), 2u);
  EXPECT_EQ((*run)->tracker->outcomes().size(), 2u);
}

TEST(EvaluateRunTest, AnInputThatCannotBeOpenedIsAnError) {
  EvaluationInputs in = SampleDay(1);
  in.price_files = {::testing::TempDir() + "/evaluate_run_no_such.jsonl"};
  auto run = RunEvaluation(in, Packs(1), nullptr, false);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(run.status().message(), in.price_files[0] + ": cannot open: No such file or directory");
}

}  // namespace
}  // namespace tripline::api
