#include "app/cli/flags.h"

#include <algorithm>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "core/log.h"

namespace tripline::cli {
namespace {

constexpr char kExitCodes[] =
    "Exit codes: 0 ok, 1 runtime failure, 2 invalid rules, config or input, 64 usage error.";

// The logging options every subcommand takes; ParseCommandLine applies them.
struct LogFlags {
  std::string level = "info";
  std::string format = "text";
};

}  // namespace

void ConfigureCommand(CLI::App* app) {
  app->footer(kExitCodes);
  // A flag's values stop at the next flag; words after a single-valued flag are positional,
  // so flags and positionals mix in any order.
  app->allow_extras(false);
}

std::optional<int> ParseCommandLine(CLI::App* app, const Args& args) {
  LogFlags log;
  // Subcommands of subcommands (`rules check`) take the logging flags too, and list them in
  // their help.
  std::vector<CLI::App*> apps = app->get_subcommands([](CLI::App*) { return true; });
  apps.push_back(app);
  for (CLI::App* a : apps) {
    a->add_option("--log-level", log.level,
                  "trace, debug, info, warn, error, critical or off (default info)");
    a->add_option("--log-format", log.format, "text or json (one object a line)")
        ->check(CLI::IsMember({"text", "json"}));
  }
  // CLI11 consumes the words from the back.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app->parse(reversed);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app->help().c_str(), stdout);
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    std::fputs(app->help("", CLI::AppFormatMode::All).c_str(), stdout);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    PrintCommandError(app->get_name(), absl::StrCat(e.what(), "\nRun with --help for usage."));
    return kExitUsage;
  }
  if (absl::Status s = ConfigureLogging(log.level, log.format); !s.ok()) {
    PrintCommandError(app->get_name(), s.message());
    return kExitUsage;
  }
  return std::nullopt;
}

void AddLiveOptions(CLI::App* app, LiveFlags* flags) {
  const CLI::Validator key_value(
      [](std::string& kv) {
        return kv.find('=') == std::string::npos || kv.front() == '='
                   ? std::string("expected KEY=VALUE, got '" + kv + "'")
                   : std::string();
      },
      "KEY=VALUE");
  app->add_option("--config", flags->config, "the config file (docs/operations.md)");
  app->add_option("--set", flags->set, "a config setting, KEY=VALUE (wins over the file)")
      ->allow_extra_args(false)
      ->check(key_value);
  app->add_option("--kafka", flags->kafka,
                  "a librdkafka property for every client, PROP=VALUE (as kafka.PROP)")
      ->allow_extra_args(false)
      ->check(key_value);
  app->add_option("--rules", flags->rules, "the rule pack (wins over the config's rules)");
  app->add_option("--bootstrap", flags->bootstrap, "Kafka bootstrap servers, HOST:PORT[,...]");
}

absl::StatusOr<LiveConfig> LiveConfigFromFlags(const LiveFlags& flags) {
  LiveConfig config;
  if (!flags.config.empty()) {
    auto loaded = LoadLiveConfig(flags.config);
    if (!loaded.ok()) return loaded.status();
    config = std::move(*loaded);
  }
  auto apply = [&](const std::string& prefix, const std::string& flag,
                   const std::vector<std::string>& values) -> absl::Status {
    for (const std::string& kv : values) {
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
  if (absl::Status s = apply("", "set", flags.set); !s.ok()) return s;
  if (absl::Status s = apply("kafka.", "kafka", flags.kafka); !s.ok()) return s;
  if (!flags.rules.empty()) {
    config.rules = flags.rules;  // typed by the user: relative to the working directory
    config.rules_set = true;
  }
  // The default pack comes from Tripline's data, whatever the working directory.
  if (!config.rules_set) config.rules = ResolveDataPath(config.rules);
  if (!flags.bootstrap.empty())
    SetKafkaProperty(&config.kafka, "bootstrap.servers", flags.bootstrap);
  return config;
}

void PrintCommandError(const std::string& name, absl::string_view message) {
  std::fprintf(stderr, "%s: %.*s\n", name.c_str(), static_cast<int>(message.size()),
               message.data());
}

}  // namespace tripline::cli
