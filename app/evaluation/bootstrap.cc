#include "app/evaluation/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tripline::evaluation {

uint64_t StableHash(std::string_view text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

ConfidenceInterval BootstrapMeanCi(const std::vector<double>& values, uint64_t seed, int resamples,
                                   double level) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (values.empty() || resamples <= 0) return {nan, nan};
  SplitMix64 rng(seed);
  std::vector<double> means(static_cast<size_t>(resamples));
  const uint64_t n = values.size();
  for (double& m : means) {
    double sum = 0;
    for (uint64_t i = 0; i < n; ++i) sum += values[rng.Below(n)];
    m = sum / static_cast<double>(n);
  }
  std::sort(means.begin(), means.end());
  const double tail = (1 - level) / 2;
  auto at = [&](double q) {
    const size_t i =
        static_cast<size_t>(std::clamp(std::floor(q * static_cast<double>(means.size() - 1) + 0.5),
                                       0.0, static_cast<double>(means.size() - 1)));
    return means[i];
  };
  return {at(tail), at(1 - tail)};
}

}  // namespace tripline::evaluation
