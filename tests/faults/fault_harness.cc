#include "tests/faults/fault_harness.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <librdkafka/rdkafka.h>

#include "absl/strings/str_cat.h"
#include "io/kafka/kafka_properties.h"

namespace tripline::faults {
namespace {

using Props = std::vector<std::pair<std::string, std::string>>;

absl::StatusOr<rd_kafka_t*> NewClient(rd_kafka_type_t type, const std::string& bootstrap,
                                      Props extra, rd_kafka_conf_t* conf = nullptr) {
  if (conf == nullptr) conf = rd_kafka_conf_new();
  char err[512];
  extra.insert(extra.begin(), {"bootstrap.servers", bootstrap});
  for (const auto& [k, v] : extra) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return absl::InvalidArgumentError(absl::StrCat(k, ": ", err));
    }
  }
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof(err));
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    return absl::InternalError(err);
  }
  return rk;
}

struct Delivery {
  std::vector<Placed>* placed;
  int failed = 0;
  std::string error;
};

void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
  auto* d = static_cast<Delivery*>(opaque);
  size_t i = reinterpret_cast<uintptr_t>(m->_private);
  if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++d->failed;
    d->error = rd_kafka_err2str(m->err);
    return;
  }
  (*d->placed)[i].partition = m->partition;
  (*d->placed)[i].offset = m->offset;
}

}  // namespace

absl::StatusOr<std::vector<Placed>> ProduceRecords(const std::string& bootstrap,
                                                   const std::vector<InputRecord>& records) {
  std::vector<Placed> placed(records.size());
  Delivery delivery{&placed, 0, {}};
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set_opaque(conf, &delivery);
  rd_kafka_conf_set_dr_msg_cb(conf, &OnDelivery);
  auto rk = NewClient(
      RD_KAFKA_PRODUCER, bootstrap,
      {{"enable.idempotence", "true"}, {"linger.ms", "5"}, {"partitioner", "murmur2_random"}},
      conf);
  if (!rk.ok()) return rk.status();
  for (size_t i = 0; i < records.size(); ++i) {
    const InputRecord& r = records[i];
    placed[i].topic = r.topic;
    for (;;) {
      rd_kafka_resp_err_t e = rd_kafka_producev(
          *rk, RD_KAFKA_V_TOPIC(r.topic.c_str()),
          RD_KAFKA_V_PARTITION(r.partition < 0 ? RD_KAFKA_PARTITION_UA : r.partition),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
          RD_KAFKA_V_KEY(const_cast<char*>(r.key.data()), r.key.size()),
          RD_KAFKA_V_VALUE(const_cast<char*>(r.value.data()), r.value.size()),
          RD_KAFKA_V_TIMESTAMP(r.timestamp_ms),
          RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<uintptr_t>(i))), RD_KAFKA_V_END);
      if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        rd_kafka_poll(*rk, 10);
        continue;
      }
      if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_destroy(*rk);
        return absl::InternalError(absl::StrCat("produce: ", rd_kafka_err2str(e)));
      }
      break;
    }
  }
  rd_kafka_resp_err_t e = rd_kafka_flush(*rk, 60000);
  rd_kafka_destroy(*rk);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InternalError(absl::StrCat("flush: ", rd_kafka_err2str(e)));
  }
  if (delivery.failed > 0) {
    return absl::InternalError(
        absl::StrCat(delivery.failed, " deliveries failed: ", delivery.error));
  }
  return placed;
}

