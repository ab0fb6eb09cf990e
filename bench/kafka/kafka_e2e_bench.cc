// kafka_e2e_bench: the live engine through a real Kafka broker on loopback, side by side in
// one run with what bounds it:
//   floor         no processor: produce -> consume (throughput: a plain consumer reading the
//                 backlog; latency: a subscriber on the input headline topic itself)
//   limit         a bare librdkafka at-least-once pass-through with interval commits (copies
//                 every input to the output topic, flushes and commits offsets every
//                 --commit-ms): no decoding, no rules
//   relay         the physical bound of one more hop: a bare librdkafka relay of the headlines
//                 only (tripline's output volume), offsets committed asynchronously, never
//                 waiting for delivery (so not at-least-once): nothing blocks its loop
//   tripline-alo  `tripline run`, delivery = at_least_once
//   tripline-eos  `tripline run`, delivery = exactly_once (the default)
//   baseline-alo, baseline-eos
//                 the same two with the binary given by --baseline (another build, e.g. an
//                 older commit's), so that two builds are measured side by side in one run
//   kstreams      the Kafka Streams 3.9.1 peer (bench/peers/kstreams, KStreamsLive) with
//                 processing.guarantee = exactly_once_v2: KStreamsPeer's topology and
//                 bench/kafka/pack/rules.tsv (bench.yaml in the peers' model); build it first
//                 with bench/peers/build.sh kstreams
//
//   kafka_e2e_bench --bootstrap 127.0.0.1:PORT --tripline build/release/app/cli/tripline
//                   [--messages 2000000] [--rate 20000] [--seconds 10] [--headline-every 10]
//                   [--commit-ms 100] [--base-rate 2000] [--sustain 50000,100000,150000]
//                   [--modes floor,limit,tripline-alo,tripline-eos,kstreams]
//                   [--kstreams bench/peers/kstreams] [--repeat 1]
//                   [--tripline-config 'producer.linger.ms = 0;...'] [--baseline PATH]
//
// --messages 0 skips the backlog runs, --seconds 0 the latency runs, --sustain none the
// sustained-rate steps; --repeat N
// measures backlog and latency in N rounds (every mode once per round, interleaved, every
// other round in reverse order) and reports medians.
// Throughput: N messages (1 headline in --headline-every, the rest price ticks, event times
// 2 s apart) are produced first; the processor is started and timed from its first commit
// until its group's committed offsets reach the end. Start-up (group join, transactions, the
// pack) stays out of the timed window. The window must hold at least half the backlog and 5
// commit intervals, or the mode's backlog is reported as not measured (raise --messages): a
// backlog that the first commit already covers has no window to time. Latency: with the
// processor running,
// messages are produced at a rate; every headline carries its produce time (ns) in its id, and
// a read_committed subscriber takes arrival - produce time of the signal (tripline: one signal
// per headline from bench/kafka/pack), of the copy (limit) or of the headline (floor).
// Sustained: the highest of --sustain whose p99 stays within 2x the mode's --base-rate p99
// and whose output all arrived (the lag drained) within 30 s of the last input.
// No phase waits without bound: a processor that exits, or stops committing for 120 s, ends the
// run with its log's tail; a processor that ignores SIGTERM for 30 s is killed.
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <librdkafka/rdkafka.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/event_time.h"

namespace {

using Clock = std::chrono::system_clock;

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

struct Options {
  std::string bootstrap;
  std::string tripline;
  // Another tripline binary, run by the baseline-* modes (--baseline).
  std::string baseline;
  std::string pack = std::string(TRIPLINE_SOURCE_DIR) + "/bench/kafka/pack";
  int64_t messages = 2000000;
  int64_t rate = 20000;
  int64_t seconds = 10;
  int64_t headline_every = 10;
  int64_t commit_ms = 100;
  int64_t base_rate = 2000;
  std::vector<int64_t> sustain = {50000, 100000, 150000};
  std::vector<std::string> modes = {"floor",        "limit",        "relay",
                                    "tripline-alo", "tripline-eos", "kstreams"};
  // Modes --modes accepts besides the defaults.
  std::vector<std::string> optional_modes = {"baseline-alo", "baseline-eos"};
  std::string kstreams = std::string(TRIPLINE_SOURCE_DIR) + "/bench/peers/kstreams";
  // Extra `key = value` lines for tripline's config (--tripline-config, ';'-separated).
  std::vector<std::string> tripline_config;
  // Rounds of backlog and of latency runs: every mode once per round, interleaved, so that a
  // noisy moment hits all modes alike; the figures reported are the medians over the rounds.
  int64_t repeat = 1;
};

// Price ticks cycle through this many symbols; the peer's rule (bench/kafka/pack/rules.tsv)
// joins headlines with the ticks of SYM1.
constexpr int64_t kSymbols = 500;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "kafka_e2e_bench: %s\n", what.c_str());
  std::exit(1);
}

rd_kafka_t* NewClient(rd_kafka_type_t type, const Options& o,
                      std::vector<std::pair<std::string, std::string>> props) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  props.insert(props.begin(), {"bootstrap.servers", o.bootstrap});
  for (const auto& [k, v] : props) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
      Die(absl::StrCat(k, ": ", err));
    }
  }
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof(err));
  if (rk == nullptr) Die(err);
  return rk;
}

struct Topics {
  std::string headlines, prices, out, dlq, group;
};

