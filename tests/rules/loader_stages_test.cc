// The staged loader (reader -> collector -> compiler): every diagnostic code raised at its
// file:line:column, each stage on its own, overrides from a second file, and yaml-cpp errors
// that name the file they come from.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "rules/rule_loader.h"
#include "tests/rules/loader_testing.h"

namespace tripline {
namespace {

using testing::Diagnostics;
using testing::kRule;
using testing::WritePack;

using ::testing::HasSubstr;
using ::testing::Not;

struct CodeCase {
  const char* code;
  std::string yaml;
  const char* expected;  // the start of the diagnostic: "p.yaml:L:C: error[code]"
};

// One case per code of kLoadErrorCodes and kLoadWarningCodes except `io` and `empty-pack` of a
// directory, which need the file system (CodesOfTheFileSystem).
std::vector<CodeCase> Cases() {
  return {
      {"empty-pack", "lists: {a: [x]}\n", "p.yaml:1:1: error[empty-pack]"},
      {"yaml-syntax", "rules:\n  - id: [unclosed\n", "p.yaml:3:1: error[yaml-syntax]"},
      {"wrong-type", "rules: {a: 1}\n", "p.yaml:1:8: error[wrong-type]"},
      {"unknown-key", std::string(kRule) + "macro: {}\n",
       "p.yaml:7:1: error[unknown-key]: unknown key 'macro'"},
      {"missing-key", "rules:\n  - headline: any(x)\n",
       "p.yaml:2:5: error[missing-key]: rule without 'id'"},
      {"bad-value",
       "rules:\n  - id: r\n    headline: '\"x\"'\n    emit: {instrument: NVDA, direction: up}\n",
       "p.yaml:4:41: error[bad-value]: unknown direction 'up'"},
      {"bad-duration",
       std::string(kRule) + "  - id: s\n    price: move(NVDA, 5m) <= -1%\n"
                            "    window: 5 parsecs\n"
                            "    emit: {instrument: NVDA, direction: short}\n",
       "p.yaml:9:13: error[bad-duration]"},
      {"duplicate", std::string(kRule) + "---\nlists:\n  words: [ban]\n",
       "p.yaml:9:3: error[duplicate]: list 'words' is already defined at "},
      {"condition-syntax",
       "rules:\n  - id: r\n    headline: any(words) and\n"
       "    emit: {instrument: NVDA, direction: short}\nlists: {words: [x]}\n",
       "p.yaml:3:29: error[condition-syntax]"},
      {"undefined-list",
       "rules:\n  - id: r\n    headline: '\"x\" or any(nolist)'\n"
       "    emit: {instrument: NVDA, direction: short}\n",
       "p.yaml:3:23: error[undefined-list]: no list named 'nolist'"},
      {"undefined-macro",
       "rules:\n  - id: r\n    headline: pressure\n    emit: {instrument: NVDA, direction: "
       "short}\n",
       "p.yaml:3:15: error[undefined-macro]: no macro named 'pressure'"},
      {"undefined-entity",
       "rules:\n  - id: r\n    headline: mentions(nobody)\n"
       "    emit: {instrument: NVDA, direction: short}\n",
       "p.yaml:3:15: error[undefined-entity]: no entity named 'nobody'"},
      {"macro-cycle",
       "macros:\n  a: b\n  b: a\nrules:\n  - id: r\n    headline: a\n"
       "    emit: {instrument: NVDA, direction: short}\n",
       "p.yaml:2:3: error[macro-cycle]"},
      {"bad-regex",
       "rules:\n  - id: r\n    headline: regex('(a)\\1')\n"
       "    emit: {instrument: NVDA, direction: short}\n",
       "p.yaml:3:15: error[bad-regex]"},
      {"bad-test", std::string(kRule) + "    tests:\n      - {headline: curbs}\n",
       "p.yaml:8:9: error[bad-test]: test without headline or expect"},
      {"bad-phrase",
       "rules:\n  - id: r\n    headline: \"'* regulator'\"\n"
       "    emit: {instrument: NVDA, direction: short}\n",
       "p.yaml:3:16: error[bad-phrase]: phrase '* regulator'"},
      {"undefined-rule", std::string(kRule) + "  - override: q\n    replace: {enabled: false}\n",
       "p.yaml:7:15: error[undefined-rule]: override of rule 'q'"},
      {"bad-override", std::string(kRule) + "  - override: r\n    append: {emit: {}}\n",
       "p.yaml:8:14: error[bad-override]: override of rule 'r': 'emit' takes one value"},
      {"bad-import", "imports: [nosuch]\n" + std::string(kRule),
       "p.yaml:1:11: error[bad-import]: no lexicon 'nosuch'"},
      {"unused-list", std::string(kRule) + "---\nlists:\n  spare: [x]\n",
       "p.yaml:9:3: warning[unused-list]: list 'spare'"},
      {"unused-macro", std::string(kRule) + "macros: {lonely: any(words)}\n",
       "p.yaml:7:10: warning[unused-macro]: macro 'lonely'"},
      {"shadowed-phrase",
       std::string(kRule) + "---\nlists:\n  more: [chip, chips]\nmacros: {m: any(more)}\n",
       "p.yaml:9:16: warning[shadowed-phrase]: 'chips' in list 'more'"},
      {"never-fires",
       "rules:\n  - id: r\n    headline: '\"x\" and false'\n"
       "    emit: {instrument: NVDA, direction: short}\n",
       "p.yaml:3:15: warning[never-fires]: rule 'r'"},
  };
}

TEST(LoaderStages, EveryCodeIsRaisedAtItsFileLineColumn) {
  for (const CodeCase& c : Cases()) {
    SCOPED_TRACE(c.code);
    const std::vector<std::string> got = Diagnostics(c.yaml);
    bool found = false;
    for (const std::string& d : got) found = found || d.rfind(c.expected, 0) == 0;
    EXPECT_TRUE(found) << "expected a diagnostic starting with: " << c.expected << "\ngot:\n"
                       << ::testing::PrintToString(got);
  }
}

TEST(LoaderStages, EveryCodeHasACase) {
  // io: CodesOfTheFileSystem; bad-lexicon needs a lexicon file (lexicon_test.cc,
  // Lexicon.BadLexiconFileIsReportedInThatFile).
  std::set<std::string> covered{"io", "bad-lexicon"};
  for (const CodeCase& c : Cases()) covered.insert(c.code);
  for (std::string_view c : kLoadErrorCodes) {
    EXPECT_TRUE(covered.count(std::string(c))) << "no case raises " << std::string(c);
  }
  for (std::string_view c : kLoadWarningCodes) {
    EXPECT_TRUE(covered.count(std::string(c))) << "no case raises " << std::string(c);
  }
}

TEST(LoaderStages, CodesOfTheFileSystem) {
  const std::string empty = WritePack("empty", {});
  std::vector<LoadDiagnostic> d;
  EXPECT_FALSE(LoadRules(empty, &d).ok());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].ToString().rfind(empty + ":1:1: error[empty-pack]", 0), 0u) << d[0].ToString();
  d.clear();
  EXPECT_FALSE(LoadRules(empty + "/none.yaml", &d).ok());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].ToString().rfind(empty + "/none.yaml:1:1: error[io]", 0), 0u);
}

