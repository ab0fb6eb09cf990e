// The group consumer (io/kafka/kafka_consumer.cc) on the embedded broker: its assignment and
// what it polls.
#include "io/kafka/kafka_consumer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/kafka/embedded_broker.h"
#include "tests/kafka/kafka_test_env.h"
#include "tests/kafka/read_messages.h"

namespace tripline {
namespace {

using ::testing::HasSubstr;
using testing::ReadAtLeast;
using testing::ReadMessage;

// One member of a group is assigned every partition of its topics, and reads what was
// produced to them.
TEST(KafkaConsumerTest, OneMemberIsAssignedEveryPartitionAndReadsThemAll) {
  auto broker = EmbeddedBroker::Start();
  ASSERT_TRUE(broker.ok()) << broker.status();
  ASSERT_TRUE((*broker)->CreateTopic("a", 3).ok());
  ASSERT_TRUE((*broker)->CreateTopic("b", 1).ok());
  KafkaProperties props = {{"bootstrap.servers", (*broker)->bootstrap()}, {"log_level", "3"}};
  ASSERT_TRUE(testing::Produce((*broker)->bootstrap(),
                               {{"a", "", "a0"}, {"a", "", "a1"}, {"a", "", "a2"}, {"b", "", "b0"}})
                  .ok());
  KafkaProperties cprops = props;
  cprops.emplace_back("group.id", "consumer-test");
  auto consumer = KafkaConsumer::Create(cprops, {"a", "b"});
  ASSERT_TRUE(consumer.ok()) << consumer.status();
  const std::vector<ReadMessage> read = ReadAtLeast(**consumer, 4);
  std::vector<std::string> values;
  for (const ReadMessage& m : read) values.push_back(m.value);
  EXPECT_THAT(values, ::testing::UnorderedElementsAre("a0", "a1", "a2", "b0"));
  EXPECT_EQ((*consumer)->assigned_partitions(), 4);
  (*consumer)->Close();
}

// The before-assign hook runs on each assignment with its partitions, before the committed
// offsets are read and before the rebalance observer: a transactional router fences its
// predecessor there (KafkaRouteStage), so a killed predecessor's open transaction is aborted
// before it can hold the offset read up.
TEST(KafkaConsumerTest, BeforeAssignHookRunsWithThePartitionsBeforeTheObserver) {
  auto broker = EmbeddedBroker::Start();
  ASSERT_TRUE(broker.ok()) << broker.status();
  ASSERT_TRUE((*broker)->CreateTopic("hooked", 2).ok());
  ASSERT_TRUE(testing::Produce((*broker)->bootstrap(), {{"hooked", "", "x"}}).ok());
  KafkaProperties cprops = {{"bootstrap.servers", (*broker)->bootstrap()},
                            {"log_level", "3"},
                            {"group.id", "consumer-hook-test"}};
  auto consumer = KafkaConsumer::Create(cprops, {"hooked"});
  ASSERT_TRUE(consumer.ok()) << consumer.status();
  std::vector<std::string> events;
  (*consumer)->set_before_assign([&](const rd_kafka_topic_partition_list_t* parts) {
    events.push_back("hook:" + std::to_string(parts->cnt));
  });
  (*consumer)->set_rebalance_observer(
      [&](const rd_kafka_topic_partition_list_t* parts, const std::vector<int64_t>&) {
        events.push_back("observer:" + std::to_string(parts != nullptr ? parts->cnt : -1));
      });
  ReadAtLeast(**consumer, 1);
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[0], "hook:2");
  EXPECT_EQ(events[1], "observer:2");
  (*consumer)->Close();
}

TEST(KafkaConsumerTest, RefusedPropertyFailsCreate) {
  auto consumer = KafkaConsumer::Create(
      {{"bootstrap.servers", "127.0.0.1:1"}, {"group.id", "g"}, {"no.such.property", "1"}}, {"a"});
  ASSERT_FALSE(consumer.ok());
  EXPECT_THAT(consumer.status().message(), HasSubstr("no.such.property"));
}

}  // namespace
}  // namespace tripline
