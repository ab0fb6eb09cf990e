#include <gtest/gtest.h>

#include "rules/rule_checks.h"
#include "rules/rule_engine.h"
#include "rules/rule_loader.h"
#include "tests/rules/engine_test_util.h"

namespace tripline {
namespace {

const std::string kPackDir = std::string(TRIPLINE_SOURCE_DIR) + "/rules/packs/china-ai-chips";

TEST(DefaultPack, LoadsAndEveryInlineTestPasses) {
  auto rules = LoadRules(kPackDir);
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_GE((*rules)->rule_count(), 6u);
  auto results = RunInlineTests(*rules);
  EXPECT_GE(results.size(), 20u);
  for (const InlineTestResult& r : results) {
    EXPECT_TRUE(r.passed) << r.rule << "#" << r.index << " " << r.headline << ": " << r.reason;
  }
  // Every rule written in the pack has positive cases and near-misses (a beneficiary rule
  // shares its parent's headline condition and tests).
  for (const Rule& rule : (*rules)->rules()) {
    if (!rule.derived_from.empty()) {
      EXPECT_GE((*rules)->RuleIndex(rule.derived_from), 0) << rule.id;
      continue;
    }
    bool pos = false, neg = false;
    for (const RuleTest& t : rule.tests) (t.expect_match ? pos : neg) = true;
    EXPECT_TRUE(pos && neg) << rule.id;
  }
}

TEST(DefaultPack, H20GuidanceScenarioGivesOneShortNvdaSignal) {
  auto rules = LoadRules(kPackDir);
  ASSERT_TRUE(rules.ok()) << rules.status();
  RuleEngine engine(*rules);
  testing::EventFactory f;
  testing::RecordingSink sink;
  const EventTime t0 = 1755007200LL * kNanosPerSecond;  // 2025-08-12T14:00:00Z
  const EventTime m = kNanosPerMinute;
  engine.OnPrice(f.P("NVDA", t0 - 24 * 60 * m, 182.0, PriceKind::kClose), sink);
  engine.OnPrice(f.P("NVDA", t0 - 5 * m, 182.0), sink);
  engine.OnHeadline(f.H("n-1", t0 - 4 * m, "Reuters", "Nvidia launches H20 successor for China"),
                    sink);
  engine.OnHeadline(
      f.H("n-2", t0 - 3 * m, "Reuters", "China denies issuing guidance against Nvidia chips"),
      sink);
  engine.OnHeadline(f.H("n-3", t0 - 2 * m, "Wire", "H20 water shortage: Beijing urges rationing"),
                    sink);
  engine.OnHeadline(f.H("h-007", t0, "Bloomberg",
                        "Beijing urges firms to avoid Nvidia H20 chips in informal guidance"),
                    sink);
  engine.OnPrice(f.P("NVDA", t0 + 20 * m, 178.0), sink);
  engine.OnPrice(f.P("NVDA", t0 + 40 * m, 174.9), sink);
  ASSERT_EQ(sink.signals.size(), 1u);
  const Signal& s = sink.signals[0];
  EXPECT_EQ(s.rule, "cn_guidance_against_us_ai_chips");
  EXPECT_EQ(s.instrument, "NVDA");
  EXPECT_EQ(s.direction, Direction::kShort);
  EXPECT_GE(s.score, 0.7);
  EXPECT_EQ(s.headlines[0].id, "h-007");
}

}  // namespace
}  // namespace tripline
