// Loads rule packs: YAML files -> plain items with locations (reader) -> names resolved across
// all files, independent of file order (collector) -> condition trees and ONE Hyperscan
// database (compiler) -> CompiledRules.
//
// Errors: every problem found is reported, one per line, as
//   "file:line:column: error[code]: message (expected ...)"
// in the message of an InvalidArgument status. The codes are fixed (kLoadErrorCodes, and
// docs/rules.md lists them).
//
// Thread-safety: free functions without shared state; loading is off the hot path (hot reload
// calls them from any thread).
#ifndef TRIPLINE_RULES_RULE_LOADER_H_
#define TRIPLINE_RULES_RULE_LOADER_H_

#include <memory>
#include <string>
#include <string_view>

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
};

// Loads a pack: a directory (every *.yaml/*.yml under it, recursively, sorted by path) or one
// file. On any error: InvalidArgument listing every error as described above.
absl::StatusOr<std::shared_ptr<const CompiledRules>> LoadRules(const std::string& path);

// Same from in-memory YAML (tests, the fuzzer); `name` is the file name used in errors.
absl::StatusOr<std::shared_ptr<const CompiledRules>> LoadRulesFromString(std::string_view yaml,
                                                                         std::string_view name);

// Hex XXH3-128 of `bytes` (32 lower-case hex digits): file hashes and signal ids.
std::string HexHash128(std::string_view bytes);

}  // namespace tripline

#endif  // TRIPLINE_RULES_RULE_LOADER_H_
