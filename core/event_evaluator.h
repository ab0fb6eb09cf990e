// EventEvaluator: what the pipeline feeds each decoded event to. The rule engine
// (rules/rule_engine.h) implements it; the engine itself knows nothing of rules.
//
// Contract: events arrive one at a time in replay (or arrival) order on one thread; an
// implementation may keep state across events and emits signals to `out` synchronously.
// Finish() marks the end of the input (a backtest's last event, a clean shutdown) and
// flushes whatever the implementation still holds back (e.g. aggregated flood counts).
#ifndef TRIPLINE_CORE_EVENT_EVALUATOR_H_
#define TRIPLINE_CORE_EVENT_EVALUATOR_H_

#include "core/events.h"
#include "core/signal_sink.h"

namespace tripline {

class EventEvaluator {
 public:
  virtual ~EventEvaluator() = default;
  virtual void OnHeadline(const Headline& headline, SignalSink& out) = 0;
  virtual void OnPrice(const PriceTick& tick, SignalSink& out) = 0;
  virtual void Finish(SignalSink& out) {}
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_EVENT_EVALUATOR_H_
