#include "core/price_window.h"

namespace tripline {

PriceWindow::PriceWindow(const std::vector<EventTime>& windows) {
  windows_.reserve(windows.size());
  for (EventTime w : windows) windows_.push_back(Window{w, {}, {}});
}

void PriceWindow::Update(EventTime ts, double price, PriceKind kind) {
  if (kind == PriceKind::kClose) {
    // The previous session's close is a reference, not a trade inside today's windows.
    if (close_ts_ == kNoTime || ts >= close_ts_) {
      close_ts_ = ts;
      close_price_ = price;
    }
    return;
  }
  if (last_ts_ != kNoTime && ts < last_ts_) {
    ++late_ticks_;
    return;
  }
  last_ts_ = ts;
  last_price_ = price;
  for (Window& w : windows_) {
    while (!w.highs.empty() && w.highs.back().price <= price) w.highs.pop_back();
    w.highs.push_back(Point{ts, price});
    while (!w.lows.empty() && w.lows.back().price >= price) w.lows.pop_back();
    w.lows.push_back(Point{ts, price});
    Evict(w, ts);
  }
}

void PriceWindow::Evict(Window& w, EventTime now) {
  const EventTime start = now - w.length;
  while (!w.highs.empty() && w.highs.front().ts < start) w.highs.pop_front();
  while (!w.lows.empty() && w.lows.front().ts < start) w.lows.pop_front();
}

void PriceWindow::AdvanceTo(EventTime now) {
  for (Window& w : windows_) Evict(w, now);
}

PriceMove PriceWindow::Drop(size_t window) const {
  const Window& w = windows_[window];
  if (w.highs.empty()) return {};
  const Point& high = w.highs.front();
  return PriceMove{true,       last_price_ / high.price - 1.0, high.ts, high.price, last_ts_,
                   last_price_};
}

PriceMove PriceWindow::Rise(size_t window) const {
  const Window& w = windows_[window];
  if (w.lows.empty()) return {};
  const Point& low = w.lows.front();
  return PriceMove{true, last_price_ / low.price - 1.0, low.ts, low.price, last_ts_, last_price_};
}

PriceMove PriceWindow::SincePrevClose() const {
  if (close_ts_ == kNoTime || last_ts_ == kNoTime) return {};
  return PriceMove{true,       last_price_ / close_price_ - 1.0, close_ts_, close_price_, last_ts_,
                   last_price_};
}

size_t PriceWindow::retained() const {
  size_t n = 0;
  for (const Window& w : windows_) n += w.highs.size() + w.lows.size();
  return n;
}

}  // namespace tripline
