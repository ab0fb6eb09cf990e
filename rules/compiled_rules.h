// CompiledRules: a loaded, validated and compiled rule pack. Every phrase of every rule (list
// items, literals, regexes, entity names, negation cues) is deduplicated into one phrase table
// and compiled into two Hyperscan databases (raw text; word stream), a pattern shared by several
// phrases once; conditions are flat trees over phrase ids; an index
// maps each phrase to the rules that can only match when it does.
//
// Built by the loader (rules/rule_loader.h). Immutable after load, shared as
// shared_ptr<const CompiledRules>, safe to read from any thread. Scanning needs a per-thread
// scratch (rules/phrase_scanner.h).
#ifndef TRIPLINE_RULES_COMPILED_RULES_H_
#define TRIPLINE_RULES_COMPILED_RULES_H_

#include <hs.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/event_time.h"
#include "core/signal.h"
#include "rules/word_stream.h"

namespace tripline {

struct LoadedFile {
  std::string path;
  std::string hash;  // hex XXH3-128 of the file's bytes
};

// Where something was written: 1-based line and column.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

// A problem found while loading a pack: an error makes the load fail, a warning does not (a
// loaded pack keeps its warnings). Codes are fixed (rules/rule_loader.h, docs/rules.md).
struct LoadDiagnostic {
  SourceLocation location;
  bool warning = false;
  std::string code;
  std::string message;
  std::string expected;  // what would have been valid; may be empty
  // "file:line:column: error[code]: message (expected ...)" ("warning[code]" for warnings).
  std::string ToString() const;
};

// One distinct pattern of the database. Its id is its index in CompiledRules::phrases().
// Three forms (docs/rules.md): words (the default: matched on the stemmed word stream, so
// inflections match, with `*` / `~N` gaps), exact (written in double quotes: the characters
// as written, on the raw text) and regex (on the raw text).
struct Phrase {
  std::string text;  // as written in the pack ("informal guidance", or the regex source)
  bool regex = false;
  bool exact = false;
  // Words form without a gap: the stream bytes a match covers (its start is its end minus
  // this). 0 for a gap phrase (Hyperscan reports the start) and for the other forms.
  uint32_t stream_length = 0;
  // Words form with a gap: the database matches its anchor (the words before its first gap,
  // `anchor_length` stream bytes) and the scanner follows these elements from there
  // (rules/word_stream.h, GapMatchEnds).
  std::vector<StreamElement> gap_elements;
  uint32_t anchor_length = 0;
  // One bit (TokenBit) per word of gap_elements: a headline whose stream lacks one of them
  // cannot match, so the scanner does not follow the anchor (most anchors are common words).
  uint64_t gap_tokens = 0;
  bool words() const { return !regex && !exact; }
};

enum class CondKind : uint8_t {
  kTrue,
  kFalse,
  kAnd,
  kOr,
  kNot,
  kAny,       // any phrase of `phrases` (a regex(); any(), all(), phrase() are kCall)
  kMentions,  // entity `entity` (or any entity when entity < 0) is named
  kSource,    // the headline's source is one of `sources` (lower-cased)
  kCall,      // a registered function (rules/condition_functions.h) over phrase groups
};

// A node of a condition tree; a rule's nodes live in one vector, children by index.
struct CondNode {
  CondKind kind = CondKind::kTrue;
  std::vector<uint32_t> children;
  std::vector<uint32_t> phrases;
  std::vector<std::string> sources;
  int entity = -1;
  std::string text;  // the atom as written, for explain ("any(china_gov)")
  // kCall: the function's index in the registry, its phrase-group arguments (each sorted; their
  // union is `phrases`) and its whole-number arguments, in the order written.
  int function = -1;
  std::vector<std::vector<uint32_t>> groups;
  std::vector<int> numbers;
};

struct Condition {
  std::vector<CondNode> nodes;
  uint32_t root = 0;
  std::string text;  // the whole condition as written (macros not expanded)
  bool empty() const { return nodes.empty(); }
};

enum class Cmp : uint8_t { kLe, kLt, kGe, kGt };

// `move(TARGET, WINDOW) CMP THRESHOLD`, optionally `abs(move(...))`.
struct PriceCondition {
  bool present = false;
  bool mentioned = false;   // TARGET is `mentioned`: each emitted instrument's own move
  std::string instrument;   // fixed TARGET otherwise
  bool prev_close = false;  // WINDOW is `prev_close`
  EventTime window = 0;     // trailing window length otherwise
  std::string window_text;  // as written ("60m", "prev_close")
  bool abs = false;
  // `abnormal_move(...)`: the move beyond the instrument's benchmark's move in the same
  // direction over the same window (a sector sell-off does not confirm a company headline).
  bool abnormal = false;
  Cmp cmp = Cmp::kLe;
  double threshold = 0;  // fraction: -0.03 for -3%
  std::string text;

