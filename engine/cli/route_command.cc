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
#include "engine/log.h"
#include "rules/rule_loader.h"

namespace tripline::cli {

namespace {

KafkaRouteStage* g_stage = nullptr;

void OnStopSignal(int) {
  if (g_stage != nullptr) g_stage->RequestStop();
}

}  // namespace

int RunRoute(const Args& args) {
  CLI::App app(
      "Scale-out's first stage: republish each headline keyed by the instruments the rules "
      "can match.",
      "tripline route");
  ConfigureCommand(&app);
  LiveFlags live;
  AddLiveOptions(&app, &live);
  std::string to_flag = "tripline.headlines.by_instrument";
  app.add_option("--to", to_flag, "the routed topic (default tripline.headlines.by_instrument)");
  if (auto code = ParseCommandLine(&app, args)) return *code;
  auto config = LiveConfigFromFlags(live);
  if (!config.ok()) {
    PrintCommandError("tripline route", config.status().message());
    return absl::IsNotFound(config.status()) ? kExitFailure : kExitInvalid;
  }
  const std::string* to = &to_flag;
  auto rules = LoadRules(config->rules);
  if (!rules.ok()) {
    Log().error("tripline route: {}", rules.status().message());
    return kExitInvalid;
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
    Log().error("tripline route: {}", stage.status().message());
    return kExitFailure;
  }
  Log().info("tripline route: {} -> {} ({} partitions, as {}), group {}.route",
             options.headlines_topic, options.routed_topic, (*stage)->partitions(),
             options.prices_topic, config->group_id);
  g_stage = stage->get();
  std::signal(SIGTERM, OnStopSignal);
  std::signal(SIGINT, OnStopSignal);
  absl::Status status = (*stage)->Run();
  g_stage = nullptr;
  const KafkaRouteStageCounts& c = (*stage)->counts();
  Log().info(
      "tripline route: stopped: {} headlines, {} routed copies, {} matched no rule, {} dead "
      "letters",
      c.headlines, c.routed, c.unrouted, c.dead_letters);
  if (!status.ok()) {
    Log().error("tripline route: {}", status.message());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace tripline::cli
