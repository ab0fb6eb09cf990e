#include "rules/rule_loader.h"

#include <xxhash.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "rules/condition_functions.h"
#include "rules/condition_parser.h"
#include "rules/word_stream.h"

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

std::string LowerCase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// One YAML file's bytes and its parsed documents.
struct SourceFile {
  std::string path;
  std::string bytes;
  std::string hash;
  std::vector<YAML::Node> docs;
};

// Plain items read from the YAML, each with its location (reader stage).
struct NamedNode {
  std::string name;
  SourceLocation loc;
  YAML::Node node;
  const SourceFile* file = nullptr;
};

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// A literal phrase as a caseless, word-bounded Hyperscan pattern; whitespace matches any run.
std::string LiteralPattern(std::string_view text) {
  std::string p;
  if (!text.empty() && IsWordChar(text.front())) p += "\\b";
  bool in_space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!in_space) p += "\\s+";
      in_space = true;
      continue;
    }
    in_space = false;
    if (std::isalnum(static_cast<unsigned char>(c))) {
      p.push_back(c);
    } else {
      char buf[8];
      snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
      p += buf;
    }
  }
  if (!text.empty() && IsWordChar(text.back())) p += "\\b";
  return p;
}

std::string NormalizeLiteral(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace

// The collector and compiler stages. Friend of CompiledRules.
class RuleCompiler {
 public:
  // Compiles `files`; when `diagnostics` is set, appends every error and warning to it.
  absl::StatusOr<std::shared_ptr<const CompiledRules>> Run(
      std::vector<SourceFile> files, std::vector<LoadDiagnostic>* diagnostics);
  // The file whose nodes were being read last: yaml-cpp throws on some malformed input only when
  // a node is accessed, and the error must name that file.
  const std::string& current_path() const { return current_path_; }

 private:
  SourceLocation Loc(const SourceFile& f, const YAML::Node& n) const {
    const YAML::Mark m = n.Mark();
    return SourceLocation{f.path, m.line + 1, m.column + 1};
  }
  // Location of byte `offset` inside a scalar's text.
  SourceLocation LocIn(const SourceFile& f, const YAML::Node& n, size_t offset) const {
    SourceLocation loc = Loc(f, n);
    const std::string& s = n.Scalar();
    if (s.find('\n') == std::string::npos && offset <= s.size()) {
      loc.column += static_cast<int>(offset) + (n.Tag() == "!" ? 1 : 0);
    }
    return loc;
  }
  void Error(SourceLocation loc, LoadCode code, std::string message, std::string expected = "") {
    errors_.push_back(LoadDiagnostic{std::move(loc), false, std::string(code.str()),
                                     std::move(message), std::move(expected)});
  }
  void Warn(SourceLocation loc, LoadCode code, std::string message, std::string expected = "") {
    warnings_.push_back(LoadDiagnostic{std::move(loc), true, std::string(code.str()),
                                       std::move(message), std::move(expected)});
  }
  bool Expect(const SourceFile& f, const YAML::Node& n, YAML::NodeType::value type,
              std::string_view what, std::string_view expected) {
    if (n.Type() == type) return true;
    Error(Loc(f, n), "wrong-type", std::string(what) + " has the wrong type",
          std::string(expected));
    return false;
  }
  bool Scalar(const SourceFile& f, const YAML::Node& n, std::string_view what, std::string* out) {
    if (!Expect(f, n, YAML::NodeType::Scalar, what, "a string")) return false;
    *out = n.Scalar();
    return true;
  }
  bool StringList(const SourceFile& f, const YAML::Node& n, std::string_view what,
                  std::vector<std::string>* out, std::vector<SourceLocation>* locs = nullptr) {
    if (n.IsScalar()) {  // a single item is accepted for a list
      out->push_back(n.Scalar());
      if (locs) locs->push_back(Loc(f, n));
      return true;
    }
    if (!Expect(f, n, YAML::NodeType::Sequence, what, "a list of strings")) return false;
    bool ok = true;
    for (const YAML::Node& item : n) {
      if (!item.IsScalar() || item.Scalar().empty()) {
        Error(Loc(f, item), "wrong-type",
              std::string("an item of ") + std::string(what) + " is not a non-empty string",
              "a string");
        ok = false;
        continue;
      }
      out->push_back(item.Scalar());
      if (locs) locs->push_back(Loc(f, item));
    }
    return ok;
  }
  bool Duration(const SourceFile& f, const YAML::Node& n, std::string_view what, EventTime* out) {
    std::string s;
    if (!Scalar(f, n, what, &s)) return false;
    if (!ParseDuration(s, out) || *out <= 0) {
      Error(Loc(f, n), "bad-duration", std::string("bad ") + std::string(what) + " '" + s + "'",
            "a duration such as 60m, 1h, 90s");
      return false;
    }
    return true;
  }
  bool Number(const SourceFile& f, const YAML::Node& n, std::string_view what, double* out) {
    std::string s;
    if (!Scalar(f, n, what, &s)) return false;
    bool percent = !s.empty() && s.back() == '%';
    std::string body = percent ? s.substr(0, s.size() - 1) : s;
    char* end = nullptr;
    errno = 0;
    double v = strtod(body.c_str(), &end);
    if (body.empty() || end != body.c_str() + body.size() || errno != 0 || !std::isfinite(v)) {
      Error(Loc(f, n), "bad-value", std::string(what) + " is not a number: '" + s + "'",
            "a number such as 0.8 or -3%");
      return false;
    }
    *out = percent ? v / 100 : v;
    return true;
  }
  bool Bool(const SourceFile& f, const YAML::Node& n, std::string_view what, bool* out) {
    std::string s;
    if (!Scalar(f, n, what, &s)) return false;
    if (s == "true" || s == "on" || s == "yes") {
      *out = true;
    } else if (s == "false" || s == "off" || s == "no") {
      *out = false;
    } else {
      Error(Loc(f, n), "bad-value", std::string(what) + " is not a boolean: '" + s + "'",
            "true or false");
      return false;
    }
    return true;
  }
  // Checks that every key of map `n` is one of `allowed`.
  void KnownKeys(const SourceFile& f, const YAML::Node& n, std::string_view what,
                 std::initializer_list<std::string_view> allowed) {
    for (const auto& kv : n) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (std::string_view a : allowed) {
          list += list.empty() ? "" : ", ";
          list += a;
        }
        Error(Loc(f, kv.first), "unknown-key", "unknown key '" + key + "' in " + std::string(what),
              "one of " + list);
      }
    }
  }

  void ReadDocument(const SourceFile& f, const YAML::Node& doc);
  void ReadNamed(const SourceFile& f, const YAML::Node& n, std::string_view kind,
                 std::map<std::string, NamedNode>* into);

  uint32_t InternPhrase(std::string_view text, bool regex, const SourceLocation& loc);
  // AST -> nodes with macros expanded. Returns the node index or -1.
  int Lower(const CondAst& ast, const SourceFile& f, const YAML::Node& where, size_t base_offset,
            Condition* out, std::vector<std::string>* macro_stack, int depth);
  // Appends the phrase ids of list `name` (an undefined-list error at `loc` when there is none).
  bool ListPhrases(const std::string& name, const SourceLocation& loc, std::vector<uint32_t>* out);
  bool CompileCondition(const SourceFile& f, const YAML::Node& n, std::string_view what,
                        Condition* out);
  void CompileRule(const NamedNode& item);
  void CompileBeneficiaries(const SourceFile& f, const YAML::Node& list, const Rule& parent,
                            std::vector<Rule>* out);
  void CompileDatabase();
  void BuildIndexes();

  std::vector<LoadDiagnostic> errors_;
  std::vector<LoadDiagnostic> warnings_;
  // For warnings: which lists and macros something refers to, which lists were checked for
  // shadowed items, and whether Lower is checking macros that nothing may use.
  std::set<std::string> used_lists_, used_macros_, shadow_checked_;
  bool checking_macros_ = false;
  std::vector<LoadDiagnostic>* diagnostics_ = nullptr;
  std::map<std::string, NamedNode> lists_, macros_, entity_items_, rule_items_;
  std::map<std::string, std::pair<double, SourceLocation>> sources_;
  std::vector<std::pair<std::string, SourceLocation>> cues_;
  std::vector<std::pair<std::string, SourceLocation>> retraction_cues_;
  std::optional<std::pair<int, SourceLocation>> negation_distance_;
  std::map<std::string, std::unique_ptr<CondAst>> macro_asts_;
  std::set<std::string> bad_macros_;
  std::map<std::pair<int, std::string>, uint32_t> phrase_ids_;  // (form, key) -> id
  std::vector<SourceLocation> phrase_locs_;
  std::vector<StreamPattern> stream_patterns_;  // by phrase id; empty regex unless words form
  WordStemmer stemmer_;
  std::map<std::string, uint32_t> entity_ids_;
  std::map<std::string, NamedNode> class_items_;
  std::map<std::string, std::vector<uint32_t>> classes_;  // class name -> member entity ids
  std::shared_ptr<CompiledRules> out_;
  std::string current_path_;
};

