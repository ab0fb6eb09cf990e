// The default Kafka topic names of a deployment, in one place: the engine's, the router's and
// the CLI's configuration structs all take their defaults from here (docs/deploy.md lists them).
//
// Thread-safety: constants.
#ifndef TRIPLINE_IO_KAFKA_TOPIC_NAMES_H_
#define TRIPLINE_IO_KAFKA_TOPIC_NAMES_H_

namespace tripline {

inline constexpr char kDefaultHeadlinesTopic[] = "news.headlines";
inline constexpr char kDefaultPricesTopic[] = "market.prices";
inline constexpr char kDefaultSignalsTopic[] = "signals";
inline constexpr char kDefaultDeadLetterTopic[] = "tripline.dlq";

}  // namespace tripline

#endif  // TRIPLINE_IO_KAFKA_TOPIC_NAMES_H_
