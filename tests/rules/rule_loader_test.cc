#include "rules/rule_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace tripline {
namespace {

using ::testing::HasSubstr;

constexpr const char* kValid = R"(entities:
  nvidia:
    instruments: [NVDA]
    names: [Nvidia, H20]
lists:
  gov: [Beijing, Chinese regulators]
  guidance: [informal guidance, urges]
macros:
  pressure: any(gov) and any(guidance)
rules:
  - id: guidance
    description: test
    headline: pressure and mentions(nvidia)
    price: move(mentioned, 60m) <= -3%
    score: 0.5 + 5 * abs(move)
    emit: {instrument: mentioned, direction: short, severity: high}
)";

// kValid with the first occurrence of `from` replaced by `to` (a test failure if it is absent).
std::string Edited(std::string_view from, std::string_view to) {
  std::string y = kValid;
  const size_t at = y.find(from);
  if (at == std::string::npos) {
    ADD_FAILURE() << "kValid has no '" << from << "'";
    return y;
  }
  return y.replace(at, from.size(), to);
}

// Loads `yaml` as "pack.yaml" and returns the error text ("" when it loaded).
std::string Errors(const std::string& yaml) {
  auto r = LoadRulesFromString(yaml, "pack.yaml");
  return r.ok() ? "" : std::string(r.status().message());
}

TEST(RuleLoader, LoadsValidPackAndReportsFilesAndHashes) {
  auto r = LoadRulesFromString(kValid, "pack.yaml");
  ASSERT_TRUE(r.ok()) << r.status();
  const CompiledRules& c = **r;
  EXPECT_EQ(c.rule_count(), 1u);
  ASSERT_EQ(c.files().size(), 1u);
  EXPECT_EQ(c.files()[0].path, "pack.yaml");
  EXPECT_EQ(c.files()[0].hash, HexHash128(kValid));
  EXPECT_EQ(c.files()[0].hash.size(), 32u);
  EXPECT_EQ(c.rules()[0].file_hash, c.files()[0].hash);
  EXPECT_NE(c.stream_database(), nullptr);  // words only: no raw-text database
  EXPECT_EQ(c.raw_database(), nullptr);
  EXPECT_THAT(c.watched_instruments(), ::testing::ElementsAre("NVDA"));
  EXPECT_THAT(c.price_windows(), ::testing::ElementsAre(60 * kNanosPerMinute));
}

TEST(RuleLoader, ContentHashIsXxh3_128AsXxhsumPrintsIt) {
  // Rule hashes and signal ids build on it, so it must never drift: the published XXH3-128 of
  // the empty input, high half first (`xxhsum -H2` of an empty file).
  EXPECT_EQ(HexHash128(""), "99aa06d3014798d86001c324468d497f");
}

TEST(RuleLoader, YamlSyntaxErrorHasLocation) {
  EXPECT_THAT(Errors("rules:\n  - id: [unclosed\n"),
              HasSubstr("pack.yaml:3:1: error[yaml-syntax]"));
}

TEST(RuleLoader, UnknownKeyNamesFileLineColumnAndAlternatives) {
  std::string y = Edited("    description", "    headlin: x\n    description");
  std::string e = Errors(y);
  EXPECT_THAT(e, HasSubstr("pack.yaml:12:5: error[unknown-key]: unknown key 'headlin'"));
  EXPECT_THAT(e, HasSubstr("expected one of id, description"));
}

TEST(RuleLoader, UnknownTopLevelKey) {
  EXPECT_THAT(Errors("rulez: []\n"), HasSubstr("pack.yaml:1:1: error[unknown-key]"));
}

TEST(RuleLoader, WrongTypes) {
  EXPECT_THAT(Errors("rules: {a: 1}\n"), HasSubstr("pack.yaml:1:8: error[wrong-type]"));
  EXPECT_THAT(Errors("- a\n- b\n"), HasSubstr("pack.yaml:1:1: error[wrong-type]"));
}

TEST(RuleLoader, MissingKeys) {
  EXPECT_THAT(Errors("rules:\n  - description: x\n"),
              HasSubstr("pack.yaml:2:5: error[missing-key]: rule without 'id'"));
  EXPECT_THAT(Errors("rules:\n  - id: a\n    headline: \"x\"\n"),
              HasSubstr("pack.yaml:2:9: error[missing-key]: rule 'a' has no emit"));
  EXPECT_THAT(Errors("rules:\n  - id: a\n    emit: {instrument: X, direction: long}\n"),
              HasSubstr("error[missing-key]: rule 'a' has no condition"));
}