void RuleCompiler::ReadNamed(const SourceFile& f, const YAML::Node& n, std::string_view kind,
                             std::map<std::string, NamedNode>* into) {
  if (!Expect(f, n, YAML::NodeType::Map, std::string(kind) + "s",
              std::string("a map of ") + std::string(kind) + " name to definition")) {
    return;
  }
  for (const auto& kv : n) {
    if (!kv.first.IsScalar() || kv.first.Scalar().empty()) {
      Error(Loc(f, kv.first), "wrong-type", std::string(kind) + " name is not a string", "a name");
      continue;
    }
    const std::string name = kv.first.Scalar();
    SourceLocation loc = Loc(f, kv.first);
    auto [it, fresh] = into->try_emplace(name, NamedNode{name, loc, kv.second, &f});
    if (!fresh) {
      const SourceLocation& first = it->second.loc;
      Error(loc, "duplicate",
            std::string(kind) + " '" + name + "' is already defined at " + first.file + ":" +
                std::to_string(first.line) + ":" + std::to_string(first.column),
            "one definition per name");
    }
  }
}

void RuleCompiler::ReadDocument(const SourceFile& f, const YAML::Node& doc) {
  current_path_ = f.path;
  if (doc.IsNull()) return;
  if (!Expect(f, doc, YAML::NodeType::Map, "a document",
              "a map with entities, lists, macros, rules, sources, negation_cues")) {
    return;
  }
  KnownKeys(f, doc, "a pack document",
            {"entities", "classes", "lists", "macros", "rules", "sources", "negation_cues",
             "retraction_cues", "negation_distance"});
  for (const auto& kv : doc) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    const YAML::Node& v = kv.second;
    if (key == "entities") {
      ReadNamed(f, v, "entity", &entity_items_);
    } else if (key == "classes") {
      ReadNamed(f, v, "class", &class_items_);
    } else if (key == "lists") {
      ReadNamed(f, v, "list", &lists_);
    } else if (key == "macros") {
      ReadNamed(f, v, "macro", &macros_);
    } else if (key == "rules") {
      if (!Expect(f, v, YAML::NodeType::Sequence, "rules", "a list of rules (- id: ...)")) {
        continue;
      }
      for (const YAML::Node& r : v) {
        if (!Expect(f, r, YAML::NodeType::Map, "a rule", "a map with id, headline, emit...")) {
          continue;
        }
        const YAML::Node id = r["id"];
        if (!id) {
          Error(Loc(f, r), "missing-key", "rule without 'id'", "id: a unique rule name");
          continue;
        }
        std::string name;
        if (!Scalar(f, id, "rule id", &name)) continue;
        SourceLocation loc = Loc(f, id);
        auto [it, fresh] = rule_items_.try_emplace(name, NamedNode{name, loc, r, &f});
        if (!fresh) {
          const SourceLocation& first = it->second.loc;
          Error(loc, "duplicate",
                "rule '" + name + "' is already defined at " + first.file + ":" +
                    std::to_string(first.line) + ":" + std::to_string(first.column),
                "a unique rule id");
        }
      }
    } else if (key == "sources") {
      if (!Expect(f, v, YAML::NodeType::Map, "sources", "a map of source name to weight")) {
        continue;
      }
      for (const auto& s : v) {
        double w;
        if (!s.first.IsScalar() || !Number(f, s.second, "source weight", &w)) continue;
        if (w < 0 || w > 1) {
          Error(Loc(f, s.second), "bad-value", "source weight out of range", "0 to 1");
          continue;
        }
        const std::string name = LowerCase(s.first.Scalar());
        auto [it, fresh] = sources_.try_emplace(name, w, Loc(f, s.first));
        if (!fresh) {
          const SourceLocation& first = it->second.second;
          Error(Loc(f, s.first), "duplicate",
                "source '" + s.first.Scalar() + "' is already weighted at " + first.file + ":" +
                    std::to_string(first.line) + ":" + std::to_string(first.column),
                "one weight per source");
        }
      }
    } else if (key == "negation_cues") {
      std::vector<std::string> items;
      std::vector<SourceLocation> locs;
      StringList(f, v, "negation_cues", &items, &locs);
      for (size_t i = 0; i < items.size(); ++i) cues_.emplace_back(items[i], locs[i]);
    } else if (key == "retraction_cues") {
      std::vector<std::string> items;
      std::vector<SourceLocation> locs;
      StringList(f, v, "retraction_cues", &items, &locs);
      for (size_t i = 0; i < items.size(); ++i) retraction_cues_.emplace_back(items[i], locs[i]);
    } else if (key == "negation_distance") {
      double d;
      if (!Number(f, v, "negation_distance", &d)) continue;
      if (d < 0 || d > 50 || d != static_cast<int>(d)) {
        Error(Loc(f, v), "bad-value", "negation_distance out of range", "a whole number 0..50");
        continue;
      }
      if (negation_distance_) {
        const SourceLocation& first = negation_distance_->second;
        Error(Loc(f, v), "duplicate",
              "negation_distance is already set at " + first.file + ":" +
                  std::to_string(first.line) + ":" + std::to_string(first.column),
              "one setting per pack");
        continue;
      }
      negation_distance_ = std::make_pair(static_cast<int>(d), Loc(f, v));
    }
  }
}

