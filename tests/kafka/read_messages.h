// Reading a topic back in the broker-free Kafka tests: what a group consumer polls, copied out
// of librdkafka's messages with their keys, timestamps and headers.
#ifndef TRIPLINE_TESTS_KAFKA_READ_MESSAGES_H_
#define TRIPLINE_TESTS_KAFKA_READ_MESSAGES_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "io/kafka/kafka_consumer.h"

namespace tripline::testing {

// A consumed message, copied out of librdkafka's.
struct ReadMessage {
  std::string key;
  std::string value;
  int32_t partition = 0;
  bool has_value = false;
  int64_t timestamp_ms = 0;
  std::vector<std::pair<std::string, std::string>> headers;
};

// What `consumer` reads until it has `want` messages or `polls` empty polls 50 ms apart (10 s
// by default) have passed.
inline std::vector<ReadMessage> ReadAtLeast(KafkaConsumer& consumer, size_t want, int polls = 200) {
  std::vector<ReadMessage> read;
  rd_kafka_message_t* msgs[8];
  for (int i = 0; i < polls && read.size() < want; ++i) {
    const size_t n = consumer.Poll(msgs, 8);
    for (size_t k = 0; k < n; ++k) {
      const rd_kafka_message_t* m = msgs[k];
      ReadMessage& r = read.emplace_back();
      r.partition = m->partition;
      if (m->key != nullptr) r.key.assign(static_cast<const char*>(m->key), m->key_len);
      r.has_value = m->payload != nullptr;
      if (r.has_value) r.value.assign(static_cast<const char*>(m->payload), m->len);
      r.timestamp_ms = rd_kafka_message_timestamp(m, nullptr);
      rd_kafka_headers_t* headers = nullptr;
      if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* name;
        const void* value;
        size_t size;
        for (size_t h = 0; rd_kafka_header_get_all(headers, h, &name, &value, &size) ==
                           RD_KAFKA_RESP_ERR_NO_ERROR;
             ++h) {
          r.headers.emplace_back(
              name, value ? std::string(static_cast<const char*>(value), size) : std::string());
        }
      }
      rd_kafka_message_destroy(msgs[k]);
    }
    if (n == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return read;
}

}  // namespace tripline::testing

#endif  // TRIPLINE_TESTS_KAFKA_READ_MESSAGES_H_
