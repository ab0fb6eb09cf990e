// The fault tests' harness: the real broker (the suite's shared one from TRIPLINE_KAFKA_BOOTSTRAP,
// or a dedicated one a test may stop and restart), topics with several partitions, input
// produced with event-time timestamps, committed output read back with read_committed, offsets
// by partition, and `tripline run` engines as child processes that can be SIGKILLed.
//
// A test FAILS (never skips) when the broker is not reachable.
// Thread-safety: test-thread only.
#ifndef TRIPLINE_TESTS_FAULTS_FAULT_HARNESS_H_
#define TRIPLINE_TESTS_FAULTS_FAULT_HARNESS_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include "tests/kafka/kafka_test_env.h"

namespace tripline::faults {

// The shared broker's address, names no other test uses, and topics (ready when this returns)
// are the Kafka tests' own helpers.
using testing::CreateTopics;
using testing::KafkaBootstrap;
using testing::ReadFile;
using testing::UniqueName;
// Fault tests time everything in these.
using std::chrono::milliseconds;
using std::chrono::seconds;

// One input message. `partition` -1: chosen by the murmur2_random partitioner from the key, as
// every Tripline producer (and Java's default) does.
struct InputRecord {
  std::string topic;
  std::string key;
  std::string value;
  int64_t timestamp_ms = 0;  // the message timestamp: the input's availability time
  int32_t partition = -1;
};

// Produces `records` in order (idempotent producer) and waits for every delivery. Returns the
// (topic, partition, offset) each record landed at, in the same order.
struct Placed {
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
};
absl::StatusOr<std::vector<Placed>> ProduceRecords(const std::string& bootstrap,
                                                   const std::vector<InputRecord>& records);

// Everything committed in `topic`, all partitions, read from the beginning with
// isolation.level=read_committed until every partition reported its end.
struct OutputRecord {
  int32_t partition = 0;
  int64_t offset = 0;
  std::string key;
  std::string value;
};
absl::StatusOr<std::vector<OutputRecord>> ReadCommitted(const std::string& bootstrap,
                                                        const std::string& topic,
                                                        std::chrono::milliseconds timeout);

// partition -> high watermark, and partition -> the group's committed offset (-1001: none).
using PartitionOffsets = std::map<int32_t, int64_t>;
absl::StatusOr<PartitionOffsets> EndOffsets(const std::string& bootstrap, const std::string& topic);
absl::StatusOr<PartitionOffsets> CommittedOffsets(const std::string& bootstrap,
                                                  const std::string& group,
                                                  const std::string& topic);
// Sum of the committed offsets over `topics` (a partition without a commit counts 0): how many
// inputs the group has consumed for good.
int64_t CommittedTotal(const std::string& bootstrap, const std::string& group,
                       const std::vector<std::string>& topics);

// The group's current assignment: member client.id -> the partitions of `topic` it owns. Empty
// while the group rebalances.
absl::StatusOr<std::map<std::string, std::vector<int32_t>>> GroupAssignment(
    const std::string& bootstrap, const std::string& group, const std::string& topic);

// A child process and a JSON field by text search: the Kafka integration tests' own.
using ::tripline::testing::ChildProcess;
using ::tripline::testing::JsonField;

// A broker of the test's own (tests/faults/broker.sh), in `run_dir`: stop and restart it
// without disturbing other tests. Destroyed (process and data) with the object.
class DedicatedBroker {
 public:
  explicit DedicatedBroker(std::string run_dir) : run_dir_(std::move(run_dir)) {}
  ~DedicatedBroker();
  DedicatedBroker(const DedicatedBroker&) = delete;
  DedicatedBroker& operator=(const DedicatedBroker&) = delete;

  absl::Status Start();    // first start: formats the storage, picks the ports
  absl::Status Stop();     // graceful (SIGTERM), keeps the data
  absl::Status Restart();  // same address, same data
  const std::string& bootstrap() const { return bootstrap_; }

 private:
  absl::Status Run(const std::string& command);
  std::string run_dir_;
  std::string bootstrap_;
};

}  // namespace tripline::faults

#endif  // TRIPLINE_TESTS_FAULTS_FAULT_HARNESS_H_
