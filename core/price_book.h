// PriceBook: the price state of every watched instrument, keyed by symbol.
//
// Only instruments that some rule watches are tracked: a tick for any other symbol costs one
// hash look-up and is otherwise ignored, so a feed of thousands of symbols costs little when
// the rules name a few. Memory is bounded by the watched instruments and their windows.
//
// Thread-safety: none; owned by the pipeline thread.
#ifndef TRIPLINE_CORE_PRICE_BOOK_H_
#define TRIPLINE_CORE_PRICE_BOOK_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "core/events.h"
#include "core/price_window.h"

namespace tripline {

class PriceBook {
 public:
  // `windows`: the distinct trailing window lengths the rules need, in nanoseconds.
  explicit PriceBook(std::vector<EventTime> windows);

  // Starts tracking `sym`. Idempotent.
  void Watch(std::string_view sym);

  // Applies a tick. Returns the instrument's state, or nullptr when nobody watches it.
  PriceWindow* Update(const PriceTick& tick);

  PriceWindow* Find(std::string_view sym);
  const std::vector<EventTime>& windows() const { return windows_; }
  // Index of a window length in `windows` (a book's windows()), or -1.
  static int WindowIndex(const std::vector<EventTime>& windows, EventTime length);
  size_t watched() const { return book_.size(); }

 private:
  std::vector<EventTime> windows_;
  absl::flat_hash_map<std::string, PriceWindow> book_;
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_PRICE_BOOK_H_
