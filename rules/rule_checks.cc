#include "rules/rule_checks.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rules/phrase_scanner.h"

namespace tripline {
namespace {

void Trace(const PhraseScanner& s, const Condition& c, uint32_t i, std::string_view source,
           bool negation, int depth, std::vector<std::string>* out) {
  const CondNode& n = c.nodes[i];
  const bool v = s.Evaluate(c, i, source, negation);
  std::string line(static_cast<size_t>(depth) * 2, ' ');
  absl::StrAppend(&line, v ? "[true]  " : "[false] ");
  switch (n.kind) {
    case CondKind::kAnd:
      absl::StrAppend(&line, "and");
      break;
    case CondKind::kOr:
      absl::StrAppend(&line, "or");
      break;
    case CondKind::kNot:
      absl::StrAppend(&line, "not");
      break;
    default: {
      absl::StrAppend(&line, n.text);
      std::vector<std::string> hits, negated;
      for (uint32_t p : n.phrases) {
        if (s.affirmed(p)) {
          hits.push_back(s.rules().phrases()[p].text);
        } else if (s.matched(p)) {
          negated.push_back(s.rules().phrases()[p].text);
        }
      }
      if (!hits.empty()) absl::StrAppend(&line, "  matched: ", absl::StrJoin(hits, ", "));
      if (!negated.empty()) {
        absl::StrAppend(
            &line, negation ? "  negated (after a negation cue): " : "  matched (negation off): ",
            absl::StrJoin(negated, ", "));
      }
      if (n.kind == CondKind::kSource) absl::StrAppend(&line, "  source: ", std::string(source));
    }
  }
  out->push_back(std::move(line));
  for (uint32_t ch : n.children) Trace(s, c, ch, source, negation, depth + 1, out);
}

// The atoms that make node `i` (false) false: every false child of an `and`, every child of
// an `or`, the true operand of a `not`.
void WhyFalse(const PhraseScanner& s, const Condition& c, uint32_t i, std::string_view source,
              bool negation, std::vector<std::string>* out) {
  const CondNode& n = c.nodes[i];
  switch (n.kind) {
    case CondKind::kAnd:
    case CondKind::kOr:
      for (uint32_t ch : n.children) {
        if (!s.Evaluate(c, ch, source, negation)) WhyFalse(s, c, ch, source, negation, out);
      }
      return;
    case CondKind::kNot: {
      const CondNode& inner = c.nodes[n.children[0]];
      out->push_back("not " + (inner.text.empty() ? std::string("(...)") : inner.text) +
                     " (it holds)");
      return;
    }
    default: {
      std::string atom = n.text;
      for (uint32_t p : n.phrases) {
        if (negation && s.matched(p) && !s.affirmed(p)) {
          atom += " ('" + s.rules().phrases()[p].text + "' negated)";
          break;
        }
      }
      out->push_back(std::move(atom));
    }
  }
}

RuleVerdict Judge(const PhraseScanner& s, const Rule& rule, std::string_view source,
                  std::optional<double> move) {
  const CompiledRules& c = s.rules();
  RuleVerdict v;
  v.rule = rule.id;
  std::vector<uint32_t> hit;
  for (uint32_t p : rule.phrases) {
    const bool entity = !c.entities_for_phrase(p).empty();
    if (s.affirmed(p) || (entity && s.matched(p))) {
      hit.push_back(p);
    } else if (s.matched(p) && rule.negation) {
      v.negated.push_back(c.phrases()[p].text);
    }
  }
  std::sort(hit.begin(), hit.end(), [&](uint32_t a, uint32_t b) {
    return std::make_pair(s.first_offset(a), a) < std::make_pair(s.first_offset(b), b);
  });
  for (uint32_t p : hit) v.phrases.push_back(c.phrases()[p].text);
  Trace(s, rule.headline, rule.headline.root, source, rule.negation, 1, &v.trace);
  v.headline_held = s.Evaluate(rule.headline, rule.headline.root, source, rule.negation);
  if (!v.headline_held) {
    std::vector<std::string> failed;
    WhyFalse(s, rule.headline, rule.headline.root, source, rule.negation, &failed);
    v.reason = "headline condition false";
    if (!failed.empty()) absl::StrAppend(&v.reason, ": ", absl::StrJoin(failed, "; "));
    return v;
  }
  for (const RuleException& e : rule.exceptions) {
    if (s.Evaluate(e.condition, e.condition.root, source, rule.negation)) {
      v.exception = e.name;
      v.reason = absl::StrCat("exception '", e.name, "' holds (", e.condition.text, ")");
      return v;
    }
  }
  if (!rule.emit_mentioned) {
    v.targets.push_back(rule.emit_instrument);
  } else {
    for (uint32_t e : s.mentioned_entities()) {
      if (!rule.emit_entities.empty() &&
          !std::binary_search(rule.emit_entities.begin(), rule.emit_entities.end(), e)) {
        continue;
      }
      for (const std::string& sym : c.entities()[e].instruments) v.targets.push_back(sym);
    }
    std::sort(v.targets.begin(), v.targets.end());
    v.targets.erase(std::unique(v.targets.begin(), v.targets.end()), v.targets.end());
  }
  if (v.targets.empty()) {
    v.reason = "no instrument to emit for: none of its entities is mentioned";
    return v;
  }
  if (rule.price.present && move.has_value()) {
    v.price_held = rule.price.Holds(*move);
    if (!v.price_held) {
      char buf[32];
      snprintf(buf, sizeof buf, "%+.2f%%", *move * 100);
      v.reason = absl::StrCat("price condition false: ", rule.price.text, " with move ", buf);
      return v;
    }
  }
  v.matched = true;
  return v;
}

}  // namespace

namespace {

// The first rule, not a fallback, that takes the scanned headline (its headline condition
// holds, no exception, a target): the engine then judges no fallback rule on it.
std::string TakenBy(const PhraseScanner& scanner, const CompiledRules& rules,
                    std::string_view source) {
  for (const Rule& r : rules.rules()) {
    if (r.headline.empty() || r.fallback) continue;
    const RuleVerdict v = Judge(scanner, r, source, std::nullopt);
    if (v.headline_held && v.exception.empty() && !v.targets.empty()) return r.id;
  }
  return "";
}

void Preempt(const std::string& taker, RuleVerdict* v) {
  v->matched = false;
  v->reason = "a fallback, and rule '" + taker + "' took the headline";
}

}  // namespace

std::vector<RuleVerdict> ExplainHeadline(std::shared_ptr<const CompiledRules> rules,
                                         std::string_view headline, std::string_view source,
                                         std::optional<double> move) {
  PhraseScanner scanner(rules);
  scanner.Scan(headline);
  std::vector<RuleVerdict> out;
  std::string taker;
  bool taker_known = false;
  for (const Rule& r : rules->rules()) {
    if (r.headline.empty()) continue;
    out.push_back(Judge(scanner, r, source, move));
    if (!r.fallback) continue;
    if (!taker_known) {
      taker = TakenBy(scanner, *rules, source);
      taker_known = true;
    }
    if (!taker.empty()) Preempt(taker, &out.back());
  }
  return out;
}

std::vector<InlineTestResult> RunInlineTests(std::shared_ptr<const CompiledRules> rules) {
  PhraseScanner scanner(rules);
  std::vector<InlineTestResult> out;
  for (const Rule& r : rules->rules()) {
    for (size_t i = 0; i < r.tests.size(); ++i) {
      const RuleTest& t = r.tests[i];
      scanner.Scan(t.headline);
      RuleVerdict v = Judge(scanner, r, t.source, t.move);
      if (r.fallback) {
        if (const std::string taker = TakenBy(scanner, *rules, t.source); !taker.empty()) {
          Preempt(taker, &v);
        }
      }
      InlineTestResult res;
      res.rule = r.id;
      res.index = i;
      res.location = t.location;
      res.headline = t.headline;
      if (t.expect_match && !v.matched) {
        res.reason = absl::StrCat("expected a match, but ", v.reason);
      } else if (!t.expect_match && v.matched) {
        res.reason =
            absl::StrCat("expected no match, but it matched for [", absl::StrJoin(v.targets, ", "),
                         "] on phrases [", absl::StrJoin(v.phrases, ", "), "]");
      } else if (t.expect_match && !t.instruments.empty() && t.instruments != v.targets) {
        res.reason = absl::StrCat("expected instruments [", absl::StrJoin(t.instruments, ", "),
                                  "], got [", absl::StrJoin(v.targets, ", "), "]");
      } else {
        res.passed = true;
        res.reason = t.expect_match ? absl::StrCat("matched for [", absl::StrJoin(v.targets, ", "),
                                                   "] on [", absl::StrJoin(v.phrases, ", "), "]")
                                    : absl::StrCat("no match: ", v.reason);
      }
      out.push_back(std::move(res));
    }
  }
  return out;
}

}  // namespace tripline
