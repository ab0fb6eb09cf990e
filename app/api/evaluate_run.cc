#include "app/api/evaluate_run.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>

#include "app/evaluation/pack_comparison.h"
#include "app/evaluation/return_stats.h"
#include "core/pipeline.h"
#include "core/replay_progress.h"
#include "core/signal_sink.h"
#include "io/files/recorded_input.h"
#include "rules/phrase_scanner.h"
#include "rules/rule_engine.h"

namespace tripline::api {
namespace {

// Hands one pack's signals to the tracker (per signal, not per message).
class TrackerSink final : public SignalSink {
 public:
  TrackerSink(evaluation::ForwardReturnTracker* tracker, int pack)
      : tracker_(tracker), pack_(pack) {}
  void Emit(const Signal& signal) override { tracker_->AddSignal(signal, pack_); }

 private:
  evaluation::ForwardReturnTracker* tracker_;
  int pack_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<EvaluationRun>> RunEvaluation(
    const EvaluationInputs& inputs, const std::vector<std::shared_ptr<const CompiledRules>>& packs,
    DeadLetterSink* dead_letters, bool progress_on_stderr) {
  auto input = RecordedInput::Open(inputs.headline_files, inputs.price_files, dead_letters);
  if (!input.ok()) return input.status();

  auto run = std::make_unique<EvaluationRun>();
  std::set<std::string> watched;
  for (const auto& p : packs)
    watched.insert(p->watched_instruments().begin(), p->watched_instruments().end());
  run->tracker = std::make_unique<evaluation::ForwardReturnTracker>(
      inputs.horizons, std::vector<std::string>(watched.begin(), watched.end()), inputs.seed,
      inputs.draws);
  evaluation::ForwardReturnTracker& tracker = *run->tracker;
  // Each instrument's benchmark, A's before B's where the packs differ.
  std::vector<std::pair<std::string, std::string>> benchmarks;
  for (const auto& p : packs) {
    for (const Entity& e : p->entities()) {
      for (const std::string& i : e.instruments) {
        const std::string_view b = p->BenchmarkOf(i);
        if (!b.empty()) benchmarks.emplace_back(i, std::string(b));
      }
    }
  }
  tracker.SetBenchmarks(benchmarks);
  // Each instrument's exchange calendar (entities.yaml `exchange:`), A's before B's.
  std::vector<std::pair<std::string, evaluation::Exchange>> exchanges;
  for (const auto& p : packs) {
    for (const Entity& e : p->entities()) {
      for (const std::string& i : e.instruments) {
        if (auto x = evaluation::ParseExchange(p->ExchangeOf(i))) exchanges.emplace_back(i, *x);
      }
    }
  }
  tracker.SetExchanges(exchanges);
  // Which headlines are of the packs' families, for the baseline to stay away from: news that
  // names one of a pack's entities (or a class of them) in words some rule uses. A rule word
  // alone ("China's central bank...") is too broad: on the sample day it leaves no clean
  // minute. One scanner per pack, as the engine's (a second scan of each headline, not of
  // each price).
  std::vector<std::unique_ptr<PhraseScanner>> scanners;
  for (const auto& p : packs) scanners.push_back(std::make_unique<PhraseScanner>(p));
  auto of_the_families = [&](const Headline& h) {
    for (auto& scanner : scanners) {
      scanner->Scan(h.headline);
      if (scanner->mentioned_entities().empty()) continue;
      for (uint32_t phrase : scanner->matched_phrases()) {
        if (!scanner->rules().rules_for_phrase(phrase).empty()) return true;
      }
    }
    return false;
  };
  std::vector<std::unique_ptr<RuleEngine>> engines;
  std::vector<std::unique_ptr<TrackerSink>> sinks;
  std::vector<std::unique_ptr<Pipeline>> pipelines;
  for (size_t p = 0; p < packs.size(); ++p) {
    engines.push_back(std::make_unique<RuleEngine>(packs[p]));
    sinks.push_back(std::make_unique<TrackerSink>(&tracker, static_cast<int>(p)));
    pipelines.push_back(std::make_unique<Pipeline>(engines[p].get(), sinks[p].get()));
  }

  ReplayProgress progress = progress_on_stderr ? ReplayProgress::ForStderr((*input)->total_bytes())
                                               : ReplayProgress(stderr, false, 0);
  auto bytes_read = [&input] { return (*input)->bytes_read(); };
  const auto start = std::chrono::steady_clock::now();
  const absl::Status read_status = (*input)->Replay([&](const Event& event) {
    for (auto& pipeline : pipelines) pipeline->Process(event);
    // After the engines: a signal this price triggered can enter at it.
    if (event.kind == EventKind::kPrice) {
      tracker.OnPrice(event.price);
    } else if (of_the_families(event.headline)) {
      tracker.AddHeadline(event.headline.ts);
    }
    progress.OnEvent(bytes_read);
  });
  for (auto& pipeline : pipelines) pipeline->Finish();
  tracker.Finish();
  progress.Finish(bytes_read());
  run->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!read_status.ok()) return read_status;

  // The cost per side in bp of each instrument: --cost-bp INSTRUMENT=BP, else its entity's
  // `cost_bp:` (A's before B's), else --cost-bp's default (evaluation/costs.h).
  evaluation::Costs costs = inputs.costs;
  for (const auto& p : packs) {
    for (const Entity& e : p->entities()) {
      for (const std::string& i : e.instruments) {
        const double bp = p->CostBpOf(i);
        if (!std::isnan(bp)) costs.per_instrument_bp.try_emplace(i, bp);
      }
    }
  }

  evaluation::EvaluationResult& result = run->result;
  result.tracker = &tracker;
  result.pack_paths = inputs.pack_paths;
  for (size_t p = 0; p < packs.size(); ++p) {
    result.packs.push_back(evaluation::SummarisePack(tracker, static_cast<int>(p), inputs.seed,
                                                     result.resamples, &costs));
  }
  result.costs = costs;
  if (auto h = evaluation::StrategyHorizon(tracker.horizons(), inputs.pnl_horizon)) {
    for (size_t p = 0; p < packs.size(); ++p) {
      result.strategies.push_back(evaluation::RunStrategy(tracker, static_cast<int>(p), *h, costs));
    }
  }
  if (packs.size() == 2) {
    result.comparison = evaluation::ComparePacks(tracker, result.packs[0], result.packs[1]);
  }
  result.headline_files = inputs.headline_files;
  result.price_files = inputs.price_files;
  result.headlines = pipelines[0]->stats().headlines;
  result.prices = pipelines[0]->stats().prices;
  result.seed = inputs.seed;
  return run;
}

}  // namespace tripline::api
