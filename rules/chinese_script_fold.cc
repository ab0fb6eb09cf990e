#include "rules/chinese_script_fold.h"

namespace tripline {
namespace {
#include "chinese_script_fold_table.inc"
}  // namespace

uint32_t SimplifiedCharacter(uint32_t cp) {
  if (cp > 0xFFFF) return cp;
  const uint64_t word = kFoldBits[cp >> 6];
  const uint64_t bit = uint64_t{1} << (cp & 63);
  if ((word & bit) == 0) return cp;
  return kFoldTo[kFoldRank[cp >> 6] +
                 static_cast<uint32_t>(__builtin_popcountll(word & (bit - 1)))];
}

size_t FoldedCharacterCount() { return kFoldCount; }

bool FoldToSimplified(const char* p, char* out) {
  const uint32_t cp = ((static_cast<unsigned char>(p[0]) & 0x0Fu) << 12) |
                      ((static_cast<unsigned char>(p[1]) & 0x3Fu) << 6) |
                      (static_cast<unsigned char>(p[2]) & 0x3Fu);
  const uint32_t to = SimplifiedCharacter(cp);
  if (to == cp) return false;
  out[0] = static_cast<char>(0xE0 | (to >> 12));
  out[1] = static_cast<char>(0x80 | ((to >> 6) & 0x3F));
  out[2] = static_cast<char>(0x80 | (to & 0x3F));
  return true;
}

}  // namespace tripline