uint32_t RuleCompiler::InternPhrase(std::string_view text, bool regex, const SourceLocation& loc) {
  // A phrase written in double quotes is exact: its characters, on the raw text. Any other
  // literal is matched word by word on the stemmed stream (rules/word_stream.h).
  const bool exact = !regex && text.size() >= 3 && text.front() == '"' && text.back() == '"';
  if (exact) text = text.substr(1, text.size() - 2);
  const int form = regex ? 2 : (exact ? 1 : 0);
  StreamPattern stream;
  std::string key;
  if (form == 0) {
    std::string why;
    if (!CompileStreamPattern(text, stemmer_, &stream, &why)) {
      Error(loc, "bad-phrase", "phrase '" + std::string(text) + "': " + why,
            "words, with `*` (one word) or `~N` (up to N words) between them");
      stream = StreamPattern{"\\x20unmatchable\\x20", 0, false};
    }
    key = stream.regex;  // "chip" and "chips" are one pattern
  } else {
    key = regex ? std::string(text) : NormalizeLiteral(text);
  }
  auto [it, fresh] = phrase_ids_.try_emplace({form, key}, out_->phrases_.size());
  if (fresh) {
    Phrase p;
    p.text = std::string(text);
    p.regex = regex;
    p.exact = exact;
    p.stream_length = stream.literal_length;
    out_->phrases_.push_back(std::move(p));
    phrase_locs_.push_back(loc);
    stream_patterns_.push_back(std::move(stream));
  }
  return it->second;
}

int RuleCompiler::Lower(const CondAst& ast, const SourceFile& f, const YAML::Node& where,
                        size_t base_offset, Condition* out, std::vector<std::string>* macro_stack,
                        int depth) {
  const SourceLocation loc = LocIn(f, where, base_offset + ast.offset);
  if (depth > kMaxConditionDepth * 4) {
    Error(loc, "condition-syntax", "condition nests too deeply once macros are expanded",
          "fewer nested macros");
    return -1;
  }
  CondNode node;
  node.text = ast.text;
  switch (ast.kind) {
    case AstKind::kTrue:
      node.kind = CondKind::kTrue;
      break;
    case AstKind::kFalse:
      node.kind = CondKind::kFalse;
      break;
    case AstKind::kAnd:
    case AstKind::kOr:
    case AstKind::kNot: {
      node.kind = ast.kind == AstKind::kAnd
                      ? CondKind::kAnd
                      : (ast.kind == AstKind::kOr ? CondKind::kOr : CondKind::kNot);
      for (const auto& child : ast.children) {
        int c = Lower(*child, f, where, base_offset, out, macro_stack, depth + 1);
        if (c < 0) return -1;
        node.children.push_back(static_cast<uint32_t>(c));
      }
      break;
    }
    case AstKind::kAny:
    case AstKind::kAll: {
      node.kind = ast.kind == AstKind::kAny ? CondKind::kAny : CondKind::kAll;
      if (!ListPhrases(ast.args[0], loc, &node.phrases)) return -1;
      break;
    }
    case AstKind::kPhrase:
    case AstKind::kRegex:
      node.kind = CondKind::kAny;
      node.phrases.push_back(InternPhrase(ast.args[0], ast.kind == AstKind::kRegex, loc));
      break;
    case AstKind::kCall: {
      node.kind = CondKind::kCall;
      node.function = ast.function;
      for (size_t a = 0; a < ast.args.size(); ++a) {
        const char kind = ast.arg_kinds[a];
        if (kind == 'n') {
          node.numbers.push_back(std::stoi(ast.args[a]));
          continue;
        }
        std::vector<uint32_t> group;
        if (kind == 's') {
          group.push_back(InternPhrase(ast.args[a], false, loc));
        } else if (!ListPhrases(ast.args[a], loc, &group)) {
          return -1;
        }
        std::sort(group.begin(), group.end());
        group.erase(std::unique(group.begin(), group.end()), group.end());
        node.phrases.insert(node.phrases.end(), group.begin(), group.end());
        node.groups.push_back(std::move(group));
      }
      std::sort(node.phrases.begin(), node.phrases.end());
      node.phrases.erase(std::unique(node.phrases.begin(), node.phrases.end()), node.phrases.end());
      break;
    }
    case AstKind::kMentions: {
      node.kind = CondKind::kMentions;
      if (auto cls = classes_.find(ast.args[0]); cls != classes_.end()) {
        // mentions(CLASS): any member named, by its own names or by a class phrase.
        node.kind = CondKind::kOr;
        for (uint32_t member : cls->second) {
          CondNode m;
          m.kind = CondKind::kMentions;
          m.entity = static_cast<int>(member);
          m.text = "mentions(" + out_->entities_[member].id + ")";
          out->nodes.push_back(std::move(m));
          node.children.push_back(static_cast<uint32_t>(out->nodes.size() - 1));
        }
        break;
      }
      if (ast.args[0] != "any") {
        auto it = entity_ids_.find(ast.args[0]);
        if (it == entity_ids_.end()) {
          Error(loc, "undefined-entity", "no entity named '" + ast.args[0] + "'",
                "a name under `entities:` in any file of the pack");
          return -1;
        }
        node.entity = static_cast<int>(it->second);
      }
      break;
    }
    case AstKind::kSource:
      node.kind = CondKind::kSource;
      for (const std::string& s : ast.args) node.sources.push_back(LowerCase(s));
      std::sort(node.sources.begin(), node.sources.end());
      break;
    case AstKind::kMacro: {
      const std::string& name = ast.args[0];
      auto it = macros_.find(name);
      if (it == macros_.end()) {
        Error(loc, "undefined-macro", "no macro named '" + name + "'",
              "a name under `macros:`, or a function such as any(LIST)");
        return -1;
      }
      if (std::find(macro_stack->begin(), macro_stack->end(), name) != macro_stack->end()) {
        std::string chain;
        for (const std::string& m : *macro_stack) chain += m + " -> ";
        Error(it->second.loc, "macro-cycle",
              "macro '" + name + "' expands into itself: " + chain + name,
              "macros that do not refer back to themselves");
        return -1;
      }
      if (!checking_macros_ || !macro_stack->empty()) used_macros_.insert(name);
      if (bad_macros_.count(name)) return -1;
      const NamedNode& macro = it->second;
      auto ast_it = macro_asts_.find(name);
      if (ast_it == macro_asts_.end()) {
        std::string text;
        if (!Scalar(*macro.file, macro.node, "macro '" + name + "'", &text)) {
          bad_macros_.insert(name);
          return -1;
        }
        ParseError pe;
        auto parsed = ParseCondition(text, &pe);
        if (parsed == nullptr) {
          Error(LocIn(*macro.file, macro.node, pe.offset), "condition-syntax",
                "in macro '" + name + "': " + pe.message, pe.expected);
          bad_macros_.insert(name);
          return -1;
        }
        ast_it = macro_asts_.emplace(name, std::move(parsed)).first;
      }
      macro_stack->push_back(name);
      int c = Lower(*ast_it->second, *macro.file, macro.node, 0, out, macro_stack, depth + 1);
      macro_stack->pop_back();
      return c;
    }
  }
  out->nodes.push_back(std::move(node));
  return static_cast<int>(out->nodes.size() - 1);
}

