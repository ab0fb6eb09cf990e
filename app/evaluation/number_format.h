// How the evaluation's files print numbers, shared so that signals.csv, summary.json and
// report.html show the same digits for the same figure (the report test compares them).
//
// Thread-safety: pure functions.
#ifndef TRIPLINE_APP_EVALUATION_NUMBER_FORMAT_H_
#define TRIPLINE_APP_EVALUATION_NUMBER_FORMAT_H_

#include <cmath>
#include <string>

#include "absl/strings/str_format.h"
#include "core/event_time.h"

namespace tripline::evaluation {

// A return fraction in basis points with two decimals ("-123.45"); "" for NaN.
inline std::string FormatBp(double fraction) {
  if (std::isnan(fraction)) return "";
  std::string s = absl::StrFormat("%.2f", fraction * 1e4);
  return s == "-0.00" ? "0.00" : s;
}
// A fraction as a percentage with one decimal ("57.1"); "" for NaN.
inline std::string FormatPercent(double fraction) {
  if (std::isnan(fraction)) return "";
  return absl::StrFormat("%.1f", fraction * 100);
}
// A price or score: up to six significant digits without trailing zeros; "" for NaN.
inline std::string FormatNumber(double v) {
  if (std::isnan(v)) return "";
  return absl::StrFormat("%.6g", v);
}
// Seconds with one decimal; "" for NaN.
inline std::string FormatSeconds(double s) {
  if (std::isnan(s)) return "";
  return absl::StrFormat("%.1f", s);
}
// RFC 3339 in UTC, or "" for kNoTime.
inline std::string FormatTime(EventTime t) { return t == kNoTime ? "" : FormatRfc3339(t); }

}  // namespace tripline::evaluation

#endif  // TRIPLINE_APP_EVALUATION_NUMBER_FORMAT_H_
