#include "io/kafka/kafka_output.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "io/codec/dead_letter_encoder.h"
#include "io/codec/signal_encoder.h"

namespace tripline {
namespace {

absl::Status TxnError(const char* what, rd_kafka_error_t* error) {
  std::string text = absl::StrCat(what, ": ", rd_kafka_error_string(error));
  bool fatal = rd_kafka_error_is_fatal(error);
  rd_kafka_error_destroy(error);
  return fatal ? absl::InternalError(text) : absl::UnavailableError(text);
}

// Calls `op` until it does not fail with a retriable error (up to ~10 tries); returns the
// last error (owned by the caller) or nullptr.
template <typename Op>
rd_kafka_error_t* RetryRetriable(Op op) {
  rd_kafka_error_t* error = nullptr;
  for (int attempt = 0; attempt < 10; ++attempt) {
    error = op();
    if (error == nullptr || !rd_kafka_error_is_retriable(error)) return error;
    rd_kafka_error_destroy(error);
    error = nullptr;
  }
  return op();
}

}  // namespace

absl::StatusOr<std::unique_ptr<KafkaOutput>> KafkaOutput::Create(const KafkaProperties& props,
                                                                 KafkaOutputOptions options) {
  // Low latency by default: a signal is worth more now than batched; overridable by props.
  KafkaProperties all = {{"linger.ms", "1"}};
  all.insert(all.end(), props.begin(), props.end());
  SetKafkaProperty(&all, "enable.idempotence", "true");
  if (options.delivery == Delivery::kExactlyOnce) {
    if (options.transactional_id.empty()) {
      return absl::InvalidArgumentError("exactly-once delivery needs a transactional.id");
    }
    SetKafkaProperty(&all, "transactional.id", options.transactional_id);
  }
  auto conf = MakeKafkaConf(all);
  if (!conf.ok()) return conf.status();

  std::unique_ptr<KafkaOutput> out(new KafkaOutput());
  out->options_ = std::move(options);
  rd_kafka_conf_set_opaque(conf->get(), out.get());
  rd_kafka_conf_set_dr_msg_cb(conf->get(), &KafkaOutput::OnDelivery);
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf->get(), err, sizeof(err));
  if (rk == nullptr) return absl::InvalidArgumentError(absl::StrCat("kafka producer: ", err));
  conf->release();
  out->rk_.reset(rk);

  if (out->options_.delivery == Delivery::kExactlyOnce) {
    rd_kafka_error_t* error = RetryRetriable([&] { return rd_kafka_init_transactions(rk, 60000); });
    if (error != nullptr) return TxnError("kafka init_transactions", error);
  }
  return out;
}

KafkaOutput::~KafkaOutput() {
  if (!rk_) return;
  if (in_batch_) Abort();
  rd_kafka_flush(rk_.get(), 10000);
}

void KafkaOutput::OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque) {
  if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
  auto* self = static_cast<KafkaOutput*>(opaque);
  ++self->counts_.delivery_errors;
  ++self->failed_in_batch_;
}

absl::Status KafkaOutput::Begin() {
  failed_in_batch_ = 0;
  if (options_.delivery == Delivery::kExactlyOnce) {
    rd_kafka_error_t* error = rd_kafka_begin_transaction(rk_.get());
    if (error != nullptr) return TxnError("kafka begin_transaction", error);
  }
  in_batch_ = true;
  return absl::OkStatus();
}

void KafkaOutput::Produce(const std::string& topic, std::string_view key, std::string_view value,
                          int32_t partition, int64_t timestamp_ms, rd_kafka_headers_t* headers) {
  for (;;) {
    const rd_kafka_resp_err_t e =
        rd_kafka_producev(rk_.get(), RD_KAFKA_V_TOPIC(topic.c_str()),
                          RD_KAFKA_V_PARTITION(partition), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                          RD_KAFKA_V_KEY(const_cast<char*>(key.data()), key.size()),
                          RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                          RD_KAFKA_V_TIMESTAMP(timestamp_ms > 0 ? timestamp_ms : 0),
                          RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_END);
    if (e == RD_KAFKA_RESP_ERR_NO_ERROR) return;  // librdkafka owns the headers now
    if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      ++counts_.delivery_errors;
      ++failed_in_batch_;
      if (headers != nullptr) rd_kafka_headers_destroy(headers);  // still ours on failure
      return;
    }
    // Back-pressure: let deliveries drain the local queue, then offer the same message again.
    rd_kafka_poll(rk_.get(), 10);
  }
}

