// app/evaluation/return_stats.cc: hit rates, means and medians, and the abnormal returns' summary.
#include "app/evaluation/return_stats.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tripline::evaluation {
namespace {

TEST(ReturnStatsTest, HitRateMeanMedianDropNaN) {
  const ReturnStats s = Summarise({0.01, -0.02, 0.03, std::nan(""), 0.0}, 7, 200);
  EXPECT_EQ(s.n, 4u);
  EXPECT_DOUBLE_EQ(s.hit_rate, 0.5);  // 0 is not a hit
  EXPECT_NEAR(s.mean, 0.005, 1e-12);
  EXPECT_NEAR(s.median, 0.005, 1e-12);
  EXPECT_LE(s.ci.low, s.mean);
  EXPECT_GE(s.ci.high, s.mean);
}

TEST(SignificanceTest, AbnormalSummaryCountsModelsAndClusteredDays) {
  const AbnormalStats a = SummariseAbnormal(
      {0.02, 0.01, -0.01}, {0.01, 0.005, 0.02}, {100, 100, 101},
      {AbnormalModel::kMarketModel, AbnormalModel::kBenchmarkAdjusted, AbnormalModel::kRaw});
  EXPECT_NEAR(a.t.mean, 0.02 / 3, 1e-15);
  EXPECT_NEAR(a.bmp.t, 1.4, 1e-12);
  EXPECT_NEAR(a.median, 0.01, 1e-15);
  EXPECT_EQ(a.event_days, 2u);
  EXPECT_TRUE(a.clustered);
  EXPECT_EQ(a.market_model + a.benchmark_adjusted + a.raw, 3u);
}

}  // namespace
}  // namespace tripline::evaluation
