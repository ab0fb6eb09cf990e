// `tripline run --config FILE [--set KEY=VALUE]... [--kafka PROP=VALUE]... [--rules PATH]
//  [--bootstrap HOST:PORT]`: the engine as a Kafka service (see live_service.h). Exit 1 when
// the config file cannot be read or Kafka fails, 2 for an invalid config or rule pack.
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "app/cli/commands.h"
#include "app/cli/flags.h"
#include "app/cli/live_config.h"
#include "app/cli/live_service.h"
#include "core/log.h"

namespace tripline::cli {

int RunLive(const Args& args) {
  CLI::App app("The live engine on Kafka: signals from headlines and prices, exactly once.",
               "tripline run");
  LiveService::HoldHangupsUntilRunning();
  ConfigureCommand(&app);
  LiveFlags live;
  AddLiveOptions(&app, &live);
  if (auto code = ParseCommandLine(&app, args)) return *code;
  auto config = LiveConfigFromFlags(live);
  if (!config.ok()) {
    PrintCommandError("tripline run", config.status().message());
    return absl::IsNotFound(config.status()) ? kExitFailure : kExitInvalid;
  }
  auto service = LiveService::Create(std::move(*config));
  if (!service.ok()) {
    Log().error("tripline run: {}", service.status().message());
    return absl::IsInvalidArgument(service.status()) ? kExitInvalid : kExitFailure;
  }
  const LiveConfig& c = (*service)->config();
  Log().info("tripline run: consuming {}, {} (group {}), producing {}, {} ({}){}",
             c.headlines_topic, c.prices_topic, c.group_id, c.signals_topic, c.dlq_topic,
             c.delivery == Delivery::kExactlyOnce ? "exactly-once" : "at-least-once",
             (*service)->admin_port() != 0
                 ? absl::StrCat("; admin on port ", (*service)->admin_port())
                 : "");
  absl::Status status = (*service)->Run();
  const auto& counts = (*service)->loop().ingest_counts();
  Log().info("tripline run: stopped: {} messages, {} decoded, {} dead letters, {} signals",
             counts.messages, counts.decoded, counts.dead_letters,
             (*service)->loop().output_counts().signals);
  if (!status.ok()) {
    Log().error("tripline run: {}", status.message());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace tripline::cli
