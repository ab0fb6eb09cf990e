// The statistics the evaluation reports per rule and overall: count, hit rate, mean and median
// direction-adjusted return with a bootstrap interval of the mean, each next to the random-time
// baseline of the same instruments, sessions and directions; and the abnormal returns against
// the benchmark with their t, sign and Boehmer-Musumeci-Poulsen tests.
//
// Thread-safety: pure functions over the tracker's results.
#ifndef TRIPLINE_APP_EVALUATION_RETURN_STATS_H_
#define TRIPLINE_APP_EVALUATION_RETURN_STATS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "app/evaluation/bootstrap.h"
#include "app/evaluation/forward_returns.h"
#include "app/evaluation/significance.h"
#include "app/evaluation/strategy.h"

namespace tripline::evaluation {

struct ReturnStats {
  size_t n = 0;           // values with a price (NaNs dropped)
  double hit_rate = 0;    // fraction of values > 0; NaN when n == 0
  double mean = 0;        // NaN when n == 0
  double median = 0;      // NaN when n == 0
  ConfidenceInterval ci;  // bootstrap 95% interval of the mean; NaN when not computed
};

// NaNs in `values` are dropped. `resamples` 0 skips the interval.
ReturnStats Summarise(std::vector<double> values, uint64_t seed, int resamples);

// The abnormal returns of a group's directional, entered signals at one horizon
// (docs/evaluation.md, "Abnormal returns").
struct AbnormalStats {
  TTest t;                 // n, mean, sd, t statistic, two-sided p (Student t, n - 1 df)
  double median = 0;       // NaN when n == 0
  double hit_rate = 0;     // fraction > 0; NaN when n == 0
  SignTest sign;           // binomial sign test
  TTest bmp;               // Boehmer-Musumeci-Poulsen: t test of the standardized abnormal returns
  size_t event_days = 0;   // distinct UTC days of the entries
  bool clustered = false;  // two or more events on one day: prefer the BMP figure
  size_t market_model = 0, benchmark_adjusted = 0, raw = 0;  // how many each model gave
};

// `values` and `scales` pair up; `days` the entry day of each (for clustering); `models` each
// value's model.
AbnormalStats SummariseAbnormal(const std::vector<double>& values,
                                const std::vector<double>& scales, const std::vector<int64_t>& days,
                                const std::vector<AbnormalModel>& models);

struct HorizonSummary {
  ReturnStats signals;
  ReturnStats baseline;  // no interval
  AbnormalStats abnormal;
  double net_mean = 0;  // mean return less the round trip's cost (two sides); NaN when n == 0
};

// One rule, or every rule of a pack ("overall").
struct GroupSummary {
  std::string name;
  size_t signals = 0;                    // every non-retraction signal
  size_t directional = 0;                // long or short: the ones returns are judged on
  size_t entered = 0;                    // directional ones with an entry tick
  std::vector<HorizonSummary> horizons;  // in the tracker's horizon order
  ReturnStats mfe_1h;
  ReturnStats mae_1h;
  ReturnStats baseline_mfe_1h;
  ReturnStats baseline_mae_1h;
  double median_delay_s = 0;  // first headline to signal; NaN without headlines
};

struct PackSummary {
  GroupSummary overall;
  std::vector<GroupSummary> rules;  // by rule id
  uint64_t retractions = 0;
};

// Summarises pack `pack` of `tracker` (after Finish()). Deterministic: every interval's seed is
// derived from `seed`, the rule and the horizon.
// `costs`: the cost per side for the net figures (null: none).
PackSummary SummarisePack(const ForwardReturnTracker& tracker, int pack, uint64_t seed,
                          int resamples, const Costs* costs = nullptr);

}  // namespace tripline::evaluation

#endif  // TRIPLINE_APP_EVALUATION_RETURN_STATS_H_
