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

absl::Status Pipeline::Run(EventStream& stream) {
  while (stream.Next()) Process(stream.current());
  Finish();
  return stream.status();
}

void Pipeline::Emit(const Signal& signal) {
  ++stats_.signals;
  ++stats_.signals_by_rule[signal.rule];
  sink_->Emit(signal);
}

}  // namespace tripline
