// The command-line conventions every subcommand shares (app/cli/flags.cc): help, version, flag
// positions, exit codes; run through the `tripline` binary.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/cli/tripline_cli.h"
#include "tests/testing/files.h"

namespace tripline::testing::cli {
namespace {

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

}  // namespace
}  // namespace tripline::testing::cli
