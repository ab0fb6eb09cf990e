// KafkaRouteStage: the scale-out topology's first stage as a Kafka service (`tripline route`).
// It consumes the headlines topic, asks the HeadlineRouter which instruments each headline must
// reach, and republishes the headline's bytes once per distinct target partition of the routed
// topic (key = the instrument, message timestamp = the original's, header `tripline.origin` =
// "topic/partition/offset"), exactly once: every batch is one transaction that also commits
// the input offsets. Undecodable headlines go to the dead-letter topic in the same transaction.
//
// Failover: routers of one group run active/standby through the consumer group and share one
// transactional.id per input assignment (`transactional_id` + "." + the assigned input
// partitions, e.g. "tripline-g.route.0"). The producer is created, and its transactions
// initialised, when the group assigns the input, not at start: so a standby that takes over
// fences the dead router's producer and aborts its open transaction at once, instead of the
// engines (read_committed) waiting behind it until the broker's transaction timeout.
//
// Co-partitioning: the routed topic must have as many partitions as the prices topic (checked
// at start), and both are partitioned by Kafka's default murmur2 of the instrument, so
// partition i of both holds the same instruments and the engine stage, with the range
// assignor, owns both halves of each instrument.
//
// Thread-safety: Run() on one thread; RequestStop() from any thread or a signal handler;
// ReplaceRules() from any thread (taken between batches). The metrics counters are atomics.
#ifndef TRIPLINE_IO_KAFKA_KAFKA_ROUTE_STAGE_H_
#define TRIPLINE_IO_KAFKA_KAFKA_ROUTE_STAGE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/clock.h"
#include "core/event_time.h"
#include "core/metrics.h"
#include "io/codec/message_decoder.h"
#include "io/kafka/headline_router.h"
#include "io/kafka/kafka_consumer.h"
#include "io/kafka/kafka_output.h"
#include "io/kafka/kafka_properties.h"
#include "io/kafka/router_coverage.h"
#include "io/kafka/topic_names.h"

namespace tripline {

struct KafkaRouteStageOptions {
  std::string headlines_topic = kDefaultHeadlinesTopic;
  std::string routed_topic = "tripline.headlines.by_instrument";
  std::string prices_topic = kDefaultPricesTopic;  // only to check co-partitioning
  std::string dlq_topic = kDefaultDeadLetterTopic;
  std::string transactional_id;  // required: shared by the routers of one group
  size_t batch_max = 500;
  // Where the idle timers (caught-up markers, gauge refresh) read time; null: the system clock.
  const Clock* clock = nullptr;
};

struct KafkaRouteStageCounts {
  uint64_t headlines = 0;  // consumed
  uint64_t routed = 0;     // republished copies (one per target partition)
  uint64_t unrouted = 0;   // matched no rule: no engine needs them
  uint64_t dead_letters = 0;
  uint64_t commits = 0;
  uint64_t aborts = 0;
};

class KafkaRouteStage {
 public:
  // Connects and checks the partition counts; transactions are initialised on assignment.
  static absl::StatusOr<std::unique_ptr<KafkaRouteStage>> Create(
      const KafkaProperties& consumer_props, const KafkaProperties& producer_props,
      std::shared_ptr<const CompiledRules> rules, KafkaRouteStageOptions options);
  ~KafkaRouteStage();
  KafkaRouteStage(const KafkaRouteStage&) = delete;
  KafkaRouteStage& operator=(const KafkaRouteStage&) = delete;

  // Routes until RequestStop() (then returns OK after its last commit) or a fatal error.
  absl::Status Run();
  void RequestStop() { stop_.store(true); }
  // Routes with `rules` from the next batch on (a reload: a rule that reaches new instruments
  // gets its headlines without a restart).
  void ReplaceRules(std::shared_ptr<const CompiledRules> rules);
  // Counts into `metrics` too (tripline_route_*), from now on. Call before Run().
  void ExportMetrics(MetricsRegistry* metrics);

  const KafkaRouteStageCounts& counts() const { return counts_; }
  int32_t partitions() const { return partitions_; }

