// Small helpers every kind of test needs: reading a file back whole, a fresh scratch directory,
// running a command as a user would and keeping what it printed.
//
// Thread-safety: free functions; RunCommand's output files are unique per call and process.
#ifndef TRIPLINE_TESTS_TESTING_FILES_H_
#define TRIPLINE_TESTS_TESTING_FILES_H_

#include <string>

namespace tripline::testing {

// The whole of the file at `path`, byte for byte; "" when it cannot be read.
std::string ReadFile(const std::string& path);

// An empty directory `<test temp dir>/<prefix>.<pid>.<name>`, emptied first if it exists: ctest
// runs tests as parallel processes, so the pid keeps their directories apart.
std::string FreshTempDir(const std::string& prefix, const std::string& name);

struct CommandResult {
  int exit_code = -1;  // -1 when the command did not exit normally
  std::string out;     // stdout
  std::string err;     // stderr
};

// Runs `command` through the shell, with its stdout and stderr captured.
CommandResult RunCommand(const std::string& command);

}  // namespace tripline::testing

#endif  // TRIPLINE_TESTS_TESTING_FILES_H_
