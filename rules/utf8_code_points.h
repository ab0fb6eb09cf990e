// Utf8CodePoints: the code points of a UTF-8 string, for the build-time tools that turn
// OpenCC's dictionaries into the word stream's fold tables (make_chinese_script_fold,
// make_chinese_word_fold). Not on the scan path: the word stream reads its three-byte CJK
// characters in place (rules/word_stream.h).
#ifndef TRIPLINE_RULES_UTF8_CODE_POINTS_H_
#define TRIPLINE_RULES_UTF8_CODE_POINTS_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace tripline {

// Empty when `s` is not well-formed UTF-8 (a stray continuation byte, a truncated sequence).
inline std::vector<uint32_t> Utf8CodePoints(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    const int n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return {};
    uint32_t cp = n == 1 ? b : (b & (0x7F >> n));
    for (int k = 1; k < n; ++k) {
      const unsigned char c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return {};
      cp = (cp << 6) | (c & 0x3F);
    }
    out.push_back(cp);
    i += n;
  }
  return out;
}

}  // namespace tripline

#endif  // TRIPLINE_RULES_UTF8_CODE_POINTS_H_
