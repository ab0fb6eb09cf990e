#include "rules/condition_parser.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "rules/condition_functions.h"

namespace tripline {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

// A cursor over the text shared by the three grammars.
class Cursor {
 public:
  Cursor(std::string_view text, ParseError* error) : text_(text), error_(error) {}

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool AtEnd() {
    SkipSpace();
    return pos_ >= text_.size();
  }
  size_t pos() const { return pos_; }
  void set_pos(size_t p) { pos_ = p; }
  std::string_view text() const { return text_; }

  bool Peek(char c) {
    SkipSpace();
    return pos_ < text_.size() && text_[pos_] == c;
  }
  bool Consume(char c) {
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }
  bool ConsumeOp(std::string_view op) {
    SkipSpace();
    if (text_.substr(pos_, op.size()) != op) return false;
    pos_ += op.size();
    return true;
  }
  // Reads a NAME without consuming it when `peek`.
  std::string_view Name(bool peek = false) {
    SkipSpace();
    size_t end = pos_;
    while (end < text_.size() && IsNameChar(text_[end])) ++end;
    std::string_view name = text_.substr(pos_, end - pos_);
    if (!peek) pos_ = end;
    return name;
  }
  // Consumes `word` when the next NAME is exactly it.
  bool Keyword(std::string_view word) {
    size_t save = pos_;
    if (Name() == word) return true;
    pos_ = save;
    return false;
  }
  bool String(std::string* out) {
    SkipSpace();
    if (pos_ >= text_.size() || (text_[pos_] != '"' && text_[pos_] != '\'')) return false;
    const char quote = text_[pos_];
    size_t p = pos_ + 1;
    out->clear();
    while (p < text_.size() && text_[p] != quote) {
      if (text_[p] == '\\' && quote == '"' && p + 1 < text_.size() &&
          (text_[p + 1] == '"' || text_[p + 1] == '\\')) {
        ++p;
      }
      out->push_back(text_[p]);
      ++p;
    }
    if (p >= text_.size()) return Fail(pos_, "unterminated string", "a closing quote");
    pos_ = p + 1;
    return true;
  }
  bool Number(double* out, bool allow_percent) {
    SkipSpace();
    size_t p = pos_;
    if (p < text_.size() && (text_[p] == '-' || text_[p] == '+')) ++p;
    size_t digits = p;
    while (p < text_.size() && ((text_[p] >= '0' && text_[p] <= '9') || text_[p] == '.')) ++p;
    if (p == digits) return false;
    double v = 0;
    const char* first = text_.data() + pos_;
    if (*first == '+') ++first;
    auto [ptr, ec] = std::from_chars(first, text_.data() + p, v);
    if (ec != std::errc() || ptr != text_.data() + p || !std::isfinite(v)) return false;
    pos_ = p;
    if (allow_percent && pos_ < text_.size() && text_[pos_] == '%') {
      ++pos_;
      v /= 100.0;
    }
    *out = v;
    return true;
  }
  bool Fail(size_t offset, std::string message, std::string expected) {
    if (error_->message.empty()) {
      error_->offset = offset;
      error_->message = std::move(message);
      error_->expected = std::move(expected);
    }
    return false;
  }
  bool failed() const { return !error_->message.empty(); }

 private:
  std::string_view text_;
  ParseError* error_;
  size_t pos_ = 0;
};

class ConditionParser {
 public:
  explicit ConditionParser(Cursor* c) : c_(*c) {}

  std::unique_ptr<CondAst> Or(int depth) {
    if (depth > kMaxConditionDepth) {
      c_.Fail(c_.pos(), "condition nested too deeply",
              "at most " + std::to_string(kMaxConditionDepth) + " levels");
      return nullptr;
    }
    size_t start = c_.pos();
    auto left = And(depth + 1);
    if (left == nullptr) return nullptr;
    if (!c_.Keyword("or")) return left;
    auto node = std::make_unique<CondAst>();
    node->kind = AstKind::kOr;
    node->offset = start;
    node->children.push_back(std::move(left));
    do {
      auto right = And(depth + 1);
      if (right == nullptr) return nullptr;
      node->children.push_back(std::move(right));
    } while (c_.Keyword("or"));
    return node;
  }

