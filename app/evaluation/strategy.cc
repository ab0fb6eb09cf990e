#include "app/evaluation/strategy.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "app/evaluation/session_bars.h"

namespace tripline::evaluation {

double Costs::SideFraction(std::string_view instrument) const {
  auto it = per_instrument_bp.find(std::string(instrument));
  return (it == per_instrument_bp.end() ? default_bp : it->second) / 1e4;
}

absl::StatusOr<Costs> ParseCosts(std::string_view text) {
  Costs c;
  for (absl::string_view item : absl::StrSplit(absl::string_view(text.data(), text.size()), ',')) {
    item = absl::StripAsciiWhitespace(item);
    const size_t eq = item.find('=');
    const absl::string_view name = eq == absl::string_view::npos ? "" : item.substr(0, eq);
    const absl::string_view value = eq == absl::string_view::npos ? item : item.substr(eq + 1);
    double bp = 0;
    if (!absl::SimpleAtod(value, &bp) || !(bp >= 0) || !std::isfinite(bp) ||
        (eq != absl::string_view::npos && name.empty())) {
      return absl::InvalidArgumentError(
          absl::StrCat("--cost-bp: '", item,
                       "' is neither a cost in bp per side (5) nor INSTRUMENT=BP (0981.HK=12)"));
    }
    if (name.empty()) {
      c.default_bp = bp;
    } else {
      c.per_instrument_bp[std::string(name)] = bp;
    }
  }
  return c;
}

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
    const double cost = 2 * costs.SideFraction(o.instrument);
    trades.push_back(Trade{exit, i, ret, ret - cost});
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
