// HeadlineRouter: the stateless first stage of the scale-out topology. Prices are keyed by
// instrument, but a headline names its instruments only in its text; the router reads the text
// with the rule pack's own phrase scanner and says which instruments' engines must see it, so
// the headline can be republished keyed by instrument to a topic co-partitioned with prices.
//
// A headline is routed to instrument X when some rule matches it (headline condition true, no
// exception) and X is in that rule's reach: its fixed price instrument, else every instrument
// it can emit for (a fixed one, or the instruments of its `emit.entities`, or of every entity
// when unrestricted) -- not only those this headline names. The engine owning X's prices thus
// sees every headline that can fire for X, and also every story of the rule, which its novelty
// check compares across instruments (a headline naming AMD can be a confirmation of an earlier
// one naming only Nvidia). A headline no rule matches goes nowhere: it cannot change any
// engine's state.
//
// PartitionFor() is Kafka's default partitioner (murmur2, as librdkafka's `murmur2_random` and
// Java's producer compute it), so routed headlines and prices keyed by the same instrument
// land in the same partition number of two topics with the same partition count.
//
// Thread-safety: one router per thread (it owns a Hyperscan scratch). Targets() does not
// allocate once its output vector has grown.
#ifndef TRIPLINE_IO_KAFKA_HEADLINE_ROUTER_H_
#define TRIPLINE_IO_KAFKA_HEADLINE_ROUTER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/events.h"
#include "rules/compiled_rules.h"
#include "rules/phrase_scanner.h"

namespace tripline {

class HeadlineRouter {
 public:
  explicit HeadlineRouter(std::shared_ptr<const CompiledRules> rules);
  HeadlineRouter(const HeadlineRouter&) = delete;
  HeadlineRouter& operator=(const HeadlineRouter&) = delete;

  // The instruments `headline` must reach, sorted and distinct, into `*out` (cleared first).
  // The views point into the rules, which outlive the router.
  void Targets(const Headline& headline, std::vector<std::string_view>* out);

 private:
  PhraseScanner scanner_;
};

// Kafka's default partition of `key` among `partition_count` partitions (murmur2, positive,
// modulo the count): what `partitioner=murmur2_random` (librdkafka) and the Java default
// producer choose for a non-empty key.
int32_t PartitionFor(std::string_view key, int32_t partition_count);

}  // namespace tripline

#endif  // TRIPLINE_IO_KAFKA_HEADLINE_ROUTER_H_
