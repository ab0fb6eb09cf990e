// The live engine's config file (app/cli/live_config.cc): keys, pass-through properties,
// secrets, where the rules are found.
#include "app/cli/live_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>

#include "io/kafka/kafka_properties.h"

namespace tripline {
namespace {

using ::testing::HasSubstr;

TEST(LiveConfigTest, ParsesKeysPassThroughAndComments) {
  auto c = cli::ParseLiveConfig(R"(
# a comment
kafka.bootstrap.servers = 10.0.0.1:9093
kafka.security.protocol = SASL_SSL
kafka.sasl.password = pa#ss   # '#' inside a value is kept
consumer.fetch.wait.max.ms = 5
producer.linger.ms=0
group.id = desk-a
topics.signals = sig
delivery = at_least_once
batch.max = 50
admin.token = t
)",
                                "test.conf");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->group_id, "desk-a");
  EXPECT_EQ(c->signals_topic, "sig");
  EXPECT_EQ(c->delivery, Delivery::kAtLeastOnce);
  EXPECT_EQ(c->loop.batch_max, 50u);
  KafkaProperties consumer = c->ConsumerProperties();
  EXPECT_THAT(consumer,
              ::testing::Contains(std::pair<std::string, std::string>("sasl.password", "pa#ss")));
  EXPECT_THAT(consumer,
              ::testing::Contains(std::pair<std::string, std::string>("group.id", "desk-a")));
  EXPECT_THAT(consumer,
              ::testing::Contains(std::pair<std::string, std::string>("fetch.wait.max.ms", "5")));
  EXPECT_THAT(c->ProducerProperties(),
              ::testing::Not(::testing::Contains(::testing::Pair("fetch.wait.max.ms", "5"))));
  EXPECT_EQ(c->EffectiveTransactionalId(), "tripline-desk-a");
}

TEST(LiveConfigTest, RejectsUnknownKeysAndBadValuesWithTheLine) {
  auto unknown = cli::ParseLiveConfig("group.id = a\ntopics.signal = x\n", "f.conf");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), HasSubstr("f.conf:2"));
  EXPECT_THAT(unknown.status().message(), HasSubstr("topics.signal"));
  EXPECT_FALSE(cli::ParseLiveConfig("delivery = twice\n", "f").ok());
  EXPECT_FALSE(cli::ParseLiveConfig("batch.max = 0\n", "f").ok());
  EXPECT_FALSE(cli::ParseLiveConfig("just words\n", "f").ok());
}

TEST(LiveConfigTest, SecretsComeFromTheEnvironmentOrAFileAndAreNeverEchoed) {
  const std::string secret_file = ::testing::TempDir() + "/live_unit_test.secret";
  std::ofstream(secret_file) << "file-secret-123\n";
  ::setenv("TRIPLINE_TEST_SECRET", "env-secret-456", 1);
  auto c = cli::ParseLiveConfig("kafka.sasl.password = ${file:" + secret_file +
                                    "}\nadmin.token = tok-${env:TRIPLINE_TEST_SECRET}\n",
                                "s.conf");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_THAT(c->ConsumerProperties(), ::testing::Contains(std::pair<std::string, std::string>(
                                           "sasl.password", "file-secret-123")));
  EXPECT_EQ(c->admin_token, "tok-env-secret-456");
  // A bad value shows the reference as written, not the secret it stood for.
  auto bad = cli::ParseLiveConfig("batch.max = ${env:TRIPLINE_TEST_SECRET}\n", "s.conf");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("${env:TRIPLINE_TEST_SECRET}"));
  EXPECT_THAT(bad.status().message(), ::testing::Not(HasSubstr("env-secret-456")));
  auto unset = cli::ParseLiveConfig("kafka.sasl.password = ${env:TRIPLINE_NO_SUCH_VAR}\n", "s");
  ASSERT_FALSE(unset.ok());
  EXPECT_THAT(unset.status().message(), HasSubstr("TRIPLINE_NO_SUCH_VAR"));
  EXPECT_FALSE(cli::ParseLiveConfig("kafka.sasl.password = ${file:/no/such}\n", "s").ok());
  EXPECT_FALSE(cli::ParseLiveConfig("kafka.sasl.password = ${vault:x}\n", "s").ok());
  EXPECT_FALSE(cli::ParseLiveConfig("kafka.sasl.password = ${env:X\n", "s").ok());
}

