// End-to-end tests of the `tripline` binary: inspect and backtest on the sample day and on bad
// input, run as a user would run them (a child process, exit codes, files written).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testing/files.h"

namespace {

const std::string kBinary = TRIPLINE_BINARY;
const std::string kSource = TRIPLINE_SOURCE_DIR;
const std::string kExample = kSource + "/examples/h20-guidance/";
const std::string kPack = kSource + "/rules/packs/china-ai-chips";

using Result = tripline::testing::CommandResult;
using tripline::testing::ReadFile;

Result RunTripline(const std::string& args) {
  return tripline::testing::RunCommand(kBinary + " " + args);
}

template <typename T>
int64_t JsonInt(T obj, const char* key) {
  int64_t v = -1;
  EXPECT_EQ(obj[key].get(v), simdjson::SUCCESS) << key;
  return v;
}

// `tripline inspect FILES --json`: it must exit 0 and print one JSON document, read into *doc.
::testing::AssertionResult InspectJson(const std::string& files, simdjson::dom::parser& parser,
                                       simdjson::dom::element* doc) {
  const Result r = RunTripline("inspect " + files + " --json");
  if (r.exit_code != 0) {
    return ::testing::AssertionFailure() << "exit code " << r.exit_code << ": " << r.err;
  }
  if (parser.parse(r.out).get(*doc) != simdjson::SUCCESS) {
    return ::testing::AssertionFailure() << "not JSON: " << r.out;
  }
  return ::testing::AssertionSuccess();
}

TEST(InspectCliTest, SampleDaySummaryAsJson) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_TRUE(InspectJson(kExample + "headlines.jsonl " + kExample + "prices.jsonl", parser, &doc));
  EXPECT_EQ(JsonInt(doc, "messages"), 1043);
  EXPECT_EQ(JsonInt(doc, "decoded"), 1043);
  EXPECT_EQ(JsonInt(doc, "dead_letters"), 0);
  EXPECT_EQ(JsonInt(doc, "headlines"), 20);
  EXPECT_EQ(JsonInt(doc["prices_by_symbol"], "NVDA"), 391);
  EXPECT_EQ(JsonInt(doc["prices_by_kind"], "close"), 3);
  std::string_view first;
  ASSERT_EQ(doc["first_ts"].get(first), simdjson::SUCCESS);
  EXPECT_EQ(first, "2025-08-11T07:00:00Z") << "the Shanghai close";
}

TEST(InspectCliTest, BadLinesAreCountedByCodeAndExitIsZero) {
  const std::string path = ::testing::TempDir() + "/bad.jsonl";
  std::ofstream(path) << R"({"sym":"NVDA","ts":"2025-08-12T15:00:00Z","price":183.1})"
                      << "\n"
                      << R"({"sym":"NVDA","ts":"yesterday","price":183.1})"
                      << "\n"
                      << R"({"sym":"NVDA","ts":"2025-08-12T15:00:00Z","price":"high"})"
                      << "\n"
                      << "{\"sym\":\"NVDA\",\n"
                      << R"({"id":"x","ts":1,"source":"s"})"
                      << "\n";
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_TRUE(InspectJson(path, parser, &doc));
  EXPECT_EQ(JsonInt(doc, "messages"), 5);
  EXPECT_EQ(JsonInt(doc, "decoded"), 1);
  EXPECT_EQ(JsonInt(doc, "dead_letters"), 4);
  simdjson::dom::object by_code;
  ASSERT_EQ(doc["errors_by_code"].get(by_code), simdjson::SUCCESS);
  EXPECT_EQ(JsonInt(by_code, "bad_type:price"), 1);
  EXPECT_EQ(JsonInt(by_code, "missing_field:headline"), 1);
  EXPECT_EQ(JsonInt(by_code, "not_json"), 1);
  EXPECT_EQ(JsonInt(by_code, "bad_type:ts"), 1) << "\"yesterday\" is not RFC 3339";
  // The text form names file:line of the first errors.
  const Result text = RunTripline("inspect " + path);
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find(path + ":2"), std::string::npos) << text.out;
}

TEST(InspectCliTest, UnreadableFileAndBadFlagsFail) {
  const Result missing = RunTripline("inspect /nonexistent/file.jsonl");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("/nonexistent/file.jsonl"), std::string::npos) << missing.err;
  const Result flag = RunTripline("inspect --jsn " + kExample + "prices.jsonl");
  EXPECT_EQ(flag.exit_code, 64);
  EXPECT_NE(flag.err.find("--jsn"), std::string::npos) << flag.err;
  EXPECT_EQ(RunTripline("inspect").exit_code, 64);
}

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

// `rules functions` prints the registry, the same table docs/rules.md holds.
TEST(RulesCliTest, FunctionsListsTheRegistry) {
  const Result r = RunTripline("rules functions");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const char* usage : {"| `any(LIST)` |", "| `all(LIST)` |", "| `phrase(STRING)` |",
                            "| `near(A, B[, N])` |", "| `before(A, B)` |"}) {
    EXPECT_NE(r.out.find(usage), std::string::npos) << usage << " in\n" << r.out;
  }
}

