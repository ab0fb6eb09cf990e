// `tripline demo [--speed X] [--duration SECONDS] [--linger SECONDS] [--rules PATH]
//  [--headlines FILE] [--prices FILE] [--admin HOST:PORT]`: the whole live path with no broker
// to install.
//
// 1. Starts an embedded Kafka-protocol broker (EmbeddedBroker) and prints its address, so kcat
//    or any client can subscribe from another terminal (`kcat -C -b ADDR -t signals`).
// 2. Publishes the recorded sample streams into news.headlines and market.prices in replay
//    order, compressing event time: --speed X plays X event-seconds per wall second; by
//    default the whole recording is fitted into --duration seconds (default 8).
// 3. Runs the real engine (the same LiveService as `tripline run`) against it, at-least-once
//    (the mock does not model transactions), printing each signal as it fires.
// 4. Exits once every published message was processed and --linger seconds (default 0) have
//    passed, so the README's first command ends by itself.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <unistd.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "app/cli/commands.h"
#include "app/cli/flags.h"
#include "app/cli/live_service.h"
#include "core/signal_text.h"
#include "io/codec/message_decoder.h"
#include "io/files/jsonl_reader.h"
#include "io/kafka/embedded_broker.h"
#include "io/kafka/kafka_output.h"

namespace tripline::cli {
namespace {

struct DemoMessage {
  bool headline = false;
  EventTime order_ts = 0;
  std::string payload;
};

absl::Status ReadStream(const std::string& path, bool headline, std::vector<DemoMessage>* out) {
  auto reader = JsonlReader::Open(path);
  if (!reader.ok()) return reader.status();
  MessageDecoder decoder;
  Headline h;
  PriceTick p;
  std::string_view line;
  EventTime last = 0;
  while ((*reader)->NextLine(&line)) {
    DemoMessage m;
    m.headline = headline;
    m.payload.assign(line);
    // Undecodable lines are published too (the engine dead-letters them), at the time of the
    // line before.
    if (headline && decoder.DecodeHeadline(line, &h).ok()) {
      last = OrderTime(h.ts, h.recv_ts);
    } else if (!headline && decoder.DecodePrice(line, &p).ok()) {
      last = OrderTime(p.ts, p.recv_ts);
    }
    m.order_ts = last;
    out->push_back(std::move(m));
  }
  return (*reader)->status();
}

// The terminal's lines (core/signal_text.h), in colour when stdout is a terminal.
void PrintSignal(const Signal& s) {
  static const bool colour = ::isatty(STDOUT_FILENO) == 1;
  std::string text;
  AppendSignalText(s, colour, &text);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace

int RunDemo(const Args& args) {
  CLI::App app("The live engine on an embedded Kafka broker, fed the sample day.", "tripline demo");
  ConfigureCommand(&app);
  double speed = 0, duration = 8, linger = 0;
  std::string rules_flag = "rules/packs/china-ai-chips";
  std::string headlines_flag = "examples/h20-guidance/headlines.jsonl";
  std::string prices_flag = "examples/h20-guidance/prices.jsonl";
  std::string admin_flag = "off";
  app.add_option("--speed", speed, "event-seconds played per wall second (default: fit --duration)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--duration", duration, "seconds to play the whole recording in (default 8)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--linger", linger, "seconds to stay up after the input is processed")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--rules", rules_flag, "the rule pack");
  app.add_option("--headlines", headlines_flag, "the recorded headlines to publish");
  app.add_option("--prices", prices_flag, "the recorded prices to publish");
  app.add_option("--admin", admin_flag, "admin HTTP HOST:PORT (default off)");
  if (auto code = ParseCommandLine(&app, args)) return *code;
  // Defaults (and relative paths that only exist there) come from Tripline's data, so the
  // demo runs from any working directory.
  for (std::string* path : {&rules_flag, &headlines_flag, &prices_flag}) {
    if (!std::filesystem::exists(*path)) *path = ResolveDataPath(*path);
  }
  const std::string* rules = &rules_flag;
  const std::string* headlines_path = &headlines_flag;
  const std::string* prices_path = &prices_flag;
  const std::string* admin = &admin_flag;

  std::vector<DemoMessage> messages;
  for (auto [path, headline] : {std::pair{*headlines_path, true}, {*prices_path, false}}) {
    absl::Status s = ReadStream(path, headline, &messages);
    if (!s.ok()) {
      std::fprintf(stderr, "tripline demo: %s\n", std::string(s.message()).c_str());
      return 1;
    }
  }
  // Replay order: availability time, headlines before prices on ties (as the backtest merges).
  std::stable_sort(
      messages.begin(), messages.end(),
      [](const DemoMessage& a, const DemoMessage& b) { return a.order_ts < b.order_ts; });

  auto broker = EmbeddedBroker::Start();
  if (!broker.ok()) {
    std::fprintf(stderr, "tripline demo: %s\n", std::string(broker.status().message()).c_str());
    return 1;
  }
  LiveConfig config;
  config.rules = *rules;
  config.delivery = Delivery::kAtLeastOnce;
  config.admin_listen = *admin;
  config.group_id = "tripline-demo";
  for (const std::string& t :
       {config.headlines_topic, config.prices_topic, config.signals_topic, config.dlq_topic}) {
    (void)(*broker)->CreateTopic(t, 1);
  }
  SetKafkaProperty(&config.kafka, "bootstrap.servers", (*broker)->bootstrap());
  // The mock broker logs nothing useful at the default level for a demo audience.
  SetKafkaProperty(&config.kafka, "log_level", "3");
  SetKafkaProperty(&config.consumer, "fetch.wait.max.ms", "20");

  auto service = LiveService::Create(config);
  if (!service.ok()) {
    std::fprintf(stderr, "tripline demo: %s\n", std::string(service.status().message()).c_str());
    return absl::IsInvalidArgument(service.status()) ? kExitInvalid : kExitFailure;
  }
  LiveService& live = **service;

  std::printf(
      "Tripline demo: an embedded Kafka broker is listening on %s\n"
      "  read the signals from another terminal:  kcat -C -b %s -t %s -f '%%k %%s\\n'\n"
      "  publishing %zu recorded messages (%s, %s) into %s and %s...\n\n",
      (*broker)->bootstrap().c_str(), (*broker)->bootstrap().c_str(), config.signals_topic.c_str(),
      messages.size(), headlines_path->c_str(), prices_path->c_str(),
      config.headlines_topic.c_str(), config.prices_topic.c_str());
  std::fflush(stdout);
  live.loop().set_signal_observer(&PrintSignal);

  // Publisher: its own producer on its own thread, paced in wall time.
  std::atomic<bool> published{false};
  std::atomic<bool> cancel{false};
  std::thread publisher([&] {
    // The engine's own producer (KafkaOutput, at-least-once: Commit() waits for delivery),
    // playing the upstream feeds.
    KafkaProperties props = config.kafka;
    SetKafkaProperty(&props, "linger.ms", "1");
    KafkaOutputOptions feed;
    feed.delivery = Delivery::kAtLeastOnce;
    auto out = KafkaOutput::Create(props, feed);
    if (!out.ok()) {
      std::fprintf(stderr, "tripline demo: publisher could not start: %s\n",
                   std::string(out.status().message()).c_str());
      published = true;
      return;
    }
    KafkaOutput& producer = **out;
    const EventTime first = messages.empty() ? 0 : messages.front().order_ts;
    const EventTime span = messages.empty() ? 0 : messages.back().order_ts - first;
    double factor = speed > 0
                        ? 1.0 / speed
                        : (span > 0 ? duration * kNanosPerSecond / span / kNanosPerSecond : 0);
    auto start = std::chrono::steady_clock::now();
    (void)producer.Begin();
    for (const DemoMessage& m : messages) {
      if (cancel) break;
      auto due =
          start + std::chrono::nanoseconds(static_cast<int64_t>((m.order_ts - first) * factor));
      if (std::chrono::steady_clock::now() < due) {
        // Delivered before waiting: the engine sees each message at its due time.
        (void)producer.Commit(nullptr, nullptr);
        (void)producer.Begin();
      }
      while (std::chrono::steady_clock::now() < due && !cancel) {
        std::this_thread::sleep_until(
            std::min(due, std::chrono::steady_clock::now() + std::chrono::milliseconds(50)));
      }
      const std::string& topic = m.headline ? config.headlines_topic : config.prices_topic;
      producer.Republish(topic, RD_KAFKA_PARTITION_UA, {}, m.payload, 0, {});
    }
    (void)producer.Commit(nullptr, nullptr);
    published = true;
  });

  // Done when everything published was consumed; then linger for kcat users.
  boost::asio::steady_timer check(live.io());
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(static_cast<int64_t>(duration + 60));
  std::function<void()> poll_done;
  bool lingering = false;
  poll_done = [&] {
    check.expires_after(std::chrono::milliseconds(100));
    check.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      bool consumed = published && live.loop().ingest_counts().messages >= messages.size();
      if (!lingering && (consumed || std::chrono::steady_clock::now() > deadline)) {
        lingering = true;
        if (!consumed) std::fprintf(stderr, "tripline demo: timed out waiting for the engine\n");
        if (linger > 0) {
          std::printf("\nAll input processed; staying up %.0f s for other clients (%s)...\n",
                      linger, (*broker)->bootstrap().c_str());
          std::fflush(stdout);
        }
        check.expires_after(std::chrono::milliseconds(static_cast<int64_t>(linger * 1000)));
        check.async_wait([&](const boost::system::error_code& e) {
          if (!e) live.Stop();
        });
        return;
      }
      poll_done();
    });
  };
  poll_done();
  absl::Status status = live.Run();
  cancel = true;
  publisher.join();

  const auto& counts = live.loop().ingest_counts();
  std::printf("\n%llu messages in (%llu decoded, %llu dead letters), %llu signals out to '%s'\n",
              static_cast<unsigned long long>(counts.messages),
              static_cast<unsigned long long>(counts.decoded),
              static_cast<unsigned long long>(counts.dead_letters),
              static_cast<unsigned long long>(live.loop().output_counts().signals),
              config.signals_topic.c_str());
  if (!status.ok()) {
    std::fprintf(stderr, "tripline demo: %s\n", std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}

}  // namespace tripline::cli
