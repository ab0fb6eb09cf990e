// What the end-to-end tests of the `tripline` binary share: where the binary and the sample
// data are, and running the binary as a user would (a child process, its exit code and output).
//
// Needs TRIPLINE_BINARY and TRIPLINE_SOURCE_DIR defined by the test's CMake target.
#ifndef TRIPLINE_TESTS_CLI_TRIPLINE_CLI_H_
#define TRIPLINE_TESTS_CLI_TRIPLINE_CLI_H_

#include <string>

#include "tests/testing/files.h"

namespace tripline::testing::cli {

using Result = CommandResult;

inline const std::string kBinary = TRIPLINE_BINARY;
inline const std::string kSource = TRIPLINE_SOURCE_DIR;
// The sample day (its files are appended to this prefix) and the default rule pack.
inline const std::string kExample = kSource + "/examples/h20-guidance/";
inline const std::string kPack = kSource + "/rules/packs/china-ai-chips";

// `tripline ARGS` through the shell.
inline CommandResult RunTripline(const std::string& args) {
  return RunCommand(kBinary + " " + args);
}

}  // namespace tripline::testing::cli

#endif  // TRIPLINE_TESTS_CLI_TRIPLINE_CLI_H_
