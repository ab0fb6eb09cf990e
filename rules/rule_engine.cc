#include "rules/rule_engine.h"

#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

#include "absl/strings/str_cat.h"
#include "rules/rule_loader.h"

namespace tripline {
namespace {

// Events between two sweeps of all correlation state.
constexpr uint64_t kSweepEvery = 1024;
// Held price points are kept at a resolution of window / kHeldSlots, at least a second (see
// KeepHeld): at most 4 x kHeldSlots points per (rule, instrument), whatever the tick rate.
constexpr EventTime kHeldSlots = 360;
constexpr EventTime kMinHeldResolution = 1'000'000'000;
// While one input has not been seen at all (a fresh live engine whose first fetch of it came
// back empty), the state that waits for it is kept this long in the other input's event time:
// long enough for a feed that starts late, bounded for one that never comes.
constexpr EventTime kAwaitInputFor = 24 * 3600 * EventTime{1'000'000'000};
// Confirming headlines kept as evidence on one signal (the count keeps going).
constexpr size_t kMaxConfirmationEvidence = 16;

bool IsStopWord(std::string_view w) {
  static constexpr std::string_view kStop[] = {
      "the",  "and",   "for",    "with",    "from",    "its",    "says",      "said",   "say",
      "over", "after", "amid",   "into",    "that",    "this",   "will",      "are",    "was",
      "has",  "have",  "report", "reports", "sources", "source", "according", "update", "breaking"};
  for (std::string_view s : kStop) {
    if (w == s) return true;
  }
  return false;
}

// Sorted, unique hashes of the lower-cased words of `text` (words of 3+ characters, minus
// stop words): the story's fingerprint for near-duplicate detection.
void WordSet(std::string_view text, std::vector<uint64_t>* out) {
  out->clear();
  char buf[64];
  size_t len = 0;
  auto flush = [&] {
    if (len >= 3 && len < sizeof buf && !IsStopWord(std::string_view(buf, len))) {
      // A crude plural fold ("chips" = "chip", "urges" = "urge") so rewordings still overlap.
      const size_t n = len > 3 && buf[len - 1] == 's' ? len - 1 : len;
      out->push_back(XXH3_64bits(buf, n));
    }
    len = 0;
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      if (len < sizeof buf)
        buf[len] = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      ++len;
    } else {
      flush();
    }
  }
  flush();
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

// Overlap coefficient |A n B| / min(|A|, |B|): a short rewrite of a longer headline by another
// outlet still counts as the same story, which Jaccard would miss.
double Similarity(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() || b.empty()) return a.empty() && b.empty() ? 1 : 0;
  size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++common;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(std::min(a.size(), b.size()));
}

// The benchmark's move the same way as `move` over window `window_index`, up to `now`: its
// drop for a drop, its rise for a rise, 0 before it has a price. An abnormal move is
// `move - BenchmarkMove(...)`: a 4% sector drop takes 4 points off a 4.2% drop, and a benchmark
// that rose while the stock fell takes nothing off (the stock's drop is all its own).
double BenchmarkMove(PriceWindow& bench, int32_t window_index, double move, EventTime now) {
  if (window_index < 0 || !bench.has_last()) return 0;
  if (bench.last_ts() < now) bench.AdvanceTo(now);
  const size_t i = static_cast<size_t>(window_index);
  const PriceMove b = move < 0 ? bench.Drop(i) : bench.Rise(i);
  return b.valid ? b.move : 0;
}

// The drop and rise of one instrument's windows at one tick, each computed once however many
// rules read it (a division each; eight rules watch one window of a busy symbol).
class TickMoves {
 public:
  explicit TickMoves(const PriceWindow& w) : w_(w) {}
  PriceMove Drop(size_t i) { return Get(i, true); }
  PriceMove Rise(size_t i) { return Get(i, false); }

