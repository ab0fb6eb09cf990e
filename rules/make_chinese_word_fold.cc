// Build-time tool: writes the table that folds Taiwan vocabulary to the mainland's
// (rules/chinese_word_fold.h) from OpenCC's TWPhrasesRev, as Debian's libopencc-data installs
// it and `opencc_dict -f ocd2 -t text` dumps it (one line each: "晶片\t芯片", or several
// mainland candidates separated by spaces, the first being OpenCC's choice).
//
//   make_chinese_word_fold OUT.inc TWPhrasesRev.txt
//
// Both sides go through the character fold this binary links (chinese_script_fold.cc, whose
// table is made first), so the table holds what the word stream sees. Kept: words of two or
// more characters on the Taiwan side, every character a three-byte CJK one on both sides, the
// two sides different once folded. Sorted by first character, longest first, so a lookup is a
// bit test, a binary search and a compare of a few candidates.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "rules/chinese_script_fold.h"
#include "rules/utf8_code_points.h"

namespace {

// The word stream's CJK characters of three UTF-8 bytes (rules/word_stream.cc, ClassifyCjk).
bool IsCjkCharacter(uint32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x3040 && cp <= 0x9FFF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

// Folded with the character fold; empty when a character is not a three-byte CJK one.
std::vector<uint32_t> Folded(const std::vector<uint32_t>& cps) {
  std::vector<uint32_t> out;
  for (uint32_t cp : cps) {
    const uint32_t f = tripline::SimplifiedCharacter(cp);
    if (!IsCjkCharacter(cp) || !IsCjkCharacter(f)) return {};
    out.push_back(f);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_chinese_word_fold OUT.inc TWPhrasesRev.txt\n");
    return 2;
  }
  std::ifstream in(argv[2]);
  if (!in) {
    std::fprintf(stderr, "make_chinese_word_fold: cannot read %s\n", argv[2]);
    return 1;
  }
  std::map<std::vector<uint32_t>, std::vector<uint32_t>> words;
  std::string line;
  while (std::getline(in, line)) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const size_t end = line.find(' ', tab + 1);
    const std::vector<uint32_t> from = Folded(tripline::Utf8CodePoints(line.substr(0, tab)));
    const std::vector<uint32_t> to =
        Folded(tripline::Utf8CodePoints(line.substr(tab + 1, end - tab - 1)));
    if (from.size() < 2 || from.size() > 16 || to.empty() || to.size() > 16 || from == to) {
      continue;
    }
    words.emplace(from, to);
  }
  if (words.size() < 100) {
    std::fprintf(stderr, "make_chinese_word_fold: %s holds too few words\n", argv[2]);
    return 1;
  }
  std::vector<std::pair<std::vector<uint32_t>, std::vector<uint32_t>>> sorted(words.begin(),
                                                                              words.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    if (a.first[0] != b.first[0]) return a.first[0] < b.first[0];
    return a.first.size() > b.first.size();
  });
  std::vector<uint64_t> bits(1024, 0);
  std::vector<uint32_t> chars;
  std::string utf8;
  std::FILE* out = std::fopen(argv[1], "w");
  if (out == nullptr) {
    std::fprintf(stderr, "make_chinese_word_fold: cannot write %s\n", argv[1]);
    return 1;
  }
  std::fprintf(out,
               "// Generated at build time by rules/make_chinese_word_fold.cc from OpenCC's\n"
               "// TWPhrasesRev (Debian libopencc-data). Do not edit.\n"
               "constexpr uint32_t kTaiwanWordCount = %zu;\n"
               "constexpr TaiwanWordEntry kTaiwanWords[kTaiwanWordCount] = {\n",
               sorted.size());
  for (const auto& [from, to] : sorted) {
    bits[from[0] >> 6] |= uint64_t{1} << (from[0] & 63);
    std::fprintf(out, "{0x%x,%zu,%zu,%zu,%zu},\n", from[0], from.size(), to.size(), chars.size(),
                 utf8.size());
    chars.insert(chars.end(), from.begin(), from.end());
    for (uint32_t cp : to) {
      utf8 += static_cast<char>(0xE0 | (cp >> 12));
      utf8 += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      utf8 += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  if (chars.size() > 0xFFFF || utf8.size() > 0xFFFF) {
    std::fprintf(stderr, "make_chinese_word_fold: table too large for 16-bit offsets\n");
    return 1;
  }
  std::fprintf(out, "};\nconstexpr uint16_t kTaiwanChars[] = {\n");
  for (size_t k = 0; k < chars.size(); ++k) {
    std::fprintf(out, "0x%x,%s", chars[k], k % 12 == 11 ? "\n" : "");
  }
  std::fprintf(out, "};\nconstexpr uint64_t kFirstBits[1024] = {\n");
  for (size_t w = 0; w < bits.size(); ++w) {
    std::fprintf(out, "0x%llxull,%s", static_cast<unsigned long long>(bits[w]),
                 w % 6 == 5 ? "\n" : "");
  }
  std::fprintf(out, "};\nconstexpr char kMainlandUtf8[] =\n\"");
  for (size_t k = 0; k < utf8.size(); ++k) {
    std::fprintf(out, "\\x%02x%s", static_cast<unsigned char>(utf8[k]),
                 k % 24 == 23 && k + 1 < utf8.size() ? "\"\n\"" : "");
  }
  std::fprintf(out, "\";\n");
  return std::fclose(out) == 0 ? 0 : 1;
}
