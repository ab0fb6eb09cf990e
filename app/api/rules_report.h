// The reports of `tripline rules check` and `tripline rules explain`, as text, shared by the
// CLI (app/cli/rules_command.cc prints them) and the Python module (tripline.check and
// tripline.explain return them), so that both say the same thing about a pack.
//
// Thread-safety: free functions without shared state.
#ifndef TRIPLINE_APP_API_RULES_REPORT_H_
#define TRIPLINE_APP_API_RULES_REPORT_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "rules/compiled_rules.h"
#include "rules/rule_checks.h"

namespace tripline::api {

// `rules check --json`: {"path", "valid", and when valid "rules", "entities", "phrases",
// "tests"; "diagnostics": [{file, line, column, severity, code, message, expected}]}, no
// newline.
std::string PackCheckJson(const std::string& path,
                          const absl::StatusOr<std::shared_ptr<const CompiledRules>>& rules,
                          const std::vector<LoadDiagnostic>& diagnostics);

// `rules check` on a valid pack: the counts, the files with their hashes, the warnings; lines
// ending in '\n'.
std::string PackCheckText(const std::string& path, const CompiledRules& rules);

// `rules explain`: per rule MATCH or no, its phrases, negated phrases, condition trace, why
// not, what price test it still needs, then "N of M rules match"; lines ending in '\n'.
std::string ExplainText(const CompiledRules& rules, const std::vector<RuleVerdict>& verdicts,
                        std::optional<double> move);

}  // namespace tripline::api

#endif  // TRIPLINE_APP_API_RULES_REPORT_H_
