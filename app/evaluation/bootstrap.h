// Seeded randomness for the evaluation: a SplitMix64 generator (fixed algorithm, so the same
// seed gives the same numbers on every platform and run) and the bootstrap confidence interval
// of a mean.
//
// Thread-safety: plain values and pure functions.
#ifndef TRIPLINE_APP_EVALUATION_BOOTSTRAP_H_
#define TRIPLINE_APP_EVALUATION_BOOTSTRAP_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace tripline::evaluation {

// SplitMix64 (Steele, Lea, Flood 2014). Not std::mt19937 + a distribution, whose outputs the
// standard leaves to the library: summary.json must not change with the toolchain.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0. (Multiply-shift: the bias is below 2^-32 for the n used here.)
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }

 private:
  uint64_t state_;
};

// A stable 64-bit hash of a name (FNV-1a), to derive one seed per rule and horizon.
uint64_t StableHash(std::string_view text);

struct ConfidenceInterval {
  double low = 0;
  double high = 0;
};

// Percentile bootstrap interval of the mean of `values` at `level` (0.95): `resamples` resamples
// with replacement drawn from SplitMix64(seed). NaN bounds when values is empty.
ConfidenceInterval BootstrapMeanCi(const std::vector<double>& values, uint64_t seed,
                                   int resamples = 1000, double level = 0.95);

}  // namespace tripline::evaluation

#endif  // TRIPLINE_APP_EVALUATION_BOOTSTRAP_H_