void KafkaOutput::Republish(const std::string& topic, int32_t partition, std::string_view key,
                            std::string_view value, int64_t timestamp_ms, std::string_view origin) {
  rd_kafka_headers_t* headers = nullptr;
  if (!origin.empty()) {
    headers = rd_kafka_headers_new(1);
    rd_kafka_header_add(headers, "tripline.origin", -1, origin.data(),
                        static_cast<ssize_t>(origin.size()));
  }
  Produce(topic, key, value, partition, timestamp_ms, headers);
}

void KafkaOutput::PublishProgress(const std::string& topic, int32_t partition, int64_t timestamp_ms,
                                  int64_t progress_ns, std::string_view covers) {
  char digits[24];
  const int len =
      std::snprintf(digits, sizeof(digits), "%lld", static_cast<long long>(progress_ns));
  rd_kafka_headers_t* headers = rd_kafka_headers_new(2);
  rd_kafka_header_add(headers, "tripline.progress", -1, digits, len);
  if (!covers.empty()) {
    rd_kafka_header_add(headers, "tripline.caught_up", -1, covers.data(),
                        static_cast<ssize_t>(covers.size()));
  }
  Produce(topic, /*key=*/{}, /*value=*/{}, partition, timestamp_ms, headers);
}

void KafkaOutput::Emit(const Signal& signal) {
  value_.clear();
  AppendSignalJson(signal, &value_);
  Produce(options_.signals_topic, signal.instrument, value_);
  ++counts_.signals;
}

void KafkaOutput::Put(const DeadLetter& letter) {
  value_.clear();
  AppendDeadLetterJson(letter, &value_);
  Produce(options_.dlq_topic, letter.origin, value_);
  ++counts_.dead_letters;
}

absl::Status KafkaOutput::Commit(rd_kafka_topic_partition_list_t* offsets,
                                 KafkaConsumer* consumer) {
  in_batch_ = false;
  if (options_.delivery == Delivery::kAtLeastOnce) {
    rd_kafka_resp_err_t e = rd_kafka_flush(rk_.get(), 30000);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR || failed_in_batch_ > 0) {
      ++counts_.aborts;
      return absl::AbortedError("kafka: outputs of the batch were not all delivered");
    }
    if (offsets != nullptr && offsets->cnt > 0) {
      e = rd_kafka_commit(consumer->handle(), offsets, /*async=*/0);
      if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
        ++counts_.aborts;
        return absl::AbortedError(absl::StrCat("kafka commit: ", rd_kafka_err2str(e)));
      }
    }
    ++counts_.commits;
    return absl::OkStatus();
  }

  if (failed_in_batch_ > 0) {
    // A produce refused outright: the batch is incomplete, so it must not commit.
    in_batch_ = true;
    Abort();
    return absl::AbortedError("kafka: an output of the batch could not be produced");
  }
  rd_kafka_error_t* error = nullptr;
  if (offsets != nullptr && offsets->cnt > 0) {
    rd_kafka_consumer_group_metadata_t* group = consumer->GroupMetadata();
    error = RetryRetriable(
        [&] { return rd_kafka_send_offsets_to_transaction(rk_.get(), offsets, group, -1); });
    rd_kafka_consumer_group_metadata_destroy(group);
  }
  if (error == nullptr) {
    error = RetryRetriable([&] { return rd_kafka_commit_transaction(rk_.get(), -1); });
  }
  if (error == nullptr) {
    ++counts_.commits;
    return absl::OkStatus();
  }
  if (rd_kafka_error_txn_requires_abort(error)) {
    std::string text = rd_kafka_error_string(error);
    rd_kafka_error_destroy(error);
    in_batch_ = true;
    Abort();
    return absl::AbortedError(absl::StrCat("kafka transaction aborted: ", text));
  }
  return TxnError("kafka commit_transaction", error);
}

void KafkaOutput::Abort() {
  if (!in_batch_) return;
  in_batch_ = false;
  ++counts_.aborts;
  if (options_.delivery != Delivery::kExactlyOnce) return;
  rd_kafka_error_t* error =
      RetryRetriable([&] { return rd_kafka_abort_transaction(rk_.get(), -1); });
  if (error != nullptr) rd_kafka_error_destroy(error);
}

}  // namespace tripline