Topics MakeTopics(const std::string& mode, const std::string& phase) {
  std::string p = absl::StrCat("bench-", mode, "-", phase, "-", getpid(), "-", NowNs() % 1000000);
  return {p + ".headlines", p + ".prices", p + ".out", p + ".dlq", p + ".group"};
}

void CreateTopics(const Options& o, const Topics& t) {
  rd_kafka_t* rk = NewClient(RD_KAFKA_PRODUCER, o, {});
  char err[256];
  std::vector<rd_kafka_NewTopic_t*> nts;
  for (const auto& name : {t.headlines, t.prices, t.out, t.dlq}) {
    nts.push_back(rd_kafka_NewTopic_new(name.c_str(), 1, 1, err, sizeof(err)));
  }
  rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
  rd_kafka_CreateTopics(rk, nts.data(), nts.size(), nullptr, q);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 30000);
  if (ev == nullptr) Die("CreateTopics timed out");
  rd_kafka_event_destroy(ev);
  for (auto* nt : nts) rd_kafka_NewTopic_destroy(nt);
  rd_kafka_queue_destroy(q);
  rd_kafka_destroy(rk);
}

// Message i: a headline every `headline_every` (unkeyed), else a tick of SYM<i % kSymbols>
// keyed by its symbol (Tripline ignores the key; the Kafka Streams peer joins by it). Event
// times 2 s apart so that no two benchmark headlines are the same story.
void MakeMessage(const Options& o, int64_t i, int64_t produce_ns, std::string* topic_out,
                 const Topics& t, std::string* value, std::string* key) {
  static const tripline::EventTime kBase = 1754992800LL * tripline::kNanosPerSecond;
  tripline::EventTime ts = kBase + i * 2 * tripline::kNanosPerSecond;
  value->clear();
  key->clear();
  if (i % o.headline_every == 0) {
    *topic_out = t.headlines;
    absl::StrAppend(value, "{\"id\":\"hb-", produce_ns, "\",\"ts\":\"", tripline::FormatRfc3339(ts),
                    "\",\"source\":\"Reuters\",\"headline\":\"Tripbench story w", i,
                    " about chips and policy\"}");
  } else {
    *topic_out = t.prices;
    absl::StrAppend(key, "SYM", i % kSymbols);
    absl::StrAppend(value, "{\"sym\":\"", *key, "\",\"ts\":\"", tripline::FormatRfc3339(ts),
                    "\",\"price\":", 100 + (i % 97) * 0.25, "}");
  }
}

// An empty key produces an unkeyed message.
void ProduceOne(rd_kafka_t* rk, const std::string& topic, const std::string& key,
                const std::string& value) {
  while (rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic.c_str()),
                           RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                           RD_KAFKA_V_KEY(key.empty() ? nullptr : key.data(), key.size()),
                           RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                           RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
    rd_kafka_poll(rk, 5);
  }
}

// Puts `consumer`'s group subscription on the headline and price topics, served by its
// consumer queue.
void SubscribeToInputs(rd_kafka_t* consumer, const Topics& t) {
  rd_kafka_poll_set_consumer(consumer);
  rd_kafka_topic_partition_list_t* subs = rd_kafka_topic_partition_list_new(2);
  rd_kafka_topic_partition_list_add(subs, t.headlines.c_str(), RD_KAFKA_PARTITION_UA);
  rd_kafka_topic_partition_list_add(subs, t.prices.c_str(), RD_KAFKA_PARTITION_UA);
  rd_kafka_subscribe(consumer, subs);
  rd_kafka_topic_partition_list_destroy(subs);
}

// ---- the processors ----

// The limit: a bare librdkafka at-least-once pass-through with interval commits. It consumes
// what is available, copies every message to the output topic (idempotent producer), and every
// --commit-ms waits for delivery and commits the input offsets. No decoding, no rules.
//
// The relay (`relay` mode) is the physical bound of a processor's extra hop instead: it copies
// only the headlines (the volume of output tripline writes: one signal per headline) and
// commits offsets asynchronously without waiting for delivery (not at-least-once: nothing
// ever blocks its loop).
void PassThrough(const Options& o, const Topics& t, std::atomic<bool>* stop, bool relay) {
  rd_kafka_t* consumer = NewClient(RD_KAFKA_CONSUMER, o,
                                   {{"group.id", t.group},
                                    {"enable.auto.commit", "false"},
                                    {"auto.offset.reset", "earliest"},
                                    {"fetch.wait.max.ms", "10"}});
  SubscribeToInputs(consumer, t);
  rd_kafka_t* producer =
      NewClient(RD_KAFKA_PRODUCER, o, {{"enable.idempotence", "true"}, {"linger.ms", "1"}});
  rd_kafka_queue_t* queue = rd_kafka_queue_get_consumer(consumer);
  std::vector<rd_kafka_message_t*> batch(1000);
  rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(2);
  auto last_commit = std::chrono::steady_clock::now();
  auto commit = [&] {
    if (offsets->cnt == 0) return;
    if (!relay) rd_kafka_flush(producer, 30000);
    rd_kafka_commit(consumer, offsets, /*async=*/relay ? 1 : 0);
    rd_kafka_topic_partition_list_destroy(offsets);
    offsets = rd_kafka_topic_partition_list_new(2);
  };
  while (!*stop) {
    rd_kafka_message_t* first = rd_kafka_consumer_poll(consumer, 10);
    ssize_t n = 0;
    if (first != nullptr) {
      batch[0] = first;
      ssize_t more = rd_kafka_consume_batch_queue(queue, 0, batch.data() + 1, batch.size() - 1);
      n = 1 + std::max<ssize_t>(0, more);
    }
    for (ssize_t i = 0; i < n; ++i) {
      rd_kafka_message_t* m = batch[i];
      if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* topic = rd_kafka_topic_name(m->rkt);
        const bool copy = !relay || std::strcmp(topic, t.headlines.c_str()) == 0;
        while (copy && rd_kafka_producev(producer, RD_KAFKA_V_TOPIC(t.out.c_str()),
                                         RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                         RD_KAFKA_V_VALUE(m->payload, m->len),
                                         RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
          rd_kafka_poll(producer, 5);
        }
        auto* p = rd_kafka_topic_partition_list_find(offsets, topic, m->partition);
        if (p == nullptr) p = rd_kafka_topic_partition_list_add(offsets, topic, m->partition);
        p->offset = m->offset + 1;
      }
      rd_kafka_message_destroy(m);
    }
    rd_kafka_poll(producer, 0);
    auto now = std::chrono::steady_clock::now();
    if (now - last_commit >= std::chrono::milliseconds(o.commit_ms)) {
      commit();
      last_commit = now;
    }
  }
  commit();
  // The relay never waits for delivery: what it still holds is delivered before it goes.
  rd_kafka_flush(producer, 10000);
  rd_kafka_topic_partition_list_destroy(offsets);
  rd_kafka_queue_destroy(queue);
  rd_kafka_consumer_close(consumer);
  rd_kafka_destroy(consumer);
  rd_kafka_destroy(producer);
}

