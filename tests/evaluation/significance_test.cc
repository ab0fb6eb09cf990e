// app/evaluation/significance.cc: t tests, the sign test, BMP and the market model.
#include "app/evaluation/significance.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tripline::evaluation {
namespace {

// ---- Abnormal returns and their significance (docs/evaluation.md, "Abnormal returns") ----
// Expected values computed by hand; the p values from closed forms of the t CDF that hold for
// small degrees of freedom (checked in Python's math module):
//   df = 2: F(t) = 1/2 + t / (2 sqrt(2 + t^2))
//   df = 3: F(t) = 1/2 + (1/pi) (u / (1 + u^2) + atan(u)), u = t / sqrt(3)

TEST(SignificanceTest, OneSampleTMatchesTheHandComputation) {
  // mean 0.01; deviations 0, 0.01, -0.015, 0.005: sum of squares 3.5e-4, sd sqrt(3.5e-4 / 3);
  // t = 0.01 / (sd / 2) = 1.8516402; df 3: p = 2 (1 - F(t)) = 0.16116185.
  const TTest t = OneSampleT({0.01, 0.02, -0.005, 0.015, std::nan("")});
  EXPECT_EQ(t.n, 4u);
  EXPECT_NEAR(t.mean, 0.01, 1e-15);
  EXPECT_NEAR(t.sd, std::sqrt(3.5e-4 / 3), 1e-15);
  EXPECT_NEAR(t.t, 1.851640199545103, 1e-12);
  EXPECT_NEAR(t.p, 0.16116184721351945, 1e-10);
  // One value has no spread; no value has no mean.
  EXPECT_TRUE(std::isnan(OneSampleT({0.01}).t));
  EXPECT_TRUE(std::isnan(OneSampleT({}).mean));
  // A large t with df 1 (Cauchy): p = 1 - 2 atan(t) / pi.
  EXPECT_NEAR(StudentTwoSidedP(10, 1), 1 - 2 * std::atan(10.0) / M_PI, 1e-12);
}

TEST(SignificanceTest, SignTestIsTwiceTheSmallerBinomialTail) {
  // 7 of 9 non-zero values positive (the 0 is dropped): p = 2 P(X <= 2), X ~ B(9, 1/2)
  // = 2 (1 + 9 + 36) / 512 = 0.1796875.
  const SignTest s = Sign({1, 2, 3, 4, 5, 6, 7, -1, -2, 0, std::nan("")});
  EXPECT_EQ(s.positive, 7u);
  EXPECT_EQ(s.n, 9u);
  EXPECT_NEAR(s.p, 92.0 / 512, 1e-12);
  EXPECT_NEAR(Sign({1, -1}).p, 1.0, 1e-12);  // balanced: capped at 1
  EXPECT_TRUE(std::isnan(Sign({0, 0}).p));
}

TEST(SignificanceTest, BmpStandardizesEachEventByItsOwnScale) {
  // Standardized: 0.02 / 0.01 = 2, 0.01 / 0.005 = 2, -0.01 / 0.02 = -0.5; mean 7/6, sd
  // sqrt(25/12), t = (7/6) / (sd / sqrt 3) = 1.4; df 2: p = 1 - 1.4 / sqrt(3.96) = 0.2964735.
  // The fourth pair has no scale and is dropped.
  const TTest b = Bmp({0.02, 0.01, -0.01, 0.5}, {0.01, 0.005, 0.02, std::nan("")});
  EXPECT_EQ(b.n, 3u);
  EXPECT_NEAR(b.t, 1.4, 1e-12);
  EXPECT_NEAR(b.p, 0.29647352931855164, 1e-10);
}

TEST(SignificanceTest, MarketModelIsOrdinaryLeastSquares) {
  // x = 1..5, y = 2, 4, 5, 4, 5 (times 1e-3): sxy = 6, sxx = 10, beta 0.6, alpha 4 - 0.6 * 3 =
  // 2.2; residuals -0.8, 0.6, 1.0, -0.6, -0.2: sse 2.4, sd sqrt(2.4 / 3).
  const MarketModelFit f =
      FitMarketModel({1e-3, 2e-3, 3e-3, 4e-3, 5e-3}, {2e-3, 4e-3, 5e-3, 4e-3, 5e-3});
  ASSERT_TRUE(f.ok);
  EXPECT_NEAR(f.beta, 0.6, 1e-12);
  EXPECT_NEAR(f.alpha, 2.2e-3, 1e-15);
  EXPECT_NEAR(f.resid_sd, std::sqrt(0.8) * 1e-3, 1e-15);
  EXPECT_FALSE(FitMarketModel({1e-3, 1e-3, 1e-3}, {1e-3, 2e-3, 3e-3}).ok);  // flat benchmark
}

}  // namespace
}  // namespace tripline::evaluation