 private:
  std::unique_ptr<CondAst> And(int depth) {
    size_t start = c_.pos();
    auto left = Unary(depth + 1);
    if (left == nullptr) return nullptr;
    if (!c_.Keyword("and")) return left;
    auto node = std::make_unique<CondAst>();
    node->kind = AstKind::kAnd;
    node->offset = start;
    node->children.push_back(std::move(left));
    do {
      auto right = Unary(depth + 1);
      if (right == nullptr) return nullptr;
      node->children.push_back(std::move(right));
    } while (c_.Keyword("and"));
    return node;
  }

  std::unique_ptr<CondAst> Unary(int depth) {
    if (depth > kMaxConditionDepth) {
      c_.Fail(c_.pos(), "condition nested too deeply",
              "at most " + std::to_string(kMaxConditionDepth) + " levels");
      return nullptr;
    }
    c_.SkipSpace();
    size_t start = c_.pos();
    if (c_.Keyword("not")) {
      auto child = Unary(depth + 1);
      if (child == nullptr) return nullptr;
      auto node = std::make_unique<CondAst>();
      node->kind = AstKind::kNot;
      node->offset = start;
      node->children.push_back(std::move(child));
      return node;
    }
    return Primary(depth);
  }

  std::unique_ptr<CondAst> Primary(int depth) {
    c_.SkipSpace();
    const size_t start = c_.pos();
    auto node = std::make_unique<CondAst>();
    node->offset = start;
    if (c_.Consume('(')) {
      auto inner = Or(depth + 1);
      if (inner == nullptr) return nullptr;
      if (!c_.Consume(')')) {
        c_.Fail(c_.pos(), "unbalanced parenthesis", "')'");
        return nullptr;
      }
      return inner;
    }
    std::string str;
    if (c_.Peek('"') || c_.Peek('\'')) {
      if (!c_.String(&str)) return nullptr;
      if (str.empty()) {
        c_.Fail(start, "empty phrase", "a non-empty phrase");
        return nullptr;
      }
      // A bare STRING is phrase(STRING).
      FindConditionFunction("phrase", &node->function);
      node->kind = AstKind::kCall;
      node->args.push_back(str);
      node->arg_kinds = "s";
      node->text = std::string(c_.text().substr(start, c_.pos() - start));
      return node;
    }
    std::string_view name = c_.Name();
    if (name.empty()) {
      c_.Fail(start, c_.AtEnd() ? "condition ends too early" : "unexpected character",
              "a condition: any(LIST), all(LIST), phrase(\"...\"), regex(\"...\"), "
              "mentions(ENTITY), source(...), a \"phrase\", a macro name, not or (");
      return nullptr;
    }
    if (name == "and" || name == "or") {
      c_.Fail(start, "'" + std::string(name) + "' without a left operand", "a condition");
      return nullptr;
    }
    if (name == "true" || name == "false") {
      node->kind = name == "true" ? AstKind::kTrue : AstKind::kFalse;
      node->text = std::string(name);
      return node;
    }
    const bool is_call = c_.Peek('(');
    if (!is_call) {
      node->kind = AstKind::kMacro;
      node->args.emplace_back(name);
      node->text = std::string(name);
      return node;
    }
    c_.Consume('(');
    if (name == "mentions") {
      std::string_view arg = c_.Name();
      if (arg.empty()) {
        c_.Fail(c_.pos(), "missing name", "an entity name or 'any'");
        return nullptr;
      }
      node->kind = AstKind::kMentions;
      node->args.emplace_back(arg);
    } else if (name == "regex") {
      if (!c_.String(&str)) {
        c_.Fail(c_.pos(), "missing string", "a quoted string");
        return nullptr;
      }
      if (str.empty()) {
        c_.Fail(start, "empty " + std::string(name), "a non-empty string");
        return nullptr;
      }
      node->kind = AstKind::kRegex;
      node->args.push_back(str);
    } else if (name == "source") {
      node->kind = AstKind::kSource;
      do {
        if (c_.Peek('"') || c_.Peek('\'')) {
          if (!c_.String(&str)) return nullptr;
          node->args.push_back(str);
        } else {
          std::string_view s = c_.Name();
          if (s.empty()) {
            c_.Fail(c_.pos(), "missing source name", "a source name or quoted string");
            return nullptr;
          }
          node->args.emplace_back(s);
        }
      } while (c_.Consume(','));
    } else if (name == "move") {
      c_.Fail(start, "move() is a price test", "it under the rule's `price:` key");
      return nullptr;
    } else if (const ConditionFunction* fn = FindConditionFunction(name, &node->function)) {
      if (!CallArguments(*fn, node.get())) return nullptr;
      node->kind = AstKind::kCall;
    } else {
      c_.Fail(start, "unknown function '" + std::string(name) + "'",
              ConditionFunctionUsages() + ", regex(STRING), mentions(ENTITY) or source(...)");
      return nullptr;
    }
    if (!c_.Consume(')')) {
      c_.Fail(c_.pos(), "unclosed call", "')'");
      return nullptr;
    }
    node->text = std::string(c_.text().substr(start, c_.pos() - start));
    return node;
  }

