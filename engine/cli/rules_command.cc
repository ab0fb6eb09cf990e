// `tripline rules check|test|explain`: the tools ops use while writing and tuning rule packs.
//
//   tripline rules check PATH                  validate; exit 0 valid, 2 invalid
//   tripline rules test PATH                   run inline tests; exit 0 all pass, 1 any fails,
//                                              2 invalid pack
//   tripline rules explain PATH --headline "..." [--source S] [--move -3.9%]
//                                              how each rule judges one headline
// Usage errors exit 64 (engine/cli/flags.h).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/cli/commands.h"
#include "engine/cli/flags.h"
#include "rules/rule_checks.h"
#include "rules/rule_loader.h"

namespace tripline::cli {
namespace {

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
  return kExitOk;
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
  return failed == 0 ? kExitOk : kExitFailure;
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

int Explain(const std::string& path, const std::string& headline, const std::string& source,
            std::optional<double> move) {
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
  return kExitOk;
}

}  // namespace

int RunRules(const Args& args) {
  CLI::App app("The tools for writing and tuning rule packs.", "tripline rules");
  ConfigureCommand(&app);
  app.require_subcommand(1);
  std::string path, headline, source, move_text;

  CLI::App* check = app.add_subcommand("check", "validate a pack (exit 0 valid, 2 invalid)");
  check->add_option("PATH", path, "the rule pack (directory or file)")->required();

  CLI::App* test = app.add_subcommand(
      "test", "run the inline tests of every rule (exit 0 all pass, 1 any fails, 2 invalid)");
  test->add_option("PATH", path, "the rule pack (directory or file)")->required();

  CLI::App* explain = app.add_subcommand("explain", "how each rule judges one headline");
  explain->add_option("PATH", path, "the rule pack (directory or file)")->required();
  explain->add_option("--headline", headline, "the headline text")->required();
  explain->add_option("--source", source, "the headline's source");
  explain->add_option("--move", move_text, "a price move to judge it with, e.g. -3.9%");

  for (CLI::App* sub : {check, test, explain}) sub->footer(app.get_footer());
  if (auto code = ParseCommandLine(&app, args)) return *code;
  if (check->parsed()) return Check(path);
  if (test->parsed()) return Test(path);
  std::optional<double> move;
  if (!move_text.empty()) {
    double m;
    if (!ParsePercent(move_text, &m)) {
      PrintCommandError("tripline rules explain", "--move wants a number such as -3.9%");
      return kExitUsage;
    }
    move = m;
  }
  return Explain(path, headline, source, move);
}

}  // namespace tripline::cli
