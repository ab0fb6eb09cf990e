// The registry of condition functions (rules/condition_functions.cc): the one source of
// docs/rules.md's table, and every entry parses, loads and wakes its rule as registered.
#include "rules/condition_functions.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "rules/rule_loader.h"

namespace tripline {
namespace {

// Rule `r` with `headline`, beside a rule `common` that any(curb) wakes.
std::string WithRuleR(const std::string& headline) {
  return R"(lists:
  both: [curb, gallium]
  common: [curb]
rules:
  - id: r
    headline: )" +
         headline + R"(
    emit: {instrument: MP, direction: long}
  - id: common
    headline: any(common)
    emit: {instrument: MP, direction: long}
)";
}

// The registry is the one source of the condition functions: docs/rules.md's table is its
// rendering, so a function added to (or changed in) the registry without the docs fails here.
TEST(ConditionFunctionRegistry, DocsTableIsTheRegistry) {
  std::ifstream in(std::string(TRIPLINE_SOURCE_DIR) + "/docs/rules.md");
  std::stringstream doc;
  doc << in.rdbuf();
  const std::string text = doc.str();
  const size_t begin = text.find("<!-- condition-functions: begin");
  const size_t end = text.find("<!-- condition-functions: end -->");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  const size_t table = text.find('\n', begin) + 1;
  EXPECT_EQ(text.substr(table, end - table), ConditionFunctionTable());
}

TEST(ConditionFunctionRegistry, EveryEntryParsesAndLoads) {
  for (const std::string_view name : {"any", "all", "phrase", "near", "before"}) {
    int index = -1;
    const ConditionFunction* f = FindConditionFunction(name, &index);
    ASSERT_NE(f, nullptr) << name;
    EXPECT_EQ(&ConditionFunctionAt(index), f);
    EXPECT_NE(ConditionFunctionTable().find("| `" + std::string(f->usage) + "` |"),
              std::string::npos);
  }
  // all() wakes its rule on its rarest phrase (the registry's needs_every_phrase): `curb` is
  // used by both rules, `gallium` by one, so only `common` is indexed under `curb`.
  auto r =
      LoadRulesFromString(WithRuleR(R"(all(both) and phrase('export') and "gallium")"), "p.yaml");
  ASSERT_TRUE(r.ok()) << r.status();
  const CompiledRules& c = **r;
  EXPECT_EQ(c.rules()[0].phrases.size(), 3u);  // curb, gallium, export: "gallium" is one
  int curb = -1;
  for (size_t p = 0; p < c.phrases().size(); ++p) {
    if (c.phrases()[p].text == "curb") curb = static_cast<int>(p);
  }
  ASSERT_GE(curb, 0);
  EXPECT_THAT(c.rules_for_phrase(static_cast<uint32_t>(curb)), ::testing::ElementsAre(1u));

  // The same with all() alone, so no cheaper sibling decides: the rule is woken by its rarest
  // phrase only (an any() would be indexed under both).
  auto alone = LoadRulesFromString(WithRuleR("all(both)"), "p.yaml");
  ASSERT_TRUE(alone.ok()) << alone.status();
  const CompiledRules& a = **alone;
  std::map<std::string, std::vector<uint32_t>> woken;
  for (size_t p = 0; p < a.phrases().size(); ++p) {
    woken[a.phrases()[p].text] = a.rules_for_phrase(static_cast<uint32_t>(p));
  }
  EXPECT_THAT(woken["curb"], ::testing::ElementsAre(1u));
  EXPECT_THAT(woken["gallium"], ::testing::Contains(0u));
}

}  // namespace
}  // namespace tripline
