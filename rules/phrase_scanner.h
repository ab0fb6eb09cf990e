// PhraseScanner: runs a CompiledRules' Hyperscan database over one headline (one hs_scan over the
// raw text followed by its stemmed word stream, rules/word_stream.h) and
// answers, per phrase id, "did it match" and "did it match outside a negation" (a negation
// cue such as "denies" within negation_distance() words before the hit suppresses it), plus
// which entities the headline names. Conditions are then evaluated over these bits.
//
// Allocation: the Hyperscan scratch and every buffer are allocated at construction; Scan()
// reuses them (clearing only the bits the previous scan set), so scanning does not allocate.
// Thread-safety: one scanner per thread (Hyperscan scratch is per thread). The CompiledRules
// is shared and must outlive nothing: the scanner holds a reference to it.
#ifndef TRIPLINE_RULES_PHRASE_SCANNER_H_
#define TRIPLINE_RULES_PHRASE_SCANNER_H_

#include <hs.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/compiled_rules.h"
#include "rules/word_stream.h"

namespace tripline {

// One match of a phrase, in byte offsets of the raw headline (stemmed matches are mapped back
// to the words they came from).
struct PhraseHit {
  uint32_t phrase;
  uint32_t from;
  uint32_t to;
  bool negated;  // a negation cue ends at most negation_distance() words before it
};

class PhraseScanner {
 public:
  explicit PhraseScanner(std::shared_ptr<const CompiledRules> rules);
  ~PhraseScanner();
  PhraseScanner(const PhraseScanner&) = delete;
  PhraseScanner& operator=(const PhraseScanner&) = delete;

  void Scan(std::string_view text);

  const CompiledRules& rules() const { return *rules_; }
  const std::shared_ptr<const CompiledRules>& shared_rules() const { return rules_; }

  bool matched(uint32_t phrase) const { return matched_[phrase] != 0; }
  // Matched at least once without a negation cue shortly before it.
  bool affirmed(uint32_t phrase) const { return affirmed_[phrase] != 0; }
  // Byte offset of the first match (text order of evidence).
  uint32_t first_offset(uint32_t phrase) const { return first_[phrase]; }
  // Phrase ids that matched in the last scan, in order of first report.
  const std::vector<uint32_t>& matched_phrases() const { return touched_; }
  bool mentions(uint32_t entity) const { return entity_hit_[entity] != 0; }
  // Entities named in the last scan, ascending.
  const std::vector<uint32_t>& mentioned_entities() const { return mentioned_; }
  // Whether the last headline carries a negation or retraction cue: it may withdraw a story.
  bool has_retraction_cue() const { return retraction_cue_; }

  // Whether a phrase of `sorted_group` matched (affirmed, when `negation`). A lexicon's group
  // holds hundreds of phrases and a headline matches a few: the shorter side is walked.
  bool AnyOf(const std::vector<uint32_t>& sorted_group, bool negation) const;
  // Evaluates node `node` of `c`: phrase tests use affirmed() when `negation`, else matched().
  bool Evaluate(const Condition& c, uint32_t node, std::string_view source, bool negation) const;

  // The rules the last scanned headline can match, ascending: those indexed under a matched
  // phrase, plus the few whose condition can hold without any phrase. Only these need
  // Matches(); the rest cannot match.
  const std::vector<uint32_t>& CandidateRules();
  // Whether `rule`'s headline condition holds for the last scan and none of its exceptions do.
  bool Matches(const Rule& rule, std::string_view source) const;
  // Matches() and the rule has an instrument to emit for (a fixed one, or a mentioned entity
  // within its emit.entities): the rule takes the headline, and no fallback rule is judged.
  bool Takes(const Rule& rule, std::string_view source) const;

  // Every hit of the last scan with its position (the first kMaxHits), in report order.
  const std::vector<PhraseHit>& hits() const { return hits_; }
  // Words in raw text [from, to) of the last scan.
  int WordsBetween(uint32_t from, uint32_t to) const;

 private:
  using Hit = PhraseHit;
  // Records a hit at raw bytes [from, to), or at the raw bytes of a stream match.
  void Record(uint32_t id, uint32_t from, uint32_t to);
  void RecordStream(uint32_t id, uint32_t stream_from, uint32_t stream_to);
  void OnPhrase(uint32_t id, unsigned long long from, unsigned long long to);
  static int OnRawMatch(unsigned pattern, unsigned long long from, unsigned long long to,
                        unsigned flags, void* ctx);
  static int OnStreamMatch(unsigned pattern, unsigned long long from, unsigned long long to,
                           unsigned flags, void* ctx);

  std::shared_ptr<const CompiledRules> rules_;
  hs_scratch_t* scratch_ = nullptr;
  std::string_view text_;
  // The raw text, '\n', the word stream (each scanned by its database); the stream's tokens.
  WordStemmer stemmer_;
  std::string buffer_;
  std::vector<StreamToken> tokens_;
  uint32_t stream_at_ = 0;  // offset of the stream in buffer_
  std::vector<uint8_t> matched_;
  std::vector<uint8_t> affirmed_;
  std::vector<uint8_t> is_cue_;
  std::vector<uint8_t> is_retraction_cue_;  // negation cues and retraction cues
  bool retraction_cue_ = false;
  std::vector<uint32_t> first_;
  std::vector<uint32_t> touched_;
  std::vector<Hit> hits_;
  // Gap phrases: the ends GapMatchEnds found for one anchor, and the (phrase, end) pairs
  // recorded this scan (an end is recorded once, with its leftmost start).
  std::vector<uint32_t> gap_ends_;
  std::vector<std::pair<uint32_t, uint32_t>> gap_seen_;
  // The stream's tokens as TokenBits, computed at the first gap anchor of a scan.
  uint64_t stream_tokens_ = 0;
  bool stream_tokens_ready_ = false;
  std::vector<uint8_t> entity_hit_;
  std::vector<uint32_t> mentioned_;
  std::vector<uint32_t> candidates_;
  std::vector<uint32_t> candidate_epoch_;  // by rule: the epoch_ it was last added in
  uint32_t epoch_ = 0;
};

}  // namespace tripline

#endif  // TRIPLINE_RULES_PHRASE_SCANNER_H_
