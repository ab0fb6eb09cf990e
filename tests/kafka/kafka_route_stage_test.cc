// The route stage (io/kafka/kafka_route_stage.cc) on the embedded broker: its checks at
// creation, and one headline copy per target partition, keyed by instrument, with the
// original's bytes and origin; unrouted headlines counted, undecodable ones dead-lettered;
// caught-up markers, on the stage's clock, and after a restart with nothing left to read (on
// the real broker).
#include "io/kafka/kafka_route_stage.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "io/kafka/embedded_broker.h"
#include "io/kafka/headline_router.h"
#include "io/kafka/router_coverage.h"
#include "rules/rule_loader.h"
#include "tests/kafka/kafka_test_env.h"
#include "tests/kafka/read_messages.h"

namespace tripline {
namespace {

using testing::ReadAtLeast;
using testing::ReadMessage;

// With two partitions, NVDA goes to partition 1, AMD and TSM to partition 0.
const char kPack[] = R"(entities:
  nvidia: {instruments: [NVDA], names: [Nvidia]}
  amd: {instruments: [AMD], names: [AMD]}
  tsmc: {instruments: [TSM], names: [TSMC]}
lists:
  gov: [Beijing]
  chips: [chip]
rules:
  - id: nv
    headline: any(gov) and mentions(nvidia)
    emit: {instrument: NVDA, direction: watch}
  - id: amd
    headline: any(gov) and any(chips)
    emit: {instrument: AMD, direction: watch}
  - id: tsm
    headline: any(gov) and any(chips)
    emit: {instrument: TSM, direction: watch}
)";

// The next caught-up marker read from `reader` whose prices add up to `prices`, or an empty
// coverage when none comes within `timeout`. With `ticking`, that clock moves on by 100 ms
// (the stage's coverage check interval) every 100 ms of reading.
RouterCoverage NextCaughtUpCovering(KafkaConsumer& reader, int64_t prices,
                                    std::chrono::seconds timeout, TestClock* ticking = nullptr) {
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < give_up) {
    if (ticking != nullptr) ticking->Advance(100'000'000);
    for (const ReadMessage& m : ReadAtLeast(reader, 1, ticking != nullptr ? 2 : 200)) {
      for (const auto& [name, value] : m.headers) {
        RouterCoverage c;
        if (name != "tripline.caught_up" || !c.Parse(value)) continue;
        int64_t sum = 0;
        for (int64_t end : c.prices_end) sum += end;
        if (sum == prices) return c;
      }
    }
  }
  return RouterCoverage{};
}

class KafkaRouteStageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto broker = EmbeddedBroker::Start();
    ASSERT_TRUE(broker.ok()) << broker.status();
    broker_ = std::move(*broker);
    for (const auto& [topic, partitions] : std::vector<std::pair<std::string, int>>{
             {"h", 1}, {"r", 2}, {"p", 2}, {"p3", 3}, {"d", 1}}) {
      ASSERT_TRUE(broker_->CreateTopic(topic, partitions).ok());
    }
    auto rules = LoadRulesFromString(kPack, "p.yaml");
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = *rules;
    options_.headlines_topic = "h";
    options_.routed_topic = "r";
    options_.prices_topic = "p";
    options_.dlq_topic = "d";
    options_.transactional_id = "route-test";
  }

  KafkaProperties Props() const {
    return {{"bootstrap.servers", broker_->bootstrap()}, {"log_level", "3"}};
  }
  KafkaProperties ConsumerProps(const std::string& group) const {
    KafkaProperties p = Props();
    p.emplace_back("group.id", group);
    return p;
  }

  std::unique_ptr<EmbeddedBroker> broker_;
  std::shared_ptr<const CompiledRules> rules_;
  KafkaRouteStageOptions options_;
};

