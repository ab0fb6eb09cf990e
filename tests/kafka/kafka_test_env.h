// Helpers for the integration tests against a real Kafka broker (deploy/kafka/start.sh, whose
// address tests/run_all.sh exports as TRIPLINE_KAFKA_BOOTSTRAP): topics, producing, reading
// back with read_committed, committed offsets, and the engine as a child process.
//
// A test FAILS (never skips) when the variable is unset or the broker does not answer.
// Thread-safety: test-thread only.
#ifndef TRIPLINE_TESTS_KAFKA_KAFKA_TEST_ENV_H_
#define TRIPLINE_TESTS_KAFKA_KAFKA_TEST_ENV_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tests/testing/files.h"  // ReadFile, for the tests of this environment

namespace tripline::testing {

// The broker's address, checked with a metadata request.
absl::StatusOr<std::string> KafkaBootstrap();

// A name no other test (or earlier run) uses: prefix + pid + counter.
std::string UniqueName(const std::string& prefix);

absl::Status CreateTopics(const std::string& bootstrap, const std::vector<std::string>& topics,
                          int partitions = 1);

// Sets one dynamic config of a topic (AlterConfigs: the topic's other dynamic configs reset).
absl::Status SetTopicConfig(const std::string& bootstrap, const std::string& topic,
                            const std::string& key, const std::string& value);

struct Record {
  std::string key;
  std::string value;
  int32_t partition = 0;
  int64_t offset = 0;
};

struct OutRecord {
  std::string topic;
  std::string key;
  std::string value;
  int64_t timestamp_ms = 0;  // 0: now
};

// Produces `records` in order with one idempotent producer, waits for every delivery.
absl::Status Produce(const std::string& bootstrap, const std::vector<OutRecord>& records);

// Reads `topic` from the beginning (no group) with isolation.level=read_committed until at
// least `min_records` arrived and nothing more came for `idle`, or `timeout` passed.
std::vector<Record> ReadTopic(const std::string& bootstrap, const std::string& topic,
                              size_t min_records, std::chrono::milliseconds idle,
                              std::chrono::milliseconds timeout);

// The group's committed offset of partition 0 of each topic (-1001 when none).
absl::StatusOr<std::vector<int64_t>> CommittedOffsets(const std::string& bootstrap,
                                                      const std::string& group,
                                                      const std::vector<std::string>& topics);
// The high watermark (end offset) of partition 0 of `topic`.
absl::StatusOr<int64_t> EndOffset(const std::string& bootstrap, const std::string& topic);

// The value of a top-level JSON string field ("signal_id", "code") by plain text search;
// enough for the encoders' fixed output.
std::string JsonField(const std::string& json, const std::string& field);

// A free loopback TCP port.
int FreePort();

// The engine (or any program) as a child process, its stderr to `log_path`.
class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  absl::Status Start(const std::vector<std::string>& argv, const std::string& log_path);
  void Signal(int signo);
  // Waits up to `timeout`; returns the exit code, or -signal when killed by one, or an error
  // after killing it on timeout.
  absl::StatusOr<int> Wait(std::chrono::milliseconds timeout);
  bool running() const { return pid_ > 0; }

 private:
  pid_t pid_ = -1;
};

// HTTP/1.1 request to 127.0.0.1:port; returns "STATUS\nBODY" ("404\nnot found\n").
absl::StatusOr<std::string> HttpRequest(int port, const std::string& method,
                                        const std::string& target,
                                        const std::string& authorization = "");

}  // namespace tripline::testing

#endif  // TRIPLINE_TESTS_KAFKA_KAFKA_TEST_ENV_H_
