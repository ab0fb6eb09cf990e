// PriceWindow: the price state of one instrument: last price, the previous session's close,
// and for each trailing window length the highest and lowest price within it, so that "the
// move within 60 minutes" is answered in O(1).
//
// A move over a window is measured from the extreme inside the window to the last price:
// a drop is last/high - 1 (<= 0), a rise is last/low - 1 (>= 0). This is how a desk reads
// "NVDA fell as much as 3.9% within the hour". Each window keeps two monotonic deques, so an
// update is O(1) amortised and memory is bounded by the number of ticks inside the window.
//
// Event time: ticks are applied in arrival order. A tick older than the last one is counted as
// late and only updates nothing but the counter (the window never moves backwards).
//
// Thread-safety: none; owned by the pipeline thread.
#ifndef TRIPLINE_CORE_PRICE_WINDOW_H_
#define TRIPLINE_CORE_PRICE_WINDOW_H_

#include <cstdint>
#include <vector>

#include "core/event_time.h"
#include "core/events.h"
#include "core/ring_deque.h"

namespace tripline {

// A move between two points; `valid` is false when there is no reference price yet.
struct PriceMove {
  bool valid = false;
  double move = 0;  // fraction: -0.039 is -3.9%
  EventTime from_ts = 0;
  double from_price = 0;
  EventTime to_ts = 0;
  double to_price = 0;
};

class PriceWindow {
 public:
  // `windows`: the trailing window lengths to track, in nanoseconds.
  explicit PriceWindow(const std::vector<EventTime>& windows);

  void Update(EventTime ts, double price, PriceKind kind);
  // Moves the windows' right edge to `now` (>= last tick) without a tick, so that a query at a
  // headline's time sees only prices inside the window ending then.
  void AdvanceTo(EventTime now);

  size_t window_count() const { return windows_.size(); }
  EventTime window_length(size_t i) const { return windows_[i].length; }
  // Drop from the window's high to the last price (move <= 0).
  PriceMove Drop(size_t window) const;
  // Rise from the window's low to the last price (move >= 0).
  PriceMove Rise(size_t window) const;
  // Last price against the previous close; invalid until a `close` tick was seen.
  PriceMove SincePrevClose() const;
  // The window's highest and lowest price, 0 when it holds none: bounds to test a move
  // against without Drop's and Rise's divisions.
  double high(size_t window) const {
    const Window& w = windows_[window];
    return w.highs.empty() ? 0 : w.highs.front().price;
  }
  double low(size_t window) const {
    const Window& w = windows_[window];
    return w.lows.empty() ? 0 : w.lows.front().price;
  }

  bool has_last() const { return last_ts_ != kNoTime; }
  EventTime last_ts() const { return last_ts_; }
  double last_price() const { return last_price_; }
  uint64_t late_ticks() const { return late_ticks_; }
  // Ticks held across all windows: bounded by the ticks inside the longest window.
  size_t retained() const;

 private:
  struct Point {
    EventTime ts;
    double price;
  };
  struct Window {
    EventTime length;
    RingDeque<Point> highs;  // decreasing prices: front is the max
    RingDeque<Point> lows;   // increasing prices: front is the min
  };

  static void Evict(Window& w, EventTime now);

  std::vector<Window> windows_;
  EventTime last_ts_ = kNoTime;
  double last_price_ = 0;
  EventTime close_ts_ = kNoTime;
  double close_price_ = 0;
  uint64_t late_ticks_ = 0;
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_PRICE_WINDOW_H_