 private:
  KafkaRouteStage(std::shared_ptr<const CompiledRules> rules, KafkaRouteStageOptions options,
                  KafkaProperties producer_props);
  // After a rebalance: drops the producer, and for a new assignment opens one under the
  // assignment's transactional.id (init_transactions fences its previous holder).
  absl::Status OpenOutput();
  // One transaction over `n` polled messages. Aborted: the caller rewinds; other errors fatal.
  absl::Status RouteBatch(rd_kafka_message_t** batch, size_t n);
  // Progress markers (LiveMessageKind) into every routed partition, in the open transaction;
  // caught-up markers when `covers` (RouterCoverage's text) is not empty.
  void PublishProgress(std::string_view covers);
  // Reads what a caught-up marker would vouch for into coverage_: the prices topic's end
  // offsets, then the input's, fresh from the broker, in that order. True when every assigned
  // input partition is read (and routed) to that end.
  bool ReadCoverage();
  // While idle: a transaction of caught-up markers when the coverage moved on (or at least
  // every kCaughtUpRepeat), so that prices appended meanwhile may pass.
  absl::Status PublishCaughtUp();
  // The consumer belongs to Run()'s thread but /metrics is rendered on the admin thread: the
  // loop copies what the gauges show into atomics, at most every kGaugeRefresh.
  void RefreshGauges();
  static bool Within(EventTime since, EventTime now, EventTime interval);

  static constexpr EventTime kGaugeRefresh = 500'000'000;

  // How often an idle router looks at the end offsets (two broker round trips), and so how
  // long a price waits for a caught-up marker covering it while headlines are idle.
  static constexpr EventTime kCoverageCheck = 100'000'000;
  // Repeated unchanged this often, so that an engine whose committed offset lies past the last
  // marker hears one.
  static constexpr EventTime kCaughtUpRepeat = 1'000'000'000;

  KafkaRouteStageOptions options_;
  std::unique_ptr<HeadlineRouter> router_;
  // A reload's rules, waiting for the next batch.
  std::mutex pending_mu_;
  std::shared_ptr<const CompiledRules> pending_rules_;
  std::atomic<bool> has_pending_rules_{false};
  struct Series {
    Counter* headlines = nullptr;
    Counter* routed = nullptr;
    Counter* unrouted = nullptr;
    Counter* dead_letters = nullptr;
    Counter* aborts = nullptr;
  } series_;
  MessageDecoder decoder_;
  std::unique_ptr<KafkaConsumer> consumer_;
  // The transactions (begin, produce, offsets, commit/abort, one retry policy) are the live
  // engine's KafkaOutput: one copy of that code. Null while nothing is assigned.
  KafkaProperties producer_props_;
  std::unique_ptr<KafkaOutput> output_;
  // Set inside Poll, on assignment: the input partitions now assigned; whether the output must
  // still be opened for them; how opening it went when it was opened there.
  bool assignment_changed_ = false;
  std::vector<int32_t> assigned_;
  absl::Status open_status_;
  bool opened_on_assign_ = false;
  int32_t partitions_ = 0;
  std::atomic<bool> stop_{false};
  KafkaRouteStageCounts counts_;
  std::atomic<int64_t> lag_{-1};  // -1: no assignment or watermarks yet
  std::atomic<uint64_t> rebalances_{0};
  SystemClock system_clock_;
  const Clock* clock_;  // options_.clock or &system_clock_
  EventTime gauges_refreshed_ = kNoTime;
  // Progress: the highest order time (and message timestamp) of the headlines routed so far;
  // what the last caught-up markers vouched for, and when they were written.
  EventTime progress_ = 0;
  int64_t progress_ts_ms_ = 0;
  EventTime published_progress_ = -1;  // the progress time of the last marker written
  RouterCoverage coverage_;            // read by ReadCoverage()
  RouterCoverage published_coverage_;  // of the last caught-up markers committed
  std::string covers_text_;
  EventTime last_caught_up_ = kNoTime;
  EventTime last_coverage_check_ = kNoTime;
  rd_kafka_topic_partition_list_t* price_ends_ = nullptr;  // reused query list
  // Reused per message.
  std::vector<std::string_view> targets_;
  std::vector<int32_t> sent_to_;
  std::string origin_;
};

}  // namespace tripline

#endif  // TRIPLINE_IO_KAFKA_KAFKA_ROUTE_STAGE_H_
