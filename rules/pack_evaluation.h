// PackEvaluation: how well a rule pack does on labelled stories -- the workbench behind
// `tripline rules eval`. Labels are JSONL, one line per story (docs/messages.md, "Labels"):
//
//   {"headline_id": "dev-017", "family": "export_controls",
//    "expect": [{"instrument": "NVDA", "direction": "short"}]}
//
// with "expect": [] for "nothing should fire". The signals of a backtest over the stories'
// headlines and prices are then scored: a signal belongs to the story whose headline is its
// first headline or one of its confirmations; an expected (instrument, direction) with such a
// signal is found, one without is a miss (explained with `rules explain`'s reason), a signal
// that no label of its story expects is a false alarm (a signal on an unlabelled headline too).
//
// Overall, per family and per template family: precision = true signals / signals; recall =
// expected signals found / expected signals. Per rule: precision = its true signals / its
// signals; recall = its true signals / (its true signals + the misses it could have emitted:
// the expected instrument is in its reach and the direction is its own).
//
// Thread-safety: free functions without shared state.
#ifndef TRIPLINE_RULES_PACK_EVALUATION_H_
#define TRIPLINE_RULES_PACK_EVALUATION_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/signal.h"
#include "rules/compiled_rules.h"

namespace tripline {

struct ExpectedSignal {
  std::string instrument;
  Direction direction = Direction::kShort;
};

struct StoryLabel {
  std::string headline_id;
  std::string family;  // optional: the event family, for recall per family
  std::vector<ExpectedSignal> expect;
  int line = 0;  // in the labels file
  // Optional: how the headline is worded (its template family: "passive_agentless", "zh_wire")
  // and the split it belongs to ("dev", "heldout"). A corpus split by template family reports
  // each template family as a fold left out of the pack's writing (leave-one-family-out).
  std::string template_family = {};
  std::string split = {};
};

// Reads a labels file. Errors name the file and line ("labels.jsonl:12: ...").
absl::StatusOr<std::vector<StoryLabel>> ReadLabels(const std::string& path);

// A headline the evaluated streams carried (for the reasons of misses).
struct SeenHeadline {
  std::string source;
  std::string text;
  // The headline's `lang` field; empty when absent (then "zh" when the text has a CJK
  // character, else "en": HeadlineLanguage()).
  std::string lang = {};
};

// The language a headline is scored under in EvalReport::by_language.
std::string HeadlineLanguage(const SeenHeadline& h);

struct EvalMiss {
  std::string headline_id;
  std::string family;
  ExpectedSignal expected;
  std::string headline;  // empty when the headline was not in the streams
  std::string reason;    // why no rule emitted it (explain's reasons, or the price test)
};

struct EvalFalseAlarm {
  std::string headline_id;
  std::string rule;
  std::string instrument;
  Direction direction = Direction::kShort;
  std::string signal_id;
  std::string evidence;  // the signal's explanation: headline, phrases, price move
};

struct Tally {
  uint64_t true_signals = 0;
  uint64_t false_signals = 0;
  uint64_t misses = 0;
  // Expected signals found (overall, by family, by template family): recall counts
  // expectations, so two rules emitting one expected signal count it once. A rule's tally
  // counts its own signals (one per expectation it meets).
  uint64_t found = 0;
  double precision() const {
    const uint64_t n = true_signals + false_signals;
    return n == 0 ? 1.0 : static_cast<double>(true_signals) / static_cast<double>(n);
  }
  double recall() const {
    const uint64_t n = found + misses;
    return n == 0 ? 1.0 : static_cast<double>(found) / static_cast<double>(n);
  }
};

struct EvalReport {
  size_t stories = 0;
  Tally overall;
  std::map<std::string, Tally> by_rule;      // every rule of the pack
  std::map<std::string, Tally> by_family;    // families named by labels
  std::map<std::string, Tally> by_template;  // template families named by labels
  std::map<std::string, Tally> by_language;  // the headlines' languages (HeadlineLanguage)
  std::vector<EvalMiss> misses;
  std::vector<EvalFalseAlarm> false_alarms;
  size_t retractions = 0;  // retraction signals: not scored (labels name no retraction)
};

EvalReport EvaluatePack(std::shared_ptr<const CompiledRules> rules,
                        const std::vector<StoryLabel>& labels, const std::vector<Signal>& signals,
                        const std::map<std::string, SeenHeadline>& headlines);

}  // namespace tripline

#endif  // TRIPLINE_RULES_PACK_EVALUATION_H_
