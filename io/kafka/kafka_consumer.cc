#include "io/kafka/kafka_consumer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/log.h"

namespace tripline {

absl::StatusOr<std::unique_ptr<KafkaConsumer>> KafkaConsumer::Create(
    const KafkaProperties& props, std::vector<std::string> topics) {
  KafkaProperties all = {{"enable.partition.eof", "false"}, {"auto.offset.reset", "earliest"}};
  all.insert(all.end(), props.begin(), props.end());
  // Offsets are committed by the caller with its output; never behind its back.
  SetKafkaProperty(&all, "enable.auto.commit", "false");
  SetKafkaProperty(&all, "enable.auto.offset.store", "false");
  auto conf = MakeKafkaConf(all);
  if (!conf.ok()) return conf.status();

  std::unique_ptr<KafkaConsumer> c(new KafkaConsumer());
  c->topics_ = std::move(topics);
  rd_kafka_conf_set_opaque(conf->get(), c.get());
  rd_kafka_conf_set_rebalance_cb(conf->get(), &KafkaConsumer::OnRebalance);

  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf->get(), err, sizeof(err));
  if (rk == nullptr) return absl::InvalidArgumentError(absl::StrCat("kafka consumer: ", err));
  conf->release();  // owned by rk now
  c->rk_.reset(rk);
  rd_kafka_poll_set_consumer(rk);
  c->queue_ = rd_kafka_queue_get_consumer(rk);

  int fds[2];
  if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) {
    return absl::InternalError("kafka consumer: pipe2 failed");
  }
  c->wake_read_fd_ = fds[0];
  c->wake_write_fd_ = fds[1];
  rd_kafka_queue_io_event_enable(c->queue_, c->wake_write_fd_, "1", 1);

  rd_kafka_topic_partition_list_t* subs = rd_kafka_topic_partition_list_new(c->topics_.size());
  for (const auto& t : c->topics_) {
    rd_kafka_topic_partition_list_add(subs, t.c_str(), RD_KAFKA_PARTITION_UA);
  }
  rd_kafka_resp_err_t e = rd_kafka_subscribe(rk, subs);
  rd_kafka_topic_partition_list_destroy(subs);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InvalidArgumentError(absl::StrCat("kafka subscribe: ", rd_kafka_err2str(e)));
  }
  return c;
}

KafkaConsumer::~KafkaConsumer() {
  Close();
  if (queue_ != nullptr) {
    rd_kafka_queue_io_event_enable(queue_, -1, nullptr, 0);
    rd_kafka_queue_destroy(queue_);
  }
  rk_.reset();
  if (wake_read_fd_ >= 0) close(wake_read_fd_);
  if (wake_write_fd_ >= 0) close(wake_write_fd_);
}

void KafkaConsumer::OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                rd_kafka_topic_partition_list_t* parts, void* opaque) {
  auto* self = static_cast<KafkaConsumer*>(opaque);
  ++self->rebalances_;
  // Rebalances are served inside Poll(); the loop may hold an open transaction with offsets of
  // the partitions about to be revoked: it commits (or aborts) it here, first.
  if (self->before_rebalance_) self->before_rebalance_();
  if (err != RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    rd_kafka_assign(rk, nullptr);
    self->assigned_ = 0;
    {
      std::lock_guard<std::mutex> lock(self->starts_mu_);
      self->starts_.clear();
    }
    if (self->rebalance_observer_) self->rebalance_observer_(nullptr, {});
    return;
  }
  if (self->before_assign_) self->before_assign_(parts);
  self->Assign(rk, parts);
}