  // Whether a move (fraction) satisfies the comparison; the engine and `rules test` share it.
  bool Holds(double move) const {
    const double v = abs ? (move < 0 ? -move : move) : move;
    switch (cmp) {
      case Cmp::kLe:
        return v <= threshold;
      case Cmp::kLt:
        return v < threshold;
      case Cmp::kGe:
        return v >= threshold;
      case Cmp::kGt:
        return v > threshold;
    }
    return false;
  }
};

enum class ScoreVar : uint8_t {
  kMove,           // signed price move of the evidence (0 without price condition)
  kSourceWeight,   // weight of the first headline's source (sources: table)
  kConfirmations,  // near-duplicate headlines folded in before the signal fired
  kHeadlines,      // 1 + confirmations (0 for price-only rules)
  kNovelty,        // 1 - highest similarity to an earlier, different story of the rule
  kPhrases,        // distinct phrases of the rule that matched
};

enum class ScoreOp : uint8_t { kNum, kVar, kAdd, kSub, kMul, kDiv, kNeg, kAbs, kMin, kMax };

struct ScoreNode {
  ScoreOp op = ScoreOp::kNum;
  double value = 0;
  ScoreVar var = ScoreVar::kMove;
  std::vector<uint32_t> children;
};

struct ScoreExpr {
  std::vector<ScoreNode> nodes;
  uint32_t root = 0;
  std::string text;
};

struct ScoreInputs {
  double move = 0;
  double source_weight = 0;
  double confirmations = 0;
  double headlines = 0;
  double novelty = 1;
  double phrases = 0;
};

// Evaluates and clamps to [0, 1]; a division by zero or NaN gives 0.
double EvaluateScore(const ScoreExpr& expr, const ScoreInputs& in);

struct RuleException {
  std::string name;
  Condition condition;
};

// One inline test (`tests:` of a rule), run by `tripline rules test`.
struct RuleTest {
  std::string headline;
  std::string source;
  std::optional<double> move;  // when set, the price condition is evaluated against it
  bool expect_match = true;
  std::vector<std::string> instruments;  // expected targets when non-empty
  SourceLocation location;
};

struct Rule {
  std::string id;
  std::string description;
  SourceLocation location;
  std::string file;
  std::string file_hash;

  Condition headline;  // empty: price-only rule
  std::vector<RuleException> exceptions;
  PriceCondition price;
  ScoreExpr score;

  // Emit: a fixed instrument, or the instruments of the entities the headline mentions
  // (restricted to `emit_entities` when non-empty).
  bool emit_mentioned = false;
  std::string emit_instrument;
  std::vector<uint32_t> emit_entities;
  Direction direction = Direction::kWatch;
  // `direction: with_move`: short when the tested move is a drop, long when a rise.
  bool direction_with_move = false;
  std::string severity = "medium";
  // `fallback: true`: judged only on a headline that no other rule's headline condition
  // matched (wording nobody foresaw, confirmed by the market); its own id and a lower score.
  bool fallback = false;

