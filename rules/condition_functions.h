// The registry of condition functions: the calls of the headline condition language that take
// phrase groups and numbers (`any(LIST)`, `all(LIST)`, `phrase("...")`, `near(a, b, 5)`,
// `before(a, b)`). Adding a function is one entry in kConditionFunctions
// (condition_functions.cc): the parser checks calls against its `args`, the loader resolves its
// phrase arguments, the scanner evaluates it through `holds`, the index gates it on its
// cheapest phrase group (or rarest phrase), `rules explain` traces it, `tripline rules
// functions` and the table of docs/rules.md list it (a test checks the table), all from here.
//
// Not in the registry, and why: `regex("...")` (its argument compiles as a regex, not a phrase),
// `mentions(ENTITY)` (an entity or class, resolved to entity ids, not phrases) and
// `source(NAME, ...)` (the headline's source, not its text); the parser and the compiler know
// them by name.
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
  // One character per argument: 'p' a phrase group (a LIST name or a "phrase"), 'l' a LIST
  // name, 's' a "phrase", 'n' a whole number 0..9999. A trailing '?' makes the last argument
  // optional.
  std::string_view args;
  std::string_view usage;  // shown in errors and docs: "near(A, B[, N])"
  std::string_view doc;    // one line for docs/rules.md and `tripline rules functions`
  // Whether the call holds for the scanner's last scan; `negation`: ignore negated hits.
  bool (*holds)(const CondNode& call, const PhraseScanner& scan, bool negation);
  // True when it holds only if EVERY phrase of its groups matched (all): the rule index then
  // wakes the rule on its rarest phrase instead of on any phrase of its cheapest group.
  bool needs_every_phrase = false;
  // A role condition: its LIST argument names a list of this lexicon (rules/lexicons/), so
  // `actor(china_state)` reads `actors.china_state`; explain then shows which word filled it.
  std::string_view role_lexicon = {};
};

// The list a call's LIST argument names: for a role condition (actor, action) a bare name is
// looked up in its lexicon; any other name is the list itself.
std::string RoleListName(int function, const std::string& list);

// The function named `name`, or nullptr; its index for CondNode::function.
const ConditionFunction* FindConditionFunction(std::string_view name, int* index = nullptr);
const ConditionFunction& ConditionFunctionAt(int index);
// "any(LIST), all(LIST), ...": for error messages.
std::string ConditionFunctionUsages();
// The registry as the Markdown table docs/rules.md holds between its
// `<!-- condition-functions -->` markers: "| `usage` | doc |" lines.
std::string ConditionFunctionTable();

}  // namespace tripline

#endif  // TRIPLINE_RULES_CONDITION_FUNCTIONS_H_
