// `tripline rules check|test|explain`: the tools ops use while writing and tuning rule packs.
//
//   tripline rules check PATH [--json]         validate; errors and warnings with fixed codes
//                                              (text or JSON); exit 0 valid, 2 invalid
//   tripline rules test PATH                   run inline tests; exit 0 all pass, 1 any fails,
//                                              2 invalid pack
//   tripline rules explain PATH --headline "..." [--source S] [--move -3.9%]
//                                              how each rule judges one headline
//   tripline rules gaps PATH --headlines F... --prices F... [--threshold 3%] [--window 60m]
//                       [--top N] [--named-only] [--json]
//                                              abnormal moves no signal covered, their
//                                              headlines and reasons, candidate phrases
//   tripline rules eval PATH --headlines F... --prices F... --labels F [--json]
//                       [--min-precision X] [--min-recall Y]
//                                              precision and recall on labelled stories;
//                                              exit 1 below a threshold or on unreadable
//                                              input, 2 invalid pack
// Usage errors exit 64 (app/cli/flags.h).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/api/rules_report.h"
#include "app/cli/commands.h"
#include "app/cli/flags.h"
#include "core/dead_letter_tally.h"
#include "core/pipeline.h"
#include "io/codec/json_writer.h"
#include "io/files/recorded_input.h"
#include "rules/condition_functions.h"
#include "rules/pack_evaluation.h"
#include "rules/pack_gaps.h"
#include "rules/rule_checks.h"
#include "rules/rule_engine.h"
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

int Check(const std::string& path, bool json) {
  std::vector<LoadDiagnostic> diagnostics;
  auto rules = LoadRules(path, &diagnostics);
  if (json) {
    printf("%s\n", api::PackCheckJson(path, rules, diagnostics).c_str());
    return rules.ok() ? 0 : kExitInvalid;
  }
  if (!rules.ok()) {
    fprintf(stderr, "%s\n", std::string(rules.status().message()).c_str());
    fprintf(stderr, "%s: invalid rule pack\n", path.c_str());
    return kExitInvalid;
  }
  fputs(api::PackCheckText(path, **rules).c_str(), stdout);
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
  fputs(api::ExplainText(**rules, verdicts, move).c_str(), stdout);
  return kExitOk;
}

// Keeps every signal of an eval run: the labelled sets are small (hundreds of stories), and
// scoring needs them all at the end. One thread.
class SignalCollector final : public SignalSink {
 public:
  void Emit(const Signal& s) override { signals.push_back(s); }
  std::vector<Signal> signals;
};

void AppendTallyJson(const Tally& t, std::string* out) {
  absl::StrAppend(out, "{\"true\":", t.true_signals, ",\"found\":", t.found,
                  ",\"false\":", t.false_signals, ",\"missed\":", t.misses, ",\"precision\":");
  AppendJsonFixed(t.precision(), 4, out);
  absl::StrAppend(out, ",\"recall\":");
  AppendJsonFixed(t.recall(), 4, out);
  out->push_back('}');
}

std::string ReportJson(const EvalReport& r, bool passed) {
  std::string o = "{\"stories\":" + std::to_string(r.stories) + ",\"passed\":";
  o += passed ? "true" : "false";
  o += ",\"overall\":";
  AppendTallyJson(r.overall, &o);
  for (const auto& [key, map] :
       {std::pair{"rules", &r.by_rule}, std::pair{"families", &r.by_family},
        std::pair{"template_families", &r.by_template}, std::pair{"languages", &r.by_language}}) {
    absl::StrAppend(&o, ",\"", key, "\":{");
    bool first = true;
    for (const auto& [name, t] : *map) {
      if (!first) o += ",";
      first = false;
      AppendJsonKey(name, &o);
      AppendTallyJson(t, &o);
    }
    o += "}";
  }
  o += ",\"misses\":[";
  for (size_t i = 0; i < r.misses.size(); ++i) {
    const EvalMiss& m = r.misses[i];
    o += i ? ",{" : "{";
    AppendJsonKey("headline_id", &o);
    AppendJsonString(m.headline_id, &o);
    o += ",";
    AppendJsonKey("family", &o);
    AppendJsonString(m.family, &o);
    o += ",";
    AppendJsonKey("instrument", &o);
    AppendJsonString(m.expected.instrument, &o);
    o += ",";
    AppendJsonKey("direction", &o);
    AppendJsonString(DirectionName(m.expected.direction), &o);
    o += ",";
    AppendJsonKey("headline", &o);
    AppendJsonString(m.headline, &o);
    o += ",";
    AppendJsonKey("reason", &o);
    AppendJsonString(m.reason, &o);
    o += "}";
  }
  o += "],\"false_alarms\":[";
  for (size_t i = 0; i < r.false_alarms.size(); ++i) {
    const EvalFalseAlarm& f = r.false_alarms[i];
    o += i ? ",{" : "{";
    AppendJsonKey("headline_id", &o);
    AppendJsonString(f.headline_id, &o);
    o += ",";
    AppendJsonKey("rule", &o);
    AppendJsonString(f.rule, &o);
    o += ",";
    AppendJsonKey("instrument", &o);
    AppendJsonString(f.instrument, &o);
    o += ",";
    AppendJsonKey("direction", &o);
    AppendJsonString(DirectionName(f.direction), &o);
    o += ",";
    AppendJsonKey("signal_id", &o);
    AppendJsonString(f.signal_id, &o);
    o += ",";
    AppendJsonKey("evidence", &o);
    AppendJsonString(f.evidence, &o);
    o += "}";
  }
  o += "]}";
  return o;
}

