#include "rules/word_stream.h"

#include "rules/ascii_word_runs.h"
#include "rules/chinese_script_fold.h"
#include "rules/chinese_word_fold.h"

#include <libstemmer.h>
#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

namespace tripline {
namespace {

constexpr size_t kMaxStemmedWord = 64;

constexpr bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
// ASCII tests (ascii_word_runs.h), not <cctype>: the locale-aware calls were a visible share of
// a replay's profile.
constexpr bool IsAsciiAlnum(unsigned char c) { return IsAsciiWordByte(c) && c != '_'; }
bool IsWordByte(unsigned char c) { return IsAsciiWordByte(c) || c >= 0x80; }

// ASCII bytes by what they are in a headline: the loop over a headline's bytes reads one table
// instead of several tests.
enum : uint8_t { kOther = 0, kWord = 1, kSpace = 2 };
struct AsciiTables {
  uint8_t kind[128];
  constexpr AsciiTables() : kind() {
    for (int c = 0; c < 128; ++c) {
      const unsigned char u = static_cast<unsigned char>(c);
      kind[c] = IsAsciiWordByte(u) ? kWord : (IsSpace(u) ? kSpace : kOther);
    }
  }
};
constexpr AsciiTables kAscii;

// UTF-8 general punctuation (U+2000..U+206F: dashes, curly quotes, ellipsis) is E2 80 xx or
// E2 81 xx; of it only the right single quote (E2 80 99) is an apostrophe, the rest separates
// words as a space does.
size_t GeneralPunctuation(std::string_view t, size_t i, bool* apostrophe) {
  if (i + 2 < t.size() && static_cast<unsigned char>(t[i]) == 0xE2 &&
      (static_cast<unsigned char>(t[i + 1]) == 0x80 ||
       static_cast<unsigned char>(t[i + 1]) == 0x81)) {
    *apostrophe = static_cast<unsigned char>(t[i + 1]) == 0x80 &&
                  static_cast<unsigned char>(t[i + 2]) == 0x99;
    return 3;
  }
  return 0;
}

void AppendEscaped(std::string_view bytes, std::string* out) {
  for (char ch : bytes) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (IsAsciiAlnum(c)) {
      out->push_back(ch);
    } else {
      char buf[8];
      snprintf(buf, sizeof buf, "\\x%02x", c);
      *out += buf;
    }
  }
}

}  // namespace

void StemFilter::Set(uint32_t k) {
  if (bits_.empty()) bits_.assign(1024, 0);
  bits_[k >> 6] |= uint64_t{1} << (k & 63);
}

void StemFilter::Add(std::string_view stem) {
  stems_.insert(std::string(stem));
  if (stem.size() < 2) {
    // A one-letter stem comes only from a one-letter word, which is never filtered; mark the
    // filter as in use all the same.
    if (bits_.empty()) bits_.assign(1024, 0);
    return;
  }
  const uint32_t k = Key(stem);
  Set(k);
  // dying -> die, lying -> lie, tying -> tie: the word starts "dy", the stem "di".
  if (stem.size() >= 2 && stem[1] == 'i' && (stem[0] == 'd' || stem[0] == 'l' || stem[0] == 't')) {
    Set((static_cast<uint32_t>(static_cast<unsigned char>(stem[0])) << 8) | 'y');
  }
}