rd_kafka_resp_err_t KafkaConsumer::Assign(rd_kafka_t* rk,
                                          const rd_kafka_topic_partition_list_t* parts) {
  std::vector<int64_t> replay_until(parts->cnt, -1);
  rd_kafka_topic_partition_list_t* start = rd_kafka_topic_partition_list_copy(parts);
  // A predecessor killed with its transaction open leaves these offsets unstable until the
  // broker aborts it (transaction.timeout.ms): wait for them rather than skip the rebuild.
  rd_kafka_resp_err_t committed_err = RD_KAFKA_RESP_ERR_NO_ERROR;
  for (int attempt = 0; attempt < (lookback_ms_ > 0 ? 12 : 1); ++attempt) {
    committed_err = rd_kafka_committed(rk, start, 10000);
    if (committed_err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
    Log().warn("committed offsets not available yet ({}); retrying",
               rd_kafka_err2str(committed_err));
  }
  if (lookback_ms_ > 0 && committed_err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    // One start time for every partition: the latest committed message time minus the
    // lookback, so the rebuild reads one consistent slice of the input -- what a backtest
    // starting at that time reads -- rather than a different past per partition.
    int64_t latest = -1;
    for (int i = 0; i < start->cnt; ++i) {
      const rd_kafka_topic_partition_t& c = start->elems[i];
      int64_t ts = -1;
      if (c.offset >= 0 && c.metadata != nullptr && c.metadata_size > 0 &&
          absl::SimpleAtoi(absl::string_view(static_cast<const char*>(c.metadata), c.metadata_size),
                           &ts)) {
        latest = std::max(latest, ts);
      }
    }
    // Only partitions with a commit are looked up: a list with one partition that has no
    // commit yet would fail the whole offsets-for-times request.
    rd_kafka_topic_partition_list_t* times = rd_kafka_topic_partition_list_new(start->cnt);
    if (latest >= 0) {
      const int64_t from_ts = std::max<int64_t>(0, latest - lookback_ms_);
      for (int i = 0; i < start->cnt; ++i) {
        const rd_kafka_topic_partition_t& c = start->elems[i];
        if (c.offset >= 0) {
          rd_kafka_topic_partition_list_add(times, c.topic, c.partition)->offset = from_ts;
        }
      }
    }
    if (times->cnt > 0 &&
        rd_kafka_offsets_for_times(rk, times, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      for (int i = 0; i < start->cnt; ++i) {
        rd_kafka_topic_partition_t* t = rd_kafka_topic_partition_list_find(
            times, start->elems[i].topic, start->elems[i].partition);
        int64_t from = t != nullptr && t->err == RD_KAFKA_RESP_ERR_NO_ERROR ? t->offset : -1;
        int64_t committed = start->elems[i].offset;
        if (from >= 0 && committed >= 0 && from < committed) {
          replay_until[i] = committed;
          start->elems[i].offset = from;
        }
      }
    } else if (times->cnt > 0) {
      Log().warn("offsets-for-times failed: state is not rebuilt");
    }
    rd_kafka_topic_partition_list_destroy(times);
  } else if (committed_err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (lookback_ms_ > 0) {
      Log().warn("committed offsets unavailable ({}): state is not rebuilt",
                 rd_kafka_err2str(committed_err));
    }
    // INVALID offsets resume at the committed offset (or auto.offset.reset).
    for (int i = 0; i < start->cnt; ++i) start->elems[i].offset = RD_KAFKA_OFFSET_INVALID;
  }
  // Assigning again purges what was fetched and restarts each partition at its offset here.
  const rd_kafka_resp_err_t e = rd_kafka_assign(rk, start);
  assigned_ = parts->cnt;
  {
    std::lock_guard<std::mutex> lock(starts_mu_);
    starts_.clear();
    for (int i = 0; i < start->cnt; ++i) {
      const rd_kafka_topic_partition_t& p = start->elems[i];
      starts_.push_back({p.topic, p.partition, p.offset});
    }
  }
  if (rebalance_observer_) rebalance_observer_(start, replay_until);
  rd_kafka_topic_partition_list_destroy(start);
  return e;
}

void KafkaConsumer::SetCommitMetadata(rd_kafka_topic_partition_t* p, int64_t timestamp_ms) {
  std::string text = absl::StrCat(timestamp_ms);
  free(p->metadata);
  // librdkafka frees it with the list.
  p->metadata = malloc(text.size());
  memcpy(p->metadata, text.data(), text.size());
  p->metadata_size = text.size();
}

size_t KafkaConsumer::Poll(rd_kafka_message_t** out, size_t max) {
  if (closed_) return 0;
  ssize_t n = rd_kafka_consume_batch_queue(queue_, 0, out, max);
  return n < 0 ? 0 : static_cast<size_t>(n);
}

absl::Status KafkaConsumer::RewindToCommitted() {
  rd_kafka_topic_partition_list_t* parts = nullptr;
  rd_kafka_resp_err_t e = rd_kafka_assignment(rk_.get(), &parts);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError(absl::StrCat("kafka assignment: ", rd_kafka_err2str(e)));
  }
  e = Assign(rk_.get(), parts);
  rd_kafka_topic_partition_list_destroy(parts);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError(absl::StrCat("kafka rewind: ", rd_kafka_err2str(e)));
  }
  return absl::OkStatus();
}

