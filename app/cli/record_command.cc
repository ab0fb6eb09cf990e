// `tripline record --out DIR [--config FILE] [--set K=V]... [--kafka P=V]... [--zstd]
//  [--rotate-bytes N] [--rotate-seconds S] [--max-messages N] [--idle-exit SECONDS]`: records
// the input topics into recorded streams (DIR/headlines.000001.jsonl, DIR/prices.000001.jsonl,
// ... see io/files/recording.h), so that today's live stream is tomorrow's backtest.
//
// Each line is the message as it arrived; a message without `recv_ts` gets one (its Kafka
// timestamp, when Kafka had it), so a backtest replays it at its availability time. Messages
// that do not decode are kept verbatim: the backtest dead-letters them as the live engine did.
// Per batch the lines are made durable (flush, fsync) and checkpointed before the offsets are
// committed in group `<group.id>-record`, so a recorder killed at any point and restarted
// records every message exactly once.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "absl/strings/str_cat.h"
#include "app/cli/commands.h"
#include "app/cli/flags.h"
#include "app/cli/live_config.h"
#include "core/log.h"
#include "io/codec/message_decoder.h"
#include "io/files/recording.h"
#include "io/kafka/kafka_consume_loop.h"
#include "io/kafka/kafka_consumer.h"

namespace tripline::cli {

namespace {

// Inserts "recv_ts" right after the object's opening brace when the message has none.
void AppendWithRecvTs(std::string_view payload, bool has_recv_ts, EventTime kafka_ts,
                      std::string* line) {
  line->clear();
  size_t brace = payload.find('{');
  if (has_recv_ts || kafka_ts == kNoTime || brace == std::string_view::npos) {
    line->append(payload);
    return;
  }
  line->append(payload.substr(0, brace + 1));
  line->append("\"recv_ts\":\"");
  AppendRfc3339(kafka_ts, line);
  line->append("\"");
  std::string_view rest = payload.substr(brace + 1);
  size_t first = rest.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && rest[first] != '}') line->push_back(',');
  line->append(rest);
}

}  // namespace