  EventTime window = 60 * kNanosPerMinute;  // correlation window headline <-> price
  EventTime cooldown = 60 * kNanosPerMinute;
  EventTime novelty_window = 6 * kNanosPerHour;
  double novelty_similarity = 0.5;
  bool negation = true;  // negation cues suppress this rule's phrase hits

  std::vector<uint32_t> phrases;  // every phrase its conditions use, sorted
  bool phrase_gated = false;      // can only match when one of its phrases matched
  // The instruments whose events the rule depends on, sorted: its price test's fixed TARGET,
  // else every instrument it can emit for (the fixed one, or those of its `emit.entities`, or
  // of every entity when unrestricted). A price test looks at these instruments' moves; the
  // scale-out router sends the rule's headlines to their engines.
  std::vector<std::string> reach;
  std::vector<RuleTest> tests;
  // A beneficiary rule ("ID/INSTRUMENT") names the rule it was compiled from; its tests are
  // that rule's.
  std::string derived_from;
};

struct Entity {
  std::string id;
  std::vector<std::string> instruments;
  // The index or sector instrument its moves are measured against: one for all its
  // instruments, or one per instrument (a dual listing trades on two markets).
  std::string benchmark;
  std::vector<std::pair<std::string, std::string>> benchmark_by_instrument;
  // The exchange its instruments trade on (XNYS, XNAS, XHKG, XSHG), one for all or one per
  // instrument, for the evaluation's calendars; empty when not given.
  std::string exchange;
  std::vector<std::pair<std::string, std::string>> exchange_by_instrument;
  // The cost of one side of a trade in basis points (`cost_bp:`), one for all or one per
  // instrument, for the evaluation's net returns where no quote is recorded; NaN when not given.
  double cost_bp = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::pair<std::string, double>> cost_bp_by_instrument;
  std::vector<uint32_t> phrases;
};

struct HsDatabaseFree {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};

class CompiledRules {
 public:
  CompiledRules() = default;
  CompiledRules(const CompiledRules&) = delete;
  CompiledRules& operator=(const CompiledRules&) = delete;

