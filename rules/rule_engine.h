// RuleEngine: evaluates headlines and price ticks against a CompiledRules and emits scored,
// explained signals. The same object runs in backtest and live.
//
// Per headline: one scan (raw text and word stream, rules/phrase_scanner.h); candidate rules come
// from the phrase -> rules index (plus the few rules whose condition can hold without any phrase);
// only they are evaluated. Per price tick: one hash look-up decides whether any rule watches the
// symbol; if not, the tick is ignored.
//
// Correlation is in event time and independent of arrival order: a rule with a headline and a
// price condition fires when a matching headline at t_h and a tick at t_p at which the price
// condition held satisfy |t_h - t_p| <= window, whichever arrived first; the signal's ts is
// the later of the two. (A headline arriving after its ticks pairs with a held tick at most one
// slot of window/360 later than the earliest: see KeepHeld.)
//
// Novelty: a headline whose word set overlaps an earlier story's (|A n B| / min(|A|, |B|) >=
// novelty.similarity, words folded to lower case and singular) to an earlier story of the same
// rule within novelty.window is a confirmation of it (counted into the pending signal, or folded
// if it already fired), never a new signal. Flood control: per rule and instrument, a second
// firing within `cooldown` of the last one is folded (counted in stats()). State is evicted as
// event time passes the windows, so memory is bounded by the windows plus the skew between the
// inputs, not the run length nor the tick rate. Event time for eviction is the slower input's
// (headlines or prices): a live input skewed by hours only holds state longer, it never drops a
// pairing; while one input has not been seen at all, what waits for it is kept for up to a day
// of the other's time.
//
// Hot reload: Reload() prepares the new set (scratch, indexes) on the caller's thread and hands
// it over; the pipeline thread swaps it in before its next event. State (pending stories,
// price points, cooldowns) is kept for rules whose id and file hash are unchanged, and dropped
// for the others; price history is kept when the set of price windows is unchanged.
//
// Retraction: a headline with a negation or retraction cue on which a rule's headline condition
// holds with negation off, naming an instrument of a story of that rule that already fired
// (within the rule's novelty window), withdraws it: a signal with `retracts` = the original
// signal_id (docs/messages.md). Each signal is retracted at most once.
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
#include "absl/container/node_hash_map.h"
#include "core/event_evaluator.h"
#include "core/price_book.h"
#include "core/ring_deque.h"
#include "core/symbol_filter.h"
#include "rules/compiled_rules.h"
#include "rules/phrase_scanner.h"
#include "rules/story_index.h"

namespace tripline {

struct RuleEngineStats {
  uint64_t headlines = 0;
  uint64_t prices = 0;
  uint64_t unwatched_prices = 0;
  uint64_t signals = 0;
  uint64_t confirmations = 0;  // near-duplicate headlines folded into a pending signal
  uint64_t folded = 0;         // firings suppressed by cooldown or novelty after firing
  uint64_t reloads = 0;
  uint64_t retractions = 0;
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
  // Correlation state held right now (stories + price points): bounded by the windows and the
  // skew between the inputs (see the eviction note above).
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
    std::vector<std::string> signal_ids;  // by target: the signal emitted (empty if folded)
    std::vector<uint8_t> retracted;
  };
  // A tick at which a rule's price condition held, with the move that made it hold. 32 bytes:
  // the move's end is the tick itself, and its fraction is recomputed exactly as PriceWindow
  // computes it.
  struct HeldPoint {
    EventTime ts = 0;
    EventTime from_ts = 0;
    double from_price = 0;
    double to_price = 0;
    // abnormal_move rules: the benchmark's move the same way over the window (0 without one),
    // and whether the benchmark had a price then (else the raw move was tested).
    double benchmark_move = 0;
    bool benchmark_priced = false;

    HeldPoint() = default;
    HeldPoint(EventTime t, const PriceMove& m, double bench = 0, bool priced = false)
        : ts(t),
          from_ts(m.from_ts),
          from_price(m.from_price),
          to_price(m.to_price),
          benchmark_move(bench),
          benchmark_priced(priced) {}
    PriceMove move() const {
      return PriceMove{true, to_price / from_price - 1.0, from_ts, from_price, ts, to_price};
    }
  };
  struct PairState {
    RingDeque<HeldPoint> held;
    EventTime last_fire = kNoTime;
    // The held-point slot of the last holding tick (KeepHeld): a tick in the same slot needs
    // no division to find it.
    EventTime slot_start = kNoTime;
  };
  // A denial of a rule's stories ("China denies ..."), kept while a story it denies may still
  // fire: when the inputs are skewed, a signal can fire after the denial was handled though it
  // fired before it in event time, and the backtest (event order) withdraws it then.
  struct Denial {
    HeadlineEvidence headline;
    std::vector<std::string> targets;  // the instruments it names, when `named`
    bool named = false;
  };
  struct RuleState {
    std::string id;
    std::string file_hash;
    std::deque<Story> stories;
    std::deque<Denial> denials;  // in handling order
    uint64_t first_seq = 0;      // sequence number of stories.front() (StoryIndex's names)
    StoryIndex index;            // the stories by word, for novelty
    // By instrument. Nodes, so that a price watcher may keep a pointer to its pair: one hash
    // lookup of the symbol per holding tick and rule was a tenth of the price path.
    absl::node_hash_map<std::string, PairState> pairs;
    uint64_t pairs_erased = 0;  // counts erasures: a watcher's kept pointer is stale after one
  };
  // The price rules that can reference one symbol, and the gates that let a tick skip them all.
  // Most ticks move the price by far less than any threshold; one look at each window's extremes
  // then replaces a pass over every watching rule.
  struct PriceWatch {
    struct Watcher {
      uint32_t rule;
      int32_t window;  // index in the book's windows; -1 for prev_close
      // abnormal_move rules: the symbol's benchmark, its entry in book_ (set by Install).
      std::string_view benchmark = {};
      PriceWindow* benchmark_state = nullptr;
      // The rule's pair for this symbol, as last found, valid while the rule's pairs_erased
      // still equals `pair_erased` (see PairFor).
      PairState* pair = nullptr;
      uint64_t pair_erased = 0;
    };
    // Some rule on `window` can hold only if the drop is <= max_drop or the rise >= min_rise.
    struct Gate {
      int32_t window;
      double max_drop;
      double min_rise;
      // The same bounds as factors of the window's high and low, widened by 1e-9 so that
      // rounding never closes the gate on a move Drop or Rise would let through (set by
      // Prepare): last <= high * drop_factor, last >= low * rise_factor.
      double drop_factor = 0;
      double rise_factor = 0;
    };
    std::vector<Watcher> watchers;  // in rule order, so signals come out in a fixed order
    std::vector<Gate> gates;
    bool always = false;  // a condition no gate can bound (prev_close, |move| below a bound)
    PriceWindow* state = nullptr;  // the symbol's entry in book_, set by Install
  };
  // A rule set with its engine-side indexes, prepared off the hot path.
  struct Prepared {
    explicit Prepared(std::shared_ptr<const CompiledRules> r) : scanner(std::move(r)) {}
    PhraseScanner scanner;
    // symbol -> the price rules whose price condition can reference it
    absl::flat_hash_map<std::string, PriceWatch> price_watch;
    SymbolFilter may_watch;  // the keys of price_watch
  };

