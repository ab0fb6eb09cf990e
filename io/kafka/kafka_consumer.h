// KafkaConsumer: a consumer-group member on a set of topics whose consumer queue signals a
// file descriptor when it becomes non-empty (rd_kafka_queue_io_event_enable), so an event loop
// (Boost.Asio) sleeps until there is something to read: no busy polling.
//
// Offsets are never committed automatically (enable.auto.commit=false): the caller commits
// them, either inside a producer transaction (exactly-once) or after its output is delivered
// (at-least-once). A new group starts at the earliest offset unless auto.offset.reset says
// otherwise, so no input is skipped.
//
// Thread-safety: one thread (the loop's) calls everything; rebalances are served inside Poll().
#ifndef TRIPLINE_IO_KAFKA_KAFKA_CONSUMER_H_
#define TRIPLINE_IO_KAFKA_KAFKA_CONSUMER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "io/kafka/kafka_properties.h"

namespace tripline {

class KafkaConsumer {
 public:
  // `props` must hold bootstrap.servers and group.id (plus anything else for librdkafka).
  static absl::StatusOr<std::unique_ptr<KafkaConsumer>> Create(const KafkaProperties& props,
                                                               std::vector<std::string> topics);
  ~KafkaConsumer();
  KafkaConsumer(const KafkaConsumer&) = delete;
  KafkaConsumer& operator=(const KafkaConsumer&) = delete;

  // Readable when the consumer queue went from empty to non-empty. The reader drains the
  // bytes, then calls Poll() until it returns 0 (the fd fires only on that edge).
  int wake_fd() const { return wake_read_fd_; }

  // Takes up to `max` messages (or errors: check each message's `err`) without blocking.
  // The caller owns them and destroys each with rd_kafka_message_destroy().
  size_t Poll(rd_kafka_message_t** out, size_t max);

  // After an aborted transaction: drops what was fetched but not committed and assigns the
  // same partitions again exactly as a rebalance would -- each resumes at its committed offset,
  // or earlier to rebuild state (set_state_rebuild), and the rebalance observer is told. The
  // aborted batch's events thus reach a fresh engine once, never on top of their own effects.
  absl::Status RewindToCommitted();

  // Called inside Poll() after every rebalance with the new assignment (null when revoked),
  // fetching restarts from the committed offsets, so what was read ahead must be dropped.
  // `replay_until[i]` is the committed offset of assigned->elems[i] when the partition starts
  // earlier to rebuild state (see set_state_rebuild), else -1: messages below it were already
  // handled by a predecessor and only rebuild state.
  using RebalanceObserver = std::function<void(const rd_kafka_topic_partition_list_t* assigned,
                                               const std::vector<int64_t>& replay_until)>;
  void set_rebalance_observer(RebalanceObserver observer) {
    rebalance_observer_ = std::move(observer);
  }

  // Called inside Poll() at the start of every rebalance, before partitions are revoked or
  // assigned: the loop commits its open transaction here, while the offsets are still its own.
  void set_before_rebalance(std::function<void()> hook) { before_rebalance_ = std::move(hook); }

  // Called inside Poll() with a new assignment, before its committed offsets are read. A
  // transactional successor fences its predecessor here: a predecessor killed with its
  // transaction open leaves those offsets unstable until that transaction ends, and fencing
  // aborts it at once instead of after the broker's transaction timeout (the read waited 10 s).
  using AssignHook = std::function<void(const rd_kafka_topic_partition_list_t* assigned)>;
  void set_before_assign(AssignHook hook) { before_assign_ = std::move(hook); }

  // State rebuild: on assignment, each partition whose committed offset carries the message
  // timestamp of the last handled message (see CommitMetadata) starts `lookback_ms` earlier in
  // message-timestamp terms (offsets-for-times), so in-memory windows see the recent past
  // again after a restart or rebalance. 0 disables.
  void set_state_rebuild(int64_t lookback_ms) { lookback_ms_ = lookback_ms; }

  // Sets `p`'s commit metadata to the message timestamp `timestamp_ms`, which a later
  // assignment reads back for the state rebuild.
  static void SetCommitMetadata(rd_kafka_topic_partition_t* p, int64_t timestamp_ms);

  // Leaves the group (revoking the assignment) and closes. Idempotent.
  void Close();

  rd_kafka_t* handle() const { return rk_.get(); }
  // Owned by the caller; destroy with rd_kafka_consumer_group_metadata_destroy().
  rd_kafka_consumer_group_metadata_t* GroupMetadata() const {
    return rd_kafka_consumer_group_metadata(rk_.get());
  }
  const std::vector<std::string>& topics() const { return topics_; }
  // Sets each of `parts`' offsets to the read position: the offset after the last message
  // Poll() returned, or where the partition's assignment (or rewind) started reading when none
  // came since (librdkafka reports no position then, however long the partition stays idle);
  // negative when neither is known. Any thread (the gauges read it).
  void ReadPositions(rd_kafka_topic_partition_list_t* parts) const;
  // Messages between the read position and the high watermark, summed over the assignment,
  // from librdkafka's cached watermarks (no network round trip). -1 before any fetch.
  int64_t Lag() const;
  struct PartitionLag {
    std::string topic;
    int32_t partition;
    int64_t lag;  // -1 before the partition's first fetch
  };
  // The same, per assigned partition (for /metrics; allocates, not for the hot path).
  std::vector<PartitionLag> PartitionLags() const;
  // Partitions currently assigned, and how many rebalances this member has seen.
  int assigned_partitions() const { return assigned_; }
  uint64_t rebalances() const { return rebalances_; }

 private:
  KafkaConsumer() = default;
  static void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                          rd_kafka_topic_partition_list_t* parts, void* opaque);
  // Assigns `parts` from their committed offsets (earlier by the state lookback) and tells the
  // observer; shared by rebalances and rewinds.
  rd_kafka_resp_err_t Assign(rd_kafka_t* rk, const rd_kafka_topic_partition_list_t* parts);

  KafkaHandlePtr rk_;
  rd_kafka_queue_t* queue_ = nullptr;
  int wake_read_fd_ = -1;
  int wake_write_fd_ = -1;
  std::vector<std::string> topics_;
  RebalanceObserver rebalance_observer_;
  std::function<void()> before_rebalance_;
  AssignHook before_assign_;
  int64_t lookback_ms_ = 0;
  // Where the current assignment started reading, by partition (see ReadPositions); written
  // on assignment, read by the gauges on the admin thread too.
  mutable std::mutex starts_mu_;
  struct Start {
    std::string topic;
    int32_t partition;
    int64_t offset;
  };
  std::vector<Start> starts_;
  int assigned_ = 0;
  uint64_t rebalances_ = 0;
  bool closed_ = false;
};

}  // namespace tripline

#endif  // TRIPLINE_IO_KAFKA_KAFKA_CONSUMER_H_
