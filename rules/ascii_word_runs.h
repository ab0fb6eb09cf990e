// ASCII word runs, sixteen bytes at a time: the word stream's inner loop (word_stream.cc). A
// headline is mostly runs of ASCII letters and digits between spaces; finding where a run ends
// and copying it lower-cased took two table loads per byte, a sixth of a replay's time with a
// small pack. SSE2 (every x86-64) classifies and lower-cases a block in a few instructions;
// elsewhere, and for the last bytes of a text, the scalar loops give the same answers.
//
// A word byte here is [0-9A-Za-z_]: bytes >= 0x80 (UTF-8) end a run and take the caller's
// slower path.
//
// Thread-safety: pure functions.
#ifndef TRIPLINE_RULES_ASCII_WORD_RUNS_H_
#define TRIPLINE_RULES_ASCII_WORD_RUNS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tripline {

constexpr bool IsAsciiWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
constexpr char AsciiLower(unsigned char c) {
  return static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

namespace ascii_word_runs_internal {

#if defined(__SSE2__)
// Bytes of `v` in [lo, hi] (both below 0x80: bytes >= 0x80 are negative as signed, so never in).
inline __m128i InRange(__m128i v, char lo, char hi) {
  return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                       _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
}
#endif

}  // namespace ascii_word_runs_internal

// The end of the run of word bytes starting at `from` (the first index >= from that is not a
// word byte, or text.size()).
inline size_t AsciiWordRunEnd(std::string_view text, size_t from) {
  const size_t n = text.size();
  size_t j = from;
#if defined(__SSE2__)
  using namespace ascii_word_runs_internal;
  while (j + 16 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + j));
    __m128i word = _mm_or_si128(InRange(v, '0', '9'), InRange(v, 'a', 'z'));
    word = _mm_or_si128(word, InRange(v, 'A', 'Z'));
    word = _mm_or_si128(word, _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
    const uint32_t mask = static_cast<uint32_t>(_mm_movemask_epi8(word));
    if (mask != 0xFFFF) return j + static_cast<size_t>(__builtin_ctz(~mask));
    j += 16;
  }
#endif
  while (j < n && IsAsciiWordByte(static_cast<unsigned char>(text[j]))) ++j;
  return j;
}

// Copies text[from, from + count) to `out` with A-Z lower-cased. May write up to 15 bytes past
// out + count when `out_room` (bytes writable at `out`) allows; never reads past the text.
inline void CopyAsciiLower(std::string_view text, size_t from, size_t count, char* out,
                           size_t out_room) {
  size_t k = 0;
#if defined(__SSE2__)
  using namespace ascii_word_runs_internal;
  while (k < count && from + k + 16 <= text.size() && k + 16 <= out_room) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + from + k));
    const __m128i upper = InRange(v, 'A', 'Z');
    const __m128i lower = _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + k), lower);
    k += 16;
  }
#endif
  for (; k < count; ++k) out[k] = AsciiLower(static_cast<unsigned char>(text[from + k]));
}

}  // namespace tripline

#endif  // TRIPLINE_RULES_ASCII_WORD_RUNS_H_
