// Pipeline: the engine's second half, shared by backtest and live like the first (the ingest
// kernel, core/ingest.h, which decodes and merges). It takes the merged, decoded events, hands
// each to the evaluator, and forwards the signals to the sink, counting what passes through.
// Only the sources and sinks at the edges differ between backtest and live.
//
// Thread-safety: single-threaded; one pipeline per engine thread. Events are handled in a
// fixed order, which is what makes signals deterministic.
#ifndef TRIPLINE_CORE_PIPELINE_H_
#define TRIPLINE_CORE_PIPELINE_H_

#include <cstdint>
#include <map>
#include <string>

#include "core/event_evaluator.h"
#include "core/events.h"
#include "core/signal_sink.h"

namespace tripline {

struct PipelineStats {
  uint64_t headlines = 0;
  uint64_t prices = 0;
  uint64_t signals = 0;
  std::map<std::string, uint64_t> signals_by_rule;  // ordered for stable reports
};

class Pipeline final : private SignalSink {
 public:
  // Neither is owned; both must outlive the pipeline.
  Pipeline(EventEvaluator* evaluator, SignalSink* sink) : evaluator_(evaluator), sink_(sink) {}
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Handles one decoded event.
  void Process(const Event& event);
  // End of input: lets the evaluator flush what it holds back.
  void Finish() { evaluator_->Finish(*this); }

  const PipelineStats& stats() const { return stats_; }

 private:
  void Emit(const Signal& signal) override;

  EventEvaluator* evaluator_;
  SignalSink* sink_;
  PipelineStats stats_;
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_PIPELINE_H_