absl::StatusOr<std::vector<OutputRecord>> ReadCommitted(const std::string& bootstrap,
                                                        const std::string& topic,
                                                        std::chrono::milliseconds timeout) {
  auto rk = NewClient(RD_KAFKA_CONSUMER, bootstrap,
                      {{"group.id", UniqueName("fault-reader")},
                       {"isolation.level", "read_committed"},
                       {"enable.auto.commit", "false"},
                       {"enable.partition.eof", "true"}});
  if (!rk.ok()) return rk.status();
  auto n = TopicPartitionCount(*rk, topic, 10000);
  if (!n.ok()) {
    rd_kafka_destroy(*rk);
    return n.status();
  }
  rd_kafka_poll_set_consumer(*rk);
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(*n);
  for (int p = 0; p < *n; ++p) {
    rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  rd_kafka_assign(*rk, parts);
  rd_kafka_topic_partition_list_destroy(parts);
  std::vector<OutputRecord> out;
  std::set<int32_t> at_end;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  absl::Status status;
  while (static_cast<int>(at_end.size()) < *n) {
    if (std::chrono::steady_clock::now() > deadline) {
      status = absl::DeadlineExceededError(
          absl::StrCat("reading ", topic, ": only ", at_end.size(), " of ", *n,
                       " partitions reached their end (an open transaction?)"));
      break;
    }
    rd_kafka_message_t* m = rd_kafka_consumer_poll(*rk, 100);
    if (m == nullptr) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      at_end.insert(m->partition);
    } else if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      at_end.erase(m->partition);
      OutputRecord r;
      r.partition = m->partition;
      r.offset = m->offset;
      if (m->key) r.key.assign(static_cast<const char*>(m->key), m->key_len);
      if (m->payload) r.value.assign(static_cast<const char*>(m->payload), m->len);
      out.push_back(std::move(r));
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(*rk);
  rd_kafka_destroy(*rk);
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<PartitionOffsets> EndOffsets(const std::string& bootstrap,
                                            const std::string& topic) {
  auto rk = NewClient(RD_KAFKA_CONSUMER, bootstrap, {{"group.id", UniqueName("fault-marks")}});
  if (!rk.ok()) return rk.status();
  auto n = TopicPartitionCount(*rk, topic, 10000);
  PartitionOffsets out;
  absl::Status status = n.status();
  for (int p = 0; status.ok() && p < *n; ++p) {
    int64_t low = 0, high = 0;
    rd_kafka_resp_err_t e =
        rd_kafka_query_watermark_offsets(*rk, topic.c_str(), p, &low, &high, 10000);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
      status = absl::UnavailableError(absl::StrCat("watermarks: ", rd_kafka_err2str(e)));
    }
    out[p] = high;
  }
  rd_kafka_destroy(*rk);
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<PartitionOffsets> CommittedOffsets(const std::string& bootstrap,
                                                  const std::string& group,
                                                  const std::string& topic) {
  auto rk = NewClient(RD_KAFKA_CONSUMER, bootstrap, {{"group.id", group}});
  if (!rk.ok()) return rk.status();
  auto n = TopicPartitionCount(*rk, topic, 10000);
  if (!n.ok()) {
    rd_kafka_destroy(*rk);
    return n.status();
  }
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(*n);
  for (int p = 0; p < *n; ++p) rd_kafka_topic_partition_list_add(parts, topic.c_str(), p);
  rd_kafka_resp_err_t e = rd_kafka_committed(*rk, parts, 10000);
  PartitionOffsets out;
  for (int i = 0; i < parts->cnt; ++i) out[parts->elems[i].partition] = parts->elems[i].offset;
  rd_kafka_topic_partition_list_destroy(parts);
  rd_kafka_destroy(*rk);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError(absl::StrCat("committed: ", rd_kafka_err2str(e)));
  }
  return out;
}

int64_t CommittedTotal(const std::string& bootstrap, const std::string& group,
                       const std::vector<std::string>& topics) {
  int64_t total = 0;
  for (const auto& t : topics) {
    auto c = CommittedOffsets(bootstrap, group, t);
    if (!c.ok()) return -1;
    for (const auto& [p, o] : *c) total += o > 0 ? o : 0;
  }
  return total;
}

absl::StatusOr<std::map<std::string, std::vector<int32_t>>> GroupAssignment(
    const std::string& bootstrap, const std::string& group, const std::string& topic) {
  auto rk = NewClient(RD_KAFKA_PRODUCER, bootstrap, {});
  if (!rk.ok()) return rk.status();
  rd_kafka_queue_t* q = rd_kafka_queue_new(*rk);
  const char* groups[] = {group.c_str()};
  rd_kafka_DescribeConsumerGroups(*rk, groups, 1, nullptr, q);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 30000);
  std::map<std::string, std::vector<int32_t>> out;
  absl::Status status;
  if (ev == nullptr || rd_kafka_event_error(ev) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    status = absl::UnavailableError("DescribeConsumerGroups failed");
  } else {
    size_t n = 0;
    const rd_kafka_ConsumerGroupDescription_t** descs =
        rd_kafka_DescribeConsumerGroups_result_groups(
            rd_kafka_event_DescribeConsumerGroups_result(ev), &n);
    for (size_t g = 0; g < n; ++g) {
      size_t members = rd_kafka_ConsumerGroupDescription_member_count(descs[g]);
      for (size_t m = 0; m < members; ++m) {
        const rd_kafka_MemberDescription_t* member =
            rd_kafka_ConsumerGroupDescription_member(descs[g], m);
        auto& mine = out[rd_kafka_MemberDescription_client_id(member)];
        const rd_kafka_topic_partition_list_t* parts =
            rd_kafka_MemberAssignment_partitions(rd_kafka_MemberDescription_assignment(member));
        for (int i = 0; parts != nullptr && i < parts->cnt; ++i) {
          if (topic == parts->elems[i].topic) mine.push_back(parts->elems[i].partition);
        }
      }
    }
  }
  if (ev != nullptr) rd_kafka_event_destroy(ev);
  rd_kafka_queue_destroy(q);
  rd_kafka_destroy(*rk);
  if (!status.ok()) return status;
  return out;
}

DedicatedBroker::~DedicatedBroker() { (void)Run("destroy"); }

absl::Status DedicatedBroker::Run(const std::string& command) {
  std::string out_path = run_dir_ + ".out";
  std::string cmd = absl::StrCat(TRIPLINE_SOURCE_DIR, "/tests/faults/broker.sh ", command, " '",
                                 run_dir_, "' >'", out_path, "' 2>&1");
  int rc = std::system(cmd.c_str());
  std::string out = ReadFile(out_path);
  std::remove(out_path.c_str());
  if (rc != 0) {
    return absl::UnavailableError(absl::StrCat("broker.sh ", command, " failed:\n", out));
  }
  if (command == "start" || command == "restart") {
    size_t end = out.find_last_not_of("\n");
    size_t begin = out.find_last_of('\n', end);
    bootstrap_ = out.substr(begin == std::string::npos ? 0 : begin + 1, end - begin);
  }
  return absl::OkStatus();
}

absl::Status DedicatedBroker::Start() { return Run("start"); }
absl::Status DedicatedBroker::Stop() { return Run("stop"); }
absl::Status DedicatedBroker::Restart() { return Run("restart"); }

}  // namespace tripline::faults