 private:
  static constexpr size_t kCached = 8;  // windows beyond these are computed each time
  PriceMove Get(size_t i, bool drop) {
    if (i >= kCached) return drop ? w_.Drop(i) : w_.Rise(i);
    std::optional<PriceMove>& m = moves_[2 * i + (drop ? 0 : 1)];
    if (!m) m = drop ? w_.Drop(i) : w_.Rise(i);
    return *m;
  }
  const PriceWindow& w_;
  // Empty until first read: constructing the set writes only the flags, not 16 moves.
  std::optional<PriceMove> moves_[2 * kCached];
};

// The move a price condition looks at, from the instrument's current state.
PriceMove MoveFor(const PriceCondition& p, const PriceWindow& w, TickMoves& moves,
                  int window_index) {
  if (p.prev_close) return w.SincePrevClose();
  if (window_index < 0) return {};
  const size_t i = static_cast<size_t>(window_index);
  if (p.abs) {
    PriceMove drop = moves.Drop(i), rise = moves.Rise(i);
    if (!drop.valid) return rise;
    if (!rise.valid) return drop;
    return std::fabs(drop.move) >= std::fabs(rise.move) ? drop : rise;
  }
  return (p.cmp == Cmp::kLe || p.cmp == Cmp::kLt) ? moves.Drop(i) : moves.Rise(i);
}

std::string Percent(double fraction) {
  char buf[32];
  snprintf(buf, sizeof buf, "%+.2f%%", fraction * 100);
  return buf;
}

std::string PriceText(double p) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.4g", p);
  return buf;
}

}  // namespace

RuleEngine::RuleEngine(std::shared_ptr<const CompiledRules> rules) {
  Install(Prepare(std::move(rules)));
}

RuleEngine::~RuleEngine() = default;

std::unique_ptr<RuleEngine::Prepared> RuleEngine::Prepare(
    std::shared_ptr<const CompiledRules> rules) {
  auto p = std::make_unique<Prepared>(std::move(rules));
  const CompiledRules& c = p->scanner.rules();
  // Benchmarks of abnormal_move tests: the book tracks them (a watch without watchers).
  std::vector<std::string> benchmarks;
  for (uint32_t i = 0; i < c.rules().size(); ++i) {
    const Rule& r = c.rules()[i];
    if (!r.price.present) continue;
    const PriceCondition& pc = r.price;
    const int32_t wi = pc.prev_close ? -1 : PriceBook::WindowIndex(c.price_windows(), pc.window);
    for (const std::string& s : r.reach) {
      PriceWatch& watch = p->price_watch[s];
      const std::string_view bench = pc.abnormal ? c.BenchmarkOf(s) : std::string_view();
      if (!bench.empty()) benchmarks.emplace_back(bench);
      watch.watchers.push_back({i, wi, bench});
      if (wi < 0 || (pc.abs && (pc.cmp == Cmp::kLe || pc.cmp == Cmp::kLt))) {
        watch.always = true;
        continue;
      }
      auto g = std::find_if(watch.gates.begin(), watch.gates.end(),
                            [&](const PriceWatch::Gate& x) { return x.window == wi; });
      if (g == watch.gates.end()) {
        watch.gates.push_back({wi, -std::numeric_limits<double>::infinity(),
                               std::numeric_limits<double>::infinity()});
        g = watch.gates.end() - 1;
      }
      // Non-strict bounds: the gate may let through a tick no rule takes, never the reverse.
      const bool below = pc.cmp == Cmp::kLe || pc.cmp == Cmp::kLt;
      if (pc.abs) {  // |move| >= t: a drop to -t or a rise to t
        g->max_drop = std::max(g->max_drop, -pc.threshold);
        g->min_rise = std::min(g->min_rise, pc.threshold);
      } else if (below) {  // measured on the drop
        g->max_drop = std::max(g->max_drop, pc.threshold);
      } else {  // measured on the rise
        g->min_rise = std::min(g->min_rise, pc.threshold);
      }
    }
  }
  for (auto& [sym, watch] : p->price_watch) {
    for (PriceWatch::Gate& g : watch.gates) {
      g.drop_factor = 1 + g.max_drop + 1e-9;
      g.rise_factor = 1 + g.min_rise - 1e-9;
    }
  }
  for (const std::string& b : benchmarks) p->price_watch.try_emplace(b);
  for (const auto& [sym, watch] : p->price_watch) p->may_watch.Add(sym);
  return p;
}

bool RuleEngine::GateOpen(const PriceWatch& watch, const PriceWindow& w) {
  if (watch.always) return true;
  const double last = w.last_price();
  for (const PriceWatch::Gate& g : watch.gates) {
    const size_t i = static_cast<size_t>(g.window);
    const double high = w.high(i);
    if (high > 0 && last <= high * g.drop_factor) return true;
    const double low = w.low(i);
    if (low > 0 && last >= low * g.rise_factor) return true;
  }
  return false;
}

