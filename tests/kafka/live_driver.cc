// The live commands as a small program of their own, so the integration tests can run the
// engine as a child process (and stop it with SIGTERM) independently of the main binary.
#include <cstdio>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/live_config.h"

int main(int argc, char** argv) {
  using namespace tripline::cli;
  if (argc < 2) {
    std::fprintf(stderr, "usage: live_driver run|record|demo|route ARGS...\n");
    return kExitUsage;
  }
  const std::string command = argv[1];
  const Args args(argv + 2, argv + argc);
  UseInstalledLexicons();
  if (command == "run") return RunLive(args);
  if (command == "record") return RunRecord(args);
  if (command == "demo") return RunDemo(args);
  if (command == "route") return RunRoute(args);
  std::fprintf(stderr, "live_driver: unknown command '%s'\n", command.c_str());
  return kExitUsage;
}
