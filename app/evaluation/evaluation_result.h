// EvaluationResult: everything one `tripline evaluate` run found, as the output writers
// (summary.json, report.html) read it. Borrowed pointers; the tracker must outlive it.
//
// Thread-safety: plain value.
#ifndef TRIPLINE_APP_EVALUATION_EVALUATION_RESULT_H_
#define TRIPLINE_APP_EVALUATION_EVALUATION_RESULT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/evaluation/forward_returns.h"
#include "app/evaluation/pack_comparison.h"
#include "app/evaluation/return_stats.h"
#include "app/evaluation/strategy.h"

namespace tripline::evaluation {

struct EvaluationResult {
  const ForwardReturnTracker* tracker = nullptr;
  std::vector<std::string> pack_paths;  // [A] or [A, B]
  std::vector<PackSummary> packs;       // same order
  std::optional<PackComparison> comparison;
  std::vector<std::string> headline_files;
  std::vector<std::string> price_files;
  uint64_t headlines = 0;
  uint64_t prices = 0;
  uint64_t seed = 0;
  int resamples = 1000;
  Costs costs;                             // per side, for the net figures and the strategy
  std::vector<StrategyResult> strategies;  // per pack, same order; empty without a horizon
};

// summary.json (docs/evaluation.md): the run's settings, per pack the overall and per-rule
// statistics per horizon with their baseline, and the A/B comparison when there is one.
std::string SummaryJson(const EvaluationResult& result);

}  // namespace tripline::evaluation

#endif  // TRIPLINE_APP_EVALUATION_EVALUATION_RESULT_H_
