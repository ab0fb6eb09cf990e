// Loader diagnostics: fixed codes (every one documented), warnings on a pack that loads, and
// the structured form `rules check --json` prints.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "rules/rule_loader.h"

namespace tripline {
namespace {

using ::testing::HasSubstr;

bool Known(std::string_view code) {
  for (std::string_view c : kLoadErrorCodes) {
    if (c == code) return true;
  }
  for (std::string_view c : kLoadWarningCodes) {
    if (c == code) return true;
  }
  return false;
}

TEST(LoaderDiagnostics, EveryCodeIsDocumentedInRulesMd) {
  std::ifstream in(std::string(TRIPLINE_SOURCE_DIR) + "/docs/rules.md");
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  ASSERT_FALSE(text.empty());
  for (std::string_view c : kLoadErrorCodes) {
    EXPECT_NE(text.find("| `" + std::string(c) + "`"), std::string::npos) << c;
  }
  for (std::string_view c : kLoadWarningCodes) {
    EXPECT_NE(text.find("| `" + std::string(c) + "`"), std::string::npos) << c;
  }
}

TEST(LoaderDiagnostics, WarningsDoNotFailTheLoadAndPointAtTheirItem) {
  auto r = LoadRulesFromString(R"(entities:
  nvidia: {instruments: [NVDA], names: [Nvidia]}
lists:
  used: [chip, chips, '"chips"']
  spare: [water]
macros:
  lonely: any(spare)
rules:
  - id: ok
    headline: any(used) and mentions(nvidia)
    emit: {instrument: NVDA, direction: short}
  - id: dead
    headline: any(used) and false
    emit: {instrument: NVDA, direction: short}
)",
                               "p.yaml");
  ASSERT_TRUE(r.ok()) << r.status();
  std::vector<std::string> got;
  for (const LoadDiagnostic& w : (*r)->warnings()) {
    EXPECT_TRUE(w.warning);
    EXPECT_TRUE(Known(w.code)) << w.code;
    got.push_back(w.ToString());
  }
  // Sorted by location; "spare" is used by the unused macro only, so it counts as used.
  ASSERT_EQ(got.size(), 3u) << ::testing::PrintToString(got);
  EXPECT_THAT(got[0], HasSubstr("p.yaml:4:16: warning[shadowed-phrase]: 'chips'"));
  EXPECT_THAT(got[1], HasSubstr("p.yaml:7:3: warning[unused-macro]: macro 'lonely'"));
  EXPECT_THAT(got[2], HasSubstr("p.yaml:13:15: warning[never-fires]: rule 'dead'"));
}

TEST(LoaderDiagnostics, UnusedListWarns) {
  auto r = LoadRulesFromString(R"(lists:
  a: [x]
  b: [y]
rules:
  - id: r
    headline: any(a)
    emit: {instrument: NVDA, direction: short}
)",
                               "p.yaml");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ((*r)->warnings().size(), 1u);
  EXPECT_EQ((*r)->warnings()[0].code, "unused-list");
  EXPECT_EQ((*r)->warnings()[0].location.line, 3);
}

TEST(LoaderDiagnostics, ErrorsAsItemsIncludingReadAndYamlStages) {
  const std::string dir = ::testing::TempDir() + "/diag_pack";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/a.yaml") << "rules:\n  - id: r\n    headline: any(nolist)\n"
                                    "    emit: {instrument: NVDA, direction: sideways}\n";
  std::vector<LoadDiagnostic> d;
  auto r = LoadRules(dir, &d);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(d.size(), 2u);
  for (const LoadDiagnostic& e : d) {
    EXPECT_FALSE(e.warning);
    EXPECT_TRUE(Known(e.code)) << e.code;
    EXPECT_EQ(e.location.file, dir + "/a.yaml");
    EXPECT_THAT(std::string(r.status().message()), HasSubstr(e.ToString()));
  }
  EXPECT_EQ(d[0].code, "undefined-list");
  EXPECT_EQ(d[1].code, "bad-value");
  std::ofstream(dir + "/a.yaml") << "rules: [\n";
  d.clear();
  EXPECT_FALSE(LoadRules(dir, &d).ok());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "yaml-syntax");
  d.clear();
  EXPECT_FALSE(LoadRules(dir + "/missing.yaml", &d).ok());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, "io");
}

}  // namespace
}  // namespace tripline
