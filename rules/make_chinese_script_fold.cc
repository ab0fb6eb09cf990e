// Build-time tool: writes the table that folds traditional Chinese characters to simplified ones
// (rules/chinese_script_fold.h) from OpenCC's character dictionaries, as Debian's
// libopencc-data installs them and `opencc_dict -f ocd2 -t text` dumps them (one line each:
// "傳\t传" or "乾\t干 乾", the first candidate being OpenCC's choice).
//
//   make_chinese_script_fold OUT.inc TSCharacters.txt VARIANTS.txt...
//
// A character folds to its first TSCharacters candidate; a Taiwan or Hong Kong variant
// (TWVariantsRev, HKVariantsRev: 裡 -> 裏, 衞 -> 衛) folds through its standard traditional
// form when TSCharacters maps that form (裡 -> 裏 -> 里), and is otherwise left alone: 才 -> 纔
// and 么 -> 幺 would damage simplified text. Folds are followed to a fixed point, so folding
// twice is folding once. Only characters of three UTF-8 bytes on both sides are kept (the word
// stream's CJK tokens are three bytes; the Basic Multilingual Plane holds every common one).
//
// The output is a rank bitmap over U+0000..U+FFFF (a bit per character that folds, and the
// count of set bits before each 64-bit word) and the folded characters in code-point order, so
// a lookup is one bit test and, for a traditional character only, one popcount.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "rules/utf8_code_points.h"

namespace {

// Single character -> first single-character candidate, from one dictionary dump.
bool Read(const char* path, std::map<uint32_t, uint32_t>* out) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "make_chinese_script_fold: cannot read %s\n", path);
    return false;
  }
  std::string line;
  while (std::getline(in, line)) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const std::vector<uint32_t> from = tripline::Utf8CodePoints(line.substr(0, tab));
    const size_t end = line.find(' ', tab + 1);
    const std::vector<uint32_t> to = tripline::Utf8CodePoints(line.substr(tab + 1, end - tab - 1));
    if (from.size() == 1 && to.size() == 1) out->emplace(from[0], to[0]);
  }
  return true;
}

// The word stream's CJK characters of three UTF-8 bytes (rules/word_stream.cc, ClassifyCjk).
bool IsCjkCharacter(uint32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x3040 && cp <= 0x9FFF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: make_chinese_script_fold OUT.inc TSCharacters.txt [VARIANTS.txt...]\n");
    return 2;
  }
  std::map<uint32_t, uint32_t> ts;
  if (!Read(argv[2], &ts) || ts.size() < 1000) {
    std::fprintf(stderr, "make_chinese_script_fold: %s holds too few characters\n", argv[2]);
    return 1;
  }
  std::map<uint32_t, uint32_t> variants;
  for (int a = 3; a < argc; ++a) {
    if (!Read(argv[a], &variants)) return 1;
  }
  std::map<uint32_t, uint32_t> fold;
  for (const auto& [from, to] : ts) fold[from] = to;
  for (const auto& [from, standard] : variants) {
    if (fold.count(from) != 0) continue;
    auto it = ts.find(standard);
    if (it != ts.end()) fold[from] = it->second;
  }
  // To a fixed point; OpenCC's tables have no cycles, but a chain longer than 4 would be a bug.
  for (auto& [from, to] : fold) {
    for (int step = 0; step < 4; ++step) {
      auto next = fold.find(to);
      if (next == fold.end() || next->second == to) break;
      to = next->second;
    }
  }
  std::vector<std::pair<uint32_t, uint32_t>> kept;
  for (const auto& [from, to] : fold) {
    if (from != to && from <= 0xFFFF && to <= 0xFFFF && IsCjkCharacter(from) &&
        IsCjkCharacter(to)) {
      kept.emplace_back(from, to);
    }
  }
  std::vector<uint64_t> bits(1024, 0);
  for (const auto& [from, to] : kept) bits[from >> 6] |= uint64_t{1} << (from & 63);

  std::FILE* out = std::fopen(argv[1], "w");
  if (out == nullptr) {
    std::fprintf(stderr, "make_chinese_script_fold: cannot write %s\n", argv[1]);
    return 1;
  }
  std::fprintf(out,
               "// Generated at build time by rules/make_chinese_script_fold.cc from OpenCC's\n"
               "// character dictionaries (Debian libopencc-data). Do not edit.\n"
               "constexpr uint32_t kFoldCount = %zu;\n"
               "constexpr uint64_t kFoldBits[1024] = {\n",
               kept.size());
  for (size_t w = 0; w < bits.size(); ++w) {
    std::fprintf(out, "0x%llxull,%s", static_cast<unsigned long long>(bits[w]),
                 w % 6 == 5 ? "\n" : "");
  }
  std::fprintf(out, "};\nconstexpr uint16_t kFoldRank[1024] = {\n");
  uint32_t rank = 0;
  for (size_t w = 0; w < bits.size(); ++w) {
    std::fprintf(out, "%u,%s", rank, w % 16 == 15 ? "\n" : "");
    rank += static_cast<uint32_t>(__builtin_popcountll(bits[w]));
  }
  std::fprintf(out, "};\nconstexpr uint16_t kFoldTo[kFoldCount] = {\n");
  for (size_t k = 0; k < kept.size(); ++k) {
    std::fprintf(out, "0x%x,%s", kept[k].second, k % 12 == 11 ? "\n" : "");
  }
  std::fprintf(out, "};\n");
  return std::fclose(out) == 0 ? 0 : 1;
}
