// `tripline backtest --headlines FILE... --prices FILE... --rules PATH --out signals.jsonl
//  [--dlq dlq.jsonl] [--quiet]`: replays recorded streams in replay order (the ingest kernel)
// through the same Pipeline and RuleEngine the live engine runs, writes the signals as JSONL
// and prints a summary. Dead letters go to --dlq (default: OUT with ".dlq.jsonl").
// Exit 0 on success (bad lines are dead-lettered, not fatal), 1 when an input cannot be read
// or the output cannot be written, 2 when the rules are invalid, 64 on bad flags
// (app/cli/flags.h).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "app/api/backtest_run.h"
#include "app/cli/commands.h"
#include "app/cli/flags.h"
#include "core/dead_letter_tally.h"
#include "io/files/jsonl_sinks.h"
#include "rules/compiled_rules.h"
#include "rules/rule_loader.h"

namespace tripline::cli {
namespace {

std::string DefaultDlqPath(const std::string& out) {
  if (out == "-") return "backtest.dlq.jsonl";
  std::string base = out;
  if (absl::EndsWith(base, ".jsonl")) base.resize(base.size() - 6);
  return base + ".dlq.jsonl";
}

}  // namespace

int RunBacktest(const Args& args) {
  CLI::App app("Replay recorded streams through the engine and write the signals as JSONL.",
               "tripline backtest");
  ConfigureCommand(&app);
  std::vector<std::string> headline_files, price_files;
  std::string rules_flag, out_flag, dlq_flag;
  bool quiet = false;
  app.add_option("--headlines", headline_files, "recorded headline streams, in order");
  app.add_option("--prices", price_files, "recorded price streams, in order");
  app.add_option("--rules", rules_flag, "the rule pack (directory or file)")->required();
  app.add_option("--out", out_flag, "the signals file (- for stdout)")->required();
  app.add_option("--dlq", dlq_flag, "the dead-letter file (default: OUT with .dlq.jsonl)");
  app.add_flag("--quiet", quiet, "no summary on stderr");
  if (auto code = ParseCommandLine(&app, args)) return *code;
  if (headline_files.empty() && price_files.empty()) {
    PrintCommandError("tripline backtest",
                      "at least one input (--headlines or --prices) is required\nRun with "
                      "--help for usage.");
    return kExitUsage;
  }
  const std::string* rules_path = &rules_flag;
  const std::string* out_path = &out_flag;
  const std::string dlq_default = DefaultDlqPath(out_flag);
  const std::string* dlq_path = dlq_flag.empty() ? &dlq_default : &dlq_flag;

  auto rules = LoadRules(*rules_path);
  if (!rules.ok()) {
    std::fprintf(stderr, "tripline backtest: invalid rules:\n%s\n",
                 std::string(rules.status().message()).c_str());
    return kExitInvalid;
  }

  auto out = JsonlWriter::Open(*out_path);
  auto dlq = JsonlWriter::Open(*dlq_path);
  if (!out.ok() || !dlq.ok()) {
    std::fprintf(stderr, "tripline backtest: %s\n",
                 std::string((out.ok() ? dlq.status() : out.status()).message()).c_str());
    return kExitFailure;
  }
  DeadLetterFileSink dlq_sink(dlq->get());
  DeadLetterTally tally(&dlq_sink, 5);

  SignalFileSink signal_sink(out->get());
  auto run = api::ReplayBacktest(headline_files, price_files, *rules, &signal_sink, &tally,
                                 /*progress_on_stderr=*/true);
  if (!run.ok()) {
    std::fprintf(stderr, "tripline backtest: %s\n", std::string(run.status().message()).c_str());
    return kExitFailure;
  }
  const absl::Status read_status = run->read_status;
  const double seconds = run->seconds;
  const absl::Status out_status = (*out)->Close();
  const absl::Status dlq_status = (*dlq)->Close();

  const uint64_t messages = run->messages;
  const PipelineStats& st = run->stats;
  if (!quiet) {
    std::fprintf(stderr, "rules       %zu from", (*rules)->rule_count());
    for (const LoadedFile& f : (*rules)->files()) {
      std::fprintf(stderr, " %s (%s)", f.path.c_str(), f.hash.c_str());
    }
    std::fprintf(stderr, "\n");
    std::fprintf(
        stderr,
        "messages    %llu = %llu decoded (%llu headlines, %llu prices) + %llu dead letters\n",
        static_cast<unsigned long long>(messages),
        static_cast<unsigned long long>(st.headlines + st.prices),
        static_cast<unsigned long long>(st.headlines), static_cast<unsigned long long>(st.prices),
        static_cast<unsigned long long>(tally.total()));
    for (const auto& [code, n] : tally.by_code()) {
      std::fprintf(stderr, "  dead letter %-24s %llu\n", code.c_str(),
                   static_cast<unsigned long long>(n));
    }
    for (const std::string& e : tally.first()) std::fprintf(stderr, "  %s\n", e.c_str());
    std::fprintf(stderr, "signals     %llu -> %s\n", static_cast<unsigned long long>(st.signals),
                 out_path->c_str());
    for (const auto& [rule, n] : st.signals_by_rule) {
      std::fprintf(stderr, "  %-40s %llu\n", rule.c_str(), static_cast<unsigned long long>(n));
    }
    std::fprintf(stderr, "time        %.3f s, %.0f events/s\n", seconds,
                 seconds > 0 ? static_cast<double>(st.headlines + st.prices) / seconds : 0.0);
  }
  for (const absl::Status& s : {read_status, out_status, dlq_status}) {
    if (!s.ok()) {
      std::fprintf(stderr, "tripline backtest: %s\n", std::string(s.message()).c_str());
      return kExitFailure;
    }
  }
  return kExitOk;
}

}  // namespace tripline::cli
