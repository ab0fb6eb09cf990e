// The backtest's replay, shared by `tripline backtest` (app/cli/backtest_command.cc) and the
// Python module (python/src/tripline_module.cc): the recorded files in replay order
// (RecordedInput) -> Pipeline(RuleEngine) -> a signal sink. One function, so that the CLI's
// signals and the module's are the same object code over the same event order.
//
// Thread-safety: one thread per call; calls share nothing (the rules are immutable).
#ifndef TRIPLINE_APP_API_BACKTEST_RUN_H_
#define TRIPLINE_APP_API_BACKTEST_RUN_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/dead_letter.h"
#include "core/pipeline.h"
#include "core/signal_sink.h"
#include "rules/compiled_rules.h"

namespace tripline::api {

struct BacktestRun {
  PipelineStats stats;
  uint64_t messages = 0;  // decoded + dead letters
  double seconds = 0;     // the replay, wall time
  // The first read error of any input (the replay stopped at it); OK otherwise.
  absl::Status read_status;
};

// Replays `headline_files` then `price_files` (each in the order given: the merge's tie-break)
// through one RuleEngine on `rules`, emitting to `signals`; lines that do not decode go to
// `dead_letters` (may be null). `progress_on_stderr`: the terminal progress line of
// core/replay_progress.h. Error: an input that cannot be opened (nothing was replayed).
absl::StatusOr<BacktestRun> ReplayBacktest(const std::vector<std::string>& headline_files,
                                           const std::vector<std::string>& price_files,
                                           std::shared_ptr<const CompiledRules> rules,
                                           SignalSink* signals, DeadLetterSink* dead_letters,
                                           bool progress_on_stderr);

}  // namespace tripline::api

#endif  // TRIPLINE_APP_API_BACKTEST_RUN_H_
