// KafkaLiveLoop: the live engine's consume-transform-produce loop on a Boost.Asio event loop.
//
// 1. The consumer's queue signals a pipe when it becomes non-empty; the loop waits on it (no
//    polling) and takes what is available into one buffer per assigned partition.
// 2. Event-time merge: messages are taken across partitions in message-timestamp order (the
//    input's availability time as its publisher stamped it; headlines before prices on ties,
//    as the backtest merges), and only while every assigned partition has a buffered message
//    or has reported its end, so a backlog replays in the order a backtest would. Up to
//    `batch_max` messages form a batch. Each is decoded by its topic's kind; bad input becomes
//    a dead letter with origin "topic/partition/offset", good input goes through the Pipeline.
// 3. Signals and dead letters go to the KafkaOutput inside one batch (a transaction by
//    default) that commits with the batch's input offsets; an aborted batch rewinds the
//    consumer and is read again.
// A full batch yields to the loop's other handlers (admin requests, signals) before the next.
//
// Thread-safety: everything runs on the io_context's thread; Stop() must be called there too
// (post it). The consumer must report partition ends (enable.partition.eof=true): the
// event-time merge waits for a partition only until it is known to be at its end.
#ifndef TRIPLINE_CONNECTORS_KAFKA_LIVE_LOOP_H_
#define TRIPLINE_CONNECTORS_KAFKA_LIVE_LOOP_H_

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "absl/status/status.h"
#include "connectors/kafka_consumer.h"
#include "connectors/kafka_output.h"
#include "connectors/message_decoder.h"
#include "engine/event_evaluator.h"
#include "engine/event_stream.h"
#include "engine/metrics.h"
#include "engine/pipeline.h"

namespace tripline {

struct KafkaLiveLoopOptions {
  std::string headlines_topic = "news.headlines";
  std::string prices_topic = "market.prices";
  size_t batch_max = 1000;
  // Read-ahead cap: past this many buffered messages a silent partition stops holding the
  // others back (it is then treated as at its end).
  size_t max_buffered = 20000;
  // State rebuild after an assignment: how far back (message time) to read again, so that the
  // rules' windows, cooldowns and novelty see the recent past. 0 disables.
  int64_t state_lookback_ms = 0;
};

struct KafkaLiveLoopCounts {
  uint64_t messages = 0;  // consumed input messages (not counting consumer errors)
  uint64_t decoded = 0;
  uint64_t dead_letters = 0;
  uint64_t batches = 0;
  uint64_t consumer_errors = 0;
  uint64_t replayed = 0;          // messages read again only to rebuild state after an assignment
  uint64_t not_owned = 0;         // signals dropped by the ownership filter (another engine's)
  uint64_t duplicate_copies = 0;  // routed headline copies already handled via another partition
};

class KafkaLiveLoop final : private SignalSink {
 public:
  // None owned; all must outlive the loop. `metrics` may be null.
  KafkaLiveLoop(boost::asio::io_context* io, KafkaConsumer* consumer, KafkaOutput* output,
                EventEvaluator* evaluator, KafkaLiveLoopOptions options, MetricsRegistry* metrics);
  ~KafkaLiveLoop() override;
  KafkaLiveLoop(const KafkaLiveLoop&) = delete;
  KafkaLiveLoop& operator=(const KafkaLiveLoop&) = delete;

  // Starts waiting for input. `on_stopped` runs (on the loop) once the loop has stopped, with
  // OK after Stop() or the error that stopped it (a fenced or fatally failed producer).
  void Start(std::function<void(absl::Status)> on_stopped);
  // Graceful stop: the current batch is already committed (batches run to completion inside
  // one handler), so this flushes what the evaluator holds back in a last batch, then leaves
  // the consumer group. Idempotent.
  void Stop();

  // Called for every signal after it was handed to the output (demo printing, tests).
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
  void set_ownership_filter(std::function<bool(const Signal&)> owned) { owned_ = std::move(owned); }

  void set_signal_observer(std::function<void(const Signal&)> observer) {
    signal_observer_ = std::move(observer);
  }

  const KafkaLiveLoopCounts& counts() const { return counts_; }
  const PipelineStats& pipeline_stats() const { return pipeline_.stats(); }
  bool stopped() const { return stopped_; }
  // True once every assigned partition has been read to its end at least once since start.
  bool caught_up() const { return caught_up_; }
  // Seconds the last state rebuild took (0 before any): what a rebalance costs.
  double last_rebuild_seconds() const { return last_rebuild_seconds_; }