bool RuleCompiler::ListPhrases(const std::string& name, const SourceLocation& loc,
                               std::vector<uint32_t>* out) {
  auto it = lists_.find(name);
  if (it == lists_.end()) {
    Error(loc, "undefined-list", "no list named '" + name + "'",
          "a name under `lists:` in any file of the pack");
    return false;
  }
  const NamedNode& list = it->second;
  used_lists_.insert(name);
  std::vector<std::string> items;
  std::vector<SourceLocation> locs;
  if (!StringList(*list.file, list.node, "list '" + list.name + "'", &items, &locs)) return false;
  if (items.empty()) {
    Error(list.loc, "bad-value", "list '" + list.name + "' is empty", "at least one phrase");
    return false;
  }
  const bool check = shadow_checked_.insert(name).second;
  const size_t first = out->size();
  for (size_t i = 0; i < items.size(); ++i) {
    const uint32_t id = InternPhrase(items[i], false, locs[i]);
    if (check) {
      for (size_t k = first; k < out->size(); ++k) {
        if ((*out)[k] != id) continue;
        Warn(locs[i], "shadowed-phrase",
             "'" + items[i] + "' in list '" + name + "' matches exactly what '" + items[k - first] +
                 "' before it matches (its word forms)",
             "one item per word; quote an item (\"...\") to match it exactly");
        break;
      }
    }
    out->push_back(id);
  }
  return true;
}

bool RuleCompiler::CompileCondition(const SourceFile& f, const YAML::Node& n, std::string_view what,
                                    Condition* out) {
  std::string text;
  if (!Scalar(f, n, what, &text)) return false;
  ParseError pe;
  auto ast = ParseCondition(text, &pe);
  if (ast == nullptr) {
    Error(LocIn(f, n, pe.offset), "condition-syntax",
          std::string("in ") + std::string(what) + ": " + pe.message, pe.expected);
    return false;
  }
  std::vector<std::string> stack;
  int root = Lower(*ast, f, n, 0, out, &stack, 0);
  if (root < 0) return false;
  out->root = static_cast<uint32_t>(root);
  out->text = text;
  return true;
}

namespace {

void CollectPhrases(const Condition& c, const std::vector<Entity>& entities,
                    std::vector<uint32_t>* out) {
  for (const CondNode& n : c.nodes) {
    out->insert(out->end(), n.phrases.begin(), n.phrases.end());
    if (n.kind == CondKind::kMentions) {
      for (size_t e = 0; e < entities.size(); ++e) {
        if (n.entity < 0 || static_cast<size_t>(n.entity) == e) {
          out->insert(out->end(), entities[e].phrases.begin(), entities[e].phrases.end());
        }
      }
    }
  }
}

// True when the condition can only hold if at least one of its phrases matched.
bool NeedsPhrase(const Condition& c, uint32_t i) {
  const CondNode& n = c.nodes[i];
  switch (n.kind) {
    case CondKind::kAny:
    case CondKind::kAll:
    case CondKind::kMentions:
    case CondKind::kCall:  // holds only when every phrase group matched (the registry contract)
      return true;
    case CondKind::kAnd:
      for (uint32_t ch : n.children) {
        if (NeedsPhrase(c, ch)) return true;
      }
      return false;
    case CondKind::kOr:
      for (uint32_t ch : n.children) {
        if (!NeedsPhrase(c, ch)) return false;
      }
      return true;
    case CondKind::kFalse:
      return true;
    default:
      return false;
  }
}

// False when node `i` can never hold whatever the headline (`false`, an `and` with such a
// child, an `or` of only such children). Conservative: `not` is assumed satisfiable.
bool CanHold(const Condition& c, uint32_t i) {
  const CondNode& n = c.nodes[i];
  switch (n.kind) {
    case CondKind::kFalse:
      return false;
    case CondKind::kAnd:
      for (uint32_t ch : n.children) {
        if (!CanHold(c, ch)) return false;
      }
      return true;
    case CondKind::kOr:
      for (uint32_t ch : n.children) {
        if (CanHold(c, ch)) return true;
      }
      return false;
    default:
      return true;
  }
}

// Fills *out with phrases of which at least one must match for node `i` to hold (the node
// must need a phrase, see NeedsPhrase). Returns the set's cost (sum of phrase popularity).
uint64_t GateSet(const Condition& c, uint32_t i, const std::vector<Entity>& entities,
                 const std::vector<uint32_t>& popularity, std::vector<uint32_t>* out) {
  const CondNode& n = c.nodes[i];
  auto cost = [&](const std::vector<uint32_t>& ps) {
    uint64_t sum = 0;
    for (uint32_t p : ps) sum += popularity[p] + 1;
    return sum;
  };
  switch (n.kind) {
    case CondKind::kAny:
      *out = n.phrases;
      return cost(*out);
    case CondKind::kAll: {  // every phrase must match: the rarest one is enough
      uint32_t best = n.phrases[0];
      for (uint32_t p : n.phrases) {
        if (popularity[p] < popularity[best]) best = p;
      }
      *out = {best};
      return cost(*out);
    }
    case CondKind::kCall: {  // every group must match: the cheapest one is enough
      uint64_t best = UINT64_MAX;
      for (const std::vector<uint32_t>& g : n.groups) {
        const uint64_t k = cost(g);
        if (k < best) {
          best = k;
          *out = g;
        }
      }
      return best;
    }
    case CondKind::kMentions:
      out->clear();
      for (size_t e = 0; e < entities.size(); ++e) {
        if (n.entity < 0 || static_cast<size_t>(n.entity) == e) {
          out->insert(out->end(), entities[e].phrases.begin(), entities[e].phrases.end());
        }
      }
      return cost(*out);
    case CondKind::kAnd: {
      uint64_t best = UINT64_MAX;
      std::vector<uint32_t> tmp;
      for (uint32_t ch : n.children) {
        if (!NeedsPhrase(c, ch)) continue;
        tmp.clear();
        uint64_t k = GateSet(c, ch, entities, popularity, &tmp);
        if (k < best) {
          best = k;
          *out = tmp;
        }
      }
      return best;
    }
    case CondKind::kOr: {
      out->clear();
      uint64_t sum = 0;
      std::vector<uint32_t> tmp;
      for (uint32_t ch : n.children) {
        tmp.clear();
        sum += GateSet(c, ch, entities, popularity, &tmp);
        out->insert(out->end(), tmp.begin(), tmp.end());
      }
      return sum;
    }
    default:  // kFalse: never holds, no phrase needed to skip it
      out->clear();
      return 0;
  }
}

}  // namespace

