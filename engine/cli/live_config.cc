#include "engine/cli/live_config.h"

#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace tripline::cli {
namespace {

absl::string_view AV(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace

KafkaProperties LiveConfig::ConsumerProperties() const {
  KafkaProperties props = kafka;
  SetKafkaProperty(&props, "group.id", group_id);
  for (const auto& [k, v] : consumer) SetKafkaProperty(&props, k, v);
  return props;
}

KafkaProperties LiveConfig::ProducerProperties() const {
  KafkaProperties props = kafka;
  for (const auto& [k, v] : producer) SetKafkaProperty(&props, k, v);
  return props;
}

std::string LiveConfig::EffectiveTransactionalId() const {
  return transactional_id.empty() ? "tripline-" + group_id : transactional_id;
}

absl::Status ApplyLiveSetting(std::string_view key_in, std::string_view value_in, LiveConfig* c) {
  std::string key(absl::StripAsciiWhitespace(AV(key_in)));
  std::string value(absl::StripAsciiWhitespace(AV(value_in)));
  auto prefixed = [&](std::string_view prefix, KafkaProperties* props) {
    if (!absl::StartsWith(key, AV(prefix)) || key.size() == prefix.size()) return false;
    SetKafkaProperty(props, key.substr(prefix.size()), value);
    return true;
  };
  if (prefixed("kafka.", &c->kafka) || prefixed("consumer.", &c->consumer) ||
      prefixed("producer.", &c->producer)) {
    return absl::OkStatus();
  }
  if (key == "group.id") {
    c->group_id = value;
  } else if (key == "topics.headlines") {
    c->headlines_topic = value;
  } else if (key == "topics.prices") {
    c->prices_topic = value;
  } else if (key == "topics.signals") {
    c->signals_topic = value;
  } else if (key == "topics.dlq") {
    c->dlq_topic = value;
  } else if (key == "rules") {
    c->rules = value;
  } else if (key == "delivery") {
    if (value == "exactly_once") {
      c->delivery = Delivery::kExactlyOnce;
    } else if (value == "at_least_once") {
      c->delivery = Delivery::kAtLeastOnce;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("delivery: expected exactly_once or at_least_once, got '", value, "'"));
    }
  } else if (key == "transactional.id") {
    c->transactional_id = value;
  } else if (key == "batch.max") {
    size_t n = 0;
    if (!absl::SimpleAtoi(value, &n) || n == 0 || n > 100000) {
      return absl::InvalidArgumentError(
          absl::StrCat("batch.max: expected 1..100000, got '", value, "'"));
    }
    c->batch_max = n;
  } else if (key == "commit.interval.ms" || key == "partition.idle.ms") {
    int64_t n = 0;
    if (!absl::SimpleAtoi(value, &n) || n < 0 || n > 600000) {
      return absl::InvalidArgumentError(
          absl::StrCat(key, ": expected 0..600000 milliseconds, got '", value, "'"));
    }
    (key == "commit.interval.ms" ? c->commit_interval_ms : c->partition_idle_ms) = n;
  } else if (key == "partition.buffer") {
    size_t n = 0;
    if (!absl::SimpleAtoi(value, &n) || n < 2 || n > 1000000) {
      return absl::InvalidArgumentError(
          absl::StrCat("partition.buffer: expected 2..1000000 messages, got '", value, "'"));
    }
    c->partition_buffer = n;
  } else if (key == "state.rebuild") {
    EventTime d = 0;
    if (value == "auto") {
      c->state_rebuild = kNoTime;
    } else if (value == "off") {
      c->state_rebuild = 0;
    } else if (ParseDuration(value, &d) && d >= 0) {
      c->state_rebuild = d;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("state.rebuild: expected auto, off or a duration, got '", value, "'"));
    }
  } else if (key == "admin.listen") {
    c->admin_listen = value;
  } else if (key == "admin.token") {
    c->admin_token = value;
  } else {
    return absl::InvalidArgumentError(absl::StrCat("unknown key '", key, "'"));
  }
  if (value.empty() && key != "admin.token") {
    return absl::InvalidArgumentError(absl::StrCat(key, ": empty value"));
  }
  return absl::OkStatus();
}

absl::StatusOr<LiveConfig> ParseLiveConfig(std::string_view text, std::string_view name) {
  LiveConfig config;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(AV(text), '\n')) {
    ++line_number;
    // A '#' starts a comment only at the start of a line or after whitespace, so values such
    // as SASL passwords may contain '#'.
    size_t hash = line.find('#');
    while (hash != absl::string_view::npos && hash > 0 && line[hash - 1] != ' ' &&
           line[hash - 1] != '\t') {
      hash = line.find('#', hash + 1);
    }
    if (hash != absl::string_view::npos) line = line.substr(0, hash);
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    size_t eq = line.find('=');
    if (eq == absl::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(AV(name), ":", line_number, ": expected key = value"));
    }
    absl::Status s =
        ApplyLiveSetting(std::string_view(line.data(), eq),
                         std::string_view(line.data() + eq + 1, line.size() - eq - 1), &config);
    if (!s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(AV(name), ":", line_number, ": ", s.message()));
    }
  }
  return config;
}

absl::StatusOr<LiveConfig> LoadLiveConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read config ", path));
  std::stringstream text;
  text << in.rdbuf();
  return ParseLiveConfig(text.str(), path);
}

}  // namespace tripline::cli
