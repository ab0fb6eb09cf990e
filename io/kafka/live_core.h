// LiveCore: the Kafka policy around the ingest kernel (core/ingest.h), in plain C++ with no
// Kafka types, so that everything the live path decides is tested with in-memory partitions and
// a test clock (tests/io/live_core_test.cc), and the Kafka adapter (KafkaLiveLoop) only moves
// bytes and offsets. Each assigned partition is a source of the kernel that waits; the kernel
// decodes, dead-letters, counts and merges exactly as in a backtest.
//
// The data path, per message:
//   1. The adapter pushes each consumed message into its partition's buffer (Push) and reports
//      partition ends (MarkEnd).
//   2. Merge (the kernel's): messages leave the buffers in MergeOrder (core/merge_order.h, the
//      backtest's rule and key): by the event's own availability time (recv_ts, else ts, read
//      when the message comes to its partition's front and is decoded, once; a message that
//      does not decode keeps its predecessor's), ties to the lower stream index. The Kafka
//      timestamp plays no part in the order, so live, a restart and a backtest of the same input
//      see one sequence. Streams are numbered headline partitions first, then price partitions,
//      each by partition number, as the backtest adds headline files before price files. A message
//      leaves only when every other partition has a buffered message, or has reported its end and
//      been quiet for `idle_ns` (clock time) -- for a routed headline partition, until its progress
//      markers say the router has passed that time: so a backlog replays in exactly the order a
//      backtest would,
//      however unevenly its partitions are fetched. (A full buffer never lets a message jump
//      ahead; the adapter bounds memory by pausing the partitions that are far ahead.)
//   3. Replay gate: a message below its partition's `replay_until` was handled by a
//      predecessor; it only rebuilds state (no signal, no dead letter, no offset).
//   4. Dedupe: the router puts one copy of a headline in every partition that needs it; an
//      engine owning several evaluates it once (copies carry the original's timestamp and an
//      origin hash). When some copies lie below their partition's committed offset and others
//      above (partitions from different previous owners), the headline is evaluated once, as
//      live, and emits only the signals of the partitions whose copy is live.
//   5. The kernel's decoded event -> the Pipeline -> the evaluator, or its dead letter with
//      origin "topic/partition/offset".
//   6. Ownership: with several engines, a signal is produced only by the engine that owns the
//      partition of the instrument it correlates with.
//   7. Sinks: the transactional sinks (the open Kafka transaction) get every signal and dead
//      letter at once; post-commit sinks get a batch's signals only after Committed(), and never
//      those of an aborted batch.
//
// Offsets: each handled (non-replayed) message advances its partition's next offset to commit;
// TakeCommit() hands them over once per commit, with the timestamp of the last handled message
// (a successor's state rebuild starts from it).
//
// Thread-safety: one thread (the live loop's) calls everything.
#ifndef TRIPLINE_IO_KAFKA_LIVE_CORE_H_
#define TRIPLINE_IO_KAFKA_LIVE_CORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/dead_letter.h"
#include "core/event_evaluator.h"
#include "core/ingest.h"
#include "core/ingest_source.h"
#include "core/metrics.h"
#include "core/pipeline.h"
#include "core/ring_deque.h"
#include "core/signal_sink.h"
#include "io/kafka/router_coverage.h"
#include "io/kafka/topic_names.h"

