// Folds traditional Chinese characters to simplified ones, so that a phrase written in either
// script matches headlines in both: "英偉達" (Hong Kong and Taiwan media) is "英伟达" in the word
// stream, "晶片" is "晶片" and "臺積電" "台积电". The fold is by character, as OpenCC's
// TSCharacters dictionary has it (plus the Taiwan and Hong Kong variants that reach it), with no
// phrase-level conversion: the word stream matches characters, and a character-level fold is
// the same for the phrase at load as for the headline at scan time, so it can only merge, never
// split. What it merges that simplified Chinese keeps apart (乾 into 干, 於 into 于) is rare in
// policy headlines and costs no phrase.
//
// The table is generated at build time from the installed libopencc-data (Debian's opencc
// package; rules/make_chinese_script_fold.cc), not checked in.
//
// Thread-safety: pure functions over a constant table.
#ifndef TRIPLINE_RULES_CHINESE_SCRIPT_FOLD_H_
#define TRIPLINE_RULES_CHINESE_SCRIPT_FOLD_H_

#include <cstddef>
#include <cstdint>

namespace tripline {

// The simplified form of character `cp`; `cp` itself when it has none (every simplified
// character, every non-Chinese one). Folding twice is folding once.
uint32_t SimplifiedCharacter(uint32_t cp);

// How many characters fold (the table's size; for tests and `rules check`).
size_t FoldedCharacterCount();

// Writes into out[0..3) the UTF-8 form of the simplified form of the three-byte UTF-8 character
// at p[0..3) (a CJK character of the word stream); returns false, writing nothing, when the
// character is already simplified.
bool FoldToSimplified(const char* p, char* out);

}  // namespace tripline

#endif  // TRIPLINE_RULES_CHINESE_SCRIPT_FOLD_H_
