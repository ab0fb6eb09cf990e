// app/evaluation/pack_comparison.cc: the A/B pairing of two packs' signals.
#include "app/evaluation/pack_comparison.h"

#include <gtest/gtest.h>

#include "app/evaluation/return_stats.h"
#include "tests/evaluation/tracked_signals.h"

namespace tripline::evaluation {
namespace {

TEST(PackComparisonTest, OnlyInAOnlyInBChangedAndWorse) {
  ForwardReturnTracker t(H("1m"), {"NVDA", "AMD"}, 1, 0);
  t.AddSignal(MakeSignal("guidance", "NVDA", Direction::kShort, kT0, "n-1", 0.9), 0);
  t.AddSignal(MakeSignal("guidance", "NVDA", Direction::kShort, kT0, "n-1", 0.7), 1);
  t.AddSignal(MakeSignal("export", "AMD", Direction::kShort, kT0, "n-2"), 0);   // only A
  t.AddSignal(MakeSignal("export", "NVDA", Direction::kShort, kT0, "n-3"), 1);  // only B
  Tick(t, "NVDA", kT0, 100);
  Tick(t, "AMD", kT0, 50);
  Tick(t, "NVDA", kT0 + 30 * kNanosPerSecond, 99);  // NVDA fell: both NVDA shorts hit
  Tick(t, "AMD", kT0 + 30 * kNanosPerSecond, 51);   // AMD rose: A's AMD short missed
  Tick(t, "NVDA", kT0 + 2 * kMin, 99);
  Tick(t, "AMD", kT0 + 2 * kMin, 51);
  t.Finish();
  const PackSummary a = SummarisePack(t, 0, 1, 100), b = SummarisePack(t, 1, 1, 100);
  EXPECT_DOUBLE_EQ(a.overall.horizons[0].signals.hit_rate, 0.5);
  EXPECT_DOUBLE_EQ(b.overall.horizons[0].signals.hit_rate, 1.0);
  const PackComparison c = ComparePacks(t, a, b);
  ASSERT_EQ(c.only_a.size(), 1u);
  EXPECT_EQ(c.only_a[0]->instrument, "AMD");
  ASSERT_EQ(c.only_b.size(), 1u);
  EXPECT_EQ(c.only_b[0]->rule, "export");
  ASSERT_EQ(c.changed.size(), 1u);
  EXPECT_EQ(c.changed[0].what, "score 0.70 -> 0.90");
  EXPECT_NEAR(c.hit_rate_change[0], -0.5, 1e-12);
  EXPECT_TRUE(c.worse);
  EXPECT_FALSE(ComparePacks(t, b, a).worse);
}

}  // namespace
}  // namespace tripline::evaluation
