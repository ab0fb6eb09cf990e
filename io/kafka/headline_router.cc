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
  // The same candidates and the same match test as RuleEngine::OnHeadline. A fallback rule is
  // judged there only when no other rule takes the headline; a rule that retracts instead of
  // taking cannot be known here, so a headline with a retraction cue reaches the fallbacks too
  // (an engine keeps only the signals it owns: reaching more engines changes no signal).
  bool taken = false;
  const std::vector<uint32_t>& candidates = scanner_.CandidateRules();
  const bool retraction = scanner_.has_retraction_cue();
  for (uint32_t ri : candidates) {
    const Rule& rule = c.rules()[ri];
    if (rule.headline.empty() || rule.fallback) continue;  // price-only: fires from prices alone
    if (!scanner_.Matches(rule, h.source)) {
      // A denial may retract the rule's stories (RuleEngine::Retract): its condition holds
      // once negated phrases count.
      if (retraction &&
          scanner_.Evaluate(rule.headline, rule.headline.root, h.source, /*negation=*/false)) {
        out->insert(out->end(), rule.reach.begin(), rule.reach.end());
      }
      continue;
    }
    out->insert(out->end(), rule.reach.begin(), rule.reach.end());
    taken |= scanner_.Takes(rule, h.source);
  }
  if (!taken || retraction) {
    for (uint32_t ri : candidates) {
      const Rule& rule = c.rules()[ri];
      if (!rule.fallback || !scanner_.Matches(rule, h.source)) continue;
      out->insert(out->end(), rule.reach.begin(), rule.reach.end());
    }
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
