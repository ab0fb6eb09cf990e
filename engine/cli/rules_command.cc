// `tripline rules check|test|explain`: the tools ops use while writing and tuning rule packs.
//
//   tripline rules check PATH                  validate; exit 0 valid, 2 invalid
//   tripline rules test PATH                   run inline tests; exit 0 all pass, 1 any fails,
//                                              2 invalid pack
//   tripline rules explain PATH --headline "..." [--source S] [--move -3.9%]
//                                              how each rule judges one headline
// Usage errors exit 64.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/cli/commands.h"
#include "rules/rule_checks.h"
#include "rules/rule_loader.h"

namespace tripline::cli {
namespace {

constexpr int kExitInvalid = 2;

int Usage(const std::string& why) {
  fprintf(stderr,
          "tripline rules: %s\n"
          "usage: tripline rules check PATH\n"
          "       tripline rules test PATH\n"
          "       tripline rules explain PATH --headline TEXT [--source NAME] [--move PCT]\n",
          why.c_str());
  return kExitUsage;
}

absl::StatusOr<std::shared_ptr<const CompiledRules>> Load(const std::string& path) {
  auto rules = LoadRules(path);
  if (!rules.ok()) {
    fprintf(stderr, "%s\n", std::string(rules.status().message()).c_str());
    fprintf(stderr, "%s: invalid rule pack\n", path.c_str());
  }
  return rules;
}

void PrintFiles(const CompiledRules& rules) {
  for (const LoadedFile& f : rules.files())
    printf("  %s  xxh3-128:%s\n", f.path.c_str(), f.hash.c_str());
}

int Check(const std::string& path) {
  auto rules = Load(path);
  if (!rules.ok()) return kExitInvalid;
  const CompiledRules& r = **rules;
  size_t tests = 0;
  for (const Rule& rule : r.rules()) tests += rule.tests.size();
  printf(
      "%s: valid: %zu rules, %zu entities, %zu distinct phrases in one database, %zu inline "
      "tests\n",
      path.c_str(), r.rule_count(), r.entities().size(), r.phrases().size(), tests);
  PrintFiles(r);
  return 0;
}

int Test(const std::string& path) {
  auto rules = Load(path);
  if (!rules.ok()) return kExitInvalid;
  auto results = RunInlineTests(*rules);
  size_t failed = 0;
  for (const InlineTestResult& t : results) {
    if (!t.passed) ++failed;
    printf("%s %s#%zu %s:%d: \"%s\": %s\n", t.passed ? "PASS" : "FAIL", t.rule.c_str(), t.index + 1,
           t.location.file.c_str(), t.location.line, t.headline.c_str(), t.reason.c_str());
  }
  printf("%zu tests, %zu passed, %zu failed\n", results.size(), results.size() - failed, failed);
  return failed == 0 ? 0 : 1;
}

bool ParsePercent(const std::string& text, double* out) {
  std::string body = text;
  bool percent = !body.empty() && body.back() == '%';
  if (percent) body.pop_back();
  char* end = nullptr;
  double v = strtod(body.c_str(), &end);
  if (body.empty() || end != body.c_str() + body.size()) return false;
  *out = percent ? v / 100 : v;
  return true;
}

int Explain(const std::string& path, const Args& args, size_t i) {
  std::string headline, source;
  std::optional<double> move;
  bool have_headline = false;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if ((a == "--headline" || a == "--source" || a == "--move") && i + 1 >= args.size()) {
      return Usage(a + " needs a value");
    }
    if (a == "--headline") {
      headline = args[++i];
      have_headline = true;
    } else if (a == "--source") {
      source = args[++i];
    } else if (a == "--move") {
      double m;
      if (!ParsePercent(args[++i], &m)) return Usage("--move wants a number such as -3.9%");
      move = m;
    } else {
      return Usage("unknown flag " + a);
    }
  }
  if (!have_headline) return Usage("explain needs --headline");
  auto rules = Load(path);
  if (!rules.ok()) return kExitInvalid;
  auto verdicts = ExplainHeadline(*rules, headline, source, move);
  size_t matched = 0;
  for (const RuleVerdict& v : verdicts) {
    if (v.matched) ++matched;
    std::string targets;
    for (const std::string& t : v.targets) targets += (targets.empty() ? "" : ", ") + t;
    printf("%s %s", v.matched ? "MATCH  " : "no     ", v.rule.c_str());
    if (v.matched) printf(" -> [%s]", targets.c_str());
    printf("\n");
    std::string phrases;
    for (const std::string& p : v.phrases) phrases += (phrases.empty() ? "" : ", ") + p;
    if (!phrases.empty()) printf("    phrases: %s\n", phrases.c_str());
    std::string negated;
    for (const std::string& p : v.negated) negated += (negated.empty() ? "" : ", ") + p;
    if (!negated.empty()) printf("    negated: %s\n", negated.c_str());
    for (const std::string& line : v.trace) printf("  %s\n", line.c_str());
    if (!v.matched) printf("    why not: %s\n", v.reason.c_str());
    const Rule& rule = (*rules)->rules()[(*rules)->RuleIndex(v.rule)];
    if (v.matched && rule.price.present && !move.has_value()) {
      printf("    then needs price: %s within %s (give --move to test it)\n",
             rule.price.text.c_str(), FormatDuration(rule.window).c_str());
    }
  }
  printf("%zu of %zu rules match\n", matched, verdicts.size());
  return 0;
}

}  // namespace

int RunRules(const Args& args) {
  if (args.empty()) return Usage("missing subcommand");
  const std::string& sub = args[0];
  if (sub == "-h" || sub == "--help") {
    Usage("help");
    return 0;
  }
  if (args.size() < 2) return Usage(sub + " needs a PATH");
  const std::string& path = args[1];
  if (sub == "check") {
    if (args.size() > 2) return Usage("check takes only PATH");
    return Check(path);
  }
  if (sub == "test") {
    if (args.size() > 2) return Usage("test takes only PATH");
    return Test(path);
  }
  if (sub == "explain") return Explain(path, args, 2);
  return Usage("unknown subcommand '" + sub + "'");
}

}  // namespace tripline::cli
