// librdkafka configuration from name=value pairs (io/kafka/kafka_properties.cc).
#include "io/kafka/kafka_properties.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "io/kafka/embedded_broker.h"

namespace tripline {
namespace {

using ::testing::HasSubstr;

TEST(KafkaPropertiesTest, RefusedPropertyIsNamed) {
  auto conf = MakeKafkaConf({{"no.such.property", "1"}});
  ASSERT_FALSE(conf.ok());
  EXPECT_THAT(conf.status().message(), HasSubstr("no.such.property"));
}

// A later pair overrides an earlier one: SetKafkaProperty replaces in place, and the built
// configuration holds the values given.
TEST(KafkaPropertiesTest, SetReplacesAndTheConfHoldsTheValues) {
  KafkaProperties props = {{"client.id", "a"}, {"linger.ms", "5"}};
  SetKafkaProperty(&props, "linger.ms", "7");
  SetKafkaProperty(&props, "acks", "all");
  EXPECT_EQ(props, (KafkaProperties{{"client.id", "a"}, {"linger.ms", "7"}, {"acks", "all"}}));
  auto conf = MakeKafkaConf(props);
  ASSERT_TRUE(conf.ok()) << conf.status();
  char value[64];
  size_t size = sizeof(value);
  ASSERT_EQ(rd_kafka_conf_get(conf->get(), "linger.ms", value, &size), RD_KAFKA_CONF_OK);
  EXPECT_STREQ(value, "7");
  size = sizeof(value);
  ASSERT_EQ(rd_kafka_conf_get(conf->get(), "client.id", value, &size), RD_KAFKA_CONF_OK);
  EXPECT_STREQ(value, "a");
}

TEST(KafkaPropertiesTest, TopicPartitionCountReadsTheBrokersMetadata) {
  auto broker = EmbeddedBroker::Start();
  ASSERT_TRUE(broker.ok()) << broker.status();
  ASSERT_TRUE((*broker)->CreateTopic("three", 3).ok());
  auto conf = MakeKafkaConf({{"bootstrap.servers", (*broker)->bootstrap()},
                             {"log_level", "3"},
                             {"allow.auto.create.topics", "false"}});
  ASSERT_TRUE(conf.ok()) << conf.status();
  char err[256];
  KafkaHandlePtr rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf->release(), err, sizeof(err)));
  ASSERT_NE(rk, nullptr) << err;
  auto three = TopicPartitionCount(rk.get(), "three", 10'000);
  ASSERT_TRUE(three.ok()) << three.status();
  EXPECT_EQ(*three, 3);
}

}  // namespace
}  // namespace tripline
