// app/evaluation/bootstrap.cc: the seeded generator and the bootstrap interval of a mean.
#include "app/evaluation/bootstrap.h"

#include <gtest/gtest.h>

#include <vector>

namespace tripline::evaluation {
namespace {

TEST(BootstrapTest, SameSeedSameIntervalOtherSeedOtherDraws) {
  std::vector<double> v;
  SplitMix64 rng(3);
  for (int i = 0; i < 50; ++i) v.push_back(static_cast<double>(rng.Below(1000)) / 1000 - 0.5);
  const ConfidenceInterval a = BootstrapMeanCi(v, 42);
  const ConfidenceInterval b = BootstrapMeanCi(v, 42);
  const ConfidenceInterval c = BootstrapMeanCi(v, 43);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.high, b.high);
  EXPECT_TRUE(a.low != c.low || a.high != c.high);
  EXPECT_LT(a.low, a.high);
  // SplitMix64 is a fixed algorithm: its first output for seed 0 is the published value.
  EXPECT_EQ(SplitMix64(0).Next(), 0xE220A8397B1DCDAFull);
}

}  // namespace
}  // namespace tripline::evaluation
