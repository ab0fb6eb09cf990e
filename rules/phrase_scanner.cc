#include "rules/phrase_scanner.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/match.h"
#include "rules/condition_functions.h"

namespace tripline {
namespace {

// Hits kept with positions per scan; more are still counted as affirmed matches.
constexpr size_t kMaxHits = 1024;

bool IsWordChar(char ch) {
  const unsigned char c = static_cast<unsigned char>(ch);
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// Words in text[from, to). Two CJK characters count as one word (a Chinese word is one to
// three characters), so negation_distance means about as much in Chinese as in English.
int CountWords(std::string_view text, uint32_t from, uint32_t to) {
  int words = 0;
  int cjk = 0;
  bool in_word = false;
  for (uint32_t i = from; i < to && i < text.size(); ++i) {
    if (ClassifyCjk(text, i) == CjkKind::kCharacter) {
      ++cjk;
      in_word = false;
      i += 2;
      continue;
    }
    const bool w = IsWordChar(text[i]);
    if (w && !in_word) ++words;
    in_word = w;
  }
  return words + (cjk + 1) / 2;
}

// Where a literal phrase's match that ends at `to` starts. Literals are compiled without
// HS_FLAG_SOM_LEFTMOST (start-of-match tracking made compiling 3,000 rules take 100 s instead
// of 5 s), so the start is recovered by walking the literal backwards over the text: each
// character matches one byte, each whitespace run in the phrase one or more in the text.
uint32_t LiteralStart(std::string_view text, uint32_t to, std::string_view literal) {
  size_t i = std::min<size_t>(to, text.size());
  size_t j = literal.size();
  while (j > 0 && std::isspace(static_cast<unsigned char>(literal[j - 1]))) --j;
  while (j > 0 && i > 0) {
    if (std::isspace(static_cast<unsigned char>(literal[j - 1]))) {
      while (j > 0 && std::isspace(static_cast<unsigned char>(literal[j - 1]))) --j;
      while (i > 0 && std::isspace(static_cast<unsigned char>(text[i - 1]))) --i;
    } else {
      --j;
      --i;
    }
  }
  return static_cast<uint32_t>(i);
}

}  // namespace

PhraseScanner::PhraseScanner(std::shared_ptr<const CompiledRules> rules)
    : rules_(std::move(rules)) {
  const size_t n = rules_->phrases().size();
  matched_.assign(n, 0);
  affirmed_.assign(n, 0);
  is_cue_.assign(n, 0);
  first_.assign(n, 0);
  touched_.reserve(n);
  hits_.reserve(kMaxHits);
  for (uint32_t c : rules_->negation_cues()) is_cue_[c] = 1;
  is_retraction_cue_ = is_cue_;
  for (uint32_t c : rules_->retraction_cues()) is_retraction_cue_[c] = 1;
  entity_hit_.assign(rules_->entities().size(), 0);
  mentioned_.reserve(rules_->entities().size());
  candidates_.reserve(rules_->rules().size());
  candidate_epoch_.assign(rules_->rules().size(), 0);
  // One scratch serves both databases (hs_alloc_scratch grows it to fit each).
  for (const hs_database_t* db : {rules_->raw_database(), rules_->stream_database()}) {
    if (db != nullptr) hs_alloc_scratch(db, &scratch_);
  }
  buffer_.reserve(4096);
  tokens_.reserve(512);
}

int PhraseScanner::WordsBetween(uint32_t from, uint32_t to) const {
  return CountWords(text_, from, to);
}

PhraseScanner::~PhraseScanner() {
  if (scratch_ != nullptr) hs_free_scratch(scratch_);
}

int PhraseScanner::OnRawMatch(unsigned pattern, unsigned long long from, unsigned long long to,
                              unsigned flags, void* ctx) {
  auto* self = static_cast<PhraseScanner*>(ctx);
  const auto [first, last] = self->rules_->phrases_of_pattern(pattern);
  for (const uint32_t* id = first; id != last; ++id) self->OnPhrase(*id, from, to);
  return 0;
}

// The stream database scans buffer_ from stream_at_: its offsets are shifted to buffer_'s.
int PhraseScanner::OnStreamMatch(unsigned pattern, unsigned long long from, unsigned long long to,
                                 unsigned flags, void* ctx) {
  auto* self = static_cast<PhraseScanner*>(ctx);
  const auto [first, last] = self->rules_->phrases_of_pattern(pattern);
  for (const uint32_t* id = first; id != last; ++id) {
    self->OnPhrase(*id, from + self->stream_at_, to + self->stream_at_);
  }
  return 0;
}

void PhraseScanner::OnPhrase(uint32_t id, unsigned long long from, unsigned long long to) {
  const Phrase& phrase = rules_->phrases()[id];
  const unsigned long long stream_at = stream_at_;
  if (!phrase.words()) {
    if (to > text_.size()) return;  // raw-text patterns count only in the raw text
    if (!phrase.regex) from = LiteralStart(text_, static_cast<uint32_t>(to), phrase.text);
    Record(id, static_cast<uint32_t>(from), static_cast<uint32_t>(to));
    return;
  }
  // Stemmed patterns count only in the stream (" tok tok ").
  if (to <= stream_at) return;
  const uint32_t stream_to = static_cast<uint32_t>(to - stream_at);
  if (phrase.gap_elements.empty()) {
    RecordStream(id, stream_to - phrase.stream_length, stream_to);
    return;
  }
  // A gap phrase: the database matched its anchor; follow the rest of it from there, unless
  // a word it needs is nowhere in the stream. Anchors are reported in ascending order, so an
  // end already recorded had an earlier (leftmost) start, as HS_FLAG_SOM_LEFTMOST would have
  // reported it.
  const std::string_view stream = std::string_view(buffer_).substr(stream_at);
  if (!stream_tokens_ready_) {
    stream_tokens_ = 0;
    size_t from_at = 1;  // the stream is " tok tok "
    for (size_t i = 1; i < stream.size(); ++i) {
      if (stream[i] != ' ') continue;
      stream_tokens_ |= TokenBit(stream.substr(from_at, i - from_at));
      from_at = i + 1;
    }
    stream_tokens_ready_ = true;
  }
  if ((phrase.gap_tokens & ~stream_tokens_) != 0) return;
  gap_ends_.clear();
  GapMatchEnds(phrase.gap_elements, stream, stream_to, &gap_ends_);
  for (uint32_t end : gap_ends_) {
    const auto key = std::make_pair(id, end);
    if (std::find(gap_seen_.begin(), gap_seen_.end(), key) != gap_seen_.end()) continue;
    gap_seen_.push_back(key);
    RecordStream(id, stream_to - phrase.anchor_length, end);
  }
}

// Maps a stream match back to the raw bytes of its first and last token.
void PhraseScanner::RecordStream(uint32_t id, uint32_t stream_from, uint32_t stream_to) {
  auto by_start = [](const StreamToken& t, uint32_t at) { return t.stream_from < at; };
  auto first = std::lower_bound(tokens_.begin(), tokens_.end(), stream_from + 1, by_start);
  auto last = std::lower_bound(tokens_.begin(), tokens_.end(), stream_to - 1, by_start);
  if (first == tokens_.end() || last == tokens_.begin()) return;
  --last;
  Record(id, first->raw_from, last->raw_to);
}

void PhraseScanner::Record(uint32_t id, uint32_t from, uint32_t to) {
  if (!matched_[id]) {
    matched_[id] = 1;
    first_[id] = from;
    touched_.push_back(id);
  } else if (from < first_[id]) {
    first_[id] = from;
  }
  if (hits_.size() < kMaxHits) {
    hits_.push_back(Hit{id, from, to, false});
  } else {
    affirmed_[id] = 1;  // beyond the cap: no position, so no negation either
  }
}

void PhraseScanner::Scan(std::string_view text) {
  for (uint32_t p : touched_) {
    matched_[p] = 0;
    affirmed_[p] = 0;
  }
  for (uint32_t e : mentioned_) entity_hit_[e] = 0;
  touched_.clear();
  hits_.clear();
  gap_seen_.clear();
  stream_tokens_ready_ = false;
  mentioned_.clear();
  retraction_cue_ = false;
  if (scratch_ == nullptr || text.empty()) {
    text_ = text;
    return;
  }
  buffer_.assign(text.data(), text.size());
  buffer_.push_back('\n');
  stream_at_ = static_cast<uint32_t>(buffer_.size());
  BuildWordStream(text, stemmer_, &buffer_, &tokens_, &rules_->stem_filter());
  text_ = std::string_view(buffer_.data(), text.size());
  if (rules_->raw_database() != nullptr) {
    hs_scan(rules_->raw_database(), text_.data(), static_cast<unsigned>(text_.size()), 0, scratch_,
            &PhraseScanner::OnRawMatch, this);
  }
  if (rules_->stream_database() != nullptr) {
    hs_scan(rules_->stream_database(), buffer_.data() + stream_at_,
            static_cast<unsigned>(buffer_.size() - stream_at_), 0, scratch_,
            &PhraseScanner::OnStreamMatch, this);
  }
  const int distance = rules_->negation_distance();
  for (Hit& h : hits_) {
    bool negated = false;
    for (const Hit& cue : hits_) {
      if (!is_cue_[cue.phrase] || cue.to > h.from || cue.phrase == h.phrase) continue;
      if (CountWords(text, cue.to, h.from) <= distance) {
        negated = true;
        break;
      }
    }
    h.negated = negated;
    if (!negated) affirmed_[h.phrase] = 1;
  }
  for (uint32_t p : touched_) {
    retraction_cue_ |= is_retraction_cue_[p] != 0;
    for (uint32_t e : rules_->entities_for_phrase(p)) {
      if (!entity_hit_[e]) {
        entity_hit_[e] = 1;
        mentioned_.push_back(e);
      }
    }
  }
  std::sort(mentioned_.begin(), mentioned_.end());
}

bool PhraseScanner::Takes(const Rule& rule, std::string_view source) const {
  if (!Matches(rule, source)) return false;
  if (!rule.emit_mentioned) return true;
  for (uint32_t e : mentioned_) {
    if (rule.emit_entities.empty() ||
        std::binary_search(rule.emit_entities.begin(), rule.emit_entities.end(), e)) {
      if (!rules_->entities()[e].instruments.empty()) return true;
    }
  }
  return false;
}

bool PhraseScanner::AnyOf(const std::vector<uint32_t>& sorted_group, bool negation) const {
  const std::vector<uint8_t>& bits = negation ? affirmed_ : matched_;
  if (sorted_group.size() <= 8 * touched_.size()) {
    for (uint32_t p : sorted_group) {
      if (bits[p]) return true;
    }
    return false;
  }
  for (uint32_t p : touched_) {
    if (bits[p] && std::binary_search(sorted_group.begin(), sorted_group.end(), p)) return true;
  }
  return false;
}

bool PhraseScanner::Evaluate(const Condition& c, uint32_t i, std::string_view source,
                             bool negation) const {
  const CondNode& n = c.nodes[i];
  const std::vector<uint8_t>& bits = negation ? affirmed_ : matched_;
  switch (n.kind) {
    case CondKind::kTrue:
      return true;
    case CondKind::kFalse:
      return false;
    case CondKind::kAnd:
      for (uint32_t ch : n.children) {
        if (!Evaluate(c, ch, source, negation)) return false;
      }
      return true;
    case CondKind::kOr:
      for (uint32_t ch : n.children) {
        if (Evaluate(c, ch, source, negation)) return true;
      }
      return false;
    case CondKind::kNot:
      return !Evaluate(c, n.children[0], source, negation);
    case CondKind::kAny:
      for (uint32_t p : n.phrases) {
        if (bits[p]) return true;
      }
      return false;
    case CondKind::kMentions:
      return n.entity < 0 ? !mentioned_.empty() : entity_hit_[n.entity] != 0;
    case CondKind::kCall:
      return ConditionFunctionAt(n.function).holds(n, *this, negation);
    case CondKind::kSource: {
      const absl::string_view src(source.data(), source.size());
      for (const std::string& s : n.sources) {
        if (absl::EqualsIgnoreCase(src, s)) return true;
      }
      return false;
    }
  }
  return false;
}

const std::vector<uint32_t>& PhraseScanner::CandidateRules() {
  if (++epoch_ == 0) {  // wrapped: forget every old mark
    std::fill(candidate_epoch_.begin(), candidate_epoch_.end(), 0);
    epoch_ = 1;
  }
  candidates_.clear();
  auto add = [&](uint32_t r) {
    if (candidate_epoch_[r] != epoch_) {
      candidate_epoch_[r] = epoch_;
      candidates_.push_back(r);
    }
  };
  for (uint32_t p : touched_) {
    for (uint32_t r : rules_->rules_for_phrase(p)) add(r);
  }
  for (uint32_t r : rules_->ungated_rules()) add(r);
  std::sort(candidates_.begin(), candidates_.end());
  return candidates_;
}

bool PhraseScanner::Matches(const Rule& rule, std::string_view source) const {
  if (!Evaluate(rule.headline, rule.headline.root, source, rule.negation)) return false;
  for (const RuleException& e : rule.exceptions) {
    if (Evaluate(e.condition, e.condition.root, source, rule.negation)) return false;
  }
  return true;
}

}  // namespace tripline
