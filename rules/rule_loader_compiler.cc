#include "rules/rule_loader_compiler.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "rules/condition_functions.h"
#include "rules/condition_parser.h"
#include "rules/word_stream.h"

namespace tripline {

namespace {

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

// The compiler stage. Friend of CompiledRules. One instance compiles one pack.
class RuleCompiler {
 public:
  RuleCompiler(const CollectedPack& pack, LoadContext* ctx) : pack_(&pack), ctx_(ctx) {}
  std::shared_ptr<CompiledRules> Run(const std::vector<SourceFile>& files);

 private:
  // Shorthands for the LoadContext, so that each check reads as one line.
  static SourceLocation Loc(const SourceFile& f, const YAML::Node& n) {
    return LoadContext::Loc(f, n);
  }
  static SourceLocation LocIn(const SourceFile& f, const YAML::Node& n, size_t offset) {
    return LoadContext::LocIn(f, n, offset);
  }
  void Error(SourceLocation loc, LoadCode code, std::string message, std::string expected = "") {
    ctx_->Error(std::move(loc), code, std::move(message), std::move(expected));
  }
  void Warn(SourceLocation loc, LoadCode code, std::string message, std::string expected = "") {
    ctx_->Warn(std::move(loc), code, std::move(message), std::move(expected));
  }
  bool Expect(const SourceFile& f, const YAML::Node& n, YAML::NodeType::value type,
              std::string_view what, std::string_view expected) {
    return ctx_->Expect(f, n, type, what, expected);
  }
  bool Scalar(const SourceFile& f, const YAML::Node& n, std::string_view what, std::string* out) {
    return ctx_->Scalar(f, n, what, out);
  }
  bool StringList(const SourceFile& f, const YAML::Node& n, std::string_view what,
                  std::vector<std::string>* out, std::vector<SourceLocation>* locs = nullptr) {
    return ctx_->StringList(f, n, what, out, locs);
  }
  bool Duration(const SourceFile& f, const YAML::Node& n, std::string_view what, EventTime* out) {
    return ctx_->Duration(f, n, what, out);
  }
  bool Number(const SourceFile& f, const YAML::Node& n, std::string_view what, double* out) {
    return ctx_->Number(f, n, what, out);
  }
  bool Bool(const SourceFile& f, const YAML::Node& n, std::string_view what, bool* out) {
    return ctx_->Bool(f, n, what, out);
  }
  void KnownKeys(const SourceFile& f, const YAML::Node& n, std::string_view what,
                 std::initializer_list<std::string_view> allowed) {
    ctx_->KnownKeys(f, n, what, allowed);
  }

  void CompileEntities();
  void CompileClasses();
  void CheckMacros();
  uint32_t InternPhrase(std::string_view text, bool regex, const SourceLocation& loc);
  // AST -> nodes with macros expanded. Returns the node index or -1.
  int Lower(const CondAst& ast, const SourceFile& f, const YAML::Node& where, size_t base_offset,
            Condition* out, std::vector<std::string>* macro_stack, int depth);
  // Appends the phrase ids of list `name` (an undefined-list error at `loc` when there is none).
  bool ListPhrases(const std::string& name, const SourceLocation& loc, std::vector<uint32_t>* out);
  // Compiles the condition `parts` (several when overrides appended to it) into *out: one
  // part as written, several OR-ed.
  bool CompileCondition(const std::vector<RulePart>& parts, std::string_view what, Condition* out);
  bool CompileCondition(const SourceFile& f, const YAML::Node& n, std::string_view what,
                        Condition* out) {
    return CompileCondition(std::vector<RulePart>{RulePart{&f, n}}, what, out);
  }
  // A price test, a score and a severity: one parse and one check each, whether a rule or a
  // beneficiary gives them. `what` names the price test in its syntax errors.
  void CompilePrice(const SourceFile& f, const YAML::Node& n, std::string_view what,
                    PriceCondition* out);
  void CompileScore(const SourceFile& f, const YAML::Node& n, ScoreExpr* out);
  void CompileSeverity(const SourceFile& f, const YAML::Node& n, std::string* out);
  void CompileRule(const CollectedRule& item);
  void CompileBeneficiaries(const SourceFile& f, const YAML::Node& list, const Rule& parent,
                            std::vector<Rule>* out);
  void CompileDatabase();
  void BuildIndexes();

