#include "tests/faults/engine_fixture.h"

#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include <gmock/gmock.h>

#include "absl/strings/str_cat.h"

namespace tripline::faults {

namespace fs = std::filesystem;

void EngineFixture::SetUp() {
  auto b = KafkaBootstrap();
  ASSERT_TRUE(b.ok()) << b.status();
  bootstrap_ = *b;
  dir_ = fs::temp_directory_path() / UniqueName("tripline-faults");
  fs::create_directories(dir_);
}

void EngineFixture::TearDown() {
  if (HasFailure()) {
    for (const auto& e : fs::directory_iterator(dir_)) {
      if (e.path().extension() == ".log") {
        std::string log = ReadFile(e.path());
        if (log.size() > 6000) log = "..." + log.substr(log.size() - 6000);
        std::cerr << "--- " << e.path() << " ---\n" << log << "\n";
      }
    }
  }
  // TRIPLINE_FAULTS_KEEP=1 keeps the engines' logs and configs for a look after the run.
  if (const char* keep = std::getenv("TRIPLINE_FAULTS_KEEP"); keep != nullptr && *keep == '1') {
    std::cerr << "kept " << dir_ << "\n";
    return;
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

Streams EngineFixture::NewStreams(const std::string& test, int partitions, bool routed) {
  std::string p = UniqueName("faults-" + test);
  Streams s;
  s.headlines = p + ".headlines";
  s.prices = p + ".prices";
  s.signals = p + ".signals";
  s.dlq = p + ".dlq";
  s.group = p + ".group";
  s.partitions = partitions;
  if (routed) s.routed = p + ".by_instrument";
  s.inputs = SampleInputs(s.headlines, s.prices);
  return s;
}

bool EngineFixture::Setup(Streams& s, size_t produce) {
  EXPECT_GT(s.inputs.size(), 1000u) << "the sample input did not load";
  absl::Status created = s.routed.empty()
                             ? CreateTopics(bootstrap_, {s.headlines, s.prices}, s.partitions)
                             : CreateTopics(bootstrap_, {s.routed, s.prices}, s.partitions);
  if (created.ok() && !s.routed.empty()) created = CreateTopics(bootstrap_, {s.headlines}, 1);
  if (created.ok()) created = CreateTopics(bootstrap_, {s.signals, s.dlq}, 1);
  EXPECT_TRUE(created.ok()) << created;
  if (!created.ok()) return false;
  return ProduceUpTo(s, produce);
}

bool EngineFixture::ProduceUpTo(Streams& s, size_t end, bool wait_for_router) {
  end = std::min(end, s.inputs.size());
  if (end <= s.placed.size()) return true;
  std::vector<InputRecord> next(s.inputs.begin() + s.placed.size(), s.inputs.begin() + end);
  if (s.routed.empty()) {
    auto placed = ProduceRecords(bootstrap_, next);
    EXPECT_TRUE(placed.ok()) << placed.status();
    if (!placed.ok()) return false;
    s.placed.insert(s.placed.end(), placed->begin(), placed->end());
    return true;
  }
  // Routed: the headlines of the slice first, through the router, then its prices. The engines
  // order routed headlines and prices by arrival at their input; a router lagging behind the
  // prices would reorder them (see docs/operations.md, "Limits").
  std::vector<InputRecord> headlines, prices;
  for (const InputRecord& r : next) (r.topic == s.headlines ? headlines : prices).push_back(r);
  auto ph = ProduceRecords(bootstrap_, headlines);
  EXPECT_TRUE(ph.ok()) << ph.status();
  if (!ph.ok()) return false;
  if (!headlines.empty() && router_started_ && wait_for_router) {
    auto hend = EndOffsets(bootstrap_, s.headlines);
    bool routed = false;
    auto deadline = std::chrono::steady_clock::now() + seconds(60);
    while (hend.ok() && !routed && std::chrono::steady_clock::now() < deadline) {
      auto rc = CommittedOffsets(bootstrap_, s.group + ".route", s.headlines);
      routed = rc.ok() && *rc == *hend;
      if (!routed) std::this_thread::sleep_for(milliseconds(50));
    }
    EXPECT_TRUE(routed) << "the router did not route the headlines";
    if (!routed) return false;
  }
  auto pp = ProduceRecords(bootstrap_, prices);
  EXPECT_TRUE(pp.ok()) << pp.status();
  if (!pp.ok()) return false;
  size_t hi = 0, pi = 0;
  for (const InputRecord& r : next) {
    s.placed.push_back(r.topic == s.headlines ? (*ph)[hi++] : (*pp)[pi++]);
  }
  return true;
}

std::string EngineFixture::WriteConfig(const Streams& s, const std::string& instance,
                                       const std::string& extra, bool static_member) {
  std::string path = (dir_ / (instance + ".conf")).string();
  std::ofstream out(path);
  out << "kafka.bootstrap.servers = " << bootstrap_ << "\n"
      << "group.id = " << s.group << "\n"
      << "transactional.id = " << s.group << "-" << instance << "\n"
      << "topics.headlines = " << (s.routed.empty() ? s.headlines : s.routed) << "\n"
      << "topics.headlines.routed = " << (s.routed.empty() ? "false" : "true") << "\n"
      << "kafka.client.id = " << instance << "\n"
      << "topics.prices = " << s.prices << "\n"
      << "topics.signals = " << s.signals << "\n"
      << "topics.dlq = " << s.dlq << "\n"
      << "rules = " << rules_ << "\n"
      << "admin.listen = off\n"
      // Small transactions (a commit every 25 messages, not every 100 ms), so that a kill
      // lands between many commits.
      << "batch.max = 25\n"
      << "commit.interval.ms = 0\n"
      << "consumer.fetch.wait.max.ms = 20\n"
      // Range: partition i of headlines and prices go to the same member (co-partitioning).
      << "consumer.partition.assignment.strategy = range\n"
      // A dead member's partitions move after the engine's default session timeout, 6 s (the
      // broker's minimum; librdkafka's own default is 45 s): not set here, so that the tests
      // run with it. Heartbeats more often than the default 1.5 s.
      << "consumer.heartbeat.interval.ms = 500\n"
      << "kafka.reconnect.backoff.max.ms = 1000\n"
      // A SIGKILLed engine leaves its transaction open, and with it its offsets unstable for
      // whoever takes its partitions over, until the broker aborts it after this timeout.
      << "producer.transaction.timeout.ms = 10000\n"
      << extra;
  // TRIPLINE_FAULTS_KAFKA_DEBUG=cgrp,fetch: librdkafka's debug log in the engines' logs.
  if (const char* debug = std::getenv("TRIPLINE_FAULTS_KAFKA_DEBUG"); debug != nullptr) {
    out << "kafka.debug = " << debug << "\n";
  }
  if (static_member) {
    // Static membership: a restarted instance takes its place back without a rebalance.
    out << "consumer.group.instance.id = " << s.group << "-" << instance << "\n";
  }
  return path;
}

void EngineFixture::StartEngine(ChildProcess* child, const std::string& config,
                                const std::string& log) {
  absl::Status s = child->Start({TRIPLINE_BIN, "run", "--config", config}, (dir_ / log).string());
  ASSERT_TRUE(s.ok()) << s;
}

void EngineFixture::StartRouter(ChildProcess* child, const Streams& s, const std::string& config,
                                const std::string& log) {
  // The router reads the raw headlines: the same config with the input topic put back.
  std::string path = config + ".route";
  std::ofstream(path) << ReadFile(config) << "topics.headlines = " << s.headlines << "\n";
  absl::Status st = child->Start({TRIPLINE_BIN, "route", "--config", path, "--to", s.routed},
                                 (dir_ / log).string());
  ASSERT_TRUE(st.ok()) << st;
  router_started_ = true;
}

void EngineFixture::StopEngine(ChildProcess* child) {
  child->Signal(SIGTERM);
  auto code = child->Wait(seconds(30));
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 0) << "the engine did not stop cleanly on SIGTERM";
}

bool EngineFixture::WaitCommittedAtLeast(const Streams& s, int64_t n,
                                         std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (CommittedTotal(bootstrap_, s.group, {s.headlines, s.prices}) >= n) return true;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return false;
}

bool EngineFixture::WaitConsumedAll(const Streams& s, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto hend = EndOffsets(bootstrap_, s.headlines);
  auto pend = EndOffsets(bootstrap_, s.prices);
  if (!hend.ok() || !pend.ok()) return false;
  if (!s.routed.empty()) {
    // The router first; then the routed topic is complete. It is written in transactions, so
    // its end offset counts commit markers: the engines are done when they committed past its
    // last record of each partition.
    bool routed = false;
    while (!routed && std::chrono::steady_clock::now() < deadline) {
      auto rc = CommittedOffsets(bootstrap_, s.group + ".route", s.headlines);
      routed = rc.ok() && *rc == *hend;
      if (!routed) std::this_thread::sleep_for(milliseconds(100));
    }
    if (!routed) return false;
    auto records = ReadCommitted(bootstrap_, s.routed, seconds(30));
    if (!records.ok()) return false;
    PartitionOffsets last;
    for (int p = 0; p < s.partitions; ++p) last[p] = 0;
    for (const OutputRecord& r : *records)
      last[r.partition] = std::max(last[r.partition], r.offset + 1);
    while (std::chrono::steady_clock::now() < deadline) {
      auto rc = CommittedOffsets(bootstrap_, s.group, s.routed);
      auto pc = CommittedOffsets(bootstrap_, s.group, s.prices);
      bool done = rc.ok() && pc.ok() && *pc == *pend;
      for (int p = 0; done && p < s.partitions; ++p) {
        done = last[p] == 0 || (*rc)[p] >= last[p];
      }
      if (done) return true;
      std::this_thread::sleep_for(milliseconds(100));
    }
    return false;
  }
  while (std::chrono::steady_clock::now() < deadline) {
    auto hc = CommittedOffsets(bootstrap_, s.group, s.headlines);
    auto pc = CommittedOffsets(bootstrap_, s.group, s.prices);
    if (hc.ok() && pc.ok() && *hc == *hend && *pc == *pend) return true;
    std::this_thread::sleep_for(milliseconds(100));
  }
  return false;
}

void EngineFixture::ExpectSignalsEqualReference(const Streams& s) {
  auto reference = ReferenceSignals(s.inputs, s.headlines, s.prices, rules_);
  ASSERT_TRUE(reference.ok()) << reference.status();
  ASSERT_FALSE(reference->empty()) << "the sample should fire signals";
  auto out = ReadCommitted(bootstrap_, s.signals, seconds(30));
  ASSERT_TRUE(out.ok()) << out.status();
  std::map<std::string, int> copies;
  SignalsById got;
  for (const OutputRecord& r : *out) {
    std::string id = JsonField(r.value, "signal_id");
    ++copies[id];
    got[id] = r.value;
    EXPECT_EQ(r.key, JsonField(r.value, "instrument")) << "signals are keyed by instrument";
  }
  for (const auto& [id, n] : copies) EXPECT_EQ(n, 1) << "signal " << id << " doubled";
  std::vector<std::string> got_ids, want_ids;
  for (const auto& [id, json] : got) got_ids.push_back(id);
  for (const auto& [id, json] : *reference) want_ids.push_back(id);
  EXPECT_THAT(got_ids, ::testing::ElementsAreArray(want_ids)) << "signals lost or extra";
  for (const auto& [id, json] : *reference) {
    auto it = got.find(id);
    if (it != got.end()) {
      EXPECT_EQ(it->second, json) << "signal " << id << " differs";
    }
  }
}

void EngineFixture::ExpectOutputEqualsReference(const Streams& s) {
  ExpectSignalsEqualReference(s);
  auto letters = ReadCommitted(bootstrap_, s.dlq, seconds(30));
  ASSERT_TRUE(letters.ok()) << letters.status();
  EXPECT_TRUE(letters->empty()) << letters->size() << " unexpected dead letters";
}

std::string EngineFixture::OwnerOf(const Streams& s, int32_t partition,
                                   std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto a = GroupAssignment(bootstrap_, s.group, s.prices);
    if (a.ok()) {
      for (const auto& [client, parts] : *a) {
        if (std::find(parts.begin(), parts.end(), partition) != parts.end()) return client;
      }
    }
    std::this_thread::sleep_for(milliseconds(200));
  }
  return "";
}

std::string EngineFixture::Origin(const Placed& p) {
  return absl::StrCat(p.topic, "/", p.partition, "/", p.offset);
}

}  // namespace tripline::faults