void RuleCompiler::CompileRule(const NamedNode& item) {
  const SourceFile& f = *item.file;
  current_path_ = f.path;
  const YAML::Node& r = item.node;
  KnownKeys(f, r, "rule '" + item.name + "'",
            {"id", "description", "enabled", "headline", "price", "window", "score", "emit",
             "beneficiaries", "exceptions", "cooldown", "novelty", "negation", "tests"});
  const size_t errors_before = errors_.size();
  Rule rule;
  rule.id = item.name;
  rule.location = item.loc;
  rule.file = f.path;
  rule.file_hash = f.hash;
  bool enabled = true;
  if (r["enabled"]) Bool(f, r["enabled"], "enabled", &enabled);
  if (r["description"]) Scalar(f, r["description"], "description", &rule.description);
  if (r["headline"]) CompileCondition(f, r["headline"], "headline condition", &rule.headline);
  if (r["price"]) {
    std::string text;
    if (Scalar(f, r["price"], "price condition", &text)) {
      ParseError pe;
      if (!ParsePriceCondition(text, &rule.price, &pe)) {
        Error(LocIn(f, r["price"], pe.offset), "condition-syntax",
              "in price condition: " + pe.message, pe.expected);
      }
      rule.price.text = text;
    }
  }
  if (!r["headline"] && !r["price"]) {
    Error(item.loc, "missing-key", "rule '" + item.name + "' has no condition",
          "headline:, price:, or both");
  }
  if (rule.price.present && !rule.price.prev_close) rule.window = rule.price.window;
  if (r["window"]) Duration(f, r["window"], "window", &rule.window);
  rule.cooldown = rule.window;
  if (r["cooldown"]) {
    std::string s;
    if (r["cooldown"].IsScalar() && r["cooldown"].Scalar() == "0") {
      rule.cooldown = 0;
    } else {
      Duration(f, r["cooldown"], "cooldown", &rule.cooldown);
    }
  }
  if (r["negation"]) Bool(f, r["negation"], "negation", &rule.negation);
  if (const YAML::Node nov = r["novelty"]) {
    if (Expect(f, nov, YAML::NodeType::Map, "novelty", "a map with window and similarity")) {
      KnownKeys(f, nov, "novelty", {"window", "similarity"});
      if (nov["window"]) Duration(f, nov["window"], "novelty window", &rule.novelty_window);
      if (nov["similarity"]) {
        double s;
        if (Number(f, nov["similarity"], "similarity", &s)) {
          if (s <= 0 || s > 1) {
            Error(Loc(f, nov["similarity"]), "bad-value", "similarity out of range",
                  "a number in (0, 1]");
          } else {
            rule.novelty_similarity = s;
          }
        }
      }
    }
  }
  if (r["score"]) {
    std::string text;
    if (Scalar(f, r["score"], "score", &text)) {
      ParseError pe;
      if (!ParseScore(text, &rule.score, &pe)) {
        Error(LocIn(f, r["score"], pe.offset), "condition-syntax", "in score: " + pe.message,
              pe.expected);
      }
      rule.score.text = text;
    }
  }
  if (const YAML::Node ex = r["exceptions"]) {
    if (Expect(f, ex, YAML::NodeType::Sequence, "exceptions", "a list of {name, condition}")) {
      for (const YAML::Node& e : ex) {
        if (!Expect(f, e, YAML::NodeType::Map, "an exception", "{name: ..., condition: ...}")) {
          continue;
        }
        KnownKeys(f, e, "exception", {"name", "condition"});
        RuleException exc;
        if (!e["name"] || !e["condition"]) {
          Error(Loc(f, e), "missing-key", "exception without name or condition",
                "name: and condition:");
          continue;
        }
        Scalar(f, e["name"], "exception name", &exc.name);
        if (CompileCondition(f, e["condition"], "exception '" + exc.name + "'", &exc.condition)) {
          rule.exceptions.push_back(std::move(exc));
        }
      }
    }
  }
  // emit
  const YAML::Node emit = r["emit"];
  if (!emit) {
    Error(item.loc, "missing-key", "rule '" + item.name + "' has no emit",
          "emit: {instrument: NVDA or mentioned, direction: long|short|watch}");
  } else if (Expect(f, emit, YAML::NodeType::Map, "emit",
                    "a map with instrument, direction, severity")) {
    KnownKeys(f, emit, "emit", {"instrument", "entities", "direction", "severity"});
    std::string instrument;
    if (!emit["instrument"]) {
      Error(Loc(f, emit), "missing-key", "emit without instrument",
            "instrument: an instrument id or mentioned");
    } else if (Scalar(f, emit["instrument"], "emit instrument", &instrument)) {
      if (instrument == "mentioned") {
        rule.emit_mentioned = true;
        if (!r["headline"]) {
          Error(Loc(f, emit["instrument"]), "bad-value", "'mentioned' needs a headline condition",
                "a fixed instrument id");
        }
      } else {
        rule.emit_instrument = instrument;
      }
    }
    if (const YAML::Node ents = emit["entities"]) {
      std::vector<std::string> names;
      std::vector<SourceLocation> locs;
      StringList(f, ents, "emit entities", &names, &locs);
      for (size_t i = 0; i < names.size(); ++i) {
        auto it = entity_ids_.find(names[i]);
        auto cls = classes_.find(names[i]);
        if (cls != classes_.end()) {
          rule.emit_entities.insert(rule.emit_entities.end(), cls->second.begin(),
                                    cls->second.end());
        } else if (it == entity_ids_.end()) {
          Error(locs[i], "undefined-entity", "no entity or class named '" + names[i] + "'",
                "a name under `entities:` or `classes:`");
        } else {
          rule.emit_entities.push_back(it->second);
        }
      }
      std::sort(rule.emit_entities.begin(), rule.emit_entities.end());
      rule.emit_entities.erase(std::unique(rule.emit_entities.begin(), rule.emit_entities.end()),
                               rule.emit_entities.end());
    }
    std::string dir;
    if (!emit["direction"]) {
      Error(Loc(f, emit), "missing-key", "emit without direction", "direction: long|short|watch");
    } else if (Scalar(f, emit["direction"], "direction", &dir)) {
      if (dir == "long") {
        rule.direction = Direction::kLong;
      } else if (dir == "short") {
        rule.direction = Direction::kShort;
      } else if (dir == "watch") {
        rule.direction = Direction::kWatch;
      } else {
        Error(Loc(f, emit["direction"]), "bad-value", "unknown direction '" + dir + "'",
              "long, short or watch");
      }
    }
    if (emit["severity"] && Scalar(f, emit["severity"], "severity", &rule.severity)) {
      if (rule.severity != "low" && rule.severity != "medium" && rule.severity != "high" &&
          rule.severity != "critical") {
        Error(Loc(f, emit["severity"]), "bad-value", "unknown severity '" + rule.severity + "'",
              "low, medium, high or critical");
      }
    }
  }
  // inline tests
  if (const YAML::Node tests = r["tests"]) {
    if (Expect(f, tests, YAML::NodeType::Sequence, "tests", "a list of {headline, expect}")) {
      for (const YAML::Node& t : tests) {
        if (!Expect(f, t, YAML::NodeType::Map, "a test", "{headline: ..., expect: ...}")) {
          continue;
        }
        KnownKeys(f, t, "test", {"headline", "source", "move", "expect", "instruments"});
        RuleTest test;
        test.location = Loc(f, t);
        if (!t["headline"] || !t["expect"]) {
          Error(Loc(f, t), "bad-test", "test without headline or expect",
                "headline: \"...\" and expect: match|no_match");
          continue;
        }
        Scalar(f, t["headline"], "test headline", &test.headline);
        if (t["source"]) Scalar(f, t["source"], "test source", &test.source);
        if (t["move"]) {
          double m;
          if (Number(f, t["move"], "test move", &m)) test.move = m;
        }
        std::string expect;
        if (Scalar(f, t["expect"], "expect", &expect)) {
          if (expect == "match") {
            test.expect_match = true;
          } else if (expect == "no_match") {
            test.expect_match = false;
          } else {
            Error(Loc(f, t["expect"]), "bad-test", "unknown expectation '" + expect + "'",
                  "match or no_match");
          }
        }
        if (t["instruments"]) {
          StringList(f, t["instruments"], "test instruments", &test.instruments);
          std::sort(test.instruments.begin(), test.instruments.end());
        }
        if (!r["headline"]) {
          Error(Loc(f, t), "bad-test", "inline tests need a headline condition",
                "tests only on rules with headline:");
        }
        rule.tests.push_back(std::move(test));
      }
    }
  }
  if (errors_.size() != errors_before || !enabled) return;
  CollectPhrases(rule.headline, out_->entities_, &rule.phrases);
  std::sort(rule.phrases.begin(), rule.phrases.end());
  rule.phrases.erase(std::unique(rule.phrases.begin(), rule.phrases.end()), rule.phrases.end());
  rule.phrase_gated = !rule.headline.empty() && NeedsPhrase(rule.headline, rule.headline.root);
  if (!rule.headline.empty() && !CanHold(rule.headline, rule.headline.root)) {
    Warn(Loc(f, r["headline"]), "never-fires",
         "rule '" + rule.id + "': its headline condition can never hold",
         "a condition that some headline satisfies, or enabled: false");
  }
  std::vector<Rule> derived;
  if (const YAML::Node b = r["beneficiaries"]) CompileBeneficiaries(f, b, rule, &derived);
  if (errors_.size() != errors_before) return;
  out_->rules_.push_back(std::move(rule));
  for (Rule& d : derived) out_->rules_.push_back(std::move(d));
}

