// The embedded broker (io/kafka/embedded_broker.cc, librdkafka's mock cluster): topics made on
// it carry messages from a producer to a group consumer.
#include "io/kafka/embedded_broker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "io/kafka/kafka_consumer.h"
#include "io/kafka/kafka_output.h"
#include "tests/kafka/read_messages.h"

namespace tripline {
namespace {

using testing::ReadAtLeast;
using testing::ReadMessage;

using ::testing::HasSubstr;

TEST(EmbeddedBrokerTest, CarriesMessagesAtLeastOnceThroughTheOutput) {
  auto broker = EmbeddedBroker::Start();
  ASSERT_TRUE(broker.ok()) << broker.status();
  ASSERT_THAT((*broker)->bootstrap(), HasSubstr("127.0.0.1:"));
  ASSERT_TRUE((*broker)->CreateTopic("in", 1).ok());
  ASSERT_TRUE((*broker)->CreateTopic("sig", 1).ok());
  KafkaProperties props = {{"bootstrap.servers", (*broker)->bootstrap()}, {"log_level", "3"}};
  KafkaOutputOptions options;
  options.delivery = Delivery::kAtLeastOnce;
  options.signals_topic = "sig";
  auto output = KafkaOutput::Create(props, options);
  ASSERT_TRUE(output.ok()) << output.status();
  ASSERT_TRUE((*output)->Begin().ok());
  Signal s;
  s.signal_id = "abc";
  s.instrument = "NVDA";
  s.rule = "r";
  (*output)->Emit(s);
  ASSERT_TRUE((*output)->Commit(nullptr, nullptr).ok());
  EXPECT_EQ((*output)->counts().signals, 1u);
  EXPECT_EQ((*output)->counts().delivery_errors, 0u);

  // Read it back with a group consumer woken through its fd.
  KafkaProperties cprops = props;
  cprops.emplace_back("group.id", "g");
  auto consumer = KafkaConsumer::Create(cprops, {"sig"});
  ASSERT_TRUE(consumer.ok()) << consumer.status();
  const std::vector<ReadMessage> read = ReadAtLeast(**consumer, 1);
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].key, "NVDA");
  EXPECT_THAT(read[0].value, HasSubstr("\"signal_id\":\"abc\""));
  EXPECT_EQ((*consumer)->assigned_partitions(), 1);
  (*consumer)->Close();
}

}  // namespace
}  // namespace tripline
