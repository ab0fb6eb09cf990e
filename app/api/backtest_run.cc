#include "app/api/backtest_run.h"

#include <chrono>
#include <cstdio>

#include "core/replay_progress.h"
#include "io/files/recorded_input.h"
#include "rules/rule_engine.h"

namespace tripline::api {

absl::StatusOr<BacktestRun> ReplayBacktest(const std::vector<std::string>& headline_files,
                                           const std::vector<std::string>& price_files,
                                           std::shared_ptr<const CompiledRules> rules,
                                           SignalSink* signals, DeadLetterSink* dead_letters,
                                           bool progress_on_stderr) {
  // Headline files first, then price files, each in the order given: the merge's tie-break
  // order for events available at the same instant.
  auto input = RecordedInput::Open(headline_files, price_files, dead_letters);
  if (!input.ok()) return input.status();

  RuleEngine engine(std::move(rules));
  Pipeline pipeline(&engine, signals);
  // A progress line on a terminal only, and never from the Python module (a notebook's
  // stderr is no terminal, but a script's may be).
  ReplayProgress progress = progress_on_stderr ? ReplayProgress::ForStderr((*input)->total_bytes())
                                               : ReplayProgress(stderr, false, 0);
  auto bytes_read = [&input] { return (*input)->bytes_read(); };
  const auto start = std::chrono::steady_clock::now();
  BacktestRun run;
  run.read_status = (*input)->Replay([&](const Event& event) {
    pipeline.Process(event);
    progress.OnEvent(bytes_read);
  });
  pipeline.Finish();
  progress.Finish(bytes_read());
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.messages = (*input)->counts().messages;
  run.stats = pipeline.stats();
  return run;
}

}  // namespace tripline::api