  // Fills targets_ with the instruments `rule` emits for on the scanned headline.
  void Targets(const Rule& rule, const PhraseScanner& scanner);
  // Withdraws the fired stories of rule `ri` that headline `h` denies or walks back; returns
  // whether it withdrew any.
  bool Retract(uint32_t ri, const Headline& h, SignalSink& out);
  // Emits the retraction of story `s`'s signal for target `t` by `denial`.
  void EmitRetraction(const Rule& rule, Story& s, size_t t, const HeadlineEvidence& denial,
                      SignalSink& out);
  static std::unique_ptr<Prepared> Prepare(std::shared_ptr<const CompiledRules> rules);
  static bool GateOpen(const PriceWatch& watch, const PriceWindow& w);
  // Holds the point (ts, m, bench, priced) in `pair` (see the .cc). Takes the parts rather
  // than a HeldPoint just built: copying a fresh 40-byte struct stalled on store forwarding.
  static void KeepHeld(PairState& pair, EventTime ts, const PriceMove& m, double bench, bool priced,
                       EventTime window);
  void MaybeSwap();
  void Install(std::unique_ptr<Prepared> next);
  void AdvanceHeadlines(EventTime ts);
  void AdvancePrices(EventTime ts);
  // The time before which state may go: the slower input's progress; before any headline, the
  // prices' less a day (held moves wait for a headline input that starts late); the headlines'
  // alone before any price (stories have their own wait, see Sweep); kNoTime before any event.
  EventTime Evictable() const;
  void Sweep();
  PairState& Pair(uint32_t rule, std::string_view instrument);
  // Pair(watcher.rule, sym) through the watcher's kept pointer.
  PairState& PairFor(PriceWatch::Watcher& watcher, std::string_view sym);
  // Emits (or folds under cooldown) a signal of `rule` for story target `target`.
  void Fire(uint32_t rule, Story* story, size_t target, const HeldPoint* held,
            const std::string& price_instrument, SignalSink& out);
  void FirePriceOnly(uint32_t rule, const std::string& sym, const HeldPoint& held, SignalSink& out);
  void Emit(const Rule& rule, const std::string& instrument, const Story* story,
            const HeldPoint* held, const std::string& price_instrument, SignalSink& out);

  std::unique_ptr<Prepared> active_;
  std::vector<RuleState> states_;
  // The rules that hold state (stories, denials, pairs), so that the sweep visits those, not
  // every loaded rule: with 10,000 rules a sweep of all of them every kSweepEvery events cost
  // more than the scan (bench/RESULTS.md).
  std::vector<uint32_t> live_rules_;
  std::vector<uint8_t> rule_live_;  // by rule index
  void MarkLive(uint32_t rule) {
    if (rule_live_[rule]) return;
    rule_live_[rule] = 1;
    live_rules_.push_back(rule);
  }
  std::unique_ptr<PriceBook> book_;
  RuleEngineStats stats_;
  // The latest event time seen of each input. State is evicted by the slower one (Evictable):
  // a story can still be fired by a price no later than the price input has reached, and a
  // held move paired with a headline no later than the headline input has reached, however
  // far one input runs ahead of the other live.
  EventTime headline_watermark_ = kNoTime;
  EventTime price_watermark_ = kNoTime;
  uint64_t events_since_sweep_ = 0;
  // By instrument: the latest headline time at which a rule other than a fallback took a
  // headline for it (a story or a confirmation). A fallback stands aside for an instrument a
  // specific rule is already following within the fallback's window: the market's reaction
  // to a story ("shares slide after report of ...") is that story, not a second one. Bounded
  // by the instruments the pack names.
  absl::flat_hash_map<std::string, EventTime> specific_story_ts_;

  // Scratch reused per event.
  std::vector<uint64_t> words_;
  std::vector<uint64_t> candidates_;  // reused: stories sharing a word with the headline
  std::vector<std::string> targets_;
  Signal signal_;
  std::string id_buf_;

  std::mutex reload_mu_;
  std::unique_ptr<Prepared> pending_;  // guarded by reload_mu_
  std::atomic<bool> reload_pending_{false};
};

}  // namespace tripline

#endif  // TRIPLINE_RULES_RULE_ENGINE_H_
