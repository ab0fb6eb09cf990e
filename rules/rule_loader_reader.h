// Loader stage 1, the reader: files -> bytes -> YAML documents -> plain items, each with the
// place it was written (file:line:column). No semantics: the reader knows the shape of a pack
// document (which top-level keys exist, that `rules:` is a list of maps with `id:` or
// `override:`), not what a name refers to nor whether a value is in range; duplicates and
// overrides are the collector's (rules/rule_loader_collector.h).
//
// Errors: `io`, `empty-pack` (no rule file), `yaml-syntax`, and the shape errors `wrong-type`,
// `unknown-key`, `missing-key` (a rule without id), `bad-override` (an item with both `id:`
// and `override:`), recorded on the LoadContext.
//
// Thread-safety: free functions without shared state.
#ifndef TRIPLINE_RULES_RULE_LOADER_READER_H_
#define TRIPLINE_RULES_RULE_LOADER_READER_H_

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "rules/load_context.h"

namespace tripline {

// What a read item defines.
enum class ItemKind {
  kEntity,            // entities: NAME: {instruments, names}
  kClass,             // classes: NAME: {members, names}
  kList,              // lists: NAME: [phrases]
  kMacro,             // macros: NAME: condition
  kRule,              // rules: - id: NAME ...
  kOverride,          // rules: - override: NAME (append:/replace:)
  kSource,            // sources: NAME: weight
  kNegationCues,      // negation_cues: [phrases]
  kRetractionCues,    // retraction_cues: [phrases]
  kNegationDistance,  // negation_distance: N
};

// "entity", "list", "rule"...: how messages name a kind.
std::string_view ItemKindName(ItemKind kind);

// One item of a pack as written. `node` is the value (the whole map for a rule or override);
// `loc` is where its name is written (the value's place for unnamed items such as cues).
struct PackItem {
  ItemKind kind;
  std::string name;
  SourceLocation loc;
  YAML::Node node;
  const SourceFile* file = nullptr;
};

// Fills *files with the pack at `path`: a directory (every *.yaml/*.yml under it,
// recursively, sorted by path, except its own lexicons: lexicons/ and lexicons__*.yaml) or one
// file. False after an `io` or `empty-pack` error.
bool ReadPackFiles(const std::string& path, LoadContext* ctx, std::vector<SourceFile>* files);

// Hashes each file and parses its YAML documents. False after a `yaml-syntax` error.
bool ParsePackFiles(std::vector<SourceFile>* files, LoadContext* ctx);

// Appends to *files every lexicon that a document of `files` names under `imports:`, parsed,
// once each. A lexicon NAME is the file lexicons/NAME.yaml in the importing file's directory
// or the nearest of its parents that has one (rules/packs/PACK/ -> rules/lexicons/); in a
// flat directory (a Kubernetes ConfigMap) the file lexicons__NAME.yaml beside it. False
// after a `bad-import` or `yaml-syntax` error.
bool ResolveImports(std::vector<SourceFile>* files, LoadContext* ctx);

// The items of every document of `files`, in file order then position. The items point into
// `files`, which must outlive them unchanged.
std::vector<PackItem> ReadItems(const std::vector<SourceFile>& files, LoadContext* ctx);

}  // namespace tripline

#endif  // TRIPLINE_RULES_RULE_LOADER_READER_H_
