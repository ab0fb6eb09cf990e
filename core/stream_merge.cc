#include "core/stream_merge.h"

namespace tripline {

void StreamMerge::Add(EventStream* stream) {
  streams_.push_back(stream);
  heads_.reserve(streams_.size());
}

void StreamMerge::Refill(size_t head) {
  EventStream* stream = streams_[heads_[head].stream];
  if (stream->Next()) {
    heads_[head].order_ts = stream->current().order_ts();
  } else {
    heads_.erase(heads_.begin() + static_cast<std::ptrdiff_t>(head));
  }
}

bool StreamMerge::Next() {
  if (!started_) {
    started_ = true;
    for (uint32_t i = 0; i < streams_.size(); ++i) {
      if (streams_[i]->Next()) heads_.push_back(Head{streams_[i]->current().order_ts(), i});
    }
  } else if (current_pending_) {
    // The previous event's stream may advance only now: its event had to stay valid until here.
    Refill(current_head_);
  }
  current_pending_ = false;
  if (heads_.empty()) return false;
  size_t best = 0;
  for (size_t h = 1; h < heads_.size(); ++h) {
    if (MergesBefore(heads_[h], heads_[best])) best = h;
  }
  current_head_ = best;
  current_ = heads_[best].stream;
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
