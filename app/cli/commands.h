// The `tripline` subcommands. Each takes its own arguments (after the subcommand name) and
// returns the process exit code, one of the four below (app/cli/flags.h has the shared
// command-line conventions).
#ifndef TRIPLINE_APP_CLI_COMMANDS_H_
#define TRIPLINE_APP_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace tripline::cli {

using Args = std::vector<std::string>;

// Exit codes, the same in every subcommand (docs/operations.md, "Exit codes").
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // a runtime failure: I/O, Kafka, failed inline tests
inline constexpr int kExitInvalid = 2;  // invalid rules, config or input
inline constexpr int kExitUsage = 64;   // bad flags or arguments (sysexits' EX_USAGE)

int RunInspect(const Args& args);
int RunBacktest(const Args& args);
// Backtest plus forward returns, baseline, event study, report; A/B of two packs
// (app/cli/evaluate_command.cc).
int RunEvaluate(const Args& args);
// `tripline rules check|test|explain ...` (app/cli/rules_command.cc).
int RunRules(const Args& args);
// The live engine on Kafka (app/cli/run_command.cc, demo_command.cc, record_command.cc).
int RunLive(const Args& args);
int RunDemo(const Args& args);
int RunRecord(const Args& args);
// The scale-out topology's first stage (app/cli/route_command.cc).
int RunRoute(const Args& args);
// A desk's view of the signals topic, read_committed (app/cli/tail_command.cc).
int RunTail(const Args& args);

}  // namespace tripline::cli

#endif  // TRIPLINE_APP_CLI_COMMANDS_H_
