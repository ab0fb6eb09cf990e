// Lexicons (rules/lexicons/): a pack imports them, role conditions read them, loading reports
// bad imports and bad lexicons with file:line:column and a fixed code, and every lexicon's own
// `tests:` hold.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "rules/rule_checks.h"
#include "rules/rule_loader.h"
#include "tests/rules/one_rule_pack.h"
#include "tests/rules/rule_verdicts.h"

namespace tripline {
namespace {

using ::testing::HasSubstr;

const std::string kLexicons = std::string(TRIPLINE_SOURCE_DIR) + "/rules/lexicons";
// A pack "file" two levels under rules/, so that its imports resolve to rules/lexicons/.
const std::string kPackPath = std::string(TRIPLINE_SOURCE_DIR) + "/rules/packs/test/p.yaml";

absl::StatusOr<std::shared_ptr<const CompiledRules>> LoadAt(const std::string& yaml,
                                                            const std::string& path = kPackPath) {
  return LoadRulesFromString(yaml, path);
}

bool Matches(const std::shared_ptr<const CompiledRules>& c, const std::string& headline,
             const std::string& id = "r") {
  return testing::RuleMatches(c, id, headline);
}

const std::string kRolePack = testing::OneRulePack(
    "imports: [actors, actions]\n"
    "entities:\n"
    "  nvidia: {instruments: [NVDA], names: [Nvidia, 英伟达]}\n",
    "actor(china_state) and action(restrict) and mentions(nvidia)");

TEST(Lexicon, PackImportsLexiconsAndRoleConditionsReadThem) {
  auto c = LoadAt(kRolePack);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(Matches(*c, "Cyberspace Administration of China bans Nvidia chips"));
  EXPECT_TRUE(Matches(*c, "China's market regulator imposes a ban on Nvidia processors"));
  EXPECT_FALSE(Matches(*c, "Nvidia unveils a new chip"));
  EXPECT_FALSE(Matches(*c, "Cyberspace Administration of China praises Nvidia"));
}

TEST(Lexicon, ExplainShowsWhichWordFilledEachRole) {
  auto c = LoadAt(kRolePack);
  ASSERT_TRUE(c.ok()) << c.status();
  for (const RuleVerdict& v :
       ExplainHeadline(*c, "Beijing bans Nvidia chips in state data centres", "", std::nullopt)) {
    if (v.rule != "r") continue;
    std::string trace;
    for (const std::string& line : v.trace) trace += line + "\n";
    EXPECT_THAT(trace, HasSubstr("actor(china_state)"));
    EXPECT_THAT(trace, HasSubstr("action(restrict)"));
    EXPECT_THAT(v.phrases, ::testing::Contains("Beijing"));
    EXPECT_THAT(v.phrases, ::testing::Contains("ban"));
  }
}

TEST(Lexicon, ChineseHeadlineFillsTheRolesByItsChineseNames) {
  auto c = LoadAt(kRolePack);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(Matches(*c, "网信办禁止数据中心使用英伟达H20芯片"));
}

TEST(Lexicon, UnknownImportIsABadImportAtItsPlace) {
  auto c = LoadAt("imports: [actors, nosuch]\n" + kRolePack.substr(kRolePack.find('\n') + 1));
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("p.yaml:1:19: error[bad-import]"));
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("no lexicon 'nosuch'"));
}

TEST(Lexicon, ImportsMustBeAList) {
  auto c = LoadAt("imports: actors\n" + kRolePack.substr(kRolePack.find('\n') + 1));
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("p.yaml:1:10: error[bad-import]"));
}

TEST(Lexicon, RoleOfAnUnknownKindIsAnUndefinedListAtItsColumn) {
  auto c = LoadAt(R"(imports: [actors]
rules:
  - id: r
    headline: actor(martians)
    emit: {instrument: NVDA, direction: short}
)");
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("error[undefined-list]"));
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("actors.martians"));
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("p.yaml:4:15"));
}

TEST(Lexicon, BadLexiconFileIsReportedInThatFile) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "tripline_lexicon_test";
  fs::remove_all(root);
  fs::create_directories(root / "lexicons");
  fs::create_directories(root / "packs" / "p");
  std::ofstream(root / "lexicons" / "words.yaml") << "lexicon: other\nlists:\n  a: [\"x ~0 y\"]\n";
  auto c = LoadRulesFromString(R"(imports: [words]
rules:
  - id: r
    headline: any(words.a)
    emit: {instrument: NVDA, direction: short}
)",
                               (root / "packs" / "p" / "p.yaml").string());
  ASSERT_FALSE(c.ok());
  const std::string m(c.status().message());
  EXPECT_THAT(m, HasSubstr("words.yaml:1:10: error[bad-lexicon]: lexicon 'other' is in the file "
                           "of 'words'"));
  EXPECT_THAT(m, HasSubstr("words.yaml:1:1: error[bad-lexicon]: lexicon without 'version'"));
  EXPECT_THAT(m, HasSubstr("words.yaml:3:7: error[bad-phrase]"));
  fs::remove_all(root);
}

// A pack copied where no lexicons/ directory is above it (/etc/tripline/rules) imports the
// installed lexicons: the directories the binary sets at start-up.
TEST(Lexicon, ACopiedPackFindsTheInstalledLexicons) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "tripline_lexicon_install_test";
  fs::remove_all(root);
  fs::create_directories(root / "etc");
  std::ofstream(root / "etc" / "p.yaml") << kRolePack;
  const std::string pack = (root / "etc").string();
  auto missing = LoadRules(pack);
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("error[bad-import]"));
  SetLexiconDirectories({kLexicons});
  auto found = LoadRules(pack);
  SetLexiconDirectories({});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_TRUE(Matches(*found, "Beijing bans Nvidia chips"));
  fs::remove_all(root);
}

// Every lexicon's `tests:`: each names a list and a text that must (or must not) match it.
TEST(Lexicon, EveryLexiconPassesItsOwnTests) {
  namespace fs = std::filesystem;
  int lexicons = 0, cases = 0;
  for (const auto& entry : fs::directory_iterator(kLexicons)) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string name = entry.path().stem().string();
    ++lexicons;
    const YAML::Node doc = YAML::LoadFile(entry.path().string());
    ASSERT_TRUE(doc["tests"]) << name << " has no tests";
    // One rule per list, so that every list compiles (a bad phrase fails here).
    std::string pack = "imports: [" + name + "]\nrules:\n";
    for (const auto& kv : doc["lists"]) {
      const std::string list = kv.first.Scalar();
      pack += "  - id: " + list + "\n    headline: any(" + name + "." + list +
              ")\n    emit: {instrument: X, direction: watch}\n";
    }
    auto c = LoadAt(pack);
    ASSERT_TRUE(c.ok()) << name << ": " << c.status();
    for (const YAML::Node& t : doc["tests"]) {
      const std::string list = t["list"].Scalar();
      const std::string text = t["text"].Scalar();
      const bool want = t["expect"].Scalar() == "match";
      EXPECT_EQ(Matches(*c, text, list), want)
          << name << ".yaml:" << t.Mark().line + 1 << ": " << list << " on '" << text << "'";
      ++cases;
    }
  }
  EXPECT_GE(lexicons, 2);
  EXPECT_GE(cases, 50);
}

}  // namespace
}  // namespace tripline
