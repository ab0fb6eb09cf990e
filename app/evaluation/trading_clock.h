// TradingClock: time arithmetic on one session of an instrument's exchange calendar, the one
// clock behind every figure of the evaluation that spans time (horizons, excursions, the event
// study, the abnormal returns' estimation window and scale, the baseline's draws and windows),
// so that all of them skip the same closed hours (docs/evaluation.md, "Exchange calendars").
//
// Trading time applies from a time at or before the session's close on a day the exchange
// trades: lunch breaks do not count, a time before the open or in a break counts from the next
// open, and nothing runs past the close (a span reaching it is held there). Elsewhere (no
// calendar, a closed day, after the close) the clock is the wall clock.
//
// Thread-safety: plain value; one thread.
#ifndef TRIPLINE_APP_EVALUATION_TRADING_CLOCK_H_
#define TRIPLINE_APP_EVALUATION_TRADING_CLOCK_H_

#include <utility>
#include <vector>

#include "app/evaluation/exchange_calendar.h"
#include "core/event_time.h"

namespace tripline::evaluation {

class TradingClock {
 public:
  TradingClock() = default;  // the wall clock
  explicit TradingClock(std::vector<TradingInterval> intervals)
      : intervals_(std::move(intervals)) {}

  // Whether the exchange trades that day and `t` is at or before its close.
  bool Applies(EventTime t) const { return !intervals_.empty() && t <= intervals_.back().close; }
  // The session's close; kNoTime without one.
  EventTime close() const { return intervals_.empty() ? kNoTime : intervals_.back().close; }
  // Whether `t` is within trading hours ([open, close) of an interval); always on the wall clock.
  bool Trading(EventTime t) const;
  // Whether `t` is within an interval's hours, its close included (a closing-auction tick);
  // false without hours.
  bool WithinHours(EventTime t) const;
  // Whether a span from `from` ends held at the close (trading time applies and `end` reached it).
  bool HeldAtClose(EventTime from, EventTime end) const {
    return Applies(from) && end >= intervals_.back().close;
  }
  // `t` plus `d` (>= 0) of trading time, at most the close; t + d where trading time does not
  // apply from t.
  EventTime Add(EventTime t, EventTime d) const;
  // Whether Subtract counts trading time back from `t`: trading time applies and t is not
  // before the open.
  bool AppliesBefore(EventTime t) const { return Applies(t) && t >= intervals_.front().open; }
  // `t` minus `d` (>= 0) of trading time, at least the open; t - d where !AppliesBefore(t).
  EventTime Subtract(EventTime t, EventTime d) const;
  // The trading time from `from` to `to` (>= from); the wall-clock span where trading time
  // does not apply from `from`.
  EventTime Elapsed(EventTime from, EventTime to) const;

 private:
  std::vector<TradingInterval> intervals_;
};

}  // namespace tripline::evaluation

#endif  // TRIPLINE_APP_EVALUATION_TRADING_CLOCK_H_