CjkKind ClassifyCjkSlow(std::string_view t, size_t i) {
  if (i + 3 > t.size()) return CjkKind::kNone;
  const unsigned char b0 = static_cast<unsigned char>(t[i]);
  if (b0 < 0xE2 || b0 > 0xEF) return CjkKind::kNone;
  const unsigned char b1 = static_cast<unsigned char>(t[i + 1]);
  const unsigned char b2 = static_cast<unsigned char>(t[i + 2]);
  if ((b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return CjkKind::kNone;
  const uint32_t cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
  // CJK symbols and punctuation (、。《》「」) and the fullwidth ASCII punctuation (，：？！（）).
  if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
      (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
      (cp >= 0xFF5B && cp <= 0xFF65)) {
    return CjkKind::kSeparator;
  }
  // Radicals, kana, unified ideographs (and extension A), Hangul syllables, compatibility
  // ideographs.
  if ((cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x3040 && cp <= 0x9FFF) ||
      (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF)) {
    return CjkKind::kCharacter;
  }
  return CjkKind::kNone;
}

WordStemmer::WordStemmer() : stemmer_(sb_stemmer_new("english", nullptr)), cache_(kCacheSlots) {}

WordStemmer::~WordStemmer() {
  if (stemmer_ != nullptr) sb_stemmer_delete(stemmer_);
}

std::string_view WordStemmer::Stem(std::string_view w) {
  if (cache_filter_ != nullptr) {  // the cache holds another filter's forms
    for (CacheSlot& slot : cache_) slot.word_len = 0;
    cache_filter_ = nullptr;
  }
  return Cached(w, nullptr);
}

std::string_view WordStemmer::StreamForm(std::string_view w, const StemFilter& filter) {
  if (cache_filter_ != &filter) {
    for (CacheSlot& slot : cache_) slot.word_len = 0;
    cache_filter_ = &filter;
  }
  return Cached(w, &filter);
}

std::string_view WordStemmer::Cached(std::string_view w, const StemFilter* filter) {
  static constexpr std::string_view kUnused = "\x01";
  if (stemmer_ == nullptr || w.size() > kMaxStemmedWord) return w;
  const bool cacheable = !w.empty() && w.size() <= kCachedBytes;
  CacheSlot* slot = nullptr;
  uint64_t hash = 0;
  if (cacheable) {
    hash = XXH3_64bits(w.data(), w.size());
    slot = &cache_[hash & (kCacheSlots - 1)];
    if (slot->word_len == w.size() && slot->hash == hash &&
        std::memcmp(slot->word, w.data(), w.size()) == 0) {
      return std::string_view(slot->stem, slot->stem_len);
    }
  }
  const sb_symbol* s =
      sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(w.data()), w.size());
  if (s == nullptr) return w;
  std::string_view stem(reinterpret_cast<const char*>(s),
                        static_cast<size_t>(sb_stemmer_length(stemmer_)));
  if (filter != nullptr && !filter->Uses(stem)) stem = kUnused;
  if (slot != nullptr && stem.size() <= kCachedBytes) {
    slot->hash = hash;
    slot->word_len = static_cast<uint8_t>(w.size());
    slot->stem_len = static_cast<uint8_t>(stem.size());
    std::memcpy(slot->word, w.data(), w.size());
    std::memcpy(slot->stem, stem.data(), stem.size());
  }
  return stem;
}

void BuildWordStream(std::string_view text, WordStemmer& stemmer, std::string* out,
                     std::vector<StreamToken>* tokens, const StemFilter* filter) {
  tokens->clear();
  const size_t base = out->size();
  out->push_back(' ');
  char word[kMaxStemmedWord];
  size_t len = 0;
  size_t word_from = 0;
  bool long_word = false;  // longer than the buffer: copied through unstemmed
  auto flush = [&](size_t raw_to) {
    if (len == 0 && !long_word) return;
    const uint32_t at = static_cast<uint32_t>(out->size() - base);
    if (long_word) {
      for (size_t k = word_from; k < raw_to; ++k) {
        out->push_back(AsciiLower(static_cast<unsigned char>(text[k])));
      }
    } else if (filter != nullptr && !filter->MayUse(std::string_view(word, len))) {
      out->push_back('\x01');  // no pattern can use it: one word, not stemmed
    } else if (filter != nullptr) {
      out->append(stemmer.StreamForm(std::string_view(word, len), *filter));
    } else {
      out->append(stemmer.Stem(std::string_view(word, len)));
    }
    out->push_back(' ');
    tokens->push_back(
        StreamToken{at, static_cast<uint32_t>(word_from), static_cast<uint32_t>(raw_to)});
    len = 0;
    long_word = false;
  };
  auto add = [&](char c, size_t at) {
    if (len == 0 && !long_word) word_from = at;
    if (len < sizeof word) {
      word[len++] = c;
    } else {
      long_word = true;
    }
  };
  const size_t n = text.size();
  for (size_t i = 0; i < n;) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    // Fast path: a run of ASCII word characters, or a space (most of any headline).
    if (c < 0x80 && kAscii.kind[c] == kWord) {
      if (len == 0 && !long_word) word_from = i;
      // Find the run's end first, then copy it (ascii_word_runs.h: a block at a time).
      const size_t j = AsciiWordRunEnd(text, i + 1);
      const size_t room = sizeof word - len;
      const size_t take = std::min(j - i, room);
      CopyAsciiLower(text, i, take, word + len, room);
      len += take;
      if (j - i > room) long_word = true;
      i = j;
      continue;
    }
    if (c < 0x80 && kAscii.kind[c] == kSpace) {
      flush(i);
      ++i;
      continue;
    }
    bool apostrophe = c == '\'';
    const size_t punct = GeneralPunctuation(text, i, &apostrophe);
    const size_t width = punct != 0 ? punct : 1;
    if (apostrophe) {
      // Inside a word ("China's"): part of it. Elsewhere: a separator.
      const bool in_word = len != 0 || long_word;
      bool next_apostrophe = false;
      if (in_word && i + width < text.size() &&
          IsWordByte(static_cast<unsigned char>(text[i + width])) &&
          GeneralPunctuation(text, i + width, &next_apostrophe) == 0) {
        add('\'', i);
      } else {
        flush(i);
      }
      i += width;
      continue;
    }
    if (punct != 0 || IsSpace(c)) {
      flush(i);
      i += width;
      continue;
    }
    const CjkKind cjk = ClassifyCjk(text, i);
    if (cjk == CjkKind::kSeparator) {
      flush(i);
      i += 3;
      continue;
    }
    if (cjk == CjkKind::kCharacter) {
      // A token of its own: Chinese has no spaces, so a phrase of characters matches as a
      // substring, and Latin words inside the text ("英伟达H20芯片") stay words.
      // Traditional characters fold to simplified ones (英偉達 is 英伟达): the phrase is folded
      // the same way at load, so every Chinese phrase matches both scripts.
      flush(i);
      // Taiwan vocabulary folds to the mainland's (晶片 is 芯片; chinese_word_fold.h), one
      // token a mainland character; the last one reaches to the end of the Taiwan word, so
      // every token maps back into it.
      MainlandWord mainland;
      if (FoldTaiwanWord(text, i, &mainland)) {
        const size_t last_raw = mainland.taiwan_characters - 1u;
        for (size_t k = 0; k < mainland.characters; ++k) {
          const uint32_t at = static_cast<uint32_t>(out->size() - base);
          out->append(mainland.utf8.substr(3 * k, 3));
          out->push_back(' ');
          const size_t raw_from = i + 3 * std::min(k, last_raw);
          const size_t raw_to =
              k + 1 == mainland.characters ? i + 3u * mainland.taiwan_characters : raw_from + 3;
          tokens->push_back(
              StreamToken{at, static_cast<uint32_t>(raw_from), static_cast<uint32_t>(raw_to)});
        }
        i += 3u * mainland.taiwan_characters;
        continue;
      }
      const uint32_t at = static_cast<uint32_t>(out->size() - base);
      char simplified[3];
      if (FoldToSimplified(text.data() + i, simplified)) {
        out->append(simplified, 3);
      } else {
        out->append(text.substr(i, 3));
      }
      out->push_back(' ');
      tokens->push_back(StreamToken{at, static_cast<uint32_t>(i), static_cast<uint32_t>(i + 3)});
      i += 3;
      continue;
    }
    if (IsWordByte(c)) {
      add(AsciiLower(c), i);
      ++i;
      continue;
    }
    // Punctuation: a token of its own, so "U.S." is " u . s . " on both sides.
    flush(i);
    const uint32_t at = static_cast<uint32_t>(out->size() - base);
    out->push_back(static_cast<char>(c));
    out->push_back(' ');
    tokens->push_back(StreamToken{at, static_cast<uint32_t>(i), static_cast<uint32_t>(i + 1)});
    ++i;
  }
  flush(text.size());
}

