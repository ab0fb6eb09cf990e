// tripline: the command-line entry point. Each subcommand lives in its own file under
// engine/cli/ and returns the process exit code.
#include <cstdio>
#include <cstring>
#include <string>

#include "engine/cli/commands.h"

namespace {

constexpr char kUsage[] =
    "usage: tripline COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  inspect FILE... [--json]           decode, validate and summarise recorded streams\n"
    "  backtest --headlines F... --prices F... --rules PATH --out FILE [--dlq FILE]\n"
    "                                     replay recorded streams through the engine\n"
    "  rules check PATH                   validate a rule pack (exit 2 when invalid)\n"
    "  rules test PATH                    run the inline tests of every rule\n"
    "  rules explain PATH --headline TEXT which rules match a headline, and why\n"
    "  run --config FILE                  the live engine on Kafka (exactly once)\n"
    "  demo [--speed X]                   the engine on an embedded broker with the sample day\n"
    "  record --config FILE --out DIR     record the input topics for backtests\n"
    "  route --config FILE [--to TOPIC]   scale-out: republish headlines keyed by instrument\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace tripline::cli;
  if (argc < 2 || std::strcmp(argv[1], "help") == 0 || std::strcmp(argv[1], "--help") == 0) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? kExitUsage : 0;
  }
  const std::string command = argv[1];
  const Args args(argv + 2, argv + argc);
  if (command == "inspect") return RunInspect(args);
  if (command == "backtest") return RunBacktest(args);
  if (command == "rules") return RunRules(args);
  if (command == "run") return RunLive(args);
  if (command == "demo") return RunDemo(args);
  if (command == "record") return RunRecord(args);
  if (command == "route") return RunRoute(args);
  std::fprintf(stderr, "tripline: unknown command '%s'\n%s", command.c_str(), kUsage);
  return kExitUsage;
}
