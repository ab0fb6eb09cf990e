// End-to-end tests of `tripline evaluate`: outputs on the sample day, flag errors with their
// exit codes, and the A/B gate (--fail-if-worse) on the default pack's labelled dev set.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/testing/files.h"

namespace {

namespace fs = std::filesystem;

const std::string kBinary = TRIPLINE_BINARY;
const std::string kSource = TRIPLINE_SOURCE_DIR;
const std::string kExample = kSource + "/examples/h20-guidance/";
const std::string kPack = kSource + "/rules/packs/china-ai-chips";
const std::string kDev = kPack + "/eval/dev/";

using Result = tripline::testing::CommandResult;
using tripline::testing::ReadFile;

std::string TempDir(const std::string& name) {
  return tripline::testing::FreshTempDir("evaluate_cli", name);
}

Result RunEvaluate(const std::string& args) {
  return tripline::testing::RunCommand(kBinary + " evaluate " + args);
}

std::string SampleDay() {
  return "--headlines " + kExample + "headlines.jsonl --prices " + kExample + "prices.jsonl";
}

std::string DevSet() {
  return "--headlines " + kDev + "headlines.jsonl --prices " + kDev + "prices.jsonl";
}

TEST(EvaluateCliTest, SampleDayWritesCsvSummaryAndReport) {
  const std::string dir = TempDir("sample");
  const Result r = RunEvaluate(SampleDay() + " --rules " + kPack + " --out-dir " + dir + "/out");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = ReadFile(dir + "/out/signals.csv");
  EXPECT_EQ(csv.rfind("pack,signal_id,rule,instrument,direction,", 0), 0u) << csv;
  EXPECT_NE(csv.find("\nA,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",cn_guidance_against_us_ai_chips,NVDA,short,"), std::string::npos) << csv;
  const std::string summary = ReadFile(dir + "/out/summary.json");
  EXPECT_NE(summary.find("\"seed\": 1,"), std::string::npos);
  EXPECT_NE(summary.find("\"horizons\": [\"1m\", \"5m\", \"15m\", \"1h\", \"4h\", \"close\", "
                         "\"next_close\"]"),
            std::string::npos)
      << summary;
  // Abnormal returns per horizon; the sample day records no benchmark: raw returns, said so.
  EXPECT_NE(summary.find("\"abnormal_mean_bp\": "), std::string::npos) << summary;
  EXPECT_NE(summary.find("\"t_stat\": "), std::string::npos) << summary;
  EXPECT_NE(summary.find("\"p_value\": "), std::string::npos) << summary;
  EXPECT_NE(csv.find(",SOXX,raw,,"), std::string::npos) << csv;
  const std::string html = ReadFile(dir + "/out/report.html");
  EXPECT_NE(html.find("<table id=\"summary\">"), std::string::npos);
  EXPECT_NE(html.find("<svg id=\"event-study-chart\""), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  // Progress goes to a terminal only: stderr here is a file.
  EXPECT_EQ(r.err.find("events/s  ETA"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("wrote "), std::string::npos) << r.err;
}

TEST(EvaluateCliTest, CorpusAbnormalReturnsAgainstTheBenchmarks) {
  // The corpus records the benchmarks (SOXX, 000688.SS, HSTECH.HK); its sessions start 20
  // minutes before each headline, too few for a market model: benchmark-adjusted.
  const std::string dir = TempDir("corpus");
  const std::string corpus = kPack + "/eval/corpus/";
  const Result r = RunEvaluate("--headlines " + corpus + "headlines.jsonl --prices " + corpus +
                               "prices.jsonl.zst --rules " + kPack + " --quiet --out-dir " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string csv = ReadFile(dir + "/signals.csv");
  EXPECT_NE(csv.find(",NVDA,short,"), std::string::npos);
  EXPECT_NE(csv.find(",SOXX,benchmark_adjusted,1.0000,"), std::string::npos) << csv.substr(0, 2000);
  const std::string summary = ReadFile(dir + "/summary.json");
  EXPECT_NE(summary.find("\"models\": {\"market_model\": 0, \"benchmark_adjusted\": "),
            std::string::npos);
  EXPECT_EQ(summary.find("\"benchmark_adjusted\": 0, \"raw\": 0}"), std::string::npos);
}

TEST(EvaluateCliTest, CostsGiveNetReturnsAndTheStrategysEquityCurve) {
  const std::string dir = TempDir("costs");
  const Result r =
      RunEvaluate(DevSet() + " --rules " + kPack +
                  " --quiet --cost-bp 5,688256.SS=15 --pnl-horizon close --out-dir " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string summary = ReadFile(dir + "/summary.json");
  EXPECT_NE(summary.find("\"cost_bp_per_side\": {\"default\": 5, \"688256.SS\": 15}"),
            std::string::npos)
      << summary.substr(0, 1500);
  EXPECT_NE(summary.find("\"strategy\": {\"exit_horizon\": \"close\", \"trades\": "),
            std::string::npos);
  EXPECT_NE(summary.find("\"net_mean_bp\": "), std::string::npos);
  const std::string html = ReadFile(dir + "/report.html");
  EXPECT_NE(html.find("<svg id=\"equity-chart\""), std::string::npos);
  EXPECT_NE(html.find("max drawdown (net), bp"), std::string::npos);
  // Bad costs and a horizon the strategy cannot exit at are usage errors.
  EXPECT_EQ(RunEvaluate(SampleDay() + " --rules " + kPack + " --cost-bp cheap --out-dir " + dir)
                .exit_code,
            64);
  const Result next =
      RunEvaluate(SampleDay() + " --rules " + kPack + " --pnl-horizon next_close --out-dir " + dir);
  EXPECT_EQ(next.exit_code, 64);
  EXPECT_NE(next.err.find("--pnl-horizon: 'next_close'"), std::string::npos) << next.err;
}

TEST(EvaluateCliTest, ThePacksCostBpFillsTheInstrumentsTheFlagDoesNotName) {
  // A one-file pack: Nvidia costs 7 bp a side; the sample day's guidance headline names it.
  const std::string dir = TempDir("pack-cost");
  const std::string pack = dir + "/pack.yaml";
  std::ofstream(pack) << R"(entities:
  nvidia: {instruments: [NVDA], names: [Nvidia], cost_bp: 7}
rules:
  - id: names_nvidia
    headline: mentions(any)
    emit: {instrument: mentioned, direction: short}
)";
  const Result r = RunEvaluate(SampleDay() + " --rules " + pack +
                               " --quiet --horizons 5m --cost-bp 3 --out-dir " + dir + "/a");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string summary = ReadFile(dir + "/a/summary.json");
  EXPECT_NE(summary.find("\"cost_bp_per_side\": {\"default\": 3, \"NVDA\": 7}"), std::string::npos)
      << summary.substr(0, 1500);
  const std::string csv = ReadFile(dir + "/a/signals.csv");
  ASSERT_NE(csv.find(",NVDA,short,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",7.00,"), std::string::npos) << csv;  // entry_cost_bp
  // --cost-bp's own exception wins over the pack's.
  ASSERT_EQ(RunEvaluate(SampleDay() + " --rules " + pack +
                        " --quiet --horizons 5m --cost-bp 3,NVDA=2 --out-dir " + dir + "/b")
                .exit_code,
            0);
  EXPECT_NE(
      ReadFile(dir + "/b/summary.json").find("\"cost_bp_per_side\": {\"default\": 3, \"NVDA\": 2}"),
      std::string::npos);
  EXPECT_NE(ReadFile(dir + "/b/signals.csv").find(",2.00,"), std::string::npos);
}

TEST(EvaluateCliTest, SameInputSameSeedSameFiles) {
  const std::string dir = TempDir("repeat");
  const std::string base = DevSet() + " --rules " + kPack + " --quiet --seed 7 --out-dir " + dir;
  ASSERT_EQ(RunEvaluate(base + "/a").exit_code, 0);
  ASSERT_EQ(RunEvaluate(base + "/b").exit_code, 0);
  for (const char* f : {"/signals.csv", "/summary.json"}) {
    EXPECT_EQ(ReadFile(dir + "/a" + f), ReadFile(dir + "/b" + f)) << f;
  }
  EXPECT_NE(ReadFile(dir + "/a/summary.json").find("\"seed\": 7,"), std::string::npos);
}

TEST(EvaluateCliTest, BadHorizonsIsAUsageError) {
  const std::string dir = TempDir("horizons");
  const Result r = RunEvaluate(SampleDay() + " --rules " + kPack + " --out-dir " + dir +
                               "/out --horizons 5m,soon");
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("tripline evaluate: --horizons: 'soon' is neither a positive duration"),
            std::string::npos)
      << r.err;
}

TEST(EvaluateCliTest, FailIfWorseNeedsBaselineRules) {
  const std::string dir = TempDir("needs");
  const Result r =
      RunEvaluate(SampleDay() + " --rules " + kPack + " --out-dir " + dir + "/out --fail-if-worse");
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("--fail-if-worse needs --baseline-rules"), std::string::npos) << r.err;
}

TEST(EvaluateCliTest, InvalidPackExitsTwoNamingThePlace) {
  const std::string dir = TempDir("invalid");
  std::ofstream(dir + "/bad.yaml") << "rules:\n  - id: x\n    when: any(\n";
  const Result r =
      RunEvaluate(SampleDay() + " --rules " + dir + "/bad.yaml --out-dir " + dir + "/out");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("bad.yaml:"), std::string::npos) << r.err;
}

TEST(EvaluateCliTest, MissingInputExitsOne) {
  const std::string dir = TempDir("missing");
  const Result r = RunEvaluate("--prices " + dir + "/nope.jsonl --rules " + kPack + " --out-dir " +
                               dir + "/out");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("nope.jsonl: cannot open"), std::string::npos) << r.err;
}

// The default pack with every short turned long: on the dev set its hit rate collapses.
std::string FlippedPack(const std::string& dir) {
  const std::string pack = dir + "/flipped";
  fs::create_directories(pack);
  for (const char* f : {"entities.yaml", "lists.yaml"}) {
    fs::copy_file(kPack + "/" + f, pack + "/" + f);
  }
  // The lexicons the pack imports, where the import looks first: beside the pack's directory.
  fs::copy(std::string(TRIPLINE_SOURCE_DIR) + "/rules/lexicons", dir + "/lexicons",
           fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  std::string rules = ReadFile(kPack + "/rules.yaml");
  for (size_t at; (at = rules.find("direction: short")) != std::string::npos;) {
    rules.replace(at, 16, "direction: long");
  }
  std::ofstream(pack + "/rules.yaml") << rules;
  return pack;
}

TEST(EvaluateCliTest, FailIfWorseGatesACandidateWithALowerHitRate) {
  const std::string dir = TempDir("gate");
  const std::string flipped = FlippedPack(dir);
  const Result worse =
      RunEvaluate(DevSet() + " --rules " + flipped + " --baseline-rules " + kPack +
                  " --fail-if-worse --horizons 15m,1h,close --out-dir " + dir + "/worse");
  EXPECT_EQ(worse.exit_code, 1) << worse.err;
  EXPECT_NE(worse.err.find("--fail-if-worse: A's hit rate at 15m is 28.8%, B's 83.5%"),
            std::string::npos)
      << worse.err;
  const std::string summary = ReadFile(dir + "/worse/summary.json");
  EXPECT_NE(summary.find("\"comparison\": {\"worse\": true"), std::string::npos) << summary;
  const std::string html = ReadFile(dir + "/worse/report.html");
  EXPECT_NE(html.find("<table id=\"hit-rate-change\">"), std::string::npos);

  const Result better =
      RunEvaluate(DevSet() + " --rules " + kPack + " --baseline-rules " + flipped +
                  " --fail-if-worse --horizons 15m,1h,close --out-dir " + dir + "/better");
  EXPECT_EQ(better.exit_code, 0) << better.err;
  // Same rules, other directions: every signal pairs up as changed, none only in A or B.
  EXPECT_NE(better.err.find("0 only in A, 0 only in B,"), std::string::npos) << better.err;
}

}  // namespace
