#include "core/pipeline.h"

namespace tripline {

void Pipeline::Process(const Event& event) {
  if (event.kind == EventKind::kHeadline) {
    ++stats_.headlines;
    evaluator_->OnHeadline(event.headline, *this);
  } else {
    ++stats_.prices;
    evaluator_->OnPrice(event.price, *this);
  }
}

void Pipeline::Emit(const Signal& signal) {
  ++stats_.signals;
  ++stats_.signals_by_rule[signal.rule];
  sink_->Emit(signal);
}

}  // namespace tripline
