#include "app/evaluation/report_html.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <map>
#include <string_view>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "app/evaluation/evaluation_csv.h"
#include "app/evaluation/number_format.h"

namespace tripline::evaluation {
namespace {

constexpr const char* kPalette[] = {"#1f63b4", "#d62728", "#2a9d3a", "#8e44ad",
                                    "#e67e22", "#16a5b8", "#8c564b", "#d6338f"};
constexpr size_t kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);

std::string Escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A "nice" tick step (1, 2 or 5 times a power of ten) giving about `target` ticks over `range`.
double NiceStep(double range, int target) {
  if (!(range > 0)) return 1;
  const double raw = range / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / mag;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
}

std::string Num(double v) { return absl::StrFormat("%.1f", v); }

// A signed, coloured cell for a figure in bp or percent points.
std::string SignedCell(const std::string& text, double value, const std::string& attrs = "") {
  const char* cls = std::isnan(value) ? "na" : value > 0 ? "pos" : value < 0 ? "neg" : "";
  return absl::StrCat("<td class=\"num ", cls, "\"", attrs, ">",
                      text.empty() ? "&ndash;" : Escape(text), "</td>");
}

std::string HhMm(int64_t minute) {
  const int64_t m = ((minute % 1440) + 1440) % 1440;
  return absl::StrFormat("%02d:%02d", m / 60, m % 60);
}

std::string Day(int64_t day) { return FormatRfc3339(day * kNanosPerDay).substr(0, 10); }

struct Frame {
  double width, height, left, right, top, bottom;
  double x0, x1, y0, y1;
  double X(double x) const { return left + (x - x0) / (x1 - x0) * (width - left - right); }
  double Y(double y) const { return top + (y1 - y) / (y1 - y0) * (height - top - bottom); }
};

// A chart of the report's width and margins, its y range widened to whole steps.
Frame ChartFrame(double height, double x0, double x1, double lo, double hi, double ystep) {
  return Frame{920,
               height,
               72,
               24,
               14,
               46,
               x0,
               x1,
               std::floor(lo / ystep) * ystep,
               std::ceil(hi / ystep) * ystep};
}

// Axes, grid, tick labels and titles.
std::string Axes(const Frame& f, const std::vector<std::pair<double, std::string>>& xticks,
                 double ystep, const std::string& ylabel_suffix, const std::string& xtitle,
                 const std::string& ytitle, int ydecimals) {
  std::string out;
  const double plot_bottom = f.height - f.bottom, plot_right = f.width - f.right;
  for (double y = std::ceil(f.y0 / ystep) * ystep; y <= f.y1 + ystep * 1e-9; y += ystep) {
    const double py = f.Y(y);
    absl::StrAppend(&out, "<line class=\"grid\" x1=\"", Num(f.left), "\" x2=\"", Num(plot_right),
                    "\" y1=\"", Num(py), "\" y2=\"", Num(py), "\"/>", "<text class=\"tick\" x=\"",
                    Num(f.left - 6), "\" y=\"", Num(py + 4), "\" text-anchor=\"end\">",
                    absl::StrFormat("%.*f", ydecimals, std::abs(y) < ystep * 1e-9 ? 0.0 : y),
                    ylabel_suffix, "</text>");
  }
  for (const auto& [x, label] : xticks) {
    const double px = f.X(x);
    absl::StrAppend(&out, "<line class=\"grid\" x1=\"", Num(px), "\" x2=\"", Num(px), "\" y1=\"",
                    Num(f.top), "\" y2=\"", Num(plot_bottom), "\"/>", "<text class=\"tick\" x=\"",
                    Num(px), "\" y=\"", Num(plot_bottom + 16), "\" text-anchor=\"middle\">",
                    Escape(label), "</text>");
  }
  absl::StrAppend(&out, "<rect class=\"frame\" x=\"", Num(f.left), "\" y=\"", Num(f.top),
                  "\" width=\"", Num(plot_right - f.left), "\" height=\"", Num(plot_bottom - f.top),
                  "\"/>");
  absl::StrAppend(&out, "<text class=\"axis-title\" x=\"", Num((f.left + plot_right) / 2),
                  "\" y=\"", Num(f.height - 6), "\" text-anchor=\"middle\">", Escape(xtitle),
                  "</text>");
  absl::StrAppend(&out, "<text class=\"axis-title\" transform=\"translate(14,",
                  Num((f.top + plot_bottom) / 2), ") rotate(-90)\" text-anchor=\"middle\">",
                  Escape(ytitle), "</text>");
  return out;
}

struct Line {
  std::string label;
  const EventStudy* study;
  std::string colour;
  bool dashed;
  bool band;
  double width;
};

std::string EventStudySvg(const std::vector<Line>& lines,
                          const std::string& id = "event-study-chart",
                          const std::string& y_label = "cumulative return, bp") {
  double lo = 0, hi = 0;
  for (const Line& l : lines) {
    for (int i = 0; i < EventStudy::kPoints; ++i) {
      const double m = l.study->Mean(i) * 1e4;
      if (std::isnan(m)) continue;
      const double hw = l.band ? l.study->HalfWidth(i) * 1e4 : 0;
      lo = std::min(lo, m - hw);
      hi = std::max(hi, m + hw);
    }
  }
  if (hi - lo < 10) {
    hi += 5;
    lo -= 5;
  }
  const double ystep = NiceStep(hi - lo, 6);
  Frame f = ChartFrame(400, -EventStudy::kMinutesBefore, EventStudy::kMinutesAfter, lo, hi, ystep);
  f.top = 16;
  std::vector<std::pair<double, std::string>> xticks;
  for (int m = -30; m <= EventStudy::kMinutesAfter; m += 30) {
    xticks.emplace_back(m, m == 0 ? "0" : m < 0 ? absl::StrCat(m) : absl::StrCat("+", m));
  }
  std::string out =
      absl::StrCat("<svg id=\"", id, "\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ",
                   Num(f.width), " ", Num(f.height), "\" width=\"", Num(f.width), "\" height=\"",
                   Num(f.height), "\" role=\"img\" aria-label=\"event study\">");
  absl::StrAppend(&out, Axes(f, xticks, ystep, "", "minutes from entry (signal at 0)", y_label,
                             ystep < 1 ? 1 : 0));
  absl::StrAppend(&out, "<line class=\"zero\" x1=\"", Num(f.left), "\" x2=\"",
                  Num(f.width - f.right), "\" y1=\"", Num(f.Y(0)), "\" y2=\"", Num(f.Y(0)),
                  "\"/><line class=\"event\" x1=\"", Num(f.X(0)), "\" x2=\"", Num(f.X(0)),
                  "\" y1=\"", Num(f.top), "\" y2=\"", Num(f.height - f.bottom), "\"/>");
  for (const Line& l : lines) {
    std::string upper, lower, mean;
    for (int i = 0; i < EventStudy::kPoints; ++i) {
      const double m = l.study->Mean(i);
      if (std::isnan(m)) continue;
      const double x = f.X(EventStudy::Offset(i));
      absl::StrAppend(&mean, mean.empty() ? "M" : " L", Num(x), " ", Num(f.Y(m * 1e4)));
      if (l.band) {
        const double hw = l.study->HalfWidth(i);
        absl::StrAppend(&upper, upper.empty() ? "M" : " L", Num(x), " ", Num(f.Y((m + hw) * 1e4)));
        lower = absl::StrCat(" L", Num(x), " ", Num(f.Y((m - hw) * 1e4)), lower);
      }
    }
    if (mean.empty()) continue;
    if (l.band && !upper.empty()) {
      absl::StrAppend(&out, "<path class=\"es-band\" fill=\"", l.colour, "\" d=\"", upper, lower,
                      " Z\"/>");
    }
    absl::StrAppend(&out, "<path class=\"es-line\" stroke=\"", l.colour, "\" stroke-width=\"",
                    Num(l.width), "\"", l.dashed ? " stroke-dasharray=\"6 4\"" : "", " d=\"", mean,
                    "\"/>");
  }
  return out + "</svg>";
}

// Mean return by horizon (alphalens' view): a bar per horizon for the signals with the
// bootstrap interval as a whisker, and beside it the random-time baseline's mean in grey.
std::string HorizonBarsSvg(const GroupSummary& g, const std::vector<Horizon>& horizons) {
  double lo = 0, hi = 0;
  for (const HorizonSummary& h : g.horizons) {
    for (double v : {h.signals.mean, h.signals.ci.low, h.signals.ci.high, h.baseline.mean}) {
      if (std::isnan(v)) continue;
      lo = std::min(lo, v * 1e4);
      hi = std::max(hi, v * 1e4);
    }
  }
  if (hi - lo < 10) {
    hi += 5;
    lo -= 5;
  }
  const double ystep = NiceStep(hi - lo, 5);
  const double n = static_cast<double>(horizons.size());
  Frame f = ChartFrame(250, 0, n, lo, hi, ystep);
  std::vector<std::pair<double, std::string>> xticks;
  for (size_t i = 0; i < horizons.size(); ++i) {
    xticks.emplace_back(static_cast<double>(i) + 0.5, horizons[i].name);
  }
  std::string out =
      absl::StrCat("<svg id=\"horizon-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ",
                   Num(f.width), " ", Num(f.height), "\" width=\"", Num(f.width), "\" height=\"",
                   Num(f.height), "\" role=\"img\" aria-label=\"mean return by horizon\">");
  absl::StrAppend(&out, Axes(f, {}, ystep, "", "horizon", "mean return, bp", ystep < 1 ? 1 : 0));
  for (const auto& [x, label] : xticks) {
    absl::StrAppend(&out, "<text class=\"tick\" x=\"", Num(f.X(x)), "\" y=\"",
                    Num(f.height - f.bottom + 16), "\" text-anchor=\"middle\">", Escape(label),
                    "</text>");
  }
  absl::StrAppend(&out, "<line class=\"zero\" x1=\"", Num(f.left), "\" x2=\"",
                  Num(f.width - f.right), "\" y1=\"", Num(f.Y(0)), "\" y2=\"", Num(f.Y(0)), "\"/>");
  const double slot = (f.width - f.left - f.right) / n;
  const double bar = std::min(36.0, slot * 0.3);
  for (size_t i = 0; i < horizons.size(); ++i) {
    const HorizonSummary& h = g.horizons[i];
    const double cx = f.X(static_cast<double>(i) + 0.5);
    auto rect = [&](double x, double v, const char* fill) {
      if (std::isnan(v)) return;
      const double y0 = f.Y(0), y1 = f.Y(v * 1e4);
      absl::StrAppend(&out, "<rect class=\"bar\" x=\"", Num(x), "\" width=\"", Num(bar), "\" y=\"",
                      Num(std::min(y0, y1)), "\" height=\"", Num(std::max(0.5, std::abs(y1 - y0))),
                      "\" fill=\"", fill, "\"><title>", FormatBp(v), " bp</title></rect>");
    };
    const double v = h.signals.mean;
    rect(cx - bar - 2, v, std::isnan(v) || v >= 0 ? "#2a7d46" : "#c62828");
    rect(cx + 2, h.baseline.mean, "#b8bfc6");
    if (!std::isnan(h.signals.ci.low) && h.signals.n > 1) {
      const double wx = cx - bar / 2 - 2;
      absl::StrAppend(&out, "<path class=\"whisker\" d=\"M", Num(wx), " ",
                      Num(f.Y(h.signals.ci.low * 1e4)), " L", Num(wx), " ",
                      Num(f.Y(h.signals.ci.high * 1e4)), " M", Num(wx - 5), " ",
                      Num(f.Y(h.signals.ci.low * 1e4)), " L", Num(wx + 5), " ",
                      Num(f.Y(h.signals.ci.low * 1e4)), " M", Num(wx - 5), " ",
                      Num(f.Y(h.signals.ci.high * 1e4)), " L", Num(wx + 5), " ",
                      Num(f.Y(h.signals.ci.high * 1e4)), "\"/>");
    }
  }
  return out + "</svg>";
}

// The strategy's equity curve: cumulative gross and net return of one unit per trade, by trade
// in the order they close (a time axis would be mostly the nights and weekends between them).
std::string EquitySvg(const StrategyResult& s) {
  double lo = 0, hi = 0;
  for (const StrategyPoint& p : s.curve) {
    lo = std::min({lo, p.gross * 1e4, p.net * 1e4});
    hi = std::max({hi, p.gross * 1e4, p.net * 1e4});
  }
  if (hi - lo < 10) {
    hi += 5;
    lo -= 5;
  }
  const double ystep = NiceStep(hi - lo, 6);
  const double n = static_cast<double>(std::max<size_t>(s.curve.size(), 1));
  Frame f = ChartFrame(280, 0, n, lo, hi, ystep);
  std::vector<std::pair<double, std::string>> xticks;
  const double xstep = NiceStep(n, 8);
  for (double x = 0; x <= n + 1e-9; x += xstep) xticks.emplace_back(x, absl::StrFormat("%.0f", x));
  std::string out =
      absl::StrCat("<svg id=\"equity-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ",
                   Num(f.width), " ", Num(f.height), "\" width=\"", Num(f.width), "\" height=\"",
                   Num(f.height), "\" role=\"img\" aria-label=\"equity curve\">");
  absl::StrAppend(&out, Axes(f, xticks, ystep, "", "trades, in the order they close",
                             "cumulative return, bp of one unit", ystep < 1 ? 1 : 0));
  absl::StrAppend(&out, "<line class=\"zero\" x1=\"", Num(f.left), "\" x2=\"",
                  Num(f.width - f.right), "\" y1=\"", Num(f.Y(0)), "\" y2=\"", Num(f.Y(0)), "\"/>");
  for (int net = 0; net < 2; ++net) {
    std::string d = absl::StrCat("M", Num(f.X(0)), " ", Num(f.Y(0)));
    for (size_t i = 0; i < s.curve.size(); ++i) {
      const double v = (net ? s.curve[i].net : s.curve[i].gross) * 1e4;
      absl::StrAppend(&d, " L", Num(f.X(static_cast<double>(i + 1))), " ", Num(f.Y(v)));
    }
    absl::StrAppend(&out, "<path class=\"equity-line\" fill=\"none\" stroke=\"",
                    net ? "#1b1f24" : "#8c959f", "\" stroke-width=\"", net ? "2.4" : "1.6",
                    net ? "" : "\" stroke-dasharray=\"6 4", "\" d=\"", d, "\"/>");
  }
  return out + "</svg>";
}

// The event study's legend, as HTML under the chart (long rule ids do not fit beside it).
std::string Legend(const std::vector<Line>& lines) {
  std::string out = "<div class=\"legend-box\">";
  for (const Line& l : lines) {
    absl::StrAppend(&out,
                    "<span class=\"key\"><svg width=\"26\" height=\"10\"><line x1=\"0\" "
                    "x2=\"26\" y1=\"5\" y2=\"5\" stroke=\"",
                    l.colour, "\" stroke-width=\"", Num(std::max(l.width, 2.0)), "\"",
                    l.dashed ? " stroke-dasharray=\"6 4\"" : "", "/></svg>", Escape(l.label),
                    "</span>");
  }
  return out + "</div>";
}

// `first_outcome`: the tracker's first outcome; a mark's label is its signal number (1-based).
std::string PriceSvg(const PriceSeries& series, const std::vector<const SignalOutcome*>& marks,
                     const SignalOutcome* first_outcome) {
  double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
  for (const auto& [m, p] : series.minute_closes) {
    lo = std::min(lo, p);
    hi = std::max(hi, p);
  }
  for (const SignalOutcome* o : marks) {
    lo = std::min(lo, o->entry_price);
    hi = std::max(hi, o->entry_price);
  }
  if (hi - lo < hi * 1e-4) {
    hi += hi * 5e-4 + 0.01;
    lo -= hi * 5e-4 + 0.01;
  }
  const double ystep = NiceStep(hi - lo, 5);
  const int64_t first = series.minute_closes.front().first;
  const int64_t last = std::max(series.minute_closes.back().first, first + 30);
  Frame f = ChartFrame(260, static_cast<double>(first), static_cast<double>(last), lo, hi, ystep);
  f.right = 40;
  std::vector<std::pair<double, std::string>> xticks;
  const int64_t span = last - first;
  const int64_t xstep = span <= 120 ? 15 : span <= 360 ? 30 : span <= 720 ? 60 : 120;
  for (int64_t m = (first + xstep - 1) / xstep * xstep; m <= last; m += xstep) {
    xticks.emplace_back(static_cast<double>(m), HhMm(m));
  }
  const int decimals = ystep >= 1 ? 0 : ystep >= 0.1 ? 1 : 2;
  std::string out = absl::StrCat(
      "<svg class=\"price-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ",
      Num(f.width), " ", Num(f.height), "\" width=\"", Num(f.width), "\" height=\"", Num(f.height),
      "\" role=\"img\" aria-label=\"", Escape(series.instrument), " price\">");
  absl::StrAppend(&out, Axes(f, xticks, ystep, "",
                             absl::StrCat("time (UTC), ", Day(series.day), ", one-minute closes"),
                             absl::StrCat(series.instrument, " price"), decimals));
  std::string d;
  for (const auto& [m, p] : series.minute_closes) {
    absl::StrAppend(&d, d.empty() ? "M" : " L", Num(f.X(static_cast<double>(m))), " ", Num(f.Y(p)));
  }
  absl::StrAppend(&out, "<path class=\"price-line\" d=\"", d, "\"/>");
  for (const SignalOutcome* o : marks) {
    const double x = f.X(static_cast<double>(o->entry_ts) / kNanosPerMinute);
    const double y = f.Y(o->entry_price);
    const bool is_short = o->direction == Direction::kShort;
    const char* colour = is_short                           ? "#c62828"
                         : o->direction == Direction::kLong ? "#2e7d32"
                                                            : "#555";
    absl::StrAppend(&out, "<line class=\"event\" x1=\"", Num(x), "\" x2=\"", Num(x), "\" y1=\"",
                    Num(f.top), "\" y2=\"", Num(f.height - f.bottom), "\"/>");
    // A triangle pointing the way the signal bets.
    const std::string tri = is_short ? absl::StrCat(Num(x - 7), ",", Num(y - 10), " ", Num(x + 7),
                                                    ",", Num(y - 10), " ", Num(x), ",", Num(y))
                                     : absl::StrCat(Num(x - 7), ",", Num(y + 10), " ", Num(x + 7),
                                                    ",", Num(y + 10), " ", Num(x), ",", Num(y));
    absl::StrAppend(&out, "<polygon class=\"mark\" fill=\"", colour, "\" points=\"", tri,
                    "\"><title>", Escape(o->rule), " ", std::string(DirectionName(o->direction)),
                    " ", Escape(o->instrument), " at ", FormatNumber(o->entry_price),
                    "</title></polygon>", "<text class=\"mark-label\" x=\"", Num(x + 9), "\" y=\"",
                    Num(is_short ? y - 12 : y + 20), "\" fill=\"", colour, "\">#",
                    o - first_outcome + 1, " ", std::string(DirectionName(o->direction)),
                    "</text>");
  }
  return out + "</svg>";
}

constexpr const char* kStyle = R"(
body{font:14px/1.45 "DejaVu Sans",Arial,Helvetica,sans-serif;color:#1b1f24;margin:24px 32px;max-width:1180px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
h3{font-size:14px;margin:16px 0 4px}
.meta{color:#57606a;margin:2px 0}.note{color:#57606a;font-size:12.5px;margin:4px 0 8px}
table{border-collapse:collapse;margin:6px 0 4px;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid #e4e8ec;padding:4px 9px;text-align:left;vertical-align:top}
th{background:#f4f6f8;font-weight:600;font-size:12.5px;color:#32383f}
td.num,th.num{text-align:right}.pos{color:#1a7f37}.neg{color:#cf222e}.na{color:#8c959f}
.kpis{display:flex;gap:10px;flex-wrap:wrap;margin:10px 0}
.kpi{border:1px solid #d0d7de;border-radius:6px;padding:6px 12px}
.kpi b{display:block;font-size:20px}.kpi span{color:#57606a;font-size:12px}
svg{display:block;margin:4px 0 10px}svg text{font-family:"DejaVu Sans",Arial,sans-serif}
.grid{stroke:#eceff2;stroke-width:1}.frame{fill:none;stroke:#8c959f;stroke-width:1}
.tick{font-size:11px;fill:#57606a}.axis-title{font-size:12px;fill:#32383f}
.legend{font-size:12px;fill:#1b1f24}.zero{stroke:#57606a;stroke-width:1}
.event{stroke:#8c959f;stroke-width:1;stroke-dasharray:3 3}
.es-line{fill:none}
.legend-box{display:flex;flex-wrap:wrap;gap:4px 18px;font-size:12.5px;margin:0 0 8px 72px;max-width:840px}
.key{white-space:nowrap}.key svg{display:inline-block;margin:0 6px 0 0;vertical-align:middle}
#rules td.num{white-space:nowrap}#rules td,#rules th{padding:3px 6px;font-size:12.5px}.es-band{opacity:.14;stroke:none}
.price-line{fill:none;stroke:#24292f;stroke-width:1.4}.whisker{stroke:#1b1f24;stroke-width:1.3;fill:none}.mark-label{font-size:11.5px;font-weight:600}
.headlines{margin:2px 0 0 0;padding-left:18px;color:#32383f;font-size:12.5px}
tr.sig td{border-bottom:none;white-space:nowrap}
.wide{overflow-x:auto}#signals td,#signals th{padding:3px 6px;font-size:12.5px}tr.hl td{padding-top:0}
)";

// The start of a table row per horizon: its name, and the data-horizon attribute that
// tests/cli/report_check.py finds the row by.
std::string HorizonRowHead(const Horizon& h) {
  return absl::StrCat("<tr data-horizon=\"", Escape(h.name), "\"><td>", Escape(h.name), "</td>");
}

// The heads of right-aligned (numeric) columns.
std::string NumHeads(std::initializer_list<std::string_view> labels) {
  std::string out;
  for (std::string_view label : labels) {
    absl::StrAppend(&out, "<th class=\"num\">", Escape(label), "</th>");
  }
  return out;
}

// The head of a table with a row per rule: "rule", "signals", then a column per horizon.
std::string RuleTableHead(const std::string& id, const std::vector<Horizon>& horizons) {
  std::string out =
      absl::StrCat("<table id=\"", id, "\"><thead><tr><th>rule</th>", NumHeads({"signals"}));
  for (const Horizon& h : horizons) absl::StrAppend(&out, NumHeads({h.name}));
  absl::StrAppend(&out, "</tr></thead><tbody>\n");
  return out;
}

// The lines of an event-study chart of pack A's per-rule `studies`: every signal pooled into
// `all` (black, with its band) when there is more than one rule, then each rule (bands only
// when few rules, so that many lines stay readable). `all` must outlive the lines.
std::vector<Line> RuleLines(const std::map<std::pair<int, std::string>, EventStudy>& studies,
                            EventStudy* all) {
  std::vector<Line> lines;
  size_t rules = 0;
  for (const auto& [key, study] : studies) {
    if (key.first != 0) continue;
    all->Merge(study);
    ++rules;
  }
  if (rules > 1) {
    lines.push_back(Line{absl::StrCat("all signals (n=", all->events(), ")"), all, "#1b1f24", false,
                         true, 3.2});
  }
  size_t colour = 0;
  for (const auto& [key, study] : studies) {
    if (key.first != 0) continue;
    lines.push_back(Line{absl::StrCat(key.second, " (n=", study.events(), ")"), &study,
                         kPalette[colour++ % kPaletteSize], false, rules <= 4,
                         rules <= 4 ? 2.2 : 1.3});
  }
  return lines;
}

}  // namespace

std::string ReportHtml(const EvaluationResult& r) {
  const ForwardReturnTracker& t = *r.tracker;
  const std::vector<Horizon>& horizons = t.horizons();
  const PackSummary& a = r.packs.front();
  std::string out = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>Tripline evaluation: ",
      Escape(r.pack_paths.front()), "</title><style>", kStyle, "</style></head><body>\n");
  absl::StrAppend(&out, "<h1>Rule-pack evaluation: ", Escape(r.pack_paths.front()), "</h1>\n");
  absl::StrAppend(&out, "<p class=\"meta\">", r.headlines, " headlines and ", r.prices,
                  " price ticks from ");
  for (size_t i = 0; i < r.headline_files.size() + r.price_files.size(); ++i) {
    const std::string& f = i < r.headline_files.size() ? r.headline_files[i]
                                                       : r.price_files[i - r.headline_files.size()];
    absl::StrAppend(&out, i ? ", " : "", "<code>", Escape(f), "</code>");
  }
  absl::StrAppend(
      &out, ". Seed ", r.seed,
      ".</p>\n<p class=\"note\">Returns are direction-adjusted (a short "
      "that fell is positive), in basis points (1 bp = 0.01%), from entry: the first trade or "
      "quote at or after the signal's event time that the replay delivered after the signal. A "
      "horizon past the session's last tick is held to the close; sessions are UTC calendar "
      "days. With an exchange calendar (entities.yaml exchange:), horizons, the event study and "
      "the baseline count trading time and the close is the exchange's close. Hit rate: share of "
      "returns above zero. Baseline: the "
      "same instruments, directions "
      "and sessions at ",
      t.baseline_draws(),
      " random minutes per signal (seeded), none within 30 min before or 1 h after a headline "
      "of the pack's families, and no horizon reaching one. 95% interval: bootstrap of the "
      "mean, ",
      r.resamples, " resamples.</p>\n");

  // Key figures.
  const GroupSummary& o = a.overall;
  auto kpi = [](const std::string& value, const std::string& label) {
    return absl::StrCat("<div class=\"kpi\"><b>", value.empty() ? "&ndash;" : Escape(value),
                        "</b><span>", Escape(label), "</span></div>");
  };
  absl::StrAppend(
      &out, "<div class=\"kpis\">", kpi(absl::StrCat(o.signals), "signals"),
      kpi(absl::StrCat(o.entered), "directional, with entry"),
      kpi(FormatSeconds(o.median_delay_s), "median delay, s (first headline to signal)"),
      kpi(FormatBp(o.mfe_1h.mean), "mean MFE within 1 h, bp"),
      kpi(FormatBp(o.mae_1h.mean), "mean MAE within 1 h, bp"),
      kpi(absl::StrCat(a.retractions), "retractions (not evaluated)"), "</div>\n");

  // Summary table.
  absl::StrAppend(&out, "<h2>Summary</h2>\n<table id=\"summary\"><thead><tr><th>horizon</th>",
                  NumHeads({"n", "hit rate %", "mean bp", "median bp", "95% CI of mean, bp",
                            "baseline hit rate %", "baseline mean bp", "edge over baseline, bp"}),
                  "</tr></thead><tbody>\n");
  for (size_t h = 0; h < horizons.size(); ++h) {
    const ReturnStats& s = o.horizons[h].signals;
    const ReturnStats& b = o.horizons[h].baseline;
    const double edge = s.mean - b.mean;
    absl::StrAppend(
        &out, HorizonRowHead(horizons[h]), "<td class=\"num\" data-stat=\"n\">", s.n, "</td>",
        SignedCell(FormatPercent(s.hit_rate), s.hit_rate - 0.5, " data-stat=\"hit_rate\""),
        SignedCell(FormatBp(s.mean), s.mean, " data-stat=\"mean_bp\""),
        SignedCell(FormatBp(s.median), s.median, " data-stat=\"median_bp\""), "<td class=\"num\">",
        s.n ? absl::StrCat(FormatBp(s.ci.low), " to ", FormatBp(s.ci.high)) : "&ndash;", "</td>",
        SignedCell(FormatPercent(b.hit_rate), b.hit_rate - 0.5),
        SignedCell(FormatBp(b.mean), b.mean),
        SignedCell(std::isnan(edge) ? "" : FormatBp(edge), edge), "</tr>\n");
  }
  absl::StrAppend(&out, "</tbody></table>\n");

  absl::StrAppend(
      &out, "<h3>Mean return by horizon</h3>\n", HorizonBarsSvg(o, horizons),
      "<div class=\"legend-box\"><span class=\"key\"><svg width=\"14\" height=\"10\"><rect "
      "width=\"14\" height=\"10\" fill=\"#2a7d46\"/></svg>signals (red when negative), whisker: "
      "95% bootstrap interval</span><span class=\"key\"><svg width=\"14\" height=\"10\"><rect "
      "width=\"14\" height=\"10\" fill=\"#b8bfc6\"/></svg>random-time baseline</span></div>\n");

  // Per rule.
  absl::StrAppend(
      &out,
      "<h2>By rule</h2>\n<p class=\"note\">Each cell: hit rate % / mean bp over the rule's "
      "signals with an entry; under each rule, its random-time baseline.</p>\n",
      RuleTableHead("rules", horizons));
  for (const GroupSummary& g : a.rules) {
    absl::StrAppend(&out, "<tr><td><b>", Escape(g.name), "</b></td><td class=\"num\">", g.signals,
                    "</td>");
    for (size_t h = 0; h < horizons.size(); ++h) {
      const ReturnStats& s = g.horizons[h].signals;
      absl::StrAppend(
          &out,
          SignedCell(s.n ? absl::StrCat(FormatPercent(s.hit_rate), " / ", FormatBp(s.mean)) : "",
                     s.mean));
    }
    absl::StrAppend(&out, "</tr>\n<tr class=\"na\"><td>&nbsp;&nbsp;baseline</td><td></td>");
    for (size_t h = 0; h < horizons.size(); ++h) {
      const ReturnStats& b = g.horizons[h].baseline;
      absl::StrAppend(
          &out, "<td class=\"num na\">",
          b.n ? absl::StrCat(FormatPercent(b.hit_rate), " / ", FormatBp(b.mean)) : "&ndash;",
          "</td>");
    }
    absl::StrAppend(&out, "</tr>\n");
  }
  absl::StrAppend(&out, "</tbody></table>\n");

  // Event study: the rules' lines (RuleLines) and the pooled random-time baseline (dashed).
  EventStudy all_signals, all_baseline;
  std::vector<Line> lines = RuleLines(t.event_studies(), &all_signals);
  for (const auto& [key, b] : t.baselines()) {
    if (key.first == 0) all_baseline.Merge(b.path);
  }
  if (all_baseline.events() > 0) {
    lines.push_back(Line{absl::StrCat("random-time baseline (", all_baseline.events(), " draws)"),
                         &all_baseline, "#8c959f", true, false, 2.0});
  }
  absl::StrAppend(&out,
                  "<h2 id=\"event-study\">Event study</h2>\n<p class=\"note\">Mean cumulative "
                  "direction-adjusted return around entry, in bp, on one-minute bars; shaded: "
                  "95% band (mean &plusmn; 1.96 standard errors). Minutes are trading minutes "
                  "where the instrument has an exchange calendar; after the close (or a session's "
                  "last tick) a path holds the close.</p>\n");
  if (lines.empty()) {
    absl::StrAppend(&out, "<p>No directional signal had an entry tick.</p>\n");
  } else {
    absl::StrAppend(&out, EventStudySvg(lines), Legend(lines), "\n");
  }

  // Abnormal returns: against the benchmark, with their tests, overall and per rule, and their
  // event study. The p values are what a reader acts on, so they are printed, not coloured.
  // Below 1e-16 a p value is past double precision's meaning (summary.json keeps the number).
  auto p_text = [](double p) -> std::string {
    if (!std::isfinite(p)) return "";
    return p < 1e-16 ? "&lt;1e-16" : absl::StrFormat("%.4g", p);
  };
  auto t_text = [](double t) { return std::isfinite(t) ? absl::StrFormat("%.2f", t) : ""; };
  absl::StrAppend(
      &out,
      "<h2 id=\"abnormal\">Abnormal returns</h2>\n<p class=\"note\">Each signal's return "
      "beyond its instrument's benchmark (entities.yaml): a market model (alpha and beta by "
      "least squares on the ",
      ForwardReturnTracker::kEstimationMinutes,
      " minutes before the first headline) when at least ",
      ForwardReturnTracker::kMinEstimationReturns,
      " minute returns are there, else benchmark-adjusted (r &minus; r<sub>benchmark</sub>), else "
      "raw when the benchmark has no price (the model column counts each). t and p: Student t "
      "test of mean zero, two-sided. Sign: binomial test of as many gains as losses. BMP: "
      "Boehmer-Musumeci-Poulsen test of the returns standardized by each event's own "
      "estimation-window volatility, the one to read when events cluster on a day.</p>\n"
      "<table id=\"abnormal-summary\"><thead><tr><th>horizon</th>",
      NumHeads({"n", "mean abnormal bp", "median bp", "t", "p", "gains / losses", "sign p", "BMP n",
                "BMP t", "BMP p"}),
      "<th>models (market / adjusted / raw)</th>"
      "<th>clustered</th></tr></thead><tbody>\n");
  for (size_t h = 0; h < horizons.size(); ++h) {
    const AbnormalStats& ab = o.horizons[h].abnormal;
    absl::StrAppend(
        &out, HorizonRowHead(horizons[h]), "<td class=\"num\" data-stat=\"n\">", ab.t.n, "</td>",
        SignedCell(FormatBp(ab.t.mean), ab.t.mean, " data-stat=\"abnormal_mean_bp\""),
        SignedCell(FormatBp(ab.median), ab.median), "<td class=\"num\" data-stat=\"t_stat\">",
        t_text(ab.t.t), "</td><td class=\"num\" data-stat=\"p_value\">", p_text(ab.t.p),
        "</td><td class=\"num\">", ab.sign.positive, " / ", ab.sign.n - ab.sign.positive,
        "</td><td class=\"num\">", p_text(ab.sign.p), "</td><td class=\"num\">", ab.bmp.n,
        "</td><td class=\"num\">", t_text(ab.bmp.t), "</td><td class=\"num\">", p_text(ab.bmp.p),
        "</td><td>", ab.market_model, " / ", ab.benchmark_adjusted, " / ", ab.raw, "</td><td>",
        ab.clustered ? "yes" : "no", "</td></tr>\n");
  }
  absl::StrAppend(&out,
                  "</tbody></table>\n<h3>Abnormal returns by rule</h3>\n<p class=\"note\">Each "
                  "cell: mean abnormal bp, then t and p.</p>\n",
                  RuleTableHead("abnormal-rules", horizons));
  for (const GroupSummary& g : a.rules) {
    absl::StrAppend(&out, "<tr data-rule=\"", Escape(g.name), "\"><td><b>", Escape(g.name),
                    "</b></td><td class=\"num\">", g.signals, "</td>");
    for (size_t h = 0; h < horizons.size(); ++h) {
      const AbnormalStats& ab = g.horizons[h].abnormal;
      std::string cell;
      if (ab.t.n) {
        cell = FormatBp(ab.t.mean);
        if (std::isfinite(ab.t.t)) {
          absl::StrAppend(&cell, " (t ", t_text(ab.t.t), ", p ", p_text(ab.t.p), ")");
        }
      }
      absl::StrAppend(&out, SignedCell(cell, ab.t.mean));
    }
    absl::StrAppend(&out, "</tr>\n");
  }
  absl::StrAppend(&out, "</tbody></table>\n");
  EventStudy all_abnormal;
  const std::vector<Line> abnormal_lines = RuleLines(t.abnormal_studies(), &all_abnormal);
  absl::StrAppend(&out,
                  "<h3 id=\"abnormal-event-study\">Abnormal event study</h3>\n<p "
                  "class=\"note\">Mean cumulative abnormal return around entry, in bp, on "
                  "one-minute bars (each signal's own model); shaded: 95% band.</p>\n");
  if (abnormal_lines.empty()) {
    absl::StrAppend(&out, "<p>No directional signal had an entry tick.</p>\n");
  } else {
    absl::StrAppend(&out,
                    EventStudySvg(abnormal_lines, "abnormal-event-study-chart",
                                  "cumulative abnormal return, bp"),
                    Legend(abnormal_lines), "\n");
  }

  // The strategy that follows the signals, with costs.
  if (!r.strategies.empty()) {
    const StrategyResult& s = r.strategies.front();
    std::string cost = absl::StrCat("half the quoted spread where quotes are recorded (",
                                    s.quoted_sides, " of ", 2 * s.trades, " sides), else ",
                                    FormatNumber(r.costs.default_bp), " bp per side");
    for (const auto& [instrument, bp] : r.costs.per_instrument_bp) {
      absl::StrAppend(&cost, ", ", instrument, " ", FormatNumber(bp));
    }
    absl::StrAppend(
        &out,
        "<h2 id=\"strategy\">Strategy: following the signals</h2>\n<p class=\"note\">One unit "
        "of notional per directional signal with an entry, in its direction, from the entry to "
        "the <b>",
        Escape(s.horizon),
        "</b> horizon, or to the first tick after a retraction of the signal (it unwinds); cost ",
        Escape(cost),
        ", paid on entry and exit. Net mean return per horizon: the summary's mean less the "
        "round trip.</p>\n<div class=\"kpis\" id=\"strategy-figures\">",
        kpi(absl::StrCat(s.trades), "trades"),
        kpi(absl::StrCat(s.unwound), "unwound by a retraction"),
        kpi(FormatBp(s.gross), "gross, bp of one unit"),
        kpi(FormatBp(s.net), "net, bp of one unit"),
        kpi(FormatBp(s.max_drawdown), "max drawdown (net), bp"),
        kpi(absl::StrFormat("%.2f", s.turnover_per_day), "turnover, units per day"),
        kpi(s.trades
                ? FormatPercent(static_cast<double>(s.net_winners) / static_cast<double>(s.trades))
                : "",
            "net winners, %"),
        "</div>\n<table id=\"net-returns\"><thead><tr><th>horizon</th>",
        NumHeads({"gross mean bp", "net mean bp"}), "</tr></thead><tbody>\n");
    for (size_t h = 0; h < horizons.size(); ++h) {
      absl::StrAppend(&out, HorizonRowHead(horizons[h]),
                      SignedCell(FormatBp(o.horizons[h].signals.mean), o.horizons[h].signals.mean),
                      SignedCell(FormatBp(o.horizons[h].net_mean), o.horizons[h].net_mean,
                                 " data-stat=\"net_mean_bp\""),
                      "</tr>\n");
    }
    absl::StrAppend(&out, "</tbody></table>\n");
    if (s.curve.empty()) {
      absl::StrAppend(&out, "<p>No trade.</p>\n");
    } else {
      absl::StrAppend(
          &out, "<h3>Equity curve</h3>\n", EquitySvg(s),
          "<div class=\"legend-box\"><span class=\"key\"><svg width=\"26\" height=\"10\"><line "
          "x1=\"0\" x2=\"26\" y1=\"5\" y2=\"5\" stroke=\"#1b1f24\" stroke-width=\"2.4\"/></svg>net"
          "</span><span class=\"key\"><svg width=\"26\" height=\"10\"><line x1=\"0\" x2=\"26\" "
          "y1=\"5\" y2=\"5\" stroke=\"#8c959f\" stroke-width=\"1.6\" "
          "stroke-dasharray=\"6 4\"/></svg>gross</span></div>\n");
    }
  }

  // Signals, numbered for the charts by their place in the outcomes (1-based).
  const auto number = [&t](const SignalOutcome* s) { return s - t.outcomes().data() + 1; };
  std::vector<const SignalOutcome*> shown;
  for (const SignalOutcome& s : t.outcomes()) {
    if (shown.size() < kReportMaxSignalRows) shown.push_back(&s);
  }

  // Price paths.
  absl::StrAppend(&out, "<h2 id=\"prices\">Price paths</h2>\n");
  for (const PriceSeries& series : t.charts()) {
    std::vector<const SignalOutcome*> marks;
    for (const SignalOutcome& s : t.outcomes()) {
      if (s.pack == 0 && s.entered() && s.instrument == series.instrument &&
          DayOf(s.entry_ts) == series.day) {
        marks.push_back(&s);
      }
    }
    absl::StrAppend(&out, "<h3>", Escape(series.instrument), ", ", Day(series.day), "</h3>\n",
                    PriceSvg(series, marks, t.outcomes().data()), "\n");
  }
  if (t.charts().empty()) absl::StrAppend(&out, "<p>No signal had an entry tick.</p>\n");
  if (t.charts_left_out() > 0) {
    absl::StrAppend(&out, "<p class=\"note\">", t.charts_left_out(),
                    " more instrument-sessions with signals are not drawn.</p>\n");
  }

  // Signal table: the same digits as signals.csv.
  const std::vector<std::string> columns = SignalCsvColumns(horizons);
  absl::StrAppend(&out, "<h2>Signals and their headlines</h2>\n");
  if (shown.size() < t.outcomes().size()) {
    absl::StrAppend(&out, "<p class=\"note\">The first ", shown.size(), " of ", t.outcomes().size(),
                    " signals; signals.csv has them all.</p>\n");
  }
  absl::StrAppend(&out, "<div class=\"wide\"><table id=\"signals\"><thead><tr><th>#</th>");
  const std::vector<size_t> visible = [&] {
    std::vector<size_t> v;
    for (size_t c = 0; c < columns.size(); ++c) {
      if (columns[c] == "signal_id" || columns[c] == "first_headline_ts" ||
          columns[c] == "headline_ids" || columns[c] == "signal_ts" ||
          absl::StartsWith(columns[c], "net_") || (columns[c] == "pack" && r.packs.size() == 1)) {
        continue;
      }
      v.push_back(c);
    }
    return v;
  }();
  for (size_t c : visible) {
    std::string name = columns[c];
    if (name == "entry_ts") name = "entry (UTC)";
    const bool num = name != "rule" && name != "instrument" && name != "direction" &&
                     name != "pack" && name != "entry (UTC)";
    absl::StrAppend(&out, "<th", num ? " class=\"num\"" : "", ">", Escape(name), "</th>");
  }
  absl::StrAppend(&out, "</tr></thead><tbody>\n");
  for (const SignalOutcome* s : shown) {
    const std::vector<std::string> cells = SignalCsvCells(*s, horizons, r.costs);
    absl::StrAppend(&out, "<tr class=\"sig\" data-pack=\"", PackLabel(s->pack), "\" data-signal=\"",
                    Escape(s->signal_id), "\"><td>", number(s), "</td>");
    for (size_t c : visible) {
      const std::string& name = columns[c];
      std::string attrs = absl::StrCat(" data-col=\"", Escape(name), "\"");
      if (absl::EndsWith(name, "_bp")) {
        absl::StrAppend(
            &out,
            SignedCell(cells[c], cells[c].empty() ? std::nan("") : std::stod(cells[c]), attrs));
      } else if (name == "entry_ts") {
        absl::StrAppend(&out, "<td", attrs, ">", Escape(cells[c]), "</td>");
      } else {
        const bool num =
            name != "rule" && name != "instrument" && name != "direction" && name != "pack";
        absl::StrAppend(&out, "<td", num ? " class=\"num\"" : "", attrs, ">", Escape(cells[c]),
                        "</td>");
      }
    }
    absl::StrAppend(&out, "</tr>\n<tr class=\"hl\"><td></td><td colspan=\"", visible.size(),
                    "\"><ul class=\"headlines\">");
    for (const HeadlineEvidence& h : s->headlines) {
      absl::StrAppend(&out, "<li>", Escape(FormatTime(h.ts)), " <b>", Escape(h.source), "</b> ",
                      Escape(h.text));
      if (!h.phrases.empty()) {
        absl::StrAppend(&out, " <span class=\"na\">(matched:");
        for (const std::string& p : h.phrases)
          absl::StrAppend(&out, " &ldquo;", Escape(p), "&rdquo;");
        absl::StrAppend(&out, ")</span>");
      }
      absl::StrAppend(&out, "</li>");
    }
    if (s->headlines.empty()) absl::StrAppend(&out, "<li class=\"na\">no headline evidence</li>");
    absl::StrAppend(&out, "</ul></td></tr>\n");
  }
  absl::StrAppend(&out, "</tbody></table></div>\n");

  // A/B.
  if (r.comparison && r.packs.size() > 1) {
    const PackComparison& c = *r.comparison;
    const PackSummary& b = r.packs[1];
    absl::StrAppend(&out, "<h2 id=\"comparison\">A/B: <code>", Escape(r.pack_paths[0]),
                    "</code> (A) against <code>", Escape(r.pack_paths[1]), "</code> (B)</h2>\n",
                    "<p>", c.only_a.size(), " signals only in A, ", c.only_b.size(), " only in B, ",
                    c.changed.size(), " changed, ", c.unchanged, " unchanged. Verdict: <b>",
                    c.worse ? "A's hit rate is lower at some horizon" : "A is not worse",
                    "</b>.</p>\n<table id=\"hit-rate-change\"><thead><tr><th>horizon</th>",
                    NumHeads({"A hit rate %", "B hit rate %", "change, points", "A n", "B n",
                              "A mean bp", "B mean bp"}),
                    "</tr></thead><tbody>\n");
    for (size_t h = 0; h < horizons.size(); ++h) {
      const double d = c.hit_rate_change[h];
      const ReturnStats& sa = a.overall.horizons[h].signals;
      const ReturnStats& sb = b.overall.horizons[h].signals;
      absl::StrAppend(&out, "<tr><td>", Escape(horizons[h].name), "</td><td class=\"num\">",
                      FormatPercent(sa.hit_rate), "</td><td class=\"num\">",
                      FormatPercent(sb.hit_rate), "</td>",
                      SignedCell(std::isnan(d) ? "" : absl::StrFormat("%+.1f", d * 100), d),
                      "<td class=\"num\">", sa.n, "</td><td class=\"num\">", sb.n, "</td>",
                      SignedCell(FormatBp(sa.mean), sa.mean),
                      SignedCell(FormatBp(sb.mean), sb.mean), "</tr>\n");
    }
    absl::StrAppend(&out,
                    "</tbody></table>\n<table id=\"signal-changes\"><thead><tr><th>change"
                    "</th><th>rule</th><th>instrument</th><th>signal time (UTC)</th>"
                    "<th>what</th></tr></thead><tbody>\n");
    size_t rows = 0;
    auto row = [&](const char* kind, const SignalOutcome& s, const std::string& what) {
      if (++rows > kReportMaxSignalRows) return;  // summary.json lists them all
      absl::StrAppend(&out, "<tr><td>", kind, "</td><td>", Escape(s.rule), "</td><td>",
                      Escape(s.instrument), "</td><td>", Escape(FormatTime(s.signal_ts)),
                      "</td><td>", Escape(what), "</td></tr>\n");
    };
    for (const SignalOutcome* s : c.only_a) row("only in A", *s, "");
    for (const SignalOutcome* s : c.only_b) row("only in B", *s, "");
    for (const SignalChange& ch : c.changed) row("changed", *ch.a, ch.what);
    absl::StrAppend(&out, "</tbody></table>\n");
    if (rows > kReportMaxSignalRows) {
      absl::StrAppend(&out, "<p class=\"note\">The first ", kReportMaxSignalRows, " of ", rows,
                      " differences; summary.json lists them all.</p>\n");
    }
  }
  absl::StrAppend(&out,
                  "<p class=\"note\">Figures per signal: signals.csv; statistics: "
                  "summary.json. Written by <code>tripline evaluate</code>.</p>\n"
                  "</body></html>\n");
  return out;
}

}  // namespace tripline::evaluation
