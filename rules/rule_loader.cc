#include "rules/rule_loader.h"

#include <xxhash.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "rules/load_context.h"
#include "rules/rule_loader_collector.h"
#include "rules/rule_loader_compiler.h"
#include "rules/rule_loader_reader.h"

namespace tripline {

std::string HexHash128(std::string_view bytes) {
  XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
  char buf[33];
  snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
           static_cast<unsigned long long>(h.low64));
  return std::string(buf, 32);
}

double CompiledRules::SourceWeight(std::string_view source) const {
  std::string lower(source);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = std::lower_bound(source_weights_.begin(), source_weights_.end(), lower,
                             [](const auto& a, const std::string& b) { return a.first < b; });
  if (it != source_weights_.end() && it->first == lower) return it->second;
  return default_source_weight_;
}

std::string LoadDiagnostic::ToString() const {
  std::string s = absl::StrCat(location.file, ":", location.line, ":", location.column, ": ",
                               warning ? "warning[" : "error[", code, "]: ", message);
  if (!expected.empty()) absl::StrAppend(&s, " (expected ", expected, ")");
  return s;
}

int CompiledRules::RuleIndex(std::string_view id) const {
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (rules_[i].id == id) return static_cast<int>(i);
  }
  return -1;
}
namespace {

// The three stages over files already read: reader (items) -> collector -> compiler.
absl::StatusOr<std::shared_ptr<const CompiledRules>> Compile(
    std::vector<SourceFile>* files_in, LoadContext* ctx_in,
    std::vector<LoadDiagnostic>* diagnostics) {
  std::vector<SourceFile>& files = *files_in;
  LoadContext& ctx = *ctx_in;
  std::shared_ptr<CompiledRules> compiled;
  if (ParsePackFiles(&files, &ctx) && ResolveImports(&files, &ctx)) {
    try {
      const std::vector<PackItem> items = ReadItems(files, &ctx);
      const CollectedPack pack = Collect(items, &ctx);
      compiled = CompilePack(pack, files, &ctx);
    } catch (const YAML::Exception& e) {
      // yaml-cpp throws on some malformed inputs only when nodes are accessed: name the file
      // the stage was reading (not files[0]: a pack has many).
      ctx.Error(SourceLocation{ctx.current_path(), e.mark.line + 1, e.mark.column + 1},
                "yaml-syntax", e.msg, "valid YAML");
    }
  }
  ctx.SortByLocation();
  if (ctx.has_errors()) {
    if (diagnostics != nullptr) {
      diagnostics->insert(diagnostics->end(), ctx.errors().begin(), ctx.errors().end());
    }
    return ctx.ErrorStatus();
  }
  if (diagnostics != nullptr) {
    diagnostics->insert(diagnostics->end(), ctx.warnings().begin(), ctx.warnings().end());
  }
  return std::shared_ptr<const CompiledRules>(std::move(compiled));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const CompiledRules>> LoadRules(const std::string& path) {
  return LoadRules(path, nullptr);
}

absl::StatusOr<std::shared_ptr<const CompiledRules>> LoadRules(
    const std::string& path, std::vector<LoadDiagnostic>* diagnostics) {
  LoadContext ctx;
  std::vector<SourceFile> files;
  if (!ReadPackFiles(path, &ctx, &files)) {
    if (diagnostics != nullptr) {
      diagnostics->insert(diagnostics->end(), ctx.errors().begin(), ctx.errors().end());
    }
    return ctx.ErrorStatus();
  }
  return Compile(&files, &ctx, diagnostics);
}

absl::StatusOr<std::shared_ptr<const CompiledRules>> LoadRulesFromString(std::string_view yaml,
                                                                         std::string_view name) {
  LoadContext ctx;
  std::vector<SourceFile> files;
  files.push_back(SourceFile{std::string(name), std::string(yaml), "", {}, ""});
  return Compile(&files, &ctx, nullptr);
}

}  // namespace tripline
