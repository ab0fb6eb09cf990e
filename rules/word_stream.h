// The stemmed word stream that unquoted phrases are matched against, so that a phrase matches
// the inflections of its words ("licence requirement" also finds "licences ... required" only
// word by word: "licences" and "licence" both become "licenc").
//
// Why a second text and not forms generated at load: Snowball's stemmer maps every inflection
// of a word to one stem, but nothing maps a stem back to its forms. Stemming the phrase at load
// and the headline once per scan gives every phrase all its forms at the cost of one pass over
// the headline, whatever the number of rules. Each text is scanned by its own Hyperscan database
// (see PhraseScanner): exact phrases and regexes in the raw text, stemmed phrases in the stream;
// a pack's exact phrases are few, so the raw text's scan is cheap.
//
// The stream is " tok tok tok ": lower-cased, stemmed words and single punctuation characters,
// each surrounded by one space. Chinese, Japanese and Korean characters are one token each
// (their text has no spaces), so a phrase written in them matches as a substring, unstemmed,
// and Latin words inside such text ("英伟达H20芯片" -> " 英 伟 达 h20 芯 片 ") stay words; CJK
// punctuation (，。《》) separates as a space does. Traditional characters are folded to
// simplified ones (rules/chinese_script_fold.h), in the phrase as in the headline, so a phrase
// in either script matches both ("英伟达" finds "英偉達"); ASCII text never reaches the fold.
// A word is a run of letters, digits, '_' and bytes >= 0x80, with apostrophes inside it
// ("China's" is one word; the stemmer drops the "'s"; a typographic apostrophe counts as one).
// A stemmed phrase is the same tokens, so " chip export " matches only whole words, and a gap
// (`*` = one word, `~3` = up to three words) is a regex over tokens.
//
// Cost: Snowball takes ~100 ns a word; headlines repeat their vocabulary, so a WordStemmer keeps
// a direct-mapped cache of recent words (allocated once, never grows).
//
// Thread-safety: a WordStemmer is not thread-safe (Snowball keeps its buffer in it): one per
// thread. BuildWordStream allocates only when a headline is longer than any before it.
#ifndef TRIPLINE_RULES_WORD_STREAM_H_
#define TRIPLINE_RULES_WORD_STREAM_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"

struct sb_stemmer;

namespace tripline {

class StemFilter;

class WordStemmer {
 public:
  WordStemmer();
  ~WordStemmer();
  WordStemmer(const WordStemmer&) = delete;
  WordStemmer& operator=(const WordStemmer&) = delete;

  // The English stem of a lower-cased word; valid until the next call. Words longer than 64
  // bytes are returned unchanged.
  std::string_view Stem(std::string_view lower_word);
  // The word's token in a stream scanned for `filter`'s patterns: its stem, or the
  // placeholder "\x01" when no pattern uses that stem (a shorter stream to scan, and no
  // anchor hit on words nothing follows). Cached with the verdict; the cache serves one
  // filter at a time.
  std::string_view StreamForm(std::string_view lower_word, const StemFilter& filter);

 private:
  static constexpr size_t kCachedBytes = 30;  // longer words bypass the cache
  static constexpr size_t kCacheSlots = 4096;
  struct CacheSlot {
    uint64_t hash = 0;
    uint8_t word_len = 0;  // 0: empty
    uint8_t stem_len = 0;
    char word[kCachedBytes];
    char stem[kCachedBytes];
  };

  std::string_view Cached(std::string_view w, const StemFilter* filter);

  sb_stemmer* stemmer_;
  std::vector<CacheSlot> cache_;
  const StemFilter* cache_filter_ = nullptr;  // what the cached forms were made for
};

// Whether text[i..i+3) is a CJK character (a token of its own), CJK punctuation (a separator),
// or neither. Inline: every byte of a headline asks.
enum class CjkKind { kNone, kCharacter, kSeparator };
CjkKind ClassifyCjkSlow(std::string_view text, size_t i);
inline CjkKind ClassifyCjk(std::string_view text, size_t i) {
  const unsigned char b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0xE2 || b0 > 0xEF) return CjkKind::kNone;
  return ClassifyCjkSlow(text, i);
}

