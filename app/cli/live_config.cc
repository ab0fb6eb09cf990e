#include "app/cli/live_config.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "rules/rule_loader.h"

namespace tripline::cli {
namespace {

absl::string_view AV(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace

KafkaProperties LiveConfig::ConsumerProperties() const {
  // Tripline's consumer defaults (docs/operations.md, "Failover"), overridden by kafka.* and
  // consumer.*: a dead member's partitions move after 6 s (the broker's minimum by default)
  // rather than librdkafka's 45 s, heartbeats (librdkafka's own thread, whatever the loop
  // does) every 1.5 s so that two may be lost before the session expires; the range assignor
  // explicitly, the one that gives partition i of both input topics to the same member.
  KafkaProperties props = kConsumerDefaults;
  for (const auto& [k, v] : kafka) SetKafkaProperty(&props, k, v);
  SetKafkaProperty(&props, "group.id", group_id);
  for (const auto& [k, v] : consumer) SetKafkaProperty(&props, k, v);
  return props;
}

KafkaProperties LiveConfig::ProducerProperties() const {
  // Exactly-once: a SIGKILLed engine's open transaction holds back read_committed subscribers
  // of its signals, and its pending offsets whoever takes its partitions over, until the
  // broker aborts it this long after it began (librdkafka's default: 60 s; Kafka Streams
  // uses 10 s for exactly-once too). A transaction spans one commit interval (100 ms); one
  // that outlives this (a loop or a broker stalled 10 s) is aborted and its input read again.
  KafkaProperties props;
  if (delivery == Delivery::kExactlyOnce) props = kTransactionalProducerDefaults;
  for (const auto& [k, v] : kafka) SetKafkaProperty(&props, k, v);
  for (const auto& [k, v] : producer) SetKafkaProperty(&props, k, v);
  return props;
}

std::string LiveConfig::EffectiveTransactionalId() const {
  return transactional_id.empty() ? "tripline-" + group_id : transactional_id;
}

absl::StatusOr<std::string> ExpandSecretReferences(std::string_view text) {
  std::string out;
  size_t pos = 0;
  for (;;) {
    size_t open = text.find("${", pos);
    if (open == std::string_view::npos) break;
    size_t close = text.find('}', open);
    if (close == std::string_view::npos) {
      return absl::InvalidArgumentError("unterminated ${...} reference");
    }
    out.append(text.substr(pos, open - pos));
    const std::string ref(text.substr(open + 2, close - open - 2));
    if (absl::StartsWith(ref, "env:")) {
      const std::string var = ref.substr(4);
      const char* v = std::getenv(var.c_str());
      if (var.empty() || v == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat("${", ref, "}: environment variable not set"));
      }
      out.append(v);
    } else if (absl::StartsWith(ref, "file:")) {
      const std::string path = ref.substr(5);
      std::ifstream in(path, std::ios::binary);
      if (path.empty() || !in) {
        return absl::InvalidArgumentError(absl::StrCat("${", ref, "}: cannot read the file"));
      }
      std::stringstream content;
      content << in.rdbuf();
      std::string v = content.str();
      while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.pop_back();
      out.append(v);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("${", ref, "}: expected ${env:VAR} or ${file:/path}"));
    }
    pos = close + 1;
  }
  out.append(text.substr(pos));
  return out;
}

std::vector<std::string> DataDirectories() {
  std::vector<std::string> dirs;
  char exe[4096];
  ssize_t n = ::readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if (n > 0) {
    exe[n] = '\0';
    dirs.push_back(
        (std::filesystem::path(exe).parent_path().parent_path() / "share" / "tripline").string());
  }
#ifdef TRIPLINE_INSTALL_DATA_DIR
  dirs.push_back(TRIPLINE_INSTALL_DATA_DIR);
#endif
#ifdef TRIPLINE_BUILD_SOURCE_DIR
  dirs.push_back(TRIPLINE_BUILD_SOURCE_DIR);
#endif
  return dirs;
}

void UseInstalledLexicons() {
  std::vector<std::string> dirs;
  for (const std::string& d : DataDirectories()) dirs.push_back(d + "/rules/lexicons");
  SetLexiconDirectories(std::move(dirs));
}

std::string ResolveDataPath(const std::string& path, const std::string& first_dir) {
  namespace fs = std::filesystem;
  if (path.empty() || fs::path(path).is_absolute()) return path;
  std::vector<std::string> dirs;
  if (!first_dir.empty()) dirs.push_back(first_dir);
  for (std::string& d : DataDirectories()) dirs.push_back(std::move(d));
  std::error_code ec;
  for (const std::string& d : dirs) {
    fs::path candidate = fs::path(d) / path;
    if (fs::exists(candidate, ec)) return candidate.lexically_normal().string();
  }
  return first_dir.empty() ? path : (fs::path(first_dir) / path).string();
}

absl::Status ApplyLiveSetting(std::string_view key_in, std::string_view value_in, LiveConfig* c) {
  std::string key(absl::StripAsciiWhitespace(AV(key_in)));
  const std::string raw(absl::StripAsciiWhitespace(AV(value_in)));
  auto expanded = ExpandSecretReferences(raw);
  if (!expanded.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(key, ": ", expanded.status().message()));
  }
  std::string value = std::move(*expanded);
  // What errors may show: the value as written (a reference stays a reference).
  const std::string& shown = raw;
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
  } else if (key == "topics.headlines.routed") {
    if (value != "true" && value != "false") {
      return absl::InvalidArgumentError(
          absl::StrCat("topics.headlines.routed: expected true or false, got '", shown, "'"));
    }
    c->loop.headlines_routed = value == "true";
  } else if (key == "topics.prices") {
    c->prices_topic = value;
  } else if (key == "topics.signals") {
    c->signals_topic = value;
  } else if (key == "topics.dlq") {
    c->dlq_topic = value;
  } else if (key == "rules") {
    c->rules = value;
    c->rules_set = true;
  } else if (key == "delivery") {
    if (value == "exactly_once") {
      c->delivery = Delivery::kExactlyOnce;
    } else if (value == "at_least_once") {
      c->delivery = Delivery::kAtLeastOnce;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("delivery: expected exactly_once or at_least_once, got '", shown, "'"));
    }
  } else if (key == "transactional.id") {
    c->transactional_id = value;
  } else if (key == "batch.max") {
    size_t n = 0;
    if (!absl::SimpleAtoi(value, &n) || n == 0 || n > 100000) {
      return absl::InvalidArgumentError(
          absl::StrCat("batch.max: expected 1..100000, got '", shown, "'"));
    }
    c->loop.batch_max = n;
  } else if (key == "commit.interval.ms" || key == "partition.idle.ms") {
    int64_t n = 0;
    if (!absl::SimpleAtoi(value, &n) || n < 0 || n > 600000) {
      return absl::InvalidArgumentError(
          absl::StrCat(key, ": expected 0..600000 milliseconds, got '", value, "'"));
    }
    (key == "commit.interval.ms" ? c->loop.commit_interval_ms : c->loop.partition_idle_ms) = n;
  } else if (key == "partition.buffer") {
    size_t n = 0;
    if (!absl::SimpleAtoi(value, &n) || n < 2 || n > 1000000) {
      return absl::InvalidArgumentError(
          absl::StrCat("partition.buffer: expected 2..1000000 messages, got '", value, "'"));
    }
    c->loop.partition_buffer = n;
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
          absl::StrCat("state.rebuild: expected auto, off or a duration, got '", shown, "'"));
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
  auto config = ParseLiveConfig(text.str(), path);
  if (!config.ok()) return config;
  // Relative to the config file (or the data directories), not to wherever ops run it from.
  std::filesystem::path dir = std::filesystem::absolute(path).parent_path();
  config->rules = ResolveDataPath(config->rules, config->rules_set ? dir.string() : "");
  return config;
}

}  // namespace tripline::cli
