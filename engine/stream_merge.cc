#include "engine/stream_merge.h"

#include <algorithm>

namespace tripline {

void StreamMerge::Add(EventStream* stream) {
  streams_.push_back(stream);
  seq_.push_back(0);
  heap_.reserve(streams_.size());
}

bool StreamMerge::Later(const Head& a, const Head& b) {
  if (a.order_ts != b.order_ts) return a.order_ts > b.order_ts;
  if (a.stream != b.stream) return a.stream > b.stream;
  return a.seq > b.seq;
}

void StreamMerge::Push(uint32_t stream) {
  if (!streams_[stream]->Next()) return;
  heap_.push_back(Head{streams_[stream]->current().order_ts(), stream, seq_[stream]++});
  std::push_heap(heap_.begin(), heap_.end(), Later);
}

bool StreamMerge::Next() {
  if (!started_) {
    started_ = true;
    for (uint32_t i = 0; i < streams_.size(); ++i) Push(i);
  } else if (current_pending_) {
    // The previous event's stream may advance only now: its event had to stay valid until here.
    Push(static_cast<uint32_t>(current_));
  }
  current_pending_ = false;
  if (heap_.empty()) return false;
  std::pop_heap(heap_.begin(), heap_.end(), Later);
  current_ = heap_.back().stream;
  heap_.pop_back();
  current_pending_ = true;
  return true;
}

absl::Status StreamMerge::status() const {
  for (const EventStream* s : streams_) {
    if (!s->status().ok()) return s->status();
  }
  return absl::OkStatus();
}

}  // namespace tripline
