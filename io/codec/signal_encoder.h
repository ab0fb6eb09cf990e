// Encodes a Signal as the JSON object of docs/messages.md (topic `signals`, one JSONL line of a
// backtest). Field order is fixed and numbers are printed deterministically, so identical
// signals give identical bytes: desks dedupe by signal_id and backtests are diffed byte for
// byte.
//
// Thread-safety: free function without shared state.
#ifndef TRIPLINE_IO_CODEC_SIGNAL_ENCODER_H_
#define TRIPLINE_IO_CODEC_SIGNAL_ENCODER_H_

#include <string>

#include "core/signal.h"

namespace tripline {

// Appends one JSON object (no newline) to `*out`. `score` is clamped to [0, 1] (NaN -> 0) and
// printed with 4 decimals; prices and moves in the shortest form that reads back exactly.
void AppendSignalJson(const Signal& s, std::string* out);

}  // namespace tripline

#endif  // TRIPLINE_IO_CODEC_SIGNAL_ENCODER_H_
