// `tripline backtest` end to end (app/cli/backtest_command.cc): the sample day's signals,
// determinism, dead letters, exit codes.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <sstream>
#include <string>

#include "tests/cli/tripline_cli.h"
#include "tests/testing/files.h"

namespace tripline::testing::cli {
namespace {

std::string Backtest(const std::string& out, int* exit_code, std::string* err = nullptr) {
  const Result r = RunTripline("backtest --headlines " + kExample + "headlines.jsonl --prices " +
                               kExample + "prices.jsonl --rules " + kPack + " --out " + out);
  *exit_code = r.exit_code;
  if (err != nullptr) *err = r.err;
  return ReadFile(out);
}

// The sample day: one guidance signal from the story's headlines; the noise fires nothing, and
// Global Times' denial an hour later (n-009) withdraws the signal with a retraction naming it.
TEST(BacktestCliTest, SampleDayEmitsTheGuidanceSignalAndNothingFromNoise) {
  int code;
  std::string err;
  const std::string signals = Backtest(::testing::TempDir() + "/sample.signals.jsonl", &code, &err);
  ASSERT_EQ(code, 0) << err;
  std::istringstream lines(signals);
  std::string line;
  int guidance_nvda_short = 0;
  int retractions = 0;
  std::string guidance_id;
  simdjson::dom::parser parser;
  while (std::getline(lines, line)) {
    simdjson::dom::element sig;
    ASSERT_EQ(parser.parse(line).get(sig), simdjson::SUCCESS) << line;
    std::string_view rule, instrument, direction;
    double score = -1;
    ASSERT_EQ(sig["rule"].get(rule), simdjson::SUCCESS);
    ASSERT_EQ(sig["instrument"].get(instrument), simdjson::SUCCESS);
    ASSERT_EQ(sig["direction"].get(direction), simdjson::SUCCESS);
    ASSERT_EQ(sig["score"].get(score), simdjson::SUCCESS);
    simdjson::dom::array headlines;
    ASSERT_EQ(sig["evidence"]["headlines"].get(headlines), simdjson::SUCCESS) << line;
    std::string_view retracts;
    if (sig["retracts"].get(retracts) == simdjson::SUCCESS) {
      ++retractions;
      EXPECT_EQ(retracts, guidance_id) << "the retraction names the guidance signal: " << line;
      std::string_view id;
      ASSERT_EQ(headlines.at(0)["id"].get(id), simdjson::SUCCESS);
      EXPECT_EQ(id, "n-009") << "only the denial withdraws: " << line;
      continue;
    }
    for (auto h : headlines) {
      std::string_view id;
      ASSERT_EQ(h["id"].get(id), simdjson::SUCCESS);
      EXPECT_EQ(id.substr(0, 2), "s-") << "a noise headline produced a signal: " << line;
    }
    if (rule.find("guidance") != std::string_view::npos && instrument == "NVDA" &&
        direction == "short") {
      ++guidance_nvda_short;
      EXPECT_GE(score, 0.7) << line;
      std::string_view id;
      ASSERT_EQ(sig["signal_id"].get(id), simdjson::SUCCESS);
      guidance_id = std::string(id);
    }
  }
  EXPECT_EQ(guidance_nvda_short, 1) << signals;
  EXPECT_EQ(retractions, 1) << signals;
  EXPECT_NE(err.find("signals"), std::string::npos) << "summary printed: " << err;
}

TEST(BacktestCliTest, TwoRunsAreByteIdentical) {
  int code1, code2;
  const std::string a = Backtest(::testing::TempDir() + "/run1.jsonl", &code1);
  const std::string b = Backtest(::testing::TempDir() + "/run2.jsonl", &code2);
  ASSERT_EQ(code1, 0);
  ASSERT_EQ(code2, 0);
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, b);
}

TEST(BacktestCliTest, BadInputsAreDeadLetteredAndCounted) {
  const std::string dir = ::testing::TempDir();
  const std::string prices = dir + "/prices-with-bad.jsonl";
  {
    std::ofstream out(prices);
    out << ReadFile(kExample + "prices.jsonl");
    out << R"({"sym":"NVDA","ts":"2025-08-12T21:00:00Z","price":0})"
        << "\n";
    out << "garbage\n";
  }
  const Result r = RunTripline("backtest --headlines " + kExample + "headlines.jsonl --prices " +
                               prices + " --rules " + kPack + " --out " + dir +
                               "/bad.jsonl --dlq " + dir + "/bad.dlq.jsonl");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string dlq = ReadFile(dir + "/bad.dlq.jsonl");
  EXPECT_NE(dlq.find("out_of_range:price"), std::string::npos) << dlq;
  EXPECT_NE(dlq.find("not_json"), std::string::npos) << dlq;
  EXPECT_NE(dlq.find(prices + ":1025"), std::string::npos) << dlq;
  EXPECT_NE(r.err.find("1045 = 1043 decoded"), std::string::npos) << r.err;
}

TEST(BacktestCliTest, InvalidRulesExitTwoAndMissingFlagsExit64) {
  const std::string bad = ::testing::TempDir() + "/bad-pack.yaml";
  std::ofstream(bad) << "rules:\n  - id: [oops\n";
  const Result r = RunTripline("backtest --prices " + kExample + "prices.jsonl --rules " + bad +
                               " --out " + ::testing::TempDir() + "/x.jsonl");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("bad-pack.yaml:"), std::string::npos) << r.err;
  EXPECT_EQ(RunTripline("backtest --prices " + kExample + "prices.jsonl").exit_code, 64);
  EXPECT_EQ(RunTripline("backtest --bogus").exit_code, 64);
  const Result missing = RunTripline("backtest --prices /no/such.jsonl --rules " + kPack +
                                     " --out " + ::testing::TempDir() + "/y.jsonl");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("/no/such.jsonl"), std::string::npos);
}

}  // namespace
}  // namespace tripline::testing::cli