void KafkaConsumer::ReadPositions(rd_kafka_topic_partition_list_t* parts) const {
  rd_kafka_position(rk_.get(), parts);
  std::lock_guard<std::mutex> lock(starts_mu_);
  for (int i = 0; i < parts->cnt; ++i) {
    rd_kafka_topic_partition_t& p = parts->elems[i];
    if (p.offset >= 0) continue;
    for (const Start& s : starts_) {
      if (s.partition == p.partition && s.topic == p.topic) p.offset = s.offset;
    }
  }
}

int64_t KafkaConsumer::Lag() const {
  if (closed_ || !rk_) return -1;
  rd_kafka_topic_partition_list_t* parts = nullptr;
  if (rd_kafka_assignment(rk_.get(), &parts) != RD_KAFKA_RESP_ERR_NO_ERROR) return -1;
  int64_t lag = parts->cnt > 0 ? 0 : -1;
  ReadPositions(parts);
  for (int i = 0; i < parts->cnt && lag >= 0; ++i) {
    const rd_kafka_topic_partition_t& p = parts->elems[i];
    int64_t low = -1, high = -1;
    if (rd_kafka_get_watermark_offsets(rk_.get(), p.topic, p.partition, &low, &high) !=
            RD_KAFKA_RESP_ERR_NO_ERROR ||
        high < 0) {
      lag = -1;
      break;
    }
    // No position known: everything from the low watermark may be behind.
    int64_t position = p.offset >= 0 ? p.offset : low;
    lag += high > position ? high - position : 0;
  }
  rd_kafka_topic_partition_list_destroy(parts);
  return lag;
}

std::vector<KafkaConsumer::PartitionLag> KafkaConsumer::PartitionLags() const {
  std::vector<PartitionLag> out;
  if (closed_ || !rk_) return out;
  rd_kafka_topic_partition_list_t* parts = nullptr;
  if (rd_kafka_assignment(rk_.get(), &parts) != RD_KAFKA_RESP_ERR_NO_ERROR) return out;
  ReadPositions(parts);
  for (int i = 0; i < parts->cnt; ++i) {
    const rd_kafka_topic_partition_t& p = parts->elems[i];
    int64_t low = -1, high = -1;
    int64_t lag = -1;
    if (rd_kafka_get_watermark_offsets(rk_.get(), p.topic, p.partition, &low, &high) ==
            RD_KAFKA_RESP_ERR_NO_ERROR &&
        high >= 0) {
      int64_t position = p.offset >= 0 ? p.offset : low;
      lag = high > position ? high - position : 0;
    }
    out.push_back({p.topic, p.partition, lag});
  }
  rd_kafka_topic_partition_list_destroy(parts);
  return out;
}

void KafkaConsumer::Close() {
  if (closed_ || !rk_) return;
  closed_ = true;
  rd_kafka_consumer_close(rk_.get());
  assigned_ = 0;
}

}  // namespace tripline
