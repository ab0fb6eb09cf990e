// app/evaluation/strategy.cc: costs and the fixed-notional strategy that follows the signals.
#include "app/evaluation/strategy.h"

#include <gtest/gtest.h>

#include <optional>

#include "app/evaluation/return_stats.h"
#include "tests/evaluation/tracked_signals.h"

namespace tripline::evaluation {
namespace {

// ---- Costs and the strategy that follows the signals ----

TEST(CostsTest, ParsesADefaultAndPerInstrumentExceptions) {
  auto c = ParseCosts("5, 0981.HK=12");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_DOUBLE_EQ(c->SideFraction("NVDA"), 5e-4);
  EXPECT_DOUBLE_EQ(c->SideFraction("0981.HK"), 12e-4);
  EXPECT_EQ(ParseCosts("cheap").status().message(),
            "--cost-bp: 'cheap' is neither a cost in bp per side (5) nor INSTRUMENT=BP "
            "(0981.HK=12)");
  EXPECT_FALSE(ParseCosts("=3").ok());
  EXPECT_FALSE(ParseCosts("-1").ok());
}

TEST(StrategyTest, FixedNotionalWithCostsRetractionsUnwindAndDrawdown) {
  ForwardReturnTracker t(H("5m,close"), {"NVDA", "AMD"}, 1, 0);
  Signal s1 = MakeSignal("r", "NVDA", Direction::kLong, kT0, "n-1");
  Signal s2 = MakeSignal("r", "AMD", Direction::kShort, kT0, "n-2");
  Signal s3 = MakeSignal("r", "NVDA", Direction::kLong, kT0 + kMin, "n-3");
  t.AddSignal(s1, 0);
  t.AddSignal(s2, 0);
  Tick(t, "NVDA", kT0, 100);
  Tick(t, "AMD", kT0, 50);
  t.AddSignal(s3, 0);
  Tick(t, "NVDA", kT0 + kMin, 100.5);  // s3's entry
  Signal retraction = MakeSignal("r", "NVDA", Direction::kLong, kT0 + 2 * kMin, "n-4");
  retraction.retracts = s3.signal_id;
  t.AddSignal(retraction, 0);
  Tick(t, "NVDA", kT0 + 2 * kMin, 100);  // s3 unwinds here
  Tick(t, "NVDA", kT0 + 5 * kMin, 101);
  Tick(t, "AMD", kT0 + 5 * kMin, 50.25);
  Tick(t, "NVDA", kT0 + 6 * kMin, 101);
  Tick(t, "AMD", kT0 + 6 * kMin, 50.25);
  t.Finish();
  auto costs = ParseCosts("5,AMD=20");
  ASSERT_TRUE(costs.ok());
  ASSERT_EQ(StrategyHorizon(t.horizons(), ""), std::optional<size_t>(0));  // longest duration
  ASSERT_EQ(StrategyHorizon(t.horizons(), "close"), std::optional<size_t>(1));
  const StrategyResult r = RunStrategy(t, 0, 0, *costs);
  // By hand, in bp of one unit, round trips of 10 bp (NVDA) and 40 bp (AMD):
  //   s3 exits first (unwound at +2 min): gross 100 / 100.5 - 1 = -49.751 bp, net -59.751;
  //   s1 at +5 min: gross +100, net +90;  s2 (short AMD 50 -> 50.25): gross -50, net -90.
  // Net curve -59.751, +30.249, -59.751: the drawdown from the +30.249 peak is -90.
  ASSERT_EQ(r.trades, 3u);
  EXPECT_EQ(r.unwound, 1u);
  EXPECT_EQ(r.net_winners, 1u);
  const double s3_gross = 100 / 100.5 - 1;
  EXPECT_NEAR(r.gross, 0.01 - 0.005 + s3_gross, 1e-12);
  EXPECT_NEAR(r.net, 0.009 - 0.009 + s3_gross - 0.001, 1e-12);
  EXPECT_NEAR(r.max_drawdown, -0.009, 1e-12);
  ASSERT_EQ(r.curve.size(), 3u);
  EXPECT_EQ(r.curve[0].ts, kT0 + 2 * kMin);
  EXPECT_NEAR(r.curve[1].net, s3_gross - 0.001 + 0.009, 1e-12);
  EXPECT_EQ(r.days, 1u);
  EXPECT_DOUBLE_EQ(r.turnover_per_day, 6);
  // Net mean per horizon: the mean less each signal's round trip.
  const PackSummary p = SummarisePack(t, 0, 1, 0, &*costs);
  EXPECT_NEAR(p.overall.horizons[0].net_mean,
              p.overall.horizons[0].signals.mean - (0.001 + 0.004 + 0.001) / 3, 1e-12);
}

}  // namespace
}  // namespace tripline::evaluation