  const std::vector<LoadedFile>& files() const { return files_; }
  size_t rule_count() const { return rules_.size(); }
  const std::vector<Rule>& rules() const { return rules_; }
  const std::vector<Entity>& entities() const { return entities_; }
  const std::vector<Phrase>& phrases() const { return phrases_; }
  // Phrase ids of the negation cues, and how many words may separate a cue from the phrase it
  // negates.
  const std::vector<uint32_t>& negation_cues() const { return negation_cues_; }
  // Phrase ids of the retraction cues ("reverses", "lifts the ban"): with the negation cues,
  // what marks a headline that may withdraw a story that already fired (RuleEngine).
  const std::vector<uint32_t>& retraction_cues() const { return retraction_cues_; }
  int negation_distance() const { return negation_distance_; }
  // The database of the phrases matched in the raw headline (exact phrases and regexes), and
  // the one of the phrases matched in its word stream (rules/word_stream.h); nullptr when the
  // pack has none of them. Two scans, because a pack's exact phrases are few and its words
  // many: each part of the text is scanned only with the patterns that can count there.
  const hs_database_t* raw_database() const { return raw_database_.get(); }
  const hs_database_t* stream_database() const { return stream_database_.get(); }
  // The phrases (ascending ids) that database pattern `id` stands for: phrases with the same
  // pattern (gap phrases sharing their anchor, words that stem alike) are compiled once, so a
  // hit is reported once and not once per phrase.
  size_t pattern_count() const { return pattern_from_.empty() ? 0 : pattern_from_.size() - 1; }
  std::pair<const uint32_t*, const uint32_t*> phrases_of_pattern(uint32_t id) const {
    return {pattern_phrases_.data() + pattern_from_[id],
            pattern_phrases_.data() + pattern_from_[id + 1]};
  }
  // Rules to evaluate when phrase `p` matched (ascending rule index).
  const std::vector<uint32_t>& rules_for_phrase(uint32_t p) const { return phrase_rules_[p]; }
  // Rules evaluated on every headline (their condition can hold with no phrase matched).
  const std::vector<uint32_t>& ungated_rules() const { return ungated_rules_; }
  // Entities whose names include phrase `p`.
  const std::vector<uint32_t>& entities_for_phrase(uint32_t p) const { return phrase_entities_[p]; }
  double SourceWeight(std::string_view source) const;
  // Distinct trailing windows of all price conditions (for the PriceBook).
  const std::vector<EventTime>& price_windows() const { return price_windows_; }
  // The benchmark instrument of `instrument` (its entity's `benchmark:`), or empty.
  std::string_view BenchmarkOf(std::string_view instrument) const {
    for (const Entity& e : entities_) {
      for (const auto& [i, b] : e.benchmark_by_instrument) {
        if (i == instrument) return b;
      }
      if (e.benchmark.empty()) continue;
      for (const std::string& i : e.instruments) {
        if (i == instrument) return e.benchmark;
      }
    }
    return {};
  }
  // The exchange of `instrument` (its entity's `exchange:`), or empty.
  std::string_view ExchangeOf(std::string_view instrument) const {
    for (const Entity& e : entities_) {
      for (const auto& [i, x] : e.exchange_by_instrument) {
        if (i == instrument) return x;
      }
      if (e.exchange.empty()) continue;
      for (const std::string& i : e.instruments) {
        if (i == instrument) return e.exchange;
      }
    }
    return {};
  }
  // The cost per side in bp of `instrument` (its entity's `cost_bp:`), or NaN.
  double CostBpOf(std::string_view instrument) const {
    for (const Entity& e : entities_) {
      for (const auto& [i, bp] : e.cost_bp_by_instrument) {
        if (i == instrument) return bp;
      }
      if (std::isnan(e.cost_bp)) continue;
      for (const std::string& i : e.instruments) {
        if (i == instrument) return e.cost_bp;
      }
    }
    return std::numeric_limits<double>::quiet_NaN();
  }
  // The stems the pack's word patterns use (PhraseScanner stems no other word).
  const StemFilter& stem_filter() const { return stem_filter_; }
  // Instruments some price condition can reference, sorted.
  const std::vector<std::string>& watched_instruments() const { return watched_; }
  int RuleIndex(std::string_view id) const;
  // What the loader warned about (unused lists and macros, shadowed phrases, rules that can
  // never fire), in file order.
  const std::vector<LoadDiagnostic>& warnings() const { return warnings_; }

 private:
  friend class RuleCompiler;

  std::vector<LoadedFile> files_;
  std::vector<LoadDiagnostic> warnings_;
  std::vector<Rule> rules_;
  std::vector<Entity> entities_;
  std::vector<Phrase> phrases_;
  std::vector<uint32_t> negation_cues_;
  std::vector<uint32_t> retraction_cues_;
  int negation_distance_ = 6;
  std::unique_ptr<hs_database_t, HsDatabaseFree> raw_database_;
  std::unique_ptr<hs_database_t, HsDatabaseFree> stream_database_;
  std::vector<uint32_t> pattern_from_;  // pattern id -> offset into pattern_phrases_
  std::vector<uint32_t> pattern_phrases_;
  std::vector<std::vector<uint32_t>> phrase_rules_;
  std::vector<std::vector<uint32_t>> phrase_entities_;
  std::vector<uint32_t> ungated_rules_;
  std::vector<std::pair<std::string, double>> source_weights_;  // lower-case name, sorted
  double default_source_weight_ = 0.5;
  std::vector<EventTime> price_windows_;
  std::vector<std::string> watched_;
  StemFilter stem_filter_;
};

}  // namespace tripline

#endif  // TRIPLINE_RULES_COMPILED_RULES_H_
