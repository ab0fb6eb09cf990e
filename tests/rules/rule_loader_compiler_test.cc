// The loader's last stage (rules/rule_loader_compiler.cc): a collected pack to CompiledRules,
// phrases shared and indexed, errors of meaning located in their file.
#include "rules/rule_loader_compiler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rules/load_context.h"
#include "rules/rule_loader.h"
#include "rules/rule_loader_collector.h"
#include "rules/rule_loader_reader.h"
#include "tests/rules/loader_testing.h"

namespace tripline {
namespace {

using ::testing::HasSubstr;
using testing::kRule;

// The three stages run by hand on one file: the compiler gets what the collector gathered.
std::shared_ptr<CompiledRules> CompileOne(const std::string& yaml, LoadContext* ctx) {
  std::vector<SourceFile> files{{"p.yaml", yaml, "", {}, ""}};
  if (!ParsePackFiles(&files, ctx)) return nullptr;
  const CollectedPack pack = Collect(ReadItems(files, ctx), ctx);
  return CompilePack(pack, files, ctx);
}

TEST(RuleLoaderCompiler, CompilesACollectedPackOnItsOwn) {
  LoadContext ctx;
  const std::shared_ptr<CompiledRules> rules = CompileOne(kRule, &ctx);
  ASSERT_NE(rules, nullptr) << ctx.ErrorStatus();
  ASSERT_EQ(rules->rules().size(), 1u);
  EXPECT_EQ(rules->rules()[0].id, "r");
  ASSERT_EQ(rules->phrases().size(), 1u);
  EXPECT_EQ(rules->phrases()[0].text, "curb");
}

// A macro that names itself is an error of meaning: the compiler raises it (the reader and
// the collector take the macro as they find it) and returns no rules.
TEST(RuleLoaderCompiler, MacroCycleIsItsErrorAndYieldsNoRules) {
  LoadContext ctx;
  const std::string pack = R"(lists:
  words: [curb]
macros:
  a: b
  b: a
rules:
  - id: r
    headline: a and any(words)
    emit: {instrument: NVDA, direction: short}
)";
  EXPECT_EQ(CompileOne(pack, &ctx), nullptr);
  ASSERT_TRUE(ctx.has_errors());
  EXPECT_THAT(std::string(ctx.ErrorStatus().message()), HasSubstr("error[macro-cycle]"));
}

TEST(RuleLoader, SharedPhrasesAreCompiledOnce) {
  std::string y = "lists:\n  l: [Export Controls, export   controls, curbs]\nrules:\n";
  for (int i = 0; i < 5; ++i) {
    y += "  - id: r" + std::to_string(i) + "\n    headline: any(l) and \"curbs\"\n" +
         "    emit: {instrument: X, direction: watch}\n";
  }
  auto r = LoadRulesFromString(y, "p.yaml");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->phrases().size(), 2u);  // case and spacing variants are one phrase
  // Indexed under the cheaper required conjunct ("curbs"), not under every phrase.
  EXPECT_EQ((*r)->rules_for_phrase(1).size(), 5u);
  EXPECT_TRUE((*r)->rules_for_phrase(0).empty());
}

}  // namespace
}  // namespace tripline