void PrintTally(const char* what, const std::string& name, const Tally& t) {
  printf("%-6s %-44s %5llu %5llu %5llu %6llu  %9.3f %6.3f\n", what, name.c_str(),
         static_cast<unsigned long long>(t.true_signals),
         static_cast<unsigned long long>(t.false_signals), static_cast<unsigned long long>(t.found),
         static_cast<unsigned long long>(t.misses), t.precision(), t.recall());
}

int Eval(const std::string& path, const std::vector<std::string>& headline_files,
         const std::vector<std::string>& price_files, const std::string& labels_path,
         const std::string& split, bool json, double min_precision, double min_recall) {
  auto rules = Load(path);
  if (!rules.ok()) return kExitInvalid;
  auto labels = ReadLabels(labels_path);
  if (!labels.ok()) {
    fprintf(stderr, "tripline rules eval: %s\n", std::string(labels.status().message()).c_str());
    return 1;
  }
  // --split: only that split's stories are scored; the others' headlines still flow (one
  // replay), and their signals are neither true nor false.
  std::set<std::string> other_split;
  if (!split.empty()) {
    std::vector<StoryLabel> kept;
    for (StoryLabel& l : *labels) {
      if (l.split == split) {
        kept.push_back(std::move(l));
      } else {
        other_split.insert(l.headline_id);
      }
    }
    if (kept.empty()) {
      fprintf(stderr, "tripline rules eval: %s: no label has \"split\": \"%s\"\n",
              labels_path.c_str(), split.c_str());
      return 1;
    }
    *labels = std::move(kept);
  }
  DeadLetterTally tally(nullptr, 5);
  auto input = RecordedInput::Open(headline_files, price_files, &tally);
  if (!input.ok()) {
    fprintf(stderr, "tripline rules eval: %s\n", std::string(input.status().message()).c_str());
    return 1;
  }
  RuleEngine engine(*rules);
  SignalCollector collected;
  Pipeline pipeline(&engine, &collected);
  std::map<std::string, SeenHeadline> seen;
  const absl::Status read_status = (*input)->Replay([&](const Event& e) {
    if (e.kind == EventKind::kHeadline) {
      seen.try_emplace(std::string(e.headline.id), SeenHeadline{std::string(e.headline.source),
                                                                std::string(e.headline.headline),
                                                                std::string(e.headline.lang)});
    }
    pipeline.Process(e);
  });
  pipeline.Finish();
  if (!read_status.ok()) {
    fprintf(stderr, "tripline rules eval: %s\n", std::string(read_status.message()).c_str());
    return 1;
  }
  for (const std::string& d : tally.first()) fprintf(stderr, "dead letter: %s\n", d.c_str());
  if (!other_split.empty()) {
    std::erase_if(collected.signals, [&](const Signal& sig) {
      return !sig.headlines.empty() && other_split.count(sig.headlines[0].id) != 0;
    });
  }
  const EvalReport report = EvaluatePack(*rules, *labels, collected.signals, seen);
  const bool passed =
      report.overall.precision() >= min_precision && report.overall.recall() >= min_recall;
  if (json) {
    printf("%s\n", ReportJson(report, passed).c_str());
    return passed ? 0 : 1;
  }
  printf("%s: %zu stories, %zu signals (%zu retractions, not scored)\n", path.c_str(),
         report.stories, collected.signals.size(), report.retractions);
  printf("%-6s %-44s %5s %5s %5s %6s  %9s %6s\n", "", "", "true", "false", "found", "missed",
         "precision", "recall");
  PrintTally("all", "overall", report.overall);
  for (const auto& [name, t] : report.by_rule) PrintTally("rule", name, t);
  for (const auto& [name, t] : report.by_family) PrintTally("family", name, t);
  for (const auto& [name, t] : report.by_language) PrintTally("lang", name, t);
  // Each template family is a fold the pack's author did not write for: its recall is the
  // leave-one-family-out figure, and the worst fold bounds how the pack meets new wording.
  const Tally* worst = nullptr;
  std::string worst_name;
  for (const auto& [name, t] : report.by_template) {
    PrintTally("words", name, t);
    if (worst == nullptr || t.recall() < worst->recall()) {
      worst = &t;
      worst_name = name;
    }
  }
  if (worst != nullptr) PrintTally("worst", worst_name, *worst);
  for (const EvalMiss& m : report.misses) {
    printf("MISS  %s [%s] %s %s: \"%s\"\n      why: %s\n", m.headline_id.c_str(), m.family.c_str(),
           std::string(DirectionName(m.expected.direction)).c_str(), m.expected.instrument.c_str(),
           m.headline.c_str(), m.reason.c_str());
  }
  for (const EvalFalseAlarm& f : report.false_alarms) {
    printf("FALSE %s %s -> %s %s\n      evidence: %s\n", f.headline_id.c_str(), f.rule.c_str(),
           std::string(DirectionName(f.direction)).c_str(), f.instrument.c_str(),
           f.evidence.c_str());
  }
  if (!passed) {
    printf("below the thresholds: precision %.3f (min %.3f), recall %.3f (min %.3f)\n",
           report.overall.precision(), min_precision, report.overall.recall(), min_recall);
  }
  return passed ? 0 : 1;
}