 private:
  struct PartitionBuffer {
    std::string topic;
    // librdkafka's handle of `topic`, learnt from its first message: later messages are matched
    // to their buffer by pointer, not by comparing topic names.
    const rd_kafka_topic_t* rkt = nullptr;
    int32_t partition = 0;
    bool headlines = false;
    bool at_end = false;  // reported its end (partition EOF) since its last message
    // Messages below this offset were handled before (by a predecessor): they only rebuild
    // state, their signals and dead letters are not produced again.
    int64_t replay_until = -1;
    int64_t last_timestamp_ms = -1;  // of the last message handled in the current batch
    int64_t commit_offset = -1;      // offset to commit for the current batch; -1: none
    std::deque<rd_kafka_message_t*> messages;
  };

  void ArmWake();
  void ArmKeepalive();
  void Drain();
  // Moves polled messages into their partitions' buffers; returns how many were polled.
  size_t Fill();
  // Processes up to batch_max ready messages in one output batch; returns how many.
  size_t ProcessReady();
  // The buffer whose head comes next in event-time order, or null when some partition must
  // be heard from first.
  PartitionBuffer* NextReady();
  void OnAssignment(const rd_kafka_topic_partition_list_t* assigned,
                    const std::vector<int64_t>& replay_until);
  void ClearBuffers();
  // Marks `b`'s replay done; the last one logs how long the rebuild took.
  void EndReplay(PartitionBuffer* b);
  void HandleMessage(rd_kafka_message_t* msg, bool headline);
  // True when another copy of this routed headline (same `tripline.origin`) was handled.
  bool IsRoutedCopySeen(const rd_kafka_message_t* msg);
  void Emit(const Signal& signal) override;
  void Fail(absl::Status status);
  void UpdateCaughtUp();

  boost::asio::io_context* io_;
  KafkaConsumer* consumer_;
  KafkaOutput* output_;
  KafkaLiveLoopOptions options_;
  MetricsRegistry* metrics_;
  Pipeline pipeline_;
  MessageDecoder decoder_;
  Event event_;
  boost::asio::posix::stream_descriptor wake_;
  // Polls once a second when no message woke the loop, so that a quiet market does not
  // exceed max.poll.interval.ms (the group would evict the engine and rebalance).
  boost::asio::steady_timer keepalive_;
  std::vector<rd_kafka_message_t*> batch_;
  std::vector<PartitionBuffer> buffers_;
  size_t buffered_ = 0;
  std::function<void(absl::Status)> on_stopped_;
  std::function<void(const Signal&)> signal_observer_;
  std::function<void(bool)> assignment_observer_;
  std::function<bool(const Signal&)> owned_;
  // Hashes of the origins of the routed headlines handled at message timestamp copies_ts_
  // (hashes, not strings: no allocation per routed headline).
  int64_t copies_ts_ = -1;
  std::vector<size_t> copies_;
  absl::Status fatal_;  // a fatal consumer error seen while filling
  // The rebuild after the last assignment: partitions still replaying, since when, and the
  // replayed-message count then (for the "state rebuilt" line and gauge).
  size_t replays_open_ = 0;
  std::chrono::steady_clock::time_point replay_start_;
  uint64_t replayed_at_start_ = 0;
  double last_rebuild_seconds_ = 0;
  std::string origin_;  // reused for dead-letter origins
  char wake_buf_[64];
  EventTime current_input_ts_ = 0;  // the message timestamp of the event being evaluated
  bool drain_posted_ = false;
  bool replaying_ = false;  // the current message only rebuilds state
  bool stopped_ = false;
  bool caught_up_ = false;
  KafkaLiveLoopCounts counts_;

  // Metric series resolved once (null when metrics_ is null).
  Counter* in_headlines_ = nullptr;
  Counter* in_prices_ = nullptr;
  Counter* out_signals_ = nullptr;
  Counter* out_dlq_ = nullptr;
  Histogram* decode_seconds_ = nullptr;
  Histogram* eval_seconds_ = nullptr;
  Histogram* input_to_signal_seconds_ = nullptr;
  std::unique_ptr<LabeledCounter> dead_letters_by_code_;
  std::unique_ptr<LabeledCounter> signals_by_rule_;
};

}  // namespace tripline

#endif  // TRIPLINE_CONNECTORS_KAFKA_LIVE_LOOP_H_
