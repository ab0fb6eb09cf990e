#include "io/kafka/kafka_properties.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/log.h"

namespace tripline {
namespace {

// librdkafka's own log lines (broker connections, rebalances, errors), from its threads, into
// the process logger, so they carry the same timestamps, levels and format as ours.
void LogKafka(const rd_kafka_t* rk, int level, const char* facility, const char* message) {
  Log().log(LevelFromSyslog(level), "kafka {} {}: {}", rk != nullptr ? rd_kafka_name(rk) : "-",
            facility, message);
}

}  // namespace

absl::StatusOr<KafkaConfPtr> MakeKafkaConf(const KafkaProperties& props) {
  KafkaConfPtr conf(rd_kafka_conf_new());
  rd_kafka_conf_set_log_cb(conf.get(), &LogKafka);
  char err[512];
  for (const auto& [name, value] : props) {
    if (rd_kafka_conf_set(conf.get(), name.c_str(), value.c_str(), err, sizeof(err)) !=
        RD_KAFKA_CONF_OK) {
      return absl::InvalidArgumentError(absl::StrCat("kafka property ", name, ": ", err));
    }
  }
  return conf;
}

void SetKafkaProperty(KafkaProperties* props, std::string name, std::string value) {
  for (auto& [n, v] : *props) {
    if (n == name) {
      v = std::move(value);
      return;
    }
  }
  props->emplace_back(std::move(name), std::move(value));
}

absl::StatusOr<int32_t> TopicPartitionCount(rd_kafka_t* rk, const std::string& topic,
                                            int timeout_ms) {
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, rkt, &md, timeout_ms);
  rd_kafka_topic_destroy(rkt);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError(absl::StrCat("metadata of ", topic, ": ", rd_kafka_err2str(e)));
  }
  int32_t n = md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR
                  ? md->topics[0].partition_cnt
                  : 0;
  rd_kafka_metadata_destroy(md);
  if (n <= 0) return absl::NotFoundError(absl::StrCat("topic ", topic, " does not exist"));
  return n;
}

}  // namespace tripline
