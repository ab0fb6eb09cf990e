#include "tests/kafka/kafka_test_env.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <librdkafka/rdkafka.h>

#include "absl/strings/str_cat.h"

namespace tripline::testing {
namespace {

rd_kafka_t* NewClient(rd_kafka_type_t type, const std::string& bootstrap,
                      std::vector<std::pair<std::string, std::string>> extra, std::string* error) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  extra.insert(extra.begin(), {"bootstrap.servers", bootstrap});
  for (const auto& [k, v] : extra) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
      *error = err;
      rd_kafka_conf_destroy(conf);
      return nullptr;
    }
  }
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof(err));
  if (rk == nullptr) {
    *error = err;
    rd_kafka_conf_destroy(conf);
  }
  return rk;
}

// Partitions of `topic` as the broker's metadata shows them; 0 while it does not exist yet.
int PartitionCount(rd_kafka_t* rk, const std::string& topic) {
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, rkt, &md, 10000);
  rd_kafka_topic_destroy(rkt);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) return 0;
  int n = md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR
              ? md->topics[0].partition_cnt
              : 0;
  rd_kafka_metadata_destroy(md);
  return n;
}

}  // namespace

absl::StatusOr<std::string> KafkaBootstrap() {
  const char* env = std::getenv("TRIPLINE_KAFKA_BOOTSTRAP");
  if (env == nullptr || *env == '\0') {
    return absl::FailedPreconditionError(
        "TRIPLINE_KAFKA_BOOTSTRAP is not set: start the broker with deploy/kafka/start.sh and "
        "export its last line (tests/run_all.sh does both)");
  }
  std::string error;
  rd_kafka_t* rk = NewClient(RD_KAFKA_PRODUCER, env, {}, &error);
  if (rk == nullptr) return absl::InternalError(error);
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, nullptr, &md, 10000);
  if (md != nullptr) rd_kafka_metadata_destroy(md);
  rd_kafka_destroy(rk);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::UnavailableError(
        absl::StrCat("Kafka at ", env, " does not answer: ", rd_kafka_err2str(e)));
  }
  return std::string(env);
}

std::string UniqueName(const std::string& prefix) {
  static std::atomic<int> counter{0};
  return absl::StrCat(prefix, "-", getpid(), "-", time(nullptr) % 100000, "-", counter++);
}

