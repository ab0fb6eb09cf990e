// The loader's second stage (rules/rule_loader_collector.cc): items gathered into rules, with
// overrides applied wherever they are written.
#include "rules/rule_loader_collector.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "rules/load_context.h"
#include "rules/rule_loader_reader.h"
#include "tests/rules/loader_testing.h"

namespace tripline {
namespace {

using testing::Diagnostics;
using testing::kRule;

// The keys a rule may have are one list: the unknown-key diagnostic offers exactly
// kRuleKeys, the list overrides are checked against.
TEST(LoaderStages, ARulesKeysAreTheCollectorsOneList) {
  std::string expected;
  for (std::string_view k : kRuleKeys) (expected += expected.empty() ? "" : ", ") += k;
  const std::vector<std::string> got = Diagnostics(std::string(kRule) + "    headlin: x\n");
  ASSERT_EQ(got.size(), 1u) << ::testing::PrintToString(got);
  EXPECT_EQ(got[0],
            "p.yaml:7:5: error[unknown-key]: unknown key 'headlin' in rule 'r' "
            "(expected one of " +
                expected + ")");
}

TEST(LoaderStages, CollectorAppliesAnOverrideWrittenBeforeItsRule) {
  std::vector<SourceFile> files{
      {"a.yaml",
       "rules:\n  - override: r\n    replace: {window: 2h}\n    append:\n"
       "      exceptions: [{name: denied, condition: \"'denies'\"}]\n",
       "",
       {},
       ""},
      {"b.yaml",
       std::string(kRule) + "    exceptions: [{name: old, condition: \"'x'\"}]\n",
       "",
       {},
       ""}};
  LoadContext ctx;
  ASSERT_TRUE(ParsePackFiles(&files, &ctx));
  const CollectedPack pack = Collect(ReadItems(files, &ctx), &ctx);
  EXPECT_FALSE(ctx.has_errors()) << ctx.ErrorStatus();
  const CollectedRule& r = pack.rules.at("r");
  EXPECT_EQ(r.file->path, "b.yaml");
  ASSERT_EQ(r.All("window").size(), 1u);
  EXPECT_EQ(r.All("window")[0].file->path, "a.yaml");
  ASSERT_EQ(r.All("exceptions").size(), 2u);
  EXPECT_EQ(r.All("exceptions")[1].file->path, "a.yaml");
  ASSERT_EQ(r.override_files.size(), 1u);
}

}  // namespace
}  // namespace tripline
