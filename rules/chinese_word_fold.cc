#include "rules/chinese_word_fold.h"

#include <algorithm>

#include "rules/chinese_script_fold.h"

namespace tripline {
namespace {

struct TaiwanWordEntry {
  uint16_t first;    // the Taiwan word's first character, folded
  uint8_t from_len;  // its length in characters
  uint8_t to_len;    // the mainland word's length in characters
  uint16_t from_at;  // where its characters start in kTaiwanChars
  uint16_t to_at;    // where the mainland word's UTF-8 starts in kMainlandUtf8
};

#include "chinese_word_fold_table.inc"

// The folded code point of the three-byte UTF-8 character at text[i], or 0 if there is none.
uint32_t FoldedAt(std::string_view text, size_t i) {
  if (i + 3 > text.size()) return 0;
  const unsigned char b0 = static_cast<unsigned char>(text[i]);
  const unsigned char b1 = static_cast<unsigned char>(text[i + 1]);
  const unsigned char b2 = static_cast<unsigned char>(text[i + 2]);
  if ((b0 & 0xF0) != 0xE0 || (b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return 0;
  return SimplifiedCharacter(((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu));
}

}  // namespace

bool FoldTaiwanWord(std::string_view text, size_t i, MainlandWord* out) {
  const uint32_t first = FoldedAt(text, i);
  if (first == 0 || ((kFirstBits[first >> 6] >> (first & 63)) & 1) == 0) return false;
  const TaiwanWordEntry* end = kTaiwanWords + kTaiwanWordCount;
  const TaiwanWordEntry* e = std::lower_bound(
      kTaiwanWords, end, first, [](const TaiwanWordEntry& w, uint32_t cp) { return w.first < cp; });
  // Entries of one first character are longest first: the first that matches wins.
  for (; e != end && e->first == first; ++e) {
    uint8_t k = 1;
    while (k < e->from_len && FoldedAt(text, i + 3u * k) == kTaiwanChars[e->from_at + k]) ++k;
    if (k == e->from_len) {
      out->utf8 = std::string_view(kMainlandUtf8 + e->to_at, 3u * e->to_len);
      out->characters = e->to_len;
      out->taiwan_characters = e->from_len;
      return true;
    }
  }
  return false;
}

size_t TaiwanWordCount() { return kTaiwanWordCount; }

}  // namespace tripline
