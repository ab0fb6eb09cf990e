// signals.csv: one row per evaluated signal with every figure, for pandas
// (`pd.read_csv("signals.csv", parse_dates=["signal_ts", "entry_ts"])`). Returns are
// direction-adjusted, in basis points, one column per horizon (`ret_5m_bp`, `ret_close_bp`);
// an empty cell is a figure the recording cannot give (no entry tick, no next session). Net of
// costs: the entry side's cost (`entry_cost_bp`) and each horizon's net return (`net_5m_bp`:
// the return less the entry side and that horizon's exit side, costs.h).
// docs/evaluation.md lists the columns.
//
// Thread-safety: pure functions.
#ifndef TRIPLINE_APP_EVALUATION_EVALUATION_CSV_H_
#define TRIPLINE_APP_EVALUATION_EVALUATION_CSV_H_

#include <string>
#include <vector>

#include "app/evaluation/costs.h"
#include "app/evaluation/forward_returns.h"

namespace tripline::evaluation {

// The header's column names, in order.
std::vector<std::string> SignalCsvColumns(const std::vector<Horizon>& horizons);
// One row's cells (unquoted), in column order.
std::vector<std::string> SignalCsvCells(const SignalOutcome& o, const std::vector<Horizon>& h,
                                        const Costs& costs);
// The whole file: header and one row per outcome of the tracker, in signal order.
std::string SignalsCsv(const ForwardReturnTracker& tracker, const Costs& costs);
// "A" for the candidate (--rules), "B" for --baseline-rules.
inline const char* PackLabel(int pack) { return pack == 0 ? "A" : "B"; }

}  // namespace tripline::evaluation

#endif  // TRIPLINE_APP_EVALUATION_EVALUATION_CSV_H_
