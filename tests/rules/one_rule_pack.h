// Test helper: the pack the rule-language tests write around the condition they test, one rule
// "r" that shorts NVDA when its headline condition holds. Shared instead of a copy of the rule's
// lines in each test.
#ifndef TRIPLINE_TESTS_RULES_ONE_RULE_PACK_H_
#define TRIPLINE_TESTS_RULES_ONE_RULE_PACK_H_

#include <string>

namespace tripline::testing {

// `preamble` (imports, entities, lists, each line ending in '\n'), then the rule "r" with
// `headline` as its headline condition.
inline std::string OneRulePack(const std::string& preamble, const std::string& headline) {
  return preamble + "rules:\n  - id: r\n    headline: " + headline +
         "\n    emit: {instrument: NVDA, direction: short}\n";
}

}  // namespace tripline::testing

#endif  // TRIPLINE_TESTS_RULES_ONE_RULE_PACK_H_
