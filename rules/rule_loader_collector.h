// Loader stage 2, the collector: the reader's items (rules/rule_loader_reader.h) -> one
// definition per name, independent of file order. A pack split over several files may define
// a list after the rule that uses it, and a second file may override a rule of the first:
//
//   rules:
//     - override: guidance          # the id of a rule defined in any file of the pack
//       replace: {enabled: false}   # keys whose value replaces the rule's
//       append:                     # headline: OR-ed; exceptions, tests, beneficiaries: added
//         exceptions: [{name: denied, condition: any(denials)}]
//
// Overrides apply after every definition is collected, in file order then position; within one
// override, `replace` before `append`. Settings whose values need no other item (source
// weights, negation_distance) are checked here; names referred to from conditions are the
// compiler's (rules/rule_loader_compiler.h).
//
// Errors: `duplicate`, `unknown-key` (a rule's or an override's keys), `undefined-rule` (an
// override of a rule no file defines), `bad-override` (an override that changes nothing,
// replaces `id`, or appends to a key that takes one value), `bad-value`, `wrong-type`.
//
// Thread-safety: a free function without shared state.
#ifndef TRIPLINE_RULES_RULE_LOADER_COLLECTOR_H_
#define TRIPLINE_RULES_RULE_LOADER_COLLECTOR_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rules/load_context.h"
#include "rules/rule_loader_reader.h"

namespace tripline {

// One value of a rule key and the file it was written in (an override's file for a replaced
// or appended value).
struct RulePart {
  const SourceFile* file = nullptr;
  YAML::Node node;
};

// A rule after its overrides: each key's value, or values for a key overrides appended to.
struct CollectedRule {
  std::string id;
  SourceLocation loc;                // where its id is written
  const SourceFile* file = nullptr;  // the file that defines it
  std::map<std::string, std::vector<RulePart>> keys;
  std::vector<const SourceFile*> override_files;  // in the order the overrides applied

  // The (last) value of `key`, or nullptr.
  const RulePart* Get(const std::string& key) const;
  // Every value of `key`: one, several for an appended key, none when absent.
  const std::vector<RulePart>& All(const std::string& key) const;
};

// Everything the compiler needs, by name.
struct CollectedPack {
  std::map<std::string, PackItem> entities, classes, lists, macros;
  std::map<std::string, CollectedRule> rules;
  std::map<std::string, std::pair<double, SourceLocation>> sources;  // lower-case name
  std::vector<std::pair<std::string, SourceLocation>> negation_cues, retraction_cues;
  std::optional<std::pair<int, SourceLocation>> negation_distance;
};

// The keys a rule may have, and those an override may append to.
inline constexpr std::string_view kRuleKeys[] = {
    "id",       "description", "enabled",  "headline",      "price",
    "window",   "score",       "emit",     "beneficiaries", "exceptions",
    "cooldown", "novelty",     "negation", "tests",         "fallback"};
inline constexpr std::string_view kAppendableRuleKeys[] = {"headline", "exceptions", "tests",
                                                           "beneficiaries"};

CollectedPack Collect(const std::vector<PackItem>& items, LoadContext* ctx);

}  // namespace tripline

#endif  // TRIPLINE_RULES_RULE_LOADER_COLLECTOR_H_