int RunRecord(const Args& args) {
  CLI::App app("Record the input topics into files for backtests.", "tripline record");
  ConfigureCommand(&app);
  LiveFlags live;
  AddLiveOptions(&app, &live);
  std::string out_flag;
  uint64_t max_messages = 0;
  double idle_exit = 0;
  app.add_option("--out", out_flag, "the recording's directory")->required();
  app.add_option("--max-messages", max_messages, "stop after N messages (default: never)");
  app.add_option("--idle-exit", idle_exit, "stop after SECONDS without input (default: never)")
      ->check(CLI::NonNegativeNumber);
  bool zstd = false;
  uint64_t rotate_bytes = 0;
  int64_t rotate_seconds = 0;
  app.add_flag("--zstd", zstd, "write zstd-compressed segments (.jsonl.zst)");
  app.add_option("--rotate-bytes", rotate_bytes,
                 "start a new segment past N bytes (default: never)");
  app.add_option("--rotate-seconds", rotate_seconds,
                 "start a new segment once one is S seconds old (default: never)")
      ->check(CLI::NonNegativeNumber);
  if (auto code = ParseCommandLine(&app, args)) return *code;
  auto config = LiveConfigFromFlags(live);
  if (!config.ok()) {
    PrintCommandError("tripline record", config.status().message());
    return absl::IsNotFound(config.status()) ? kExitFailure : kExitInvalid;
  }
  const std::string* out_dir = &out_flag;
  RecordingOptions recording_options;
  recording_options.dir = *out_dir;
  recording_options.inputs = {"headlines", "prices"};
  recording_options.zstd = zstd;
  recording_options.rotate_bytes = rotate_bytes;
  recording_options.rotate_age = std::chrono::seconds(rotate_seconds);
  auto recording = Recording::Open(recording_options);
  if (!recording.ok()) {
    Log().error("tripline record: {}", recording.status().message());
    return kExitFailure;
  }
  KafkaProperties props = config->ConsumerProperties();
  SetKafkaProperty(&props, "group.id", config->group_id + "-record");
  auto consumer = KafkaConsumer::Create(props, {config->headlines_topic, config->prices_topic});
  if (!consumer.ok()) {
    Log().error("tripline record: {}", consumer.status().message());
    return kExitFailure;
  }

  boost::asio::io_context io;
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  boost::asio::steady_timer idle_timer(io);
  MessageDecoder decoder;
  Headline headline;
  PriceTick price;
  std::string line;
  std::vector<rd_kafka_message_t*> batch(1000);
  uint64_t recorded = 0;
  absl::Status write_status;
  bool done = false;
  KafkaConsumeLoop* consume = nullptr;

  auto finish = [&] {
    if (done) return;
    done = true;
    boost::system::error_code ignored;
    signals.cancel(ignored);
    consume->Stop();
    idle_timer.cancel(ignored);
    io.stop();
  };
  std::function<void()> arm_idle = [&] {
    if (idle_exit <= 0) return;
    idle_timer.expires_after(std::chrono::milliseconds(static_cast<int64_t>(idle_exit * 1000)));
    idle_timer.async_wait([&](const boost::system::error_code& e) {
      if (!e) finish();
    });
  };
  KafkaConsumeLoop loop(&io, consumer->get(), /*keepalive_ms=*/1000, [&] {
    for (;;) {
      size_t n = (*consumer)->Poll(batch.data(), batch.size());
      if (n == 0) return false;
      rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(2);
      for (size_t i = 0; i < n; ++i) {
        rd_kafka_message_t* m = batch[i];
        if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
          std::string_view topic(rd_kafka_topic_name(m->rkt));
          if (!(*recording)->IsNew(topic, m->partition, m->offset)) {
            // Recorded and checkpointed before a crash that came ahead of its commit.
            rd_kafka_message_destroy(m);
            continue;
          }
          std::string_view payload(static_cast<const char*>(m->payload), m->len);
          int64_t ms = rd_kafka_message_timestamp(m, nullptr);
          EventTime kafka_ts = ms >= 0 ? ms * 1'000'000 : kNoTime;
          bool is_headline = topic == config->headlines_topic;
          bool has_recv_ts = true;
          if (is_headline) {
            if (decoder.DecodeHeadline(payload, &headline).ok()) {
              has_recv_ts = headline.recv_ts != kNoTime;
            }
          } else if (decoder.DecodePrice(payload, &price).ok()) {
            has_recv_ts = price.recv_ts != kNoTime;
          }
          AppendWithRecvTs(payload, has_recv_ts, kafka_ts, &line);
          if (absl::Status w =
                  (*recording)->Write(is_headline ? 0 : 1, line, topic, m->partition, m->offset);
              !w.ok()) {
            write_status = w;
          }
          ++recorded;
          auto* p = rd_kafka_topic_partition_list_find(offsets, rd_kafka_topic_name(m->rkt),
                                                       m->partition);
          if (p == nullptr) {
            p = rd_kafka_topic_partition_list_add(offsets, rd_kafka_topic_name(m->rkt),
                                                  m->partition);
          }
          p->offset = std::max<int64_t>(p->offset, m->offset + 1);
        }
        rd_kafka_message_destroy(m);
      }
      // Durable and checkpointed first, committed second: a crash in between records nothing
      // twice (the checkpoint skips it) and loses nothing (the lines are on disk).
      if (write_status.ok() && offsets->cnt > 0) {
        write_status = (*recording)->Sync(std::chrono::steady_clock::now());
      }
      if (write_status.ok() && offsets->cnt > 0) {
        rd_kafka_commit((*consumer)->handle(), offsets, /*async=*/1);
      }
      rd_kafka_topic_partition_list_destroy(offsets);
      if (!write_status.ok()) {
        finish();
        return false;
      }
      arm_idle();
      if (max_messages > 0 && recorded >= max_messages) {
        finish();
        return false;
      }
    }
  });
  consume = &loop;
  signals.async_wait([&](const boost::system::error_code& e, int) {
    if (!e) finish();
  });
  arm_idle();
  loop.Start();
  if (!done) io.run();

  if (write_status.ok()) write_status = (*recording)->Sync(std::chrono::steady_clock::now());
  if (absl::Status c = (*recording)->Close(); write_status.ok()) write_status = c;
  (*consumer)->Close();
  Log().info("tripline record: {} messages recorded into {}", recorded, *out_dir);
  if (!write_status.ok()) {
    Log().error("tripline record: write failed, offsets not committed: {}", write_status.message());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace tripline::cli