bool CompileStreamPattern(std::string_view phrase, WordStemmer& stemmer, StreamPattern* out,
                          std::string* error) {
  *out = StreamPattern{};
  out->regex = "\\x20";
  uint32_t length = 1;
  bool last_was_gap = true;  // a gap may not open the phrase
  size_t words = 0;
  std::string piece_stream;
  std::vector<StreamToken> piece_tokens;
  size_t i = 0;
  while (i < phrase.size()) {
    while (i < phrase.size() && IsSpace(static_cast<unsigned char>(phrase[i]))) ++i;
    size_t end = i;
    while (end < phrase.size() && !IsSpace(static_cast<unsigned char>(phrase[end]))) ++end;
    if (end == i) break;
    const std::string_view piece = phrase.substr(i, end - i);
    i = end;
    int max_gap = 0, min_gap = 0;
    if (piece == "*") {
      min_gap = max_gap = 1;
    } else if (piece.size() >= 2 && piece[0] == '~') {
      int n = 0;
      for (char d : piece.substr(1)) {
        if (d < '0' || d > '9' || n > 10) {
          n = -1;
          break;
        }
        n = n * 10 + (d - '0');
      }
      if (n < 1 || n > 10) {
        *error = "gap '" + std::string(piece) + "' must be ~1 to ~10";
        return false;
      }
      max_gap = n;
    }
    if (max_gap > 0) {
      if (last_was_gap) {
        *error = words == 0 ? "a phrase cannot start with a gap" : "two gaps in a row";
        return false;
      }
      char buf[48];
      if (!out->gap) {
        out->anchor_regex = out->regex;
        out->anchor_length = length;
      }
      snprintf(buf, sizeof buf, "(?:[^\\x20]+\\x20){%d,%d}", min_gap, max_gap);
      out->regex += buf;
      out->elements.push_back(
          StreamElement{"", static_cast<uint8_t>(min_gap), static_cast<uint8_t>(max_gap)});
      out->gap = true;
      last_was_gap = true;
      continue;
    }
    piece_stream.clear();
    BuildWordStream(piece, stemmer, &piece_stream, &piece_tokens);
    // piece_stream is " a b "; every token and its following space go into the pattern.
    const std::string_view body = std::string_view(piece_stream).substr(1);
    if (body.empty()) continue;
    for (const StreamToken& t : piece_tokens) {
      const size_t from = t.stream_from;
      const size_t to = piece_stream.find(' ', from);
      AppendEscaped(std::string_view(piece_stream).substr(from, to - from), &out->regex);
      out->tokens.push_back(piece_stream.substr(from, to - from));
      if (out->gap) out->elements.push_back(StreamElement{piece_stream.substr(from, to - from)});
      out->regex += "\\x20";
      length += static_cast<uint32_t>(to - from + 1);
      ++words;
    }
    last_was_gap = false;
  }
  if (words == 0) {
    *error = "a phrase needs at least one word";
    return false;
  }
  if (last_was_gap) {
    *error = "a phrase cannot end with a gap";
    return false;
  }
  out->literal_length = out->gap ? 0 : length;
  if (!out->gap) out->elements.clear();
  return true;
}

