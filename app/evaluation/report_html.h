// report.html: the one page a quant reads before trusting a rule pack. Self-contained (inline
// CSS and SVG; no script, font, image or network reference), readable without a server:
// - the summary table (id "summary"): per horizon, hit rate, mean and median with the bootstrap
//   interval, next to the random-time baseline and the edge over it;
// - the mean return by horizon (id "horizon-chart"): a bar per horizon with its bootstrap
//   interval, beside the baseline's mean;
// - the per-rule table (id "rules");
// - the event study (id "event-study"): the mean cumulative direction-adjusted return from
//   -30 min to +4 h around entry, one line per rule (with its 95% band when there are at most
//   four rules; a pooled line when there are several), the baseline dashed;
// - per instrument and session with a signal (as many as the tracker kept charts of), its
//   price path with the entries marked;
// - the signals (id "signals"), each figure in a cell whose data-col is its signals.csv column
//   and whose text is the same digits, with the headlines behind each;
// - with two packs, the A/B comparison (id "comparison").
//
// Thread-safety: pure function.
#ifndef TRIPLINE_APP_EVALUATION_REPORT_HTML_H_
#define TRIPLINE_APP_EVALUATION_REPORT_HTML_H_

#include <string>

#include "app/evaluation/evaluation_result.h"

namespace tripline::evaluation {

// Rows of the signal table beyond this are left out of the page (signals.csv has them all).
inline constexpr size_t kReportMaxSignalRows = 500;

std::string ReportHtml(const EvaluationResult& result);

}  // namespace tripline::evaluation

#endif  // TRIPLINE_APP_EVALUATION_REPORT_HTML_H_
