// Significance tests for abnormal returns (docs/evaluation.md, "Abnormal returns"): the one-sample
// Student t test of a mean, the sign test (binomial), the Boehmer-Musumeci-Poulsen (1991)
// standardized cross-sectional test, and the ordinary least squares fit of the market model.
// The distributions are Boost.Math's (header-only, Debian's libboost-dev): a hand-written
// incomplete beta function would be one more thing to get wrong.
//
// Thread-safety: pure functions.
#ifndef TRIPLINE_APP_EVALUATION_SIGNIFICANCE_H_
#define TRIPLINE_APP_EVALUATION_SIGNIFICANCE_H_

#include <cstddef>
#include <vector>

namespace tripline::evaluation {

struct TTest {
  size_t n = 0;
  double mean = 0;  // NaN when n == 0
  double sd = 0;    // sample standard deviation (n - 1); NaN when n < 2
  double t = 0;     // mean / (sd / sqrt(n)); NaN when n < 2 or sd == 0
  double p = 0;     // two-sided, Student t with n - 1 degrees of freedom; NaN with t
};

// The one-sample t test of mean zero. NaNs in `values` are dropped.
TTest OneSampleT(const std::vector<double>& values);

// Two-sided p value of a t statistic with `df` degrees of freedom; NaN when either is not finite
// or df < 1.
double StudentTwoSidedP(double t, double df);

struct SignTest {
  size_t positive = 0;  // values > 0
  size_t n = 0;         // non-zero values (ties at 0 carry no sign and are dropped)
  double p = 0;         // two-sided binomial(n, 1/2) p value; NaN when n == 0
};

// The sign test of median zero. NaNs are dropped.
SignTest Sign(const std::vector<double>& values);

// The Boehmer-Musumeci-Poulsen test: each event's abnormal return divided by its own standard
// deviation from the estimation window (`scales`, same length), then the cross-sectional t
// test of those standardized returns. Robust to the variance an event adds, which a plain t
// test mistakes for signal, and to the events' differing volatilities. Pairs where either is
// NaN or the scale is not positive are dropped.
TTest Bmp(const std::vector<double>& abnormal, const std::vector<double>& scales);

struct MarketModelFit {
  size_t n = 0;      // pairs used
  double alpha = 0;  // per period
  double beta = 0;
  double resid_sd = 0;  // residual standard deviation per period, n - 2 degrees of freedom
  bool ok = false;      // n >= 3 and the benchmark varied
};

// OLS of y (the instrument's returns) on x (the benchmark's), pair by pair.
MarketModelFit FitMarketModel(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace tripline::evaluation

#endif  // TRIPLINE_APP_EVALUATION_SIGNIFICANCE_H_