  // The arguments of a registered function, checked against its signature.
  bool CallArguments(const ConditionFunction& fn, CondAst* node) {
    std::string_view spec = fn.args;
    const bool last_optional = !spec.empty() && spec.back() == '?';
    if (last_optional) spec.remove_suffix(1);
    const std::string usage(fn.usage);
    do {
      const size_t k = node->arg_kinds.size();
      if (k >= spec.size()) {
        c_.Fail(c_.pos(), "too many arguments", usage);
        return false;
      }
      std::string str;
      if (c_.Peek('"') || c_.Peek('\'')) {
        if (!c_.String(&str)) return false;
        if (str.empty()) return c_.Fail(c_.pos(), "empty phrase", "a non-empty phrase");
        node->arg_kinds.push_back('s');
      } else {
        const size_t at = c_.pos();
        std::string_view n = c_.Name();
        if (n.empty()) return c_.Fail(at, "missing argument", usage);
        const bool digits = n.find_first_not_of("0123456789") == std::string_view::npos;
        node->arg_kinds.push_back(digits ? 'n' : 'l');
        str = std::string(n);
      }
      const char want = spec[k];
      const char got = node->arg_kinds.back();
      const bool fits = want == 'p' ? got != 'n' : got == want;
      if (!fits || (want == 'n' && str.size() > 4)) {
        return c_.Fail(c_.pos(),
                       want == 'n'   ? "argument must be a whole number"
                       : want == 'l' ? "argument must be a list name"
                       : want == 's' ? "argument must be a \"phrase\""
                                     : "argument must be a list name or a \"phrase\"",
                       usage);
      }
      node->args.push_back(std::move(str));
    } while (c_.Consume(','));
    const size_t need = spec.size() - (last_optional ? 1 : 0);
    if (node->arg_kinds.size() < need) return c_.Fail(c_.pos(), "too few arguments", usage);
    return true;
  }

  Cursor& c_;
};

class ScoreParser {
 public:
  ScoreParser(Cursor* c, ScoreExpr* out) : c_(*c), out_(*out) {}

  // Returns the node index or -1.
  int Sum(int depth) {
    if (depth > kMaxConditionDepth) {
      c_.Fail(c_.pos(), "expression nested too deeply",
              "at most " + std::to_string(kMaxConditionDepth) + " levels");
      return -1;
    }
    int left = Term(depth + 1);
    while (left >= 0) {
      ScoreOp op;
      if (c_.Consume('+')) {
        op = ScoreOp::kAdd;
      } else if (c_.Consume('-')) {
        op = ScoreOp::kSub;
      } else {
        break;
      }
      int right = Term(depth + 1);
      if (right < 0) return -1;
      left = Binary(op, left, right);
    }
    return left;
  }

