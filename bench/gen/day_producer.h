// DayProducer: replays a generated (or recorded) day into Kafka at a target rate: the two
// JSONL files merged in replay order (ts, headlines first at equal ts), each line produced as
// one message -- headlines unkeyed to the headline topic, prices keyed by symbol to the price
// topic -- paced to `rate` messages per second (0: as fast as the producer takes them).
// This is how the live benchmarks get a realistic stream without the generator in the loop.
//
// Thread-safety: none; one producer per run.
#ifndef TRIPLINE_BENCH_GEN_DAY_PRODUCER_H_
#define TRIPLINE_BENCH_GEN_DAY_PRODUCER_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace tripline::gen {

struct ProduceOptions {
  std::string bootstrap;
  std::string headlines_path;
  std::string prices_path;
  std::string headline_topic = "news.headlines";
  std::string price_topic = "market.prices";
  double rate = 0;     // messages per second; 0 = unpaced
  uint64_t limit = 0;  // stop after this many messages; 0 = all
  // librdkafka producer properties, after the defaults (linger.ms 5, idempotence, the murmur2
  // partitioner the router and the engines' ownership assume: docs/operations.md, Scale-out).
  std::vector<std::pair<std::string, std::string>> kafka;
};

struct ProduceStats {
  uint64_t headlines = 0;
  uint64_t prices = 0;
  uint64_t failed = 0;  // delivery reports with an error
  double seconds = 0;
};

// Produces the whole day, then flushes (waits for every delivery report). Returns an error
// when a file cannot be read or the producer cannot be created; per-message delivery
// failures are counted in stats->failed.
absl::Status ProduceDay(const ProduceOptions& options, ProduceStats* stats);

}  // namespace tripline::gen

#endif  // TRIPLINE_BENCH_GEN_DAY_PRODUCER_H_
