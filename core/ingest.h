// Ingest: the ingest kernel that backtest and live share. It takes raw messages from ordered
// sources (core/ingest_source.h: recorded files, Kafka partitions), decodes each once, merges
// them into one sequence in MergeOrder (core/merge_order.h), sends bad input to the dead-letter
// sink with its origin, and counts what passed: messages = decoded + dead letters. What follows
// the kernel is the Pipeline (core/pipeline.h); what precedes it are the adapters at the edge.
//
// The merge looks at one message per source, its head: each source has its own decoder, and a
// head is decoded when it comes to the front, so its event stays valid until it is popped while
// the other sources decode theirs. A message that does not decode has no time of its own: it
// keeps its place after its source's previous message (or goes first when it is the source's
// first). A source that must be heard from first (kWait) stops the merge.
//
// Replay() is the whole loop of `tripline backtest`, `evaluate` and `rules eval`; the live core
// (io/kafka/live_core.h) calls Peek/Deliver/Pop itself, because its Kafka policy (replay gate,
// routed-copy dedupe, offsets) decides per message whether it is live.
//
// Thread-safety: one thread. Cost per message: one decode, one scan over the k sources' heads
// (k is small: a few files, a dozen partitions), no allocation in steady state.
#ifndef TRIPLINE_CORE_INGEST_H_
#define TRIPLINE_CORE_INGEST_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/dead_letter.h"
#include "core/event_decoder.h"
#include "core/events.h"
#include "core/ingest_source.h"
#include "core/metrics.h"

namespace tripline {

struct IngestCounts {
  uint64_t messages = 0;  // handed over as live (not counting markers and state rebuilds)
  uint64_t decoded = 0;
  uint64_t dead_letters = 0;
};

// The decoded front message of one source.
struct IngestHead {
  bool marker = false;
  bool decoded = false;
  EventTime order_ts = 0;
  Event event;         // when decoded
  DeadLetter failure;  // when neither decoded nor a marker: code and message
};

class Ingest {
 public:
  using DecoderFactory = std::function<std::unique_ptr<EventDecoder>()>;

  // `dead_letters` (not owned, may be null) receives bad input.
  Ingest(DecoderFactory make_decoder, DeadLetterSink* dead_letters);
  Ingest(const Ingest&) = delete;
  Ingest& operator=(const Ingest&) = delete;

  // Adds a source (not owned; must outlive its use) as the next stream index: callers add
  // headline sources before price sources, each in order (the merge's tie-break).
  void Add(IngestSource* source);
  // Forgets every source (a new assignment).
  void Clear();
  // Forgets the decoded heads: the sources dropped what they held (a rewind).
  void DropHeads();

  // The source whose head merges first, or -1: some source must be heard from first, or every
  // source has ended. Decodes the heads it has not seen yet; calling it again changes nothing.
  int Peek();
  const IngestHead& head(int source) const { return slots_[source].head; }

  // Hands the head of `source` on: a decoded event to `on_event(const Event&)`, bad input to
  // the dead-letter sink. `live` false: the message was handled before (a predecessor's, below
  // its committed offset) and only rebuilds state: no dead letter and no count.
  template <typename OnEvent>
  void Deliver(int source, bool live, OnEvent&& on_event) {
    const IngestHead& h = slots_[source].head;
    if (live) ++counts_.messages;
    if (h.decoded) {
      if (live) ++counts_.decoded;
      on_event(h.event);
    } else if (live) {
      DeadLetterHead(source);
    }
  }
  // Done with the head of `source`: its source may move on.
  void Pop(int source) {
    Slot& s = slots_[source];
    if (!s.filled) return;
    s.filled = false;
    s.source->Pop();
  }

  // Every message of every source, in merge order, to `on_event`; markers pass by. Returns when
  // every source has ended (or one waits: replays read files, which never wait).
  template <typename OnEvent>
  void Replay(OnEvent&& on_event) {
    for (int s; (s = Peek()) >= 0; Pop(s)) {
      if (!slots_[s].head.marker) Deliver(s, true, on_event);
    }
  }

  const IngestCounts& counts() const { return counts_; }
  // Times one decode in 16 into `seconds` (not owned; null: none).
  void set_decode_seconds(Histogram* seconds) { decode_seconds_ = seconds; }

 private:
  struct Slot {
    IngestSource* source = nullptr;
    std::unique_ptr<EventDecoder> decoder;
    IngestHead head;
    bool filled = false;
    std::string_view bytes;             // of the head, for its dead letter
    EventTime last_order_ts = kNoTime;  // of the source's last decoded message
  };
  void Fill(Slot* slot, const SourceMessage& m);
  void DeadLetterHead(int source);

  DecoderFactory make_decoder_;
  DeadLetterSink* dead_letters_;
  std::vector<Slot> slots_;  // in stream order
  IngestCounts counts_;
  DeadLetter letter_;  // reused: its origin is built per dead letter
  Histogram* decode_seconds_ = nullptr;
  uint32_t timing_tick_ = 0;
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_INGEST_H_