absl::Status CreateTopics(const std::string& bootstrap, const std::vector<std::string>& topics,
                          int partitions) {
  std::string error;
  rd_kafka_t* rk = NewClient(RD_KAFKA_PRODUCER, bootstrap, {}, &error);
  if (rk == nullptr) return absl::InternalError(error);
  std::vector<rd_kafka_NewTopic_t*> nts;
  char err[512];
  for (const auto& t : topics)
    nts.push_back(rd_kafka_NewTopic_new(t.c_str(), partitions, 1, err, sizeof(err)));
  rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
  rd_kafka_CreateTopics(rk, nts.data(), nts.size(), nullptr, q);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 30000);
  absl::Status status;
  if (ev == nullptr) {
    status = absl::DeadlineExceededError("CreateTopics timed out");
  } else {
    const rd_kafka_CreateTopics_result_t* res = rd_kafka_event_CreateTopics_result(ev);
    size_t n = 0;
    const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(res, &n);
    for (size_t i = 0; i < n; ++i) {
      rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
      if (e != RD_KAFKA_RESP_ERR_NO_ERROR && e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        status = absl::InternalError(absl::StrCat("create ", rd_kafka_topic_result_name(results[i]),
                                                  ": ", rd_kafka_err2str(e)));
      }
    }
    rd_kafka_event_destroy(ev);
  }
  for (auto* nt : nts) rd_kafka_NewTopic_destroy(nt);
  rd_kafka_queue_destroy(q);
  // Metadata propagates asynchronously: wait until every topic shows its partitions.
  for (size_t i = 0; status.ok() && i < topics.size(); ++i) {
    for (int attempt = 0; PartitionCount(rk, topics[i]) != partitions; ++attempt) {
      if (attempt > 100) {
        status = absl::DeadlineExceededError(absl::StrCat("topic ", topics[i], " did not appear"));
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  rd_kafka_destroy(rk);
  return status;
}

absl::Status SetTopicConfig(const std::string& bootstrap, const std::string& topic,
                            const std::string& key, const std::string& value) {
  std::string error;
  rd_kafka_t* rk = NewClient(RD_KAFKA_PRODUCER, bootstrap, {}, &error);
  if (rk == nullptr) return absl::InternalError(error);
  rd_kafka_ConfigResource_t* res =
      rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic.c_str());
  rd_kafka_ConfigResource_set_config(res, key.c_str(), value.c_str());
  rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
  rd_kafka_AlterConfigs(rk, &res, 1, nullptr, q);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 30000);
  absl::Status status;
  if (ev == nullptr) {
    status = absl::DeadlineExceededError("AlterConfigs timed out");
  } else if (rd_kafka_event_error(ev) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    status =
        absl::InternalError(absl::StrCat("alter ", topic, ": ", rd_kafka_event_error_string(ev)));
  } else {
    size_t n = 0;
    const rd_kafka_ConfigResource_t** results =
        rd_kafka_AlterConfigs_result_resources(rd_kafka_event_AlterConfigs_result(ev), &n);
    for (size_t i = 0; i < n; ++i) {
      if (rd_kafka_ConfigResource_error(results[i]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        status = absl::InternalError(
            absl::StrCat("alter ", topic, ": ", rd_kafka_ConfigResource_error_string(results[i])));
      }
    }
  }
  if (ev != nullptr) rd_kafka_event_destroy(ev);
  rd_kafka_ConfigResource_destroy(res);
  rd_kafka_queue_destroy(q);
  rd_kafka_destroy(rk);
  return status;
}

absl::Status Produce(const std::string& bootstrap, const std::vector<OutRecord>& records) {
  std::string error;
  rd_kafka_t* rk = NewClient(RD_KAFKA_PRODUCER, bootstrap,
                             {{"enable.idempotence", "true"}, {"linger.ms", "5"}}, &error);
  if (rk == nullptr) return absl::InternalError(error);
  for (const auto& [topic, k, v, ts] : records) {
    for (;;) {
      rd_kafka_resp_err_t e = rd_kafka_producev(
          rk, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
          RD_KAFKA_V_KEY(const_cast<char*>(k.data()), k.size()),
          RD_KAFKA_V_VALUE(const_cast<char*>(v.data()), v.size()), RD_KAFKA_V_TIMESTAMP(ts),
          RD_KAFKA_V_END);
      if (e == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        rd_kafka_poll(rk, 10);
        continue;
      }
      if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_destroy(rk);
        return absl::InternalError(absl::StrCat("produce: ", rd_kafka_err2str(e)));
      }
      break;
    }
  }
  rd_kafka_resp_err_t e = rd_kafka_flush(rk, 30000);
  rd_kafka_destroy(rk);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InternalError(absl::StrCat("flush: ", rd_kafka_err2str(e)));
  }
  return absl::OkStatus();
}

