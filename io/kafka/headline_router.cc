#include "io/kafka/headline_router.h"

#include <algorithm>

#include <librdkafka/rdkafka.h>

namespace tripline {

HeadlineRouter::HeadlineRouter(std::shared_ptr<const CompiledRules> rules)
    : scanner_(std::move(rules)) {}

void HeadlineRouter::Targets(const Headline& h, std::vector<std::string_view>* out) {
  out->clear();
  const CompiledRules& c = scanner_.rules();
  scanner_.Scan(h.headline);
  // The same candidates and the same match test as RuleEngine::OnHeadline.
  for (uint32_t ri : scanner_.CandidateRules()) {
    const Rule& rule = c.rules()[ri];
    if (rule.headline.empty()) continue;  // price-only: fires from prices alone
    if (!scanner_.Matches(rule, h.source)) continue;
    out->insert(out->end(), rule.reach.begin(), rule.reach.end());
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

int32_t PartitionFor(std::string_view key, int32_t partition_count) {
  // librdkafka's own implementation, so routed headlines and prices can never disagree; its
  // topic and opaque arguments are unused.
  return rd_kafka_msg_partitioner_murmur2(nullptr, key.data(), key.size(), partition_count, nullptr,
                                          nullptr);
}

}  // namespace tripline
