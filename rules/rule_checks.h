// What ops run against a pack without any live data: `tripline rules explain` (how every rule
// judges one headline, condition by condition) and `tripline rules test` (the inline `tests:`
// of every rule). Both use the same scanner and condition evaluation as the RuleEngine.
//
// Thread-safety: free functions; each call builds its own scanner.
#ifndef TRIPLINE_RULES_RULE_CHECKS_H_
#define TRIPLINE_RULES_RULE_CHECKS_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/compiled_rules.h"

namespace tripline {

// How one rule judged one headline.
struct RuleVerdict {
  std::string rule;
  bool headline_held = false;
  std::string exception;             // name of the exception that vetoed it, if any
  std::vector<std::string> targets;  // instruments it would emit for
  bool price_held = true;            // false when `move` was given and the price test failed
  bool matched = false;              // headline held, no exception, a target, price held
  std::vector<std::string> phrases;  // its phrases found in the text (text order)
  std::vector<std::string> negated;  // its phrases found only after a negation cue
  std::vector<std::string> trace;    // the condition tree, one "[true] atom" per line
  std::string reason;                // why it did not match (empty when it did)
};

// Judges `headline` with every rule of the pack (rules with a headline condition). When
// `move` is set, price conditions are evaluated against it (a fraction, -0.039 = -3.9%).
std::vector<RuleVerdict> ExplainHeadline(std::shared_ptr<const CompiledRules> rules,
                                         std::string_view headline, std::string_view source,
                                         std::optional<double> move);

struct InlineTestResult {
  std::string rule;
  size_t index = 0;  // 0-based index in the rule's tests
  SourceLocation location;
  std::string headline;
  bool passed = false;
  std::string reason;
};

// Runs every inline test of every rule, in rule order.
std::vector<InlineTestResult> RunInlineTests(std::shared_ptr<const CompiledRules> rules);

}  // namespace tripline

#endif  // TRIPLINE_RULES_RULE_CHECKS_H_