 private:
  int Add(ScoreNode node) {
    out_.nodes.push_back(std::move(node));
    return static_cast<int>(out_.nodes.size() - 1);
  }
  int Binary(ScoreOp op, int a, int b) {
    ScoreNode n;
    n.op = op;
    n.children = {static_cast<uint32_t>(a), static_cast<uint32_t>(b)};
    return Add(std::move(n));
  }
  int Term(int depth) {
    int left = Factor(depth + 1);
    while (left >= 0) {
      ScoreOp op;
      if (c_.Consume('*')) {
        op = ScoreOp::kMul;
      } else if (c_.Consume('/')) {
        op = ScoreOp::kDiv;
      } else {
        break;
      }
      int right = Factor(depth + 1);
      if (right < 0) return -1;
      left = Binary(op, left, right);
    }
    return left;
  }
  int Factor(int depth) {
    if (depth > kMaxConditionDepth) {
      c_.Fail(c_.pos(), "expression nested too deeply",
              "at most " + std::to_string(kMaxConditionDepth) + " levels");
      return -1;
    }
    c_.SkipSpace();
    const size_t start = c_.pos();
    if (c_.Consume('-')) {
      int child = Factor(depth + 1);
      if (child < 0) return -1;
      ScoreNode n;
      n.op = ScoreOp::kNeg;
      n.children = {static_cast<uint32_t>(child)};
      return Add(std::move(n));
    }
    if (c_.Consume('(')) {
      int inner = Sum(depth + 1);
      if (inner < 0) return -1;
      if (!c_.Consume(')')) {
        c_.Fail(c_.pos(), "unbalanced parenthesis", "')'");
        return -1;
      }
      return inner;
    }
    double v;
    if (c_.Number(&v, true)) {
      ScoreNode n;
      n.op = ScoreOp::kNum;
      n.value = v;
      return Add(std::move(n));
    }
    std::string_view name = c_.Name();
    if (name.empty()) {
      c_.Fail(start, c_.AtEnd() ? "expression ends too early" : "unexpected character",
              "a number, a variable (move, source_weight, confirmations, headlines, novelty, "
              "phrases), abs/min/max(...) or (");
      return -1;
    }
    if (name == "abs" || name == "min" || name == "max") {
      if (!c_.Consume('(')) {
        c_.Fail(c_.pos(), "missing '('", "'(' after " + std::string(name));
        return -1;
      }
      ScoreNode n;
      n.op = name == "abs" ? ScoreOp::kAbs : (name == "min" ? ScoreOp::kMin : ScoreOp::kMax);
      do {
        int arg = Sum(depth + 1);
        if (arg < 0) return -1;
        n.children.push_back(static_cast<uint32_t>(arg));
      } while (c_.Consume(','));
      if (!c_.Consume(')')) {
        c_.Fail(c_.pos(), "unclosed call", "')'");
        return -1;
      }
      if (n.op == ScoreOp::kAbs && n.children.size() != 1) {
        c_.Fail(start, "abs takes one argument", "abs(x)");
        return -1;
      }
      return Add(std::move(n));
    }
    static constexpr std::pair<std::string_view, ScoreVar> kVars[] = {
        {"move", ScoreVar::kMove},
        {"source_weight", ScoreVar::kSourceWeight},
        {"confirmations", ScoreVar::kConfirmations},
        {"headlines", ScoreVar::kHeadlines},
        {"novelty", ScoreVar::kNovelty},
        {"phrases", ScoreVar::kPhrases},
    };
    for (const auto& [vname, var] : kVars) {
      if (name == vname) {
        ScoreNode n;
        n.op = ScoreOp::kVar;
        n.var = var;
        return Add(std::move(n));
      }
    }
    c_.Fail(start, "unknown variable '" + std::string(name) + "'",
            "move, source_weight, confirmations, headlines, novelty or phrases");
    return -1;
  }

  Cursor& c_;
  ScoreExpr& out_;
};

}  // namespace

std::unique_ptr<CondAst> ParseCondition(std::string_view text, ParseError* error) {
  *error = ParseError{};
  Cursor c(text, error);
  ConditionParser parser(&c);
  auto root = parser.Or(0);
  if (root == nullptr) return nullptr;
  if (!c.AtEnd()) {
    c.Fail(c.pos(), "unexpected text after the condition", "'and', 'or', ')' or the end");
    return nullptr;
  }
  return root;
}

