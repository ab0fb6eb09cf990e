// KafkaOutput: the live engine's output. Signals go to the signals topic (key = instrument)
// and dead letters to the dead-letter topic (key = origin), produced in batches that commit
// together with the consumer offsets of the inputs that caused them.
//
// Delivery:
//  - kExactlyOnce (default): a transactional producer. Begin() opens a transaction; Commit()
//    sends the input offsets to it and commits, so a batch's outputs and its input offsets
//    become visible together or not at all. Subscribers read with isolation.level=
//    read_committed (librdkafka's default) and never see an output twice, even across a crash.
//  - kAtLeastOnce: an idempotent producer; Commit() waits until every output is delivered,
//    then commits the offsets. Lower latency (no transaction markers, no commit round trip
//    through the transaction coordinator) but a crash between delivery and the offset commit
//    replays the batch, so subscribers may see a signal twice (its signal_id is stable, so
//    they can de-duplicate).
//
// Thread-safety: one thread (the loop's). Emit/Put only between Begin() and Commit()/Abort().
#ifndef TRIPLINE_IO_KAFKA_KAFKA_OUTPUT_H_
#define TRIPLINE_IO_KAFKA_KAFKA_OUTPUT_H_

#include <cstdint>
#include <memory>
#include <string>

#include <librdkafka/rdkafka.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/dead_letter.h"
#include "core/signal_sink.h"
#include "io/kafka/kafka_consumer.h"
#include "io/kafka/kafka_properties.h"
#include "io/kafka/topic_names.h"

namespace tripline {

enum class Delivery : uint8_t { kExactlyOnce, kAtLeastOnce };

struct KafkaOutputOptions {
  std::string signals_topic = kDefaultSignalsTopic;
  std::string dlq_topic = kDefaultDeadLetterTopic;
  Delivery delivery = Delivery::kExactlyOnce;
  // Required for kExactlyOnce: stable across restarts of the same instance, so that a restarted
  // instance fences its predecessor and aborts its open transaction.
  std::string transactional_id;
};

struct KafkaOutputCounts {
  uint64_t signals = 0;
  uint64_t dead_letters = 0;
  uint64_t commits = 0;
  uint64_t aborts = 0;
  uint64_t delivery_errors = 0;
};

class KafkaOutput final : public SignalSink, public DeadLetterSink {
 public:
  // Connects and, for kExactlyOnce, initialises transactions (waits for the coordinator).
  static absl::StatusOr<std::unique_ptr<KafkaOutput>> Create(const KafkaProperties& props,
                                                             KafkaOutputOptions options);
  ~KafkaOutput() override;
  KafkaOutput(const KafkaOutput&) = delete;
  KafkaOutput& operator=(const KafkaOutput&) = delete;

  // Opens a batch (a transaction in kExactlyOnce).
  absl::Status Begin();
  void Emit(const Signal& signal) override;
  void Put(const DeadLetter& letter) override;
  // Produces an input's bytes again inside the open batch (the route stage's copies): to
  // `partition` of `topic`, keeping the original's timestamp, with header `tripline.origin`
  // (none when `origin` is empty).
  void Republish(const std::string& topic, int32_t partition, std::string_view key,
                 std::string_view value, int64_t timestamp_ms, std::string_view origin);
  // Inside the open batch, a router's progress marker (see LiveMessageKind) to `partition` of
  // `topic`: no key, no value; header `tripline.progress` (`progress_ns`, decimal) and, for a
  // caught-up marker (`covers` not empty), `tripline.caught_up` holding `covers` (what the
  // router vouches for: RouterCoverage's text); message timestamp `timestamp_ms` (0: now).
  void PublishProgress(const std::string& topic, int32_t partition, int64_t timestamp_ms,
                       int64_t progress_ns, std::string_view covers);
  // Commits the open batch together with `offsets` (next offset to read per partition) of
  // `consumer`'s group. Returns OK, or Aborted when the batch was rolled back and its inputs
  // must be consumed again (the caller rewinds the consumer), or another error when the
  // producer cannot go on (fenced by a newer instance, fatal error).
  absl::Status Commit(rd_kafka_topic_partition_list_t* offsets, KafkaConsumer* consumer);
  // Rolls back the open batch (kExactlyOnce); a no-op otherwise.
  void Abort();

  bool in_batch() const { return in_batch_; }
  const KafkaOutputCounts& counts() const { return counts_; }
  const KafkaOutputOptions& options() const { return options_; }
  rd_kafka_t* handle() const { return rk_.get(); }

 private:
  KafkaOutput() = default;
  // The one producev call and its back-pressure retry. `headers` (may be null) passes to
  // librdkafka, or is freed here when the message is refused.
  void Produce(const std::string& topic, std::string_view key, std::string_view value,
               int32_t partition = RD_KAFKA_PARTITION_UA, int64_t timestamp_ms = 0,
               rd_kafka_headers_t* headers = nullptr);
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);

  KafkaOutputOptions options_;
  KafkaHandlePtr rk_;
  bool in_batch_ = false;
  uint64_t failed_in_batch_ = 0;
  KafkaOutputCounts counts_;
  std::string value_;  // reused encode buffer
};

}  // namespace tripline

#endif  // TRIPLINE_IO_KAFKA_KAFKA_OUTPUT_H_