// `beneficiaries:` of a rule: the same headline emits for other instruments too, typically the
// opposite way (Beijing pushes domestic chips: short the US name, long Cambricon). Each one is
// compiled into a rule of its own, id "RULE/INSTRUMENT", sharing the headline condition and
// exceptions, with its own direction and its own price test, so each is confirmed by its own
// move and keeps its own cooldown.
void RuleCompiler::CompileBeneficiaries(const SourceFile& f, const YAML::Node& list,
                                        const Rule& parent, std::vector<Rule>* out) {
  if (!Expect(f, list, YAML::NodeType::Sequence, "beneficiaries",
              "a list of {instrument, direction, price}")) {
    return;
  }
  if (parent.headline.empty()) {
    Error(Loc(f, list), "bad-value", "beneficiaries need a headline condition",
          "beneficiaries only on rules with headline:");
    return;
  }
  for (const YAML::Node& b : list) {
    if (!Expect(f, b, YAML::NodeType::Map, "a beneficiary",
                "{instrument: 688256.SS, direction: long, price: ...}")) {
      continue;
    }
    KnownKeys(f, b, "beneficiary", {"instrument", "direction", "severity", "price", "score"});
    Rule d = parent;
    d.tests.clear();
    d.derived_from = parent.id;
    d.emit_mentioned = false;
    d.emit_entities.clear();
    d.direction = Direction::kLong;
    d.price = PriceCondition{};
    if (!b["instrument"] ||
        !Scalar(f, b["instrument"], "beneficiary instrument", &d.emit_instrument)) {
      if (!b["instrument"]) {
        Error(Loc(f, b), "missing-key", "beneficiary without instrument",
              "instrument: an instrument id");
      }
      continue;
    }
    if (d.emit_instrument == "mentioned") {
      Error(Loc(f, b["instrument"]), "bad-value", "a beneficiary is a fixed instrument",
            "an instrument id such as 688256.SS");
      continue;
    }
    d.id = parent.id + "/" + d.emit_instrument;
    d.location = Loc(f, b);
    std::string dir;
    if (b["direction"] && Scalar(f, b["direction"], "direction", &dir)) {
      if (dir == "long") {
        d.direction = Direction::kLong;
      } else if (dir == "short") {
        d.direction = Direction::kShort;
      } else if (dir == "watch") {
        d.direction = Direction::kWatch;
      } else {
        Error(Loc(f, b["direction"]), "bad-value", "unknown direction '" + dir + "'",
              "long, short or watch");
      }
    }
    if (b["severity"]) Scalar(f, b["severity"], "severity", &d.severity);
    if (b["price"]) {
      std::string text;
      if (Scalar(f, b["price"], "price condition", &text)) {
        ParseError pe;
        if (!ParsePriceCondition(text, &d.price, &pe)) {
          Error(LocIn(f, b["price"], pe.offset), "condition-syntax",
                "in beneficiary price condition: " + pe.message, pe.expected);
        }
        d.price.text = text;
        if (d.price.mentioned) {  // `mentioned` here is the beneficiary itself
          d.price.mentioned = false;
          d.price.instrument = d.emit_instrument;
        }
        if (d.price.present && !d.price.prev_close) d.window = d.price.window;
      }
    }
    if (b["score"]) {
      std::string text;
      if (Scalar(f, b["score"], "score", &text)) {
        ParseError pe;
        if (!ParseScore(text, &d.score, &pe)) {
          Error(LocIn(f, b["score"], pe.offset), "condition-syntax", "in score: " + pe.message,
                pe.expected);
        }
        d.score.text = text;
      }
    }
    out->push_back(std::move(d));
  }
}

void RuleCompiler::CompileDatabase() {
  const auto& phrases = out_->phrases_;
  if (phrases.empty()) return;
  std::vector<std::string> patterns;
  patterns.reserve(phrases.size());
  for (size_t i = 0; i < phrases.size(); ++i) {
    const Phrase& p = phrases[i];
    // Regexes are word-bounded as a whole: "H20\\s+chips?" does not match inside "XH20 chipset".
    if (p.regex) {
      patterns.push_back("\\b(?:" + p.text + ")\\b");
    } else if (p.exact) {
      patterns.push_back(LiteralPattern(p.text));
    } else {
      patterns.push_back(stream_patterns_[i].regex);
    }
  }
  // Only regexes need Hyperscan to track where a match starts; for literals the scanner
  // recovers it (PhraseScanner), which keeps compiling 10,000 rules in seconds, not hours.
  const unsigned regex_flags = HS_FLAG_CASELESS | HS_FLAG_SOM_LEFTMOST;
  const unsigned literal_flags = HS_FLAG_CASELESS;
  // Regexes one by one first, so that every rejected regex is reported with its location.
  bool regex_errors = false;
  for (size_t i = 0; i < phrases.size(); ++i) {
    if (!phrases[i].regex) continue;
    hs_database_t* db = nullptr;
    hs_compile_error_t* err = nullptr;
    if (hs_compile(patterns[i].c_str(), regex_flags, HS_MODE_BLOCK, nullptr, &db, &err) !=
        HS_SUCCESS) {
      Error(phrase_locs_[i], "bad-regex",
            "regex '" + phrases[i].text +
                "' rejected by Hyperscan: " + (err != nullptr ? err->message : "unknown error"),
            "a regex without back-references, look-around or empty matches");
      hs_free_compile_error(err);
      regex_errors = true;
    } else {
      hs_free_database(db);
    }
  }
  if (regex_errors) return;
  std::vector<const char*> exprs;
  std::vector<unsigned> flag_list(phrases.size());
  std::vector<unsigned> ids(phrases.size());
  for (size_t i = 0; i < phrases.size(); ++i) {
    // A gap phrase's start cannot be recovered from its length: Hyperscan reports it (few
    // phrases have gaps, so the cost of start tracking stays small). The stream is lower case.
    if (phrases[i].regex) {
      flag_list[i] = regex_flags;
    } else if (phrases[i].exact) {
      flag_list[i] = literal_flags;
    } else {
      flag_list[i] = stream_patterns_[i].gap ? HS_FLAG_SOM_LEFTMOST : 0;
    }
    exprs.push_back(patterns[i].c_str());
    ids[i] = static_cast<unsigned>(i);
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flag_list.data(), ids.data(),
                       static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr, &db,
                       &err) != HS_SUCCESS) {
    SourceLocation loc = err != nullptr && err->expression >= 0
                             ? phrase_locs_[static_cast<size_t>(err->expression)]
                             : SourceLocation{};
    Error(loc, "bad-regex",
          std::string("Hyperscan rejected the pack's patterns: ") +
              (err != nullptr ? err->message : "unknown error"),
          "simpler phrases or regexes");
    hs_free_compile_error(err);
    return;
  }
  out_->database_.reset(db);
}