// Held points are kept at a coarse resolution: the first and the last holding tick of each slot
// of window / kHeldSlots (10 s for a 60-minute window). A headline's look-up ("the earliest point
// within the window") then finds a point whenever the exact search would, at most one slot later
// than it, and memory is bounded by the slot count instead of the tick rate: a 3% move can hold
// on every tick for an hour.
void RuleEngine::KeepHeld(PairState& pair, EventTime ts, const PriceMove& m, double bench,
                          bool priced, EventTime window) {
  RingDeque<HeldPoint>& held = pair.held;
  const EventTime resolution = std::max(kMinHeldResolution, window / kHeldSlots);
  const size_t n = held.size();
  // The slot as a range of times, found again only when the tick leaves the last one: most
  // holding ticks fall in the slot of the one before.
  if (pair.slot_start == kNoTime || ts < pair.slot_start || ts - pair.slot_start >= resolution) {
    pair.slot_start = ts - ts % resolution;
  }
  const EventTime slot_start = pair.slot_start;
  auto in_slot = [&](EventTime t) { return t >= slot_start && t - slot_start < resolution; };
  // A newer last point of this slot replaces the last one; otherwise a new one.
  if (!(n >= 2 && in_slot(held[n - 1].ts) && in_slot(held[n - 2].ts))) {
    held.push_back(HeldPoint());
  }
  HeldPoint& p = held.back();
  p.ts = ts;
  p.from_ts = m.from_ts;
  p.from_price = m.from_price;
  p.to_price = m.to_price;
  p.benchmark_move = bench;
  p.benchmark_priced = priced;
}

void RuleEngine::Install(std::unique_ptr<Prepared> next) {
  const CompiledRules& c = next->scanner.rules();
  std::vector<RuleState> states(c.rules().size());
  for (size_t i = 0; i < c.rules().size(); ++i) {
    const Rule& r = c.rules()[i];
    states[i].id = r.id;
    states[i].file_hash = r.file_hash;
    for (RuleState& old : states_) {
      if (old.id == r.id && old.file_hash == r.file_hash) {
        states[i] = std::move(old);
        break;
      }
    }
  }
  states_ = std::move(states);
  live_rules_.clear();
  rule_live_.assign(states_.size(), 0);
  for (uint32_t i = 0; i < states_.size(); ++i) {
    const RuleState& st = states_[i];
    if (!st.stories.empty() || !st.denials.empty() || !st.pairs.empty()) MarkLive(i);
  }
  if (book_ == nullptr || book_->windows() != c.price_windows()) {
    book_ = std::make_unique<PriceBook>(c.price_windows());
  }
  for (const auto& [sym, watch] : next->price_watch) book_->Watch(sym);
  // The book takes no new symbols until the next Install, so its entries stay where they are.
  for (auto& [sym, watch] : next->price_watch) {
    watch.state = book_->Find(sym);
    for (PriceWatch::Watcher& w : watch.watchers) {
      if (!w.benchmark.empty()) w.benchmark_state = book_->Find(w.benchmark);
    }
  }
  active_ = std::move(next);
}

void RuleEngine::Reload(std::shared_ptr<const CompiledRules> rules) {
  auto prepared = Prepare(std::move(rules));
  std::lock_guard<std::mutex> lock(reload_mu_);
  pending_ = std::move(prepared);
  reload_pending_.store(true, std::memory_order_release);
}

void RuleEngine::MaybeSwap() {
  if (!reload_pending_.load(std::memory_order_acquire)) return;
  std::unique_ptr<Prepared> next;
  {
    std::lock_guard<std::mutex> lock(reload_mu_);
    next = std::move(pending_);
    reload_pending_.store(false, std::memory_order_relaxed);
  }
  if (next == nullptr) return;
  Install(std::move(next));
  ++stats_.reloads;
}

RuleEngine::PairState& RuleEngine::Pair(uint32_t rule, std::string_view instrument) {
  auto& pairs = states_[rule].pairs;
  auto it = pairs.find(absl::string_view(instrument.data(), instrument.size()));
  if (it != pairs.end()) return it->second;
  MarkLive(rule);
  return pairs[std::string(instrument)];
}

RuleEngine::PairState& RuleEngine::PairFor(PriceWatch::Watcher& watcher, std::string_view sym) {
  const uint64_t erased = states_[watcher.rule].pairs_erased;
  if (watcher.pair == nullptr || watcher.pair_erased != erased) {
    watcher.pair = &Pair(watcher.rule, sym);
    watcher.pair_erased = erased;
  }
  return *watcher.pair;
}

