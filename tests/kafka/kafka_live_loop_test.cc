// The live adapter (io/kafka/kafka_live_loop.cc) on the embedded broker, without a keepalive.
#include "io/kafka/kafka_live_loop.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "absl/strings/str_cat.h"
#include "core/event_evaluator.h"
#include "io/kafka/embedded_broker.h"
#include "io/kafka/kafka_consumer.h"
#include "io/kafka/kafka_output.h"

namespace tripline {
namespace {

std::chrono::steady_clock::time_point give_up;

// The adapter never waits for its keepalive to see input that is already there: a backlog of
// two partitions, read ahead so far that the price partition is paused again and again, is
// handled to its end with the keepalive poll an hour away (the wake descriptor fires only
// when librdkafka's queue goes from empty to non-empty, so a fill that stops early must go
// on by itself). The observer sees signals only once their batch committed.
TEST(KafkaLiveLoopTest, BacklogIsHandledToItsEndWithoutTheKeepalive) {
  auto broker = EmbeddedBroker::Start();
  ASSERT_TRUE(broker.ok()) << broker.status();
  for (const char* t : {"h", "p", "sig", "dlq"}) ASSERT_TRUE((*broker)->CreateTopic(t, 1).ok());
  KafkaProperties props = {{"bootstrap.servers", (*broker)->bootstrap()}, {"log_level", "3"}};
  {
    KafkaOutputOptions o;
    o.delivery = Delivery::kAtLeastOnce;
    auto producer = KafkaOutput::Create(props, o);
    ASSERT_TRUE(producer.ok()) << producer.status();
    ASSERT_TRUE((*producer)->Begin().ok());
    for (int i = 0; i < 6000; ++i) {
      const int64_t ts = 1'700'000'000'000'000'000LL + int64_t{i} * 1'000'000'000;
      if (i % 10 == 0) {
        (*producer)->Republish(
            "h", 0, "",
            absl::StrCat(R"({"id":"n)", i, R"(","ts":)", ts, R"(,"source":"R","headline":"x"})"), 0,
            "");
      } else {
        (*producer)->Republish("p", 0, "S",
                               absl::StrCat(R"({"sym":"S","ts":)", ts, R"(,"price":1.5})"), 0, "");
      }
    }
    ASSERT_TRUE((*producer)->Commit(nullptr, nullptr).ok());
  }
  KafkaProperties cprops = props;
  cprops.emplace_back("group.id", "wake");
  cprops.emplace_back("enable.partition.eof", "true");
  cprops.emplace_back("fetch.wait.max.ms", "10");
  auto consumer = KafkaConsumer::Create(cprops, {"h", "p"});
  ASSERT_TRUE(consumer.ok()) << consumer.status();
  KafkaOutputOptions oo;
  oo.delivery = Delivery::kAtLeastOnce;
  oo.signals_topic = "sig";
  oo.dlq_topic = "dlq";
  auto output = KafkaOutput::Create(props, oo);
  ASSERT_TRUE(output.ok()) << output.status();

  // Fires on every headline.
  class EveryHeadline final : public EventEvaluator {
   public:
    void OnHeadline(const Headline& h, SignalSink& out) override {
      Signal s;
      s.signal_id = std::string(h.id);
      s.rule = "every";
      s.instrument = "S";
      out.Emit(s);
    }
    void OnPrice(const PriceTick&, SignalSink&) override {}
  } evaluator;
  boost::asio::io_context io;
  KafkaLiveLoopOptions lo;
  lo.headlines_topic = "h";
  lo.prices_topic = "p";
  lo.batch_max = 50;
  lo.partition_buffer = 300;
  lo.commit_interval_ms = 20;
  lo.keepalive_ms = 3'600'000;
  KafkaLiveLoop loop(&io, consumer->get(), output->get(), &evaluator, lo, nullptr);
  size_t observed = 0;
  loop.set_signal_observer([&](const Signal&) {
    ++observed;
    // Post-commit: everything observed was committed already.
    EXPECT_LE(observed, (*output)->counts().signals);
  });
  boost::asio::steady_timer deadline(io);
  std::function<void()> check = [&] {
    if (loop.ingest_counts().messages >= 6000 || std::chrono::steady_clock::now() > give_up) {
      loop.Stop();
      return;
    }
    deadline.expires_after(std::chrono::milliseconds(20));
    deadline.async_wait([&](const boost::system::error_code&) { check(); });
  };
  give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  loop.Start([&](absl::Status s) {
    EXPECT_TRUE(s.ok()) << s;
    io.stop();
  });
  check();
  io.run();
  EXPECT_EQ(loop.ingest_counts().messages, 6000u);
  EXPECT_EQ(loop.pipeline_stats().signals, 600u);
  EXPECT_EQ(observed, 600u);
  EXPECT_GT(loop.loop_counts().pauses, 0u) << "the price partition was never paused";
  (*consumer)->Close();
}

}  // namespace
}  // namespace tripline