std::string GapsJson(const GapsReport& r) {
  std::string o = absl::StrCat("{\"moves\":", r.moves, ",\"covered\":", r.covered, ",\"missed\":[");
  for (size_t i = 0; i < r.missed.size(); ++i) {
    const MissedMove& m = r.missed[i];
    o += i ? ",{" : "{";
    AppendJsonKey("instrument", &o);
    AppendJsonString(m.instrument, &o);
    o += ",";
    AppendJsonKey("benchmark", &o);
    AppendJsonString(m.benchmark, &o);
    for (auto [key, v] : {std::pair{"move", m.move}, std::pair{"benchmark_move", m.benchmark_move},
                          std::pair{"abnormal_move", m.abnormal_move}}) {
      absl::StrAppend(&o, ",\"", key, "\":");
      AppendJsonDouble(v, &o);
    }
    o += ",\"from\":";
    AppendJsonTime(m.from_ts, &o);
    o += ",\"to\":";
    AppendJsonTime(m.to_ts, &o);
    o += ",\"headlines\":[";
    for (size_t k = 0; k < m.headlines.size(); ++k) {
      const GapHeadline& h = m.headlines[k];
      o += k ? ",{" : "{";
      AppendJsonKey("id", &o);
      AppendJsonString(h.headline.id, &o);
      o += ",";
      AppendJsonKey("source", &o);
      AppendJsonString(h.headline.source, &o);
      o += ",";
      AppendJsonKey("text", &o);
      AppendJsonString(h.headline.text, &o);
      o += ",\"ts\":";
      AppendJsonTime(h.headline.ts, &o);
      o += ",\"reasons\":[";
      for (size_t j = 0; j < h.reasons.size(); ++j) {
        if (j) o += ",";
        AppendJsonString(h.reasons[j], &o);
      }
      o += "]}";
    }
    o += "]}";
  }
  o += "],\"suggestions\":[";
  for (size_t i = 0; i < r.suggestions.size(); ++i) {
    o += i ? ",{" : "{";
    AppendJsonKey("phrase", &o);
    AppendJsonString(r.suggestions[i].phrase, &o);
    absl::StrAppend(&o, ",\"headlines\":", r.suggestions[i].headlines, "}");
  }
  o += "]}";
  return o;
}

