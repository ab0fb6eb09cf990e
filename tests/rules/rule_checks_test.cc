// What ops run against a pack without live data (rules/rule_checks.cc): `rules explain`'s
// verdicts and `rules test`'s inline tests.
#include "rules/rule_checks.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "rules/rule_loader.h"

namespace tripline {
namespace {

constexpr const char* kPack = R"(lists:
  gov: [Beijing]
  curbs: [curbs, bans]
rules:
  - id: curbs
    headline: any(gov) and any(curbs)
    exceptions: [{name: denied, condition: "'denies'"}]
    price: move(NVDA, 60m) <= -3%
    emit: {instrument: NVDA, direction: short}
    tests:
      - {headline: "Beijing curbs Nvidia chips", expect: match}
      - {headline: "Beijing denies it curbs Nvidia chips", expect: match}
)";

std::shared_ptr<const CompiledRules> Load() {
  auto r = LoadRulesFromString(kPack, "p.yaml");
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : nullptr;
}

TEST(RuleChecksTest, ExplainSaysWhyARuleHeldOrDidNot) {
  auto rules = Load();
  ASSERT_NE(rules, nullptr);
  std::vector<RuleVerdict> v = ExplainHeadline(rules, "Beijing curbs Nvidia chips", "", -0.05);
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].rule, "curbs");
  EXPECT_TRUE(v[0].headline_held);
  EXPECT_TRUE(v[0].matched) << v[0].reason;
  EXPECT_EQ(v[0].targets, std::vector<std::string>{"NVDA"});
  EXPECT_EQ(v[0].phrases, (std::vector<std::string>{"Beijing", "curbs"}));
  // The price test fails on a small move; an exception vetoes.
  v = ExplainHeadline(rules, "Beijing curbs Nvidia chips", "", -0.01);
  EXPECT_FALSE(v[0].price_held);
  EXPECT_FALSE(v[0].matched);
  EXPECT_FALSE(v[0].reason.empty());
  v = ExplainHeadline(rules, "Beijing denies it curbs Nvidia chips", "", std::nullopt);
  EXPECT_EQ(v[0].exception, "denied");
  EXPECT_FALSE(v[0].matched);
}

TEST(RuleChecksTest, InlineTestsPassAndFailWithTheirLocation) {
  auto rules = Load();
  ASSERT_NE(rules, nullptr);
  const std::vector<InlineTestResult> results = RunInlineTests(rules);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].passed) << results[0].reason;
  EXPECT_EQ(results[0].index, 0u);
  EXPECT_FALSE(results[1].passed) << "the exception vetoes the second headline";
  EXPECT_EQ(results[1].rule, "curbs");
  EXPECT_EQ(results[1].headline, "Beijing denies it curbs Nvidia chips");
  EXPECT_EQ(results[1].location.file, "p.yaml");
  EXPECT_GT(results[1].location.line, 0);
}

}  // namespace
}  // namespace tripline
