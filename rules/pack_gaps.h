// PackGaps: what a rule pack missed on a recorded day, without labels -- the workbench behind
// `tripline rules gaps`. An ops engineer replays a real day, and this lists every abnormal move
// of a tracked instrument that no signal covered, with the headlines that named the instrument
// (or a class it belongs to) around it and why each rule did not fire on them, largest move
// first; and it suggests candidate phrases: words and word pairs frequent in those headlines
// and in no phrase of the pack. That is how a pack learns the wording nobody foresaw.
//
// A move: the instrument's move over `window` beyond its benchmark's move the same way (as
// `abnormal_move` measures it; the raw move without a benchmark), at least `threshold` either
// way. Consecutive ticks over the threshold are one move, reported at its largest; a move is
// covered when a signal on the instrument has its time within `window` of the move.
//
// Thread-safety: free functions without shared state.
#ifndef TRIPLINE_RULES_PACK_GAPS_H_
#define TRIPLINE_RULES_PACK_GAPS_H_

#include <memory>
#include <string>
#include <vector>

#include "core/event_time.h"
#include "core/signal.h"
#include "rules/compiled_rules.h"

namespace tripline {

struct GapsOptions {
  double threshold = 0.03;  // fraction
  EventTime window = 60 * kNanosPerMinute;
  size_t max_suggestions = 20;
};

struct RecordedHeadline {
  std::string id;
  std::string source;
  std::string text;
  EventTime ts = 0;
};

struct RecordedTick {
  std::string sym;
  EventTime ts = 0;
  double price = 0;
};

struct GapHeadline {
  RecordedHeadline headline;
  std::vector<std::string> reasons;  // "rule: why not", for the rules that can emit the instrument
};

struct MissedMove {
  std::string instrument;
  std::string benchmark;          // empty when it has none
  bool benchmark_priced = false;  // the benchmark had a price when the move was measured
  double move = 0;                // raw, fraction
  double benchmark_move = 0;
  double abnormal_move = 0;
  EventTime from_ts = 0;
  EventTime to_ts = 0;
  std::vector<GapHeadline> headlines;  // in time order
};

struct PhraseSuggestion {
  std::string phrase;  // a word or a pair of words, lower case
  int headlines = 0;   // missed-move headlines it occurs in
};

struct GapsReport {
  size_t moves = 0;  // abnormal moves of tracked instruments
  size_t covered = 0;
  std::vector<MissedMove> missed;  // largest |abnormal move| first
  std::vector<PhraseSuggestion> suggestions;
};

// `headlines` and `ticks` in event-time order (as a replay merges them); `signals` what the
// pack emitted on them.
GapsReport FindGaps(std::shared_ptr<const CompiledRules> rules,
                    const std::vector<RecordedHeadline>& headlines,
                    const std::vector<RecordedTick>& ticks, const std::vector<Signal>& signals,
                    const GapsOptions& options);

}  // namespace tripline

#endif  // TRIPLINE_RULES_PACK_GAPS_H_