void RuleCompiler::BuildIndexes() {
  CompiledRules& c = *out_;
  c.phrase_rules_.assign(c.phrases_.size(), {});
  c.phrase_entities_.assign(c.phrases_.size(), {});
  for (size_t e = 0; e < c.entities_.size(); ++e) {
    for (uint32_t p : c.entities_[e].phrases) {
      auto& v = c.phrase_entities_[p];
      if (v.empty() || v.back() != e) v.push_back(static_cast<uint32_t>(e));
    }
  }
  std::set<std::string> watched;
  std::set<EventTime> windows;
  // How many rules use each phrase: a rule is indexed under its most selective required
  // conjunct, so "uniq42 phrase and mentions(nvidia)" wakes on "uniq42 phrase", not on every
  // headline naming Nvidia.
  std::vector<uint32_t> popularity(c.phrases_.size(), 0);
  for (const Rule& r : c.rules_) {
    for (uint32_t p : r.phrases) ++popularity[p];
  }
  for (size_t i = 0; i < c.rules_.size(); ++i) {
    Rule& r = c.rules_[i];
    if (!r.headline.empty()) {
      if (r.phrase_gated) {
        std::vector<uint32_t> gate;
        GateSet(r.headline, r.headline.root, c.entities_, popularity, &gate);
        std::sort(gate.begin(), gate.end());
        gate.erase(std::unique(gate.begin(), gate.end()), gate.end());
        for (uint32_t p : gate) c.phrase_rules_[p].push_back(static_cast<uint32_t>(i));
      } else {
        c.ungated_rules_.push_back(static_cast<uint32_t>(i));
      }
    }
    std::set<std::string> reach;
    if (r.price.present && !r.price.mentioned) {
      reach.insert(r.price.instrument);
    } else if (!r.emit_mentioned) {
      reach.insert(r.emit_instrument);
    } else {
      for (size_t e = 0; e < c.entities_.size(); ++e) {
        if (!r.emit_entities.empty() &&
            !std::binary_search(r.emit_entities.begin(), r.emit_entities.end(), e)) {
          continue;
        }
        reach.insert(c.entities_[e].instruments.begin(), c.entities_[e].instruments.end());
      }
    }
    r.reach.assign(reach.begin(), reach.end());
    if (!r.price.present) continue;
    if (!r.price.prev_close) windows.insert(r.price.window);
    watched.insert(reach.begin(), reach.end());
  }
  c.watched_.assign(watched.begin(), watched.end());
  c.price_windows_.assign(windows.begin(), windows.end());
}