void RuleEngine::AdvanceHeadlines(EventTime ts) {
  if (headline_watermark_ == kNoTime || ts > headline_watermark_) headline_watermark_ = ts;
  if (++events_since_sweep_ >= kSweepEvery) Sweep();
}

void RuleEngine::AdvancePrices(EventTime ts) {
  if (price_watermark_ == kNoTime || ts > price_watermark_) price_watermark_ = ts;
  if (++events_since_sweep_ >= kSweepEvery) Sweep();
}

EventTime RuleEngine::Evictable() const {
  if (headline_watermark_ == kNoTime) {
    return price_watermark_ == kNoTime ? kNoTime : price_watermark_ - kAwaitInputFor;
  }
  if (price_watermark_ == kNoTime) return headline_watermark_;
  return std::min(headline_watermark_, price_watermark_);
}

void RuleEngine::Sweep() {
  events_since_sweep_ = 0;
  const EventTime watermark = Evictable();
  if (watermark == kNoTime) return;
  const CompiledRules& c = active_->scanner.rules();
  for (size_t k = 0; k < live_rules_.size();) {
    const uint32_t i = live_rules_[k];
    const Rule& r = c.rules()[i];
    RuleState& st = states_[i];
    // Stories are needed while a repeat (novelty, confirmation, retraction) can still come,
    // by the headline input's progress, and for a price rule while a tick can still fire
    // them, by the price input's; one extra window tolerates events a little out of order.
    const EventTime keep = std::max(r.window, r.novelty_window) + r.window;
    const EventTime headlines_at =
        headline_watermark_ != kNoTime ? headline_watermark_ : price_watermark_;
    EventTime until = headlines_at - keep;
    if (r.price.present && !r.headline.empty()) {
      until = std::min(until, price_watermark_ != kNoTime ? price_watermark_ - 2 * r.window
                                                          : headlines_at - kAwaitInputFor);
    }
    while (!st.stories.empty() && st.stories.front().ts < until) {
      st.stories.pop_front();
      ++st.first_seq;
    }
    while (!st.denials.empty() && st.denials.front().headline.ts < until) st.denials.pop_front();
    st.index.Forget(st.first_seq);
    for (auto it = st.pairs.begin(); it != st.pairs.end();) {
      PairState& ps = it->second;
      while (!ps.held.empty() && ps.held.front().ts < watermark - 2 * r.window) {
        ps.held.pop_front();
      }
      const bool cooling = ps.last_fire != kNoTime && watermark - ps.last_fire < r.cooldown;
      if (ps.held.empty() && !cooling) {
        st.pairs.erase(it++);
        ++st.pairs_erased;
      } else {
        ++it;
      }
    }
    // Nothing held: no longer live (eviction has no output, so the visiting order is free).
    if (st.stories.empty() && st.denials.empty() && st.pairs.empty()) {
      rule_live_[i] = 0;
      live_rules_[k] = live_rules_.back();
      live_rules_.pop_back();
    } else {
      ++k;
    }
  }
}

size_t RuleEngine::retained() const {
  size_t n = 0;
  for (const RuleState& st : states_) {
    n += st.stories.size();
    for (const auto& [sym, ps] : st.pairs) n += ps.held.size();
  }
  return n;
}

