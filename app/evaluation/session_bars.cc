#include "app/evaluation/session_bars.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tripline::evaluation {

double SessionBars::PriceAtMinuteStart(int64_t minute) const {
  auto it = std::lower_bound(bars_.begin(), bars_.end(), minute,
                             [](const MinuteBar& b, int64_t m) { return b.minute < m; });
  if (it == bars_.begin()) return std::numeric_limits<double>::quiet_NaN();
  return std::prev(it)->last;
}

bool SessionBars::Range(int64_t from, int64_t to, double* high, double* low) const {
  auto it = std::lower_bound(bars_.begin(), bars_.end(), from,
                             [](const MinuteBar& b, int64_t m) { return b.minute < m; });
  bool any = false;
  for (; it != bars_.end() && it->minute < to; ++it) {
    if (!any || it->high > *high) *high = it->high;
    if (!any || it->low < *low) *low = it->low;
    any = true;
  }
  return any;
}

}  // namespace tripline::evaluation
