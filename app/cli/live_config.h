// LiveConfig: the configuration of the live engine (`tripline run|record|demo --config FILE`).
//
// The file is `key = value` lines; `#` starts a comment; blank lines are ignored. Keys:
//   kafka.<property>     any librdkafka property, for every client (kcat's -X): bootstrap
//                        servers, TLS, SASL...
//   consumer.<property>  a librdkafka property for the consumer only
//   producer.<property>  a librdkafka property for the producer only
//   group.id             consumer group (default "tripline")
//   topics.headlines / topics.prices / topics.signals / topics.dlq
//   topics.headlines.routed  true when topics.headlines is `tripline route`'s output: the
//                        engine then orders by the router's progress markers (default false)
//   rules                the rule pack (directory or file)
//   delivery             exactly_once (default) | at_least_once
//   transactional.id     stable per instance (default "tripline-<group.id>")
//   batch.max            messages per batch / transaction (default 1000)
//   state.rebuild        how far back (message time) to read again after an assignment so
//                        that the rules' windows see the recent past: "auto" (default: the
//                        longest window + cooldown/novelty of the pack), "off", or a duration
//   admin.listen         HOST:PORT of the admin HTTP server ("off" disables; default
//                        127.0.0.1:9464, loopback only)
//   admin.token          token POST /rules/reload requires (reload over HTTP is refused
//                        while unset)
// The same keys can be given on the command line (`--set key=value`, `--kafka prop=value`),
// which win over the file.
//
// Secrets: a value may be, or contain, `${env:VAR}` (the environment variable) or
// `${file:/path}` (the file's content, without its trailing newline), e.g.
// `kafka.sasl.password = ${file:/run/secrets/kafka}`. Errors name the reference, never the
// value it stood for, and nothing prints config values.
//
// Paths: a relative `rules` in a config file is looked up next to the config file, then in
// Tripline's data directories (DataDirectories()), never in the working directory; so is the
// default pack when no rules are given.
//
// Thread-safety: plain value.
#ifndef TRIPLINE_APP_CLI_LIVE_CONFIG_H_
#define TRIPLINE_APP_CLI_LIVE_CONFIG_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/event_time.h"
#include "core/events.h"
#include "io/kafka/kafka_live_loop.h"
#include "io/kafka/kafka_output.h"
#include "io/kafka/kafka_properties.h"
#include "io/kafka/topic_names.h"

namespace tripline::cli {

// The consumer properties Tripline sets unless the config does (`kafka.*` or `consumer.*`):
// failover within seconds of a member's death, and the co-partitioning assignor.
inline const KafkaProperties kConsumerDefaults = {
    {"session.timeout.ms", "6000"},
    {"heartbeat.interval.ms", "1500"},
    {"partition.assignment.strategy", "range"},
};

// The producer properties Tripline sets with `delivery = exactly_once` unless the config does.
inline const KafkaProperties kTransactionalProducerDefaults = {
    {"transaction.timeout.ms", "10000"},
};

struct LiveConfig {
  KafkaProperties kafka;     // every client
  KafkaProperties consumer;  // consumer only
  KafkaProperties producer;  // producer only
  std::string group_id = "tripline";
  std::string headlines_topic = kDefaultHeadlinesTopic;
  std::string prices_topic = kDefaultPricesTopic;
  std::string signals_topic = kDefaultSignalsTopic;
  std::string dlq_topic = kDefaultDeadLetterTopic;
  std::string rules = "rules/packs/china-ai-chips";
  Delivery delivery = Delivery::kExactlyOnce;
  std::string transactional_id;  // empty: "tripline-" + group_id
  // The live loop's settings, with their one set of defaults (io/kafka/kafka_live_loop.h, where
  // each is explained): topics.headlines.routed, batch.max, commit.interval.ms,
  // partition.idle.ms, partition.buffer. Its topic names are set from the ones above.
  KafkaLiveLoopOptions loop;
  std::string admin_listen = "127.0.0.1:9464";
  std::string admin_token;
  // kNoTime: auto (from the rules); 0: off.
  EventTime state_rebuild = kNoTime;
  // Whether `rules` was set (by the file or a flag), rather than left at the default.
  bool rules_set = false;

  // The consumer's / producer's librdkafka properties: kafka.* then their own (the
  // consumer's over kConsumerDefaults).
  KafkaProperties ConsumerProperties() const;
  KafkaProperties ProducerProperties() const;
  std::string EffectiveTransactionalId() const;
};

// Applies one `key=value` (or `key = value`) setting, secret references expanded.
// InvalidArgument names the key (and the reference, not its value).
absl::Status ApplyLiveSetting(std::string_view key, std::string_view value, LiveConfig* config);

// `text` with every `${env:VAR}` and `${file:/path}` replaced. InvalidArgument names an unset
// variable, an unreadable file or an unknown `${kind:...}`.
absl::StatusOr<std::string> ExpandSecretReferences(std::string_view text);

// Where Tripline's own data (rules/packs, examples) is found: `<binary>/../share/tripline`,
// the configured install prefix's share/tripline, and the source tree the binary was built
// from, in that order.
std::vector<std::string> DataDirectories();
// Lets packs import the lexicons installed under DataDirectories()/rules/lexicons wherever the
// pack itself lives (rules/rule_loader.h, SetLexiconDirectories). Called once by main.
void UseInstalledLexicons();
// `path` if absolute; else the first of `first_dir`/path (when `first_dir` is not empty) and
// DataDirectories()/path that exists; else `first_dir`/path (or `path`), for the error.
std::string ResolveDataPath(const std::string& path, const std::string& first_dir = "");

// Parses a config text; `name` is used in errors ("name:line: ...").
absl::StatusOr<LiveConfig> ParseLiveConfig(std::string_view text, std::string_view name);
// Reads and parses a file.
absl::StatusOr<LiveConfig> LoadLiveConfig(const std::string& path);

}  // namespace tripline::cli

#endif  // TRIPLINE_APP_CLI_LIVE_CONFIG_H_