// `rules gaps` on the sample day, without labels: at 1.5% the guidance move is covered, and
// AMD's unexplained 1.7% drop is listed with the product headline that named it and each rule's
// reason; a bad threshold is a usage error.
TEST(RulesCliTest, GapsListsTheSampleDaysUncoveredMoveWithItsHeadlineAndReasons) {
  const Result r =
      RunTripline("rules gaps " + kPack + " --headlines " + kExample + "headlines.jsonl --prices " +
                  kExample + "prices.jsonl --threshold 1.5% --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS) << r.out;
  int64_t moves = 0, covered = 0;
  ASSERT_EQ(doc["moves"].get(moves), simdjson::SUCCESS);
  ASSERT_EQ(doc["covered"].get(covered), simdjson::SUCCESS);
  EXPECT_EQ(moves, 2);
  EXPECT_EQ(covered, 1);
  simdjson::dom::array missed, headlines, reasons;
  ASSERT_EQ(doc["missed"].get(missed), simdjson::SUCCESS);
  ASSERT_EQ(missed.size(), 1u) << r.out;
  simdjson::dom::element miss = missed.at(0).value_unsafe();
  std::string_view instrument, id;
  double abnormal = 0;
  ASSERT_EQ(miss["instrument"].get(instrument), simdjson::SUCCESS);
  ASSERT_EQ(miss["abnormal_move"].get(abnormal), simdjson::SUCCESS);
  EXPECT_EQ(instrument, "AMD");
  EXPECT_LT(abnormal, -0.015);
  ASSERT_EQ(miss["headlines"].get(headlines), simdjson::SUCCESS);
  ASSERT_EQ(headlines.size(), 1u);
  ASSERT_EQ(headlines.at(0)["id"].get(id), simdjson::SUCCESS);
  EXPECT_EQ(id, "n-006");
  ASSERT_EQ(headlines.at(0)["reasons"].get(reasons), simdjson::SUCCESS);
  EXPECT_GT(reasons.size(), 3u);
  EXPECT_NE(r.out.find("cn_guidance_against_us_ai_chips: headline condition false"),
            std::string::npos);
  const Result text =
      RunTripline("rules gaps " + kPack + " --headlines " + kExample + "headlines.jsonl --prices " +
                  kExample + "prices.jsonl --threshold 1.5%");
  EXPECT_NE(text.out.find("2 abnormal moves of tracked instruments (>= 1.50% beyond the "
                          "benchmark within 1h), 1 covered by a signal, 1 missed"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("(SOXX: no prices)"), std::string::npos) << text.out;
  EXPECT_EQ(RunTripline("rules gaps " + kPack + " --headlines " + kExample +
                        "headlines.jsonl --prices " + kExample + "prices.jsonl --threshold x")
                .exit_code,
            64);
}

// The conventions every subcommand shares (app/cli/flags.h, docs/operations.md).
TEST(CliConventionsTest, HelpOnEverySubcommandExitsZeroAndListsItsFlags) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> commands = {
      {"inspect", {"--json", "--errors"}},
      {"backtest", {"--headlines", "--prices", "--rules", "--out", "--dlq", "--quiet"}},
      {"rules", {"check", "test", "explain", "eval", "gaps", "functions"}},
      {"rules gaps", {"--headlines", "--prices", "--threshold", "--window", "--named-only"}},
      {"rules check", {"PATH"}},
      {"rules test", {"PATH"}},
      {"rules explain", {"--headline", "--source", "--move"}},
      {"run", {"--config", "--set", "--kafka", "--rules", "--bootstrap"}},
      {"demo", {"--speed", "--duration", "--linger", "--rules", "--admin"}},
      {"record", {"--config", "--set", "--kafka", "--out", "--max-messages", "--idle-exit"}},
      {"route", {"--config", "--set", "--kafka", "--to"}},
  };
  for (const auto& [command, flags] : commands) {
    for (const char* help : {"--help", "-h"}) {
      const Result r = RunTripline(command + " " + help);
      EXPECT_EQ(r.exit_code, 0) << command << " " << help << ": " << r.err;
      for (const std::string& flag : flags) {
        EXPECT_NE(r.out.find(flag), std::string::npos) << command << " help lacks " << flag;
      }
      EXPECT_NE(r.out.find("--log-level"), std::string::npos) << command;
      EXPECT_NE(r.out.find("64 usage"), std::string::npos) << command << ": exit codes";
    }
  }
  const Result top = RunTripline("--help");
  EXPECT_EQ(top.exit_code, 0);
  for (const char* c : {"inspect", "backtest", "rules", "run", "demo", "record", "route"}) {
    EXPECT_NE(top.out.find(c), std::string::npos) << c;
  }
  EXPECT_EQ(RunTripline("").exit_code, 64);
  EXPECT_EQ(RunTripline("frobnicate").exit_code, 64);
}

TEST(CliConventionsTest, RulesCheckHelpLoadsNoPack) {
  const Result r = RunTripline("rules check --help");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("invalid rule pack"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find("invalid rule pack"), std::string::npos) << r.err;
  EXPECT_EQ(RunTripline("rules check").exit_code, 64) << "PATH is required";
  EXPECT_EQ(RunTripline("rules").exit_code, 64) << "a subcommand is required";
  EXPECT_EQ(RunTripline("rules explain " + kPack).exit_code, 64) << "--headline is required";
  EXPECT_EQ(RunTripline("rules explain " + kPack + " --headline x --move lots").exit_code, 64);
}

TEST(CliConventionsTest, VersionPrintsVersionAndCommit) {
  const Result r = RunTripline("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("tripline ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("commit "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("commit unknown"), std::string::npos)
      << "the build is in a git checkout: " << r.out;
}

TEST(CliConventionsTest, FlagsGoInAnyPosition) {
  const std::string file = kExample + "prices.jsonl";
  const Result before = RunTripline("inspect --json " + file);
  const Result after = RunTripline("inspect " + file + " --json");
  ASSERT_EQ(before.exit_code, 0) << before.err;
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(before.out, after.out);
  EXPECT_EQ(before.out.front(), '{');
  const Result errors = RunTripline("inspect --errors 1 " + file + " --json");
  EXPECT_EQ(errors.exit_code, 0) << errors.err;
  EXPECT_EQ(RunTripline("inspect --errors many " + file).exit_code, 64);
  const Result check = RunTripline("rules check --log-level warn " + kPack);
  EXPECT_EQ(check.exit_code, 0) << check.err;
}

TEST(CliConventionsTest, ExitCodesMeanTheSameEverywhere) {
  const std::string bad = ::testing::TempDir() + "/conventions-bad-pack.yaml";
  std::ofstream(bad) << "rules:\n  - id: [oops\n";
  EXPECT_EQ(RunTripline("rules check " + bad).exit_code, 2);
  EXPECT_EQ(RunTripline("rules test " + bad).exit_code, 2);
  EXPECT_EQ(RunTripline("rules explain " + bad + " --headline x").exit_code, 2);
  // An invalid config is invalid input (2); a missing config file a runtime failure (1).
  const std::string conf = ::testing::TempDir() + "/conventions-bad.conf";
  std::ofstream(conf) << "no.such.key = 1\n";
  EXPECT_EQ(RunTripline("run --config " + conf).exit_code, 2);
  EXPECT_EQ(RunTripline("route --config " + conf).exit_code, 2);
  EXPECT_EQ(RunTripline("record --out /tmp/x --config " + conf).exit_code, 2);
  EXPECT_EQ(RunTripline("run --config /no/such.conf").exit_code, 1);
  EXPECT_EQ(RunTripline("run --set delivery=maybe").exit_code, 2);
  EXPECT_EQ(RunTripline("run --set delivery").exit_code, 64) << "KEY=VALUE expected";
  EXPECT_EQ(RunTripline("run --nonsense").exit_code, 64);
  EXPECT_EQ(RunTripline("run --log-level loud").exit_code, 64);
  EXPECT_EQ(RunTripline("run --log-format xml").exit_code, 64);
}

// The demo's defaults (rule pack, sample day) come from Tripline's data, not the working
// directory.
TEST(CliConventionsTest, DemoRunsFromAnyWorkingDirectory) {
  // Both streams in one, as a user at a terminal reads them, from a directory without data.
  const Result r = tripline::testing::RunCommand("(cd " + ::testing::TempDir() + " && " + kBinary +
                                                 " demo --duration 1 --log-level warn 2>&1)");
  ASSERT_NE(r.exit_code, -1) << "the demo did not exit normally";
  EXPECT_EQ(r.exit_code, 0) << r.out;
  // The guidance signal and the denial's retraction of it.
  EXPECT_NE(r.out.find("1043 messages in (1043 decoded, 0 dead letters), 2 signals out"),
            std::string::npos)
      << r.out;
}

}  // namespace

namespace {

// The README's worked example of the rule language must stay a valid pack whose inline tests
// pass, so that the first rule an ops engineer copies works.
TEST(ReadmeTest, RuleLanguageExampleIsAValidPackAndItsTestsPass) {
  const std::string readme = ReadFile(kSource + "/README.md");
  const size_t start = readme.find("```yaml\n");
  ASSERT_NE(start, std::string::npos) << "README lost its rule example";
  const size_t end = readme.find("```", start + 8);
  ASSERT_NE(end, std::string::npos);
  const std::string pack = ::testing::TempDir() + "/readme_pack.yaml";
  std::ofstream(pack) << readme.substr(start + 8, end - start - 8);
  const Result check = RunTripline("rules check " + pack);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  const Result test = RunTripline("rules test " + pack);
  EXPECT_EQ(test.exit_code, 0) << test.out << test.err;
  EXPECT_NE(test.out.find("0 failed"), std::string::npos) << test.out;
}

}  // namespace