absl::StatusOr<std::shared_ptr<const CompiledRules>> RuleCompiler::Run(
    std::vector<SourceFile> files, std::vector<LoadDiagnostic>* diagnostics) {
  diagnostics_ = diagnostics;
  out_ = std::make_shared<CompiledRules>();
  for (const SourceFile& f : files) {
    out_->files_.push_back(LoadedFile{f.path, f.hash});
    for (const YAML::Node& doc : f.docs) ReadDocument(f, doc);
  }
  // Collect: every name is known before anything refers to it, so file order is irrelevant.
  for (const auto& [name, w] : sources_) {
    if (name == "default") {
      out_->default_source_weight_ = w.first;
    } else {
      out_->source_weights_.emplace_back(name, w.first);
    }
  }
  if (negation_distance_) out_->negation_distance_ = negation_distance_->first;
  for (const auto& [name, item] : entity_items_) {
    const SourceFile& f = *item.file;
    current_path_ = f.path;
    if (!Expect(f, item.node, YAML::NodeType::Map, "entity '" + name + "'",
                "a map with instruments and names")) {
      continue;
    }
    KnownKeys(f, item.node, "entity '" + name + "'", {"instruments", "names"});
    Entity e;
    e.id = name;
    std::vector<std::string> names;
    std::vector<SourceLocation> locs;
    if (!item.node["instruments"] || !item.node["names"]) {
      Error(item.loc, "missing-key", "entity '" + name + "' needs instruments and names",
            "instruments: [NVDA] and names: [Nvidia, ...]");
      continue;
    }
    StringList(f, item.node["instruments"], "instruments", &e.instruments);
    StringList(f, item.node["names"], "names", &names, &locs);
    if (e.instruments.empty() || names.empty()) {
      Error(item.loc, "bad-value", "entity '" + name + "' has no instrument or no name",
            "at least one of each");
      continue;
    }
    for (size_t i = 0; i < names.size(); ++i) {
      e.phrases.push_back(InternPhrase(names[i], false, locs[i]));
    }
    std::sort(e.instruments.begin(), e.instruments.end());
    entity_ids_[name] = static_cast<uint32_t>(out_->entities_.size());
    out_->entities_.push_back(std::move(e));
  }
  // Entity classes: a class phrase ("US chipmakers") names every member, so it joins each
  // member's names; `mentioned` then resolves to the members' instruments.
  for (const auto& [name, item] : class_items_) {
    const SourceFile& f = *item.file;
    current_path_ = f.path;
    if (auto e = entity_items_.find(name); e != entity_items_.end()) {
      Error(item.loc, "duplicate",
            "class '" + name + "' has the name of the entity at " + e->second.loc.file + ":" +
                std::to_string(e->second.loc.line) + ":" + std::to_string(e->second.loc.column),
            "distinct names for classes and entities");
      continue;
    }
    if (!Expect(f, item.node, YAML::NodeType::Map, "class '" + name + "'",
                "a map with members and names")) {
      continue;
    }
    KnownKeys(f, item.node, "class '" + name + "'", {"members", "names"});
    if (!item.node["members"] || !item.node["names"]) {
      Error(item.loc, "missing-key", "class '" + name + "' needs members and names",
            "members: [nvidia, amd] and names: [US chipmakers, ...]");
      continue;
    }
    std::vector<std::string> members, names;
    std::vector<SourceLocation> member_locs, name_locs;
    StringList(f, item.node["members"], "members", &members, &member_locs);
    StringList(f, item.node["names"], "names", &names, &name_locs);
    std::vector<uint32_t> ids;
    for (size_t i = 0; i < members.size(); ++i) {
      auto it = entity_ids_.find(members[i]);
      if (it == entity_ids_.end()) {
        Error(member_locs[i], "undefined-entity", "no entity named '" + members[i] + "'",
              "a name under `entities:`");
        continue;
      }
      ids.push_back(it->second);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.empty()) {
      Error(item.loc, "bad-value", "class '" + name + "' has no member", "at least one entity");
      continue;
    }
    for (size_t i = 0; i < names.size(); ++i) {
      const uint32_t p = InternPhrase(names[i], false, name_locs[i]);
      for (uint32_t e : ids) out_->entities_[e].phrases.push_back(p);
    }
    classes_[name] = std::move(ids);
  }
  for (const auto& [text, loc] : cues_) {
    out_->negation_cues_.push_back(InternPhrase(text, false, loc));
  }
  for (const auto& [text, loc] : retraction_cues_) {
    out_->retraction_cues_.push_back(InternPhrase(text, false, loc));
  }
  std::sort(out_->retraction_cues_.begin(), out_->retraction_cues_.end());
  std::sort(out_->negation_cues_.begin(), out_->negation_cues_.end());
  out_->negation_cues_.erase(std::unique(out_->negation_cues_.begin(), out_->negation_cues_.end()),
                             out_->negation_cues_.end());
  // Macros that no rule uses are still checked.
  checking_macros_ = true;
  for (const auto& [name, item] : macros_) {
    current_path_ = item.file->path;
    Condition scratch;
    std::vector<std::string> stack;
    CondAst ref;
    ref.kind = AstKind::kMacro;
    ref.args.push_back(name);
    Lower(ref, *item.file, item.node, 0, &scratch, &stack, 0);
  }
  checking_macros_ = false;
  // Rules in file order, then position: the order signals of one event are emitted in.
  std::vector<const NamedNode*> ordered;
  for (const auto& [name, item] : rule_items_) ordered.push_back(&item);
  std::sort(ordered.begin(), ordered.end(), [](const NamedNode* a, const NamedNode* b) {
    return std::tie(a->loc.file, a->loc.line, a->loc.column) <
           std::tie(b->loc.file, b->loc.line, b->loc.column);
  });
  for (const NamedNode* item : ordered) CompileRule(*item);
  if (errors_.empty() && rule_items_.empty()) {
    Error(SourceLocation{files.empty() ? "" : files[0].path, 1, 1}, "empty-pack",
          "the pack defines no rule", "at least one entry under `rules:`");
  }
  if (errors_.empty()) CompileDatabase();
  auto by_location = [](const LoadDiagnostic& a, const LoadDiagnostic& b) {
    return std::tie(a.location.file, a.location.line, a.location.column) <
           std::tie(b.location.file, b.location.line, b.location.column);
  };
  if (!errors_.empty()) {
    std::stable_sort(errors_.begin(), errors_.end(), by_location);
    std::string msg;
    for (const LoadDiagnostic& e : errors_) {
      absl::StrAppend(&msg, msg.empty() ? "" : "\n", e.ToString());
    }
    if (diagnostics_ != nullptr) {
      diagnostics_->insert(diagnostics_->end(), errors_.begin(), errors_.end());
    }
    return absl::InvalidArgumentError(msg);
  }
  for (const auto& [name, item] : lists_) {
    if (!used_lists_.count(name)) {
      Warn(item.loc, "unused-list", "list '" + name + "' is not used by any rule or macro",
           "any(" + name + ") somewhere, or remove it");
    }
  }
  for (const auto& [name, item] : macros_) {
    if (!used_macros_.count(name)) {
      Warn(item.loc, "unused-macro", "macro '" + name + "' is not used by any rule or macro",
           "a reference to " + name + ", or remove it");
    }
  }
  std::stable_sort(warnings_.begin(), warnings_.end(), by_location);
  out_->warnings_ = warnings_;
  if (diagnostics_ != nullptr) {
    diagnostics_->insert(diagnostics_->end(), warnings_.begin(), warnings_.end());
  }
  BuildIndexes();
  return std::shared_ptr<const CompiledRules>(std::move(out_));
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

// Errors before the compiler runs (reading files, YAML syntax): recorded as diagnostics too.
class EarlyErrors {
 public:
  explicit EarlyErrors(std::vector<LoadDiagnostic>* sink) : sink_(sink) {}
  void Add(std::string file, int line, int column, LoadCode code, std::string message,
           std::string expected) {
    LoadDiagnostic d{SourceLocation{std::move(file), line, column}, false, std::string(code.str()),
                     std::move(message), std::move(expected)};
    absl::StrAppend(&text_, text_.empty() ? "" : "\n", d.ToString());
    if (sink_ != nullptr) sink_->push_back(std::move(d));
  }
  bool empty() const { return text_.empty(); }
  absl::Status status() const { return absl::InvalidArgumentError(text_); }

 private:
  std::vector<LoadDiagnostic>* sink_;
  std::string text_;
};

void ParseFile(SourceFile* f, EarlyErrors* errors) {
  f->hash = HexHash128(f->bytes);
  if (NestingTooDeep(f->bytes)) {
    errors->Add(f->path, 1, 1, "yaml-syntax", "brackets nested too deeply", "at most 64 levels");
    return;
  }
  try {
    CheckYamlTerminates(f->bytes);
    f->docs = YAML::LoadAll(f->bytes);
  } catch (const YAML::Exception& e) {
    errors->Add(f->path, e.mark.line + 1, e.mark.column + 1, "yaml-syntax", e.msg, "valid YAML");
  }
}

absl::StatusOr<std::shared_ptr<const CompiledRules>> Compile(
    std::vector<SourceFile> files, std::vector<LoadDiagnostic>* diagnostics) {
  EarlyErrors errors(diagnostics);
  for (SourceFile& f : files) ParseFile(&f, &errors);
  if (!errors.empty()) return errors.status();
  RuleCompiler compiler;
  try {
    return compiler.Run(std::move(files), diagnostics);
  } catch (const YAML::Exception& e) {
    // yaml-cpp throws on some malformed inputs only when nodes are accessed. `files` has been
    // moved from here: the compiler names the file it was reading.
    errors.Add(compiler.current_path(), e.mark.line + 1, e.mark.column + 1, "yaml-syntax", e.msg,
               "valid YAML");
    return errors.status();
  }
}

}  // namespace

absl::StatusOr<std::shared_ptr<const CompiledRules>> LoadRules(const std::string& path) {
  return LoadRules(path, nullptr);
}

absl::StatusOr<std::shared_ptr<const CompiledRules>> LoadRules(
    const std::string& path, std::vector<LoadDiagnostic>* diagnostics) {
  namespace fs = std::filesystem;
  EarlyErrors errors(diagnostics);
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
      if (!it->is_regular_file(ec)) continue;
      const std::string ext = it->path().extension().string();
      if (ext == ".yaml" || ext == ".yml") paths.push_back(it->path().string());
    }
    if (ec) {
      errors.Add(path, 1, 1, "io", "cannot read directory: " + ec.message(),
                 "a readable directory");
      return errors.status();
    }
    std::sort(paths.begin(), paths.end());
    if (paths.empty()) {
      errors.Add(path, 1, 1, "empty-pack", "no *.yaml or *.yml file in the directory",
                 "at least one rule file");
      return errors.status();
    }
  } else {
    paths.push_back(path);
  }
  std::vector<SourceFile> files;
  for (const std::string& p : paths) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      errors.Add(p, 1, 1, "io", "cannot open the file", "a readable rule file");
      return errors.status();
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    files.push_back(SourceFile{p, buf.str(), "", {}});
  }
  return Compile(std::move(files), diagnostics);
}

absl::StatusOr<std::shared_ptr<const CompiledRules>> LoadRulesFromString(std::string_view yaml,
                                                                         std::string_view name) {
  std::vector<SourceFile> files;
  files.push_back(SourceFile{std::string(name), std::string(yaml), "", {}});
  return Compile(std::move(files), nullptr);
}

}  // namespace tripline
