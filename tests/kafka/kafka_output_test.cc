// The batched Kafka output (io/kafka/kafka_output.cc) on the embedded broker, read back by a
// group consumer.
#include "io/kafka/kafka_output.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "io/kafka/embedded_broker.h"
#include "io/kafka/kafka_consumer.h"
#include "tests/kafka/read_messages.h"

namespace tripline {
namespace {

using testing::ReadAtLeast;
using testing::ReadMessage;

// Routed copies and progress markers leave through the same produce call as signals, with
// their header lists: the copy keeps its key, value, timestamp and gets its origin; a copy
// without an origin has no headers; a marker has headers only.
TEST(EmbeddedBrokerTest, RepublishedCopiesAndProgressMarkersCarryTheirHeaders) {
  auto broker = EmbeddedBroker::Start();
  ASSERT_TRUE(broker.ok()) << broker.status();
  ASSERT_TRUE((*broker)->CreateTopic("routed", 1).ok());
  KafkaProperties props = {{"bootstrap.servers", (*broker)->bootstrap()}, {"log_level", "3"}};
  KafkaOutputOptions options;
  options.delivery = Delivery::kAtLeastOnce;
  auto output = KafkaOutput::Create(props, options);
  ASSERT_TRUE(output.ok()) << output.status();
  ASSERT_TRUE((*output)->Begin().ok());
  (*output)->Republish("routed", 0, "NVDA", R"({"sym":"NVDA"})", 1'700'000'000'001, "h/0/17");
  (*output)->Republish("routed", 0, "", "plain", 1'700'000'000'002, "");
  (*output)->PublishProgress("routed", 0, 1'700'000'000'003, 1'700'000'000'003'000'000,
                             "prices=4,9;input=17");
  ASSERT_TRUE((*output)->Commit(nullptr, nullptr).ok());
  EXPECT_EQ((*output)->counts().delivery_errors, 0u);

  KafkaProperties cprops = props;
  cprops.emplace_back("group.id", "g");
  auto consumer = KafkaConsumer::Create(cprops, {"routed"});
  ASSERT_TRUE(consumer.ok()) << consumer.status();
  const std::vector<ReadMessage> read = ReadAtLeast(**consumer, 3);
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[0].key, "NVDA");
  EXPECT_EQ(read[0].value, R"({"sym":"NVDA"})");
  EXPECT_EQ(read[0].timestamp_ms, 1'700'000'000'001);
  EXPECT_EQ(read[0].headers,
            (std::vector<std::pair<std::string, std::string>>{{"tripline.origin", "h/0/17"}}));
  EXPECT_EQ(read[1].value, "plain");
  EXPECT_TRUE(read[1].headers.empty());
  EXPECT_TRUE(read[2].key.empty());
  EXPECT_FALSE(read[2].has_value);
  EXPECT_EQ(read[2].timestamp_ms, 1'700'000'000'003);
  EXPECT_EQ(read[2].headers, (std::vector<std::pair<std::string, std::string>>{
                                 {"tripline.progress", "1700000000003000000"},
                                 {"tripline.caught_up", "prices=4,9;input=17"}}));
  (*consumer)->Close();
}

}  // namespace
}  // namespace tripline