void RuleEngine::OnHeadline(const Headline& h, SignalSink& out) {
  MaybeSwap();
  ++stats_.headlines;
  AdvanceHeadlines(h.ts);
  PhraseScanner& scanner = active_->scanner;
  const CompiledRules& c = scanner.rules();
  scanner.Scan(h.headline);

  const std::vector<uint32_t>& candidates = scanner.CandidateRules();
  bool have_words = false;
  // Whether rule `ri` takes the headline (a new story or a confirmation of one).
  auto consider = [&](uint32_t ri) -> bool {
    const Rule& rule = c.rules()[ri];
    if (scanner.has_retraction_cue() && Retract(ri, h, out)) return false;
    if (!scanner.Matches(rule, h.source)) return false;
    Targets(rule, scanner);
    if (rule.fallback) {
      // Not for an instrument whose story a specific rule is following (the member comment).
      targets_.erase(std::remove_if(targets_.begin(), targets_.end(),
                                    [&](const std::string& t) {
                                      auto it = specific_story_ts_.find(t);
                                      return it != specific_story_ts_.end() &&
                                             h.ts - it->second <= rule.window;
                                    }),
                     targets_.end());
    } else {
      for (const std::string& t : targets_) {
        EventTime& at = specific_story_ts_[t];
        at = std::max(at, h.ts);
      }
    }
    if (targets_.empty()) return false;

    // Novelty: a near-duplicate of a story of this rule is a confirmation, not a new story.
    if (!have_words) {
      WordSet(h.headline, &words_);
      have_words = true;
    }
    RuleState& st = states_[ri];
    Story* original = nullptr;
    double max_other = 0;
    // The first story (oldest) similar enough is the original; the best similarity of the
    // others sets the new story's novelty. Only stories sharing a word can score above 0, so
    // the index's candidates give the same answer as a pass over every story in the window.
    auto compare = [&](Story& s) {
      const EventTime d = h.ts >= s.ts ? h.ts - s.ts : s.ts - h.ts;
      if (d > rule.novelty_window) return false;
      const double sim = Similarity(words_, s.words);
      if (sim >= rule.novelty_similarity) {
        original = &s;
        return true;
      }
      max_other = std::max(max_other, sim);
      return false;
    };
    if (words_.empty()) {
      for (Story& s : st.stories) {  // no words: only another wordless story can be similar
        if (compare(s)) break;
      }
    } else {
      st.index.Candidates(words_, st.first_seq, &candidates_);
      for (uint64_t seq : candidates_) {
        if (compare(st.stories[seq - st.first_seq])) break;
      }
    }
    HeadlineEvidence evidence{
        std::string(h.id), std::string(h.source), std::string(h.headline), h.ts, {}};
    {
      std::vector<uint32_t> hit;
      for (uint32_t p : rule.phrases) {
        if (scanner.affirmed(p) || (scanner.matched(p) && !c.entities_for_phrase(p).empty())) {
          hit.push_back(p);
        }
      }
      std::sort(hit.begin(), hit.end(), [&](uint32_t a, uint32_t b) {
        return std::make_pair(scanner.first_offset(a), a) <
               std::make_pair(scanner.first_offset(b), b);
      });
      for (uint32_t p : hit) evidence.phrases.push_back(c.phrases()[p].text);
    }
    if (original != nullptr) {
      bool pending = false;
      for (uint8_t f : original->fired) pending |= f == 0;
      if (pending) {
        ++stats_.confirmations;
        if (original->confirmations.size() < kMaxConfirmationEvidence) {
          original->confirmations.push_back(std::move(evidence));
        }
      } else {
        ++stats_.folded;
      }
      return true;
    }
    Story story;
    story.first = std::move(evidence);
    story.words = words_;
    story.ts = h.ts;
    story.source_weight = c.SourceWeight(h.source);
    story.novelty = 1 - max_other;
    story.phrases = static_cast<double>(story.first.phrases.size());
    story.targets = targets_;
    story.fired.assign(targets_.size(), 0);
    story.signal_ids.assign(targets_.size(), std::string());
    story.retracted.assign(targets_.size(), 0);
    st.stories.push_back(std::move(story));
    MarkLive(ri);
    Story& s = st.stories.back();
    st.index.Add(st.first_seq + st.stories.size() - 1, s.words);
    for (size_t t = 0; t < s.targets.size(); ++t) {
      if (!rule.price.present) {
        Fire(ri, &s, t, nullptr, s.targets[t], out);
        continue;
      }
      const std::string& sym = rule.price.mentioned ? s.targets[t] : rule.price.instrument;
      auto it = st.pairs.find(absl::string_view(sym.data(), sym.size()));
      if (it == st.pairs.end()) continue;
      // The earliest point at which the price condition held within the window.
      const RingDeque<HeldPoint>& held = it->second.held;
      for (size_t k = 0; k < held.size(); ++k) {
        const EventTime d = held[k].ts >= s.ts ? held[k].ts - s.ts : s.ts - held[k].ts;
        if (d <= rule.window) {
          HeldPoint point = held[k];
          Fire(ri, &s, t, &point, sym, out);
          break;
        }
      }
    }
    return true;
  };
  // Fallback rules judge only what no other rule took: wording nobody foresaw.
  bool taken = false;
  bool fallbacks = false;
  for (uint32_t ri : candidates) {
    if (c.rules()[ri].fallback) {
      fallbacks = true;
      continue;
    }
    taken |= consider(ri);
  }
  if (taken || !fallbacks) return;
  for (uint32_t ri : candidates) {
    if (c.rules()[ri].fallback) consider(ri);
  }
}

