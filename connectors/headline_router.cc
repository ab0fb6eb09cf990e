#include "connectors/headline_router.h"

#include <algorithm>

#include <librdkafka/rdkafka.h>

namespace tripline {

HeadlineRouter::HeadlineRouter(std::shared_ptr<const CompiledRules> rules)
    : scanner_(std::move(rules)), candidate_epoch_(scanner_.rules().rule_count(), 0) {
  const CompiledRules& c = scanner_.rules();
  for (const Rule& rule : c.rules()) {
    std::vector<std::string_view>& reach = reach_.emplace_back();
    if (rule.price.present && !rule.price.mentioned) {
      reach.push_back(rule.price.instrument);
    } else if (!rule.emit_mentioned) {
      reach.push_back(rule.emit_instrument);
    } else {
      for (uint32_t e = 0; e < c.entities().size(); ++e) {
        if (!rule.emit_entities.empty() &&
            !std::binary_search(rule.emit_entities.begin(), rule.emit_entities.end(), e)) {
          continue;
        }
        for (const std::string& s : c.entities()[e].instruments) reach.push_back(s);
      }
    }
  }
}

void HeadlineRouter::Targets(const Headline& h, std::vector<std::string_view>* out) {
  out->clear();
  const CompiledRules& c = scanner_.rules();
  scanner_.Scan(h.headline);
  // The same candidate rules as RuleEngine::OnHeadline: indexed under a matched phrase, plus
  // the ungated ones.
  ++epoch_;
  candidates_.clear();
  auto add = [&](uint32_t r) {
    if (candidate_epoch_[r] != epoch_) {
      candidate_epoch_[r] = epoch_;
      candidates_.push_back(r);
    }
  };
  for (uint32_t p : scanner_.matched_phrases()) {
    for (uint32_t r : c.rules_for_phrase(p)) add(r);
  }
  for (uint32_t r : c.ungated_rules()) add(r);

  for (uint32_t ri : candidates_) {
    const Rule& rule = c.rules()[ri];
    if (rule.headline.empty()) continue;  // price-only: fires from prices alone
    if (!scanner_.Evaluate(rule.headline, rule.headline.root, h.source, rule.negation)) continue;
    bool excepted = false;
    for (const RuleException& e : rule.exceptions) {
      if (scanner_.Evaluate(e.condition, e.condition.root, h.source, rule.negation)) {
        excepted = true;
        break;
      }
    }
    if (excepted) continue;
    out->insert(out->end(), reach_[ri].begin(), reach_[ri].end());
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
