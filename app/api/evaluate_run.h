// The evaluation's replay and measurement, shared by `tripline evaluate`
// (app/cli/evaluate_command.cc) and the Python module (python/src/tripline_module.cc): the
// backtest of one or two packs and the ForwardReturnTracker in one pass, then the statistics
// and the A/B pairing, from which the writers of app/evaluation (signals.csv, summary.json,
// report.html) produce the same bytes for both callers.
//
// Thread-safety: one thread per call; calls share nothing.
#ifndef TRIPLINE_APP_API_EVALUATE_RUN_H_
#define TRIPLINE_APP_API_EVALUATE_RUN_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "app/evaluation/evaluation_result.h"
#include "app/evaluation/forward_returns.h"
#include "core/dead_letter.h"
#include "rules/compiled_rules.h"

namespace tripline::api {

struct EvaluationInputs {
  std::vector<std::string> headline_files;
  std::vector<std::string> price_files;
  // The packs' paths as summary.json and the report name them: [A] or [A, B].
  std::vector<std::string> pack_paths;
  std::vector<evaluation::Horizon> horizons;
  uint64_t seed = 1;
  int draws = 20;           // baseline draws per signal
  evaluation::Costs costs;  // per side (--cost-bp); the packs' `cost_bp:` fill the gaps
  // The strategy's exit horizon (--pnl-horizon): a name in `horizons` (a duration or close);
  // empty: the first of 1h, then the longest duration, then close.
  std::string pnl_horizon;
};

// What one run found. Not movable: `result.tracker` points into it.
struct EvaluationRun {
  std::unique_ptr<evaluation::ForwardReturnTracker> tracker;
  evaluation::EvaluationResult result;
  double seconds = 0;  // the replay, wall time
};

// Replays the inputs through one pipeline per pack (`packs`, loaded by the caller, in the order
// of `inputs.pack_paths`) and the tracker. Lines that do not decode go to `dead_letters` (may
// be null). Error: an input that cannot be opened or read.
absl::StatusOr<std::unique_ptr<EvaluationRun>> RunEvaluation(
    const EvaluationInputs& inputs, const std::vector<std::shared_ptr<const CompiledRules>>& packs,
    DeadLetterSink* dead_letters, bool progress_on_stderr);

}  // namespace tripline::api

#endif  // TRIPLINE_APP_API_EVALUATE_RUN_H_