int Gaps(const std::string& path, const std::vector<std::string>& headline_files,
         const std::vector<std::string>& price_files, const GapsOptions& options, bool named_only,
         bool json) {
  auto rules = Load(path);
  if (!rules.ok()) return kExitInvalid;
  DeadLetterTally tally(nullptr, 5);
  auto input = RecordedInput::Open(headline_files, price_files, &tally);
  if (!input.ok()) {
    fprintf(stderr, "tripline rules gaps: %s\n", std::string(input.status().message()).c_str());
    return 1;
  }
  // Only the tracked instruments' and their benchmarks' prices are kept for the move scan.
  std::set<std::string> keep;
  for (const Entity& e : (*rules)->entities()) {
    keep.insert(e.instruments.begin(), e.instruments.end());
    for (const std::string& i : e.instruments) {
      const std::string_view b = (*rules)->BenchmarkOf(i);
      if (!b.empty()) keep.insert(std::string(b));
    }
  }
  RuleEngine engine(*rules);
  SignalCollector collected;
  Pipeline pipeline(&engine, &collected);
  std::vector<RecordedHeadline> headlines;
  std::vector<RecordedTick> ticks;
  const absl::Status read_status = (*input)->Replay([&](const Event& e) {
    if (e.kind == EventKind::kHeadline) {
      headlines.push_back(RecordedHeadline{std::string(e.headline.id),
                                           std::string(e.headline.source),
                                           std::string(e.headline.headline), e.headline.ts});
    } else if (e.kind == EventKind::kPrice && e.price.kind != PriceKind::kClose &&
               keep.count(std::string(e.price.sym)) != 0) {
      ticks.push_back(RecordedTick{std::string(e.price.sym), e.price.ts, e.price.price});
    }
    pipeline.Process(e);
  });
  pipeline.Finish();
  if (!read_status.ok()) {
    fprintf(stderr, "tripline rules gaps: %s\n", std::string(read_status.message()).c_str());
    return 1;
  }
  for (const std::string& d : tally.first()) fprintf(stderr, "dead letter: %s\n", d.c_str());
  GapsReport r = FindGaps(*rules, headlines, ticks, collected.signals, options);
  if (json) {
    if (named_only) {
      std::erase_if(r.missed, [](const MissedMove& m) { return m.headlines.empty(); });
    }
    printf("%s\n", GapsJson(r).c_str());
    return 0;
  }
  const size_t named = static_cast<size_t>(std::count_if(
      r.missed.begin(), r.missed.end(), [](const MissedMove& m) { return !m.headlines.empty(); }));
  printf(
      "%s: %zu abnormal moves of tracked instruments (>= %.2f%% beyond the benchmark within "
      "%s), %zu covered by a signal, %zu missed (%zu with a headline naming the instrument)\n",
      path.c_str(), r.moves, options.threshold * 100, FormatDuration(options.window).c_str(),
      r.covered, r.missed.size(), named);
  for (const MissedMove& m : r.missed) {
    if (named_only && m.headlines.empty()) continue;
    printf("MISSED %s %+.2f%%", m.instrument.c_str(), m.move * 100);
    if (!m.benchmark.empty() && m.benchmark_priced) {
      printf(" (%s %+.2f%%, abnormal %+.2f%%)", m.benchmark.c_str(), m.benchmark_move * 100,
             m.abnormal_move * 100);
    } else if (!m.benchmark.empty()) {
      printf(" (%s: no prices)", m.benchmark.c_str());
    }
    printf(" %s -> %s, %zu headline%s naming it\n", FormatRfc3339(m.from_ts).c_str(),
           FormatRfc3339(m.to_ts).c_str(), m.headlines.size(), m.headlines.size() == 1 ? "" : "s");
    for (const GapHeadline& h : m.headlines) {
      printf("  %s %s %s \"%s\"\n", h.headline.id.c_str(), FormatRfc3339(h.headline.ts).c_str(),
             h.headline.source.c_str(), h.headline.text.c_str());
      for (const std::string& why : h.reasons) printf("      %s\n", why.c_str());
    }
  }
  for (const PhraseSuggestion& p : r.suggestions) {
    printf("SUGGEST \"%s\" (in %d missed-move headlines, in no phrase of the pack)\n",
           p.phrase.c_str(), p.headlines);
  }
  return 0;
}

}  // namespace

