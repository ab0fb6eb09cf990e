#include "app/evaluation/significance.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace tripline::evaluation {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

double StudentTwoSidedP(double t, double df) {
  if (!std::isfinite(t) || !std::isfinite(df) || df < 1) return kNaN;
  const boost::math::students_t dist(df);
  return std::min(1.0, 2 * boost::math::cdf(boost::math::complement(dist, std::fabs(t))));
}

TTest OneSampleT(const std::vector<double>& values) {
  TTest r;
  double sum = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    sum += v;
    ++r.n;
  }
  r.mean = r.sd = r.t = r.p = kNaN;
  if (r.n == 0) return r;
  r.mean = sum / static_cast<double>(r.n);
  if (r.n < 2) return r;
  double ss = 0;
  for (double v : values) {
    if (!std::isnan(v)) ss += (v - r.mean) * (v - r.mean);
  }
  r.sd = std::sqrt(ss / static_cast<double>(r.n - 1));
  if (r.sd > 0) {
    r.t = r.mean / (r.sd / std::sqrt(static_cast<double>(r.n)));
    r.p = StudentTwoSidedP(r.t, static_cast<double>(r.n - 1));
  }
  return r;
}

SignTest Sign(const std::vector<double>& values) {
  SignTest s;
  for (double v : values) {
    if (std::isnan(v) || v == 0) continue;
    ++s.n;
    if (v > 0) ++s.positive;
  }
  if (s.n == 0) {
    s.p = kNaN;
    return s;
  }
  // Two-sided: twice the smaller tail, the tail including the observed count.
  const boost::math::binomial dist(static_cast<double>(s.n), 0.5);
  const double k = static_cast<double>(std::min(s.positive, s.n - s.positive));
  s.p = std::min(1.0, 2 * boost::math::cdf(dist, k));
  return s;
}

TTest Bmp(const std::vector<double>& abnormal, const std::vector<double>& scales) {
  std::vector<double> standardized;
  for (size_t i = 0; i < abnormal.size() && i < scales.size(); ++i) {
    if (std::isnan(abnormal[i]) || !(scales[i] > 0)) continue;
    standardized.push_back(abnormal[i] / scales[i]);
  }
  return OneSampleT(standardized);
}

MarketModelFit FitMarketModel(const std::vector<double>& x, const std::vector<double>& y) {
  MarketModelFit f;
  double sx = 0, sy = 0;
  size_t n = 0;
  for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
    if (std::isnan(x[i]) || std::isnan(y[i])) continue;
    sx += x[i];
    sy += y[i];
    ++n;
  }
  f.n = n;
  if (n < 3) return f;
  const double mx = sx / static_cast<double>(n), my = sy / static_cast<double>(n);
  double sxx = 0, sxy = 0;
  for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
    if (std::isnan(x[i]) || std::isnan(y[i])) continue;
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  if (!(sxx > 0)) return f;  // a flat benchmark identifies no beta
  f.beta = sxy / sxx;
  f.alpha = my - f.beta * mx;
  double sse = 0;
  for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
    if (std::isnan(x[i]) || std::isnan(y[i])) continue;
    const double e = y[i] - f.alpha - f.beta * x[i];
    sse += e * e;
  }
  f.resid_sd = std::sqrt(sse / static_cast<double>(n - 2));
  f.ok = true;
  return f;
}

}  // namespace tripline::evaluation
