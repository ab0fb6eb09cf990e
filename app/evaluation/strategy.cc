#include "app/evaluation/strategy.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "app/evaluation/session_bars.h"

namespace tripline::evaluation {

std::optional<size_t> StrategyHorizon(const std::vector<Horizon>& horizons, std::string_view name) {
  std::optional<size_t> longest, close;
  for (size_t i = 0; i < horizons.size(); ++i) {
    const Horizon& h = horizons[i];
    if (h.kind == HorizonKind::kNextClose) continue;
    if (!name.empty()) {
      if (h.name == name) return i;
      continue;
    }
    if (h.kind == HorizonKind::kDuration && h.duration == kNanosPerHour) return i;
    if (h.kind == HorizonKind::kSessionClose) close = i;
    if (h.kind == HorizonKind::kDuration &&
        (!longest || h.duration > horizons[*longest].duration)) {
      longest = i;
    }
  }
  if (!name.empty()) return std::nullopt;
  return longest ? longest : close;
}

StrategyResult RunStrategy(const ForwardReturnTracker& tracker, int pack, size_t horizon_index,
                           const Costs& costs) {
  StrategyResult r;
  const Horizon& horizon = tracker.horizons()[horizon_index];
  r.horizon = horizon.name;
  struct Trade {
    EventTime exit = 0;
    size_t order = 0;
    double gross = 0, net = 0;
  };
  std::vector<Trade> trades;
  std::set<int64_t> days;
  for (size_t i = 0; i < tracker.outcomes().size(); ++i) {
    const SignalOutcome& o = tracker.outcomes()[i];
    if (o.pack != pack || !o.directional() || !o.entered()) continue;
    if (o.retract_ts != kNoTime && o.retract_ts <= o.entry_ts) continue;  // withdrawn unopened
    double ret = o.returns[horizon_index];
    if (std::isnan(ret)) continue;
    // The horizon's end (trading time on a calendar), or the close tick when it is earlier.
    EventTime exit = o.session_last_ts;
    if (horizon.kind == HorizonKind::kDuration) exit = std::min(exit, o.ends[horizon_index]);
    bool unwound = false;
    if (o.unwind_ts != kNoTime && o.unwind_ts < exit) {
      ret = o.ReturnAt(o.unwind_price);
      exit = o.unwind_ts;
      unwound = true;
    }
    // Entry side, and the exit's: at the unwind's tick, or the horizon's.
    const double cost = unwound ? costs.Entry(o) + costs.Side(o.instrument, o.unwind_half_spread)
                                : costs.RoundTrip(o, horizon_index);
    trades.push_back(Trade{exit, i, ret, ret - cost});
    r.quoted_sides += !std::isnan(o.entry_half_spread);
    r.quoted_sides +=
        !std::isnan(unwound ? o.unwind_half_spread : o.exit_half_spread[horizon_index]);
    ++r.trades;
    if (unwound) ++r.unwound;
    if (ret - cost > 0) ++r.net_winners;
    days.insert(DayOf(o.entry_ts));
  }
  // In the order the trades close (ties: signal order), so the curve is what an account saw.
  std::sort(trades.begin(), trades.end(), [](const Trade& a, const Trade& b) {
    return a.exit != b.exit ? a.exit < b.exit : a.order < b.order;
  });
  double peak = 0;
  for (const Trade& t : trades) {
    r.gross += t.gross;
    r.net += t.net;
    peak = std::max(peak, r.net);
    r.max_drawdown = std::min(r.max_drawdown, r.net - peak);
    r.curve.push_back(StrategyPoint{t.exit, r.gross, r.net});
  }
  r.days = days.size();
  r.turnover_per_day =
      r.days ? 2.0 * static_cast<double>(r.trades) / static_cast<double>(r.days) : 0;
  return r;
}

}  // namespace tripline::evaluation
