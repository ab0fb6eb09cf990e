// tripline: the command-line entry point. Each subcommand lives in its own file under
// app/cli/, parses its own flags (app/cli/flags.h) and returns the process exit code.
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "app/cli/commands.h"
#include "app/cli/flags.h"
#include "app/cli/live_config.h"

#ifndef TRIPLINE_VERSION
#define TRIPLINE_VERSION "unknown"
#endif
#ifndef TRIPLINE_GIT_COMMIT
#define TRIPLINE_GIT_COMMIT "unknown"
#endif

namespace {

using tripline::cli::Args;

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const Args&);
};

constexpr Command kCommands[] = {
    {"inspect", "decode, validate and summarise recorded streams", tripline::cli::RunInspect},
    {"backtest", "replay recorded streams through the engine", tripline::cli::RunBacktest},
    {"evaluate", "backtest and measure the signals: returns, hit rates, report",
     tripline::cli::RunEvaluate},
    {"rules", "check, test or explain a rule pack", tripline::cli::RunRules},
    {"run", "the live engine on Kafka (exactly once)", tripline::cli::RunLive},
    {"demo", "the engine on an embedded broker with the sample day", tripline::cli::RunDemo},
    {"record", "record the input topics for backtests", tripline::cli::RunRecord},
    {"route", "scale-out: republish headlines keyed by instrument", tripline::cli::RunRoute},
    {"tail", "print the committed signals of a topic as they arrive", tripline::cli::RunTail},
};

std::string Usage() {
  CLI::App app("Tripline: policy headlines and price moves in, trading signals out.", "tripline");
  app.footer(
      "Run `tripline COMMAND --help` for a command's flags. Every command also takes\n"
      "--log-level LEVEL and --log-format text|json.\n"
      "Exit codes: 0 ok, 1 runtime failure, 2 invalid rules, config or input, 64 usage error.");
  app.set_version_flag("--version", "");
  for (const Command& c : kCommands) app.add_subcommand(c.name, c.summary);
  return app.help();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tripline::cli;
  if (argc < 2) {
    std::fputs(Usage().c_str(), stderr);
    return kExitUsage;
  }
  const std::string command = argv[1];
  if (command == "help" || command == "--help" || command == "-h") {
    std::fputs(Usage().c_str(), stdout);
    return kExitOk;
  }
  if (command == "--version") {
    std::printf("tripline %s (commit %s)\n", TRIPLINE_VERSION, TRIPLINE_GIT_COMMIT);
    return kExitOk;
  }
  const Args args(argv + 2, argv + argc);
  UseInstalledLexicons();
  for (const Command& c : kCommands) {
    if (command == c.name) return c.run(args);
  }
  std::fprintf(stderr, "tripline: unknown command '%s'\n%s", command.c_str(), Usage().c_str());
  return kExitUsage;
}