namespace tripline {

// What a consumed message is. Progress markers come from the router (`tripline route`) into
// every partition of the routed headline topic: "every headline whose order time is below
// `order_ts` has been routed" (kProgress), and kCaughtUp adds "and I had read my input to its
// end", with what that covers by position (RouterCoverage): which prices were appended before
// it, and which input headlines it had routed. They carry no event; they tell the merge when a
// routed partition with no buffered headline may be passed over (see
// LivePartition::progress_markers).
enum class LiveMessageKind : uint8_t { kData, kProgress, kCaughtUp };

// One consumed message. `payload` is borrowed until the core hands `handle` back through the
// release function (right after the message was handled, or when it is dropped).
struct LiveMessage {
  int64_t offset = 0;
  int64_t timestamp_ms = -1;  // the message timestamp: the input's availability time
  std::string_view payload;
  uint64_t origin = 0;  // routed copies: hash of the `tripline.origin` header; 0 otherwise
  void* handle = nullptr;
  LiveMessageKind kind = LiveMessageKind::kData;
  // A progress marker's: the router's progress time, set by the adapter. (A data message's order
  // time is in its bytes: the kernel reads it when it decodes the message.)
  EventTime order_ts = 0;
  // A caught-up marker's coverage (RouterCoverage's text), borrowed like the payload.
  std::string_view covers;
  // A routed copy's origin in the router's input (from `tripline.origin`); -1: unknown.
  int32_t origin_partition = -1;
  int64_t origin_offset = -1;
};

// One assigned partition.
struct LivePartition {
  std::string topic;
  int32_t partition = 0;
  bool headlines = false;
  // Messages below this offset were handled by a predecessor and only rebuild state; -1: none.
  int64_t replay_until = -1;
  // A routed headline partition: its end (EOF) says only that the router has not written more
  // yet, not that no earlier headline will come. A buffered progress marker lets earlier
  // messages of other partitions go first (it merges at its progress time); once the partition
  // is empty the merge waits, except for what the last caught-up marker covers (a price
  // appended before the router found its input at its end, another routed partition's copy of
  // a headline it had routed: RouterCoverage), or for `idle_ns` at most. Markers on a headline
  // partition without this flag are passed by and hold nothing.
  bool progress_markers = false;
};

// What to commit for one partition: the next offset to read and the timestamp of the last
// handled message.
struct LiveCommitPoint {
  const std::string* topic = nullptr;
  int32_t partition = 0;
  int64_t next_offset = -1;
  int64_t last_timestamp_ms = -1;
};

struct LiveCoreOptions {
  // How long a partition that reported its end must stay quiet before the merge stops waiting
  // for it. 0: not at all (lowest latency; messages that arrive late on a quiet partition are
  // handled after later-stamped ones of other partitions). More: the merge order is the
  // backtest's whenever the partitions' skew is below it.
  EventTime idle_ns = 0;
  // Metric labels.
  std::string headlines_topic = kDefaultHeadlinesTopic;
  std::string prices_topic = kDefaultPricesTopic;
  std::string signals_topic = kDefaultSignalsTopic;
  std::string dlq_topic = kDefaultDeadLetterTopic;
};

// One source per fact: messages, decoded and dead letters are the kernel's (ingest_counts());
// signals the evaluator produced are the pipeline's (pipeline_stats()); signals that went out
// are the sink's (KafkaOutput::counts() live).
struct LiveCoreCounts {
  uint64_t replayed = 0;          // read again only to rebuild state after an assignment
  uint64_t not_owned = 0;         // signals dropped by the ownership filter (another engine's)
  uint64_t duplicate_copies = 0;  // routed headline copies already handled via another partition
  uint64_t replayed_copy_signals = 0;  // not emitted: that partition's copy was handled before
  uint64_t dropped = 0;                // buffered messages dropped by a reassignment or a rewind
  uint64_t progress_markers = 0;       // the router's progress markers passed
};

class LiveCore final : private SignalSink {
 public:
  // None owned; all must outlive the core. `signals` and `dead_letters` are the transactional
  // sinks; `metrics` may be null.
  LiveCore(EventEvaluator* evaluator, SignalSink* signals, DeadLetterSink* dead_letters,
           const Clock* clock, LiveCoreOptions options, MetricsRegistry* metrics);
  ~LiveCore() override;
  LiveCore(const LiveCore&) = delete;
  LiveCore& operator=(const LiveCore&) = delete;