int RunRules(const Args& args) {
  CLI::App app("The tools for writing and tuning rule packs.", "tripline rules");
  ConfigureCommand(&app);
  app.require_subcommand(1);
  std::string path, headline, source, move_text;

  bool json = false;
  CLI::App* check = app.add_subcommand("check", "validate a pack (exit 0 valid, 2 invalid)");
  check->add_option("PATH", path, "the rule pack (directory or file)")->required();
  check->add_flag("--json", json, "errors and warnings as one JSON object");

  CLI::App* test = app.add_subcommand(
      "test", "run the inline tests of every rule (exit 0 all pass, 1 any fails, 2 invalid)");
  test->add_option("PATH", path, "the rule pack (directory or file)")->required();

  CLI::App* explain = app.add_subcommand("explain", "how each rule judges one headline");
  explain->add_option("PATH", path, "the rule pack (directory or file)")->required();
  explain->add_option("--headline", headline, "the headline text")->required();
  explain->add_option("--source", source, "the headline's source");
  explain->add_option("--move", move_text, "a price move to judge it with, e.g. -3.9%");

  std::vector<std::string> headline_files, price_files;
  std::string labels_path, split, min_precision_text, min_recall_text;
  CLI::App* eval = app.add_subcommand(
      "eval", "precision and recall on labelled stories (exit 1 below a threshold, 2 invalid)");
  eval->add_option("PATH", path, "the rule pack (directory or file)")->required();
  eval->add_option("--headlines", headline_files, "recorded headline files")->required();
  eval->add_option("--prices", price_files, "recorded price files");
  eval->add_option("--labels", labels_path, "the labels (JSONL, docs/messages.md)")->required();
  eval->add_option("--split", split,
                   "score only the stories whose label has this \"split\" (dev, heldout)");
  eval->add_flag("--json", json, "the report as one JSON object");
  eval->add_option("--min-precision", min_precision_text, "exit 1 below this precision (0..1)");
  eval->add_option("--min-recall", min_recall_text, "exit 1 below this recall (0..1)");

  std::string threshold_text = "3%", window_text = "60m";
  size_t max_suggestions = 20;
  bool named_only = false;
  CLI::App* gaps = app.add_subcommand(
      "gaps",
      "abnormal moves of tracked instruments that got no signal, with their headlines, "
      "why each rule stayed quiet, and candidate phrases (no labels needed)");
  gaps->add_option("PATH", path, "the rule pack (directory or file)")->required();
  gaps->add_option("--headlines", headline_files, "recorded headline files")->required();
  gaps->add_option("--prices", price_files, "recorded price files")->required();
  gaps->add_option("--threshold", threshold_text, "the abnormal move that counts (default 3%)");
  gaps->add_option("--window", window_text, "the window a move is measured over (default 60m)");
  gaps->add_option("--top", max_suggestions, "how many phrases to suggest (default 20)");
  gaps->add_flag("--named-only", named_only,
                 "list only the missed moves that a headline named (the summary counts all)");
  gaps->add_flag("--json", json, "the report as one JSON object");

  CLI::App* functions = app.add_subcommand(
      "functions", "the condition functions of the registry, as docs/rules.md lists them");

  for (CLI::App* sub : {check, test, explain, eval, gaps, functions}) {
    sub->footer(app.get_footer());
  }
  if (auto code = ParseCommandLine(&app, args)) return *code;
  if (functions->parsed()) {
    fputs(ConditionFunctionTable().c_str(), stdout);
    return 0;
  }
  if (gaps->parsed()) {
    GapsOptions options;
    options.max_suggestions = max_suggestions;
    if (!ParsePercent(threshold_text, &options.threshold) || options.threshold <= 0 ||
        options.threshold >= 1) {
      PrintCommandError("tripline rules gaps", "--threshold wants a percentage such as 3%");
      return kExitUsage;
    }
    if (!ParseDuration(window_text, &options.window) || options.window <= 0) {
      PrintCommandError("tripline rules gaps", "--window wants a duration such as 60m");
      return kExitUsage;
    }
    return Gaps(path, headline_files, price_files, options, named_only, json);
  }
  if (check->parsed()) return Check(path, json);
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
  if (eval->parsed()) {
    double min_precision = 0, min_recall = 0;
    for (auto [text, out, name] :
         {std::tuple{&min_precision_text, &min_precision, "--min-precision"},
          std::tuple{&min_recall_text, &min_recall, "--min-recall"}}) {
      if (text->empty()) continue;
      if (!ParsePercent(*text, out) || *out < 0 || *out > 1) {
        PrintCommandError("tripline rules eval",
                          std::string(name) + " wants a number in [0, 1] (or a percentage)");
        return kExitUsage;
      }
    }
    return Eval(path, headline_files, price_files, labels_path, split, json, min_precision,
                min_recall);
  }
  return Explain(path, headline, source, move);
}

}  // namespace tripline::cli