void RuleEngine::Targets(const Rule& rule, const PhraseScanner& scanner) {
  targets_.clear();
  if (!rule.emit_mentioned) {
    targets_.push_back(rule.emit_instrument);
    return;
  }
  const CompiledRules& c = scanner.rules();
  for (uint32_t e : scanner.mentioned_entities()) {
    if (!rule.emit_entities.empty() &&
        !std::binary_search(rule.emit_entities.begin(), rule.emit_entities.end(), e)) {
      continue;
    }
    for (const std::string& s : c.entities()[e].instruments) targets_.push_back(s);
  }
  std::sort(targets_.begin(), targets_.end());
  targets_.erase(std::unique(targets_.begin(), targets_.end()), targets_.end());
}

bool RuleEngine::Retract(uint32_t ri, const Headline& h, SignalSink& out) {
  RuleState& st = states_[ri];
  const Rule& rule = active_->scanner.rules().rules()[ri];
  if (st.stories.empty()) return false;
  // The denial is about the same thing: the condition holds once its negated phrases count.
  const PhraseScanner& scanner = active_->scanner;
  if (!scanner.Evaluate(rule.headline, rule.headline.root, h.source, /*negation=*/false)) {
    return false;
  }
  Targets(rule, scanner);
  const bool named = rule.emit_mentioned && !targets_.empty();
  // The headline's strings are copied only when a retraction or a kept denial needs them.
  std::optional<HeadlineEvidence> denial;
  auto evidence = [&]() -> const HeadlineEvidence& {
    if (!denial) {
      denial.emplace(HeadlineEvidence{
          std::string(h.id), std::string(h.source), std::string(h.headline), h.ts, {}});
    }
    return *denial;
  };
  bool retracted = false;
  bool may_fire = false;  // a story it denies has a target that has not fired yet
  for (Story& s : st.stories) {
    if (h.ts < s.ts || h.ts - s.ts > rule.novelty_window) continue;
    for (size_t t = 0; t < s.targets.size(); ++t) {
      if (named && !std::binary_search(targets_.begin(), targets_.end(), s.targets[t])) continue;
      if (s.signal_ids[t].empty()) {
        may_fire = true;
        continue;
      }
      if (s.retracted[t]) continue;
      EmitRetraction(rule, s, t, evidence(), out);
      retracted = true;
    }
  }
  if (may_fire && rule.price.present) {
    // That story may fire later than this denial is handled (Fire withdraws it then).
    st.denials.push_back(Denial{evidence(), named ? targets_ : std::vector<std::string>(), named});
    MarkLive(ri);
  }
  return retracted;
}

void RuleEngine::EmitRetraction(const Rule& rule, Story& s, size_t t,
                                const HeadlineEvidence& denial, SignalSink& out) {
  s.retracted[t] = 1;
  Signal& x = signal_;
  x.rule = rule.id;
  x.rule_hash = rule.file_hash;
  x.rule_file = rule.file;
  x.instrument = s.targets[t];
  x.direction = rule.direction;
  x.severity = rule.severity;
  x.ts = denial.ts;
  x.count = 1;
  x.headlines.clear();
  x.headlines.push_back(denial);
  x.price.reset();
  x.score = std::clamp(active_->scanner.rules().SourceWeight(denial.source), 0.0, 1.0);
  x.retracts = s.signal_ids[t];
  id_buf_.clear();
  absl::StrAppend(&id_buf_, "retract\x1f", x.retracts, "\x1f", denial.id, "@", denial.ts);
  x.signal_id = HexHash128(id_buf_);
  x.explanation.clear();
  absl::StrAppend(&x.explanation, rule.id, ": ", denial.source, " \"", denial.text,
                  "\" withdraws signal ", x.retracts, " (",
                  std::string(DirectionName(rule.direction)), " ", x.instrument, " on \"",
                  s.first.text, "\") => retract");
  ++stats_.retractions;
  ++stats_.signals;
  out.Emit(x);
}

