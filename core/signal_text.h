// Signal text: the one human-readable form of a signal on a terminal, shared by `tripline demo`
// (its post-commit printer) and `tripline tail` (signals read back from Kafka), so a desk sees
// the same lines whichever it runs.
//
//   SIGNAL 2025-08-12T15:36:00Z  short NVDA       score 0.62  high     rule cn_guidance_...
//          Beijing urges ... ; NVDA -3.9% in 60m
//   RETRACT 2025-08-12T16:10:00Z  short NVDA       score 0.80  high     rule cn_guidance_...
//          withdraws 6f1c...: China denies ...
//
// Thread-safety: free function without shared state.
#ifndef TRIPLINE_CORE_SIGNAL_TEXT_H_
#define TRIPLINE_CORE_SIGNAL_TEXT_H_

#include <string>

#include "core/signal.h"

namespace tripline {

// Appends the signal's lines, each ending in '\n', to `*out`. `colour`: ANSI colours for a
// terminal (direction red/green, retraction magenta, the explanation dimmed).
void AppendSignalText(const Signal& s, bool colour, std::string* out);

}  // namespace tripline

#endif  // TRIPLINE_CORE_SIGNAL_TEXT_H_
