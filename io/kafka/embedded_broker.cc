#include "io/kafka/embedded_broker.h"

#include <librdkafka/rdkafka.h>
// rdkafka_mock.h needs rdkafka.h first.
#include <librdkafka/rdkafka_mock.h>

#include "absl/strings/str_cat.h"

namespace tripline {

absl::StatusOr<std::unique_ptr<EmbeddedBroker>> EmbeddedBroker::Start(int brokers) {
  std::unique_ptr<EmbeddedBroker> b(new EmbeddedBroker());
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  // The owning handle never talks to a broker; keep its own logging quiet.
  rd_kafka_conf_set(conf, "log_level", "3", err, sizeof(err));
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    return absl::InternalError(absl::StrCat("embedded broker: ", err));
  }
  b->rk_.reset(rk);
  b->cluster_ = rd_kafka_mock_cluster_new(rk, brokers);
  if (b->cluster_ == nullptr) return absl::InternalError("embedded broker: mock cluster failed");
  b->bootstrap_ = rd_kafka_mock_cluster_bootstraps(b->cluster_);
  return b;
}

EmbeddedBroker::~EmbeddedBroker() {
  if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
}

absl::Status EmbeddedBroker::CreateTopic(const std::string& name, int partitions) {
  rd_kafka_resp_err_t e = rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, 1);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InternalError(absl::StrCat("create topic ", name, ": ", rd_kafka_err2str(e)));
  }
  return absl::OkStatus();
}

}  // namespace tripline