std::string LogPath(const Topics& t) { return absl::StrCat("/tmp/", t.group, ".log"); }

// `binary` is --tripline or --baseline.
pid_t StartTripline(const Options& o, const std::string& binary, const Topics& t,
                    bool exactly_once) {
  std::string config = absl::StrCat("/tmp/", t.group, ".conf");
  std::ofstream(config) << "kafka.bootstrap.servers = " << o.bootstrap << "\n"
                        << "group.id = " << t.group << "\ntransactional.id = " << t.group
                        << "-txn\ntopics.headlines = " << t.headlines
                        << "\ntopics.prices = " << t.prices << "\ntopics.signals = " << t.out
                        << "\ntopics.dlq = " << t.dlq << "\nrules = " << o.pack
                        << "\nadmin.listen = off\nconsumer.fetch.wait.max.ms = 10\n"
                        << "commit.interval.ms = " << o.commit_ms
                        << "\ndelivery = " << (exactly_once ? "exactly_once" : "at_least_once")
                        << "\n"
                        << absl::StrJoin(o.tripline_config, "\n") << "\n";
  pid_t pid = fork();
  if (pid == 0) {
    FILE* f = std::freopen(LogPath(t).c_str(), "w", stderr);
    (void)f;
    execl(binary.c_str(), binary.c_str(), "run", "--config", config.c_str(), nullptr);
    _exit(127);
  }
  return pid;
}

// The Kafka Streams peer: a JVM running KStreamsLive on this run's topics, its application.id
// the group id (Streams commits the source offsets under it, which Throughput watches).
pid_t StartKStreams(const Options& o, const Topics& t) {
  const std::string classpath = absl::StrCat(o.kstreams, "/out:", o.kstreams, "/lib/*");
  const std::string rules = o.pack + "/rules.tsv";
  const std::string commit_ms = absl::StrCat(o.commit_ms);
  pid_t pid = fork();
  if (pid == 0) {
    FILE* f = std::freopen(LogPath(t).c_str(), "w", stderr);
    (void)f;
    // dup2, not freopen: freopen would flush the parent's buffered stdout a second time.
    dup2(fileno(stderr), STDOUT_FILENO);
    execlp("java", "java", "-cp", classpath.c_str(), "dev.tripline.peers.kstreams.KStreamsLive",
           rules.c_str(), o.bootstrap.c_str(), t.group.c_str(), t.headlines.c_str(),
           t.prices.c_str(), t.out.c_str(), commit_ms.c_str(), nullptr);
    _exit(127);
  }
  return pid;
}

// The last lines of a processor's log, for the message that ends a run.
std::string LogTail(const std::string& path, size_t lines) {
  std::ifstream in(path);
  std::vector<std::string> tail;
  for (std::string line; std::getline(in, line);) {
    tail.push_back(line);
    if (tail.size() > lines) tail.erase(tail.begin());
  }
  return absl::StrJoin(tail, "\n");
}

// One processor under test: a thread (limit, relay) or a child process (tripline, baseline,
// kstreams). Used by one thread.
struct Processor {
  std::string mode;
  std::string log;  // the child's stderr
  std::atomic<bool> stop{false};
  std::thread thread;
  pid_t pid = -1;
  // The child's CPU time (user + system) from start to exit, once Stop has reaped it; -1 for a
  // thread or a child that was killed. On a shared machine it moves less than wall time.
  double cpu_s = -1;