std::vector<Record> ReadTopic(const std::string& bootstrap, const std::string& topic,
                              size_t min_records, std::chrono::milliseconds idle,
                              std::chrono::milliseconds timeout) {
  std::vector<Record> out;
  std::string error;
  rd_kafka_t* rk = NewClient(RD_KAFKA_CONSUMER, bootstrap,
                             {{"group.id", UniqueName("reader")},
                              {"isolation.level", "read_committed"},
                              {"enable.auto.commit", "false"},
                              {"auto.offset.reset", "earliest"}},
                             &error);
  if (rk == nullptr) return out;
  rd_kafka_poll_set_consumer(rk);
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(parts, topic.c_str(), 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(rk, parts);
  rd_kafka_topic_partition_list_destroy(parts);
  auto start = std::chrono::steady_clock::now();
  auto last = start;
  for (;;) {
    auto now = std::chrono::steady_clock::now();
    if (now - start > timeout) break;
    if (out.size() >= min_records && now - last > idle) break;
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 100);
    if (m == nullptr) continue;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      Record r;
      if (m->key) r.key.assign(static_cast<const char*>(m->key), m->key_len);
      if (m->payload) r.value.assign(static_cast<const char*>(m->payload), m->len);
      r.partition = m->partition;
      r.offset = m->offset;
      out.push_back(std::move(r));
      last = std::chrono::steady_clock::now();
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return out;
}

absl::StatusOr<std::vector<int64_t>> CommittedOffsets(const std::string& bootstrap,
                                                      const std::string& group,
                                                      const std::vector<std::string>& topics) {
  std::string error;
  rd_kafka_t* rk = NewClient(RD_KAFKA_CONSUMER, bootstrap, {{"group.id", group}}, &error);
  if (rk == nullptr) return absl::InternalError(error);
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(topics.size());
  for (const auto& t : topics) rd_kafka_topic_partition_list_add(parts, t.c_str(), 0);
  rd_kafka_resp_err_t e = rd_kafka_committed(rk, parts, 10000);
  std::vector<int64_t> out;
  for (int i = 0; i < parts->cnt; ++i) out.push_back(parts->elems[i].offset);
  rd_kafka_topic_partition_list_destroy(parts);
  rd_kafka_destroy(rk);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InternalError(absl::StrCat("committed: ", rd_kafka_err2str(e)));
  }
  return out;
}

absl::StatusOr<int64_t> EndOffset(const std::string& bootstrap, const std::string& topic) {
  std::string error;
  rd_kafka_t* rk =
      NewClient(RD_KAFKA_CONSUMER, bootstrap, {{"group.id", UniqueName("watermarks")}}, &error);
  if (rk == nullptr) return absl::InternalError(error);
  int64_t low = 0, high = 0;
  rd_kafka_resp_err_t e =
      rd_kafka_query_watermark_offsets(rk, topic.c_str(), 0, &low, &high, 10000);
  rd_kafka_destroy(rk);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InternalError(absl::StrCat("watermarks: ", rd_kafka_err2str(e)));
  }
  return high;
}

std::string JsonField(const std::string& json, const std::string& field) {
  std::string needle = absl::StrCat("\"", field, "\":\"");
  size_t at = json.find(needle);
  if (at == std::string::npos) return "";
  at += needle.size();
  size_t end = json.find('"', at);
  return end == std::string::npos ? "" : json.substr(at, end - at);
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

absl::Status ChildProcess::Start(const std::vector<std::string>& argv,
                                 const std::string& log_path) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 2);
      dup2(fd, 1);
    }
    execv(args[0], args.data());
    _exit(127);
  }
  pid_ = pid;
  return absl::OkStatus();
}

void ChildProcess::Signal(int signo) {
  if (pid_ > 0) kill(pid_, signo);
}

absl::StatusOr<int> ChildProcess::Wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pid_ > 0) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
      return absl::DeadlineExceededError("child did not exit in time; killed");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return absl::FailedPreconditionError("no child running");
}

absl::StatusOr<std::string> HttpRequest(int port, const std::string& method,
                                        const std::string& target,
                                        const std::string& authorization) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat("connect to port ", port, " failed"));
  }
  std::string req = absl::StrCat(method, " ", target, " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  if (!authorization.empty()) absl::StrAppend(&req, "Authorization: ", authorization, "\r\n");
  absl::StrAppend(&req, "Content-Length: 0\r\nConnection: close\r\n\r\n");
  if (write(fd, req.data(), req.size()) != static_cast<ssize_t>(req.size())) {
    close(fd);
    return absl::UnavailableError("write failed");
  }
  std::string resp;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) resp.append(buf, n);
  close(fd);
  // "HTTP/1.1 200 OK\r\n...\r\n\r\nbody"
  if (resp.size() < 12) return absl::UnavailableError("short HTTP response");
  size_t body = resp.find("\r\n\r\n");
  return absl::StrCat(resp.substr(9, 3), "\n",
                      body == std::string::npos ? "" : resp.substr(body + 4));
}

}  // namespace tripline::testing
