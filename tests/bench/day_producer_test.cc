// DayProducer against librdkafka's mock cluster: every line of a generated day arrives once,
// headlines and prices on their topics, prices keyed by symbol, each topic in file order.
#include "bench/gen/day_producer.h"

#include <librdkafka/rdkafka.h>
// rdkafka_mock.h needs rdkafka.h first.
#include <librdkafka/rdkafka_mock.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <vector>

#include "bench/gen/day_generator.h"
#include "bench/gen/output_file.h"
#include "gtest/gtest.h"

namespace tripline::gen {
namespace {

std::vector<std::string> ReadLines(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

class DayProducerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    ASSERT_NE(handle_, nullptr) << err;
    mock_ = rd_kafka_mock_cluster_new(handle_, 1);
    ASSERT_NE(mock_, nullptr);
    bootstrap_ = rd_kafka_mock_cluster_bootstraps(mock_);
    // One partition each, so that a topic's order is the order produced.
    rd_kafka_mock_topic_create(mock_, "news.headlines", 1, 1);
    rd_kafka_mock_topic_create(mock_, "market.prices", 1, 1);

    dir_ = ::testing::TempDir() + "day_producer_" + std::to_string(getpid());
    ASSERT_EQ(system(("mkdir -p " + dir_).c_str()), 0);
    GenOptions o;
    o.events = 3000;
    o.instruments = 20;
    o.watched = 5;
    auto gen = DayGenerator::Create(o);
    ASSERT_TRUE(gen.ok()) << gen.status();
    auto h = OutputFile::Open(dir_ + "/h.jsonl");
    auto p = OutputFile::Open(dir_ + "/p.jsonl");
    ASSERT_TRUE(h.ok() && p.ok());
    ASSERT_TRUE((*gen)->Run(**h, **p).ok());
    ASSERT_TRUE((*h)->Close().ok());
    ASSERT_TRUE((*p)->Close().ok());
  }

  void TearDown() override {
    if (mock_ != nullptr) rd_kafka_mock_cluster_destroy(mock_);
    if (handle_ != nullptr) rd_kafka_destroy(handle_);
  }

  struct Received {
    std::vector<std::string> headlines;
    std::vector<std::pair<std::string, std::string>> prices;  // key, value
  };

  // Reads both topics from the beginning until `want` messages arrived or 30 s passed.
  Received Consume(size_t want) {
    Received r;
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap_.c_str(), err, sizeof err);
    rd_kafka_conf_set(conf, "group.id", "day-producer-test", err, sizeof err);
    rd_kafka_t* c = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    EXPECT_NE(c, nullptr) << err;
    if (c == nullptr) return r;
    rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(2);
    for (const char* t : {"news.headlines", "market.prices"}) {
      rd_kafka_topic_partition_list_add(parts, t, 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_assign(c, parts);
    rd_kafka_topic_partition_list_destroy(parts);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (r.headlines.size() + r.prices.size() < want &&
           std::chrono::steady_clock::now() < deadline) {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(c, 100);
      if (m == nullptr) continue;
      if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        std::string value(static_cast<const char*>(m->payload), m->len);
        if (std::string(rd_kafka_topic_name(m->rkt)) == "news.headlines") {
          r.headlines.push_back(value);
        } else {
          r.prices.emplace_back(std::string(static_cast<const char*>(m->key), m->key_len), value);
        }
      }
      rd_kafka_message_destroy(m);
    }
    rd_kafka_consumer_close(c);
    rd_kafka_destroy(c);
    return r;
  }

  rd_kafka_t* handle_ = nullptr;
  rd_kafka_mock_cluster_t* mock_ = nullptr;
  std::string bootstrap_;
  std::string dir_;
};

TEST_F(DayProducerTest, EveryLineArrivesOnItsTopicInOrder) {
  ProduceOptions o;
  o.bootstrap = bootstrap_;
  o.headlines_path = dir_ + "/h.jsonl";
  o.prices_path = dir_ + "/p.jsonl";
  ProduceStats st;
  ASSERT_TRUE(ProduceDay(o, &st).ok());
  const auto h = ReadLines(o.headlines_path);
  const auto p = ReadLines(o.prices_path);
  EXPECT_EQ(st.headlines, h.size());
  EXPECT_EQ(st.prices, p.size());
  EXPECT_EQ(st.failed, 0u);

  const Received r = Consume(h.size() + p.size());
  EXPECT_EQ(r.headlines, h);
  ASSERT_EQ(r.prices.size(), p.size());
  for (size_t i = 0; i < p.size(); ++i) {
    EXPECT_EQ(r.prices[i].second, p[i]);
    EXPECT_NE(p[i].find("\"sym\":\"" + r.prices[i].first + "\""), std::string::npos)
        << "key " << r.prices[i].first << " for " << p[i];
  }
}

TEST_F(DayProducerTest, LimitStopsEarlyAndAMissingFileIsAnError) {
  ProduceOptions o;
  o.bootstrap = bootstrap_;
  o.headlines_path = dir_ + "/h.jsonl";
  o.prices_path = dir_ + "/p.jsonl";
  o.limit = 100;
  o.rate = 100000;
  ProduceStats st;
  ASSERT_TRUE(ProduceDay(o, &st).ok());
  EXPECT_EQ(st.headlines + st.prices, 100u);

  o.prices_path = dir_ + "/missing.jsonl";
  ProduceStats none;
  EXPECT_FALSE(ProduceDay(o, &none).ok());
}

}  // namespace
}  // namespace tripline::gen
