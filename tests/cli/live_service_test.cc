// The live engine's service (app/cli/live_service.cc) on the embedded broker with its admin
// server: health while a reload compiles, readiness of a caught-up member and of a standby.
#include "app/cli/live_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include <boost/asio/post.hpp>

#include "app/cli/live_config.h"
#include "bench/gen/synthetic_pack.h"
#include "io/kafka/embedded_broker.h"
#include "io/kafka/kafka_properties.h"
#include "tests/kafka/kafka_test_env.h"

namespace tripline {
namespace {

using ::testing::HasSubstr;

// The engine on the embedded broker with its admin server, run on a thread of its own.
class LiveServiceTest : public ::testing::Test {
 protected:
  // librdkafka's mock cluster holds a rebalance's JoinGroup until the session timeout (45 s by
  // default) before it answers a member that joined an existing group; a short session keeps
  // a rebalance in this test to seconds, as on a real broker.
  static void ShortSession(cli::LiveConfig* config) {
    SetKafkaProperty(&config->kafka, "session.timeout.ms", "6000");
    SetKafkaProperty(&config->kafka, "heartbeat.interval.ms", "500");
  }

  void StartService(const std::string& rules) {
    auto broker = EmbeddedBroker::Start();
    ASSERT_TRUE(broker.ok()) << broker.status();
    broker_ = std::move(*broker);
    cli::LiveConfig config;
    config.rules = rules;
    config.delivery = Delivery::kAtLeastOnce;
    config.admin_listen = "127.0.0.1:0";
    config.admin_token = "tok";
    config.group_id = testing::UniqueName("live-service-test");
    for (const std::string& t :
         {config.headlines_topic, config.prices_topic, config.signals_topic, config.dlq_topic}) {
      ASSERT_TRUE(broker_->CreateTopic(t, 1).ok());
    }
    SetKafkaProperty(&config.kafka, "bootstrap.servers", broker_->bootstrap());
    SetKafkaProperty(&config.kafka, "log_level", "3");
    ShortSession(&config);
    auto service = cli::LiveService::Create(config);
    ASSERT_TRUE(service.ok()) << service.status();
    service_ = std::move(*service);
    port_ = service_->admin_port();
    runner_ = std::thread([this] { run_status_ = service_->Run(); });
  }
  void TearDown() override {
    if (service_) {
      boost::asio::post(service_->io(), [this] { service_->Stop(); });
      runner_.join();
      EXPECT_TRUE(run_status_.ok()) << run_status_;
    }
  }
  // "STATUS\nBODY", and how long it took.
  std::string Get(const std::string& method, const std::string& target,
                  std::chrono::milliseconds* took = nullptr) {
    auto start = std::chrono::steady_clock::now();
    auto r = testing::HttpRequest(port_, method, target, "Bearer tok");
    if (took != nullptr) {
      *took = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - start);
    }
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : std::string();
  }
  bool WaitFor(const std::string& target, const std::string& want, std::chrono::seconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (Get("GET", target).substr(0, 3) == want) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  std::unique_ptr<EmbeddedBroker> broker_;
  std::unique_ptr<cli::LiveService> service_;
  int port_ = 0;
  std::thread runner_;
  absl::Status run_status_;
};

// Health probes are answered while a reload compiles: a probe that waited for the compile
// would return after it, so at most one would fit in it. How fast a probe is belongs to bench/,
// not here: a bound in milliseconds failed under a loaded machine.
TEST_F(LiveServiceTest, HealthzAnswersWhileA10000RuleReloadCompiles) {
  const std::string pack = ::testing::TempDir() + "/live_service_test.reload.yaml";
  std::ofstream(pack) << gen::SyntheticPackYaml(10);
  StartService(pack);
  ASSERT_TRUE(WaitFor("/readyz", "200", std::chrono::seconds(60)));
  std::ofstream(pack, std::ios::trunc) << gen::SyntheticPackYaml(10000);

  std::atomic<bool> reloaded{false};
  std::string reply;
  std::chrono::milliseconds reload_took{0};
  std::thread reload([&] {
    reply = Get("POST", "/rules/reload", &reload_took);
    reloaded = true;
  });
  std::chrono::milliseconds worst{0};
  int probes = 0;
  bool refused_second = false;
  while (!reloaded) {
    std::chrono::milliseconds took;
    EXPECT_EQ(Get("GET", "/healthz", &took), "200\nok\n");
    worst = std::max(worst, took);
    ++probes;
    if (!refused_second && probes == 3 && !reloaded) {
      // A second reload while the first compiles is refused, not queued.
      const std::string second = Get("POST", "/rules/reload");
      refused_second = second.substr(0, 3) == "409" || reloaded;
      EXPECT_TRUE(refused_second) << second;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  reload.join();
  EXPECT_EQ(reply.substr(0, 3), "200") << reply;
  EXPECT_THAT(reply, HasSubstr("reloaded 10000 rules"));
  EXPECT_GE(probes, 5) << "the compile (" << reload_took.count()
                       << " ms) was too quick to probe during it, or the probes waited for it"
                       << " (slowest probe " << worst.count() << " ms)";
  EXPECT_THAT(Get("GET", "/metrics"), HasSubstr("tripline_rules_loaded 10000"));
}

TEST_F(LiveServiceTest, ReadyOnceCaughtUpAndAStandbyWithoutPartitionsIsReady) {
  StartService(std::string(TRIPLINE_SOURCE_DIR) + "/rules/packs/china-ai-chips");
  // One member, every partition assigned, nothing to read: caught up, ready.
  ASSERT_TRUE(WaitFor("/readyz", "200", std::chrono::seconds(60)));
  // A second member of the group on topics with one partition each: the first keeps both
  // partitions (range assignment) or they split; the member with none is a standby, and
  // ready too.
  cli::LiveConfig config;
  config.rules = std::string(TRIPLINE_SOURCE_DIR) + "/rules/packs/china-ai-chips";
  config.delivery = Delivery::kAtLeastOnce;
  config.admin_listen = "127.0.0.1:0";
  SetKafkaProperty(&config.kafka, "bootstrap.servers", broker_->bootstrap());
  SetKafkaProperty(&config.kafka, "log_level", "3");
  ShortSession(&config);
  config.group_id = service_->config().group_id;
  auto standby = cli::LiveService::Create(config);
  ASSERT_TRUE(standby.ok()) << standby.status();
  const int standby_port = (*standby)->admin_port();
  absl::Status standby_status;
  std::thread standby_runner([&] { standby_status = (*standby)->Run(); });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::string standby_ready;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = testing::HttpRequest(standby_port, "GET", "/readyz");
    standby_ready = r.ok() ? r->substr(0, 3) : "";
    if (standby_ready == "200") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(standby_ready, "200");
  // After the rebalance the first member is ready again once caught up.
  EXPECT_TRUE(WaitFor("/readyz", "200", std::chrono::seconds(60)));
  boost::asio::post((*standby)->io(), [&] { (*standby)->Stop(); });
  standby_runner.join();
  EXPECT_TRUE(standby_status.ok()) << standby_status;
}

}  // namespace
}  // namespace tripline
