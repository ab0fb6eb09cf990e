#include "rules/rule_loader_reader.h"

#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tripline {

std::string_view ItemKindName(ItemKind kind) {
  switch (kind) {
    case ItemKind::kEntity:
      return "entity";
    case ItemKind::kClass:
      return "class";
    case ItemKind::kList:
      return "list";
    case ItemKind::kMacro:
      return "macro";
    case ItemKind::kRule:
      return "rule";
    case ItemKind::kOverride:
      return "override";
    case ItemKind::kSource:
      return "source";
    case ItemKind::kNegationCues:
      return "negation_cues";
    case ItemKind::kRetractionCues:
      return "retraction_cues";
    case ItemKind::kNegationDistance:
      return "negation_distance";
  }
  return "item";
}

namespace {

// yaml-cpp recurses per nesting level: refuse absurd flow nesting before it can overflow the
// stack (the fuzzer finds this in seconds).
bool NestingTooDeep(std::string_view text) {
  int depth = 0;
  for (char c : text) {
    if (c == '[' || c == '{') {
      if (++depth > 64) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

// Counts parse events and gives up past a budget proportional to the input. yaml-cpp 0.7
// (Debian 12) never returns on some malformed input (a ',' outside a flow list, such as
// "  - a\n  \"b\", c"): it emits events without consuming bytes and allocates until memory
// runs out (found by tests/fuzz/rule_loader_fuzz). Real YAML yields at most a few events per
// byte, so a dry run with this handler before YAML::LoadAll turns the hang into an error.
class EventBudget final : public YAML::EventHandler {
 public:
  explicit EventBudget(size_t bytes) : left_(4 * bytes + 64) {}
  void OnDocumentStart(const YAML::Mark& m) override { Spend(m); }
  void OnDocumentEnd() override { Spend(last_); }
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { Spend(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { Spend(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                const std::string&) override {
    Spend(m);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Spend(m);
  }
  void OnSequenceEnd() override { Spend(last_); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Spend(m);
  }
  void OnMapEnd() override { Spend(last_); }

 private:
  void Spend(const YAML::Mark& m) {
    last_ = m;
    if (left_-- == 0) {
      throw YAML::ParserException(m, "malformed YAML: the parser stopped making progress here");
    }
  }
  size_t left_;
  YAML::Mark last_;
};

void CheckYamlTerminates(const std::string& bytes) {
  std::istringstream in(bytes);
  YAML::Parser parser(in);
  EventBudget budget(bytes.size());
  while (parser.HandleNextDocument(budget)) {
  }
}

// The items of one `name: value` map (entities, classes, lists, macros, sources).
void ReadNamed(const SourceFile& f, const YAML::Node& n, ItemKind kind, LoadContext* ctx,
               std::vector<PackItem>* out) {
  const std::string kind_name(ItemKindName(kind));
  if (!ctx->Expect(f, n, YAML::NodeType::Map, kind_name + " definitions",
                   "a map of " + kind_name + " name to definition")) {
    return;
  }
  for (const auto& kv : n) {
    if (!kv.first.IsScalar() || kv.first.Scalar().empty()) {
      ctx->Error(LoadContext::Loc(f, kv.first), "wrong-type", kind_name + " name is not a string",
                 "a name");
      continue;
    }
    out->push_back(PackItem{kind, kv.first.Scalar(), LoadContext::Loc(f, kv.first), kv.second, &f});
  }
}

void ReadRules(const SourceFile& f, const YAML::Node& v, LoadContext* ctx,
               std::vector<PackItem>* out) {
  if (!ctx->Expect(f, v, YAML::NodeType::Sequence, "rules", "a list of rules (- id: ...)")) {
    return;
  }
  for (const YAML::Node& r : v) {
    if (!ctx->Expect(f, r, YAML::NodeType::Map, "a rule",
                     "a map with id, headline, emit... (or override:)")) {
      continue;
    }
    const YAML::Node id = r["id"];
    const YAML::Node target = r["override"];
    if (id && target) {
      ctx->Error(LoadContext::Loc(f, target), "bad-override", "an item has both id: and override:",
                 "id: to define a rule, override: to change one defined elsewhere");
      continue;
    }
    if (!id && !target) {
      ctx->Error(LoadContext::Loc(f, r), "missing-key", "rule without 'id'",
                 "id: a unique rule name (or override: the id of a rule to change)");
      continue;
    }
    const YAML::Node& name_node = id ? id : target;
    std::string name;
    if (!ctx->Scalar(f, name_node, id ? "rule id" : "override target", &name)) continue;
    out->push_back(PackItem{id ? ItemKind::kRule : ItemKind::kOverride, name,
                            LoadContext::Loc(f, name_node), r, &f});
  }
}

// A lexicon's document: `lexicon: NAME`, `version`, `lists` (named NAME.LIST in the pack),
// and `tests` (checked by the lexicon's own tests, not at load).
void ReadLexicon(const SourceFile& f, const YAML::Node& doc, LoadContext* ctx,
                 std::vector<PackItem>* out) {
  if (!ctx->Expect(f, doc, YAML::NodeType::Map, "a lexicon",
                   "a map with lexicon, version, lists, tests")) {
    return;
  }
  ctx->KnownKeys(f, doc, "a lexicon", {"lexicon", "version", "description", "lists", "tests"});
  const YAML::Node name = doc["lexicon"];
  std::string declared;
  if (!name) {
    ctx->Error(LoadContext::Loc(f, doc), "bad-lexicon", "lexicon without 'lexicon: NAME'",
               "lexicon: " + f.lexicon);
  } else if (ctx->Scalar(f, name, "lexicon name", &declared) && declared != f.lexicon) {
    ctx->Error(LoadContext::Loc(f, name), "bad-lexicon",
               "lexicon '" + declared + "' is in the file of '" + f.lexicon + "'",
               "lexicon: " + f.lexicon);
  }
  if (!doc["version"]) {
    ctx->Error(LoadContext::Loc(f, doc), "bad-lexicon", "lexicon without 'version'",
               "version: a number raised on every change");
  }
  const YAML::Node lists = doc["lists"];
  if (!lists) return;
  const size_t first = out->size();
  ReadNamed(f, lists, ItemKind::kList, ctx, out);
  for (size_t i = first; i < out->size(); ++i) (*out)[i].name = f.lexicon + "." + (*out)[i].name;
}

void ReadDocument(const SourceFile& f, const YAML::Node& doc, LoadContext* ctx,
                  std::vector<PackItem>* out) {
  if (doc.IsNull()) return;
  if (!f.lexicon.empty()) {
    ReadLexicon(f, doc, ctx, out);
    return;
  }
  if (!ctx->Expect(f, doc, YAML::NodeType::Map, "a document",
                   "a map with entities, lists, macros, rules, sources, negation_cues")) {
    return;
  }
  ctx->KnownKeys(f, doc, "a pack document",
                 {"entities", "classes", "lists", "macros", "rules", "sources", "negation_cues",
                  "retraction_cues", "negation_distance", "imports"});
  for (const auto& kv : doc) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    const YAML::Node& v = kv.second;
    const SourceLocation loc = LoadContext::Loc(f, v);
    if (key == "entities") {
      ReadNamed(f, v, ItemKind::kEntity, ctx, out);
    } else if (key == "classes") {
      ReadNamed(f, v, ItemKind::kClass, ctx, out);
    } else if (key == "lists") {
      ReadNamed(f, v, ItemKind::kList, ctx, out);
    } else if (key == "macros") {
      ReadNamed(f, v, ItemKind::kMacro, ctx, out);
    } else if (key == "sources") {
      ReadNamed(f, v, ItemKind::kSource, ctx, out);
    } else if (key == "rules") {
      ReadRules(f, v, ctx, out);
    } else if (key == "negation_cues") {
      out->push_back(PackItem{ItemKind::kNegationCues, key, loc, v, &f});
    } else if (key == "retraction_cues") {
      out->push_back(PackItem{ItemKind::kRetractionCues, key, loc, v, &f});
    } else if (key == "negation_distance") {
      out->push_back(PackItem{ItemKind::kNegationDistance, key, loc, v, &f});
    }
  }
}

}  // namespace

bool ReadPackFiles(const std::string& path, LoadContext* ctx, std::vector<SourceFile>* files) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<std::string> paths;
  if (fs::is_directory(path, ec)) {
    for (auto it = fs::recursive_directory_iterator(path, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      // Hidden entries are not the pack's: a Kubernetes ConfigMap volume holds its files in
      // `..<timestamp>/` behind `..data` and links them from the top, and `.git/` may sit in a
      // pack's directory. Reading them would load every file twice.
      if (it->path().filename().string().starts_with(".")) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      // A pack's own lexicons are imported by name (ResolveImports), not read as pack files:
      // PACK/lexicons/NAME.yaml, or PACK/lexicons__NAME.yaml in a flat Kubernetes ConfigMap.
      if (it->path().filename() == "lexicons" && it->is_directory(ec)) {
        it.disable_recursion_pending();
        continue;
      }
      if (it->path().filename().string().starts_with("lexicons__")) continue;
      if (!it->is_regular_file(ec)) continue;
      const std::string ext = it->path().extension().string();
      if (ext == ".yaml" || ext == ".yml") paths.push_back(it->path().string());
    }
    if (ec) {
      ctx->Error(SourceLocation{path, 1, 1}, "io", "cannot read directory: " + ec.message(),
                 "a readable directory");
      return false;
    }
    std::sort(paths.begin(), paths.end());
    if (paths.empty()) {
      ctx->Error(SourceLocation{path, 1, 1}, "empty-pack",
                 "no *.yaml or *.yml file in the directory", "at least one rule file");
      return false;
    }
  } else {
    paths.push_back(path);
  }
  for (const std::string& p : paths) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      ctx->Error(SourceLocation{p, 1, 1}, "io", "cannot open the file", "a readable rule file");
      return false;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    files->push_back(SourceFile{p, buf.str(), "", {}, ""});
  }
  return true;
}

bool ParsePackFiles(std::vector<SourceFile>* files, LoadContext* ctx) {
  bool ok = true;
  for (SourceFile& f : *files) {
    f.hash = HexHash128(f.bytes);
    if (NestingTooDeep(f.bytes)) {
      ctx->Error(SourceLocation{f.path, 1, 1}, "yaml-syntax", "brackets nested too deeply",
                 "at most 64 levels");
      ok = false;
      continue;
    }
    try {
      CheckYamlTerminates(f.bytes);
      f.docs = YAML::LoadAll(f.bytes);
    } catch (const YAML::Exception& e) {
      ctx->Error(SourceLocation{f.path, e.mark.line + 1, e.mark.column + 1}, "yaml-syntax", e.msg,
                 "valid YAML");
      ok = false;
    }
  }
  return ok;
}

namespace {
std::vector<std::string>& LexiconDirs() {
  static std::vector<std::string> dirs;
  return dirs;
}
}  // namespace

void SetLexiconDirectories(std::vector<std::string> dirs) { LexiconDirs() = std::move(dirs); }
const std::vector<std::string>& LexiconDirectories() { return LexiconDirs(); }

bool ResolveImports(std::vector<SourceFile>* files, LoadContext* ctx) {
  namespace fs = std::filesystem;
  bool ok = true;
  std::vector<SourceFile> lexicons;
  auto loaded = [&](const std::string& path) {
    for (const SourceFile& f : *files) {
      if (f.path == path) return true;
    }
    for (const SourceFile& f : lexicons) {
      if (f.path == path) return true;
    }
    return false;
  };
  for (const SourceFile& f : *files) {
    if (!f.lexicon.empty()) continue;  // lexicons import nothing
    for (const YAML::Node& doc : f.docs) {
      if (!doc.IsMap() || !doc["imports"]) continue;
      const YAML::Node imports = doc["imports"];
      if (!imports.IsSequence()) {
        ctx->Error(LoadContext::Loc(f, imports), "bad-import", "imports is not a list",
                   "imports: [NAME, ...], lexicons under rules/lexicons/");
        ok = false;
        continue;
      }
      for (const YAML::Node& n : imports) {
        std::string name;
        if (!ctx->Scalar(f, n, "lexicon name", &name)) {
          ok = false;
          continue;
        }
        const bool plain =
            !name.empty() &&
            name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string::npos;
        std::string found;
        std::error_code ec;
        fs::path dir = fs::absolute(fs::path(f.path), ec).parent_path();
        for (int up = 0; plain && up < 6 && !dir.empty(); ++up) {
          const fs::path candidate = dir / "lexicons" / (name + ".yaml");
          const fs::path flat = dir / ("lexicons__" + name + ".yaml");  // a ConfigMap's key
          if (fs::is_regular_file(candidate, ec) || fs::is_regular_file(flat, ec)) {
            found = (fs::is_regular_file(candidate, ec) ? candidate : flat).lexically_normal();
            break;
          }
          if (dir == dir.parent_path()) break;
          dir = dir.parent_path();
        }
        for (size_t k = 0; plain && found.empty() && k < LexiconDirs().size(); ++k) {
          const fs::path candidate = fs::path(LexiconDirs()[k]) / (name + ".yaml");
          if (fs::is_regular_file(candidate, ec)) found = candidate.lexically_normal().string();
        }
        // Named as the importing file is: relative to the working directory when it is.
        if (!found.empty() && fs::path(f.path).is_relative()) {
          const fs::path rel = fs::path(found).lexically_relative(fs::current_path(ec));
          if (!ec && !rel.empty()) found = rel.string();
        }
        if (found.empty()) {
          ctx->Error(LoadContext::Loc(f, n), "bad-import",
                     "no lexicon '" + name + "' (looked for lexicons/" + name +
                         ".yaml beside the pack and in its parent directories, and in the "
                         "installed lexicons)",
                     "the name of a file under rules/lexicons/, lower case");
          ok = false;
          continue;
        }
        if (loaded(found)) continue;
        std::ifstream in(found, std::ios::binary);
        std::ostringstream buf;
        buf << in.rdbuf();
        lexicons.push_back(SourceFile{found, buf.str(), "", {}, name});
      }
    }
  }
  if (lexicons.empty()) return ok;
  ok = ParsePackFiles(&lexicons, ctx) && ok;
  for (SourceFile& l : lexicons) files->push_back(std::move(l));
  return ok;
}

std::vector<PackItem> ReadItems(const std::vector<SourceFile>& files, LoadContext* ctx) {
  std::vector<PackItem> items;
  for (const SourceFile& f : files) {
    ctx->set_current_path(f.path);
    for (const YAML::Node& doc : f.docs) ReadDocument(f, doc, ctx, &items);
  }
  return items;
}

}  // namespace tripline