TEST(LiveConfigTest, RulesResolveNextToTheConfigFileOrInTheDataDirectories) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "live_unit_test.paths";
  std::filesystem::create_directories(dir / "packs");
  std::ofstream((dir / "packs" / "mine.yaml").string()) << "rules: []\n";
  std::ofstream((dir / "a.conf").string()) << "rules = packs/mine.yaml\n";
  auto c = cli::LoadLiveConfig((dir / "a.conf").string());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->rules, (dir / "packs" / "mine.yaml").string());
  // Not next to the config: Tripline's data (here, the source tree the test was built from).
  std::ofstream((dir / "b.conf").string()) << "rules = rules/packs/china-ai-chips\n";
  auto b = cli::LoadLiveConfig((dir / "b.conf").string());
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_TRUE(std::filesystem::exists(b->rules)) << b->rules;
  EXPECT_TRUE(std::filesystem::path(b->rules).is_absolute()) << b->rules;
  EXPECT_EQ(cli::ResolveDataPath("/abs/x"), "/abs/x");
}

// A SIGKILLed engine's partitions move after the session timeout: Tripline's default is 6 s
// (librdkafka's own is 45 s), heartbeats every 1.5 s, and the range assignor named explicitly
// (co-partitioning); a config's consumer.* or kafka.* value wins; the producer gets none.
TEST(LiveConfigTest, ConsumerDefaultsAreShortSessionAndRangeAndTheConfigWins) {
  auto plain = cli::ParseLiveConfig("group.id = g\n", "test.conf");
  ASSERT_TRUE(plain.ok()) << plain.status();
  KafkaProperties consumer = plain->ConsumerProperties();
  EXPECT_THAT(consumer, ::testing::Contains(::testing::Pair("session.timeout.ms", "6000")));
  EXPECT_THAT(consumer, ::testing::Contains(::testing::Pair("heartbeat.interval.ms", "1500")));
  EXPECT_THAT(consumer,
              ::testing::Contains(::testing::Pair("partition.assignment.strategy", "range")));
  EXPECT_THAT(plain->ProducerProperties(),
              ::testing::Not(::testing::Contains(::testing::Key("session.timeout.ms"))));
  // And librdkafka takes them (a consumer conf is built from them).
  EXPECT_TRUE(MakeKafkaConf(consumer).ok());

  auto tuned = cli::ParseLiveConfig(
      "consumer.session.timeout.ms = 30000\nkafka.heartbeat.interval.ms = 3000\n", "test.conf");
  ASSERT_TRUE(tuned.ok()) << tuned.status();
  consumer = tuned->ConsumerProperties();
  EXPECT_THAT(consumer, ::testing::Contains(::testing::Pair("session.timeout.ms", "30000")));
  EXPECT_THAT(consumer,
              ::testing::Not(::testing::Contains(::testing::Pair("session.timeout.ms", "6000"))));
  EXPECT_THAT(consumer, ::testing::Contains(::testing::Pair("heartbeat.interval.ms", "3000")));
}

// A killed engine's open transaction is aborted by the broker after transaction.timeout.ms:
// Tripline's default for exactly-once is 10 s (librdkafka's 60 s), the config wins, and
// at-least-once producers (no transactions) are left alone.
TEST(LiveConfigTest, ExactlyOnceProducerDefaultsToATenSecondTransactionTimeout) {
  auto plain = cli::ParseLiveConfig("group.id = g\n", "test.conf");
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_THAT(plain->ProducerProperties(),
              ::testing::Contains(::testing::Pair("transaction.timeout.ms", "10000")));
  EXPECT_THAT(plain->ConsumerProperties(),
              ::testing::Not(::testing::Contains(::testing::Key("transaction.timeout.ms"))));
  auto tuned = cli::ParseLiveConfig("producer.transaction.timeout.ms = 30000\n", "test.conf");
  ASSERT_TRUE(tuned.ok()) << tuned.status();
  EXPECT_THAT(tuned->ProducerProperties(),
              ::testing::ElementsAre(::testing::Pair("transaction.timeout.ms", "30000")));
  auto alo = cli::ParseLiveConfig("delivery = at_least_once\n", "test.conf");
  ASSERT_TRUE(alo.ok()) << alo.status();
  EXPECT_THAT(alo->ProducerProperties(),
              ::testing::Not(::testing::Contains(::testing::Key("transaction.timeout.ms"))));
}

}  // namespace
}  // namespace tripline
