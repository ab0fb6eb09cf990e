// Test helper: whether one rule of a pack matches a headline, as `rules explain` judges it
// (headline condition, exceptions, targets; a fallback is not judged when another rule takes
// the headline). Shared by the rule-language tests instead of a copy in each.
#ifndef TRIPLINE_TESTS_RULES_RULE_VERDICTS_H_
#define TRIPLINE_TESTS_RULES_RULE_VERDICTS_H_

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "rules/rule_checks.h"

namespace tripline::testing {

inline bool RuleMatches(const std::shared_ptr<const CompiledRules>& c, const std::string& id,
                        const std::string& headline) {
  for (const RuleVerdict& v : ExplainHeadline(c, headline, "", std::nullopt)) {
    if (v.rule == id) return v.matched;
  }
  ADD_FAILURE() << "no rule " << id;
  return false;
}

}  // namespace tripline::testing

#endif  // TRIPLINE_TESTS_RULES_RULE_VERDICTS_H_
