// KafkaLiveLoop: the Kafka adapter around the live engine's kernel (LiveCore). It only moves
// bytes and offsets; every decision about order, replay, duplicates and ownership is LiveCore's
// and is tested there without a broker.
//
// 1. KafkaConsumeLoop wakes the loop when the consumer's queue becomes non-empty (no polling)
//    and at least every keepalive; each drain polls until the queue is empty and handles a
//    chunk of `batch_max` messages, posting itself again while more are ready.
// 2. Messages go into LiveCore's partition buffers, which merge them in the backtest's order,
//    decode and evaluate them, and hand signals and dead letters to the KafkaOutput.
// 3. Commits go by interval, as Kafka Streams' commit.interval.ms: one transaction (or one wait
//    for delivery) covers every message handled within `commit_interval_ms`, or
//    `commit_max_messages`, whichever comes first. Input that is waiting is never held back by
//    a commit timer: a chunk of `batch_max` messages is handled per loop turn, then the loop
//    yields to its other handlers (admin requests, signals) and goes on. An aborted
//    transaction rewinds the consumer, and the rebuilt engine reads the batch again.
// 4. Post-commit sinks (LiveCore::AddPostCommitSink: demo printing, a page, tests) see a
//    signal only after its transaction committed.
// Rebalances commit the open transaction first (the consumer calls back before it revokes).
//
// Thread-safety: everything runs on the io_context's thread; Stop() must be called there too
// (post it). The consumer must report partition ends (enable.partition.eof=true): the merge
// waits for a partition only until it is known to be at its end.
#ifndef TRIPLINE_IO_KAFKA_KAFKA_LIVE_LOOP_H_
#define TRIPLINE_IO_KAFKA_KAFKA_LIVE_LOOP_H_

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "absl/status/status.h"
#include "core/clock.h"
#include "core/event_evaluator.h"
#include "core/metrics.h"
#include "io/kafka/kafka_consume_loop.h"
#include "io/kafka/kafka_consumer.h"
#include "io/kafka/kafka_output.h"
#include "io/kafka/live_core.h"
#include "io/kafka/topic_names.h"

namespace tripline {

struct KafkaLiveLoopOptions {
  std::string headlines_topic = kDefaultHeadlinesTopic;
  std::string prices_topic = kDefaultPricesTopic;
  // The headlines topic is the router's output (`tripline route`): its partitions carry the
  // router's progress markers, and the merge waits for them (LivePartition::progress_markers).
  bool headlines_routed = false;
  // Messages handled per loop turn before yielding to the loop's other handlers.
  size_t batch_max = 1000;
  // A transaction (or, at-least-once, a wait for delivery and an offset commit) per interval:
  // exactly-once signals become visible to read_committed subscribers at the commit, so this
  // bounds their added latency; a shorter one costs throughput (commit round trips).
  int64_t commit_interval_ms = 100;
  // ... or per this many handled messages, whichever comes first.
  size_t commit_max_messages = 100000;
  // Read-ahead cap per partition: a partition with this many buffered messages is paused
  // (librdkafka stops fetching it) until half of them were handled. Memory stays bounded while
  // the merge waits for a partition that is behind, without ever handling out of order. A
  // pause drops what librdkafka prefetched for the partition (up to queued.min.messages,
  // 100,000 by default) and fetches it again on resume, so the cap sits above that: at 10,000
  // the pauses cost 90% of the backlog throughput (bench/RESULTS.md).
  size_t partition_buffer = 200000;
  // LiveCoreOptions::idle_ns, in milliseconds.
  int64_t partition_idle_ms = 0;
  // State rebuild after an assignment: how far back (message time) to read again, so that the
  // rules' windows, cooldowns and novelty see the recent past. 0 disables.
  int64_t state_lookback_ms = 0;
  // Poll at least this often when no message woke the loop, so that a quiet market does not
  // exceed max.poll.interval.ms (the group would evict the engine and rebalance).
  int64_t keepalive_ms = 1000;
};

struct KafkaLiveLoopCounts {
  uint64_t batches = 0;  // committed transactions (or at-least-once offset commits)
  uint64_t pauses = 0;   // partitions paused because their buffers were full
  uint64_t consumer_errors = 0;
};

class KafkaLiveLoop final {
 public:
  // None owned; all must outlive the loop. `metrics` may be null.
  KafkaLiveLoop(boost::asio::io_context* io, KafkaConsumer* consumer, KafkaOutput* output,
                EventEvaluator* evaluator, KafkaLiveLoopOptions options, MetricsRegistry* metrics);
  ~KafkaLiveLoop();
  KafkaLiveLoop(const KafkaLiveLoop&) = delete;
  KafkaLiveLoop& operator=(const KafkaLiveLoop&) = delete;

  // Starts waiting for input. `on_stopped` runs (on the loop) once the loop has stopped, with
  // OK after Stop() or the error that stopped it (a fenced or fatally failed producer).
  void Start(std::function<void(absl::Status)> on_stopped);
  // Graceful stop: commits the open transaction, flushes what the evaluator holds back in a
  // last batch, then leaves the consumer group. Idempotent.
  void Stop();

