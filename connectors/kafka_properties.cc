#include "connectors/kafka_properties.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tripline {

absl::StatusOr<KafkaConfPtr> MakeKafkaConf(const KafkaProperties& props) {
  KafkaConfPtr conf(rd_kafka_conf_new());
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

}  // namespace tripline
