// Broker-free tests of the live path's pieces: config parsing, Prometheus text, the admin
// HTTP server, the embedded broker.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "absl/strings/str_cat.h"
#include "app/admin/admin_server.h"
#include "app/cli/live_config.h"
#include "app/cli/live_service.h"
#include "bench/gen/synthetic_pack.h"
#include "core/event_evaluator.h"
#include "core/metrics.h"
#include "io/kafka/embedded_broker.h"
#include "io/kafka/kafka_consumer.h"
#include "io/kafka/kafka_live_loop.h"
#include "io/kafka/kafka_output.h"
#include "tests/kafka/kafka_test_env.h"

namespace tripline {
namespace {

std::chrono::steady_clock::time_point give_up;

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
  EXPECT_EQ(c->batch_max, 50u);
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
  EXPECT_THAT(consumer, ::testing::Not(::testing::Contains(
                            ::testing::Pair("session.timeout.ms", "6000"))));
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

TEST(KafkaPropertiesTest, RefusedPropertyIsNamed) {
  auto conf = MakeKafkaConf({{"no.such.property", "1"}});
  ASSERT_FALSE(conf.ok());
  EXPECT_THAT(conf.status().message(), HasSubstr("no.such.property"));
}

TEST(MetricsTest, RendersPrometheusText) {
  MetricsRegistry m;
  m.GetCounter("t_in_total", "In", Label("topic", "a\"b"))->Inc(3);
  Histogram* h = m.GetHistogram("t_seconds", "Latency", "", {0.1, 1});
  h->Observe(0.05);
  h->Observe(0.5);
  h->Observe(5);
  m.SetGauge("t_lag", "Lag", "", [] { return 7.0; });
  std::string text = m.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE t_in_total counter\nt_in_total{topic=\"a\\\"b\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("t_seconds_bucket{le=\"0.1\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("t_seconds_bucket{le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("t_seconds_count 3\n"));
  EXPECT_THAT(text, HasSubstr("t_seconds_sum 5.55\n")) << "float seconds";
  EXPECT_THAT(text, HasSubstr("# TYPE t_lag gauge\nt_lag 7\n"));
  // The same series is returned again, not duplicated.
  EXPECT_EQ(m.GetCounter("t_in_total", "In", Label("topic", "a\"b"))->value(), 3u);
}

TEST(AdminServerTest, ServesEndpointsAndGuardsReloadWithTheToken) {
  boost::asio::io_context io;
  int reloads = 0;
  bool reject = false;
  AdminHandlers h;
  h.healthy = [] { return true; };
  h.ready = [] { return false; };
  h.metrics = [] { return std::string("m 1\n"); };
  h.rules = [] { return std::string("{\"rules\":[]}"); };
  h.reload = [&](AdminHandlers::ReloadDone done) {
    ++reloads;
    if (reject) {
      done(absl::InvalidArgumentError("rules.yaml:3:5: error[bad-value]: nope"));
    } else if (reloads == 3) {
      done(absl::UnavailableError("a reload is already running"));
    } else {
      done(std::string("reloaded"));
    }
  };
  h.token = "tok";
  auto server = AdminServer::Start(&io, "127.0.0.1:0", h);
  ASSERT_TRUE(server.ok()) << server.status();
  int port = (*server)->port();
  std::thread loop([&] { io.run(); });

  auto get = [&](const std::string& method, const std::string& target,
                 const std::string& auth = "") {
    auto r = testing::HttpRequest(port, method, target, auth);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : std::string();
  };
  EXPECT_EQ(get("GET", "/healthz"), "200\nok\n");
  EXPECT_EQ(get("GET", "/readyz").substr(0, 3), "503");
  EXPECT_EQ(get("GET", "/metrics"), "200\nm 1\n");
  EXPECT_EQ(get("GET", "/rules"), "200\n{\"rules\":[]}");
  EXPECT_EQ(get("GET", "/nope").substr(0, 3), "404");
  EXPECT_EQ(get("GET", "/rules/reload").substr(0, 3), "405");
  EXPECT_EQ(get("POST", "/rules/reload").substr(0, 3), "403");
  EXPECT_EQ(get("POST", "/rules/reload", "Bearer wrong").substr(0, 3), "403");
  for (const char* near_miss : {"Bearer to", "Bearer tok2", "Bearertok", "tok"}) {
    EXPECT_EQ(get("POST", "/rules/reload", near_miss).substr(0, 3), "403") << near_miss;
  }
  EXPECT_EQ(reloads, 0);
  EXPECT_EQ(get("POST", "/rules/reload", "Bearer tok"), "200\nreloaded\n");
  reject = true;
  std::string rejected = get("POST", "/rules/reload", "Bearer tok");
  EXPECT_EQ(rejected.substr(0, 3), "422");
  EXPECT_THAT(rejected, HasSubstr("rules.yaml:3:5"));
  reject = false;
  EXPECT_EQ(get("POST", "/rules/reload", "Bearer tok").substr(0, 3), "409");
  EXPECT_EQ(reloads, 3);

  io.stop();
  loop.join();
}

// A consumed message, copied out of librdkafka's.
struct ReadMessage {
  std::string key;
  std::string value;
  bool has_value = false;
  int64_t timestamp_ms = 0;
  std::vector<std::pair<std::string, std::string>> headers;
};

// What `consumer` reads until it has `want` messages or 10 s have passed.
std::vector<ReadMessage> ReadAtLeast(KafkaConsumer& consumer, size_t want) {
  std::vector<ReadMessage> read;
  rd_kafka_message_t* msgs[8];
  for (int i = 0; i < 200 && read.size() < want; ++i) {
    const size_t n = consumer.Poll(msgs, 8);
    for (size_t k = 0; k < n; ++k) {
      const rd_kafka_message_t* m = msgs[k];
      ReadMessage& r = read.emplace_back();
      if (m->key != nullptr) r.key.assign(static_cast<const char*>(m->key), m->key_len);
      r.has_value = m->payload != nullptr;
      if (r.has_value) r.value.assign(static_cast<const char*>(m->payload), m->len);
      r.timestamp_ms = rd_kafka_message_timestamp(m, nullptr);
      rd_kafka_headers_t* headers = nullptr;
      if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* name;
        const void* value;
        size_t size;
        for (size_t h = 0; rd_kafka_header_get_all(headers, h, &name, &value, &size) ==
                           RD_KAFKA_RESP_ERR_NO_ERROR;
             ++h) {
          r.headers.emplace_back(
              name, value ? std::string(static_cast<const char*>(value), size) : std::string());
        }
      }
      rd_kafka_message_destroy(msgs[k]);
    }
    if (n == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return read;
}

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
  (*output)->PublishProgress("routed", 0, 1'700'000'000'003, 1'700'000'000'003'000'000, true);
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
  EXPECT_EQ(read[2].headers,
            (std::vector<std::pair<std::string, std::string>>{
                {"tripline.progress", "1700000000003000000"}, {"tripline.caught_up", ""}}));
  (*consumer)->Close();
}

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

// `systemctl reload` while the engine still connects to Kafka (here: to a closed port, so it
// waits for metadata): the SIGHUP is held, not fatal. Before, the process ended with status 129,
// which systemd counts as a clean stop, and the service stayed down.
TEST(RunCommandTest, SighupWhileConnectingDoesNotEndTheEngine) {
  const std::string src = TRIPLINE_SOURCE_DIR;
  const std::string conf = ::testing::TempDir() + "/tripline-hup-test.conf";
  std::ofstream(conf) << "kafka.bootstrap.servers = 127.0.0.1:1\nrules = " << src
                      << "/rules/packs/china-ai-chips\n";
  const std::string log = ::testing::TempDir() + "/tripline-hup-test.log";
  testing::ChildProcess run;
  ASSERT_TRUE(run.Start({TRIPLINE_LIVE_DRIVER, "run", "--config", conf}, log).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // inside Create
  run.Signal(SIGHUP);
  // Still running 2 s later (Wait times out and stops it); a fatal SIGHUP returns -SIGHUP.
  auto code = run.Wait(std::chrono::seconds(2));
  ASSERT_FALSE(code.ok()) << "the engine exited with " << *code << ":\n" << testing::ReadFile(log);
  EXPECT_TRUE(absl::IsDeadlineExceeded(code.status())) << code.status();
}

TEST(DemoCommandTest, PublishesTheSampleThroughTheEmbeddedBrokerAndPrintsTheSignal) {
  const std::string src = TRIPLINE_SOURCE_DIR;
  std::string log = ::testing::TempDir() + "/tripline-demo-test.log";
  std::remove(log.c_str());
  testing::ChildProcess demo;
  ASSERT_TRUE(demo.Start({TRIPLINE_LIVE_DRIVER, "demo", "--duration", "2", "--rules",
                          src + "/rules/packs/china-ai-chips", "--headlines",
                          src + "/examples/h20-guidance/headlines.jsonl", "--prices",
                          src + "/examples/h20-guidance/prices.jsonl"},
                         log)
                  .ok());
  auto code = demo.Wait(std::chrono::seconds(90));
  ASSERT_TRUE(code.ok()) << code.status();
  std::string out = testing::ReadFile(log);
  EXPECT_EQ(*code, 0) << out;
  EXPECT_THAT(out, HasSubstr("embedded Kafka broker is listening on 127.0.0.1:"));
  EXPECT_THAT(out, HasSubstr("SIGNAL 2025-08-12T15:36:00Z  short NVDA"));
  EXPECT_THAT(out, HasSubstr("RETRACT 2025-08-12T16:10:34Z  short NVDA"));
  EXPECT_THAT(out, HasSubstr("1043 messages in (1043 decoded, 0 dead letters), 2 signals out"));
}

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

TEST_F(LiveServiceTest, HealthzAnswersWithin50msWhileA10000RuleReloadCompiles) {
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
                       << " ms) was too quick to probe during it";
  EXPECT_LT(worst.count(), 50) << "over " << probes << " probes during a " << reload_took.count()
                               << " ms reload";
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
