// `tripline tail --bootstrap HOST:PORT [--topic signals] [--rule R]... [--instrument I]...
//  [--min-score S] [--json] [--from-end] [--color auto|always|never] [--max-messages N]
//  [--idle-timeout SECONDS] [--kafka PROP=VALUE]...`: a desk's view of the signals topic.
//
// Reads with isolation.level=read_committed, so only signals of committed transactions (the
// engine's exactly-once output) are shown, never those of an aborted one. Starts at the
// beginning of the topic (the retained history, then live), or with --from-end at its end.
// It joins no consumer group and commits nothing: any number of tails can run side by side.
// Prints the demo's lines (core/signal_text.h), in colour on a terminal, or with --json each
// signal's JSON unchanged, one per line. --rule and --instrument apply to retractions as to any
// signal; --min-score never hides one (a desk that saw a signal must see it withdrawn).
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/cli/commands.h"
#include "app/cli/flags.h"
#include "core/signal_text.h"
#include "io/codec/signal_decoder.h"
#include "io/kafka/kafka_properties.h"
#include "io/kafka/topic_names.h"

namespace tripline::cli {
namespace {

std::atomic<bool> g_stop{false};

void OnStopSignal(int) { g_stop = true; }

struct TailFilter {
  std::vector<std::string> rules;
  std::vector<std::string> instruments;
  double min_score = 0;

  bool Passes(const Signal& s) const {
    auto in = [](const std::vector<std::string>& set, const std::string& v) {
      if (set.empty()) return true;
      for (const std::string& x : set) {
        if (x == v) return true;
      }
      return false;
    };
    if (!in(rules, s.rule) || !in(instruments, s.instrument)) return false;
    return !s.retracts.empty() || s.score >= min_score;
  }
};

bool UseColour(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) == 1 && std::getenv("NO_COLOR") == nullptr &&
         !(term != nullptr && std::string(term) == "dumb");
}

}  // namespace

int RunTail(const Args& args) {
  CLI::App app("Prints the committed signals of a Kafka topic as they arrive.", "tripline tail");
  ConfigureCommand(&app);
  std::string bootstrap;
  std::string topic = kDefaultSignalsTopic;
  TailFilter filter;
  bool json = false, from_end = false;
  std::string colour = "auto";
  uint64_t max_messages = 0;
  double idle_timeout = 0;
  std::vector<std::string> kafka;
  app.add_option("--bootstrap", bootstrap, "Kafka bootstrap servers HOST:PORT[,HOST:PORT]")
      ->required();
  app.add_option("--topic", topic, "the signals topic (default signals)");
  app.add_option("--rule", filter.rules, "only signals of this rule (repeatable)");
  app.add_option("--instrument", filter.instruments,
                 "only signals on this instrument (repeatable)");
  app.add_option("--min-score", filter.min_score, "only signals scoring at least this (0..1)")
      ->check(CLI::Range(0.0, 1.0));
  app.add_flag("--json", json, "print each signal's JSON unchanged, one per line");
  app.add_flag("--from-end", from_end,
               "only signals committed from now on (default: from the "
               "beginning of the topic's retention)");
  app.add_option("--color", colour, "auto (on a terminal), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--max-messages", max_messages, "exit after printing this many signals");
  app.add_option("--idle-timeout", idle_timeout,
                 "exit after this many seconds without a new message (default: never)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--kafka", kafka, "librdkafka property PROP=VALUE (TLS, SASL; repeatable)");
  if (auto code = ParseCommandLine(&app, args)) return *code;
  const std::string name = "tripline tail";

  KafkaProperties props;
  SetKafkaProperty(&props, "bootstrap.servers", bootstrap);
  SetKafkaProperty(&props, "group.id", absl::StrCat("tripline-tail-", ::getpid()));
  SetKafkaProperty(&props, "enable.auto.commit", "false");
  SetKafkaProperty(&props, "isolation.level", "read_committed");
  for (const std::string& kv : kafka) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      PrintCommandError(name, absl::StrCat("--kafka: expected PROP=VALUE, got '", kv, "'"));
      return kExitUsage;
    }
    if (kv.substr(0, eq) == "isolation.level") {
      PrintCommandError(name, "--kafka: isolation.level is always read_committed");
      return kExitUsage;
    }
    SetKafkaProperty(&props, kv.substr(0, eq), kv.substr(eq + 1));
  }
  auto conf = MakeKafkaConf(props);
  if (!conf.ok()) {
    PrintCommandError(name, absl::StrCat("--kafka: ", conf.status().message()));
    return kExitUsage;
  }
  char err[512];
  KafkaHandlePtr rk(rd_kafka_new(RD_KAFKA_CONSUMER, conf->release(), err, sizeof(err)));
  if (rk == nullptr) {
    PrintCommandError(name, err);
    return kExitFailure;
  }
  rd_kafka_poll_set_consumer(rk.get());
  auto partitions = TopicPartitionCount(rk.get(), topic, 10000);
  if (!partitions.ok()) {
    PrintCommandError(name, absl::StrCat("topic '", topic, "' at ", bootstrap, ": ",
                                         partitions.status().message()));
    return kExitFailure;
  }
  // Every partition, by assignment: no group, no rebalance wait, nothing committed.
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(*partitions);
  for (int32_t p = 0; p < *partitions; ++p) {
    rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset =
        from_end ? RD_KAFKA_OFFSET_END : RD_KAFKA_OFFSET_BEGINNING;
  }
  rd_kafka_resp_err_t assigned = rd_kafka_assign(rk.get(), list);
  rd_kafka_topic_partition_list_destroy(list);
  if (assigned != RD_KAFKA_RESP_ERR_NO_ERROR) {
    PrintCommandError(name, rd_kafka_err2str(assigned));
    return kExitFailure;
  }

  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  const bool use_colour = !json && UseColour(colour);
  SignalDecoder decoder;
  Signal signal;
  std::string text;
  uint64_t printed = 0;
  int code = kExitOk;
  auto last_message = std::chrono::steady_clock::now();
  while (!g_stop && (max_messages == 0 || printed < max_messages)) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk.get(), 200);
    if (m == nullptr) {
      if (idle_timeout > 0 && std::chrono::steady_clock::now() - last_message >
                                  std::chrono::duration<double>(idle_timeout)) {
        break;
      }
      continue;
    }
    last_message = std::chrono::steady_clock::now();
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        PrintCommandError(name, rd_kafka_message_errstr(m));
        if (m->err == RD_KAFKA_RESP_ERR__FATAL ||
            m->err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
            m->err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC) {
          code = kExitFailure;
          rd_kafka_message_destroy(m);
          break;
        }
      }
      rd_kafka_message_destroy(m);
      continue;
    }
    std::string_view payload(static_cast<const char*>(m->payload), m->len);
    absl::Status s = decoder.Decode(payload, &signal);
    if (!s.ok()) {
      PrintCommandError(name, absl::StrCat(topic, "/", m->partition, "/", m->offset,
                                           ": not a signal: ", s.message()));
    } else if (filter.Passes(signal)) {
      text.clear();
      if (json) {
        text.assign(payload);
        text.push_back('\n');
      } else {
        AppendSignalText(signal, use_colour, &text);
      }
      std::fwrite(text.data(), 1, text.size(), stdout);
      std::fflush(stdout);
      ++printed;
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(rk.get());
  return code;
}

}  // namespace tripline::cli