  // Hands a message's handle back to its owner (the adapter frees librdkafka's message).
  void set_release(std::function<void(void*)> release) { release_ = std::move(release); }
  // Scale-out: a signal is produced only when `owned(signal)` is true.
  void set_ownership_filter(std::function<bool(const Signal&)> owned) { owned_ = std::move(owned); }
  // Scale-out: the partition number of the routed headline topic (= of the prices topic) that a
  // signal belongs to, or -1. With it, a routed headline whose copies are replayed in some
  // partitions and live in others emits only the signals of the partitions where it is live
  // (the others' were emitted by their previous owner).
  void set_signal_partition(std::function<int32_t(const Signal&)> partition_of) {
    partition_of_ = std::move(partition_of);
  }
  // Post-commit sinks (terminal, web page): see only committed signals. Each signal is copied
  // until its transaction commits, so register a sink only where the signal itself is needed.
  void AddPostCommitSink(SignalSink* sink) { post_commit_.push_back(sink); }
  // Post-commit observers: told how many signals a commit made visible, without copies of them
  // (the last-signal gauge: copying every signal for it cost the live path 3% of its samples).
  void AddPostCommitObserver(std::function<void(size_t committed)> observer) {
    commit_observers_.push_back(std::move(observer));
  }

  // A new assignment (the caller swapped in a fresh evaluator first): drops what was buffered
  // and uncommitted-but-unhandled, and numbers the partitions in merge order.
  void Assign(const std::vector<LivePartition>& partitions);
  // Index of a partition in the current assignment, or -1.
  int Find(std::string_view topic, int32_t partition) const;
  const LivePartition& partition(int index) const { return parts_[index]->spec; }
  size_t partition_count() const { return parts_.size(); }

  // Buffers a message (decoded once, when it comes to its partition's front).
  void Push(int index, const LiveMessage& message);
  // The partition has no more messages for now (Kafka's partition EOF).
  void MarkEnd(int index);
  // Drops every buffered message (before a rewind to the committed offsets).
  void Drop();

  // True when the merge can hand over a message now.
  bool HasReady() { return ingest_.Peek() >= 0; }
  // Handles up to `max` messages that are ready in merge order; returns how many.
  size_t Process(size_t max);
  // End of input (a clean stop): the evaluator flushes what it holds back.
  void Finish();

  // False between two copies of one routed headline: a commit there would leave the copies on
  // both sides of the committed offsets, and a successor could not tell whose signals were
  // emitted (see step 4). The adapter commits only at a boundary (a forced commit -- a
  // rebalance -- may still split them).
  bool AtCommitBoundary() const;
  // Batches: one transaction (or offset commit) covers what is handled from BeginBatch() until
  // the batch is due: `interval` (clock time) has passed since it began, or it holds
  // `max_messages`, and the merge is at a commit boundary. The clock is the core's, so a test
  // clock drives the commit interval as it drives the idle time.
  void BeginBatch();
  bool BatchDue(EventTime interval, size_t max_messages) const;
  // Clock time until the batch's interval is up (0 when it is).
  EventTime BatchTimeLeft(EventTime interval) const;

  // True when messages were handled since the last TakeCommit().
  bool has_uncommitted() const { return uncommitted_; }
  // The partitions handled since the last call, with their next offsets; resets them.
  void TakeCommit(std::vector<LiveCommitPoint>* out);
  // The adapter committed everything handed to the transactional sinks so far.
  void Committed();
  // The adapter rolled it back: its signals never reach the post-commit sinks.
  void Aborted();

  size_t buffered() const { return buffered_; }
  size_t buffered(int index) const { return parts_[index]->messages.size(); }
  const LiveCoreCounts& counts() const { return counts_; }
  // Handled input messages (not counting replayed ones) = decoded + dead letters.
  const IngestCounts& ingest_counts() const { return ingest_.counts(); }
  const PipelineStats& pipeline_stats() const { return pipeline_.stats(); }
  // True while some partition is still replaying to rebuild state.
  bool rebuilding() const { return replays_open_ > 0; }
  // Wall seconds the last state rebuild took (0 before any): what a rebalance costs.
  double last_rebuild_seconds() const { return last_rebuild_seconds_; }

 private:
  // One assigned partition: a source of the kernel that waits while it is not known to be at
  // its end (the merge order's rules for a quiet partition, step 2, are in Front()).
  struct Partition final : IngestSource {
    SourceFront Front(SourceMessage* message) override;
    void Pop() override;
    void AppendOrigin(std::string* out) const override;

