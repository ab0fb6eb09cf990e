// `tripline route` as a program of its own for the fault tests, until the main binary
// dispatches it.
#include "engine/cli/commands.h"

namespace tripline::cli {
int RunRoute(const Args& args);
}  // namespace tripline::cli

int main(int argc, char** argv) {
  return tripline::cli::RunRoute(tripline::cli::Args(argv + 1, argv + argc));
}