  const CollectedPack* pack_;
  LoadContext* ctx_;
  // For warnings: which lists and macros something refers to, which lists were checked for
  // shadowed items, and whether Lower is checking macros that nothing may use.
  std::set<std::string> used_lists_, used_macros_, shadow_checked_;
  // A list's phrase ids, once lowered: a macro such as china_government names a dozen lists and
  // every rule expands it, so without this each lexicon list was re-read and re-stemmed for
  // every reference (half the load time of the default pack).
  std::map<std::string, std::vector<uint32_t>> list_ids_;
  bool checking_macros_ = false;
  std::map<std::string, std::unique_ptr<CondAst>> macro_asts_;
  std::set<std::string> bad_macros_;
  std::map<std::pair<int, std::string>, uint32_t> phrase_ids_;  // (form, key) -> id
  std::vector<SourceLocation> phrase_locs_;
  std::vector<StreamPattern> stream_patterns_;  // by phrase id; empty regex unless words form
  WordStemmer stemmer_;
  std::map<std::string, uint32_t> entity_ids_;
  std::map<std::string, std::vector<uint32_t>> classes_;  // class name -> member entity ids
  std::shared_ptr<CompiledRules> out_;
};

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
      stream = StreamPattern{};
      stream.regex = "\\x20unmatchable\\x20";
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
    if (stream.gap) {
      p.gap_elements = stream.elements;
      p.anchor_length = stream.anchor_length;
    }
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
    case AstKind::kRegex:
      node.kind = CondKind::kAny;
      node.phrases.push_back(InternPhrase(ast.args[0], /*regex=*/true, loc));
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
        } else if (!ListPhrases(RoleListName(ast.function, ast.args[a]), loc, &group)) {
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
      for (const std::string& s : ast.args) node.sources.push_back(absl::AsciiStrToLower(s));
      std::sort(node.sources.begin(), node.sources.end());
      break;
    case AstKind::kMacro: {
      const std::string& name = ast.args[0];
      auto it = pack_->macros.find(name);
      if (it == pack_->macros.end()) {
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
      const PackItem& macro = it->second;
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
  auto it = pack_->lists.find(name);
  if (it == pack_->lists.end()) {
    Error(loc, "undefined-list", "no list named '" + name + "'",
          "a name under `lists:` in any file of the pack");
    return false;
  }
  const PackItem& list = it->second;
  used_lists_.insert(name);
  if (auto cached = list_ids_.find(name); cached != list_ids_.end()) {
    out->insert(out->end(), cached->second.begin(), cached->second.end());
    return true;
  }
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
  list_ids_.emplace(name, std::vector<uint32_t>(out->begin() + first, out->end()));
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
    case CondKind::kCall: {
      if (ConditionFunctionAt(n.function).needs_every_phrase) {  // the rarest one is enough
        uint32_t best = n.phrases[0];
        for (uint32_t p : n.phrases) {
          if (popularity[p] < popularity[best]) best = p;
        }
        *out = {best};
        return cost(*out);
      }
      // Every group must match: the cheapest one is enough.
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

bool RuleCompiler::CompileCondition(const std::vector<RulePart>& parts, std::string_view what,
                                    Condition* out) {
  std::vector<uint32_t> roots;
  std::string joined;
  bool ok = true;
  for (const RulePart& part : parts) {
    const SourceFile& f = *part.file;
    std::string text;
    if (!Scalar(f, part.node, what, &text)) {
      ok = false;
      continue;
    }
    ParseError pe;
    auto ast = ParseCondition(text, &pe);
    if (ast == nullptr) {
      Error(LocIn(f, part.node, pe.offset), "condition-syntax",
            std::string("in ") + std::string(what) + ": " + pe.message, pe.expected);
      ok = false;
      continue;
    }
    std::vector<std::string> stack;
    int root = Lower(*ast, f, part.node, 0, out, &stack, 0);
    if (root < 0) {
      ok = false;
      continue;
    }
    roots.push_back(static_cast<uint32_t>(root));
    joined = parts.size() == 1 ? text
                               : absl::StrCat(joined, joined.empty() ? "" : " or ", "(", text, ")");
  }
  if (!ok || roots.empty()) return false;
  if (roots.size() == 1) {
    out->root = roots[0];
  } else {  // an override appended to it: the rule also holds on the appended condition
    CondNode any_of;
    any_of.kind = CondKind::kOr;
    any_of.children = roots;
    any_of.text = joined;
    out->nodes.push_back(std::move(any_of));
    out->root = static_cast<uint32_t>(out->nodes.size() - 1);
  }
  out->text = joined;
  return true;
}

void RuleCompiler::CompileRule(const CollectedRule& item) {
  ctx_->set_current_path(item.file->path);
  const size_t errors_before = ctx_->errors().size();
  Rule rule;
  rule.id = item.id;
  rule.location = item.loc;
  rule.file = item.file->path;
  rule.file_hash = item.file->hash;
  if (!item.override_files.empty()) {
    // An overridden rule is its file and its overrides: a change to either is a new rule
    // (hot reload drops its state; its signals carry a new hash).
    std::string hashes = item.file->hash;
    for (const SourceFile* o : item.override_files) hashes += o->hash;
    rule.file_hash = HexHash128(hashes);
  }
  const RulePart* headline = item.All("headline").empty() ? nullptr : &item.All("headline").front();
  const RulePart* price = item.Get("price");
  bool enabled = true;
  if (const RulePart* p = item.Get("enabled")) Bool(*p->file, p->node, "enabled", &enabled);
  if (const RulePart* p = item.Get("description")) {
    Scalar(*p->file, p->node, "description", &rule.description);
  }
  if (headline) CompileCondition(item.All("headline"), "headline condition", &rule.headline);
  if (price) CompilePrice(*price->file, price->node, "price condition", &rule.price);
  if (!headline && !price) {
    Error(item.loc, "missing-key", "rule '" + item.id + "' has no condition",
          "headline:, price:, or both");
  }
  if (rule.price.present && !rule.price.prev_close) rule.window = rule.price.window;
  if (const RulePart* p = item.Get("window")) Duration(*p->file, p->node, "window", &rule.window);
  rule.cooldown = rule.window;
  if (const RulePart* p = item.Get("cooldown")) {
    if (p->node.IsScalar() && p->node.Scalar() == "0") {
      rule.cooldown = 0;
    } else {
      Duration(*p->file, p->node, "cooldown", &rule.cooldown);
    }
  }
  if (const RulePart* p = item.Get("negation")) Bool(*p->file, p->node, "negation", &rule.negation);
  if (const RulePart* p = item.Get("fallback")) {
    Bool(*p->file, p->node, "fallback", &rule.fallback);
    if (rule.fallback && !headline) {
      Error(Loc(*p->file, p->node), "bad-value", "a fallback rule needs a headline condition",
            "fallback: false, or a headline: condition");
    }
  }
  if (const RulePart* p = item.Get("novelty")) {
    const SourceFile& f = *p->file;
    const YAML::Node& nov = p->node;
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
  if (const RulePart* p = item.Get("score")) CompileScore(*p->file, p->node, &rule.score);
  for (const RulePart& part : item.All("exceptions")) {
    const SourceFile& f = *part.file;
    if (!Expect(f, part.node, YAML::NodeType::Sequence, "exceptions",
                "a list of {name, condition}")) {
      continue;
    }
    for (const YAML::Node& e : part.node) {
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
  const RulePart* emit_part = item.Get("emit");
  if (!emit_part) {
    Error(item.loc, "missing-key", "rule '" + item.id + "' has no emit",
          "emit: {instrument: NVDA or mentioned, direction: long|short|watch}");
  } else if (Expect(*emit_part->file, emit_part->node, YAML::NodeType::Map, "emit",
                    "a map with instrument, direction, severity")) {
    const SourceFile& f = *emit_part->file;
    const YAML::Node& emit = emit_part->node;
    KnownKeys(f, emit, "emit", {"instrument", "entities", "direction", "severity"});
    std::string instrument;
    if (!emit["instrument"]) {
      Error(Loc(f, emit), "missing-key", "emit without instrument",
            "instrument: an instrument id or mentioned");
    } else if (Scalar(f, emit["instrument"], "emit instrument", &instrument)) {
      if (instrument == "mentioned") {
        rule.emit_mentioned = true;
        if (!headline) {
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
      if (dir == "with_move") {
        // The move decides: short on a drop, long on a rise (a fallback's abs(move) test).
        rule.direction_with_move = true;
        rule.direction = Direction::kWatch;
        if (!rule.price.present) {
          Error(Loc(f, emit["direction"]), "bad-value", "direction with_move needs a price test",
                "price: abs(abnormal_move(mentioned, 60m)) >= 3%, or long, short or watch");
        }
      } else if (!ParseDirection(dir, &rule.direction)) {
        Error(Loc(f, emit["direction"]), "bad-value", "unknown direction '" + dir + "'",
              "long, short, watch or with_move");
      }
    }
    if (emit["severity"]) CompileSeverity(f, emit["severity"], &rule.severity);
  }
  for (const RulePart& part : item.All("tests")) {
    const SourceFile& f = *part.file;
    if (!Expect(f, part.node, YAML::NodeType::Sequence, "tests", "a list of {headline, expect}")) {
      continue;
    }
    for (const YAML::Node& t : part.node) {
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
      if (!headline) {
        Error(Loc(f, t), "bad-test", "inline tests need a headline condition",
              "tests only on rules with headline:");
      }
      rule.tests.push_back(std::move(test));
    }
  }
  if (ctx_->errors().size() != errors_before || !enabled) return;
  CollectPhrases(rule.headline, out_->entities_, &rule.phrases);
  std::sort(rule.phrases.begin(), rule.phrases.end());
  rule.phrases.erase(std::unique(rule.phrases.begin(), rule.phrases.end()), rule.phrases.end());
  rule.phrase_gated = !rule.headline.empty() && NeedsPhrase(rule.headline, rule.headline.root);
  if (!rule.headline.empty() && !CanHold(rule.headline, rule.headline.root)) {
    Warn(Loc(*headline->file, headline->node), "never-fires",
         "rule '" + rule.id + "': its headline condition can never hold",
         "a condition that some headline satisfies, or enabled: false");
  }
  std::vector<Rule> derived;
  for (const RulePart& part : item.All("beneficiaries")) {
    CompileBeneficiaries(*part.file, part.node, rule, &derived);
  }
  if (ctx_->errors().size() != errors_before) return;
  out_->rules_.push_back(std::move(rule));
  for (Rule& d : derived) out_->rules_.push_back(std::move(d));
}

void RuleCompiler::CompilePrice(const SourceFile& f, const YAML::Node& n, std::string_view what,
                                PriceCondition* out) {
  std::string text;
  if (!Scalar(f, n, "price condition", &text)) return;
  ParseError pe;
  if (!ParsePriceCondition(text, out, &pe)) {
    Error(LocIn(f, n, pe.offset), "condition-syntax", "in " + std::string(what) + ": " + pe.message,
          pe.expected);
  }
  out->text = text;
}

void RuleCompiler::CompileScore(const SourceFile& f, const YAML::Node& n, ScoreExpr* out) {
  std::string text;
  if (!Scalar(f, n, "score", &text)) return;
  ParseError pe;
  if (!ParseScore(text, out, &pe)) {
    Error(LocIn(f, n, pe.offset), "condition-syntax", "in score: " + pe.message, pe.expected);
  }
  out->text = text;
}

void RuleCompiler::CompileSeverity(const SourceFile& f, const YAML::Node& n, std::string* out) {
  if (!Scalar(f, n, "severity", out)) return;
  if (*out != "low" && *out != "medium" && *out != "high" && *out != "critical") {
    Error(Loc(f, n), "bad-value", "unknown severity '" + *out + "'",
          "low, medium, high or critical");
  }
}

// A beneficiary becomes a rule of its own: the parent's headline condition and
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
      if (!ParseDirection(dir, &d.direction)) {
        Error(Loc(f, b["direction"]), "bad-value", "unknown direction '" + dir + "'",
              "long, short or watch");
      }
    }
    if (b["severity"]) CompileSeverity(f, b["severity"], &d.severity);
    if (b["price"]) {
      CompilePrice(f, b["price"], "beneficiary price condition", &d.price);
      if (d.price.mentioned) {  // `mentioned` here is the beneficiary itself
        d.price.mentioned = false;
        d.price.instrument = d.emit_instrument;
      }
      if (d.price.present && !d.price.prev_close) d.window = d.price.window;
    }
    if (b["score"]) CompileScore(f, b["score"], &d.score);
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
    } else if (stream_patterns_[i].gap) {
      patterns.push_back(stream_patterns_[i].anchor_regex);  // PhraseScanner follows the rest
    } else {
      patterns.push_back(stream_patterns_[i].regex);
    }
    for (const std::string& t : stream_patterns_[i].tokens) out_->stem_filter_.Add(t);
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
  for (size_t i = 0; i < phrases.size(); ++i) {
    // A gap phrase is compiled as its anchor, a literal (its words before the first gap): gap
    // regexes with start tracking made 10,000 gap phrases take 6 to 10 s to compile. The
    // scanner follows the rest (GapMatchEnds). The stream is lower case.
    if (phrases[i].regex) {
      flag_list[i] = regex_flags;
    } else if (phrases[i].exact) {
      flag_list[i] = literal_flags;
    } else {
      flag_list[i] = 0;
    }
    exprs.push_back(patterns[i].c_str());
  }
  // One expression per distinct (pattern, flags); each lists the phrases it stands for.
  std::vector<const char*> unique_exprs;
  std::vector<unsigned> unique_flags;
  std::vector<unsigned> unique_ids;
  std::vector<size_t> first_phrase;
  std::vector<std::vector<uint32_t>> members;
  absl::flat_hash_map<std::pair<std::string_view, unsigned>, uint32_t> pattern_index;
  for (size_t i = 0; i < exprs.size(); ++i) {
    auto [it, added] =
        pattern_index.try_emplace(std::make_pair(std::string_view(exprs[i]), flag_list[i]),
                                  static_cast<uint32_t>(unique_exprs.size()));
    if (added) {
      unique_exprs.push_back(exprs[i]);
      unique_flags.push_back(flag_list[i]);
      unique_ids.push_back(it->second);
      first_phrase.push_back(i);
      members.emplace_back();
    }
    members[it->second].push_back(static_cast<uint32_t>(i));
  }
  out_->pattern_from_.assign(1, 0);
  out_->pattern_phrases_.clear();
  for (const std::vector<uint32_t>& m : members) {
    out_->pattern_phrases_.insert(out_->pattern_phrases_.end(), m.begin(), m.end());
    out_->pattern_from_.push_back(static_cast<uint32_t>(out_->pattern_phrases_.size()));
  }
  for (size_t i = 0; i < phrases.size(); ++i) {
    for (const StreamElement& e : stream_patterns_[i].elements) {
      if (!e.token.empty()) out_->phrases_[i].gap_tokens |= TokenBit(e.token);
    }
  }
  // Exact phrases and regexes count in the raw text, word patterns in the stream: each
  // database scans only its part.
  for (const bool stream : {false, true}) {
    std::vector<const char*> part_exprs;
    std::vector<unsigned> part_flags;
    std::vector<unsigned> part_ids;
    for (size_t k = 0; k < unique_exprs.size(); ++k) {
      if (phrases[first_phrase[k]].words() != stream) continue;
      part_exprs.push_back(unique_exprs[k]);
      part_flags.push_back(unique_flags[k]);
      part_ids.push_back(unique_ids[k]);
    }
    if (part_exprs.empty()) continue;
    hs_database_t* db = nullptr;
    hs_compile_error_t* err = nullptr;
    if (hs_compile_multi(part_exprs.data(), part_flags.data(), part_ids.data(),
                         static_cast<unsigned>(part_exprs.size()), HS_MODE_BLOCK, nullptr, &db,
                         &err) != HS_SUCCESS) {
      SourceLocation loc =
          err != nullptr && err->expression >= 0
              ? phrase_locs_[first_phrase[part_ids[static_cast<size_t>(err->expression)]]]
              : SourceLocation{};
      Error(loc, "bad-regex",
            std::string("Hyperscan rejected the pack's patterns: ") +
                (err != nullptr ? err->message : "unknown error"),
            "simpler phrases or regexes");
      hs_free_compile_error(err);
      return;
    }
    (stream ? out_->stream_database_ : out_->raw_database_).reset(db);
  }
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
    if (r.price.abnormal) {
      for (const std::string& sym : reach) {
        const std::string_view b = c.BenchmarkOf(sym);
        if (!b.empty()) watched.insert(std::string(b));
      }
    }
  }
  c.watched_.assign(watched.begin(), watched.end());
  c.price_windows_.assign(windows.begin(), windows.end());
}

void RuleCompiler::CompileEntities() {
  for (const auto& [name, item] : pack_->entities) {
    const SourceFile& f = *item.file;
    ctx_->set_current_path(f.path);
    if (!Expect(f, item.node, YAML::NodeType::Map, "entity '" + name + "'",
                "a map with instruments and names")) {
      continue;
    }
    KnownKeys(f, item.node, "entity '" + name + "'",
              {"instruments", "names", "benchmark", "exchange", "cost_bp"});
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
    if (const YAML::Node b = item.node["benchmark"]; b && b.IsMap()) {
      for (const auto& kv : b) {
        std::string instrument, bench;
        if (!Scalar(f, kv.first, "benchmark instrument", &instrument) ||
            !Scalar(f, kv.second, "benchmark", &bench)) {
          continue;
        }
        if (std::find(e.instruments.begin(), e.instruments.end(), instrument) ==
            e.instruments.end()) {
          Error(Loc(f, kv.first), "bad-value",
                "benchmark for '" + instrument + "', which is not an instrument of '" + name + "'",
                "one of the entity's instruments");
          continue;
        }
        e.benchmark_by_instrument.emplace_back(instrument, bench);
      }
    } else if (b) {
      Scalar(f, b, "benchmark", &e.benchmark);
    }
    // The exchange, as the benchmark: one for all instruments or one per instrument; a name the
    // evaluation's calendars know (app/evaluation/exchange_calendar.h).
    auto known_exchange = [&](const YAML::Node& node, const std::string& x) {
      if (x == "XNYS" || x == "XNAS" || x == "XHKG" || x == "XSHG") return true;
      Error(Loc(f, node), "bad-value", "unknown exchange '" + x + "'", "XNYS, XNAS, XHKG or XSHG");
      return false;
    };
    if (const YAML::Node x = item.node["exchange"]; x && x.IsMap()) {
      for (const auto& kv : x) {
        std::string instrument, exchange;
        if (!Scalar(f, kv.first, "exchange instrument", &instrument) ||
            !Scalar(f, kv.second, "exchange", &exchange) || !known_exchange(kv.second, exchange)) {
          continue;
        }
        if (std::find(e.instruments.begin(), e.instruments.end(), instrument) ==
            e.instruments.end()) {
          Error(Loc(f, kv.first), "bad-value",
                "exchange for '" + instrument + "', which is not an instrument of '" + name + "'",
                "one of the entity's instruments");
          continue;
        }
        e.exchange_by_instrument.emplace_back(instrument, exchange);
      }
    } else if (x) {
      std::string exchange;
      if (Scalar(f, x, "exchange", &exchange) && known_exchange(x, exchange)) e.exchange = exchange;
    }
    // The cost per side in bp, as the exchange: one for all instruments or one per instrument.
    auto cost = [&](const YAML::Node& node, double* bp) {
      if (!Number(f, node, "cost_bp", bp)) return false;
      if (*bp >= 0 && std::isfinite(*bp)) return true;
      Error(Loc(f, node), "bad-value", "cost_bp out of range", "basis points per side, >= 0");
      return false;
    };
    if (const YAML::Node c = item.node["cost_bp"]; c && c.IsMap()) {
      for (const auto& kv : c) {
        std::string instrument;
        double bp = 0;
        if (!Scalar(f, kv.first, "cost_bp instrument", &instrument) || !cost(kv.second, &bp)) {
          continue;
        }
        if (std::find(e.instruments.begin(), e.instruments.end(), instrument) ==
            e.instruments.end()) {
          Error(Loc(f, kv.first), "bad-value",
                "cost_bp for '" + instrument + "', which is not an instrument of '" + name + "'",
                "one of the entity's instruments");
          continue;
        }
        e.cost_bp_by_instrument.emplace_back(instrument, bp);
      }
    } else if (c) {
      double bp = 0;
      if (cost(c, &bp)) e.cost_bp = bp;
    }
    std::sort(e.instruments.begin(), e.instruments.end());
    entity_ids_[name] = static_cast<uint32_t>(out_->entities_.size());
    out_->entities_.push_back(std::move(e));
  }
}

// Entity classes: a class phrase ("US chipmakers") names every member, so it joins each
// member's names; `mentioned` then resolves to the members' instruments.
void RuleCompiler::CompileClasses() {
  for (const auto& [name, item] : pack_->classes) {
    const SourceFile& f = *item.file;
    ctx_->set_current_path(f.path);
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
}

// Macros that no rule uses are still checked.
void RuleCompiler::CheckMacros() {
  checking_macros_ = true;
  for (const auto& [name, item] : pack_->macros) {
    ctx_->set_current_path(item.file->path);
    Condition scratch;
    std::vector<std::string> stack;
    CondAst ref;
    ref.kind = AstKind::kMacro;
    ref.args.push_back(name);
    Lower(ref, *item.file, item.node, 0, &scratch, &stack, 0);
  }
  checking_macros_ = false;
}

std::shared_ptr<CompiledRules> RuleCompiler::Run(const std::vector<SourceFile>& files) {
  out_ = std::make_shared<CompiledRules>();
  for (const SourceFile& f : files) out_->files_.push_back(LoadedFile{f.path, f.hash});
  for (const auto& [name, w] : pack_->sources) {
    if (name == "default") {
      out_->default_source_weight_ = w.first;
    } else {
      out_->source_weights_.emplace_back(name, w.first);
    }
  }
  if (pack_->negation_distance) out_->negation_distance_ = pack_->negation_distance->first;
  CompileEntities();
  CompileClasses();
  for (const auto& [text, loc] : pack_->negation_cues) {
    out_->negation_cues_.push_back(InternPhrase(text, false, loc));
  }
  for (const auto& [text, loc] : pack_->retraction_cues) {
    out_->retraction_cues_.push_back(InternPhrase(text, false, loc));
  }
  std::sort(out_->retraction_cues_.begin(), out_->retraction_cues_.end());
  std::sort(out_->negation_cues_.begin(), out_->negation_cues_.end());
  out_->negation_cues_.erase(std::unique(out_->negation_cues_.begin(), out_->negation_cues_.end()),
                             out_->negation_cues_.end());
  CheckMacros();
  // Rules in file order, then position: the order signals of one event are emitted in.
  std::vector<const CollectedRule*> ordered;
  for (const auto& [name, item] : pack_->rules) ordered.push_back(&item);
  std::sort(ordered.begin(), ordered.end(), [](const CollectedRule* a, const CollectedRule* b) {
    return std::tie(a->loc.file, a->loc.line, a->loc.column) <
           std::tie(b->loc.file, b->loc.line, b->loc.column);
  });
  for (const CollectedRule* item : ordered) CompileRule(*item);
  if (!ctx_->has_errors() && pack_->rules.empty()) {
    Error(SourceLocation{files.empty() ? "" : files[0].path, 1, 1}, "empty-pack",
          "the pack defines no rule", "at least one entry under `rules:`");
  }
  if (!ctx_->has_errors()) CompileDatabase();
  if (ctx_->has_errors()) return nullptr;
  for (const auto& [name, item] : pack_->lists) {
    // A lexicon is shared: a pack uses some of its lists (the lexicon's tests cover the rest).
    if (!used_lists_.count(name) && item.file->lexicon.empty()) {
      Warn(item.loc, "unused-list", "list '" + name + "' is not used by any rule or macro",
           "any(" + name + ") somewhere, or remove it");
    }
  }
  for (const auto& [name, item] : pack_->macros) {
    if (!used_macros_.count(name)) {
      Warn(item.loc, "unused-macro", "macro '" + name + "' is not used by any rule or macro",
           "a reference to " + name + ", or remove it");
    }
  }
  ctx_->SortByLocation();
  out_->warnings_ = ctx_->warnings();
  BuildIndexes();
  return out_;
}

std::shared_ptr<CompiledRules> CompilePack(const CollectedPack& pack,
                                           const std::vector<SourceFile>& files, LoadContext* ctx) {
  RuleCompiler compiler(pack, ctx);
  return compiler.Run(files);
}

}  // namespace tripline
