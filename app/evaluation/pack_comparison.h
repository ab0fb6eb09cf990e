// PackComparison: two rule packs replayed over the same recording (A = the candidate, --rules;
// B = the baseline, --baseline-rules). Signals are paired by rule, instrument and the story's
// first headline (or, without a headline, the signal's event time), so a changed score, count
// or evidence shows as a change rather than as one removed and one added signal.
//
// Thread-safety: pure function over finished results.
#ifndef TRIPLINE_APP_EVALUATION_PACK_COMPARISON_H_
#define TRIPLINE_APP_EVALUATION_PACK_COMPARISON_H_

#include <string>
#include <vector>

#include "app/evaluation/forward_returns.h"
#include "app/evaluation/return_stats.h"

namespace tripline::evaluation {

struct SignalChange {
  const SignalOutcome* a = nullptr;
  const SignalOutcome* b = nullptr;
  std::string what;  // "score 0.70 -> 0.85; count 1 -> 3; evidence"
};

struct PackComparison {
  std::vector<const SignalOutcome*> only_a;
  std::vector<const SignalOutcome*> only_b;
  std::vector<SignalChange> changed;
  size_t unchanged = 0;
  // Per horizon: A's overall hit rate minus B's (NaN when either has no value there).
  std::vector<double> hit_rate_change;
  // True when A's hit rate is below B's at any horizon where both have values.
  bool worse = false;
};

// Pairs pack 0's and pack 1's outcomes of `tracker` and compares the summaries.
PackComparison ComparePacks(const ForwardReturnTracker& tracker, const PackSummary& a,
                            const PackSummary& b);

}  // namespace tripline::evaluation

#endif  // TRIPLINE_APP_EVALUATION_PACK_COMPARISON_H_
