// Receives signals from the engine. Implementations: a JSONL file (backtest), the `signals`
// topic (live), a console printer (demo), an in-memory list (tests).
// Thread-safety: called from the pipeline thread only.
#ifndef TRIPLINE_CORE_SIGNAL_SINK_H_
#define TRIPLINE_CORE_SIGNAL_SINK_H_

#include "core/signal.h"

namespace tripline {

class SignalSink {
 public:
  virtual ~SignalSink() = default;
  virtual void Emit(const Signal& signal) = 0;
};

}  // namespace tripline

#endif  // TRIPLINE_CORE_SIGNAL_SINK_H_