TEST_F(KafkaRouteStageTest, CreateNeedsATransactionalIdAndCoPartitionedTopics) {
  KafkaRouteStageOptions no_id = options_;
  no_id.transactional_id.clear();
  auto stage = KafkaRouteStage::Create(ConsumerProps("route"), Props(), rules_, no_id);
  ASSERT_FALSE(stage.ok());
  EXPECT_EQ(stage.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(stage.status().message(), "the route stage needs a transactional.id");

  KafkaRouteStageOptions three = options_;
  three.prices_topic = "p3";
  stage = KafkaRouteStage::Create(ConsumerProps("route"), Props(), rules_, three);
  ASSERT_FALSE(stage.ok());
  EXPECT_EQ(stage.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(stage.status().message(),
            "co-partitioning: r has 2 partitions but p3 has 3; create it with 3");

  stage = KafkaRouteStage::Create(ConsumerProps("route"), Props(), rules_, options_);
  ASSERT_TRUE(stage.ok()) << stage.status();
  EXPECT_EQ((*stage)->partitions(), 2);
}

TEST_F(KafkaRouteStageTest, EachHeadlineGoesOnceToEveryPartitionItsRulesReach) {
  ASSERT_EQ(PartitionFor("NVDA", 2), 1);
  ASSERT_EQ(PartitionFor("AMD", 2), 0);
  ASSERT_EQ(PartitionFor("TSM", 2), 0);
  const std::vector<std::string> headlines = {
      R"({"id":"n0","ts":1755010800000000000,"source":"R","headline":"Beijing summons Nvidia"})",
      R"({"id":"n1","ts":1755010801000000000,"source":"R","headline":"Beijing curbs chip exports"})",
      R"({"id":"n2","ts":1755010802000000000,"source":"R","headline":"Beijing summons Nvidia over chip exports"})",
      R"({"id":"n3","ts":1755010803000000000,"source":"R","headline":"Markets calm"})",
      "not json",
  };
  std::vector<testing::OutRecord> records;
  for (const std::string& h : headlines) records.push_back({"h", "", h});
  ASSERT_TRUE(testing::Produce(broker_->bootstrap(), records).ok());

  auto stage = KafkaRouteStage::Create(ConsumerProps("route"), Props(), rules_, options_);
  ASSERT_TRUE(stage.ok()) << stage.status();
  absl::Status run_status;
  std::thread run([&] { run_status = (*stage)->Run(); });

  auto reader = KafkaConsumer::Create(ConsumerProps("reader"), {"r", "d"});
  ASSERT_TRUE(reader.ok()) << reader.status();
  // Copies carry a value; progress markers (tripline.progress headers) do not.
  std::vector<ReadMessage> copies, dead_letters;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while ((copies.size() < 4 || dead_letters.empty()) &&
         std::chrono::steady_clock::now() < give_up) {
    for (ReadMessage& m : ReadAtLeast(**reader, 1)) {
      if (!m.has_value) continue;
      (m.value.rfind("{\"code\"", 0) == 0 ? dead_letters : copies).push_back(std::move(m));
    }
  }
  (*stage)->RequestStop();
  run.join();
  (*reader)->Close();
  EXPECT_TRUE(run_status.ok()) << run_status;

  // n0: NVDA (partition 1); n1: AMD and TSM share partition 0, one copy; n2: both partitions.
  std::multiset<std::string> got;
  for (const ReadMessage& m : copies) {
    std::string origin;
    for (const auto& [name, value] : m.headers) {
      if (name == "tripline.origin") origin = value;
    }
    EXPECT_EQ(m.partition, PartitionFor(m.key, 2)) << m.key;
    const size_t at = std::stoul(origin.substr(origin.rfind('/') + 1));
    ASSERT_LT(at, headlines.size()) << origin;
    EXPECT_EQ(m.value, headlines[at]) << origin;
    got.insert(absl::StrCat(origin, " ", m.partition));
  }
  EXPECT_EQ(got, (std::multiset<std::string>{"h/0/0 1", "h/0/1 0", "h/0/2 0", "h/0/2 1"}));
  ASSERT_EQ(dead_letters.size(), 1u);
  EXPECT_EQ(testing::JsonField(dead_letters[0].value, "code"), "not_json");
  EXPECT_EQ(testing::JsonField(dead_letters[0].value, "origin"), "h/0/4");
  const KafkaRouteStageCounts& c = (*stage)->counts();
  EXPECT_EQ(c.headlines, 5u);
  EXPECT_EQ(c.routed, 4u);
  EXPECT_EQ(c.unrouted, 1u);
  EXPECT_EQ(c.dead_letters, 1u);
  EXPECT_GE(c.commits, 1u);
  EXPECT_EQ(c.aborts, 0u);
}

// Idle, the router says how far its caught-up markers cover, by position: the prices topic's
// end offsets read before it found its input (5 headlines, one undecodable) at its end; a price
// appended later is covered by a later marker only.
TEST_F(KafkaRouteStageTest, CaughtUpMarkersCoverThePricesAppendedBeforeThem) {
  std::vector<testing::OutRecord> records;
  for (int i = 0; i < 4; ++i) {
    records.push_back({"h", "",
                       absl::StrCat(R"({"id":"n)", i, R"(","ts":)", 1755010800 + i,
                                    R"(000000000,"source":"R","headline":"calm"})")});
  }
  records.push_back({"h", "", "not json"});
  for (const char* sym : {"AMD", "AMD", "AMD", "NVDA", "NVDA"}) {
    records.push_back({"p", sym, R"({"sym":"x","ts":1,"price":1})"});
  }
  ASSERT_TRUE(testing::Produce(broker_->bootstrap(), records).ok());

  auto stage = KafkaRouteStage::Create(ConsumerProps("route"), Props(), rules_, options_);
  ASSERT_TRUE(stage.ok()) << stage.status();
  absl::Status run_status;
  std::thread run([&] { run_status = (*stage)->Run(); });
  auto reader = KafkaConsumer::Create(ConsumerProps("reader"), {"r"});
  ASSERT_TRUE(reader.ok()) << reader.status();
  auto covering = [&](int64_t prices) {
    return NextCaughtUpCovering(**reader, prices, std::chrono::seconds(60));
  };
  const RouterCoverage first = covering(5);
  EXPECT_EQ(first.prices_end.size(), 2u);
  EXPECT_EQ(first.input_end, std::vector<int64_t>{5});
  ASSERT_TRUE(testing::Produce(broker_->bootstrap(), {{"p", "AMD", "{}"}}).ok());
  const RouterCoverage second = covering(6);
  EXPECT_EQ(second.input_end, std::vector<int64_t>{5});
  (*stage)->RequestStop();
  run.join();
  (*reader)->Close();
  EXPECT_TRUE(run_status.ok()) << run_status;
}

// An idle router's timers run on its clock (options.clock): while the clock stands still it
// looks at the end offsets no more, so a price appended meanwhile is vouched for only once the
// clock has moved (here: stepped back an hour, as wall time may; that must not stall it).
TEST_F(KafkaRouteStageTest, AnIdleRoutersChecksRunOnItsClock) {
  std::vector<testing::OutRecord> records = {
      {"h", "", R"({"id":"n0","ts":1755010800000000000,"source":"R","headline":"calm"})"}};
  for (const char* sym : {"AMD", "NVDA", "NVDA"}) {
    records.push_back({"p", sym, R"({"sym":"x","ts":1,"price":1})"});
  }
  ASSERT_TRUE(testing::Produce(broker_->bootstrap(), records).ok());
  TestClock clock(1'000'000'000);
  KafkaRouteStageOptions options = options_;
  options.clock = &clock;
  auto stage = KafkaRouteStage::Create(ConsumerProps("route"), Props(), rules_, options);
  ASSERT_TRUE(stage.ok()) << stage.status();
  absl::Status run_status;
  std::thread run([&] { run_status = (*stage)->Run(); });
  auto reader = KafkaConsumer::Create(ConsumerProps("reader"), {"r"});
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_FALSE(
      NextCaughtUpCovering(**reader, 3, std::chrono::seconds(60), &clock).prices_end.empty());
  // The clock stands still from here: let the stage finish a check it may have begun at this
  // time, then append a price.
  NextCaughtUpCovering(**reader, -1, std::chrono::seconds(1));
  ASSERT_TRUE(testing::Produce(broker_->bootstrap(), {{"p", "AMD", "{}"}}).ok());
  EXPECT_TRUE(NextCaughtUpCovering(**reader, 4, std::chrono::seconds(3)).prices_end.empty())
      << "a caught-up marker came while the clock stood still";
  // A step of the (wall) clock backwards counts as the interval passed: no stall.
  clock.Set(clock.Now() - 3'600'000'000'000);
  EXPECT_FALSE(NextCaughtUpCovering(**reader, 4, std::chrono::seconds(60)).prices_end.empty())
      << "a step of the clock backwards stalled the caught-up markers";
  (*stage)->RequestStop();
  run.join();
  (*reader)->Close();
  EXPECT_TRUE(run_status.ok()) << run_status;
}

// A router (re)started on an input that is all routed reads nothing after its assignment:
// its read position is the committed offset, so it is caught up at once and vouches for the
// prices appended meanwhile. (It took an unknown position for the partition's start, never
// caught up until the next headline, and the engines held those prices back: a standby taking
// over an idle input, or a rebalance handing the input back, stalled them for good.) On the
// real broker: the embedded one does not store offsets sent to a transaction.
TEST_F(KafkaRouteStageTest, ARouterStartedOnARoutedInputIsCaughtUpAtOnce) {
  auto bootstrap = testing::KafkaBootstrap();
  ASSERT_TRUE(bootstrap.ok()) << bootstrap.status();
  KafkaRouteStageOptions options = options_;
  options.headlines_topic = testing::UniqueName("route-h");
  options.routed_topic = testing::UniqueName("route-r");
  options.prices_topic = testing::UniqueName("route-p");
  options.dlq_topic = testing::UniqueName("route-d");
  options.transactional_id = testing::UniqueName("route-txn");
  const std::string group = testing::UniqueName("route-group");
  ASSERT_TRUE(
      testing::CreateTopics(*bootstrap, {options.headlines_topic, options.dlq_topic}, 1).ok());
  ASSERT_TRUE(
      testing::CreateTopics(*bootstrap, {options.routed_topic, options.prices_topic}, 2).ok());
  std::vector<testing::OutRecord> records;
  for (int i = 0; i < 3; ++i) {
    records.push_back({options.headlines_topic, "",
                       absl::StrCat(R"({"id":"n)", i, R"(","ts":)", 1755010800 + i,
                                    R"(000000000,"source":"R","headline":"calm"})")});
  }
  records.push_back({options.prices_topic, "AMD", R"({"sym":"x","ts":1,"price":1})"});
  ASSERT_TRUE(testing::Produce(*bootstrap, records).ok());
  const KafkaProperties props = {{"bootstrap.servers", *bootstrap}, {"log_level", "3"}};
  KafkaProperties reader_props = props;
  reader_props.emplace_back("group.id", testing::UniqueName("route-reader"));
  auto reader = KafkaConsumer::Create(reader_props, {options.routed_topic});
  ASSERT_TRUE(reader.ok()) << reader.status();
  // Whether a caught-up marker whose prices add up to `prices` comes within 30 s.
  auto covering = [&](int64_t prices) {
    return !NextCaughtUpCovering(**reader, prices, std::chrono::seconds(30)).prices_end.empty();
  };
  for (int64_t prices : {1, 2}) {
    KafkaProperties consumer = props;
    consumer.emplace_back("group.id", group);
    auto stage = KafkaRouteStage::Create(consumer, props, rules_, options);
    ASSERT_TRUE(stage.ok()) << stage.status();
    absl::Status run_status;
    std::thread run([&] { run_status = (*stage)->Run(); });
    EXPECT_TRUE(covering(prices)) << "no caught-up marker covers " << prices << " prices";
    (*stage)->RequestStop();
    run.join();
    EXPECT_TRUE(run_status.ok()) << run_status;
    if (prices == 1) {
      EXPECT_EQ((*stage)->counts().headlines, 3u);
      ASSERT_TRUE(testing::Produce(*bootstrap, {{options.prices_topic, "AMD", "{}"}}).ok());
    } else {
      EXPECT_EQ((*stage)->counts().headlines, 0u) << "the second router read nothing";
    }
  }
  (*reader)->Close();
}

}  // namespace
}  // namespace tripline
