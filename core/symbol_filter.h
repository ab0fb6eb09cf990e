// SymbolFilter: a set of instrument symbols as 2^16 bits keyed by a symbol's length, first and
// last byte. A symbol whose bit is clear is certainly not in the set; one whose bit is set may be.
//
// Why: a day's price stream names about a thousand instruments and a pack watches a few dozen,
// so most ticks are for symbols no rule reads. Looking each one up in the watch map hashed and
// probed every tick (a few percent of a replay); the filter rejects most of them with one load.
//
// Thread-safety: immutable after the last Add; concurrent MayContain calls are safe.
#ifndef TRIPLINE_CORE_SYMBOL_FILTER_H_
#define TRIPLINE_CORE_SYMBOL_FILTER_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace tripline {

class SymbolFilter {
 public:
  SymbolFilter() : bits_(kWords, 0) {}

  void Add(std::string_view sym) {
    const uint32_t k = Key(sym);
    bits_[k >> 6] |= uint64_t{1} << (k & 63);
  }
  bool MayContain(std::string_view sym) const {
    const uint32_t k = Key(sym);
    return (bits_[k >> 6] >> (k & 63)) & 1;
  }

 private:
  static constexpr size_t kWords = (1u << 16) / 64;
  // Length (mod 4), then first and last byte folded to 7 bits each: tickers differ most there
  // ("NVDA" / "AMD" / "0981.HK").
  static uint32_t Key(std::string_view s) {
    if (s.empty()) return 0;
    const uint32_t first = static_cast<unsigned char>(s.front()) & 0x7F;
    const uint32_t last = static_cast<unsigned char>(s.back()) & 0x7F;
    return ((static_cast<uint32_t>(s.size()) & 3) << 14) | (first << 7) | last;
  }
  std::vector<uint64_t> bits_;
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_SYMBOL_FILTER_H_
