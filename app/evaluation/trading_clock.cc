#include "app/evaluation/trading_clock.h"

#include <algorithm>

namespace tripline::evaluation {

bool TradingClock::Trading(EventTime t) const {
  if (intervals_.empty()) return true;
  for (const TradingInterval& iv : intervals_) {
    if (t >= iv.open && t < iv.close) return true;
  }
  return false;
}

bool TradingClock::WithinHours(EventTime t) const {
  for (const TradingInterval& iv : intervals_) {
    if (t >= iv.open && t <= iv.close) return true;
  }
  return false;
}

EventTime TradingClock::Add(EventTime t, EventTime d) const {
  if (!Applies(t)) return t + d;
  EventTime left = d;
  for (const TradingInterval& iv : intervals_) {
    if (t >= iv.close) continue;
    const EventTime from = std::max(t, iv.open);
    if (from + left <= iv.close) return from + left;
    left -= iv.close - from;
  }
  return intervals_.back().close;
}

EventTime TradingClock::Subtract(EventTime t, EventTime d) const {
  if (!AppliesBefore(t)) return t - d;
  EventTime left = d;
  for (auto iv = intervals_.rbegin(); iv != intervals_.rend(); ++iv) {
    if (t <= iv->open) continue;
    const EventTime from = std::min(t, iv->close);
    if (from - left >= iv->open) return from - left;
    left -= from - iv->open;
  }
  return intervals_.front().open;
}

EventTime TradingClock::Elapsed(EventTime from, EventTime to) const {
  if (!Applies(from)) return to - from;
  EventTime sum = 0;
  for (const TradingInterval& iv : intervals_) {
    sum += std::max<EventTime>(0, std::min(to, iv.close) - std::max(from, iv.open));
  }
  return sum;
}

}  // namespace tripline::evaluation
