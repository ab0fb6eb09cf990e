// EmbeddedBroker: a Kafka-protocol broker inside this process (librdkafka's mock cluster,
// rdkafka_mock.h) for `tripline demo` and fast tests. It listens on an ephemeral loopback port
// that any Kafka client (kcat, a desk's own consumer) can reach from another process.
//
// What it does not model (see the tech brief): transactions are accepted but offsets sent to
// them are not stored, read_committed returns aborted messages, offsets-for-times returns -1.
// Run the engine at-least-once against it; test exactly-once on the real broker.
//
// Thread-safety: the mock runs on its own librdkafka thread; the methods may be called from
// any thread.
#ifndef TRIPLINE_IO_KAFKA_EMBEDDED_BROKER_H_
#define TRIPLINE_IO_KAFKA_EMBEDDED_BROKER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "io/kafka/kafka_properties.h"

typedef struct rd_kafka_mock_cluster_s rd_kafka_mock_cluster_t;

namespace tripline {

class EmbeddedBroker {
 public:
  static absl::StatusOr<std::unique_ptr<EmbeddedBroker>> Start(int brokers = 1);
  ~EmbeddedBroker();
  EmbeddedBroker(const EmbeddedBroker&) = delete;
  EmbeddedBroker& operator=(const EmbeddedBroker&) = delete;

  // "127.0.0.1:PORT[,...]": give it to clients as bootstrap.servers.
  const std::string& bootstrap() const { return bootstrap_; }
  // Creates a topic (auto-created topics would get 4 partitions; the demo wants 1 so that
  // order is kept).
  absl::Status CreateTopic(const std::string& name, int partitions);

 private:
  EmbeddedBroker() = default;
  KafkaHandlePtr rk_;  // the handle that owns the mock cluster
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
  std::string bootstrap_;
};

}  // namespace tripline

#endif  // TRIPLINE_IO_KAFKA_EMBEDDED_BROKER_H_
