// The command-line conventions every `tripline` subcommand shares, on CLI11:
// - `--help`/`-h` prints the subcommand's help (every flag it accepts) to stdout and exits 0;
//   it is never taken as a value (`rules check --help` loads no pack);
// - flags go in any position (`inspect --json FILE` and `inspect FILE --json` are the same);
//   a flag with several values takes the words up to the next flag (`--headlines a b`);
// - `--log-level` and `--log-format` are accepted by every subcommand (core/log.h);
// - exit codes (below) mean the same in every subcommand.
//
// Thread-safety: call from main's thread before anything else runs.
#ifndef TRIPLINE_APP_CLI_FLAGS_H_
#define TRIPLINE_APP_CLI_FLAGS_H_

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "absl/status/statusor.h"
#include "app/cli/commands.h"
#include "app/cli/live_config.h"

namespace tripline::cli {

// Makes `app` a subcommand parser named "tripline NAME" with the shared options, help text
// footer (exit codes) and the convention that unknown flags are errors.
void ConfigureCommand(CLI::App* app);

// Parses `args` (the words after the subcommand name) into `app`. Returns nullopt when the
// command should run, or the exit code to return now: 0 after printing help, 64 after a usage
// error (printed to stderr with a pointer to --help). Sets up logging from --log-level and
// --log-format.
std::optional<int> ParseCommandLine(CLI::App* app, const Args& args);

// The options `run`, `record` and `route` share: a config file and overrides.
struct LiveFlags {
  std::string config;
  std::vector<std::string> set;    // KEY=VALUE
  std::vector<std::string> kafka;  // PROP=VALUE
  std::string rules;
  std::string bootstrap;
};
void AddLiveOptions(CLI::App* app, LiveFlags* flags);
// The live config: the file (if any), then --set, --kafka, --rules, --bootstrap.
// InvalidArgument for a bad setting; NotFound when the file cannot be read.
absl::StatusOr<LiveConfig> LiveConfigFromFlags(const LiveFlags& flags);

// "tripline NAME: message" on stderr (a usage error's or a failure's one line).
void PrintCommandError(const std::string& name, absl::string_view message);

}  // namespace tripline::cli

#endif  // TRIPLINE_APP_CLI_FLAGS_H_