void RuleEngine::OnPrice(const PriceTick& tick, SignalSink& out) {
  MaybeSwap();
  ++stats_.prices;
  if (!active_->may_watch.MayContain(tick.sym)) {
    ++stats_.unwatched_prices;
    return;
  }
  auto it = active_->price_watch.find(absl::string_view(tick.sym.data(), tick.sym.size()));
  if (it == active_->price_watch.end()) {
    ++stats_.unwatched_prices;
    return;
  }
  PriceWindow* w = it->second.state;
  w->Update(tick.ts, tick.price, tick.kind);
  if (tick.kind == PriceKind::kClose) return;
  if (tick.ts < w->last_ts()) return;  // late tick: the window did not move
  AdvancePrices(tick.ts);
  PriceWatch& watch = it->second;
  if (!GateOpen(watch, *w)) return;
  const std::string& sym = it->first;
  const CompiledRules& c = active_->scanner.rules();
  TickMoves moves(*w);
  for (PriceWatch::Watcher& watcher : watch.watchers) {
    const uint32_t ri = watcher.rule;
    const Rule& rule = c.rules()[ri];
    PriceMove m = MoveFor(rule.price, *w, moves, watcher.window);
    if (!m.valid) continue;
    double bench = 0;
    const bool priced = watcher.benchmark_state != nullptr && watcher.benchmark_state->has_last();
    if (priced) bench = BenchmarkMove(*watcher.benchmark_state, watcher.window, m.move, tick.ts);
    if (!rule.price.Holds(m.move - bench)) continue;
    HeldPoint point{tick.ts, m, bench, priced};
    if (rule.headline.empty()) {
      // Fires on the tick itself: nothing later pairs with it, so nothing is held.
      FirePriceOnly(ri, sym, point, out);
      continue;
    }
    PairState& ps = PairFor(watcher, sym);
    // A held move may still pair with a headline up to the headline input's progress.
    const EventTime horizon = headline_watermark_ == kNoTime
                                  ? tick.ts - kAwaitInputFor
                                  : std::min(tick.ts, headline_watermark_);
    while (!ps.held.empty() && ps.held.front().ts < horizon - 2 * rule.window) {
      ps.held.pop_front();
    }
    KeepHeld(ps, tick.ts, m, bench, priced, rule.window);
    for (Story& s : states_[ri].stories) {
      const EventTime d = tick.ts >= s.ts ? tick.ts - s.ts : s.ts - tick.ts;
      if (d > rule.window) continue;
      for (size_t t = 0; t < s.targets.size(); ++t) {
        if (s.fired[t]) continue;
        const std::string& target_sym = rule.price.mentioned ? s.targets[t] : rule.price.instrument;
        if (target_sym != sym) continue;
        Fire(ri, &s, t, &point, sym, out);
      }
    }
  }
}

void RuleEngine::Finish(SignalSink& out) { MaybeSwap(); }

void RuleEngine::Fire(uint32_t ri, Story* story, size_t target, const HeldPoint* held,
                      const std::string& price_instrument, SignalSink& out) {
  const Rule& rule = active_->scanner.rules().rules()[ri];
  story->fired[target] = 1;
  const std::string& instrument = story->targets[target];
  const EventTime ts = held != nullptr ? std::max(story->ts, held->ts) : story->ts;
  PairState& ps = Pair(ri, instrument);
  if (ps.last_fire != kNoTime) {
    const EventTime d = ts >= ps.last_fire ? ts - ps.last_fire : ps.last_fire - ts;
    if (d < rule.cooldown) {
      ++stats_.folded;
      return;
    }
  }
  ps.last_fire = ts;
  Emit(rule, instrument, story, held, price_instrument, out);
  story->signal_ids[target] = signal_.signal_id;
  // A denial handled before this signal fired but later than it in event time withdraws it
  // now, as it would have in event order (the earliest such denial, as the backtest's).
  const Denial* first = nullptr;
  for (const Denial& d : states_[ri].denials) {
    if (d.headline.ts <= ts || d.headline.ts - story->ts > rule.novelty_window) continue;
    if (d.named && !std::binary_search(d.targets.begin(), d.targets.end(), instrument)) continue;
    if (first == nullptr || d.headline.ts < first->headline.ts) first = &d;
  }
  if (first != nullptr) EmitRetraction(rule, *story, target, first->headline, out);
}

void RuleEngine::FirePriceOnly(uint32_t ri, const std::string& sym, const HeldPoint& held,
                               SignalSink& out) {
  const Rule& rule = active_->scanner.rules().rules()[ri];
  const std::string& instrument = rule.emit_instrument;
  PairState& ps = Pair(ri, instrument);
  if (ps.last_fire != kNoTime) {
    const EventTime d = held.ts >= ps.last_fire ? held.ts - ps.last_fire : ps.last_fire - held.ts;
    if (d < rule.cooldown) {
      ++stats_.folded;
      return;
    }
  }
  ps.last_fire = held.ts;
  Emit(rule, instrument, nullptr, &held, sym, out);
}

