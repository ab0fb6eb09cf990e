// The P&L of a fixed-notional strategy that follows a pack's signals
// (docs/evaluation.md, "Costs and the strategy"): each directional signal with an entry opens
// one unit of notional in its direction at its entry, closes it at the chosen horizon, or
// earlier at the first tick after a retraction of the signal (it unwinds), and pays the
// instrument's cost per side on the way in and out (costs.h: half the quoted spread where
// quotes are recorded, else bp). The equity curve is the running sum of
// the trades' returns in the order they close, gross and net, in bp of one unit.
//
// Thread-safety: pure functions and plain values.
#ifndef TRIPLINE_APP_EVALUATION_STRATEGY_H_
#define TRIPLINE_APP_EVALUATION_STRATEGY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "app/evaluation/costs.h"
#include "app/evaluation/forward_returns.h"

namespace tripline::evaluation {

struct StrategyPoint {
  EventTime ts = 0;  // the trade's exit
  double gross = 0;  // cumulative, fraction of one unit
  double net = 0;
};

struct StrategyResult {
  std::string horizon;  // the exit horizon's name
  size_t trades = 0;
  size_t unwound = 0;       // trades closed early by a retraction
  size_t net_winners = 0;   // trades whose net return is above zero
  size_t quoted_sides = 0;  // entries and exits costed at half the quoted spread (of 2 x trades)
  double gross = 0;         // total, fraction of one unit
  double net = 0;
  double max_drawdown = 0;  // of the net curve, <= 0
  size_t days = 0;          // distinct UTC days with a trade
  // Notional traded per day, in units (entry plus exit: two per trade).
  double turnover_per_day = 0;
  std::vector<StrategyPoint> curve;
};

// The index of the strategy's exit horizon in `horizons`: `name` when given (a duration or
// close), else 1h when listed, else the longest duration, else close; nullopt when none fits.
std::optional<size_t> StrategyHorizon(const std::vector<Horizon>& horizons, std::string_view name);

// The strategy of pack `pack` exiting at horizon `horizon_index` (a duration or close; a
// horizon past the session's last tick is held to the close, as the returns are).
StrategyResult RunStrategy(const ForwardReturnTracker& tracker, int pack, size_t horizon_index,
                           const Costs& costs);

}  // namespace tripline::evaluation

#endif  // TRIPLINE_APP_EVALUATION_STRATEGY_H_
