// `tripline run --config FILE [--set KEY=VALUE]... [--kafka PROP=VALUE]... [--rules PATH]
//  [--bootstrap HOST:PORT]`: the engine as a Kafka service (see live_service.h).
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "engine/cli/commands.h"
#include "engine/cli/flags.h"
#include "engine/cli/live_config.h"
#include "engine/cli/live_service.h"

namespace tripline::cli {

absl::StatusOr<LiveConfig> LiveConfigFromFlags(const Flags& flags) {
  LiveConfig config;
  if (flags.Has("config")) {
    auto path = flags.One("config", "");
    if (!path.ok()) return path.status();
    auto loaded = LoadLiveConfig(*path);
    if (!loaded.ok()) return loaded.status();
    config = std::move(*loaded);
  }
  auto apply = [&](const std::string& prefix, const std::string& flag) -> absl::Status {
    for (const std::string& kv : flags.Values(flag)) {
      size_t eq = kv.find('=');
      if (eq == std::string::npos) {
        return absl::InvalidArgumentError(
            absl::StrCat("--", flag, " ", kv, ": expected KEY=VALUE"));
      }
      absl::Status s = ApplyLiveSetting(prefix + kv.substr(0, eq), kv.substr(eq + 1), &config);
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  };
  if (absl::Status s = apply("", "set"); !s.ok()) return s;
  if (absl::Status s = apply("kafka.", "kafka"); !s.ok()) return s;
  if (flags.Has("rules")) {
    auto rules = flags.One("rules", "");
    if (!rules.ok()) return rules.status();
    config.rules = *rules;
  }
  if (flags.Has("bootstrap")) {
    auto b = flags.One("bootstrap", "");
    if (!b.ok()) return b.status();
    SetKafkaProperty(&config.kafka, "bootstrap.servers", *b);
  }
  return config;
}

int RunLive(const Args& args) {
  auto flags = Flags::Parse(args, {"config", "set", "kafka", "rules", "bootstrap"});
  if (!flags.ok()) {
    std::fprintf(stderr, "tripline run: %s\n", std::string(flags.status().message()).c_str());
    return kExitUsage;
  }
  auto config = LiveConfigFromFlags(*flags);
  if (!config.ok()) {
    std::fprintf(stderr, "tripline run: %s\n", std::string(config.status().message()).c_str());
    return kExitUsage;
  }
  auto service = LiveService::Create(std::move(*config));
  if (!service.ok()) {
    std::fprintf(stderr, "tripline run: %s\n", std::string(service.status().message()).c_str());
    return absl::IsInvalidArgument(service.status()) ? 2 : 1;
  }
  const LiveConfig& c = (*service)->config();
  std::fprintf(stderr, "tripline run: consuming %s, %s (group %s), producing %s, %s (%s)%s\n",
               c.headlines_topic.c_str(), c.prices_topic.c_str(), c.group_id.c_str(),
               c.signals_topic.c_str(), c.dlq_topic.c_str(),
               c.delivery == Delivery::kExactlyOnce ? "exactly-once" : "at-least-once",
               (*service)->admin_port() != 0
                   ? absl::StrCat("; admin on port ", (*service)->admin_port()).c_str()
                   : "");
  absl::Status status = (*service)->Run();
  const auto& counts = (*service)->loop().counts();
  std::fprintf(stderr,
               "tripline run: stopped: %llu messages, %llu decoded, %llu dead letters, %llu "
               "signals\n",
               static_cast<unsigned long long>(counts.messages),
               static_cast<unsigned long long>(counts.decoded),
               static_cast<unsigned long long>(counts.dead_letters),
               static_cast<unsigned long long>((*service)->loop().pipeline_stats().signals));
  if (!status.ok()) {
    std::fprintf(stderr, "tripline run: %s\n", std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}

}  // namespace tripline::cli
