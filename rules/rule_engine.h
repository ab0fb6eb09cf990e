// RuleEngine: evaluates headlines and price ticks against a CompiledRules and emits scored,
// explained signals. The same object runs in backtest and live.
//
// Per headline: one Hyperscan scan; candidate rules come from the phrase -> rules index (plus
// the few rules whose condition can hold without any phrase); only they are evaluated.
// Per price tick: one hash look-up decides whether any rule watches the symbol; if not, the
// tick is ignored.
//
// Correlation is in event time and independent of arrival order: a rule with a headline and a
// price condition fires when a matching headline at t_h and a tick at t_p at which the price
// condition held satisfy |t_h - t_p| <= window, whichever arrived first; the signal's ts is
// the later of the two. Novelty: a headline whose word set overlaps an earlier story's
// (|A n B| / min(|A|, |B|) >= novelty.similarity, words folded to lower case and singular) to an
// earlier story of the same rule within novelty.window is a confirmation of it (counted into the
// pending signal, or folded if it already fired), never a new signal. Flood control: per rule and
// instrument, a second firing within `cooldown` of the last one is folded (counted in stats()).
// State is evicted as event time passes the windows, so memory is bounded by the windows, not the
// run length.
//
// Hot reload: Reload() prepares the new set (scratch, indexes) on the caller's thread and hands
// it over; the pipeline thread swaps it in before its next event. State (pending stories,
// price points, cooldowns) is kept for rules whose id and file hash are unchanged, and dropped
// for the others; price history is kept when the set of price windows is unchanged.
//
// Thread-safety: OnHeadline/OnPrice/Finish/stats on one (pipeline) thread; Reload from any.
#ifndef TRIPLINE_RULES_RULE_ENGINE_H_
#define TRIPLINE_RULES_RULE_ENGINE_H_

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/event_evaluator.h"
#include "engine/price_book.h"
#include "engine/ring_deque.h"
#include "rules/compiled_rules.h"
#include "rules/phrase_scanner.h"

namespace tripline {

struct RuleEngineStats {
  uint64_t headlines = 0;
  uint64_t prices = 0;
  uint64_t unwatched_prices = 0;
  uint64_t signals = 0;
  uint64_t confirmations = 0;  // near-duplicate headlines folded into a pending signal
  uint64_t folded = 0;         // firings suppressed by cooldown or novelty after firing
  uint64_t reloads = 0;
};

class RuleEngine final : public EventEvaluator {
 public:
  explicit RuleEngine(std::shared_ptr<const CompiledRules> rules);
  ~RuleEngine() override;
  RuleEngine(const RuleEngine&) = delete;
  RuleEngine& operator=(const RuleEngine&) = delete;

  // Hot reload: callable from any thread; the new set takes effect at the next event boundary
  // on the pipeline thread (atomic swap; in-flight evaluation finishes on the old set).
  void Reload(std::shared_ptr<const CompiledRules> rules);

  void OnHeadline(const Headline& headline, SignalSink& out) override;
  void OnPrice(const PriceTick& tick, SignalSink& out) override;
  void Finish(SignalSink& out) override;

  const RuleEngineStats& stats() const { return stats_; }
  // The rule set in force on the pipeline thread.
  const CompiledRules& rules() const { return *active_->scanner.shared_rules(); }
  // Correlation state held right now (stories + price points): bounded by the windows.
  size_t retained() const;

 private:
  struct Story {
    HeadlineEvidence first;
    std::vector<HeadlineEvidence> confirmations;
    std::vector<uint64_t> words;  // sorted hashes of the normalised words
    EventTime ts = 0;
    double source_weight = 0;
    double novelty = 1;
    double phrases = 0;
    std::vector<std::string> targets;
    std::vector<uint8_t> fired;
  };
  struct HeldPoint {
    EventTime ts = 0;
    PriceMove move;
  };
  struct PairState {
    RingDeque<HeldPoint> held;
    EventTime last_fire = kNoTime;
  };
  struct RuleState {
    std::string id;
    std::string file_hash;
    std::deque<Story> stories;
    absl::flat_hash_map<std::string, PairState> pairs;  // by instrument
  };
  // A rule set with its engine-side indexes, prepared off the hot path.
  struct Prepared {
    explicit Prepared(std::shared_ptr<const CompiledRules> r) : scanner(std::move(r)) {}
    PhraseScanner scanner;
    // symbol -> price rules whose price condition can reference it
    absl::flat_hash_map<std::string, std::vector<uint32_t>> price_rules;
  };

  static std::unique_ptr<Prepared> Prepare(std::shared_ptr<const CompiledRules> rules);
  void MaybeSwap();
  void Install(std::unique_ptr<Prepared> next);
  void Advance(EventTime ts);
  void Sweep();
  PairState& Pair(uint32_t rule, std::string_view instrument);
  // Emits (or folds under cooldown) a signal of `rule` for story target `target`.
  void Fire(uint32_t rule, Story* story, size_t target, const HeldPoint* held,
            const std::string& price_instrument, SignalSink& out);
  void FirePriceOnly(uint32_t rule, const std::string& sym, const HeldPoint& held, SignalSink& out);
  void Emit(const Rule& rule, const std::string& instrument, const Story* story,
            const HeldPoint* held, const std::string& price_instrument, SignalSink& out);

  std::unique_ptr<Prepared> active_;
  std::vector<RuleState> states_;
  std::unique_ptr<PriceBook> book_;
  RuleEngineStats stats_;
  EventTime watermark_ = kNoTime;
  uint64_t events_since_sweep_ = 0;

  // Scratch reused per event.
  std::vector<uint32_t> candidates_;
  std::vector<uint32_t> candidate_epoch_;
  uint32_t epoch_ = 0;
  std::vector<uint64_t> words_;
  std::vector<std::string> targets_;
  Signal signal_;
  std::string id_buf_;

  std::mutex reload_mu_;
  std::unique_ptr<Prepared> pending_;  // guarded by reload_mu_
  std::atomic<bool> reload_pending_{false};
};

}  // namespace tripline

#endif  // TRIPLINE_RULES_RULE_ENGINE_H_
