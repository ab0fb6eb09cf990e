// EvaluatorSlot: an EventEvaluator that forwards to another one which can be replaced between
// events. The live engine starts a fresh evaluator on every partition assignment and rebuilds
// its state from the input (see docs/operations.md, "Scale-out"), while the pipeline keeps
// pointing at the slot.
//
// Thread-safety: the pipeline thread only; Set() between events.
#ifndef TRIPLINE_CORE_EVALUATOR_SLOT_H_
#define TRIPLINE_CORE_EVALUATOR_SLOT_H_

#include "core/event_evaluator.h"

namespace tripline {

class EvaluatorSlot final : public EventEvaluator {
 public:
  // `target` is not owned and must stay valid until replaced.
  explicit EvaluatorSlot(EventEvaluator* target) : target_(target) {}
  void Set(EventEvaluator* target) { target_ = target; }

  void OnHeadline(const Headline& headline, SignalSink& out) override {
    target_->OnHeadline(headline, out);
  }
  void OnPrice(const PriceTick& tick, SignalSink& out) override { target_->OnPrice(tick, out); }
  void Finish(SignalSink& out) override { target_->Finish(out); }

 private:
  EventEvaluator* target_;
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_EVALUATOR_SLOT_H_
