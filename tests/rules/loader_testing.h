// What the tests of the staged loader (reader -> collector -> compiler) share: a pack written to
// files, the diagnostics of loading one file, and a small valid pack to edit.
#ifndef TRIPLINE_TESTS_RULES_LOADER_TESTING_H_
#define TRIPLINE_TESTS_RULES_LOADER_TESTING_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "rules/rule_loader.h"

namespace tripline::testing {

inline  // A pack made of files, written under a fresh directory of the test's temporary directory.
    std::string
    WritePack(const std::string& name, const std::map<std::string, std::string>& files) {
  const std::string dir = ::testing::TempDir() + "/stages_" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const auto& [file, text] : files) std::ofstream(dir + "/" + file) << text;
  return dir;
}

inline  // Every diagnostic of loading `yaml` as "p.yaml", errors or (when it loads) warnings.
    std::vector<std::string>
    Diagnostics(const std::string& yaml) {
  const std::string dir = WritePack("one", {{"p.yaml", yaml}});
  std::vector<LoadDiagnostic> d;
  (void)LoadRules(dir + "/p.yaml", &d);
  std::vector<std::string> out;
  for (const LoadDiagnostic& x : d) {
    std::string s = x.ToString();
    out.push_back(s.substr(s.find("p.yaml:")));  // drop the temporary directory
  }
  return out;
}

// Six lines; cases append rules to it, or a second document (`---`) for other items.
inline constexpr const char* kRule = R"(lists:
  words: [curb]
rules:
  - id: r
    headline: any(words)
    emit: {instrument: NVDA, direction: short}
)";

}  // namespace tripline::testing

#endif  // TRIPLINE_TESTS_RULES_LOADER_TESTING_H_
