// Plain numbers: fast paths for the two number shapes recorded feeds carry on every message --
// integer nanoseconds ("ts":1754998200060000000) and short decimals ("price":183.25) -- read
// straight from the token simdjson located. Each parser accepts only a subset of the JSON number
// grammar and answers false for anything else (exponents, long mantissas, bad syntax), so the
// caller falls back to simdjson, which then classifies the error. Results are identical to
// simdjson's: integers are exact, and a decimal of at most 15 digits is m / 10^k with both
// exact in a double, which IEEE division rounds correctly (Clinger's fast path, as simdjson's).
//
// `token` is simdjson's raw_json_token(): the number and any whitespace before the next
// structural character. Nothing past it is read.
//
// Thread-safety: pure functions.
#ifndef TRIPLINE_IO_CODEC_PLAIN_NUMBER_H_
#define TRIPLINE_IO_CODEC_PLAIN_NUMBER_H_

#include <cstdint>
#include <cstring>
#include <string_view>

namespace tripline {
namespace plain_number_internal {

inline size_t TrimmedLength(std::string_view token) {
  size_t n = token.size();
  while (n > 0 && (token[n - 1] == ' ' || token[n - 1] == '\t' || token[n - 1] == '\n' ||
                   token[n - 1] == '\r')) {
    --n;
  }
  return n;
}

// Eight ASCII digits at p (SWAR, as in simdjson's own integer parser).
inline bool IsEightDigits(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return (((v & 0xF0F0F0F0F0F0F0F0) | (((v + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4)) ==
          0x3333333333333333);
}

inline uint32_t EightDigits(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  v = (v & 0x0F0F0F0F0F0F0F0F) * 2561 >> 8;
  v = (v & 0x00FF00FF00FF00FF) * 6553601 >> 16;
  return static_cast<uint32_t>((v & 0x0000FFFF0000FFFF) * 42949672960001 >> 32);
}

// Digits [p, p + n) as an integer; false if any is not a digit. n <= 19.
inline bool Digits(const char* p, size_t n, uint64_t* out) {
  uint64_t v = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    if (!IsEightDigits(p + i)) return false;
    v = v * 100000000 + EightDigits(p + i);
  }
  for (; i < n; ++i) {
    const unsigned d = static_cast<unsigned char>(p[i]) - '0';
    if (d > 9) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

}  // namespace plain_number_internal

// A non-negative integer of 1 to 19 digits without a leading zero, at most INT64_MAX.
inline bool ParsePlainUint(std::string_view token, int64_t* out) {
  using namespace plain_number_internal;
  const size_t n = TrimmedLength(token);
  if (n == 0 || n > 19 || (token[0] == '0' && n > 1)) return false;
  uint64_t v;
  if (!Digits(token.data(), n, &v) || v > static_cast<uint64_t>(INT64_MAX)) return false;
  *out = static_cast<int64_t>(v);
  return true;
}

// -?(0|[1-9][0-9]*)(\.[0-9]+)? with at most 15 digits in all.
inline bool ParsePlainDecimal(std::string_view token, double* out) {
  using namespace plain_number_internal;
  static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const size_t n = TrimmedLength(token);
  const char* p = token.data();
  size_t i = 0;
  const bool negative = n > 0 && p[0] == '-';
  if (negative) ++i;
  // One pass, the mantissa in a register: at most 15 digits cannot overflow it.
  uint64_t mantissa = 0;
  const size_t int_start = i;
  unsigned d;
  while (i < n && (d = static_cast<unsigned char>(p[i]) - '0') <= 9) {
    mantissa = mantissa * 10 + d;
    ++i;
  }
  const size_t int_digits = i - int_start;
  if (int_digits == 0 || (p[int_start] == '0' && int_digits > 1)) return false;
  size_t frac_digits = 0;
  if (i < n && p[i] == '.') {
    const size_t frac_start = ++i;
    while (i < n && (d = static_cast<unsigned char>(p[i]) - '0') <= 9) {
      mantissa = mantissa * 10 + d;
      ++i;
    }
    frac_digits = i - frac_start;
    if (frac_digits == 0) return false;
  }
  if (i != n || int_digits + frac_digits > 15) return false;
  const double value = static_cast<double>(mantissa) / kPow10[frac_digits];
  *out = negative ? -value : value;
  return true;
}

}  // namespace tripline

#endif  // TRIPLINE_IO_CODEC_PLAIN_NUMBER_H_
