// SessionBars: one instrument's prices in one session as one-minute bars (the last, highest and
// lowest price of each minute that had a tick). The evaluation keeps these only for the current
// session of instruments the rules can signal on, so memory is bounded by minutes in a session,
// not by ticks; the event-study paths and the random-time baseline are read from them.
//
// A session is one UTC calendar day (docs/evaluation.md, "Sessions").
// Thread-safety: plain value; one thread.
#ifndef TRIPLINE_APP_EVALUATION_SESSION_BARS_H_
#define TRIPLINE_APP_EVALUATION_SESSION_BARS_H_

#include <cstdint>
#include <vector>

#include "core/event_time.h"

namespace tripline::evaluation {

inline constexpr EventTime kNanosPerDay = 24 * kNanosPerHour;

// Floor division: the UTC day or minute index of an event time (also before 1970).
inline int64_t DayOf(EventTime t) { return t >= 0 ? t / kNanosPerDay : (t + 1) / kNanosPerDay - 1; }
inline int64_t MinuteOf(EventTime t) {
  return t >= 0 ? t / kNanosPerMinute : (t + 1) / kNanosPerMinute - 1;
}

struct MinuteBar {
  int64_t minute = 0;  // minutes since the epoch
  double last = 0;
  double high = 0;
  double low = 0;
};

class SessionBars {
 public:
  // Adds a tick; ticks arrive in time order. No allocation once the vector reached a session's
  // length (it is cleared, not freed, between sessions).
  void Add(EventTime ts, double price) {
    const int64_t m = MinuteOf(ts);
    if (!bars_.empty() && bars_.back().minute == m) {
      MinuteBar& b = bars_.back();
      b.last = price;
      if (price > b.high) b.high = price;
      if (price < b.low) b.low = price;
      return;
    }
    bars_.push_back(MinuteBar{m, price, price, price});
  }
  void Clear() { bars_.clear(); }
  bool empty() const { return bars_.empty(); }
  const std::vector<MinuteBar>& bars() const { return bars_; }

  // The price as of the start of `minute`: the last price of the latest bar before it; NaN when
  // the session had no tick before it. After the session's last bar this is the close.
  double PriceAtMinuteStart(int64_t minute) const;
  // Highest and lowest price over the bars of minutes [from, to); false when there is none.
  bool Range(int64_t from, int64_t to, double* high, double* low) const;
  double close() const { return bars_.back().last; }

 private:
  std::vector<MinuteBar> bars_;
};

}  // namespace tripline::evaluation

#endif  // TRIPLINE_APP_EVALUATION_SESSION_BARS_H_
