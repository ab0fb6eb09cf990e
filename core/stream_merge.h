// StreamMerge: a k-way merge of event streams into one stream in replay order.
//
// Order: ascending order time (recv_ts when present, else ts); ties broken by the stream's
// index (the order streams were added: the backtest adds headline files before price files, in
// command-line order), then by position within the stream. The merged order is therefore the
// same on every run. Each input stream is assumed to be in order already (recordings are);
// an out-of-order event is passed through where it stands, never reordered or dropped.
//
// Cost: O(k) per event, a scan over the k streams' heads: k is the number of recorded files (two
// or a few), where one comparison beats a heap's bookkeeping. No allocation after Add().
// Thread-safety: one thread.
#ifndef TRIPLINE_CORE_STREAM_MERGE_H_
#define TRIPLINE_CORE_STREAM_MERGE_H_

#include <cstddef>
#include <vector>

#include "core/event_stream.h"
#include "core/merge_order.h"

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
  // The next event of each stream, by order time; exhausted streams are removed. Ties go to the
  // lower stream index, and a stream's own events keep their order, so no sequence is needed.
  using Head = MergeHead;
  void Refill(size_t head);

  std::vector<EventStream*> streams_;
  std::vector<Head> heads_;  // in stream order
  size_t current_ = 0;
  size_t current_head_ = 0;
  bool started_ = false;
  bool current_pending_ = false;
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_STREAM_MERGE_H_