TEST(RuleLoader, DuplicateRuleNamesBothLocations) {
  std::string y = kValid;
  y += "  - id: guidance\n    headline: '\"x\"'\n    emit: {instrument: A, direction: long}\n";
  EXPECT_THAT(Errors(y),
              HasSubstr("pack.yaml:17:9: error[duplicate]: rule 'guidance' is already defined at "
                        "pack.yaml:11:9"));
}

TEST(RuleLoader, DuplicateListAcrossDocuments) {
  std::string y = std::string(kValid) + "---\nlists:\n  gov: [x]\n";
  EXPECT_THAT(Errors(y), HasSubstr("pack.yaml:19:3: error[duplicate]: list 'gov' is already "
                                   "defined at pack.yaml:6:3"));
}

// One edit of kValid and the start of the error it must give, at its file:line:column.
struct EditCase {
  std::string_view from, to;
  std::string_view error;
};

void ExpectEditErrors(std::initializer_list<EditCase> cases) {
  for (const EditCase& c : cases) {
    EXPECT_THAT(Errors(Edited(c.from, c.to)), HasSubstr(std::string(c.error))) << c.to;
  }
}

TEST(RuleLoader, UndefinedReferencesPointInsideTheCondition) {
  ExpectEditErrors({
      {"pressure and mentions(nvidia)", "pressure and mentions(nvidiaa)",
       "pack.yaml:13:28: error[undefined-entity]: no entity named 'nvidiaa'"},
      {"any(gov)", "any(gof)", "pack.yaml:9:13: error[undefined-list]: no list named 'gof'"},
      {"pressure and", "presure and",
       "pack.yaml:13:15: error[undefined-macro]: no macro named 'presure'"},
  });
}

TEST(RuleLoader, ConditionSyntaxErrorColumnAndExpectation) {
  ExpectEditErrors({{"pressure and mentions(nvidia)", "pressure and (mentions(nvidia)",
                     "pack.yaml:13:45: error[condition-syntax]: in headline condition: "
                     "unbalanced parenthesis (expected ')')"}});
}

TEST(RuleLoader, BadPriceScoreDurationDirection) {
  ExpectEditErrors({
      {"60m) <=", "60x) <=",
       "pack.yaml:14:28: error[condition-syntax]: in price condition: bad window '60x'"},
      {"abs(move)", "abs(mvoe)",
       "pack.yaml:15:26: error[condition-syntax]: in score: unknown variable 'mvoe'"},
      {"direction: short", "direction: sell",
       "error[bad-value]: unknown direction 'sell' (expected long, short, watch or with_move)"},
      {"    emit", "    cooldown: soon\n    emit",
       "pack.yaml:16:15: error[bad-duration]: bad cooldown 'soon'"},
  });
}

TEST(RuleLoader, MacroCycleIsAnError) {
  std::string y =
      Edited("  pressure: any(gov) and any(guidance)", "  pressure: loop\n  loop: pressure");
  EXPECT_THAT(Errors(y), HasSubstr("error[macro-cycle]"));
}

TEST(RuleLoader, RegexRejectedByHyperscanIsAnErrorWithLocation) {
  std::string y = Edited("pressure and", "regex(\"(a)\\\\1\") and");
  EXPECT_THAT(Errors(y), HasSubstr("pack.yaml:13:15: error[bad-regex]: regex '(a)\\1' rejected"));
}

TEST(RuleLoader, BadInlineTest) {
  std::string y = std::string(kValid) + "    tests:\n      - headline: x\n";
  EXPECT_THAT(Errors(y), HasSubstr("pack.yaml:18:9: error[bad-test]"));
  y = std::string(kValid) + "    tests:\n      - {headline: x, expect: maybe}\n";
  EXPECT_THAT(Errors(y), HasSubstr("error[bad-test]: unknown expectation 'maybe'"));
}

