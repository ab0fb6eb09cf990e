#include "tests/testing/files.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tripline::testing {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string FreshTempDir(const std::string& prefix, const std::string& name) {
  const std::string dir =
      ::testing::TempDir() + "/" + prefix + "." + std::to_string(getpid()) + "." + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

CommandResult RunCommand(const std::string& command) {
  static int calls = 0;
  const std::string err_path = ::testing::TempDir() + "/command_stderr." +
                               std::to_string(getpid()) + "." + std::to_string(++calls) + ".txt";
  CommandResult r;
  FILE* p = popen((command + " 2>" + err_path).c_str(), "r");
  EXPECT_NE(p, nullptr) << command;
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = ReadFile(err_path);
  std::filesystem::remove(err_path);
  return r;
}

}  // namespace tripline::testing
