// `tripline evaluate --headlines F... --prices F... --rules PATH --out-dir DIR
//  [--horizons 1m,5m,15m,1h,4h,close,next_close] [--baseline-rules PATH [--fail-if-worse]]
//  [--seed N] [--baseline-draws N] [--cost-bp BP[,SYM=BP...]] [--pnl-horizon H] [--dlq F]
//  [--quiet]`
//
// Runs the backtest (the same Ingest -> Pipeline -> RuleEngine as `tripline backtest`)
// and measures every signal against the recording's prices as they stream past, in the same
// single pass (app/evaluation/forward_returns.h: no look-ahead, memory flat in run length).
// With --baseline-rules, both packs run over the same events in that pass, one pipeline each.
// The replay and the statistics are app/api/evaluate_run.h's, which the Python module calls
// too; this file is the flags, the files and the printed summary.
// Writes DIR/signals.csv, DIR/summary.json, DIR/report.html and DIR/dead_letters.jsonl
// (docs/evaluation.md).
//
// Exit 0 on success, 1 when an input cannot be read or an output written, or with
// --fail-if-worse when A's hit rate is below B's at some horizon; 2 when a pack is invalid; 64 on
// bad flags (app/cli/flags.h).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "app/api/evaluate_run.h"
#include "app/cli/commands.h"
#include "app/cli/flags.h"
#include "app/evaluation/evaluation_csv.h"
#include "app/evaluation/evaluation_result.h"
#include "app/evaluation/number_format.h"
#include "app/evaluation/pack_comparison.h"
#include "app/evaluation/report_html.h"
#include "app/evaluation/return_stats.h"
#include "app/evaluation/strategy.h"
#include "core/dead_letter_tally.h"
#include "io/files/jsonl_sinks.h"
#include "rules/compiled_rules.h"
#include "rules/rule_loader.h"

namespace tripline::cli {
namespace {

constexpr char kName[] = "tripline evaluate";

absl::Status WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return absl::UnavailableError(absl::StrCat(path.string(), ": cannot write"));
  return absl::OkStatus();
}

}  // namespace