// The bug this guards: the handler of a yaml-cpp exception named files[0] of a vector it had
// moved from, so the message named no file. The malformed file is the second one.
TEST(LoaderStages, MalformedYamlNamesItsFileAndLine) {
  const std::string dir =
      WritePack("malformed", {{"a.yaml", kRule}, {"b.yaml", "lists:\n  x: [a, b\n  y: [c]\n"}});
  auto r = LoadRules(dir);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), HasSubstr(dir + "/b.yaml:3:"));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("error[yaml-syntax]"));
  EXPECT_THAT(std::string(r.status().message()), Not(HasSubstr("a.yaml")));
}

// An ops engineer tunes a shipped rule from a second file, without editing the first.
TEST(LoaderStages, OverrideFromASecondFileTunesAShippedRule) {
  const std::string shipped = R"(lists:
  curbs: [curb, ban]
  denials: [denies]
rules:
  - id: curbs
    headline: any(curbs)
    emit: {instrument: NVDA, direction: short}
    tests:
      - {headline: "US curbs chips", expect: match}
  - id: other
    headline: '"rare earth"'
    emit: {instrument: MP, direction: long}
)";
  const std::string base_dir = WritePack("base", {{"10-shipped.yaml", shipped}});
  auto base = LoadRules(base_dir);
  ASSERT_TRUE(base.ok()) << base.status();

  const std::string dir =
      WritePack("override", {{"10-shipped.yaml", shipped}, {"20-ops.yaml", R"(lists:
  probes: [probe]
rules:
  - override: curbs
    replace:
      emit: {instrument: NVDA, direction: watch, severity: high}
    append:
      headline: any(probes)
      exceptions: [{name: denied, condition: any(denials)}]
      tests: [{headline: "China opens probe", expect: match}]
  - override: other
    replace: {enabled: false}
)"}});
  auto tuned = LoadRules(dir);
  ASSERT_TRUE(tuned.ok()) << tuned.status();
  const CompiledRules& c = **tuned;
  ASSERT_EQ(c.rule_count(), 1u);  // `other` disabled
  const Rule& r = c.rules()[0];
  EXPECT_EQ(r.id, "curbs");
  EXPECT_EQ(r.direction, Direction::kWatch);
  EXPECT_EQ(r.severity, "high");
  EXPECT_EQ(r.headline.text, "(any(curbs)) or (any(probes))");
  ASSERT_EQ(r.exceptions.size(), 1u);
  EXPECT_EQ(r.exceptions[0].name, "denied");
  ASSERT_EQ(r.tests.size(), 2u);
  EXPECT_EQ(r.tests[1].location.file, dir + "/20-ops.yaml");
  EXPECT_EQ(r.file, dir + "/10-shipped.yaml");
  // The rule is no longer the shipped one: a new hash (new signal ids, reload drops state).
  EXPECT_NE(r.file_hash, (*base)->rules()[0].file_hash);
  EXPECT_EQ((*base)->rules()[0].file_hash, c.files()[0].hash);
}

TEST(LoaderStages, OverrideErrorsPointIntoTheOverridingFile) {
  const std::string dir = WritePack("override_errors", {{"a.yaml", kRule}, {"b.yaml", R"(rules:
  - override: r
  - override: r
    replace: {id: s, headlin: x}
  - override: r
    append: {headline: any(nolist)}
)"}});
  std::vector<LoadDiagnostic> d;
  ASSERT_FALSE(LoadRules(dir, &d).ok());
  std::vector<std::string> got;
  for (const LoadDiagnostic& x : d) got.push_back(x.ToString());
  ASSERT_EQ(got.size(), 4u) << ::testing::PrintToString(got);
  EXPECT_THAT(got[0], HasSubstr("b.yaml:2:15: error[bad-override]: override of rule 'r' changes "
                                "nothing"));
  EXPECT_THAT(got[1], HasSubstr("b.yaml:4:15: error[bad-override]"));
  EXPECT_THAT(got[2], HasSubstr("b.yaml:4:22: error[unknown-key]: unknown key 'headlin'"));
  EXPECT_THAT(got[3], HasSubstr("b.yaml:6:24: error[undefined-list]: no list named 'nolist'"));
}

// The override of docs/rules.md (examples/pack-override/desk.yaml) on the shipped pack.
TEST(LoaderStages, TheDocumentedOverrideLoadsOnTheDefaultPack) {
  namespace fs = std::filesystem;
  const std::string source = TRIPLINE_SOURCE_DIR;
  const std::string dir = ::testing::TempDir() + "/stages_default_override";
  fs::remove_all(dir);
  fs::create_directories(dir + "/local");
  for (const char* f : {"entities.yaml", "lists.yaml", "rules.yaml"}) {
    fs::copy_file(source + "/rules/packs/china-ai-chips/" + f, dir + "/" + f);
  }
  // A copied pack carries the lexicons it imports in its own lexicons/.
  fs::copy(source + "/rules/lexicons", dir + "/lexicons", fs::copy_options::recursive);
  auto shipped = LoadRules(dir);
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  fs::copy_file(source + "/examples/pack-override/desk.yaml", dir + "/local/desk.yaml");
  auto tuned = LoadRules(dir);
  ASSERT_TRUE(tuned.ok()) << tuned.status();
  EXPECT_GE((*shipped)->RuleIndex("us_eases_chip_exports_to_china"), 0);
  EXPECT_EQ((*tuned)->RuleIndex("us_eases_chip_exports_to_china"), -1);
  const int probe = (*tuned)->RuleIndex("cn_regulator_probe_us_chip_firm");
  ASSERT_GE(probe, 0);
  const Rule& r = (*tuned)->rules()[static_cast<size_t>(probe)];
  EXPECT_EQ(r.cooldown, 2 * 60 * kNanosPerMinute);
  EXPECT_EQ(r.exceptions.back().name, "desk_denied");
  EXPECT_THAT(r.headline.text, HasSubstr(") or (china_government and any(desk_probe_words)"));
}

}  // namespace
}  // namespace tripline
