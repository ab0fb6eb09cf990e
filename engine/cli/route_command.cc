// `tripline route --config FILE [--to TOPIC] [--set KEY=VALUE]... [--kafka PROP=VALUE]...
//  [--rules PATH] [--bootstrap HOST:PORT]`: the scale-out topology's first stage (see
// connectors/kafka_route_stage.h and docs/operations.md "Scale-out"). It reads the same config
// file as `tripline run`: topics.headlines is its input, topics.prices the topic the output
// must be co-partitioned with, topics.dlq its dead letters, rules the pack it matches with. Its
// consumer group and transactional.id are the engine's with ".route" appended, so the stage
// and the engines never share offsets or fence each other.
#include <csignal>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "connectors/kafka_route_stage.h"
#include "engine/cli/commands.h"
#include "engine/cli/flags.h"
#include "engine/cli/live_config.h"
#include "rules/rule_loader.h"

namespace tripline::cli {

// run_command.cc: the live config from --config and the override flags.
absl::StatusOr<LiveConfig> LiveConfigFromFlags(const Flags& flags);

namespace {

KafkaRouteStage* g_stage = nullptr;

void OnStopSignal(int) {
  if (g_stage != nullptr) g_stage->RequestStop();
}

}  // namespace

int RunRoute(const Args& args) {
  auto flags = Flags::Parse(args, {"config", "set", "kafka", "rules", "bootstrap", "to"});
  if (!flags.ok()) {
    std::fprintf(stderr, "tripline route: %s\n", std::string(flags.status().message()).c_str());
    return kExitUsage;
  }
  auto config = LiveConfigFromFlags(*flags);
  auto to = flags->One("to", "tripline.headlines.by_instrument");
  if (!config.ok() || !to.ok()) {
    std::fprintf(stderr, "tripline route: %s\n",
                 std::string((config.ok() ? to.status() : config.status()).message()).c_str());
    return kExitUsage;
  }
  auto rules = LoadRules(config->rules);
  if (!rules.ok()) {
    std::fprintf(stderr, "tripline route: %s\n", std::string(rules.status().message()).c_str());
    return 2;
  }
  KafkaProperties consumer = config->ConsumerProperties();
  SetKafkaProperty(&consumer, "group.id", config->group_id + ".route");
  for (const auto& [k, v] : consumer) {
    // A static member id names one engine instance; the router is another member.
    if (k == "group.instance.id") SetKafkaProperty(&consumer, k, v + ".route");
  }
  KafkaRouteStageOptions options;
  options.headlines_topic = config->headlines_topic;
  options.prices_topic = config->prices_topic;
  options.routed_topic = *to;
  options.dlq_topic = config->dlq_topic;
  options.transactional_id = config->EffectiveTransactionalId() + ".route";
  options.batch_max = config->batch_max;
  auto stage = KafkaRouteStage::Create(consumer, config->ProducerProperties(), *rules, options);
  if (!stage.ok()) {
    std::fprintf(stderr, "tripline route: %s\n", std::string(stage.status().message()).c_str());
    return 1;
  }
  std::fprintf(stderr, "tripline route: %s -> %s (%d partitions, as %s), group %s.route\n",
               options.headlines_topic.c_str(), options.routed_topic.c_str(),
               (*stage)->partitions(), options.prices_topic.c_str(), config->group_id.c_str());
  g_stage = stage->get();
  std::signal(SIGTERM, OnStopSignal);
  std::signal(SIGINT, OnStopSignal);
  absl::Status status = (*stage)->Run();
  g_stage = nullptr;
  const KafkaRouteStageCounts& c = (*stage)->counts();
  std::fprintf(
      stderr,
      "tripline route: stopped: %llu headlines, %llu routed copies, %llu matched no "
      "rule, %llu dead letters\n",
      static_cast<unsigned long long>(c.headlines), static_cast<unsigned long long>(c.routed),
      static_cast<unsigned long long>(c.unrouted), static_cast<unsigned long long>(c.dead_letters));
  if (!status.ok()) {
    std::fprintf(stderr, "tripline route: %s\n", std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}

}  // namespace tripline::cli