  // Called on every rebalance before any message of the new assignment is handled (true:
  // partitions assigned, false: revoked). The live service starts a fresh evaluator here, so
  // state is exactly what the replay of the assigned partitions rebuilds: only the owned
  // instruments', and never an event counted twice.
  void set_assignment_observer(std::function<void(bool assigned)> observer) {
    assignment_observer_ = std::move(observer);
  }
  // Scale-out: a signal is produced only when `owned(signal)` is true (set: the instrument's
  // price partition is assigned to this engine), so that engines sharing a headline never
  // emit the same signal twice.
  void set_ownership_filter(std::function<bool(const Signal&)> owned) {
    core_.set_ownership_filter(std::move(owned));
  }
  // Scale-out: see LiveCore::set_signal_partition.
  void set_signal_partition(std::function<int32_t(const Signal&)> partition_of) {
    core_.set_signal_partition(std::move(partition_of));
  }
  // Called for every signal once its transaction committed (demo printing, tests).
  void set_signal_observer(std::function<void(const Signal&)> observer);
  // Post-commit sinks: see LiveCore::AddPostCommitSink.
  void AddPostCommitSink(SignalSink* sink) { core_.AddPostCommitSink(sink); }
  // Post-commit observers: see LiveCore::AddPostCommitObserver.
  void AddPostCommitObserver(std::function<void(size_t committed)> observer) {
    core_.AddPostCommitObserver(std::move(observer));
  }

  const LiveCoreCounts& counts() const { return core_.counts(); }
  // Input messages handled = decoded + dead letters (the ingest kernel's).
  const IngestCounts& ingest_counts() const { return core_.ingest_counts(); }
  const KafkaLiveLoopCounts& loop_counts() const { return counts_; }
  // What went out: signals and dead letters produced, commits and aborts.
  const KafkaOutputCounts& output_counts() const { return output_->counts(); }
  const PipelineStats& pipeline_stats() const { return core_.pipeline_stats(); }
  bool stopped() const { return consume_.stopped(); }
  // True once every assigned partition has been read to its end at least once since start.
  bool caught_up() const { return caught_up_; }
  // Seconds the last state rebuild took (0 before any): what a rebalance costs.
  double last_rebuild_seconds() const { return core_.last_rebuild_seconds(); }

 private:
  EventTime CommitInterval() const { return options_.commit_interval_ms * 1'000'000; }
  // A SignalSink that calls a function: the signal observer as a post-commit sink.
  class ObserverSink final : public SignalSink {
   public:
    void Emit(const Signal& signal) override {
      if (fn) fn(signal);
    }
    std::function<void(const Signal&)> fn;
  };

  void ArmCommitTimer();
  // KafkaConsumeLoop's drain: true when more input is ready than one turn handles.
  bool Drain();
  // Polls into the core's buffers; returns how many messages (or errors) were polled.
  size_t Fill();
  // Opens a transaction if none is open; false (after Fail) when it cannot.
  bool EnsureTransaction();
  // Commits the open transaction when due (or `force`); false when the loop stopped.
  bool MaybeCommit(bool force);
  // Commits the open transaction with the handled offsets. `rebalancing`: called from the
  // consumer's rebalance callback, where an abort must not rewind (the assignment does).
  void CommitOpen(bool rebalancing);
  void OnAssignment(const rd_kafka_topic_partition_list_t* assigned,
                    const std::vector<int64_t>& replay_until);
  void Fail(absl::Status status);
  void UpdateCaughtUp();
  // The LiveCore index of `msg`'s partition, or -1.
  int PartitionIndex(const rd_kafka_message_t* msg);
  // Pauses the partitions whose buffers are full, resumes those drained to half.
  void Throttle();

  KafkaConsumer* consumer_;
  KafkaOutput* output_;
  KafkaLiveLoopOptions options_;
  SystemClock clock_;
  LiveCore core_;
  ObserverSink observer_sink_;
  KafkaConsumeLoop consume_;
  boost::asio::steady_timer commit_timer_;
  std::vector<rd_kafka_message_t*> polled_;
  std::vector<LiveCommitPoint> commit_points_;
  std::vector<uint8_t> paused_;                         // by LiveCore partition index
  std::vector<const rd_kafka_topic_t*> topic_handles_;  // likewise; null until first seen
  std::function<void(absl::Status)> on_stopped_;
  std::function<void(bool)> assignment_observer_;
  absl::Status fatal_;  // a fatal consumer error seen while filling
  // The open transaction: when it began, and how many messages it holds.
  bool in_txn_ = false;
  bool commit_timer_armed_ = false;
  bool caught_up_ = false;
  KafkaLiveLoopCounts counts_;
  Histogram* commit_seconds_ = nullptr;  // null without a metrics registry
};

}  // namespace tripline

#endif  // TRIPLINE_IO_KAFKA_KAFKA_LIVE_LOOP_H_
