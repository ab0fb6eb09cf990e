// KafkaProperties: librdkafka configuration as ordered name=value pairs, passed through
// unchanged (as kcat's -X does), so TLS, SASL and tuning need no Tripline code. Later pairs
// override earlier ones.
//
// Thread-safety: plain values; MakeKafkaConf is a free function without shared state.
#ifndef TRIPLINE_IO_KAFKA_KAFKA_PROPERTIES_H_
#define TRIPLINE_IO_KAFKA_KAFKA_PROPERTIES_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "absl/status/statusor.h"

namespace tripline {

using KafkaProperties = std::vector<std::pair<std::string, std::string>>;

struct KafkaConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
using KafkaConfPtr = std::unique_ptr<rd_kafka_conf_t, KafkaConfDeleter>;

struct KafkaHandleDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using KafkaHandlePtr = std::unique_ptr<rd_kafka_t, KafkaHandleDeleter>;

// Builds a librdkafka configuration from `props`, with librdkafka's log lines routed into the
// process logger (core/log.h). InvalidArgument names the property that
// librdkafka refused and why.
absl::StatusOr<KafkaConfPtr> MakeKafkaConf(const KafkaProperties& props);

// Sets (or replaces) `name` in `props`.
void SetKafkaProperty(KafkaProperties* props, std::string name, std::string value);

// The partition count of `topic` from the broker's metadata (one request, up to `timeout_ms`).
// NotFound when the topic does not exist, Unavailable when the broker does not answer.
absl::StatusOr<int32_t> TopicPartitionCount(rd_kafka_t* rk, const std::string& topic,
                                            int timeout_ms);

}  // namespace tripline

#endif  // TRIPLINE_IO_KAFKA_KAFKA_PROPERTIES_H_