int RunEvaluate(const Args& args) {
  CLI::App app(
      "Backtest a rule pack and evaluate its signals against the recorded prices: forward "
      "returns per horizon, hit rates, a random-time baseline, an event study and an HTML "
      "report; with --baseline-rules, an A/B comparison of two packs.",
      kName);
  ConfigureCommand(&app);
  std::vector<std::string> headline_files, price_files;
  std::string rules_flag, baseline_rules_flag, out_dir_flag, dlq_flag;
  std::string horizons_flag(evaluation::kDefaultHorizons);
  std::string cost_flag = "0", pnl_horizon_flag;
  uint64_t seed = 1;
  int draws = 20;
  bool fail_if_worse = false, quiet = false;
  app.add_option("--headlines", headline_files, "recorded headline streams, in order");
  app.add_option("--prices", price_files, "recorded price streams, in order")->required();
  app.add_option("--rules", rules_flag, "the rule pack to evaluate (A, the candidate)")->required();
  app.add_option("--out-dir", out_dir_flag,
                 "where signals.csv, summary.json and report.html go (created)")
      ->required();
  app.add_option("--horizons", horizons_flag,
                 "comma-separated: durations (1m, 5m, 1h), close, next_close")
      ->capture_default_str();
  app.add_option("--baseline-rules", baseline_rules_flag,
                 "a second pack (B) replayed over the same events, for an A/B comparison");
  app.add_flag("--fail-if-worse", fail_if_worse,
               "exit 1 when A's hit rate is below B's at any horizon (needs --baseline-rules)");
  app.add_option("--seed", seed, "seed of the random-time baseline and the bootstrap")
      ->capture_default_str();
  app.add_option("--baseline-draws", draws, "random times per signal for the baseline")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("--cost-bp", cost_flag,
                 "cost per side in bp for net returns and the strategy: 5, or "
                 "5,0981.HK=12 (per-instrument exceptions)")
      ->capture_default_str();
  app.add_option("--pnl-horizon", pnl_horizon_flag,
                 "the strategy's exit horizon, one of --horizons (default: 1h, else the longest "
                 "duration, else close)");
  app.add_option("--dlq", dlq_flag, "the dead-letter file (default: DIR/dead_letters.jsonl)");
  app.add_flag("--quiet", quiet, "no summary on stderr");
  if (auto code = ParseCommandLine(&app, args)) return *code;
  auto horizons = evaluation::ParseHorizons(horizons_flag);
  if (!horizons.ok()) {
    PrintCommandError(kName,
                      absl::StrCat(horizons.status().message(), "\nRun with --help for usage."));
    return kExitUsage;
  }
  auto costs = evaluation::ParseCosts(cost_flag);
  if (!costs.ok()) {
    PrintCommandError(kName,
                      absl::StrCat(costs.status().message(), "\nRun with --help for usage."));
    return kExitUsage;
  }
  if (!pnl_horizon_flag.empty() &&
      !evaluation::StrategyHorizon(*horizons, pnl_horizon_flag).has_value()) {
    PrintCommandError(kName, absl::StrCat("--pnl-horizon: '", pnl_horizon_flag,
                                          "' is not a duration or close among --horizons\nRun "
                                          "with --help for usage."));
    return kExitUsage;
  }
  if (fail_if_worse && baseline_rules_flag.empty()) {
    PrintCommandError(kName, "--fail-if-worse needs --baseline-rules\nRun with --help for usage.");
    return kExitUsage;
  }
  const bool ab = !baseline_rules_flag.empty();

  std::vector<std::shared_ptr<const CompiledRules>> packs;
  for (const std::string* path : {&rules_flag, &baseline_rules_flag}) {
    if (path->empty()) continue;
    auto rules = LoadRules(*path);
    if (!rules.ok()) {
      std::fprintf(stderr, "%s: invalid rules (%s):\n%s\n", kName, path->c_str(),
                   std::string(rules.status().message()).c_str());
      return kExitInvalid;
    }
    packs.push_back(*rules);
  }

  const std::filesystem::path out_dir(out_dir_flag);
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    std::fprintf(stderr, "%s: --out-dir %s: %s\n", kName, out_dir_flag.c_str(),
                 ec.message().c_str());
    return kExitFailure;
  }
  const std::string dlq_path =
      dlq_flag.empty() ? (out_dir / "dead_letters.jsonl").string() : dlq_flag;
  auto dlq = JsonlWriter::Open(dlq_path);
  if (!dlq.ok()) {
    std::fprintf(stderr, "%s: %s\n", kName, std::string(dlq.status().message()).c_str());
    return kExitFailure;
  }
  DeadLetterFileSink dlq_sink(dlq->get());
  DeadLetterTally tally(&dlq_sink, 5);

  api::EvaluationInputs inputs;
  inputs.headline_files = headline_files;
  inputs.price_files = price_files;
  inputs.pack_paths.push_back(rules_flag);
  if (ab) inputs.pack_paths.push_back(baseline_rules_flag);
  inputs.horizons = *horizons;
  inputs.seed = seed;
  inputs.draws = draws;
  inputs.costs = *costs;
  inputs.pnl_horizon = pnl_horizon_flag;
  auto run = api::RunEvaluation(inputs, packs, &tally, /*progress_on_stderr=*/true);
  const absl::Status dlq_status = (*dlq)->Close();
  for (const absl::Status& s : {run.status(), dlq_status}) {
    if (!s.ok()) {
      std::fprintf(stderr, "%s: %s\n", kName, std::string(s.message()).c_str());
      return kExitFailure;
    }
  }
  const evaluation::EvaluationResult& result = (*run)->result;
  const evaluation::ForwardReturnTracker& tracker = *(*run)->tracker;
  const double seconds = (*run)->seconds;

  for (const auto& [name, text] :
       {std::pair<std::string, std::string>{"signals.csv",
                                            evaluation::SignalsCsv(tracker, result.costs)},
        std::pair<std::string, std::string>{"summary.json", evaluation::SummaryJson(result)},
        std::pair<std::string, std::string>{"report.html", evaluation::ReportHtml(result)}}) {
    if (absl::Status s = WriteFile(out_dir / name, text); !s.ok()) {
      std::fprintf(stderr, "%s: %s\n", kName, std::string(s.message()).c_str());
      return kExitFailure;
    }
  }

  const std::vector<evaluation::Horizon>& hs = tracker.horizons();
  if (!quiet) {
    std::fprintf(stderr,
                 "messages    %llu decoded (%llu headlines, %llu prices) + %llu dead "
                 "letters, %.3f s\n",
                 static_cast<unsigned long long>(result.headlines + result.prices),
                 static_cast<unsigned long long>(result.headlines),
                 static_cast<unsigned long long>(result.prices),
                 static_cast<unsigned long long>(tally.total()), seconds);
    for (size_t p = 0; p < result.packs.size(); ++p) {
      const evaluation::GroupSummary& o = result.packs[p].overall;
      std::fprintf(stderr, "%s %s: %zu signals (%zu directional with entry)\n",
                   evaluation::PackLabel(static_cast<int>(p)), result.pack_paths[p].c_str(),
                   o.signals, o.entered);
      std::fprintf(stderr, "  %-11s %5s %8s %10s %10s\n", "horizon", "n", "hit %", "mean bp",
                   "base bp");
      for (size_t h = 0; h < hs.size(); ++h) {
        const evaluation::HorizonSummary& s = o.horizons[h];
        std::fprintf(stderr, "  %-11s %5zu %8s %10s %10s\n", hs[h].name.c_str(), s.signals.n,
                     evaluation::FormatPercent(s.signals.hit_rate).c_str(),
                     evaluation::FormatBp(s.signals.mean).c_str(),
                     evaluation::FormatBp(s.baseline.mean).c_str());
      }
    }
    if (result.comparison) {
      const evaluation::PackComparison& c = *result.comparison;
      std::fprintf(stderr, "A/B         %zu only in A, %zu only in B, %zu changed, %zu unchanged\n",
                   c.only_a.size(), c.only_b.size(), c.changed.size(), c.unchanged);
    }
    std::fprintf(stderr, "wrote       %s/{signals.csv,summary.json,report.html}\n",
                 out_dir_flag.c_str());
  }
  if (fail_if_worse && result.comparison && result.comparison->worse) {
    for (size_t h = 0; h < hs.size(); ++h) {
      const double d = result.comparison->hit_rate_change[h];
      if (!std::isnan(d) && d < 0) {
        std::fprintf(
            stderr, "%s: --fail-if-worse: A's hit rate at %s is %s%%, B's %s%%\n", kName,
            hs[h].name.c_str(),
            evaluation::FormatPercent(result.packs[0].overall.horizons[h].signals.hit_rate).c_str(),
            evaluation::FormatPercent(result.packs[1].overall.horizons[h].signals.hit_rate)
                .c_str());
      }
    }
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace tripline::cli
