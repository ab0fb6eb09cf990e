// Loads rule packs in three stages, each in a file of its own and usable alone in tests:
//   reader    (rules/rule_loader_reader.h): YAML files -> plain items with locations;
//   collector (rules/rule_loader_collector.h): one definition per name across all files,
//             independent of file order, with overrides applied;
//   compiler  (rules/rule_loader_compiler.h): condition trees and the Hyperscan databases ->
//             CompiledRules.
// They share a LoadContext (rules/load_context.h) that records every diagnostic.
//
// Errors: every problem found is reported, one per line, as
//   "file:line:column: error[code]: message (expected ...)"
// in the message of an InvalidArgument status. Warnings (the pack loads) are kept on the
// CompiledRules. The codes are fixed: kLoadErrorCodes and kLoadWarningCodes, which
// docs/rules.md lists; the loader can only raise a code of these tables (LoadCode checks it
// at compile time).
//
// Thread-safety: free functions without shared state; loading is off the hot path (hot reload
// calls them from any thread).
#ifndef TRIPLINE_RULES_RULE_LOADER_H_
#define TRIPLINE_RULES_RULE_LOADER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "rules/compiled_rules.h"

namespace tripline {

// The fixed error codes, in the order docs/rules.md describes them.
inline constexpr std::string_view kLoadErrorCodes[] = {
    "io",                // a file or directory cannot be read
    "empty-pack",        // no *.yaml/*.yml file, or no rule at all
    "yaml-syntax",       // the YAML itself does not parse
    "wrong-type",        // a key holds the wrong kind of node (map, list, scalar)
    "unknown-key",       // a key the rule language does not define (typos)
    "missing-key",       // a required key is absent
    "bad-value",         // a value outside its domain (direction, severity, weight...)
    "bad-duration",      // a window, cooldown or novelty window that does not parse
    "duplicate",         // two definitions of one rule, list, macro, entity or source
    "condition-syntax",  // a headline condition, exception, price test or score that does
                         // not parse
    "undefined-list",    // any()/all() names no list
    "undefined-macro",   // a bare name that is no macro
    "undefined-entity",  // mentions() or emit.entities names no entity
    "macro-cycle",       // macros that expand into themselves
    "bad-regex",         // a regex Hyperscan rejects
    "bad-test",          // an inline test that is malformed
    "bad-phrase",        // a phrase whose gaps (`*`, `~N`) are malformed
    "undefined-rule",    // an override names no rule of the pack
    "bad-override",      // an override that changes nothing, replaces `id`, or appends to a
                         // key that takes one value
    "bad-import",        // imports: names no lexicon (rules/lexicons/NAME.yaml) or is no list
    "bad-lexicon",       // a lexicon file without its name or version, or named for another
};

inline constexpr std::string_view kLoadWarningCodes[] = {
    "unused-list",      // a list no rule, exception or macro refers to
    "unused-macro",     // a macro nothing refers to
    "shadowed-phrase",  // a list item that matches exactly what an earlier item of the same
                        // list matches ("chip" and "chips": one word, two forms)
    "never-fires",      // a rule whose headline condition can never hold
};

// Where imports look when no lexicons/ directory beside the pack or above it has the lexicon
// (a pack copied to /etc/tripline/rules imports the installed lexicons): directories holding
// NAME.yaml files, in order. Set once at start-up, before any load (not thread-safe).
void SetLexiconDirectories(std::vector<std::string> dirs);
const std::vector<std::string>& LexiconDirectories();

// A diagnostic code, checked at compile time against kLoadErrorCodes and kLoadWarningCodes:
// Error(loc, "wrong-typo", ...) does not compile.
class LoadCode {
 public:
  consteval LoadCode(const char* code) : code_(code) {  // NOLINT: implicit on purpose
    bool known = false;
    for (std::string_view c : kLoadErrorCodes) known = known || c == code_;
    for (std::string_view c : kLoadWarningCodes) known = known || c == code_;
    if (!known) throw "not a code of kLoadErrorCodes or kLoadWarningCodes";
  }
  std::string_view str() const { return code_; }

 private:
  std::string_view code_;
};

// Loads a pack: a directory (every *.yaml/*.yml under it, recursively, sorted by path) or one
// file. On any error: InvalidArgument listing every error as described above.
absl::StatusOr<std::shared_ptr<const CompiledRules>> LoadRules(const std::string& path);
// Same, and fills *diagnostics with every error and warning as items (`rules check --json`).
absl::StatusOr<std::shared_ptr<const CompiledRules>> LoadRules(
    const std::string& path, std::vector<LoadDiagnostic>* diagnostics);

// Same from in-memory YAML (tests, the fuzzer); `name` is the file name used in errors.
absl::StatusOr<std::shared_ptr<const CompiledRules>> LoadRulesFromString(std::string_view yaml,
                                                                         std::string_view name);

// Hex XXH3-128 of `bytes` (32 lower-case hex digits): file hashes and signal ids.
std::string HexHash128(std::string_view bytes);

}  // namespace tripline

#endif  // TRIPLINE_RULES_RULE_LOADER_H_