// Which words a pack's stream patterns can use, by the first two bytes of their stems: a word
// whose stem no pattern can start with is not stemmed at all but becomes a placeholder token
// (still one word, for gaps). A Snowball English stem keeps its word's first two letters, but
// for dying, lying, tying (die, lie, tie) and words of one or two letters (kept as they are).
// 64 Ki bits, one per pair of bytes; empty (nothing filtered) until Add is called.
class StemFilter {
 public:
  // Marks the prefix of a stem token some pattern uses.
  void Add(std::string_view stem_token);
  // Whether a lower-cased word may stem to a used token (true when nothing was added).
  bool MayUse(std::string_view lower_word) const {
    if (bits_.empty() || lower_word.size() < 2) return true;
    const uint32_t k = Key(lower_word);
    return (bits_[k >> 6] >> (k & 63)) & 1;
  }
  // Whether some pattern uses this exact stem token (true when nothing was added).
  bool Uses(std::string_view stem) const {
    return bits_.empty() || stems_.contains(absl::string_view(stem.data(), stem.size()));
  }

 private:
  static uint32_t Key(std::string_view w) {
    return (static_cast<uint32_t>(static_cast<unsigned char>(w[0])) << 8) |
           static_cast<unsigned char>(w[1]);
  }
  void Set(uint32_t k);
  std::vector<uint64_t> bits_;
  absl::flat_hash_set<std::string> stems_;
};

// A token's bit in a 64-bit set of a stream's tokens (a Bloom filter of one hash): a pattern
// needing a token whose bit is clear in the headline's set cannot match it.
inline uint64_t TokenBit(std::string_view token) {
  uint64_t h = 14695981039346656037ull;
  for (char c : token) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return uint64_t{1} << (h >> 58);
}

// One token of a stream: where it starts in the stream, and which bytes of the raw text it
// came from.
struct StreamToken {
  uint32_t stream_from;
  uint32_t raw_from;
  uint32_t raw_to;
};

// Appends the word stream of `text` to *out (which may already hold other bytes: stream
// offsets are relative to where it started) and fills *tokens (cleared first). With a filter,
// a word no pattern can use becomes the placeholder token "\x01" without being stemmed.
void BuildWordStream(std::string_view text, WordStemmer& stemmer, std::string* out,
                     std::vector<StreamToken>* tokens, const StemFilter* filter = nullptr);

// A phrase as a Hyperscan pattern over the stream. `literal_length` is the number of stream
// bytes a match covers when the phrase has no gap (so the start of a match is its end minus
// that); 0 for a gap phrase, whose start Hyperscan must report.
// One element of a stream pattern: a stem token, or (token empty) a gap of min..max words.
struct StreamElement {
  std::string token;
  uint8_t min_gap = 0;
  uint8_t max_gap = 0;
};

struct StreamPattern {
  std::vector<std::string> tokens;  // its word tokens, in order (for the StemFilter)
  std::string regex;
  uint32_t literal_length = 0;
  bool gap = false;
  // A gap pattern is found in two steps: the database matches its anchor, the literal words
  // before its first gap (" china 's "), and GapMatchEnds follows the rest of its elements
  // from there. Gap regexes in the database made 10,000 gap phrases take 6 to 10 s to compile.
  std::string anchor_regex;
  uint32_t anchor_length = 0;           // stream bytes of the anchor, leading space included
  std::vector<StreamElement> elements;  // after the anchor: gaps and words, in order
};

// Compiles an unquoted phrase ("China's * regulator", "opens ~3 probe"). On failure returns
// false with a message in *error (a gap at either end, a gap after a gap, ~N outside 1..10).
bool CompileStreamPattern(std::string_view phrase, WordStemmer& stemmer, StreamPattern* out,
                          std::string* error);

// The ends (stream offsets just after a final space, ascending, distinct) of every match of
// gap `elements` that starts at boundary `from` of `stream` (stream[from - 1] is a space: just
// after the anchor). Appends to *ends.
void GapMatchEnds(const std::vector<StreamElement>& elements, std::string_view stream, size_t from,
                  std::vector<uint32_t>* ends);

}  // namespace tripline

#endif  // TRIPLINE_RULES_WORD_STREAM_H_