    LiveCore* core = nullptr;
    LivePartition spec;
    RingDeque<LiveMessage> messages;  // no allocation once grown to its high-water mark
    EventTime quiet_since = kNoTime;  // clock time of its end report; kNoTime: not at its end
    // A routed partition: what the last caught-up marker pushed vouches for (true whether or
    // not the router still lives; it is consulted only once the partition is empty, i.e. the
    // marker and every copy ahead of it were handled).
    RouterCoverage covered;
    int64_t next_offset = -1;  // to commit; -1: nothing handled since the last commit
    int64_t last_timestamp_ms = -1;
  };

  // True when no message that the router has not routed yet can precede whichever buffered
  // message merges next, as far as `routed` (empty, at its end) knows: every other partition's
  // front is covered by its last caught-up marker (see LivePartition::progress_markers).
  bool CoveredByRouter(const Partition& routed) const;
  void Handle(int index, Partition* p, const LiveMessage& m);
  // A progress marker left the merge: only its offset is handled.
  void PassMarker(Partition* p, const LiveMessage& m);
  void EndReplay(Partition* p);
  bool IsRoutedCopySeen(const LiveMessage& m);
  // The routed partitions (numbers) whose copy of `m`'s headline is live, `m`'s own included,
  // into live_copies_; scans the other headline partitions' buffers for it.
  void FindLiveCopies(const Partition& p, const LiveMessage& m, bool m_live);
  void Emit(const Signal& signal) override;

  Pipeline pipeline_;
  SignalSink* signals_;
  const Clock* clock_;
  LiveCoreOptions options_;
  MetricsRegistry* metrics_;
  std::function<void(void*)> release_;
  std::function<bool(const Signal&)> owned_;
  std::function<int32_t(const Signal&)> partition_of_;
  // While a routed headline with copies in several partitions is evaluated: the partitions
  // whose copy is live (signals of others are not emitted).
  bool copy_gate_ = false;
  std::vector<int32_t> live_copies_;
  std::vector<SignalSink*> post_commit_;
  std::vector<Signal> uncommitted_signals_;  // for the post-commit sinks
  std::vector<std::function<void(size_t)>> commit_observers_;
  size_t uncommitted_signal_count_ = 0;            // for the post-commit observers
  std::vector<std::unique_ptr<Partition>> parts_;  // in merge order: the kernel's sources
  Ingest ingest_;
  size_t buffered_ = 0;
  bool uncommitted_ = false;
  EventTime batch_start_ = 0;
  size_t batch_messages_ = 0;
  // Origins of the routed headlines handled at message timestamp copies_ts_.
  int64_t copies_ts_ = -1;
  std::vector<uint64_t> copies_;
  // The last handled routed copy: its timestamp and origin (0: none since the last commit).
  int64_t last_copy_timestamp_ms_ = -1;
  uint64_t last_copy_origin_ = 0;
  bool replaying_ = false;          // the current message only rebuilds state
  uint32_t timing_tick_ = 0;        // which messages' decode and evaluation are timed
  EventTime current_input_ts_ = 0;  // message time of the event being evaluated
  size_t replays_open_ = 0;
  EventTime replay_start_ = 0;
  uint64_t replayed_at_start_ = 0;
  double last_rebuild_seconds_ = 0;
  LiveCoreCounts counts_;

  // Metric series, resolved once (null when metrics_ is null); per-code and per-rule series
  // are resolved on first use (LabeledCounter), so no string is built and no lock taken per
  // message.
  Counter* in_headlines_ = nullptr;
  Counter* in_prices_ = nullptr;
  Counter* out_signals_ = nullptr;
  Counter* out_dlq_ = nullptr;
  Histogram* eval_seconds_ = nullptr;
  Histogram* input_to_signal_seconds_ = nullptr;
  std::unique_ptr<LabeledCounter> dead_letters_by_code_;
  std::unique_ptr<LabeledCounter> signals_by_rule_;
};

}  // namespace tripline

#endif  // TRIPLINE_IO_KAFKA_LIVE_CORE_H_