void RuleEngine::Emit(const Rule& rule, const std::string& instrument, const Story* story,
                      const HeldPoint* held, const std::string& price_instrument, SignalSink& out) {
  Signal& s = signal_;
  s.retracts.clear();
  s.rule = rule.id;
  s.rule_hash = rule.file_hash;
  s.rule_file = rule.file;
  s.instrument = instrument;
  s.direction = rule.direction;
  if (rule.direction_with_move && held != nullptr) {
    s.direction =
        held->move().move - held->benchmark_move < 0 ? Direction::kShort : Direction::kLong;
  }
  s.severity = rule.severity;
  s.ts = story != nullptr ? story->ts : held->ts;
  if (held != nullptr) s.ts = std::max(s.ts, held->ts);
  s.headlines.clear();
  s.count = 1;
  ScoreInputs in;
  if (story != nullptr) {
    s.headlines.push_back(story->first);
    for (const HeadlineEvidence& e : story->confirmations) s.headlines.push_back(e);
    s.count = 1 + static_cast<uint32_t>(story->confirmations.size());
    in.source_weight = story->source_weight;
    in.confirmations = static_cast<double>(story->confirmations.size());
    in.headlines = 1 + in.confirmations;
    in.novelty = story->novelty;
    in.phrases = story->phrases;
  } else {
    in.headlines = 0;
  }
  if (held != nullptr) {
    const PriceMove m = held->move();
    s.price = PriceEvidence{price_instrument,
                            rule.price.window_text,
                            m.from_ts,
                            m.from_price,
                            m.to_ts,
                            m.to_price,
                            m.move};
    in.move = m.move;
    if (rule.price.abnormal) {
      s.price->abnormal = true;
      s.price->benchmark = std::string(active_->scanner.rules().BenchmarkOf(price_instrument));
      s.price->benchmark_move = held->benchmark_move;
      s.price->abnormal_move = m.move - held->benchmark_move;
      in.move = s.price->abnormal_move;
    }
  } else {
    s.price.reset();
  }
  s.score = EvaluateScore(rule.score, in);
  // signal_id: stable across runs and processes (XXH3, never a seeded hash).
  id_buf_.clear();
  absl::StrAppend(&id_buf_, rule.id, "\x1f", rule.file_hash, "\x1f", instrument, "\x1f");
  if (story != nullptr) absl::StrAppend(&id_buf_, story->first.id, "@", story->ts, "\x1f");
  if (held != nullptr) absl::StrAppend(&id_buf_, price_instrument, "@", held->ts);
  s.signal_id = HexHash128(id_buf_);
  // One readable line.
  std::string& x = s.explanation;
  x.clear();
  absl::StrAppend(&x, rule.id, ": ");
  if (story != nullptr) {
    absl::StrAppend(&x, story->first.source, " \"", story->first.text, "\" matched [");
    for (size_t i = 0; i < story->first.phrases.size(); ++i) {
      absl::StrAppend(&x, i ? ", " : "", story->first.phrases[i]);
    }
    absl::StrAppend(&x, "]");
    if (!story->confirmations.empty()) {
      absl::StrAppend(&x, ", confirmed by ", story->confirmations.size(), " more");
    }
  }
  if (held != nullptr) {
    const PriceMove m = held->move();
    absl::StrAppend(
        &x, story != nullptr ? "; " : "", price_instrument, " ", Percent(m.move),
        rule.price.prev_close ? " since previous close" : " within " + rule.price.window_text, " (",
        PriceText(m.from_price), " at ", FormatRfc3339(m.from_ts), " -> ", PriceText(m.to_price),
        " at ", FormatRfc3339(m.to_ts), ")");
    if (rule.price.abnormal && !s.price->benchmark.empty()) {
      if (held->benchmark_priced) {
        absl::StrAppend(&x, ", ", Percent(m.move - held->benchmark_move), " beyond ",
                        s.price->benchmark, " ", Percent(held->benchmark_move));
      } else {
        absl::StrAppend(&x, " (no ", s.price->benchmark, " price yet: the move itself)");
      }
    }
  }
  char score[16];
  snprintf(score, sizeof score, "%.2f", s.score);
  absl::StrAppend(&x, " => ", std::string(DirectionName(s.direction)), " ", instrument, ", score ",
                  score);
  ++stats_.signals;
  out.Emit(s);
}

}  // namespace tripline
