// The consume loop (io/kafka/kafka_consume_loop.cc) on the embedded broker: it drains at start,
// yields to the loop's other handlers between drains that stop early, wakes on the consumer's
// pipe without its keepalive, drains on the keepalive without input, and stops for good.
#include "io/kafka/kafka_consume_loop.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "io/kafka/embedded_broker.h"
#include "io/kafka/kafka_consumer.h"
#include "tests/kafka/kafka_test_env.h"

namespace tripline {
namespace {

constexpr int64_t kHour = 3'600'000;

// A consumer of topic "t" (one partition, holding "m0") on a fresh embedded broker.
class KafkaConsumeLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto broker = EmbeddedBroker::Start();
    ASSERT_TRUE(broker.ok()) << broker.status();
    broker_ = std::move(*broker);
    ASSERT_TRUE(broker_->CreateTopic("t", 1).ok());
    ASSERT_TRUE(testing::Produce(broker_->bootstrap(), {{"t", "", "m0"}}).ok());
    auto consumer = KafkaConsumer::Create({{"bootstrap.servers", broker_->bootstrap()},
                                           {"log_level", "3"},
                                           {"group.id", "consume-loop"},
                                           {"fetch.wait.max.ms", "10"}},
                                          {"t"});
    ASSERT_TRUE(consumer.ok()) << consumer.status();
    consumer_ = std::move(*consumer);
  }
  void TearDown() override {
    if (consumer_) consumer_->Close();
  }

  // Stops `loop` (and so ends io.run()) if the test has not finished within a minute.
  void GiveUpAfterAMinute(KafkaConsumeLoop* loop) {
    give_up_ = std::make_unique<boost::asio::steady_timer>(io_, std::chrono::minutes(1));
    give_up_->async_wait([loop](const boost::system::error_code& ec) {
      if (ec) return;
      ADD_FAILURE() << "gave up waiting";
      loop->Stop();
    });
  }
  // Stops `loop` and the give-up timer: io.run() returns.
  void Done(KafkaConsumeLoop* loop) {
    loop->Stop();
    if (give_up_) give_up_->cancel();
  }

  std::unique_ptr<EmbeddedBroker> broker_;
  std::unique_ptr<KafkaConsumer> consumer_;
  boost::asio::io_context io_;
  std::unique_ptr<boost::asio::steady_timer> give_up_;
};

TEST_F(KafkaConsumeLoopTest, DrainsAtStartAndADrainThatStopsEarlyRunsAgainAfterOtherHandlers) {
  std::vector<std::string> log;
  int drains = 0;
  KafkaConsumeLoop* self = nullptr;
  KafkaConsumeLoop loop(&io_, consumer_.get(), kHour, [&] {
    log.push_back("drain " + std::to_string(++drains));
    if (drains == 4) self->Stop();
    return drains < 4;  // input left until the fourth
  });
  self = &loop;
  loop.Start();
  EXPECT_EQ(log, std::vector<std::string>{"drain 1"}) << "Start drains at once";
  boost::asio::post(io_, [&] { log.push_back("other handler"); });
  io_.run();
  EXPECT_EQ(
      log, (std::vector<std::string>{"drain 1", "drain 2", "other handler", "drain 3", "drain 4"}));
  EXPECT_TRUE(loop.stopped());
}

TEST_F(KafkaConsumeLoopTest, KickWaitsForAPostedDrainAndNothingDrainsAfterStop) {
  int drains = 0;
  KafkaConsumeLoop loop(&io_, consumer_.get(), kHour, [&] {
    ++drains;
    return true;  // always input left
  });
  loop.Start();
  ASSERT_EQ(drains, 1);
  loop.Kick();  // a drain is posted already
  EXPECT_EQ(drains, 1);
  loop.Stop();
  loop.Stop();  // idempotent
  io_.run();    // the posted drain finds the loop stopped
  EXPECT_EQ(drains, 1);
  loop.Kick();
  EXPECT_EQ(drains, 1);
  EXPECT_TRUE(loop.stopped());
}

TEST_F(KafkaConsumeLoopTest, MessagesWakeTheLoopWithoutTheKeepalive) {
  std::vector<std::string> values;
  KafkaConsumeLoop* self = nullptr;
  KafkaConsumeLoop loop(&io_, consumer_.get(), kHour, [&] {
    rd_kafka_message_t* msgs[2];
    const size_t n = consumer_->Poll(msgs, 2);
    for (size_t i = 0; i < n; ++i) {
      if (msgs[i]->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        values.emplace_back(static_cast<const char*>(msgs[i]->payload), msgs[i]->len);
      }
      rd_kafka_message_destroy(msgs[i]);
    }
    if (values.size() == 6) Done(self);
    return n == 2;  // a full batch: maybe more left
  });
  self = &loop;
  GiveUpAfterAMinute(&loop);
  loop.Start();
  // Produced once the loop waits: only the wake pipe can tell it (the keepalive is an hour).
  // (m0 was there before: the first drains read it, or the wake pipe brings it.)
  boost::asio::post(io_, [&] {
    ASSERT_TRUE(
        testing::Produce(
            broker_->bootstrap(),
            {{"t", "", "m1"}, {"t", "", "m2"}, {"t", "", "m3"}, {"t", "", "m4"}, {"t", "", "m5"}})
            .ok());
  });
  io_.run();
  EXPECT_EQ(values, (std::vector<std::string>{"m0", "m1", "m2", "m3", "m4", "m5"}));
}

TEST_F(KafkaConsumeLoopTest, TheKeepaliveDrainsWithoutInput) {
  int drains = 0;
  KafkaConsumeLoop* self = nullptr;
  KafkaConsumeLoop loop(&io_, consumer_.get(), 10, [&] {
    rd_kafka_message_t* msgs[8];
    for (size_t n = consumer_->Poll(msgs, 8); n > 0; --n) rd_kafka_message_destroy(msgs[n - 1]);
    if (++drains == 4) Done(self);
    return false;
  });
  self = &loop;
  GiveUpAfterAMinute(&loop);
  loop.Start();
  io_.run();
  EXPECT_EQ(drains, 4);
}

}  // namespace
}  // namespace tripline