bool ParsePriceCondition(std::string_view text, PriceCondition* out, ParseError* error) {
  *error = ParseError{};
  Cursor c(text, error);
  PriceCondition p;
  p.present = true;
  const bool abs = c.Keyword("abs");
  if (abs && !c.Consume('(')) return c.Fail(c.pos(), "missing '('", "'(' after abs");
  p.abs = abs;
  c.SkipSpace();
  const size_t fn_at = c.pos();
  p.abnormal = c.Keyword("abnormal_move");
  if ((!p.abnormal && !c.Keyword("move")) || !c.Consume('(')) {
    return c.Fail(c.pos(), "not a price test",
                  "move(TARGET, WINDOW) <= -3% or abnormal_move(TARGET, WINDOW) <= -3%");
  }
  c.SkipSpace();
  size_t target_at = c.pos();
  std::string_view target = c.Name();
  if (target.empty()) {
    return c.Fail(target_at, "missing target", "an instrument id or 'mentioned'");
  }
  if (target == "mentioned") {
    p.mentioned = true;
  } else {
    p.instrument = std::string(target);
  }
  if (!c.Consume(',')) return c.Fail(c.pos(), "missing window", "',' then a window");
  c.SkipSpace();
  size_t window_at = c.pos();
  std::string_view window = c.Name();
  p.window_text = std::string(window);
  if (window == "prev_close") {
    p.prev_close = true;
    if (p.abnormal) {
      return c.Fail(fn_at, "abnormal_move needs a trailing window",
                    "a duration such as 60m (the benchmark moves over the same window)");
    }
  } else if (!ParseDuration(window, &p.window) || p.window <= 0) {
    return c.Fail(window_at, "bad window '" + std::string(window) + "'",
                  "a duration such as 60m, 1h, 90s, or prev_close");
  }
  if (!c.Consume(')')) return c.Fail(c.pos(), "unclosed move(", "')'");
  if (abs && !c.Consume(')')) return c.Fail(c.pos(), "unclosed abs(", "')'");
  if (c.ConsumeOp("<=")) {
    p.cmp = Cmp::kLe;
  } else if (c.ConsumeOp(">=")) {
    p.cmp = Cmp::kGe;
  } else if (c.ConsumeOp("<")) {
    p.cmp = Cmp::kLt;
  } else if (c.ConsumeOp(">")) {
    p.cmp = Cmp::kGt;
  } else {
    return c.Fail(c.pos(), "missing comparison", "<=, <, >= or >");
  }
  size_t num_at = c.pos();
  if (!c.Number(&p.threshold, true)) {
    return c.Fail(num_at, "missing threshold", "a number such as -3% or -0.03");
  }
  if (!c.AtEnd()) return c.Fail(c.pos(), "unexpected text after the price test", "the end");
  *out = std::move(p);
  return true;
}

bool ParseScore(std::string_view text, ScoreExpr* out, ParseError* error) {
  *error = ParseError{};
  Cursor c(text, error);
  ScoreExpr expr;
  ScoreParser parser(&c, &expr);
  int root = parser.Sum(0);
  if (root < 0) return false;
  if (!c.AtEnd()) return c.Fail(c.pos(), "unexpected text after the expression", "an operator");
  expr.root = static_cast<uint32_t>(root);
  *out = std::move(expr);
  return true;
}

namespace {

double Eval(const ScoreExpr& e, uint32_t i, const ScoreInputs& in) {
  const ScoreNode& n = e.nodes[i];
  switch (n.op) {
    case ScoreOp::kNum:
      return n.value;
    case ScoreOp::kVar:
      switch (n.var) {
        case ScoreVar::kMove:
          return in.move;
        case ScoreVar::kSourceWeight:
          return in.source_weight;
        case ScoreVar::kConfirmations:
          return in.confirmations;
        case ScoreVar::kHeadlines:
          return in.headlines;
        case ScoreVar::kNovelty:
          return in.novelty;
        case ScoreVar::kPhrases:
          return in.phrases;
      }
      return 0;
    case ScoreOp::kAdd:
      return Eval(e, n.children[0], in) + Eval(e, n.children[1], in);
    case ScoreOp::kSub:
      return Eval(e, n.children[0], in) - Eval(e, n.children[1], in);
    case ScoreOp::kMul:
      return Eval(e, n.children[0], in) * Eval(e, n.children[1], in);
    case ScoreOp::kDiv: {
      double d = Eval(e, n.children[1], in);
      return d == 0 ? 0 : Eval(e, n.children[0], in) / d;
    }
    case ScoreOp::kNeg:
      return -Eval(e, n.children[0], in);
    case ScoreOp::kAbs:
      return std::fabs(Eval(e, n.children[0], in));
    case ScoreOp::kMin:
    case ScoreOp::kMax: {
      double v = Eval(e, n.children[0], in);
      for (size_t k = 1; k < n.children.size(); ++k) {
        double w = Eval(e, n.children[k], in);
        v = n.op == ScoreOp::kMin ? std::min(v, w) : std::max(v, w);
      }
      return v;
    }
  }
  return 0;
}

}  // namespace

double EvaluateScore(const ScoreExpr& expr, const ScoreInputs& in) {
  if (expr.nodes.empty()) return 0.5;
  double v = Eval(expr, expr.root, in);
  if (!std::isfinite(v)) return 0;
  return std::clamp(v, 0.0, 1.0);
}

}  // namespace tripline
