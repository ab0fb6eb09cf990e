// The registry of condition functions: the calls of the headline condition language that take
// phrase groups and numbers (`near(a, b, 5)`, `before(a, b)`). Adding a function is one entry
// in kConditionFunctions (condition_functions.cc): the parser checks calls against its `args`,
// the loader resolves its phrase arguments, the scanner evaluates it through `holds`, the index
// gates it on its rarest phrase group, and `rules explain` traces it, all from this table.
//
// The contract of an entry: `holds` can only be true when every phrase-group argument matched
// (that is what lets the rule index skip the rule when one did not), and it reads nothing but
// the scanner's last scan.
//
// Thread-safety: a constant table of pure functions.
#ifndef TRIPLINE_RULES_CONDITION_FUNCTIONS_H_
#define TRIPLINE_RULES_CONDITION_FUNCTIONS_H_

#include <string>
#include <string_view>

#include "rules/compiled_rules.h"

namespace tripline {

class PhraseScanner;

struct ConditionFunction {
  std::string_view name;
  // One character per argument: 'p' a phrase group (a LIST name or a "phrase"), 'n' a whole
  // number 0..1000. A trailing '?' makes the last argument optional.
  std::string_view args;
  std::string_view usage;  // shown in errors and docs: "near(A, B, N)"
  // Whether the call holds for the scanner's last scan; `negation`: ignore negated hits.
  bool (*holds)(const CondNode& call, const PhraseScanner& scan, bool negation);
};

// The function named `name`, or nullptr; its index for CondNode::function.
const ConditionFunction* FindConditionFunction(std::string_view name, int* index = nullptr);
const ConditionFunction& ConditionFunctionAt(int index);
// "near(A, B, N), before(A, B)": for error messages.
std::string ConditionFunctionUsages();

}  // namespace tripline

#endif  // TRIPLINE_RULES_CONDITION_FUNCTIONS_H_