TEST(RuleLoader, ReportsEveryErrorOnePerLine) {
  std::string e = Errors(
      "rules:\n  - id: a\n    emit: {instrument: X, direction: up}\n"
      "    headline: any(nope)\n");
  EXPECT_THAT(e, HasSubstr("error[bad-value]"));
  EXPECT_THAT(e, HasSubstr("error[undefined-list]"));
  EXPECT_NE(e.find('\n'), std::string::npos);
}

TEST(RuleLoader, EmptyPack) {
  EXPECT_THAT(Errors("lists:\n  a: [x]\n"), HasSubstr("error[empty-pack]"));
}

TEST(RuleLoader, MissingPathIsIoError) {
  auto r = LoadRules("/nonexistent/pack.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("error[io]"));
}

TEST(RuleLoader, ResolutionDoesNotDependOnFileOrder) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("tripline_rules_order_" + std::to_string(getpid()));
  fs::create_directories(dir / "sub");
  // The rule file sorts first and uses names defined in later files.
  std::ofstream(dir / "a_rules.yaml") << "rules:\n  - id: r\n    headline: p and mentions(e)\n"
                                         "    emit: {instrument: mentioned, direction: short}\n";
  std::ofstream(dir / "sub" / "z_defs.yml") << "entities:\n  e: {instruments: [E], names: [Eco]}\n"
                                               "lists:\n  l: [boom]\nmacros:\n  p: any(l)\n";
  std::ofstream(dir / "ignored.txt") << "not yaml: [";
  auto r = LoadRules(dir.string());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ((*r)->files().size(), 2u);
  EXPECT_EQ((*r)->files()[0].path, (dir / "a_rules.yaml").string());
  EXPECT_EQ((*r)->files()[1].path, (dir / "sub" / "z_defs.yml").string());
  EXPECT_EQ((*r)->rule_count(), 1u);
  fs::remove_all(dir);
}

// A Kubernetes ConfigMap volume: the files live in `..<timestamp>/`, `..data` links to it, and
// each name at the top links through `..data`. The pack is the top-level names, read once.
TEST(RuleLoader, ConfigMapVolumeLayoutLoadsEachFileOnce) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("tripline_rules_cm_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "..2026_11_29_12_00_00.1" / "sub");
  std::ofstream(dir / "..2026_11_29_12_00_00.1" / "pack.yaml") << kValid;
  fs::create_directory_symlink("..2026_11_29_12_00_00.1", dir / "..data");
  fs::create_symlink("..data/pack.yaml", dir / "pack.yaml");
  fs::create_directories(dir / ".git");
  std::ofstream(dir / ".git" / "stray.yaml") << "not: [a pack";
  auto r = LoadRules(dir.string());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ((*r)->files().size(), 1u);
  EXPECT_EQ((*r)->files()[0].path, (dir / "pack.yaml").string());
  EXPECT_EQ((*r)->rule_count(), 1u);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tripline

namespace tripline {
namespace {

// yaml-cpp 0.7 never returns on some stray ',' outside flow lists (found by the loader's
// fuzzer); the loader must reject such files with a location instead of hanging.
TEST(RuleLoaderHazards, StrayCommaIsASyntaxErrorNotAHang) {
  for (const char* yaml : {",", "  , China regulator,", "[a],\nrules: []", "# note\n{a: b}, c",
                           "  - a\n  \"b\", d\n"}) {
    auto r = LoadRulesFromString(yaml, "comma.yaml");
    ASSERT_FALSE(r.ok()) << yaml;
    EXPECT_NE(r.status().message().find("error[yaml-syntax]"), std::string_view::npos)
        << r.status();
    EXPECT_NE(r.status().message().find("comma.yaml:"), std::string_view::npos) << r.status();
  }
  auto located = LoadRulesFromString("# header\n   , x", "comma.yaml");
  ASSERT_FALSE(located.ok());
  EXPECT_NE(located.status().message().find("comma.yaml:2:4:"), std::string_view::npos)
      << located.status();
  // Commas inside quotes, comments and flow lists are ordinary.
  auto fine = LoadRulesFromString(
      "# a, b\nentities:\n  n: {instruments: [NVDA], names: [\"Nvidia, Inc\", Nvidia]}\n"
      "rules:\n  - id: r\n    headline: mentions(n)\n    emit: {instrument: NVDA, direction: "
      "watch}\n",
      "ok.yaml");
  EXPECT_TRUE(fine.ok()) << fine.status();
}

}  // namespace
}  // namespace tripline
