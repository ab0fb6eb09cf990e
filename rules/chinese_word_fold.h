// Folds Taiwan vocabulary to the mainland's in the word stream, after the character fold
// (chinese_script_fold.h): "晶片" is "芯片", "伺服器" "服务器", "記憶體" "内存", "人工智慧"
// "人工智能". A character fold cannot do this (晶片 is a different word, not a different script),
// and packs are written in mainland vocabulary: without it a Taiwan headline about chips matches
// no chip phrase. Like the character fold it applies to the phrase at load as to the headline at
// scan time, so a phrase written either way matches both.
//
// The words are OpenCC's TWPhrasesRev (Taiwan phrase -> mainland phrase; Debian
// libopencc-data), both sides put through the character fold, made at build time by
// rules/make_chinese_word_fold.cc; none is checked in. Words of one character are left out (埠
// is a port in Taiwan and part of 商埠 on the mainland), and so are words whose two sides fold
// to the same characters. At each position the longest Taiwan word wins, left to right.
//
// Cost: one bit test per CJK character of a headline (is its folded form the first character
// of any Taiwan word?), and a short compare only where one can start.
//
// Thread-safety: pure functions over constant tables.
#ifndef TRIPLINE_RULES_CHINESE_WORD_FOLD_H_
#define TRIPLINE_RULES_CHINESE_WORD_FOLD_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tripline {

// A Taiwan word found in a text and the mainland word that replaces it.
struct MainlandWord {
  std::string_view utf8;          // the mainland word, simplified: three UTF-8 bytes a character
  uint8_t characters = 0;         // utf8.size() / 3
  uint8_t taiwan_characters = 0;  // how many characters of the text (three bytes each) it replaces
};

// Whether a Taiwan word starts at text[i] (a CJK character of three bytes, in either script);
// if so, the longest one's mainland form in *out.
bool FoldTaiwanWord(std::string_view text, size_t i, MainlandWord* out);

// How many Taiwan words fold (the table's size; for tests).
size_t TaiwanWordCount();

}  // namespace tripline

#endif  // TRIPLINE_RULES_CHINESE_WORD_FOLD_H_