namespace {

// Follows elements[k..] from boundary `p` (stream[p - 1] is a space), adding every end.
void EndsFrom(const std::vector<StreamElement>& elements, size_t k, std::string_view s, size_t p,
              std::vector<uint32_t>* ends) {
  if (k == elements.size()) {
    ends->push_back(static_cast<uint32_t>(p));
    return;
  }
  const StreamElement& e = elements[k];
  if (!e.token.empty()) {
    const size_t len = e.token.size();
    if (p + len < s.size() && s[p + len] == ' ' && s.compare(p, len, e.token) == 0) {
      EndsFrom(elements, k + 1, s, p + len + 1, ends);
    }
    return;
  }
  if (e.min_gap == 0) EndsFrom(elements, k + 1, s, p, ends);
  size_t q = p;
  for (int words = 1; words <= e.max_gap; ++words) {  // q: boundary after `words` gap words
    size_t w = q;
    while (w < s.size() && s[w] != ' ') ++w;
    if (w == q || w == s.size()) break;  // no word, or no space after it
    q = w + 1;
    if (words >= e.min_gap) EndsFrom(elements, k + 1, s, q, ends);
  }
}

}  // namespace

void GapMatchEnds(const std::vector<StreamElement>& elements, std::string_view stream, size_t from,
                  std::vector<uint32_t>* ends) {
  const size_t first = ends->size();
  if (from == 0 || from > stream.size() || stream[from - 1] != ' ') return;
  EndsFrom(elements, 0, stream, from, ends);
  std::sort(ends->begin() + static_cast<std::ptrdiff_t>(first), ends->end());
  ends->erase(std::unique(ends->begin() + static_cast<std::ptrdiff_t>(first), ends->end()),
              ends->end());
}

}  // namespace tripline
