#include "core/json_text.h"

#include <array>
#include <cstdint>

namespace tripline {
namespace {

// Bytes copied as they are: printable ASCII but the quote and the backslash. Runs of them
// are appended in one call, which keeps plain ASCII text (almost every headline) fast.
constexpr std::array<bool, 256> kCopiedAsIs = [] {
  std::array<bool, 256> table{};
  for (int c = 0x20; c < 0x80; ++c) table[c] = c != '"' && c != '\\';
  return table;
}();

// Length of the valid UTF-8 sequence starting at `p` (a byte >= 0x80), or 0 if it is invalid
// (overlong forms, surrogates and code points above U+10FFFF included).
size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end) {
  const unsigned char c = *p;
  size_t n;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (static_cast<size_t>(end - p) < n) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((p[k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[k] & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return n;
}

void AppendEscaped(unsigned char c, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out->append("\\\"");
      return;
    case '\\':
      out->append("\\\\");
      return;
    case '\n':
      out->append("\\n");
      return;
    case '\r':
      out->append("\\r");
      return;
    case '\t':
      out->append("\\t");
      return;
    case '\b':
      out->append("\\b");
      return;
    case '\f':
      out->append("\\f");
      return;
    default: {
      const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out->append(esc, 6);
    }
  }
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* const end = p + s.size();
  const auto* run = p;  // start of the bytes not yet appended
  out->push_back('"');
  while (p < end) {
    const unsigned char c = *p;
    if (kCopiedAsIs[c]) {
      ++p;
      continue;
    }
    if (c >= 0x80) {
      if (const size_t n = Utf8SequenceLength(p, end); n != 0) {
        p += n;
        continue;
      }
    }
    out->append(reinterpret_cast<const char*>(run), p - run);
    if (c >= 0x80) {
      out->append("\\ufffd");
    } else {
      AppendEscaped(c, out);
    }
    run = ++p;
  }
  out->append(reinterpret_cast<const char*>(run), p - run);
  out->push_back('"');
}

}  // namespace tripline
