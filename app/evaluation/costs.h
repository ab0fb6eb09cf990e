// Costs: what one side of a trade costs, per instrument (docs/evaluation.md, "Costs and the
// strategy"). Where the prices record quotes (a price message's `bid` and `ask`), a side costs
// half the quoted spread as of that side, as a fraction of the mid; elsewhere the instrument's
// basis points per side: `--cost-bp` INSTRUMENT=BP, else its entity's `cost_bp:` in
// entities.yaml, else `--cost-bp`'s default.
//
// Thread-safety: plain value; pure functions.
#ifndef TRIPLINE_APP_EVALUATION_COSTS_H_
#define TRIPLINE_APP_EVALUATION_COSTS_H_

#include <cmath>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "app/evaluation/forward_returns.h"

namespace tripline::evaluation {

// Cost per side in basis points: one for every instrument, with per-instrument exceptions.
struct Costs {
  double default_bp = 0;
  std::map<std::string, double> per_instrument_bp;
  // Cost per side of `instrument` in bp, as a fraction.
  double SideFraction(std::string_view instrument) const;
  // One side: half the spread where a quote was recorded (`half_spread`, NaN when none),
  // else the bp per side.
  double Side(std::string_view instrument, double half_spread) const {
    return std::isnan(half_spread) ? SideFraction(instrument) : half_spread;
  }
  // The entry side of `o`.
  double Entry(const SignalOutcome& o) const { return Side(o.instrument, o.entry_half_spread); }
  // A round trip of `o` exiting at horizon `h`: the entry side and that horizon's exit side.
  double RoundTrip(const SignalOutcome& o, size_t h) const {
    return Entry(o) + Side(o.instrument, o.exit_half_spread[h]);
  }
};

// Parses `--cost-bp`: "5" (every instrument) or "5,688256.SS=15,0981.HK=12". InvalidArgument
// naming the bad item.
absl::StatusOr<Costs> ParseCosts(std::string_view text);

}  // namespace tripline::evaluation

#endif  // TRIPLINE_APP_EVALUATION_COSTS_H_