  void Start(const Options& o, const Topics& t) {
    log = LogPath(t);
    if (mode == "limit" || mode == "relay") {
      thread = std::thread([this, &o, t] { PassThrough(o, t, &stop, mode == "relay"); });
    } else if (mode == "tripline-eos" || mode == "tripline-alo") {
      pid = StartTripline(o, o.tripline, t, mode == "tripline-eos");
    } else if (mode == "baseline-eos" || mode == "baseline-alo") {
      pid = StartTripline(o, o.baseline, t, mode == "baseline-eos");
    } else if (mode == "kstreams") {
      pid = StartKStreams(o, t);
    }  // floor: no processor
  }
  // Why the child process is no longer running ("exited with status 1"), if it is not.
  std::optional<std::string> Gone() {
    if (pid <= 0) return std::nullopt;
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) != pid) return std::nullopt;
    pid = -1;
    if (WIFSIGNALED(status)) return absl::StrCat("was killed by signal ", WTERMSIG(status));
    return absl::StrCat("exited with status ", WEXITSTATUS(status));
  }
  void Stop() {
    if (thread.joinable()) {
      stop = true;
      thread.join();
    }
    if (pid > 0) {
      kill(pid, SIGTERM);
      // A processor that does not end on SIGTERM must not hang the run.
      auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
      int status = 0;
      rusage usage{};
      while (wait4(pid, &status, WNOHANG, &usage) != pid) {
        if (std::chrono::steady_clock::now() > deadline) {
          std::fprintf(stderr, "kafka_e2e_bench: %s did not exit within 30 s of SIGTERM; killed\n",
                       mode.c_str());
          kill(pid, SIGKILL);
          waitpid(pid, nullptr, 0);
          pid = -1;
          return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      auto seconds = [](const timeval& tv) { return tv.tv_sec + tv.tv_usec / 1e6; };
      cpu_s = seconds(usage.ru_utime) + seconds(usage.ru_stime);
      pid = -1;
    }
  }
  // Ends the run: stops the processor (no JVM or engine left running) and says why, with the
  // tail of the processor's log when it has one.
  [[noreturn]] void Fail(const std::string& what) {
    Stop();
    std::string message = absl::StrCat(mode, ": ", what);
    if (mode != "floor" && mode != "limit" && mode != "relay") {
      absl::StrAppend(&message, "\n--- ", log, " (tail) ---\n", LogTail(log, 20));
    }
    Die(message);
  }
  // Ends the run if the child process is gone while it should be running.
  void CheckRunning(const std::string& during) {
    if (auto why = Gone()) Fail(absl::StrCat("the processor ", *why, " during ", during));
  }
};

int64_t Committed(rd_kafka_t* rk, const Topics& t) {
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(2);
  rd_kafka_topic_partition_list_add(parts, t.headlines.c_str(), 0);
  rd_kafka_topic_partition_list_add(parts, t.prices.c_str(), 0);
  int64_t sum = 0;
  if (rd_kafka_committed(rk, parts, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    for (int i = 0; i < parts->cnt; ++i) sum += std::max<int64_t>(0, parts->elems[i].offset);
  }
  rd_kafka_topic_partition_list_destroy(parts);
  return sum;
}

// One backlog run's figure. `measured` is false when the run had no window to time (`why`).
struct Backlog {
  bool measured = false;
  double rate = 0;      // msg/s over the timed window
  double window_s = 0;  // the timed window
  int64_t timed = 0;    // messages inside it
  int64_t commits = 0;  // distinct committed positions seen inside it (0 for the floor)
  double cpu_s = -1;    // the processor's CPU time, start-up included (child processes only)
  std::string why;
};

// The floor's throughput: a plain consumer reads the whole backlog (no commits, no output),
// timed from its first message to its last.
Backlog ConsumeBacklog(const Options& o, const Topics& t) {
  rd_kafka_t* c = NewClient(
      RD_KAFKA_CONSUMER, o,
      {{"group.id", t.group}, {"enable.auto.commit", "false"}, {"auto.offset.reset", "earliest"}});
  SubscribeToInputs(c, t);
  rd_kafka_queue_t* q = rd_kafka_queue_get_consumer(c);
  std::vector<rd_kafka_message_t*> batch(10000);
  int64_t n = 0;
  std::chrono::steady_clock::time_point t_first, t_end;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(300);
  while (n < o.messages) {
    ssize_t got = rd_kafka_consume_batch_queue(q, 100, batch.data(), batch.size());
    for (ssize_t i = 0; i < got; ++i) {
      if (batch[i]->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (n++ == 0) t_first = std::chrono::steady_clock::now();
      }
      rd_kafka_message_destroy(batch[i]);
    }
    if (std::chrono::steady_clock::now() > deadline) {
      Die(absl::StrCat("floor: backlog not read in 300 s (", n, " of ", o.messages, ")"));
    }
  }
  t_end = std::chrono::steady_clock::now();
  rd_kafka_queue_destroy(q);
  rd_kafka_consumer_close(c);
  rd_kafka_destroy(c);
  Backlog b;
  b.window_s = std::chrono::duration<double>(t_end - t_first).count();
  b.timed = n - 1;
  b.measured = b.window_s > 0 && b.timed > 0;
  if (b.measured) {
    b.rate = b.timed / b.window_s;
  } else {
    b.why = "the backlog arrived in one fetch";
  }
  return b;
}

Backlog Throughput(const Options& o, const std::string& mode) {
  Topics t = MakeTopics(mode, "tput");
  CreateTopics(o, t);
  rd_kafka_t* producer = NewClient(RD_KAFKA_PRODUCER, o, {{"linger.ms", "20"}});
  std::string topic, value, key;
  for (int64_t i = 0; i < o.messages; ++i) {
    MakeMessage(o, i, 0, &topic, t, &value, &key);
    ProduceOne(producer, topic, key, value);
  }
  if (rd_kafka_flush(producer, 60000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    Die(absl::StrCat(mode, ": the backlog was not produced within 60 s"));
  }
  rd_kafka_destroy(producer);

  if (mode == "floor") return ConsumeBacklog(o, t);
  rd_kafka_t* watcher = NewClient(RD_KAFKA_CONSUMER, o, {{"group.id", t.group}});
  // Kafka Streams commits the source offsets once the headlines are in its repartition topic,
  // before its join has produced their signals: for it the run also waits for all the signals
  // (one per headline, counted by a read_committed reader of the output topic). The others
  // commit their input offsets only with or after their output.
  rd_kafka_t* outputs = nullptr;
  rd_kafka_queue_t* outputs_q = nullptr;
  int64_t signals = 0;
  const int64_t expected_signals = (o.messages + o.headline_every - 1) / o.headline_every;
  if (mode == "kstreams") {
    outputs = NewClient(RD_KAFKA_CONSUMER, o,
                        {{"group.id", t.group + "-count"}, {"isolation.level", "read_committed"}});
    rd_kafka_poll_set_consumer(outputs);
    rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(parts, t.out.c_str(), 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_assign(outputs, parts);
    rd_kafka_topic_partition_list_destroy(parts);
    outputs_q = rd_kafka_queue_get_consumer(outputs);
  }
  std::vector<rd_kafka_message_t*> batch(10000);
  Processor p;
  p.mode = mode;
  p.Start(o, t);
  // 900 s: the Kafka Streams peer takes about 300 s for the 2M-message default backlog. Within
  // it, 120 s without a first commit or without progress ends the run (a processor stuck or
  // waiting on something that will not come).
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = started + std::chrono::seconds(900);
  constexpr auto kStall = std::chrono::seconds(120);
  int64_t first = 0, last = 0, commits = 0, last_signals = 0;
  std::chrono::steady_clock::time_point t_first, t_end, t_progress = started;
  for (;;) {
    int64_t c = Committed(watcher, t);
    auto now = std::chrono::steady_clock::now();
    if (first == 0 && c > 0) {
      first = c;
      t_first = now;
    } else if (c > last) {
      ++commits;
    }
    if (outputs_q != nullptr) {
      ssize_t got;
      while ((got = rd_kafka_consume_batch_queue(outputs_q, 0, batch.data(), batch.size())) > 0) {
        for (ssize_t i = 0; i < got; ++i) {
          if (batch[i]->err == RD_KAFKA_RESP_ERR_NO_ERROR) ++signals;
          rd_kafka_message_destroy(batch[i]);
        }
      }
    }
    if (c > last || signals > last_signals) t_progress = now;
    last = std::max(last, c);
    last_signals = signals;
    if (c >= o.messages && (outputs_q == nullptr || signals >= expected_signals)) {
      t_end = std::chrono::steady_clock::now();
      break;
    }
    p.CheckRunning(absl::StrCat("its backlog run (", c, " of ", o.messages, " inputs committed)"));
    const std::string state =
        absl::StrCat(c, " of ", o.messages, " inputs committed, ", signals, " signals counted");
    if (now > deadline) p.Fail(absl::StrCat("backlog run not finished in 900 s (", state, ")"));
    if (now - t_progress > kStall) {
      p.Fail(absl::StrCat(first == 0 ? "no commit" : "no progress",
                          " in 120 s of its backlog run (", state, ")"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  p.Stop();
  rd_kafka_destroy(watcher);
  if (outputs != nullptr) {
    rd_kafka_queue_destroy(outputs_q);
    rd_kafka_consumer_close(outputs);
    rd_kafka_destroy(outputs);
  }
  Backlog b;
  b.window_s = std::chrono::duration<double>(t_end - t_first).count();
  b.timed = o.messages - first;
  b.commits = commits;
  b.cpu_s = p.cpu_s;
  // With a window of a few commit intervals, one interval's rounding at either end is most of
  // the figure; a window without commits has nothing to time.
  const double min_window_s = 5 * o.commit_ms / 1000.0;
  if (2 * b.timed < o.messages || b.window_s < min_window_s) {
    b.why = first >= o.messages
                ? absl::StrCat("its first commit already covered all ", o.messages,
                               " messages, leaving no window to time")
                : absl::StrCat("its first commit covered ", first, " of ", o.messages,
                               " messages and the rest took ", absl::SixDigits(b.window_s), " s");
    absl::StrAppend(&b.why, "; the timed window needs half the backlog and 5 commit intervals (",
                    absl::SixDigits(min_window_s), " s): raise --messages");
    return b;
  }
  b.measured = true;
  b.rate = b.timed / b.window_s;
  return b;
}

struct Latency {
  size_t samples = 0;
  size_t expected = 0;
  bool drained = false;  // every expected output arrived within 30 s of the last input
  double p50 = 0, p99 = 0, p999 = 0, max = 0;
};

Latency MeasureLatency(const Options& o, const std::string& mode, int64_t rate) {
  Topics t = MakeTopics(mode, "lat");
  CreateTopics(o, t);
  Processor p;
  p.mode = mode;
  p.Start(o, t);

  rd_kafka_t* sub = NewClient(RD_KAFKA_CONSUMER, o,
                              {{"group.id", t.group + "-sub"},
                               {"isolation.level", "read_committed"},
                               {"auto.offset.reset", "earliest"},
                               {"fetch.wait.max.ms", "5"}});
  rd_kafka_poll_set_consumer(sub);
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
  const std::string& watched = mode == "floor" ? t.headlines : t.out;
  rd_kafka_topic_partition_list_add(parts, watched.c_str(), 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(sub, parts);
  rd_kafka_topic_partition_list_destroy(parts);

  // Written by the reader thread; the main thread reads only the two counters until it joins.
  std::vector<double> latencies_us;
  std::atomic<size_t> received{0};
  std::atomic<bool> done{false};
  std::atomic<int64_t> warmup{0};
  std::thread reader([&] {
    while (!done) {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(sub, 50);
      if (m == nullptr) continue;
      int64_t now = NowNs();
      if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        std::string_view v(static_cast<const char*>(m->payload), m->len);
        size_t at = v.find("hb-");
        int64_t sent = 0;
        if (at != std::string_view::npos) {
          // The id's digits: quoted in JSON outputs, the last field of the peer's TSV signal.
          size_t end = at + 3;
          while (end < v.size() && v[end] >= '0' && v[end] <= '9') ++end;
          std::string_view digits = v.substr(at + 3, end - at - 3);
          if (absl::SimpleAtoi(absl::string_view(digits.data(), digits.size()), &sent) &&
              sent > 0) {
            latencies_us.push_back((now - sent) / 1000.0);
            received = latencies_us.size();
          } else {
            ++warmup;
          }
        }
      }
      rd_kafka_message_destroy(m);
    }
  });

  // Warm up until the processor answers (group joined, transactions initialised).
  // linger.ms = 1, not 0: one produce request per message caps the paced producer below 20k
  // msg/s on this machine, and its own queue then grows through the run (measured: the floor's
  // p50 was 1 s at 20k msg/s), which is the generator's latency, not the processor's.
  rd_kafka_t* producer = NewClient(RD_KAFKA_PRODUCER, o, {{"linger.ms", "1"}});
  std::string topic, value, key;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int64_t i = 0;
  while (warmup == 0) {
    MakeMessage(o, i, 0, &topic, t, &value, &key);
    ProduceOne(producer, topic, key, value);
    if (i % kSymbols == 0 && o.headline_every > 1) {
      // Also the SYM1 tick that follows: the peer's rule needs one within its 60-minute window
      // to answer (every 1000 s of event time, as in the measured stream).
      MakeMessage(o, i + 1, 0, &topic, t, &value, &key);
      ProduceOne(producer, topic, key, value);
    }
    i += o.headline_every;
    rd_kafka_flush(producer, 5000);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::optional<std::string> gone = p.Gone();
    if (gone || std::chrono::steady_clock::now() > deadline) {
      done = true;
      reader.join();
      p.Fail(gone ? absl::StrCat("the processor ", *gone, " during its warm-up")
                  : "the processor did not answer a warm-up headline within 60 s");
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  const int64_t total = rate * o.seconds;
  auto start = std::chrono::steady_clock::now();
  for (int64_t k = 0; k < total; ++k, ++i) {
    auto due = start + std::chrono::nanoseconds(k * 1'000'000'000 / rate);
    while (std::chrono::steady_clock::now() < due) {
      rd_kafka_poll(producer, 0);
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    MakeMessage(o, i, NowNs(), &topic, t, &value, &key);
    ProduceOne(producer, topic, key, value);
  }
  rd_kafka_flush(producer, 30000);
  rd_kafka_destroy(producer);
  size_t expected = static_cast<size_t>((total + o.headline_every - 1) / o.headline_every);
  auto wait_until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (received < expected && std::chrono::steady_clock::now() < wait_until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (auto why = p.Gone()) {
    done = true;
    reader.join();
    p.Fail(absl::StrCat("the processor ", *why, " during its latency run at ", rate, " msg/s"));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  done = true;
  reader.join();
  rd_kafka_consumer_close(sub);
  rd_kafka_destroy(sub);
  p.Stop();

  Latency l;
  l.samples = latencies_us.size();
  l.expected = expected;
  l.drained = l.samples >= expected;
  if (l.samples == 0) return l;
  std::sort(latencies_us.begin(), latencies_us.end());
  auto q = [&](double f) {
    return latencies_us[std::min(l.samples - 1, static_cast<size_t>(f * l.samples))] / 1000.0;
  };
  l.p50 = q(0.5);
  l.p99 = q(0.99);
  l.p999 = q(0.999);
  l.max = latencies_us.back() / 1000.0;
  return l;
}

// Each figure's median over rounds (the upper median for an even count); drained if all were.
Latency MedianOf(const std::vector<Latency>& rounds) {
  if (rounds.empty()) return {};  // not measured (--seconds 0)
  auto median = [&](double Latency::*field) {
    std::vector<double> v;
    for (const Latency& l : rounds) v.push_back(l.*field);
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  Latency m;
  m.p50 = median(&Latency::p50);
  m.p99 = median(&Latency::p99);
  m.p999 = median(&Latency::p999);
  m.max = median(&Latency::max);
  m.drained = true;
  for (const Latency& l : rounds) {
    m.samples += l.samples;
    m.expected += l.expected;
    m.drained = m.drained && l.drained;
  }
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    bool ok = true;
    if (k == "--bootstrap")
      o.bootstrap = v;
    else if (k == "--tripline")
      o.tripline = v;
    else if (k == "--baseline")
      o.baseline = v;
    else if (k == "--pack")
      o.pack = v;
    else if (k == "--kstreams")
      o.kstreams = v;
    else if (k == "--tripline-config")
      o.tripline_config = absl::StrSplit(v, ';', absl::SkipWhitespace());
    else if (k == "--repeat")
      ok = absl::SimpleAtoi(v, &o.repeat) && o.repeat > 0;
    else if (k == "--modes") {
      std::vector<std::string> known = o.modes;
      known.insert(known.end(), o.optional_modes.begin(), o.optional_modes.end());
      o.modes.clear();
      for (absl::string_view m : absl::StrSplit(v, ',')) {
        ok = ok && std::find(known.begin(), known.end(), m) != known.end();
        o.modes.emplace_back(m);
      }
    } else if (k == "--messages")
      ok = absl::SimpleAtoi(v, &o.messages);
    else if (k == "--rate")
      ok = absl::SimpleAtoi(v, &o.rate);
    else if (k == "--seconds")
      ok = absl::SimpleAtoi(v, &o.seconds);
    else if (k == "--headline-every")
      ok = absl::SimpleAtoi(v, &o.headline_every);
    else if (k == "--commit-ms")
      ok = absl::SimpleAtoi(v, &o.commit_ms);
    else if (k == "--base-rate")
      ok = absl::SimpleAtoi(v, &o.base_rate);
    else if (k == "--sustain") {
      o.sustain.clear();
      for (absl::string_view r : absl::StrSplit(v, ',', absl::SkipWhitespace())) {
        if (r == "none") continue;
        int64_t x = 0;
        ok = ok && absl::SimpleAtoi(r, &x) && x > 0;
        o.sustain.push_back(x);
      }
    } else
      ok = false;
    if (!ok) Die("bad flag " + k + " " + v);
  }
  if (o.bootstrap.empty() || o.tripline.empty() || o.rate <= 0 || o.headline_every <= 0) {
    Die("usage: --bootstrap HOST:PORT --tripline PATH [--messages N] [--rate R] [--seconds S] "
        "[--headline-every K] [--commit-ms MS] [--base-rate R] [--sustain R,R,...] "
        "[--modes M,M,...] [--kstreams DIR] [--tripline-config 'K = V;...'] [--repeat N] "
        "[--baseline PATH]");
  }
  const std::vector<std::string>& modes = o.modes;
  auto wants = [&](const std::string& prefix) {
    return std::any_of(modes.begin(), modes.end(),
                       [&](const std::string& m) { return absl::StartsWith(m, prefix); });
  };
  // What a mode needs is checked before the first run, not found missing mid-run.
  if (wants("tripline") && access(o.tripline.c_str(), X_OK) != 0) {
    Die("--tripline " + o.tripline + ": not an executable");
  }
  if (wants("baseline") && (o.baseline.empty() || access(o.baseline.c_str(), X_OK) != 0)) {
    Die("the baseline-* modes need --baseline PATH, an executable tripline (given: '" + o.baseline +
        "')");
  }
  struct stat st;
  if (wants("kstreams") && stat((o.kstreams + "/out").c_str(), &st) != 0) {
    Die("kstreams: no build in " + o.kstreams +
        "/out; build it first with bench/peers/build.sh kstreams, or leave the mode out "
        "(--modes)");
  }
  std::printf(
      "kafka_e2e_bench: broker %s; throughput on a %lld-message backlog; latency at %lld and "
      "%lld msg/s for %lld s; 1 headline in %lld; commits every %lld ms; %lld round(s)\n",
      o.bootstrap.c_str(), static_cast<long long>(o.messages), static_cast<long long>(o.base_rate),
      static_cast<long long>(o.rate), static_cast<long long>(o.seconds),
      static_cast<long long>(o.headline_every), static_cast<long long>(o.commit_ms),
      static_cast<long long>(o.repeat));
  std::fflush(stdout);
  // Round r runs every mode in turn, every other round in reverse order, so that neither end
  // of the list always runs first (on a fresh broker) or last.
  auto order = [&](int64_t round) {
    std::vector<size_t> idx(modes.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    if (round % 2 == 1) std::reverse(idx.begin(), idx.end());
    return idx;
  };
  std::vector<std::vector<Backlog>> tput_rounds(modes.size());
  for (int64_t round = 0; o.messages > 0 && round < o.repeat; ++round) {
    for (size_t i : order(round)) {
      tput_rounds[i].push_back(Throughput(o, modes[i]));
      const Backlog& b = tput_rounds[i].back();
      const std::string cpu =
          b.cpu_s >= 0 ? absl::StrFormat(", processor CPU %.2f s with start-up", b.cpu_s) : "";
      if (b.measured) {
        std::printf(
            "  %-13s round %lld: backlog %.0f msg/s (%lld messages in %.2f s, %lld commits%s)\n",
            modes[i].c_str(), static_cast<long long>(round + 1), b.rate,
            static_cast<long long>(b.timed), b.window_s, static_cast<long long>(b.commits),
            cpu.c_str());
      } else {
        std::printf("  %-13s round %lld: backlog not measured: %s\n", modes[i].c_str(),
                    static_cast<long long>(round + 1), b.why.c_str());
      }
      std::fflush(stdout);
    }
  }
  // Per mode, the median over the rounds that measured it (0 = none did).
  std::vector<double> tput(modes.size(), 0);
  std::vector<size_t> tput_n(modes.size(), 0);
  for (size_t i = 0; i < modes.size(); ++i) {
    std::vector<double> v;
    for (const Backlog& b : tput_rounds[i]) {
      if (b.measured) v.push_back(b.rate);
    }
    std::sort(v.begin(), v.end());
    tput_n[i] = v.size();
    if (!v.empty()) tput[i] = v[v.size() / 2];
  }
  // Latency: --repeat rounds, each running every mode in turn at both rates; per mode, the
  // median of each figure over the rounds (the spread of p99 is printed per round).
  std::vector<std::vector<Latency>> base_rounds(modes.size()), lat_rounds(modes.size());
  for (int64_t round = 0; o.seconds > 0 && round < o.repeat; ++round) {
    for (size_t i : order(round)) {
      base_rounds[i].push_back(MeasureLatency(o, modes[i], o.base_rate));
      lat_rounds[i].push_back(MeasureLatency(o, modes[i], o.rate));
      std::printf("  %-13s round %lld: p99 %.2f ms at %lld msg/s, %.2f ms at %lld msg/s\n",
                  modes[i].c_str(), static_cast<long long>(round + 1), base_rounds[i].back().p99,
                  static_cast<long long>(o.base_rate), lat_rounds[i].back().p99,
                  static_cast<long long>(o.rate));
      std::fflush(stdout);
    }
  }
  std::vector<Latency> base, lat;
  for (size_t i = 0; i < modes.size(); ++i) {
    base.push_back(MedianOf(base_rounds[i]));
    lat.push_back(MedianOf(lat_rounds[i]));
  }
  // Sustained rate: the highest offered rate whose p99 stays within 2x the base-rate p99 and
  // whose output all arrived.
  std::vector<int64_t> sustained(modes.size(), 0);
  for (size_t i = 0; i < modes.size(); ++i) {
    if (modes[i] == "floor" || o.seconds == 0) continue;
    for (int64_t r : o.sustain) {
      Latency l = MeasureLatency(o, modes[i], r);
      const bool ok = l.drained && l.p99 <= 2 * base[i].p99;
      std::printf("  %-13s at %lld msg/s: p99 %.2f ms, %zu/%zu outputs%s\n", modes[i].c_str(),
                  static_cast<long long>(r), l.p99, l.samples, l.expected, ok ? "" : " (no)");
      std::fflush(stdout);
      if (!ok) break;
      sustained[i] = r;
    }
  }
  // A backlog no round measured prints as "n/a", never as 0 msg/s.
  auto backlog_cell = [&](size_t i) {
    return tput_n[i] > 0 ? absl::StrCat(static_cast<int64_t>(tput[i] + 0.5)) : std::string("n/a");
  };
  std::printf("\n%-13s %14s %10s %10s %10s %10s %10s %12s\n", "mode", "backlog msg/s", "base p99",
              "p50 ms", "p99 ms", "p99.9 ms", "max ms", "sustained");
  for (size_t i = 0; i < modes.size(); ++i) {
    // Latency not measured (--seconds 0) prints as n/a too.
    auto ms = [&](const Latency& l, double v) {
      return l.samples > 0 ? absl::StrFormat("%.2f", v) : std::string("n/a");
    };
    std::printf("%-13s %14s %10s %10s %10s %10s %10s %12lld\n", modes[i].c_str(),
                backlog_cell(i).c_str(), ms(base[i], base[i].p99).c_str(),
                ms(lat[i], lat[i].p50).c_str(), ms(lat[i], lat[i].p99).c_str(),
                ms(lat[i], lat[i].p999).c_str(), ms(lat[i], lat[i].max).c_str(),
                static_cast<long long>(sustained[i]));
  }
  // A figure a mode left out by --modes (or a backlog not measured) prints as n/a.
  auto at = [&](const std::string& m) -> int {
    auto it = std::find(modes.begin(), modes.end(), m);
    return it == modes.end() ? -1 : static_cast<int>(it - modes.begin());
  };
  auto backlog = [&](const std::string& m) -> std::optional<double> {
    if (at(m) < 0 || tput_n[at(m)] == 0) return std::nullopt;
    return tput[at(m)];
  };
  auto p99 = [&](const std::string& m) -> std::optional<double> {
    if (at(m) < 0 || lat[at(m)].samples == 0) return std::nullopt;
    return lat[at(m)].p99;
  };
  auto ratio = [](std::optional<double> a, std::optional<double> b) {
    return a && b && *b > 0 ? absl::StrFormat("%.2f", *a / *b) : std::string("n/a");
  };
  auto minus = [](std::optional<double> a, std::optional<double> b) {
    return a && b ? absl::StrFormat("%.2f ms", *a - *b) : std::string("n/a");
  };
  std::printf(
      "\naims: eos backlog / limit = %s (>= 0.50); alo p99 - floor p99 = %s (<= 5); "
      "eos p99 - floor p99 = %s (<= %lld + 10); eos backlog / kstreams = %s (>= 2)\n",
      ratio(backlog("tripline-eos"), backlog("limit")).c_str(),
      minus(p99("tripline-alo"), p99("floor")).c_str(),
      minus(p99("tripline-eos"), p99("floor")).c_str(), static_cast<long long>(o.commit_ms),
      ratio(backlog("tripline-eos"), backlog("kstreams")).c_str());
  std::printf(
      "bounds: relay p99 - floor p99 = %s (the extra hop itself); alo p99 - relay p99 "
      "= %s (tripline's own share)\n",
      minus(p99("relay"), p99("floor")).c_str(), minus(p99("tripline-alo"), p99("relay")).c_str());
  if (wants("baseline")) {
    std::printf(
        "against the baseline: backlog alo %s, eos %s (tripline / baseline); p99 alo %s, eos %s "
        "(tripline - baseline)\n",
        ratio(backlog("tripline-alo"), backlog("baseline-alo")).c_str(),
        ratio(backlog("tripline-eos"), backlog("baseline-eos")).c_str(),
        minus(p99("tripline-alo"), p99("baseline-alo")).c_str(),
        minus(p99("tripline-eos"), p99("baseline-eos")).c_str());
  }
  return 0;
}
