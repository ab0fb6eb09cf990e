// StreamMerge: a k-way merge of event streams into one stream in replay order.
//
// Order: ascending order time (recv_ts when present, else ts); ties broken by the stream's
// index (the order streams were added: the backtest adds headline files before price files, in
// command-line order), then by position within the stream. The merged order is therefore the
// same on every run. Each input stream is assumed to be in order already (recordings are);
// an out-of-order event is passed through where it stands, never reordered or dropped.
//
// Cost: O(log k) per event with a binary heap over the k streams; no allocation after Add().
// Thread-safety: one thread.
#ifndef TRIPLINE_ENGINE_STREAM_MERGE_H_
#define TRIPLINE_ENGINE_STREAM_MERGE_H_

#include <vector>

#include "engine/event_stream.h"

namespace tripline {

class StreamMerge final : public EventStream {
 public:
  StreamMerge() = default;
  StreamMerge(const StreamMerge&) = delete;
  StreamMerge& operator=(const StreamMerge&) = delete;

  // Adds a stream (not owned; must outlive the merge). Call before the first Next().
  void Add(EventStream* stream);

  bool Next() override;
  const Event& current() const override { return streams_[current_]->current(); }
  // First non-OK status of any input stream.
  absl::Status status() const override;
  // Index (in Add() order) of the stream the current event came from.
  size_t current_stream() const { return current_; }

 private:
  struct Head {
    EventTime order_ts;
    uint32_t stream;
    uint64_t seq;
  };
  static bool Later(const Head& a, const Head& b);
  void Push(uint32_t stream);

  std::vector<EventStream*> streams_;
  std::vector<uint64_t> seq_;
  std::vector<Head> heap_;
  size_t current_ = 0;
  bool started_ = false;
  bool current_pending_ = false;
};

}  // namespace tripline

#endif  // TRIPLINE_ENGINE_STREAM_MERGE_H_
