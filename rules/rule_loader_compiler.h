// Loader stage 3, the compiler: a collected pack (rules/rule_loader_collector.h) -> condition
// trees with macros expanded, every phrase interned once, the Hyperscan databases over all of
// them (raw text, word stream), and the indexes the evaluator uses (phrase -> rules, watched
// instruments) -> an immutable CompiledRules.
//
// Errors: every code that needs names resolved or values interpreted (`condition-syntax`,
// `undefined-list`, `undefined-macro`, `undefined-entity`, `macro-cycle`, `bad-regex`,
// `bad-phrase`, `bad-test`, `bad-value`, `bad-duration`, `missing-key`, `empty-pack`) and the
// warnings (`unused-list`, `unused-macro`, `shadowed-phrase`, `never-fires`).
//
// Thread-safety: a free function without shared state.
#ifndef TRIPLINE_RULES_RULE_LOADER_COMPILER_H_
#define TRIPLINE_RULES_RULE_LOADER_COMPILER_H_

#include <memory>
#include <vector>

#include "rules/compiled_rules.h"
#include "rules/load_context.h"
#include "rules/rule_loader_collector.h"

namespace tripline {

// Compiles `pack`, whose items point into `files` (their paths and hashes are listed on the
// result). Returns nullptr when *ctx holds errors afterwards; the warnings are on the result
// and on *ctx.
std::shared_ptr<CompiledRules> CompilePack(const CollectedPack& pack,
                                           const std::vector<SourceFile>& files, LoadContext* ctx);

}  // namespace tripline

#endif  // TRIPLINE_RULES_RULE_LOADER_COMPILER_H_
